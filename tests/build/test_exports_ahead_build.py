"""A real build with the exports' pieces made ahead (generator._start_pieces_ahead, forced on a
small site) writes the bytes of a build that makes them at the end, cold and with caches."""
from __future__ import annotations

import filecmp

import pytest

from landhub_spaces import export_cache, generator
from site_helpers import SyntheticSite, good_space_text

pytestmark = pytest.mark.usefixtures("two_cores")  # on one core too (conftest)


def _site(root):
    site = SyntheticSite(root)
    for n in range(12):
        site.write_space(f"sted-{n:02d}.yaml", good_space_text(f"Sted {n:02d}"))
    return site


def _same_tree(a, b):
    compared = filecmp.dircmp(a, b)
    stack = [compared]
    while stack:
        c = stack.pop()
        assert not c.left_only and not c.right_only and not c.funny_files, (c.left, c.left_only, c.right_only)
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        assert not mismatch and not errors, (c.left, mismatch, errors)
        stack.extend(c.subdirs.values())


@pytest.mark.parametrize("no_cache", ["", "1"])
def test_pieces_made_ahead_give_the_same_site(tmp_path, monkeypatch, no_cache):
    monkeypatch.setenv("LANDHUB_NO_CACHE", no_cache)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    started = []
    real = export_cache.PiecesAhead

    def counted(*args):
        started.append(args)
        return real(*args)

    monkeypatch.setattr(export_cache, "PiecesAhead", counted)
    plain = _site(tmp_path / "plain")
    assert plain.build() == 0
    assert started == []  # 12 spaces: below AHEAD_FROM
    monkeypatch.setattr(generator, "AHEAD_FROM", 1)

    def not_here(*args):
        raise AssertionError("pieces made at the end, not taken from the child")

    # the ways the exports make pieces themselves (the child uses export_cache's pieces_of)
    monkeypatch.setattr(export_cache, "space_pieces", not_here)
    monkeypatch.setattr(generator.exports, "pieces_of", not_here)
    ahead = _site(tmp_path / "ahead")
    assert ahead.build() == 0
    assert len(started) == 1
    _same_tree(plain.output, ahead.output)
    if not no_cache:
        # the pieces file exists now: a second build makes none ahead, and is the same site
        assert (ahead.root / ".cache" / export_cache.WHOLE).is_file()
        assert ahead.build() == 0
        assert len(started) == 1
        _same_tree(plain.output, ahead.output)
