"""livereload's rebuilds publish the site with the last search bundle and index it right after
(landhub_search/after_publish.py): once the bundle is brought up to date, the output is byte for
byte what a build that indexes before publishing makes. A stopped index: test_search_sync_in_place."""
from __future__ import annotations

from pathlib import Path

import pytest

from landhub_search import SearchAfterPublish, take_bundle
from landhub_spaces.build import build_site
from site_helpers import SETTINGS_FILE, build, kept_locale
from test_render_cache import OLD, CacheSite, tree


@pytest.fixture
def site(tmp_path, monkeypatch) -> CacheSite:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", OLD)
    return CacheSite(tmp_path / "site")


def bundle(output: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree(output).items() if k.startswith("pagefind/")}


def describe_space(site: CacheSite, words: str) -> None:
    path = site.spaces / "beta-hub.yaml"
    text = path.read_text(encoding="utf-8")
    assert "ved havet" in text
    path.write_text(text.replace("ved havet", words), encoding="utf-8")


def build_later(site: CacheSite, output: Path, search: SearchAfterPublish) -> None:
    with kept_locale():
        assert build_site(str(SETTINGS_FILE), str(output), site.overrides(), search_after=search) == 0


def test_the_index_made_after_publishing_is_the_one_made_before(site, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert build(out, site.overrides()) == 0
    first = bundle(out)
    assert first
    search = SearchAfterPublish()
    describe_space(site, "ved Fyrtårnet")
    build_later(site, out, search)
    assert "Fyrtårnet" in (out / "spaces" / "beta-hub" / "index.html").read_text(encoding="utf-8")
    assert (out / "pagefind" / "pagefind-entry.json").is_file()  # published with a bundle
    search.wait()
    assert search.last and "indexed" in search.last
    warm = tree(out)
    assert bundle(out) != first  # the new words are in the new index
    monkeypatch.setenv("LANDHUB_NO_CACHE", "1")
    assert build(tmp_path / "cold", site.overrides()) == 0
    assert warm == tree(tmp_path / "cold")
    assert [p.name for p in tmp_path.iterdir() if ".search-" in p.name] == []  # its work folder is gone


def test_the_first_build_without_a_bundle_indexes_before_publishing(site, tmp_path):
    out = tmp_path / "out"
    search = SearchAfterPublish()
    build_later(site, out, search)
    assert bundle(out) and search.last is None  # nothing left to do in the background


def test_take_bundle_renames_it_into_a_site_without_one(tmp_path):
    published, staged = tmp_path / "published", tmp_path / "staged"
    (published / "pagefind").mkdir(parents=True)
    (published / "pagefind" / "pagefind-entry.json").write_text("{}", encoding="utf-8")
    inode = (published / "pagefind").stat().st_ino
    staged.mkdir()
    assert take_bundle(published, staged, "pagefind/")
    assert (staged / "pagefind").stat().st_ino == inode and not (published / "pagefind").exists()
    assert not take_bundle(published, staged, "pagefind")  # none left to take
    (published / "assets" / "search").mkdir(parents=True)
    assert take_bundle(published, staged, "assets/search")  # below a folder the site lacks
    assert (staged / "assets" / "search").is_dir()
    (published / "pagefind").mkdir()
    assert not take_bundle(published, staged, "pagefind")  # never over one the site has
    assert (published / "pagefind").is_dir()
