"""A space file saved again while a build checks it must not leave its second version's result
filed under the first version's key: when the file later returns to the first bytes, that
result would be handed back for them. The file's state is looked at again before a result is
stored; a changed file's result is used for that build only. (The worker processes of a
first build read each file once, for its key and its check, so there the race cannot happen.)"""
from __future__ import annotations

from datetime import date

import pytest

from landhub_spaces import validation
from landhub_spaces.validation import SpaceValidator, validate_spaces
from site_helpers import SyntheticSite, good_space_text

TODAY = date(2026, 6, 1)
GOOD = good_space_text("Cowork Havet")
BAD = good_space_text("Cowork Havet", website="website: ftp://havet.example.dk/")


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    s = SyntheticSite(tmp_path)
    s.write_space("cowork-havet.yaml", GOOD)
    for n in range(5):
        s.write_space(f"sted-{n}.yaml", good_space_text(f"Sted {n}"))
    return s


def _validate(site):
    result = validate_spaces(site.spaces, TODAY, site.content / "images" / "spaces")
    return sorted(s.slug for s in result.spaces), [str(p) for p in result.problems]


def _saved_again_while_checked(site, monkeypatch):
    """Save cowork-havet.yaml with other bytes just before it is read for its check (after its
    key was made from the first bytes), as an editor saving twice during a build would."""
    path = site.spaces / "cowork-havet.yaml"
    real_check = SpaceValidator._check_batch

    def check_after_a_save(self, paths):
        if path in paths:
            path.write_text(BAD, encoding="utf-8")
        return real_check(self, paths)

    monkeypatch.setattr(SpaceValidator, "_check_batch", check_after_a_save)


@pytest.mark.parametrize("cores", [1, 2])
def test_a_file_saved_again_during_the_check_is_not_filed_under_its_first_key(site, monkeypatch, cores):
    clean = _validate(site)
    assert not clean[1] and len(clean[0]) == 6
    (site.root / ".cache" / "landhub-validated.pickle").unlink()  # checked anew, keys and all
    (site.root / ".cache" / "landhub-file-states.pickle").unlink()
    if cores == 2:  # the worker processes make the keys and check (a first build)
        monkeypatch.setattr(validation, "PARALLEL_FROM", 2)
        monkeypatch.setattr(validation, "usable_cores", lambda: 2)
    _saved_again_while_checked(site, monkeypatch)
    during = _validate(site)
    monkeypatch.undo()
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    if cores == 1:
        assert any("ftp://havet" in problem for problem in during[1])  # this build used what it read
    else:  # the workers check the very bytes they made the key from, read once
        assert during == clean
        assert any("ftp://havet" in problem for problem in _validate(site)[1])  # the save is seen next
    (site.spaces / "cowork-havet.yaml").write_text(GOOD, encoding="utf-8")  # back to the first bytes
    assert _validate(site) == clean


def test_a_file_saved_again_during_a_warm_check_is_not_filed_either(site, monkeypatch):
    clean = _validate(site)
    (site.spaces / "cowork-havet.yaml").write_text(GOOD + "\n", encoding="utf-8")  # a new key
    _saved_again_while_checked(site, monkeypatch)
    assert any("ftp://havet" in problem for problem in _validate(site)[1])
    monkeypatch.undo()
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    (site.spaces / "cowork-havet.yaml").write_text(GOOD + "\n", encoding="utf-8")
    assert _validate(site) == clean
