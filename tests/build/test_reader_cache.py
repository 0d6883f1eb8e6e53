"""Pelican's reader cache for stories and pages (reader_cache.py): used by a warm build, never
stale. A warm build writes the bytes a build without caches writes, after a story's edit (even
in the same clock tick), a change of the Markdown settings, or a damaged cache file."""
from __future__ import annotations

import os
import pickle

import pytest

from landhub_spaces.reader_cache import FOLDER
from site_helpers import settings
from test_render_cache import OLD, STORY, CacheSite, tree

STORY_FILE = "stories/besoeg.md"


@pytest.fixture
def site(tmp_path, monkeypatch) -> CacheSite:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", OLD)
    return CacheSite(tmp_path / "site")


def cache_folders(site: CacheSite) -> list:
    return sorted((site.root / ".cache" / FOLDER).iterdir())


def story_page(output) -> str:
    return next(p for p in output.rglob("index.html") if "Et besøg i Alfa Hub" in p.read_text("utf-8")
                or "MARKER" in p.read_text("utf-8")).read_text("utf-8")


def test_a_warm_build_takes_the_story_from_the_cache(site, tmp_path, monkeypatch):
    warm = tmp_path / "warm"
    assert site.build_into(warm, True, monkeypatch) == site.build_into(tmp_path / "cold", False, monkeypatch)
    [folder] = cache_folders(site)
    assert sorted(p.name for p in folder.iterdir()) == ["ArticlesGenerator-Readers", "PagesGenerator-Readers"]
    # Shown by planting a different reading of the unchanged story: the next build uses it.
    articles = folder / "ArticlesGenerator-Readers"
    stored = pickle.loads(articles.read_bytes())
    [path] = [p for p in stored if p.endswith(STORY_FILE)]
    stamp, (content, metadata) = stored[path]
    stored[path] = stamp, (content.replace("Et besøg i Alfa Hub.", "MARKER from the cache"), metadata)
    articles.write_bytes(pickle.dumps(stored))
    assert "MARKER from the cache" in story_page(site.build_into(warm, True, monkeypatch) and warm)


def test_an_edit_in_the_same_clock_tick_is_read(site, tmp_path, monkeypatch):
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    site.build_into(warm, True, monkeypatch)
    story = site.content / STORY_FILE
    before = story.stat()
    story.write_text(STORY.format(title="Et besøg").replace("Et besøg i", "Et langt besøg i"), encoding="utf-8")
    os.utime(story, ns=(before.st_atime_ns, before.st_mtime_ns))  # as if in the same tick
    built = site.build_into(warm, True, monkeypatch)
    assert built == site.build_into(cold, False, monkeypatch)
    assert any("Et langt besøg i Alfa Hub" in data.decode("utf-8", "replace") for data in built.values())


def test_other_markdown_settings_are_a_new_cache(site, tmp_path, monkeypatch):
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    first = site.build_into(warm, True, monkeypatch)
    [old_folder] = cache_folders(site)
    site.write_story("besoeg.md", STORY.format(title="Et besøg") + "\n## Om stedet\n\nTekst.\n")
    site.build_into(warm, True, monkeypatch)
    markdown = settings()["MARKDOWN"]
    site.extra["MARKDOWN"] = {**markdown, "extension_configs": {
        **markdown["extension_configs"], "markdown.extensions.toc": {"permalink": True}}}
    built = site.build_into(warm, True, monkeypatch)
    assert built == site.build_into(cold, False, monkeypatch)
    assert 'class="headerlink"' in story_page(warm)  # the new setting shows: read again
    assert built != first
    [new_folder] = cache_folders(site)  # the old one removed
    assert new_folder != old_folder


def test_a_damaged_cache_file_is_read_again(site, tmp_path, monkeypatch):
    warm = tmp_path / "warm"
    cold = site.build_into(tmp_path / "cold", False, monkeypatch)
    site.build_into(warm, True, monkeypatch)
    [folder] = cache_folders(site)
    for cached in folder.iterdir():
        cached.write_bytes(cached.read_bytes()[:40])  # a build killed while Pelican wrote it
    assert site.build_into(warm, True, monkeypatch) == cold
    stored = {cached.name: pickle.loads(cached.read_bytes()) for cached in folder.iterdir()}  # written whole
    assert any(path.endswith(STORY_FILE) for path in stored["ArticlesGenerator-Readers"])


def test_no_cache_means_no_reader_cache(site, tmp_path, monkeypatch):
    site.build_into(tmp_path / "cold", False, monkeypatch)
    assert not (site.root / ".cache" / FOLDER).exists()


def test_each_build_reads_and_writes_a_private_copy(site, tmp_path, monkeypatch):
    """Pelican writes its cache files in place: a build must never read one another build is
    writing. So the shared files are only ever replaced by a rename, and each build works on
    a copy in a folder of its own, which a killed build leaves for a later one to remove."""
    warm = tmp_path / "warm"
    site.build_into(warm, True, monkeypatch)
    [folder] = cache_folders(site)
    assert sorted(p.name for p in folder.iterdir()) == ["ArticlesGenerator-Readers", "PagesGenerator-Readers"]
    inode = (folder / "ArticlesGenerator-Readers").stat().st_ino
    killed = folder / ".build-999999999-abc"  # no such process
    killed.mkdir()
    (killed / "ArticlesGenerator-Readers").write_bytes(b"half")
    running = folder / f".build-{os.getpid()}-abc"  # a build still running (this process)
    running.mkdir()
    site.build_into(warm, True, monkeypatch)
    assert not killed.exists() and running.is_dir()
    assert (folder / "ArticlesGenerator-Readers").stat().st_ino != inode  # replaced, not written into
    assert sorted(p.name for p in folder.iterdir()) == [running.name, "ArticlesGenerator-Readers",
                                                        "PagesGenerator-Readers"]
