"""Build into a fresh folder beside output/ and swap it into place only when the build succeeded.

Pelican empties output/ before it reads anything, so a failing build used to leave no site or
half a site behind: livereload would serve it and a deploy could upload it. Here the old output/
stays untouched until the new one is complete; a failed build only removes its own folder.

Double-buffered (spare=): the output a publish replaces is kept as the spare tree, and the next
build takes its page folders (reuse=, e.g. "spaces", "municipalities") instead of making 10,000
folders again:
everything else in the spare goes to the trash, and the generator puts the folders back into
the staged output after Pelican has emptied it (reuse_folder), removes what this build does not
write and replaces every kept page that is not already this build's (render_cache.place). A
spare's folders named by carry= (the search bundle) are held whole for their owner to bring
up to date (carried()), and thrown away if it does not take them. A
spare is used only with the marker a successful publish wrote beside it, and the marker is
removed before the spare is taken: a failed build's tree is thrown away, never reused.

Each reused folder tree has a record (<spare>.folders-<device>-<inode>, kept_pickles) of each
folder's state and entries as the build that reused it found them: the next build to take that
tree lists only the folders whose state (inode, mtime, ctime) changed since, or that were
recent when recorded (file_states.racy); the others' entries are as recorded, since any entry
made, removed or renamed in a folder changes its mtime. Strays are removed either way.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import stat
import sys
import tempfile
import time
from pathlib import Path

from . import file_states
from .kept_pickles import load, save
from .render_pool import Answer

# staged output path -> ({name: the spare's reusable folder held beside it}, its build)
_REUSABLE: dict[str, tuple[dict[str, Path], "StagedOutput"]] = {}

RECORD_FORMAT = 2
# A folder's record: ((inode, mtime_ns, ctime_ns), entries), entries ((name, inode, kind), ...),
# kind "d" a folder, "f" a file, "o" anything else (never kept).
FolderRecord = tuple


class StagedOutput:
    """`with StagedOutput(target) as staged:` build into staged.path, then staged.publish().

    Leaving the block without publish() (a failure, an exception) discards the new folder.
    `keep` names entries of the old output to carry over (Pelican's OUTPUT_RETENTION, e.g. .git).
    """

    def __init__(self, target: Path, keep: tuple[str, ...] | list[str] = (), trash: Path | None = None,
                 spare: Path | None = None, reuse: str | tuple[str, ...] | None = None,
                 carry: tuple[str, ...] = ()):
        self.target = Path(target).absolute()
        self.keep = tuple(keep)
        # Where the old output is moved to be removed in the background (tens of thousands of
        # files at 10,000 spaces: seconds the build need not wait for). None: removed at once.
        self.trash = Path(trash).absolute() if trash is not None else None
        # Where the replaced output is kept for the next build, one per target (None: none kept),
        # and the folder of it that the next build takes (the space pages).
        self.spare = None
        if spare is not None:
            name = hashlib.sha256(str(self.target).encode()).hexdigest()[:16]
            self.spare = Path(spare).absolute() / name
        # The output's top folders whose page folders are reused (a name, or several).
        self.reuse = (reuse,) if isinstance(reuse, str) else tuple(reuse or ())
        # The spare's top folders held whole for whoever brings them up to date (the search
        # bundle: landhub_search), and where each is held; what no one took goes to the trash.
        self.carry = tuple(carry)
        self._carried: dict[str, Path] = {}
        self.path: Path | None = None
        # tree id (st_dev, st_ino of a reused top folder) -> {folder: FolderRecord}: the records
        # of the trees taken from the spare (old), and of what this build found in them (new).
        self._old_records: dict[tuple, dict] = {}
        self._new_records: dict[tuple, dict] = {}
        # tree id -> the child comparing its folders with their record (its answer)
        self._verifiers: dict[tuple, Answer] = {}
        self._batch: Path | None = None  # this build's folder in the trash
        self._discarded = 0

    def __enter__(self) -> "StagedOutput":
        self.target.parent.mkdir(parents=True, exist_ok=True)
        # A sibling, so the swap is a rename on one file system, never a copy.
        self.path = Path(tempfile.mkdtemp(dir=self.target.parent,
                                          prefix=f".{self.target.name}.building-"))
        os.chmod(self.path, _folder_mode())  # mkdtemp makes it private; output/ is served
        for name in self.keep:
            kept = self.target / name
            if kept.is_dir():
                shutil.copytree(kept, self.path / name, symlinks=True)
            elif kept.exists():
                shutil.copy2(kept, self.path / name, follow_symlinks=False)
        self._take_spare()
        return self

    def _marker(self) -> Path:
        return self.spare.with_name(self.spare.name + ".ok")

    def _marker_text(self) -> str:
        found = os.stat(self.spare)
        return f"landhub spare output 1\n{found.st_dev}:{found.st_ino}\n{self.target}\n"

    def _take_spare(self) -> None:
        """Hold the spare's reusable folder beside the staged output for reuse_folder(); throw
        the rest of the spare away. Without a valid marker the whole spare is thrown away."""
        if self.spare is None:
            return
        try:
            marker = self._marker().read_text(encoding="utf-8")
            self._marker().unlink()  # taken: whatever happens next, it is never taken again
        except OSError:
            marker = None
        if not self.spare.exists():
            return
        try:
            valid = marker is not None and marker == self._marker_text() and self.spare.is_dir()
            held_by_name = {}
            for number, name in enumerate(self.reuse if valid else ()):
                if (held := self._hold(name, f"reuse{number}")) is None:
                    continue
                path, found = held
                held_by_name[name] = path
                tree = (found.st_dev, found.st_ino)  # a rename keeps both
                self._old_records[tree] = self._load_record(tree)
                self._start_verifier(tree, path, name)
            if held_by_name:
                _REUSABLE[str(self.path)] = (held_by_name, self)
            for number, name in enumerate(self.carry if valid else ()):
                if name not in self.reuse and (held := self._hold(name, f"carry{number}")) is not None:
                    self._carried[name] = held[0]
        except OSError:
            pass  # built afresh
        finally:
            self.discard(self.spare)

    def _hold(self, name: str, as_name: str) -> tuple[Path, os.stat_result] | None:
        """Move the spare's folder `name` beside the staged output (its new path, and its stat
        from before the move); None if it is not there or not a real folder (a link)."""
        try:
            found = os.lstat(self.spare / name)
        except OSError:
            return None
        if not stat.S_ISDIR(found.st_mode):
            return None
        held = self.path.with_name(f"{self.path.name}.{as_name}")
        os.rename(self.spare / name, held)
        return held, found

    def _start_verifier(self, tree: tuple, held: Path, name: str) -> None:
        """Compare the held tree's folders with their record in a child, on the other core
        (render_pool.Answer), while this process goes on with Pelican's start and the
        validation (one lstat a folder, 10,000 at 10,000 spaces). The held folders are this
        build's from now on: nothing else writes beside the staged output. No child when there
        is no record (reuse_folder checks them itself); on one core, compared here."""
        record = self._old_records.get(tree)
        if not record:
            return
        try:
            top = os.open(held, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            return
        try:
            self._verifiers[tree] = Answer(lambda: _changed_folders(top, name, record))
        finally:
            os.close(top)

    def _verified(self, tree: tuple) -> set[str] | None:
        """The folders of `tree` whose state differs from their record, from its child; None
        when there is no child or its answer is not whole (reuse_folder checks them itself)."""
        found = self._verifiers.pop(tree, None)
        if found is None:
            return None
        changed = found.result()
        found.close()
        if found.reap() != 0 or type(changed) is not list:
            return None
        return set(changed)

    def _reap_verifiers(self) -> None:
        for tree in list(self._verifiers):
            self._verified(tree)

    def _record_path(self, tree: tuple) -> Path:
        return self.spare.with_name(f"{self.spare.name}.folders-{tree[0]}-{tree[1]}")

    def _load_record(self, tree: tuple) -> dict:
        """The record of the folder tree `tree` made by the build that last reused it; {} if none
        or unreadable (every folder listed then)."""
        try:
            stored = load(self._record_path(tree))
        except Exception:  # noqa: BLE001 - missing, damaged or from other code: list them all
            return {}
        if isinstance(stored, dict) and stored.get("format") == RECORD_FORMAT \
                and stored.get("tree") == tree and isinstance(stored.get("folders"), dict):
            return stored["folders"]
        return {}

    def _save_records(self) -> None:
        """After publishing: this build's records of the trees it reused, for the build that
        takes them next; records of trees no longer in the output or the spare removed."""
        if self.spare is None or not self.reuse:
            return
        for tree, folders in self._new_records.items():
            save(self._record_path(tree), {"format": RECORD_FORMAT, "tree": tree, "folders": folders})
        alive = set(self._new_records)
        for name in self.reuse:
            try:
                found = os.lstat(self.spare / name)
                alive.add((found.st_dev, found.st_ino))
            except OSError:
                pass
        names = {self._record_path(tree).name for tree in alive}
        prefix = f"{self.spare.name}.folders-"
        try:
            with os.scandir(self.spare.parent) as entries:
                stale = [e.path for e in entries if e.name.startswith(prefix) and e.name not in names]
        except OSError:
            stale = []
        for path in stale:
            try:
                os.unlink(path)
            except OSError:
                pass

    def publish(self) -> None:
        """Put the finished build where the old output was (two renames); the old one becomes
        the spare, or is removed."""
        old = None
        if self.target.exists() or self.target.is_symlink():
            old = self.target.with_name(f".{self.target.name}.previous-{os.getpid()}")
            _remove(old)  # left by a build that was killed between the renames
            os.rename(self.target, old)
        self._drop_held()
        os.rename(self.path, self.target)
        self.path = None
        if old is not None:
            self._keep_as_spare(old)
        self._save_records()
        self._empty_trash()

    def carried(self, name: str) -> Path | None:
        """The spare's folder `name` (one of carry=), held beside the staged output: the caller
        may move it into the staged output (a rename) and bring it up to date. None if the
        spare had none or was not trusted. Left where it is, it is thrown away at the end."""
        held = self._carried.get(name)
        return held if held is not None and held.is_dir() else None

    def _keep_as_spare(self, old: Path) -> None:
        """The output just replaced becomes the spare (the one before it goes to the trash)."""
        if self.spare is None:
            self.discard(old)
            return
        try:
            self.spare.parent.mkdir(parents=True, exist_ok=True)
            self._marker().unlink(missing_ok=True)
            if self.spare.exists() or self.spare.is_symlink():
                self.discard(self.spare)
            os.rename(old, self.spare)  # fails on another file system: then no spare
            self._marker().write_text(self._marker_text(), encoding="utf-8")
        except OSError:
            self.discard(old)

    def discard(self, path: Path) -> None:
        """Move `path` into this build's trash folder (removed in the background when the build
        ends); removed here if it cannot be moved there."""
        if not (path.exists() or path.is_symlink()):
            return
        for _ in range(2):  # twice: the last build's remover may empty the trash just now
            if self.trash is None:
                break
            try:
                if self._batch is None or not self._batch.is_dir():
                    self.trash.mkdir(parents=True, exist_ok=True)
                    self._batch = Path(tempfile.mkdtemp(dir=self.trash))
                self._discarded += 1
                os.rename(path, self._batch / f"{self._discarded}-{path.name}")
                return
            except OSError:  # another file system, or no room for the folder: remove it here
                pass
        _remove(path)

    def _empty_trash(self) -> None:
        if self._batch is not None:
            self._batch = None
            _remove_in_background(self.trash)

    def _drop_held(self) -> None:
        """The spare's folders that no generator took (no such pages, or a failure)."""
        self._reap_verifiers()
        for folder in self._carried.values():
            self.discard(folder)  # nothing if it was moved into the output
        self._carried.clear()
        held = _REUSABLE.pop(str(self.path), None) if self.path is not None else None
        if held is not None:
            for folder in held[0].values():
                self.discard(folder)

    def __exit__(self, *exc_info) -> None:
        if self.path is not None:
            self._drop_held()
            self.discard(self.path)  # with the reused folder it may hold 10,000 pages
            self.path = None
        self._empty_trash()


