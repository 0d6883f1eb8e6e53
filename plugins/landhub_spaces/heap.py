"""The cyclic collector's frozen heap, in one place.

gc.freeze() moves every object the collector tracks into a permanent generation it never scans
(gc.unfreeze() moves them back, into the oldest generation). Builds freeze what lasts: the
modules, a long-lived process's heap between rebuilds, a build's pages while they are written.
A step that freezes for itself must not thaw what a caller froze, so it must know whether
anything is frozen, and Python's only answer, gc.get_freeze_count(), walks the whole permanent
list: 7 ms a million objects, 0.06 s of a warm 10,000-space build over its eight questions. So
the project freezes and thaws only through here, and this module remembers."""
from __future__ import annotations

import gc
from contextlib import contextmanager


class _State:
    frozen = False


def frozen() -> bool:
    """Whether this process holds objects frozen (by freeze(), until thaw())."""
    return _State.frozen


def freeze() -> None:
    gc.freeze()
    _State.frozen = True


def thaw() -> None:
    gc.unfreeze()
    _State.frozen = False


def age_survivors() -> None:
    """After a step that made many lasting objects with the collector off (a pickle loaded, the
    spaces checked): they go straight to the oldest generation, so the next collections do not
    scan them young, one generation at a time. In a process that keeps a frozen heap, thawing
    would hand all of it back to the collector: they are frozen with it instead."""
    was_frozen = _State.frozen
    gc.freeze()
    if not was_frozen:
        gc.unfreeze()


@contextmanager
def frozen_meanwhile():
    """What exists now is frozen for the block (kept out of the collector's scans, and shared by
    forked children without copy-on-write faults from them), then thawed, unless it was frozen
    before: a caller's freeze is the caller's to undo."""
    was_frozen = _State.frozen
    freeze()
    try:
        yield
    finally:
        if not was_frozen:
            thaw()
