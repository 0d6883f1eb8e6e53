"""A warm validation in a new process makes its files' keys in a forked child
(validation_cache.KeysAhead) while it loads the results pickle: the same keys, states and
results as when made here, the stat memo saved by the child, and a child that fails is not
taken: the keys are made here, the memo not written by both."""
from __future__ import annotations

import os
import pickle
from datetime import date

import pytest

from landhub_spaces import kept_pickles, validation_cache
from landhub_spaces.file_states import file_state
from landhub_spaces.validation import SpaceValidator, space_files, start_validation, validate_spaces
from site_helpers import SyntheticSite, good_space_text

TODAY = date(2026, 6, 1)
COUNT = 12
OLD = 1_600_000_000_000_000_000  # ns: 2020, far outside the racy window

pytestmark = pytest.mark.usefixtures("two_cores")  # on one core too (conftest)


class Recorded(validation_cache.KeysAhead):
    """The real KeysAhead, remembering what each one answered."""
    answers: list = []

    def answer(self):
        result = super().answer()
        Recorded.answers.append(result)
        return result


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    monkeypatch.setattr(validation_cache, "KEYS_AHEAD_FROM", 1)
    monkeypatch.setattr(validation_cache, "KeysAhead", Recorded)
    Recorded.answers = []
    s = SyntheticSite(tmp_path)
    for n in range(COUNT):
        path = s.write_space(f"sted-{n:02d}.yaml", good_space_text(f"Sted {n:02d}"))
        os.utime(path, ns=(OLD, OLD))
    s.write_space("broken.yaml", "name: [unclosed\n")
    os.utime(s.spaces / "broken.yaml", ns=(OLD, OLD))
    return s


def _folder(site):
    return site.root / ".cache"


def _validate(site, new_process: bool = True):
    if new_process:  # a new process has nothing kept in memory
        for name in ("landhub-validated.pickle", "landhub-validated-changes.pickle",
                     "landhub-file-states.pickle"):
            kept_pickles.forget_kept(_folder(site) / name)
    result = validate_spaces(site.spaces, TODAY, site.content / "images" / "spaces")
    validation_cache.finish_saves()
    return ([(s.slug, s.name, s.opening_hours) for s in result.spaces],
            [str(p) for p in result.problems], result.space_keys)


def _edit(site, n: int, hours: str):
    site.write_space(f"sted-{n:02d}.yaml", good_space_text(
        f"Sted {n:02d}", opening_hours=f"opening_hours: {hours}"))


def test_keys_from_the_child_give_what_this_process_gives(site, monkeypatch):
    first = _validate(site)
    assert Recorded.answers == []  # a first build: no results pickle to overlap with
    assert first[1] and len(first[0]) == COUNT  # the broken file's problem, reported
    assert _validate(site) == first  # every key from the child, every result stored
    assert len(Recorded.answers) == 1 and Recorded.answers[0] is not None
    _edit(site, 3, "Mo-Fr 09:00-17:00")
    with_child = _validate(site)
    assert len(Recorded.answers) == 2 and Recorded.answers[1] is not None
    assert ("sted-03", "Sted 03", "Mo-Fr 09:00-17:00") in with_child[0]
    monkeypatch.setattr(validation_cache, "KEYS_AHEAD_FROM", 10 ** 9)
    assert _validate(site) == with_child  # keys made here: the same
    assert len(Recorded.answers) == 2
    # kept in memory (a long-lived process): nothing to overlap, no child
    monkeypatch.setattr(validation_cache, "KEYS_AHEAD_FROM", 1)
    assert _validate(site, new_process=False) == with_child
    assert len(Recorded.answers) == 2


def test_the_child_saves_the_memo_and_states_match_the_files(site):
    _validate(site)
    _edit(site, 5, "Mo-Fr 10:00-17:00")
    folder = _folder(site)
    memo_before = (folder / "landhub-file-states.pickle").read_bytes()
    _validate(site)
    keys, states = Recorded.answers[-1]
    files = space_files(site.spaces)
    for index, path in enumerate(files):
        assert states[index] == file_state(path)
    memo = pickle.loads((folder / "landhub-file-states.pickle").read_bytes())
    assert memo != pickle.loads(memo_before)
    edited = str(site.spaces / "sted-05.yaml")
    assert memo["files"][edited][:5] == file_state(edited)
    assert set(memo["files"]) == {str(path) for path in files}