def reuse_folder(output_path, keep: set[str]) -> dict[str, int]:
    """Put the spare's held folders (e.g. spaces/) into the staged output `output_path`: those
    named by the first part of a path in `keep` (paths relative to the output, e.g.
    spaces/x/index.html), keeping only the files named in `keep` and the folders above them;
    everything else in them is thrown away. The kept files must then be replaced or confirmed
    by the caller. Returns {path: inode} of the kept files (from the listings or the record, no
    stat of a file: the caller compares them with render cache entries); empty when there is
    no spare. A folder that exists already in the output (written by someone else) is not
    mixed in: its held one is thrown away. Held folders `keep` does not name stay held."""
    found = _REUSABLE.get(str(Path(output_path).absolute()))
    if found is None:
        return {}
    held_by_name, staged = found
    kept: dict[str, int] = {}
    for name in sorted({path.split("/", 1)[0] for path in keep if "/" in path} & held_by_name.keys()):
        held = held_by_name.pop(name)
        kept.update(_reuse_one(Path(output_path), name, held, keep, staged))
    if not held_by_name:
        _REUSABLE.pop(str(Path(output_path).absolute()), None)
    return kept


def _reuse_one(output_path: Path, name: str, held: Path, keep: set[str], staged: StagedOutput) -> dict[str, int]:
    place = output_path / name
    if place.exists() or place.is_symlink():
        staged.discard(held)
        return {}
    folders = set()
    prefix = name + "/"
    for path in keep:
        if not path.startswith(prefix):
            continue
        while "/" in path:
            path = path.rsplit("/", 1)[0]
            if path in folders:
                break
            folders.add(path)
    try:
        found = os.lstat(held)
        os.rename(held, place)
    except OSError:
        staged.discard(held)
        return {}
    tree = (found.st_dev, found.st_ino)
    record = staged._old_records.pop(tree, {})
    changed = staged._verified(tree)  # None: each folder compared with its record here
    new_record: dict[str, FolderRecord] = {}
    # file_states.racy's rule, inlined (10,000 folders): recorded only if changed before this.
    recent = time.time_ns() - file_states.RACY_NS
    lstat = os.lstat
    # Each folder's entries from the record when its state is unchanged (one lstat), else from
    # a listing (about five system calls). Strings, not Paths: 10,000 folders.
    todo, unwanted, kept = [(str(place), name)], [], {}
    while todo:
        folder, relative = todo.pop()
        known = record.get(relative)
        if known is not None and changed is not None and relative not in changed:
            state = known[0]  # as recorded: its child found it so
            entries = known[1]
        else:
            try:
                found = lstat(folder)  # before the listing: a change during it is seen next time
            except OSError:
                state = None
            else:
                state = (found.st_ino, found.st_mtime_ns, found.st_ctime_ns)
            if known is not None and known[0] == state:
                entries = known[1]
            else:
                known = None
                entries = _listing(folder)
        clean = True
        for entry_name, inode, kind in entries:
            path = f"{relative}/{entry_name}"
            if kind == "d":
                if path in folders:
                    todo.append((f"{folder}/{entry_name}", path))
                    continue
            elif kind == "f" and path in keep:
                kept[path] = inode
                continue
            unwanted.append(f"{folder}/{entry_name}")
            clean = False
        # The top folder is renamed every build (a new ctime): never recorded.
        if clean and state is not None and state[1] < recent and state[2] < recent and relative != name:
            new_record[relative] = known or (state, entries)
    staged._new_records[tree] = new_record
    for path in unwanted:  # moved out after the listings, not while a folder is read
        staged.discard(Path(path))
    return kept


