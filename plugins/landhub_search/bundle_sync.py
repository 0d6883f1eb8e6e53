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

The bundle may be one a browser is reading (`make serve` brings the published site's bundle up
to date, after_publish.py), so the writes are ordered for a reader: Pagefind's files are named
by a hash of what they hold, except pagefind-entry.json, which names the language's .pf_meta,
which names the index, filter and fragment files. Every new or changed file is written first
(a changed one as a new file renamed over it, so a reader gets the old bytes or the new, never
part; a new name is named by nothing yet), then the entry, last of what is written, and only
then are the files no longer named removed.
A page that loads the entry at any moment finds every file it leads to. A sync told to stop
(stopped()) stops between two files: before the entry, the old one still names only files that
are there; after it, what is left is stale files no one names, removed by the next sync.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from landhub_spaces import process_folders

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
        process_folders.remove_orphans(MEMORY_FOLDER, PREFIX)
        try:
            return process_folders.make(MEMORY_FOLDER, PREFIX)
        except OSError:
            pass
    return Path(tempfile.mkdtemp(dir=Path(near).parent, prefix=f".{Path(near).name}.search-"))


def _room_in_memory() -> bool:
    try:
        return shutil.disk_usage(MEMORY_FOLDER).free >= MEMORY_NEEDED
    except OSError:
        return False


# Written last: the one file of the bundle that names the others without being named by them.
ENTRY = "pagefind-entry.json"
# A file being written, before it is renamed into place (a killed sync's is stale next time).
WRITING = ".landhub-writing"
# Files compared (and kept) between two calls of stopped(), which is also asked before each step.
CHECK_EVERY = 256


class SyncStopped(Exception):
    """stopped() said so: the bundle is left whole (the module's doc), not up to date."""


def sync_bundle(fresh: Path, target: Path, stopped=None) -> dict[str, int]:
    """Make the folder `target` hold exactly the files of `fresh`, with the same bytes, writing
    only what differs. `target` may be missing (then everything is written) or hold an older
    bundle, one that a browser may be reading. stopped: called before each write or removal
    (and every CHECK_EVERY files kept); if it returns true, SyncStopped is raised there.
    Returns counts: kept, written, removed."""
    fresh, target = Path(fresh), Path(target)
    sync = _Sync(stopped)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        target.unlink()
    target.mkdir(parents=True, exist_ok=True)
    sync.folder(str(fresh), str(target), top=True)
    for source, there, replacing in sync.last:
        sync.write(source, there, replacing)
    for path, is_folder in sync.stale:
        sync.check()
        if is_folder:
            sync.counts["removed"] += _remove_tree(path)
        else:
            os.unlink(path)
            sync.counts["removed"] += 1
    os.chmod(target, _mode_of(fresh))
    return sync.counts


class _Sync:
    def __init__(self, stopped):
        self.stopped = stopped
        self.counts = {"kept": 0, "written": 0, "removed": 0}
        self.last: list[tuple[str, str, bool]] = []  # the entry: written after every other file
        self.stale: list[tuple[str, bool]] = []  # removed after the entry: (path, is a folder)

    def check(self) -> None:
        if self.stopped is not None and self.stopped():
            raise SyncStopped

    def folder(self, fresh: str, target: str, top: bool = False) -> None:
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
                    self.check()
                    os.unlink(there)  # a file where a folder is now (Pagefind never does this)
                    self.counts["removed"] += 1
                    before = None
                if before is None:
                    self.check()
                    os.mkdir(there)
                self.folder(entry.path, there)
                continue
            if before is not None:
                if before.is_dir(follow_symlinks=False):
                    self.check()
                    self.counts["removed"] += _remove_tree(there)
                    before = None
                elif before.is_file(follow_symlinks=False) and _same_bytes(entry.path, before.path):
                    self.counts["kept"] += 1
                    if self.counts["kept"] % CHECK_EVERY == 0:
                        self.check()  # comparing 10,000 files takes 0.2 s: stop() waits less
                    continue
            if top and entry.name == ENTRY:
                self.last.append((entry.path, there, before is not None))
            else:
                self.write(entry.path, there, before is not None)
        for name, entry in sorted(old.items()):  # what Pagefind no longer writes
            self.stale.append((entry.path, entry.is_dir(follow_symlinks=False)))

    def write(self, source: str, there: str, replacing: bool) -> None:
        """Replacing a file: a new file renamed over it, so a reader has the old bytes or the
        new, and the old inode, which may be linked elsewhere, is never written into. A name
        that was not there is written directly (no rename: a whole bundle's 10,000 files on a
        first build): nothing names it until the entry that is written last."""
        self.check()
        if not replacing:
            shutil.copyfile(source, there)
            os.chmod(there, _mode_of(source))
            self.counts["written"] += 1
            return
        writing = there + WRITING
        try:
            os.unlink(writing)  # a killed sync's
        except FileNotFoundError:
            pass
        shutil.copyfile(source, writing)
        os.chmod(writing, _mode_of(source))
        os.replace(writing, there)
        self.counts["written"] += 1


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
