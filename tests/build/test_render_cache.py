"""Space pages rendered outside Pelican's Writer, on every core and through the render cache:
the same bytes as Pelican's own Writer.write_file, the same site from one core or two, and a
warm build that is byte-identical to a cold one after any kind of input changed."""
from __future__ import annotations

import shutil
from io import BytesIO
from pathlib import Path

import pytest
from jinja2.exceptions import UndefinedError
from PIL import Image
from pelican import signals
from pelican.writers import Writer

from landhub_spaces import render_pool
from landhub_spaces.generator import SpacesGenerator, page_links
from landhub_spaces.render_cache import FOLDER
from site_helpers import (PUBLISH_SETTINGS_FILE, ROOT, SETTINGS_FILE, SyntheticSite, build, good_space_text,
                          settings)

NAMES = ("Alfa Hub", "Beta Hub", "Gamma Hub", "Delta Hub")
PHOTOS = "photos:\n  - file: desk.jpg\n    alt: Skriveborde ved vinduet\n    credit: Anna Jensen"
STORY = """Title: {title}
Date: 2026-10-01
Spaces: alfa-hub
Summary: Et kort resumé.

Et besøg i Alfa Hub.
"""
PRIVACY_PAGE = "Title: Privatliv\nSlug: privatliv\n\nIngen cookies.\n"
OLD, LATER = "1790000000", "1810000000"  # reference dates: 2026-09-21, 2027-05-11 (a year stale)


def jpeg(colour) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (800, 600), colour).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


class CacheSite(SyntheticSite):
    """Four spaces (one with a photo), a story naming one, and a theme of its own to edit."""

    def __init__(self, root: Path):
        super().__init__(root)
        for name in NAMES:
            extra = {"photos": PHOTOS} if name == "Delta Hub" else {}
            self.write_space(f"{name.lower().replace(' ', '-')}.yaml", good_space_text(name, **extra))
        photo = self.content / "images" / "spaces" / "delta-hub" / "desk.jpg"
        photo.parent.mkdir(parents=True)
        photo.write_bytes(jpeg((40, 90, 160)))
        self.write_story("besoeg.md", STORY.format(title="Et besøg"))
        self.theme = root / "theme"
        shutil.copytree(ROOT / "theme", self.theme)
        self.extra: dict = {}

    def overrides(self) -> dict:
        return {**super().overrides(), "THEME": str(self.theme), **self.extra}

    def build_into(self, output: Path, cache: bool, monkeypatch,
                   settings_file: Path = SETTINGS_FILE) -> dict[str, bytes]:
        if cache:
            monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
        else:
            monkeypatch.setenv("LANDHUB_NO_CACHE", "1")
        assert build(output, self.overrides(), settings_file) == 0
        return tree(output)


def tree(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes()
            for p in sorted(output.rglob("*")) if p.is_file()}


def space_inodes(output: Path) -> dict[str, int]:
    return {p.parent.name: p.stat().st_ino for p in (output / "spaces").glob("*/index.html")}


def place_pages(output: Path) -> list[Path]:
    """The directory, region and municipality pages and the sitemap: also kept in the cache
    (place_pages.py, sitemap.py)."""
    return [output / "spaces" / "index.html", *output.glob("regions/*/index.html"),
            *output.glob("municipalities/*/index.html"), output / "sitemap.xml"]


def export_inodes(output: Path) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in output.glob("spaces.*")}


@pytest.fixture
def site(tmp_path, monkeypatch) -> CacheSite:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", OLD)
    return CacheSite(tmp_path / "site")


