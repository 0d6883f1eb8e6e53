"""RenderCache.prune from the build's one listing (render_cache.py, issue 7): what the build did
not use is removed, and temporary files a killed build left, without listing 10,000 entries
again; an entry made after the listing is this build's or a parallel build's, never removed."""
from __future__ import annotations

from landhub_spaces.render_cache import RenderCache


def test_prune_removes_the_unused_entries_and_leftovers_as_listed(tmp_path):
    cache = RenderCache(tmp_path, "setup")
    for key in ("used", "unused", "stored-later"):
        (cache.folder / f"{key}.html").write_text(key)
    (cache.folder / "old.html.4242.tmp").write_text("a killed build's partial page")
    (cache.folder / "stored-later.html").unlink()
    assert set(cache.entries()) == {"used", "unused"}  # the build's one listing
    cache.used.add("used")
    cache.store("mine", "<p>rendered in this build</p>")
    (cache.folder / "parallel.html").write_text("a parallel build's new entry")
    cache.prune()
    assert sorted(p.name for p in cache.folder.iterdir()) == ["mine.html", "parallel.html", "used.html"]


def test_prune_without_pages_lists_once(tmp_path):
    cache = RenderCache(tmp_path, "setup")
    (cache.folder / "a.html").write_text("a")
    (cache.folder / "b.html.1.tmp").write_text("b")
    cache.prune()
    assert list(cache.folder.iterdir()) == []
