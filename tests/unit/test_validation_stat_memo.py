"""The stat memo (validation_cache.StatMemo) spares a warm build reading every space file, and
never hands back a stale result: a file whose size, times, inode or device changed, or whose
times are too close to the build that read it ("racy", as git calls it), is read again."""
from __future__ import annotations

import os
import pickle
import time
from datetime import date

import pytest

from landhub_spaces import file_states, validation_cache
from landhub_spaces.validation import validate_spaces
from landhub_spaces.vocab import load_vocabulary
from site_helpers import SyntheticSite, good_space_text, png_bytes

TODAY = date(2026, 6, 1)
SKOVEN = "Cowork Skoven Mo-Fr 08:00-17:00"
BEFORE = ["Cowork Havet Mo-Fr 08:00-17:00", SKOVEN]
AFTER = ["Cowork Havet Mo-Fr 09:00-17:00", SKOVEN]  # after the same-size edit
OLD = 1_600_000_000_000_000_000  # ns: 2020, far outside the racy window


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    s = SyntheticSite(tmp_path)
    for name in ("cowork-havet", "cowork-skoven"):
        s.write_space(f"{name}.yaml", good_space_text(name.replace("-", " ").title()))
        os.utime(s.spaces / f"{name}.yaml", ns=(OLD, OLD))
    return s


def _validate(site):
    result = validate_spaces(site.spaces, TODAY, site.content / "images" / "spaces")
    return [f"{s.name} {s.opening_hours}" for s in result.spaces], [str(p) for p in result.problems]


def _memo_file(site):
    return site.root / ".cache" / "landhub-file-states.pickle"


def _memo(site):
    return pickle.loads(_memo_file(site).read_bytes())


def _same_size_edit(path, old: str, new: str):
    """Change the file's bytes, keep its size and put its mtime back: only ctime (and the racy
    check) can tell."""
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    assert len(old) == len(new) and old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns


def _age(site):
    """Date the memo's build 10 s later, as if the files had been written well before it: a
    file written during a test is always inside the racy window (its ctime is now)."""
    memo = _memo(site)
    memo["began"] = time.time_ns() + 10 * 10**9
    _memo_file(site).write_bytes(pickle.dumps(memo))


def _warm(site):
    """Two builds: the first reads every file; the memo it wrote vouches for all of them in the
    second, which therefore writes no new memo."""
    first = _validate(site)
    _age(site)
    written = _memo_file(site).stat().st_mtime_ns
    assert _validate(site) == first
    assert _memo_file(site).stat().st_mtime_ns == written
    return first


def test_the_memo_keeps_each_files_state_and_digest(site):
    _warm(site)
    memo = _memo(site)
    path = site.spaces / "cowork-havet.yaml"
    entry = memo["files"][str(path)]
    assert entry[:5] == validation_cache.file_state(str(path))
    assert entry[5] == validation_cache.read_digest(str(path))[1]
    assert sorted(memo["files"]) == [str(site.spaces / f"{n}.yaml") for n in ("cowork-havet", "cowork-skoven")]


def test_a_same_size_edit_with_the_old_mtime_is_checked_again_through_its_ctime(site):
    _warm(site)
    _same_size_edit(site.spaces / "cowork-havet.yaml", "lat: 57.0412", "lat: 97.0412")
    names, problems = _validate(site)
    assert names == [SKOVEN] and any("cowork-havet.yaml" in p for p in problems)


def test_a_replaced_file_with_the_same_size_and_times_is_checked_again(site):
    _warm(site)
    path = site.spaces / "cowork-havet.yaml"
    stat = path.stat()
    other = site.root / "replacement.yaml"
    other.write_text(path.read_text(encoding="utf-8").replace("08:00-17:00", "09:00-17:00"),
                     encoding="utf-8")
    os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(other, path)
    assert path.stat().st_ino != stat.st_ino
    assert _validate(site)[0] == AFTER


def _stale_memo(site, began: int):
    """A memo whose entry for cowork-havet.yaml has the file's state NOW but the digest of its
    bytes BEFORE a same-size edit: what an edit in the same clock tick as the read leaves."""
    _warm(site)
    path = site.spaces / "cowork-havet.yaml"
    before = validation_cache.read_digest(str(path))[1]
    path.write_text(path.read_text(encoding="utf-8").replace("08:00-17:00", "09:00-17:00"),
                    encoding="utf-8")  # mtime and ctime: now
    memo = _memo(site)
    memo["files"][str(path)] = validation_cache.file_state(str(path)) + (before,)
    memo["began"] = began
    _memo_file(site).write_bytes(pickle.dumps(memo))