def test_warm_build_equals_cold_whatever_changed(site, tmp_path, monkeypatch):
    warm_out, cold_out = tmp_path / "warm", tmp_path / "cold"
    first = site.build_into(warm_out, True, monkeypatch)
    assert first == site.build_into(cold_out, False, monkeypatch)
    modes = lambda out: {p.relative_to(out): p.stat().st_mode for p in out.rglob("*")}  # noqa: E731
    assert modes(warm_out) == modes(cold_out)  # a linked cache entry is made as the Writer's files
    before = space_inodes(warm_out)
    exported = export_inodes(warm_out)
    entries = site.root / ".cache" / FOLDER
    assert len(list(entries.glob("*.html"))) == len(NAMES) + len(exported) + len(place_pages(warm_out))

    # Nothing changed: every space page and export is the cached file itself, nothing made again.
    assert site.build_into(warm_out, True, monkeypatch) == first
    assert space_inodes(warm_out) == before
    assert export_inodes(warm_out) == exported

    def change_space():
        path = site.spaces / "beta-hub.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("ved havet", "ved fjorden"),
                        encoding="utf-8")

    def change_template():
        path = site.theme / "templates" / "space.html"
        path.write_text(path.read_text(encoding="utf-8").replace(
            '<h2 id="h-map">', '<h2 class="changed" id="h-map">'), encoding="utf-8")

    def change_strings():
        strings = dict(settings()["JINJA_GLOBALS"]["T"], facts="Fakta om stedet", map_of_space="Kortet")
        site.extra["JINJA_GLOBALS"] = {"T": strings}

    def change_story():
        site.write_story("besoeg.md", STORY.format(title="Et nyt besøg"))

    def change_photo():
        (site.content / "images" / "spaces" / "delta-hub" / "desk.jpg").write_bytes(jpeg((200, 60, 40)))

    def change_reference_date():
        monkeypatch.setenv("SOURCE_DATE_EPOCH", LATER)

    def change_setting():
        site.extra["LANDHUB_REPO_URL"] = "https://example.org/another/repository"

    def change_page_links():
        (site.content / "pages" / "privatliv.md").write_text(PRIVACY_PAGE, encoding="utf-8")

    # (change, the space pages it must change: None for all of them)
    for change, changed in ((change_space, {"beta-hub"}), (change_template, None),
                            (change_strings, None), (change_story, {"alfa-hub"}),
                            (change_photo, {"delta-hub"}), (change_reference_date, None),
                            (change_setting, None), (change_page_links, None)):
        previous = tree(warm_out)
        inodes = space_inodes(warm_out)
        change()
        warm = site.build_into(warm_out, True, monkeypatch)
        assert warm == site.build_into(cold_out, False, monkeypatch), change.__name__
        differs = {path.split("/")[1] for path in warm
                   if path.startswith("spaces/") and path.endswith("/index.html")
                   and path.count("/") == 2 and warm[path] != previous.get(path)}
        expected = changed if changed is not None else {n.lower().replace(" ", "-") for n in NAMES}
        assert differs == expected, change.__name__
        # the pages whose inputs did not change came from the cache, untouched
        reused = {slug for slug, inode in space_inodes(warm_out).items() if inodes.get(slug) == inode}
        assert reused == set(inodes) - expected, change.__name__
    # The cache holds this build's pages and exports only.
    assert len(list(entries.iterdir())) == len(NAMES) + len(exported) + len(place_pages(warm_out))


def test_no_cache_setting_renders_everything(site, tmp_path, monkeypatch):
    out = tmp_path / "out"
    site.build_into(out, False, monkeypatch)
    assert not (site.root / ".cache" / FOLDER).exists()
    assert all(p.stat().st_nlink == 1 for p in (out / "spaces").glob("*/index.html"))


def test_two_cores_build_what_one_core_builds(site, tmp_path, monkeypatch):
    monkeypatch.setattr(render_pool, "cores", lambda: 1)
    one = site.build_into(tmp_path / "one", False, monkeypatch)
    # Every page a job of its own, in workers, however few there are.
    monkeypatch.setattr(render_pool, "cores", lambda: 2)
    monkeypatch.setattr(render_pool, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render_pool, "CHUNK", 1)
    assert site.build_into(tmp_path / "two", False, monkeypatch) == one
    shutil.rmtree(site.root / ".cache", ignore_errors=True)
    assert site.build_into(tmp_path / "two-cached", True, monkeypatch) == one


