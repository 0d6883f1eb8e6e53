"""Build into a fresh folder beside output/ and swap it into place only when the build succeeded.

Pelican empties output/ before it reads anything, so a failing build used to leave no site or
half a site behind: livereload would serve it and a deploy could upload it. Here the old output/
stays untouched until the new one is complete; a failed build only removes its own folder.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class StagedOutput:
    """`with StagedOutput(target) as staged:` build into staged.path, then staged.publish().

    Leaving the block without publish() (a failure, an exception) discards the new folder.
    `keep` names entries of the old output to carry over (Pelican's OUTPUT_RETENTION, e.g. .git).
    """

    def __init__(self, target: Path, keep: tuple[str, ...] | list[str] = (), trash: Path | None = None):
        self.target = Path(target).absolute()
        self.keep = tuple(keep)
        # Where the old output is moved to be removed in the background (tens of thousands of
        # files at 10,000 spaces: seconds the build need not wait for). None: removed at once.
        self.trash = Path(trash).absolute() if trash is not None else None
        self.path: Path | None = None

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
        return self

    def publish(self) -> None:
        """Put the finished build where the old output was (two renames; the old one is removed)."""
        old = None
        if self.target.exists() or self.target.is_symlink():
            old = self.target.with_name(f".{self.target.name}.previous-{os.getpid()}")
            _remove(old)  # left by a build that was killed between the renames
            os.rename(self.target, old)
        os.rename(self.path, self.target)
        self.path = None
        if old is not None:
            self._discard(old)

    def _discard(self, old: Path) -> None:
        if self.trash is not None:
            try:
                self.trash.mkdir(parents=True, exist_ok=True)
                os.rename(old, Path(tempfile.mkdtemp(dir=self.trash)) / old.name)
            except OSError:  # another file system, or no room for the folder: remove it here
                pass
            else:
                _remove_in_background(self.trash)
                return
        _remove(old)

    def __exit__(self, *exc_info) -> None:
        if self.path is not None:
            _remove(self.path)
            self.path = None


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