def test_a_file_changed_within_the_racy_window_is_read_again_though_its_state_matches(site):
    _stale_memo(site, began=time.time_ns())  # the memo's build began as the file changed
    assert _validate(site)[0] == AFTER


def test_a_file_dated_in_the_future_is_read_again(site):
    path = site.spaces / "cowork-havet.yaml"
    future = time.time_ns() + 3600 * 10**9
    os.utime(path, ns=(future, future))
    assert _validate(site)[0] == BEFORE
    _same_size_edit(path, "08:00-17:00", "09:00-17:00")
    memo = _memo(site)
    memo["files"][str(path)] = validation_cache.file_state(str(path)) + (memo["files"][str(path)][5],)
    memo["began"] = future + 3600 * 10**9  # even a memo "newer" than the file does not vouch
    _memo_file(site).write_bytes(pickle.dumps(memo))
    assert _validate(site)[0] == AFTER


def test_outside_the_racy_window_the_memo_is_trusted(site):
    """The other side of the racy test: the same stale memo, from a build that began well
    after the file's times, is believed (the state is all a warm build looks at). This is
    what spares the reads, and shows the window above is what catches the edit."""
    _stale_memo(site, began=time.time_ns() + 10 * 10**9)
    assert _validate(site)[0] == BEFORE


def test_a_racy_file_is_read_on_every_build_until_it_is_older_than_the_window(site):
    _warm(site)
    path = site.spaces / "cowork-havet.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("08:00-17:00", "09:00-17:00"),
                    encoding="utf-8")
    assert _validate(site)[0] == AFTER
    memo = _memo(site)
    assert memo["files"][str(path)][:5] == validation_cache.file_state(str(path))
    began = memo["began"]
    assert path.stat().st_mtime_ns >= began - file_states.RACY_NS  # racy for that memo
    assert _validate(site)[0] == AFTER
    assert _memo(site)["began"] > began  # read again, so the memo was written again
    _age(site)
    written = _memo_file(site).stat().st_mtime_ns
    assert _validate(site)[0] == AFTER
    assert _memo_file(site).stat().st_mtime_ns == written  # now vouched for: not read


def test_a_vocabulary_change_still_checks_every_file_again(site):
    _warm(site)
    municipalities = site.spaces / "_vocab" / "municipalities.yaml"
    municipalities.write_text(municipalities.read_text(encoding="utf-8").replace("Thisted", "Thy"),
                              encoding="utf-8")
    load_vocabulary.cache_clear()  # as a new process would
    names, problems = _validate(site)
    assert not names and len([p for p in problems if "municipality" in p]) == 2


@pytest.mark.parametrize("damage", [
    b"not a pickle",
    pickle.dumps({"format": validation_cache.MEMO_FORMAT, "began": 0, "files": {"x": (1, 2)}}),
    pickle.dumps({"format": validation_cache.MEMO_FORMAT, "began": "soon", "files": {}}),
    pickle.dumps([1, 2, 3]),
])
def test_a_damaged_memo_is_ignored(site, damage):
    first = _warm(site)
    _memo_file(site).write_bytes(damage)
    _same_size_edit(site.spaces / "cowork-havet.yaml", "08:00-17:00", "09:00-17:00")
    assert _validate(site)[0] == AFTER
    assert first[0] == BEFORE
    assert str(site.spaces / "cowork-havet.yaml") in _memo(site)["files"]  # written afresh


def test_a_photo_added_after_the_memo_is_seen(site):
    site.write_space("cowork-havet.yaml", good_space_text(
        "Cowork Havet", photos="photos:\n  - file: desk.png\n    alt: Desks by the window"))
    os.utime(site.spaces / "cowork-havet.yaml", ns=(OLD, OLD))
    names, problems = _warm(site)
    assert names == [SKOVEN] and any("desk.png" in p for p in problems)
    folder = site.content / "images" / "spaces" / "cowork-havet"
    folder.mkdir(parents=True)
    (folder / "desk.png").write_bytes(png_bytes(1200, 800))
    assert _validate(site) == (BEFORE, [])
    (folder / "desk.png").unlink()
    names, problems = _validate(site)
    assert names == [SKOVEN] and any("desk.png" in p for p in problems)
