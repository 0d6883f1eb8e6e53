"""After a small edit the validation cache writes only what came and went (a "changes" pickle
beside the big one) instead of rewriting every result; the two read together give the same
results, and a damaged or orphaned changes file only means files checked again."""
from __future__ import annotations

import pickle
from datetime import date

import pytest

from landhub_spaces import validation_cache
from landhub_spaces.validation import validate_spaces
from site_helpers import SyntheticSite, good_space_text

TODAY = date(2026, 6, 1)
COUNT = 20


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    s = SyntheticSite(tmp_path)
    for n in range(COUNT):
        s.write_space(f"sted-{n:02d}.yaml", good_space_text(f"Sted {n:02d}"))
    return s


def _validate(site):
    result = validate_spaces(site.spaces, TODAY, site.content / "images" / "spaces")
    return [(s.name, s.opening_hours) for s in result.spaces], [str(p) for p in result.problems]


def _whole(site):
    return site.root / ".cache" / "landhub-validated.pickle"


def _changes(site):
    return site.root / ".cache" / "landhub-validated-changes.pickle"


def _edit(site, n: int, hours: str):
    site.write_space(f"sted-{n:02d}.yaml", good_space_text(
        f"Sted {n:02d}", opening_hours=f"opening_hours: {hours}"))


def _expected(edited: dict[int, str]):
    return [(f"Sted {n:02d}", edited.get(n, "Mo-Fr 08:00-17:00")) for n in range(COUNT)]


def test_one_edit_writes_only_the_changes_and_the_next_build_reads_both(site):
    _validate(site)
    whole = _whole(site).read_bytes()
    _edit(site, 3, "Mo-Fr 09:00-17:00")
    assert _validate(site) == (_expected({3: "Mo-Fr 09:00-17:00"}), [])
    assert _whole(site).read_bytes() == whole  # the 20 results are not written again
    changes = pickle.loads(_changes(site).read_bytes())
    assert changes["token"] == pickle.loads(whole)["token"]
    assert len(changes["added"]) == 1 and len(changes["removed"]) == 1
    written = _changes(site).stat().st_mtime_ns
    assert _validate(site) == (_expected({3: "Mo-Fr 09:00-17:00"}), [])  # from both files
    assert _changes(site).stat().st_mtime_ns == written  # nothing new: nothing written
    cache = validation_cache.ValidationCache(site.root / ".cache")
    assert len(cache.old) == COUNT  # the replaced result is gone, the new one is in


def test_many_changes_rewrite_the_whole_cache_and_orphan_the_old_changes(site):
    _validate(site)
    token = pickle.loads(_whole(site).read_bytes())["token"]
    _edit(site, 1, "Mo-Fr 09:00-17:00")
    _validate(site)
    edited = {n: "Mo-Fr 10:00-17:00" for n in range(COUNT // 2)}
    for n, hours in edited.items():
        _edit(site, n, hours)
    assert _validate(site) == (_expected(edited), [])
    whole = pickle.loads(_whole(site).read_bytes())
    assert whole["token"] != token and len(whole["results"]) == COUNT
    assert _validate(site) == (_expected(edited), [])  # the old changes file is not applied


@pytest.mark.parametrize("damage", [b"not a pickle", pickle.dumps({"format": 1, "token": None})])
def test_a_damaged_changes_file_is_ignored(site, damage):
    _validate(site)
    _edit(site, 3, "Mo-Fr 09:00-17:00")
    _validate(site)
    _changes(site).write_bytes(damage)
    assert _validate(site) == (_expected({3: "Mo-Fr 09:00-17:00"}), [])
