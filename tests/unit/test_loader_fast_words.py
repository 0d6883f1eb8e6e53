"""loader_fast keeps what each plain word meant (loader_fast._RESOLVED): a word read again
means what resolve_plain_scalar says of it, whatever was read before, and floats (NaN) are
never kept."""
from __future__ import annotations

import math

from landhub_spaces import loader, loader_fast

WORDS = ("1", "01", "0800", "1.5", ".nan", ".inf", "-.inf", "true", "True", "TRUE", "false", "null",
         "~", "Null", "0x1F", "0o17", "1e3", "2026-01-15", "kitchen", "yes", "no", "on", "+1", "-0")


def _read(word: str):
    return loader_fast.read_simple(f"a: {word}\nb: {word}\n")[0]


def test_a_word_read_again_means_the_same():
    loader_fast._RESOLVED.clear()
    for word in WORDS * 2:  # the second time from what is kept
        data = _read(word)
        expected = loader.resolve_plain_scalar(word)
        for value in data.values():
            assert type(value) is type(expected), word
            if isinstance(expected, float) and math.isnan(expected):
                assert math.isnan(value)
            else:
                assert value == expected, word


def test_floats_are_not_kept_and_the_store_is_bounded(monkeypatch):
    loader_fast._RESOLVED.clear()
    _read("1.25")
    _read(".nan")
    assert "1.25" not in loader_fast._RESOLVED and ".nan" not in loader_fast._RESOLVED
    monkeypatch.setattr(loader_fast, "_RESOLVED_MAX", 3)
    for number in range(10):
        assert _read(str(number)) == {"a": number, "b": number}
        assert len(loader_fast._RESOLVED) <= 3
