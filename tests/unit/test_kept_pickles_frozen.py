"""kept_pickles.load told whether the caller's heap is frozen (heap_frozen=), as the exports do
inside the generator's frozen heap, instead of counting the frozen objects (a walk of them all)."""
from __future__ import annotations

import gc

from landhub_spaces.kept_pickles import load, load_kept, save


def _is_frozen(thing: object) -> bool:
    # gc.get_objects() lists the collector's generations; a frozen object is in none of them.
    return not any(tracked is thing for tracked in gc.get_objects())


def test_told_frozen_keeps_the_callers_heap_and_the_loaded_objects_frozen(tmp_path):
    path = tmp_path / "p.pickle"
    assert save(path, {"pieces": [["a"], ["b"]]})
    kept = ["the caller's long-lived object"]
    gc.freeze()
    try:
        loaded = load(path, heap_frozen=True)
        assert _is_frozen(kept) and _is_frozen(loaded["pieces"])
        loaded_again = load_kept(tmp_path / "p.pickle", heap_frozen=True)
        assert loaded_again == loaded and _is_frozen(kept)
    finally:
        gc.unfreeze()


def test_told_not_frozen_or_not_told_leaves_nothing_frozen(tmp_path):
    path = tmp_path / "p.pickle"
    assert save(path, {"pieces": [["a"], ["b"]]})
    before = ["made before the load"]
    for told in (False, None):
        loaded = load(path, heap_frozen=told)
        assert loaded == {"pieces": [["a"], ["b"]]}
        assert not _is_frozen(before) and not _is_frozen(loaded["pieces"])


def test_not_told_counts_a_frozen_heap_and_keeps_it_frozen(tmp_path):
    path = tmp_path / "p.pickle"
    assert save(path, [["x"]])
    kept = ["the caller's long-lived object"]
    gc.freeze()
    try:
        load(path)
        assert _is_frozen(kept)
    finally:
        gc.unfreeze()
