"""The validation cache written by a forked child (validate_spaces(save_in_background=True), as
the build does): the files are those a save in this process writes, the next cache waits for
them, and this process keeps them in memory as if it had written them."""
from __future__ import annotations

import pickle
from datetime import date

import pytest

from landhub_spaces import kept_pickles, validation_cache
from landhub_spaces.validation import SpaceValidator, validate_spaces
from site_helpers import SyntheticSite, good_space_text

TODAY = date(2026, 6, 1)
pytestmark = pytest.mark.usefixtures("two_cores")  # on one core too (conftest)


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    s = SyntheticSite(tmp_path)
    for n in range(12):
        s.write_space(f"sted-{n:02d}.yaml", good_space_text(f"Sted {n:02d}"))
    s.write_space("sted-bad.yaml", good_space_text("Sted Bad", website="website: ftp://x"))
    return s


def _validate(site, background):
    result = validate_spaces(site.spaces, TODAY, site.content / "images" / "spaces",
                             save_in_background=background)
    return result.spaces, [str(p) for p in result.problems]


def _stored(folder):
    with (folder / "landhub-validated.pickle").open("rb") as stream:
        results = pickle.load(stream)["results"]
    with (folder / "landhub-file-states.pickle").open("rb") as stream:
        files = pickle.load(stream)["files"]
    return results, files


def test_a_child_writes_what_this_process_would(site, tmp_path_factory):
    here = _validate(site, background=False)
    cache = site.root / ".cache"
    expected = _stored(cache)
    moved = tmp_path_factory.mktemp("moved")
    cache.rename(moved / ".cache")
    assert _validate(site, background=True) == here
    assert len(validation_cache._SAVING) == 1
    validation_cache.finish_saves()
    assert validation_cache._SAVING == []
    results, files = _stored(cache)
    assert results == expected[0]  # the same keys, Spaces and problems
    assert files.keys() == expected[1].keys()


def test_the_next_validation_waits_for_the_save_and_checks_nothing(site, monkeypatch):
    first = _validate(site, background=True)
    checked = []
    real = SpaceValidator._check_batch
    monkeypatch.setattr(SpaceValidator, "_check_batch", lambda self, paths: checked.extend(paths) or real(self, paths))
    assert _validate(site, background=False) == first  # its ValidationCache waited for the child
    assert checked == []
    assert validation_cache._SAVING == []


def test_this_process_keeps_what_the_child_wrote(site):
    _validate(site, background=True)
    validation_cache.finish_saves()
    path = site.root / ".cache" / "landhub-validated.pickle"
    kept = kept_pickles._KEPT[str(path)][1]
    assert kept_pickles.load_kept(path) is kept  # not read from disk again
    with path.open("rb") as stream:
        assert pickle.load(stream) == kept


def test_a_few_changes_are_written_here(site):
    """A warm build's small changes file is written at once: no fork for it."""
    for n in range(12, 24):  # one file in 24 changed: a changes file (validation_cache.CHANGES_SHARE)
        site.write_space(f"sted-{n:02d}.yaml", good_space_text(f"Sted {n:02d}"))
    _validate(site, background=True)
    validation_cache.finish_saves()
    site.write_space("sted-00.yaml", good_space_text("Sted 00", desks="desks: 9"))
    changes = site.root / ".cache" / "landhub-validated-changes.pickle"
    assert not changes.exists()
    _validate(site, background=True)
    assert validation_cache._SAVING == []
    assert changes.is_file()
