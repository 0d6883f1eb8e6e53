"""Build into a fresh folder beside output/ and swap it into place only when the build succeeded.

Pelican empties output/ before it reads anything, so a failing build used to leave no site or
half a site behind: livereload would serve it and a deploy could upload it. Here the old output/
stays untouched until the new one is complete; a failed build only removes its own folder.

Double-buffered (spare=): the output a publish replaces is kept as the spare tree, and the next
build takes its space pages' folders (reuse=, "spaces") instead of making 10,000 folders again:
everything else in the spare goes to the trash, and the generator puts the folders back into
the staged output after Pelican has emptied it (reuse_folder), removes what this build does not
write and replaces every kept page that is not already this build's (render_cache.place). A
spare is used only with the marker a successful publish wrote beside it, and the marker is
removed before the spare is taken: a failed build's tree is thrown away, never reused.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

# staged output path -> (the spare's reusable folder held beside it, its name, its build)
_REUSABLE: dict[str, tuple[Path, str, "StagedOutput"]] = {}


class StagedOutput:
    """`with StagedOutput(target) as staged:` build into staged.path, then staged.publish().

    Leaving the block without publish() (a failure, an exception) discards the new folder.
    `keep` names entries of the old output to carry over (Pelican's OUTPUT_RETENTION, e.g. .git).
    """

    def __init__(self, target: Path, keep: tuple[str, ...] | list[str] = (), trash: Path | None = None,
                 spare: Path | None = None, reuse: str | None = None):
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
        self.reuse = reuse
        self.path: Path | None = None
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
            if valid and self.reuse and (self.spare / self.reuse).is_dir() \
                    and not (self.spare / self.reuse).is_symlink():
                held = self.path.with_name(self.path.name + ".reuse")
                os.rename(self.spare / self.reuse, held)
                _REUSABLE[str(self.path)] = (held, self.reuse, self)
        except OSError:
            pass  # built afresh
        finally:
            self.discard(self.spare)

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
        self._empty_trash()

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
        """The spare's folder, if no generator took it (no space pages, or a failure)."""
        held = _REUSABLE.pop(str(self.path), None) if self.path is not None else None
        if held is not None:
            self.discard(held[0])

    def __exit__(self, *exc_info) -> None:
        if self.path is not None:
            self._drop_held()
            self.discard(self.path)  # with the reused folder it may hold 10,000 pages
            self.path = None
        self._empty_trash()


def reuse_folder(output_path, keep: set[str]) -> dict[str, int]:
    """Put the spare's held folder (e.g. spaces/) into the staged output `output_path`, keeping
    only the files named in `keep` (paths relative to the output, e.g. spaces/x/index.html)
    and the folders above them; everything else in it is thrown away. The kept files must then
    be replaced or confirmed by the caller. Returns {path: inode} of the kept files (from the
    listing, no stat: the caller compares them with render cache entries); empty (and nothing
    held any more) when there is no spare, or when the folder exists already (written by
    someone else: not mixed in)."""
    found = _REUSABLE.pop(str(Path(output_path).absolute()), None)
    if found is None:
        return {}
    held, name, staged = found
    place = Path(output_path) / name
    if place.exists() or place.is_symlink():
        staged.discard(held)
        return {}
    folders = set()
    for path in keep:
        while "/" in path:
            path = path.rsplit("/", 1)[0]
            if path in folders:
                break
            folders.add(path)
    try:
        os.rename(held, place)
    except OSError:
        staged.discard(held)
        return {}
    # One listing per kept folder (10,000 at 10,000 spaces, about 0.1 s): strings, not Paths.
    todo, unwanted, kept = [(str(place), name)], [], {}
    while todo:
        folder, relative = todo.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                path = f"{relative}/{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    if path in folders:
                        todo.append((entry.path, path))
                        continue
                elif path in keep and entry.is_file(follow_symlinks=False):
                    kept[path] = entry.inode()
                    continue
                unwanted.append(entry.path)
    for path in unwanted:  # moved out after the listings, not while a folder is read
        staged.discard(Path(path))
    return kept


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
