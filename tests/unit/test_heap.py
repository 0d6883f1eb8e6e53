"""heap.py knows whether the process holds objects frozen without counting them, and the steps
that freeze for themselves (a pickle loaded, the render pool, the generator's output) leave a
caller's frozen heap frozen and an unfrozen one unfrozen."""
from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest

from landhub_spaces import heap
from landhub_spaces.kept_pickles import load, load_kept, save

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"


def is_frozen(thing: object) -> bool:
    # gc.get_objects() lists the collector's generations; a frozen object is in none of them.
    # (The freeze count cannot tell: frozen objects freed by reference counting lower it.)
    return not any(tracked is thing for tracked in gc.get_objects())


@pytest.fixture
def long_lived():
    """A process that keeps its heap frozen, as make serve does between rebuilds."""
    kept = ["the caller's long-lived object"]
    heap.freeze()
    try:
        yield kept
    finally:
        heap.thaw()


def test_frozen_follows_freeze_and_thaw():
    assert not heap.frozen()
    heap.freeze()
    try:
        assert heap.frozen()
    finally:
        heap.thaw()
    assert not heap.frozen()


def test_a_load_in_a_frozen_heap_keeps_it_and_the_loaded_objects_frozen(tmp_path, long_lived):
    path = tmp_path / "p.pickle"
    assert save(path, {"pieces": [["a"], ["b"]]})
    loaded = load(path)
    assert is_frozen(long_lived) and is_frozen(loaded["pieces"])
    assert load_kept(path) == loaded and is_frozen(long_lived)


def test_a_load_in_an_unfrozen_heap_leaves_nothing_frozen(tmp_path):
    path = tmp_path / "p.pickle"
    assert save(path, {"pieces": [["a"], ["b"]]})
    before = ["made before the load"]
    loaded = load(path)
    assert loaded == {"pieces": [["a"], ["b"]]}
    assert not is_frozen(before) and not is_frozen(loaded["pieces"])
    assert not heap.frozen()


def test_frozen_meanwhile_thaws_only_what_it_froze(long_lived):
    with heap.frozen_meanwhile():
        assert heap.frozen()
    assert heap.frozen() and is_frozen(long_lived)
    heap.thaw()
    made = ["made in an unfrozen heap"]
    with heap.frozen_meanwhile():
        assert is_frozen(made)
    assert not heap.frozen() and not is_frozen(made)
    heap.freeze()  # the fixture thaws


def test_the_plugins_freeze_and_thaw_only_through_heap():
    # Whoever calls gc.freeze() or gc.unfreeze() past heap.py leaves heap.frozen() wrong.
    direct = re.compile(r"\bgc\.(freeze|unfreeze|get_freeze_count)\(")
    callers = sorted(str(path.relative_to(PLUGINS)) for path in PLUGINS.rglob("*.py")
                     if path.name != "heap.py" and direct.search(path.read_text(encoding="utf-8")))
    assert callers == []
