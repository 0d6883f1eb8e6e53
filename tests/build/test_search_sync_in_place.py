"""`make serve`'s background index brings the published search bundle up to date in place
(landhub_search after_publish.py + bundle_sync.py): the same bytes as a fresh index_site of the
same output, unchanged files kept (same inodes), and a sync stopped at any step leaves a bundle
whose entry leads only to files that are there."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from landhub_search import SearchAfterPublish, index_site
from landhub_search.bundle_sync import MEMORY_FOLDER, PREFIX, sync_bundle
from search_bundle_helpers import StopAfter, missing_files, named_files, sync_stopped_after
from site_helpers import build
from test_render_cache import OLD, CacheSite, tree
from test_search_after_publish import build_later, bundle, describe_space


@pytest.fixture
def site(tmp_path, monkeypatch) -> CacheSite:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", OLD)
    return CacheSite(tmp_path / "site")


def inodes(output: Path) -> dict[str, int]:
    return {p.relative_to(output).as_posix(): p.stat().st_ino
            for p in (output / "pagefind").rglob("*") if p.is_file()}


def test_serve_rebuilds_sync_the_published_bundle_in_place(site, tmp_path):
    out = tmp_path / "out"
    assert build(out, site.overrides()) == 0
    search = SearchAfterPublish()
    beta = site.spaces / "beta-hub.yaml"
    # Two rebuilds: the second's replaced output (the spare) has no bundle left to give.
    for was, words in (("ved havet", "ved Fyrtårnet"), ("ved Fyrtårnet", "ved Lystbådehavnen")):
        first, first_inodes = bundle(out), inodes(out)
        beta.write_text(beta.read_text(encoding="utf-8").replace(was, words), encoding="utf-8")
        build_later(site, out, search)
        search.wait()
        assert search.last and "indexed" in search.last
        now, now_inodes = bundle(out), inodes(out)

        # Byte for byte what index_site makes of the same output, from nothing.
        fresh = tmp_path / f"fresh-{words}"
        shutil.copytree(out, fresh, ignore=lambda folder, names: ["pagefind"] if Path(folder) == out else [])
        index_site(fresh, "pagefind/")
        assert now == bundle(fresh)
        assert now != first

        # Only what changed was written: every file with the same bytes is the same inode.
        same = [name for name, data in now.items() if first.get(name) == data]
        assert len(same) > len(now) // 2
        assert {name: now_inodes[name] for name in same} == {name: first_inodes[name] for name in same}
        written = [name for name in now if name not in same]
        assert "pagefind/pagefind-entry.json" in written
        assert any(name.startswith("pagefind/fragment/") for name in written), "the changed page's fragment"
        assert any(name.startswith("pagefind/fragment/") for name in first if name not in now), "its old one gone"
    # No scratch folder left, on disk or in memory.
    assert not [p.name for p in tmp_path.iterdir() if ".search-" in p.name]
    if MEMORY_FOLDER.is_dir():
        assert not [n for n in os.listdir(MEMORY_FOLDER) if n.startswith(f"{PREFIX}{os.getpid()}-")]


def test_a_sync_stopped_at_any_step_leaves_a_whole_bundle(site, tmp_path):
    out = tmp_path / "out"
    assert build(out, site.overrides()) == 0
    old = tmp_path / "old"
    shutil.copytree(out / "pagefind", old)
    describe_space(site, "ved Fyrtårnet")
    assert build(out, site.overrides()) == 0
    fresh = out / "pagefind"
    old_entry = (old / "pagefind-entry.json").read_bytes()
    new_entry = (fresh / "pagefind-entry.json").read_bytes()
    assert old_entry != new_entry

    counter = StopAfter()  # never stops: counts the steps
    shutil.copytree(old, tmp_path / "counted")
    sync_bundle(fresh, tmp_path / "counted", stopped=counter)
    steps = counter.calls
    assert steps >= 4, "new files, the entry and stale files: a sync of several steps"

    target = tmp_path / "target"
    entries = []
    for step in range(steps + 1):
        stopped = sync_stopped_after(old, fresh, target, step)
        assert stopped == (step < steps)
        assert missing_files(target) == [], f"stopped after {step} of {steps} steps"
        entry = (target / "pagefind-entry.json").read_bytes()
        assert entry in (old_entry, new_entry)
        # Every file the entry leads to holds the bytes of the bundle that entry belongs to.
        whose = old if entry == old_entry else fresh
        assert all((target / name).read_bytes() == (whose / name).read_bytes() for name in named_files(target))
        entries.append(entry == new_entry)
    # The entry changes once, and is not the last step: the stale files go after it.
    assert entries == sorted(entries) and entries[-1] and not entries[0]
    assert entries.index(True) < steps
    assert tree(target) == tree(fresh)


def test_a_stopped_background_index_leaves_a_whole_bundle_the_next_one_finishes(site, tmp_path):
    out = tmp_path / "out"
    assert build(out, site.overrides()) == 0
    search = SearchAfterPublish()
    describe_space(site, "ved Fyrtårnet")
    build_later(site, out, search)
    search.stop()  # as the next build does first: wherever the index or sync was
    assert missing_files(out / "pagefind") == []
    search.start(out, "pagefind")
    search.wait()
    assert missing_files(out / "pagefind") == []
    fresh = tmp_path / "fresh"
    shutil.copytree(out, fresh, ignore=lambda folder, names: ["pagefind"] if Path(folder) == out else [])
    index_site(fresh, "pagefind/")
    assert bundle(out) == bundle(fresh)
    assert json.loads((out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