def test_a_failing_page_in_a_worker_stops_the_build_as_on_one_core(site, tmp_path, monkeypatch):
    path = site.theme / "templates" / "space.html"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}{{ space.no_such_field.x }}", 1), encoding="utf-8")
    monkeypatch.setattr(render_pool, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render_pool, "CHUNK", 1)
    monkeypatch.setenv("LANDHUB_NO_CACHE", "1")
    with pytest.raises(UndefinedError, match="no_such_field"):
        build(tmp_path / "out", site.overrides())
    assert not (tmp_path / "out").exists()  # staged: nothing half-built was published


@pytest.mark.parametrize("settings_file", [SETTINGS_FILE, PUBLISH_SETTINGS_FILE], ids=["dev", "publish"])
def test_space_pages_are_what_pelicans_writer_writes(site, tmp_path, monkeypatch, settings_file):
    """Three pages written again by Pelican's own Writer.write_file from the finished build's
    generator and context, the way generator.py wrote them before: the same bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATER)  # with the stale note
    (site.content / "pages" / "privatliv.md").write_text(PRIVACY_PAGE, encoding="utf-8")
    captured = {}

    def keep(generators):
        captured["spaces"] = next(g for g in generators if isinstance(g, SpacesGenerator))

    def rewrite(pelican):
        generator = captured["spaces"]
        writer = Writer(str(tmp_path / "by-writer"), settings=pelican.settings)
        ctx = dict(generator.context, LANDHUB_PAGE_LINKS=page_links(generator.context.get("pages", [])))
        captured["chrome"] = generator.space_chrome(ctx)
        for page in generator.space_pages:
            if page.slug in ("alfa-hub", "beta-hub", "delta-hub"):
                writer.write_file(page.save_as, generator.get_template("space"), ctx,
                                  space=page, page_name=page.save_as, url=page.url)

    signals.all_generators_finalized.connect(keep)
    signals.finalized.connect(rewrite)
    try:
        built = site.build_into(tmp_path / "out", True, monkeypatch, settings_file)
    finally:
        signals.all_generators_finalized.disconnect(keep)
        signals.finalized.disconnect(rewrite)
    assert captured["chrome"] is not None  # the build used the header and footer made once
    by_writer = tree(tmp_path / "by-writer")
    assert set(by_writer) == {f"spaces/{slug}/index.html" for slug in ("alfa-hub", "beta-hub", "delta-hub")}
    for path, content in by_writer.items():
        assert built[path] == content, path
    assert b"besoeg" in by_writer["spaces/alfa-hub/index.html"]  # the story's link
    assert b"stale-note" in by_writer["spaces/beta-hub/index.html"]
    assert b"<picture" in by_writer["spaces/delta-hub/index.html"]



def test_header_made_per_page_when_a_setting_could_tell_space_pages_apart(site, tmp_path, monkeypatch):
    """A *_SAVE_AS whose fixed part is longer than the space pages' and matches one of them:
    the header and footer are rendered on every page again, with the same HTML as ever."""
    captured = {}

    def keep(generators):
        captured["spaces"] = next(g for g in generators if isinstance(g, SpacesGenerator))

    signals.all_generators_finalized.connect(keep)
    try:
        usual = site.build_into(tmp_path / "usual", False, monkeypatch)
        site.extra["LANDHUB_TEST_SAVE_AS"] = "spaces/alfa{slug}.html"
        other = site.build_into(tmp_path / "other", False, monkeypatch)
    finally:
        signals.all_generators_finalized.disconnect(keep)
    generator = captured["spaces"]
    assert generator.space_chrome(dict(generator.context)) is None
    assert other == usual