def test_an_unreadable_file_has_no_key_and_no_state(site):
    _validate(site)
    folder = _folder(site)
    files = space_files(site.spaces) + [site.spaces / "gone.yaml"]
    validator = SpaceValidator(site.spaces, TODAY, site.content / "images" / "spaces")
    setup = validator.setup_digest()
    ahead = validation_cache.KeysAhead(folder, setup, files, validator.display,
                                       validator.context.images_dir)
    keys, states = ahead.answer()
    validation_cache.finish_saves()
    assert keys[-1] is None and states[-1] is None
    here_states: list = []
    here = validation_cache.memo_file_keys(setup, files, validator.display,
                                           validator.context.images_dir,
                                           validation_cache.StatMemo(folder), here_states)
    assert keys == here
    assert [states[i] for i in range(len(files))] == here_states
    with pytest.raises(IndexError):
        states[len(files)]


def test_a_failing_child_is_not_taken_and_writes_no_memo(site):
    _validate(site)
    folder = _folder(site)
    _edit(site, 7, "Mo-Fr 07:00-17:00")  # a memo the child would have to write
    memo_before = (folder / "landhub-file-states.pickle").read_bytes()
    validator = SpaceValidator(site.spaces, TODAY, site.content / "images" / "spaces")

    def display(path, is_link=None, text=None):
        raise RuntimeError("a display that fails in the child")

    ahead = validation_cache.KeysAhead(folder, validator.setup_digest(), space_files(site.spaces),
                                       display, validator.context.images_dir)
    assert ahead.answer() is None
    assert ahead.child.pid is None  # reaped before the keys are made here
    assert validation_cache._SAVING == []
    assert (folder / "landhub-file-states.pickle").read_bytes() == memo_before


def test_started_early_gives_the_same_and_is_dropped_when_not_the_same_validation(site):
    first = _validate(site)
    _edit(site, 2, "Mo-Fr 08:30-17:00")
    images = site.content / "images" / "spaces"
    _validate(site)  # the memo and results of this state
    for name in ("landhub-validated.pickle", "landhub-validated-changes.pickle"):
        kept_pickles.forget_kept(_folder(site) / name)
    started = start_validation(site.spaces, TODAY, images)
    assert started._keys_ahead is not None
    result = validate_spaces(site.spaces, TODAY, images, started=started)
    validation_cache.finish_saves()
    assert Recorded.answers[-1] is not None and started._keys_ahead is None
    assert [(s.slug, s.name, s.opening_hours) for s in result.spaces] != first[0]
    # another day: the started one is not used, its child reaped
    for name in ("landhub-validated.pickle", "landhub-validated-changes.pickle"):
        kept_pickles.forget_kept(_folder(site) / name)
    started = start_validation(site.spaces, TODAY, images)
    child = started._keys_ahead.child
    other = validate_spaces(site.spaces, date(2026, 6, 2), images, started=started)
    validation_cache.finish_saves()
    assert started._keys_ahead is None and child.pid is None
    assert len(other.spaces) == COUNT


def test_one_never_asked_is_reaped_by_the_next(site):
    _validate(site)
    for name in ("landhub-validated.pickle", "landhub-validated-changes.pickle"):
        kept_pickles.forget_kept(_folder(site) / name)
    images = site.content / "images" / "spaces"
    stopped = start_validation(site.spaces, TODAY, images)  # a build that stopped before validating
    child = stopped._keys_ahead.child
    again = start_validation(site.spaces, TODAY, images)
    assert child.pid is None and validation_cache._UNANSWERED == [again._keys_ahead]
    validate_spaces(site.spaces, TODAY, images, started=again)
    validation_cache.finish_saves()
    assert validation_cache._UNANSWERED == [] and validation_cache._SAVING == []
