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

    def __init__(self, target: Path, keep: tuple[str, ...] | list[str] = ()):
        self.target = Path(target).absolute()
        self.keep = tuple(keep)
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
            _remove(old)

    def __exit__(self, *exc_info) -> None:
        if self.path is not None:
            _remove(self.path)
            self.path = None


def _folder_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
