"""The cheaper space page writes and reads (issue 7): a rendered page is written once and its
render cache entry is a hard link of it; a page kept from the spare output is replaced, never
written into; a parallel build's entry is left as it is; the fast attribute reads give the same
values as the plain ones."""
from __future__ import annotations

import os
from datetime import date

from landhub_spaces.model import Address, Location, Space
from landhub_spaces.pages import SpacePage, Strings
from landhub_spaces.render_cache import RenderCache, replace_file
from landhub_spaces.staging import reuse_folder


def test_a_new_page_is_written_once_and_its_entry_is_a_link_of_it(tmp_path):
    cache = RenderCache(tmp_path / "cache", "setup")
    folder = tmp_path / "out" / "spaces" / "a"
    folder.mkdir(parents=True)
    target = folder / "index.html"
    cache.write("k1", "<p>æ\n</p>", target, fresh=True)
    entry = cache.folder / "k1.html"
    assert target.read_bytes() == entry.read_bytes() == "<p>æ\n</p>".encode()
    assert os.stat(target).st_ino == os.stat(entry).st_ino
    assert "k1" in cache.used
    assert cache.listing() == {"k1": os.stat(entry).st_ino}
    assert [p.name for p in cache.folder.iterdir()] == ["k1.html"]  # no temporary file left


def test_a_kept_page_linked_to_another_entry_is_replaced_not_written_into(tmp_path):
    cache = RenderCache(tmp_path / "cache", "setup")
    target = tmp_path / "index.html"
    cache.write("old", "old page", target)
    cache.write("new", "new page", target)  # target was the entry "old" itself
    assert (cache.folder / "old.html").read_text() == "old page"
    assert target.read_text() == (cache.folder / "new.html").read_text() == "new page"
    assert os.stat(target).st_ino == os.stat(cache.folder / "new.html").st_ino


def test_an_entry_a_parallel_build_made_is_left_as_it_is(tmp_path):
    cache = RenderCache(tmp_path / "cache", "setup")
    (cache.folder / "k.html").write_text("page")
    before = os.stat(cache.folder / "k.html").st_ino
    cache.write("k", "page", tmp_path / "index.html")
    assert os.stat(cache.folder / "k.html").st_ino == before
    assert (tmp_path / "index.html").read_text() == "page"
    assert "k" in cache.used


def test_replace_file_writes_what_open_writes(tmp_path):
    for newline in (None, "", "\n", "\r\n"):
        text = "a\nb\r\nc æ"
        replace_file(tmp_path / "new", text, newline)
        with open(tmp_path / "old", "w", encoding="utf-8", newline=newline) as stream:
            stream.write(text)
        assert (tmp_path / "new").read_bytes() == (tmp_path / "old").read_bytes()
        assert os.stat(tmp_path / "new").st_mode == os.stat(tmp_path / "old").st_mode


def test_reuse_folder_without_a_spare_keeps_nothing(tmp_path):
    assert reuse_folder(tmp_path, {"spaces/a/index.html"}) == {}


def test_strings_read_as_attributes_are_the_dicts_values():
    plain = {"address": "Adresse", "months": ["januar"], "items": "ting"}
    strings = Strings(plain)
    assert strings == plain and isinstance(strings, dict)
    assert strings.address == "Adresse" and strings.months == ["januar"]
    assert callable(strings.items) and dict(strings.items()) == plain  # a key named like a dict method: the dict's
    assert strings["items"] == "ting"


def test_a_space_pages_fields_are_its_spaces():
    space = Space(slug="s", source="spaces/s.yaml", name="N", status="open",
                  address=Address("Vej 1", "7700", "Thisted", "Thisted", "Region Nordjylland",
                                  "region-nordjylland"),
                  location=Location(56.9, 8.7, "address"), description_da="d", description_en=None,
                  last_verified=date(2026, 1, 1), desks=4)
    page = SpacePage(space, "spaces/s/", "spaces/s/index.html", "https://e/s", False)
    for name in space.__dataclass_fields__:
        assert getattr(page, name) == getattr(space, name)
    assert page.url == "spaces/s/" and page.price("day_pass") is None  # own fields, methods


def test_relink_replaces_a_kept_page_by_its_entry_and_leaves_the_other_entry(tmp_path):
    cache = RenderCache(tmp_path / "cache", "setup")
    target = tmp_path / "index.html"
    cache.write("old", "old page", target)  # the kept page: a link to the entry "old"
    cache.store("new", "new page")
    assert cache.relink("new", target)
    assert os.stat(target).st_ino == os.stat(cache.folder / "new.html").st_ino
    assert (cache.folder / "old.html").read_text() == "old page"
    assert not cache.relink("gone", target)  # no such entry (pruned by a parallel build): render
