"""bundle_sync: an older search bundle brought up to date from Pagefind's fresh one, writing only
what differs (the rest keeps its inode), never writing through an old file, and removing what
Pagefind no longer writes."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from landhub_search.bundle_sync import SyncStopped, scratch_folder, sync_bundle


def files(folder: Path) -> dict[str, bytes | None]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def write(folder: Path, tree: dict[str, bytes]) -> None:
    for name, data in tree.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_only_what_differs_is_written(tmp_path):
    fresh, target, elsewhere = tmp_path / "fresh", tmp_path / "target", tmp_path / "elsewhere"
    write(fresh, {"entry.json": b"new entry", "ui.js": b"same code", "fragment/a.pf": b"page a",
                  "fragment/c.pf": b"page c", "index/x.pf": b"same size!", "was_a_file/in": b"now a folder",
                  "was_a_folder": b"now a file", "new/deep/z.pf": b"z"})
    write(target, {"entry.json": b"old entry, longer", "ui.js": b"same code", "fragment/a.pf": b"page a",
                   "fragment/b.pf": b"a page gone", "index/x.pf": b"SAME SIZE!", "was_a_file": b"file",
                   "was_a_folder/in": b"folder", "stale/deep/y.pf": b"y"})
    elsewhere.mkdir()
    os.link(target / "index/x.pf", elsewhere / "x.pf")  # e.g. the published output's bundle
    inodes = {name: (target / name).stat().st_ino for name in ("ui.js", "fragment/a.pf", "index/x.pf")}

    counts = sync_bundle(fresh, target)

    assert files(target) == files(fresh)
    assert (target / "ui.js").stat().st_ino == inodes["ui.js"]
    assert (target / "fragment/a.pf").stat().st_ino == inodes["fragment/a.pf"]
    assert (target / "index/x.pf").stat().st_ino != inodes["index/x.pf"]  # same size, other bytes
    assert (elsewhere / "x.pf").read_bytes() == b"SAME SIZE!", "an old file is replaced, never written into"
    assert counts == {"kept": 2, "written": 6, "removed": 4}


def test_a_missing_target_gets_everything(tmp_path):
    fresh, target = tmp_path / "fresh", tmp_path / "target"
    write(fresh, {"a": b"1", "f/b": b"2"})
    assert sync_bundle(fresh, target) == {"kept": 0, "written": 2, "removed": 0}
    assert files(target) == files(fresh)
    assert sync_bundle(fresh, target) == {"kept": 2, "written": 0, "removed": 0}


def test_modes_follow_the_fresh_bundle(tmp_path):
    fresh, target = tmp_path / "fresh", tmp_path / "target"
    write(fresh, {"a": b"1"})
    write(target, {"a": b"1"})
    os.chmod(fresh / "a", 0o644)
    os.chmod(target / "a", 0o600)
    sync_bundle(fresh, target)
    assert (target / "a").stat().st_mode & 0o777 == 0o644


def test_the_scratch_folder_is_new_and_empty(tmp_path):
    near = tmp_path / "output"
    one, two = scratch_folder(near), scratch_folder(near)
    try:
        assert one != two and one.is_dir() and not any(one.iterdir())
    finally:
        one.rmdir()
        two.rmdir()


def test_a_killed_builds_scratch_folder_is_removed_and_a_live_ones_kept(tmp_path, monkeypatch):
    import subprocess
    import sys

    from landhub_search import bundle_sync

    monkeypatch.setattr(bundle_sync, "MEMORY_FOLDER", tmp_path)  # a folder of our own, not /dev/shm
    monkeypatch.setattr(bundle_sync, "MEMORY_NEEDED", 0)  # however full the test machine's disk
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (tmp_path / f"landhub-search-{gone}-abc" / "bundle").mkdir(parents=True)
    (tmp_path / f"landhub-search-{os.getppid()}-def").mkdir()
    (tmp_path / "someone-else").mkdir()
    made = scratch_folder(tmp_path / "output")
    assert made.parent == tmp_path and made.name.startswith(f"landhub-search-{os.getpid()}-")
    assert sorted(p.name for p in tmp_path.iterdir() if p != made) == sorted(
        [f"landhub-search-{os.getppid()}-def", "someone-else"])


def test_a_memory_folder_without_room_is_not_used(tmp_path, monkeypatch):
    import shutil

    from landhub_search import bundle_sync

    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(bundle_sync, "MEMORY_FOLDER", memory)
    # (with margins: other processes may write or delete meanwhile)
    monkeypatch.setattr(bundle_sync, "MEMORY_NEEDED", shutil.disk_usage(memory).free // 2)
    assert scratch_folder(tmp_path / "output").parent == memory  # room
    monkeypatch.setattr(bundle_sync, "MEMORY_NEEDED", shutil.disk_usage(memory).free * 2 + (1 << 30))
    made = scratch_folder(tmp_path / "output")  # a 64 MB /dev/shm, as containers have
    assert made.parent == tmp_path and made.name.startswith(".output.search-")


def test_a_bundle_in_a_subfolder_gets_its_parents(tmp_path):
    fresh = tmp_path / "fresh"
    write(fresh, {"a": b"1"})
    sync_bundle(fresh, tmp_path / "out" / "search" / "bundle")
    assert files(tmp_path / "out" / "search" / "bundle") == files(fresh)


def test_the_entry_is_written_after_the_files_and_stale_files_removed_after_it(tmp_path):
    fresh, target = tmp_path / "fresh", tmp_path / "target"
    write(fresh, {"pagefind-entry.json": b"names b", "fragment/b.pf": b"b", "pagefind.js": b"code"})
    write(target, {"pagefind-entry.json": b"names a", "fragment/a.pf": b"a", "pagefind.js": b"code",
                   "pagefind.js.landhub-writing": b"a killed sync's half file"})
    seen = []

    def stopped():
        seen.append(sorted(files(target).items()))
        return False

    sync_bundle(fresh, target, stopped=stopped)
    assert files(target) == files(fresh)
    # Before each step: the first write is b's fragment, then the entry, then the removals.
    assert [dict(state).get("pagefind-entry.json") for state in seen] == [b"names a", b"names a", b"names b", b"names b"]
    assert "fragment/b.pf" in dict(seen[1]) and "fragment/a.pf" in dict(seen[2])

    shutil.rmtree(target)
    write(target, {"pagefind-entry.json": b"names a", "fragment/a.pf": b"a"})
    calls = []  # stopped at the second step: b's fragment written, not the entry
    try:
        sync_bundle(fresh, target, stopped=lambda: calls.append(1) or len(calls) > 1)
    except SyncStopped:
        pass
    assert len(calls) == 2
    assert (target / "pagefind-entry.json").read_bytes() == b"names a" and (target / "fragment/a.pf").is_file()


def test_a_long_run_of_kept_files_asks_whether_to_stop(tmp_path):
    from landhub_search.bundle_sync import CHECK_EVERY

    fresh, target = tmp_path / "fresh", tmp_path / "target"
    same = {f"fragment/{n:05}.pf": b"x" for n in range(CHECK_EVERY * 2)}
    write(fresh, same)
    write(target, same)
    calls = []
    try:
        sync_bundle(fresh, target, stopped=lambda: calls.append(1) or True)
    except SyncStopped:
        pass
    assert calls == [1], "stopped after the first CHECK_EVERY files compared, not at the end"