def _changed_folders(top: int, name: str, record: dict) -> list[str]:
    """The folders in `record` (paths from `name`, the tree's top folder open as `top`) whose
    state (inode, mtime, ctime) is not the recorded one, or that are gone or not folders."""
    changed = []
    cut = len(name) + 1
    for relative, (state, _) in record.items():
        try:
            found = os.stat(relative[cut:], dir_fd=top, follow_symlinks=False)
        except (OSError, ValueError):
            changed.append(relative)
            continue
        if (found.st_ino, found.st_mtime_ns, found.st_ctime_ns) != state or not stat.S_ISDIR(found.st_mode):
            changed.append(relative)
    return changed


def _listing(folder: str) -> tuple:
    """((name, inode, kind), ...) of a folder's entries; kind "d", "f" or "o" (not followed)."""
    found = []
    intern = sys.intern  # the same few names ("index.html") in every folder: one string each
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                kind = "d"
            elif entry.is_file(follow_symlinks=False):
                kind = "f"
            else:
                kind = "o"
            found.append((intern(entry.name), entry.inode(), kind))
    return tuple(found)


def _folder_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _remove_in_background(folder: Path) -> None:
    """Empty `folder` (this build's old output and any a killed build left) in a detached
    process: forked twice, so nothing waits for it and no zombie is left behind."""
    child = os.fork()
    if child == 0:
        try:
            if os.fork() == 0:
                # Detached from the build's pipes: a caller reading its output gets EOF now.
                devnull = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(devnull, fd)
                os.closerange(3, 65536)
                for entry in os.scandir(folder):
                    shutil.rmtree(entry.path, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(child, 0)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
