"""The directory, A–Å, region and municipality pages and the sitemap through the render cache
(place_pages.py, sitemap.py): after each kind of change to the spaces, a warm build equals a
cold one byte for byte, and the pages rendered again are exactly those whose bytes changed (the
others are the cached files themselves, same inode). Run with pages of 3 spaces (the A–Å list,
a municipality in two pages, a region too big to list its spaces) and with one page (the
grouped directory). The sitemap is the one Pelican wrote as a direct template, byte for byte."""
from __future__ import annotations

from pathlib import Path

import pytest

from site_helpers import SyntheticSite, build, good_space_text, slugify

LIST_PREFIXES = ("spaces/index.html", "a-z/", "regions/", "municipalities/")
SITEMAP = "sitemap.xml"
# (name, town, municipality): Thisted and Aalborg are in Nordjylland, Aarhus in Midtjylland.
SPACES = (("Alfa Kontor", "Klitmøller", "Thisted"), ("Bravo Kontor", "Hanstholm", "Thisted"),
          ("Charlie Kontor", "Thisted", "Thisted"), ("Delta Kontor", "Vorupør", "Thisted"),
          ("Echo Kontor", "Aalborg", "Aalborg"), ("Foxtrot Kontor", "Nørresundby", "Aalborg"),
          ("Golf Kontor", "Aarhus", "Aarhus"))


def address(town: str, municipality: str) -> str:
    return f'address:\n  street: Vejen 1\n  postcode: "7700"\n  town: {town}\n  municipality: {municipality}'


class ListSite(SyntheticSite):
    def __init__(self, root: Path, page_size: int):
        super().__init__(root)
        self.page_size = page_size
        for name, town, municipality in SPACES:
            self.put(name, town, municipality)

    def put(self, name: str, town: str, municipality: str, **extra: str) -> None:
        """The space file of `name` (its file name made from the name, whatever its case)."""
        self.write_space(f"{slugify(name)}.yaml", good_space_text(name, address=address(town, municipality), **extra))

    def rename(self, old: str, new: str, town: str, municipality: str) -> None:
        (self.spaces / f"{slugify(old)}.yaml").unlink()
        self.put(new, town, municipality)

    def build_into(self, output: Path, cache: bool, monkeypatch) -> dict[str, bytes]:
        if cache:
            monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
        else:
            monkeypatch.setenv("LANDHUB_NO_CACHE", "1")
        assert build(output, {**self.overrides(), "DIRECTORY_PAGE_SIZE": self.page_size}) == 0
        return files(output)


def files(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def list_inodes(output: Path) -> dict[str, int]:
    """The list pages and the sitemap, by path: a page taken from the cache keeps its inode."""
    found = {p.relative_to(output).as_posix(): p.stat().st_ino for p in output.rglob("index.html")
             if p.relative_to(output).as_posix().startswith(LIST_PREFIXES)}
    return {**found, SITEMAP: (output / SITEMAP).stat().st_ino}


@pytest.mark.parametrize("page_size", [3, 100], ids=["paged", "grouped"])
def test_list_pages_rendered_again_exactly_when_what_they_show_changed(tmp_path, monkeypatch, page_size):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    site = ListSite(tmp_path / "site", page_size)
    warm_out, cold_out = tmp_path / "warm", tmp_path / "cold"
    first = site.build_into(warm_out, True, monkeypatch)
    assert first == site.build_into(cold_out, False, monkeypatch)
    pages = set(list_inodes(warm_out))
    if page_size == 3:
        assert {"a-z/2/index.html", "a-z/3/index.html", "municipalities/thisted/2/index.html"} <= pages
    # Nothing changed: every list page is its cache entry, untouched.
    before = list_inodes(warm_out)
    assert site.build_into(warm_out, True, monkeypatch) == first
    assert list_inodes(warm_out) == before

    # (change, pages that must change among others, or None: no list page may change)
    changes = (
        ("desks only", lambda: site.put("Bravo Kontor", "Hanstholm", "Thisted", desks="desks: 12"), None),
        ("name", lambda: site.put("Bravo KONTOR", "Hanstholm", "Thisted"),
         {"municipalities/thisted/index.html"}),
        ("town", lambda: site.put("Charlie Kontor", "Nors", "Thisted"),
         {"municipalities/thisted/index.html"}),
        ("status", lambda: site.put("Delta Kontor", "Vorupør", "Thisted", status="status: closed"),
         {"municipalities/thisted/index.html" if page_size > 3 else "municipalities/thisted/2/index.html"}),
        ("municipality", lambda: site.put("Echo Kontor", "Aalborg", "Thisted"),
         {"municipalities/aalborg/index.html", "regions/region-nordjylland/index.html"}),
        ("region", lambda: site.put("Foxtrot Kontor", "Aarhus", "Aarhus"),
         {"municipalities/aarhus/index.html", "regions/region-midtjylland/index.html",
          "regions/region-nordjylland/index.html", "spaces/index.html"}),
        ("added", lambda: site.put("Hotel Kontor", "Odder", "Odder"),
         {"municipalities/odder/index.html", "regions/region-midtjylland/index.html", "spaces/index.html",
          SITEMAP}),
        ("removed", lambda: (site.spaces / "alfa-kontor.yaml").unlink(),
         {"spaces/index.html", "municipalities/thisted/index.html", SITEMAP}),
        ("last verified", lambda: site.put("Charlie Kontor", "Nors", "Thisted",
                                           last_verified="last_verified: 2026-03-01"), {SITEMAP}),
        ("renamed to the front", lambda: site.rename("Golf Kontor", "Ab Kontor", "Aarhus", "Aarhus"),
         {"spaces/index.html", "municipalities/aarhus/index.html"}),
    )
    previous = first
    for label, change, must in changes:
        inodes = list_inodes(warm_out)
        change()
        warm = site.build_into(warm_out, True, monkeypatch)
        assert warm == site.build_into(cold_out, False, monkeypatch), label
        after = list_inodes(warm_out)
        differs = {path for path in after if warm[path] != previous.get(path)}
        rendered = {path for path, inode in after.items() if inodes.get(path) != inode}
        assert rendered == differs, label  # not one page too many, none stale
        if must is None:
            assert not differs, label
        else:
            assert must <= differs, (label, differs)
        previous = warm
    if page_size == 3:  # the A–Å list's page count went up and down on the way
        assert "a-z/3/index.html" in list_inodes(warm_out)


@pytest.mark.parametrize("page_size", [None, 3], ids=["project", "paged"])
def test_sitemap_is_the_one_pelican_wrote_as_a_direct_template(tmp_path, monkeypatch, page_size):
    """The same build with "sitemap" back in DIRECT_TEMPLATES (Pelican's Writer writes it, the
    plugin leaves it alone): the same site, byte for byte. The project has stories and pages."""
    from site_helpers import settings

    overrides = {} if page_size is None else {**ListSite(tmp_path / "site", page_size).overrides(),
                                                  "DIRECTORY_PAGE_SIZE": page_size}
    direct = [*settings()["DIRECT_TEMPLATES"], "sitemap"]
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    assert build(tmp_path / "plugin", overrides) == 0
    assert build(tmp_path / "pelican", {**overrides, "DIRECT_TEMPLATES": direct}) == 0
    plugin, pelican = files(tmp_path / "plugin"), files(tmp_path / "pelican")
    assert plugin[SITEMAP].count(b"<url>") > 7
    assert plugin[SITEMAP] == pelican[SITEMAP]
    assert plugin == pelican  # and the rest of the site is the same too
