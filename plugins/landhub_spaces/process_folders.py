"""Folders named by the process that made them (<prefix><pid>-<random>): a later build can
tell a killed build's leftovers, which it removes, from a running build's, which it leaves.
Used for Pagefind's scratch folders (landhub_search/bundle_sync.py) and the reader cache's
private copies (reader_cache.py)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def make(parent: Path, prefix: str) -> Path:
    """A new empty folder in `parent`, named by this process."""
    return Path(tempfile.mkdtemp(dir=parent, prefix=f"{prefix}{os.getpid()}-"))


def remove_orphans(parent: Path, prefix: str) -> None:
    """Remove the folders in `parent` named by `prefix` whose process is gone. A name whose
    process cannot be read from it is not one of these folders: left alone."""
    try:
        names = [name for name in os.listdir(parent) if name.startswith(prefix)]
    except OSError:
        return
    for name in names:
        pid = name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(Path(parent) / name, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's: not ours to judge
    return True
