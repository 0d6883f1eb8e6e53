"""Put a freshly made search bundle into place by changing only what changed.

Pagefind writes a whole bundle every run: about 10,000 files at 10,000 spaces (a fragment a
page), nearly all of them the same bytes as the last run's. Written into the output, each build
created 10,000 files and the output two builds old sent as many to the trash; on ext4, that
mass of creations and deletions slowed the next build's own file creation for seconds. Here
Pagefind writes into a scratch folder in memory (/dev/shm, a tmpfs, where there is one), and the
bundle of an earlier output (the spare's, staging.py) is brought up to date from it: a file with
the same name and bytes is left as it is (same inode), a new or changed one is written afresh
(never in place: its old inode may be linked elsewhere), and one Pagefind no longer writes is
removed. The result is the same bytes as the scratch folder, file for file.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

# A tmpfs: Pagefind's 10,000 files are made and removed there without touching the disk.
MEMORY_FOLDER = Path("/dev/shm")
PREFIX = "landhub-search-"  # then the pid of the build that made it
# Free space the memory folder must have to be used. A bundle takes about 4 kB a page there (a
# page of memory per small file): 40 MB at 10,000 pages, so 1 GB is room for some 250,000. A
# container's /dev/shm is 64 MB by default, where a large site's bundle would not fit, and
# Pagefind, when it cannot write its files, was seen to hang until its timeout, not fail.
MEMORY_NEEDED = 1 << 30


def scratch_folder(near: Path) -> Path:
    """A new empty folder for Pagefind to write into: in memory if there is room (MEMORY_NEEDED),
    else beside `near` (the output's folder, so nothing is written outside the project's tree).
    Scratch folders that killed builds left in memory are removed first (they would hold the
    memory until a reboot); a running build's is named by its live process and left alone."""
    if MEMORY_FOLDER.is_dir() and os.access(MEMORY_FOLDER, os.W_OK | os.X_OK) and _room_in_memory():
        _remove_orphans()
        try:
            return Path(tempfile.mkdtemp(dir=MEMORY_FOLDER, prefix=f"{PREFIX}{os.getpid()}-"))
        except OSError:
            pass
    return Path(tempfile.mkdtemp(dir=Path(near).parent, prefix=f".{Path(near).name}.search-"))


def _room_in_memory() -> bool:
    try:
        return shutil.disk_usage(MEMORY_FOLDER).free >= MEMORY_NEEDED
    except OSError:
        return False


def _remove_orphans() -> None:
    try:
        names = [name for name in os.listdir(MEMORY_FOLDER) if name.startswith(PREFIX)]
    except OSError:
        return
    for name in names:
        pid = name[len(PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        shutil.rmtree(MEMORY_FOLDER / name, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's: not ours to judge
    return True


def sync_bundle(fresh: Path, target: Path) -> dict[str, int]:
    """Make the folder `target` hold exactly the files of `fresh`, with the same bytes, writing
    only what differs. `target` may be missing (then everything is written) or hold an older
    bundle. Returns counts: kept, written, removed."""
    fresh, target = Path(fresh), Path(target)
    counts = {"kept": 0, "written": 0, "removed": 0}
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        target.unlink()
    target.mkdir(parents=True, exist_ok=True)
    _sync_folder(str(fresh), str(target), counts)
    os.chmod(target, _mode_of(fresh))
    return counts


def _sync_folder(fresh: str, target: str, counts: dict[str, int]) -> None:
    old = {}
    with os.scandir(target) as entries:
        for entry in entries:
            old[entry.name] = entry
    with os.scandir(fresh) as entries:
        new = sorted(entries, key=lambda e: e.name)
    for entry in new:
        there = f"{target}/{entry.name}"
        before = old.pop(entry.name, None)
        if entry.is_dir(follow_symlinks=False):
            if before is not None and not before.is_dir(follow_symlinks=False):
                os.unlink(there)
                counts["removed"] += 1
                before = None
            if before is None:
                os.mkdir(there)
            _sync_folder(entry.path, there, counts)
            continue
        if before is not None:
            if before.is_dir(follow_symlinks=False):
                counts["removed"] += _remove_tree(there)
            elif before.is_file(follow_symlinks=False) and _same_bytes(entry.path, before.path):
                counts["kept"] += 1
                continue
            else:
                os.unlink(there)  # a new file, not a rewrite: the old inode may be linked elsewhere
        shutil.copyfile(entry.path, there)
        os.chmod(there, _mode_of(entry.path))
        counts["written"] += 1
    for name, entry in old.items():  # what Pagefind no longer writes
        if entry.is_dir(follow_symlinks=False):
            counts["removed"] += _remove_tree(entry.path)
        else:
            os.unlink(entry.path)
            counts["removed"] += 1


def _same_bytes(fresh: str, old: str) -> bool:
    """Plain os calls: 10,000 pairs a build (io.open and DirEntry.stat cost twice as much)."""
    one = os.open(fresh, os.O_RDONLY)
    try:
        other = os.open(old, os.O_RDONLY)
        try:
            a, b = os.fstat(one), os.fstat(other)
            if a.st_size != b.st_size or (a.st_mode & 0o7777) != (b.st_mode & 0o7777):
                return False
            return _read_all(one, a.st_size) == _read_all(other, b.st_size)
        finally:
            os.close(other)
    finally:
        os.close(one)


def _read_all(fd: int, size: int) -> bytes:
    data = os.read(fd, size + 1)  # one more than the size: a file that grew reads longer
    if len(data) < size:  # a short read (rare on a regular file): read on to the end
        chunks = [data]
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        data = b"".join(chunks)
    return data


def _remove_tree(path: str) -> int:
    count = sum(len(files) for _, _, files in os.walk(path))
    shutil.rmtree(path)
    return count


def _mode_of(path) -> int:
    return os.stat(path).st_mode & 0o7777
