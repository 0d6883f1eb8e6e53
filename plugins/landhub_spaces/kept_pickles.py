"""The caches' pickles in <project>/.cache/: written whole (a temporary file, then renamed),
loaded without the cyclic collector rescanning what they hold, and kept in memory for a
long-lived process (livereload's) as long as the file is still the very one this process read
or wrote (same size, times, inode): another process's build, or a damaged file, is loaded from
disk as before."""
from __future__ import annotations

import gc
import os
import pickle
import tempfile
from pathlib import Path

from . import heap
from .file_states import file_state

# str(pickle path) -> (the file's state when this process last read or wrote it, its content).
# The content is never changed in place (a build makes new dicts), so it can be shared.
_KEPT: dict[str, tuple[tuple | None, object]] = {}


def _pickle_state(path: Path) -> tuple | None:
    try:
        return file_state(path)
    except OSError:
        return None


def load_kept(path: Path):
    """What load(path) would return, from memory if this process last read or wrote this very
    file (its state unchanged); raises as load does for a missing or damaged file."""
    state = _pickle_state(path)
    kept = _KEPT.get(str(path))
    if state is not None and kept is not None and kept[0] == state:
        return kept[1]
    _KEPT.pop(str(path), None)
    stored = load(path)
    if state is not None and _pickle_state(path) == state:  # not replaced while it was read
        _KEPT[str(path)] = (state, stored)
    return stored


def is_kept(path: Path) -> bool:
    """Whether load_kept(path) would answer from memory (no load from disk)."""
    kept = _KEPT.get(str(path))
    return kept is not None and kept[0] == _pickle_state(path)


def save_kept(path: Path, stored) -> None:
    """save, and keep what was written for this process's next load_kept."""
    forget_kept(path)
    if save(path, stored):
        keep_written(path, stored)


def forget_kept(path: Path) -> None:
    """Before another process (a forked child) writes `path` for this one."""
    _KEPT.pop(str(path), None)


def keep_written(path: Path, stored) -> None:
    """After another process wrote `stored` to `path` for this one: kept as if saved here."""
    state = _pickle_state(path)
    if state is not None:
        _KEPT[str(path)] = (state, stored)


def load(path: Path):
    with path.open("rb") as stream:
        return load_from(stream)


def load_from(stream):
    """pickle.load(stream), without the cyclic collector (the caches' pickles, the answers of
    forked children: render_pool.Answer)."""
    # Unpickling 10,000 Spaces makes ~130,000 objects: the cyclic collector would scan the
    # growing heap again and again for nothing (none are cycles), half the load time. Once
    # loaded they go straight to the oldest generation (freeze, then unfreeze: two list
    # moves: heap.age_survivors), else the first collections after the load scan all of them
    # young, then again one generation up (0.1 s after each warm load). Nothing is kept from
    # collection: the oldest generation is still collected, only later.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(stream)
    finally:
        heap.age_survivors()
        if was_enabled:
            gc.enable()


def save(path: Path, stored) -> bool:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as stream:
            pickle.dump(stored, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(stream.name, path)
    except OSError:
        return False  # a read-only checkout builds as before, just without the speed-up
    return True
