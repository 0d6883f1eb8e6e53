"""Reused page folders listed only when changed (staging.py's folder records, issue 7): a build
that takes a folder tree from the spare output trusts each folder's recorded entries while the
folder's state (inode, mtime, ctime) is the recorded one, and lists it otherwise. Strays and
replaced files must still be found; the list pages' folders (a-z/, regions/, municipalities/)
are reused as the space pages' are; every warm build equals a cold one."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from landhub_spaces import file_states, render_pool, staging
from landhub_spaces.render_pool import Answer
from landhub_spaces.staging import StagedOutput, reuse_folder
from test_output_spare import cold, site, spare_of, warm  # noqa: F401 - the fixture

# The test's folders are made a moment before they are recorded; the racy-timestamp rule would
# leave them out for two seconds. A folder changed after its record is made still shows a new
# mtime: the record is taken at least this long after the folder's last change.
SHORT_RACY_NS = 20_000_000


class Listings:
    """staging._listing, counting the folders it really lists (the rest came from records)."""

    def __init__(self, monkeypatch):
        self.folders: list[str] = []
        real = staging._listing

        def listing(folder):
            self.folders.append(folder)
            return real(folder)

        monkeypatch.setattr(staging, "_listing", listing)


def page_tree(root: Path, names) -> None:
    for name in names:
        (root / "spaces" / name).mkdir(parents=True)
        (root / "spaces" / name / "index.html").write_text(f"page {name}")


def one_build(target: Path, cache: Path, keep: set[str]) -> dict[str, int]:
    """A build as the generator makes it: the spare's folder reused, the kept pages returned."""
    with StagedOutput(target, trash=cache / "trash", spare=cache / "spare", reuse="spaces") as staged:
        kept = reuse_folder(staged.path, keep)
        for path in keep - kept.keys():
            (staged.path / path).parent.mkdir(parents=True, exist_ok=True)
            (staged.path / path).write_text("new " + path)
        staged.publish()
    return kept


def three_builds(target: Path, cache: Path, keep: set[str]) -> Path:
    """The first output's tree taken by the second build (listed and recorded) and back in the
    spare after the third; returns the spare."""
    for _ in range(3):
        time.sleep(2 * SHORT_RACY_NS / 1e9)  # the folders are not recent when recorded
        one_build(target, cache, keep)
    spare = spare_of_target(target, cache)
    assert record_of(spare).is_file()
    return spare


def recorded_spare(tmp_path: Path, monkeypatch, names) -> tuple[Path, Path, set[str], Path]:
    """A page tree of `names` built three times, so its spare has a record: (target, cache,
    keep, spare)."""
    monkeypatch.setattr(file_states, "RACY_NS", SHORT_RACY_NS)
    target, cache = tmp_path / "output", tmp_path / ".cache"
    keep = {f"spaces/{name}/index.html" for name in names}
    page_tree(target, names)
    return target, cache, keep, three_builds(target, cache, keep)


def record_of(spare: Path) -> Path:
    found = os.lstat(spare / "spaces")
    return spare.with_name(f"{spare.name}.folders-{found.st_dev}-{found.st_ino}")


def test_unchanged_folders_come_from_the_record_and_changes_are_still_seen(tmp_path, monkeypatch):
    names = [f"s{i}" for i in range(20)]
    target, cache, keep, spare = recorded_spare(tmp_path, monkeypatch, names)

    # In the spare (the tree just recorded): a stray file, a stray folder, a page replaced
    # (a new inode), a page removed; one folder changed only in a file's content.
    (spare / "spaces" / "s1" / "stray.txt").write_text("left by someone")
    (spare / "spaces" / "s2" / "sub").mkdir()
    (spare / "spaces" / "s3" / "index.html").unlink()
    (spare / "spaces" / "s3" / "index.html").write_text("replaced")
    (spare / "spaces" / "s4" / "index.html").unlink()
    expected = {f"spaces/{name}/index.html": os.lstat(spare / "spaces" / name / "index.html").st_ino
                for name in names if name != "s4"}
    listings = Listings(monkeypatch)
    kept = one_build(target, cache, keep)

    assert kept == expected  # the replaced page is reported by its new inode
    listed = sorted(Path(f).name for f in listings.folders)
    assert listed == ["s1", "s2", "s3", "s4", "spaces"]  # the rest: one lstat each, from the record
    assert sorted(p.name for p in (target / "spaces" / "s1").iterdir()) == ["index.html"]
    assert sorted(p.name for p in (target / "spaces" / "s2").iterdir()) == ["index.html"]
    assert (target / "spaces" / "s4" / "index.html").read_text() == "new spaces/s4/index.html"


def test_a_damaged_or_foreign_record_lists_every_folder(tmp_path, monkeypatch):
    target, cache, keep, spare = recorded_spare(tmp_path, monkeypatch, ["a", "b", "c"])
    record_of(spare).write_bytes(b"not a pickle")
    (spare / "spaces" / "b" / "stray.txt").write_text("left by someone")
    listings = Listings(monkeypatch)
    kept = one_build(target, cache, keep)
    assert sorted(Path(f).name for f in listings.folders) == ["a", "b", "c", "spaces"]
    assert set(kept) == keep and not (target / "spaces" / "b" / "stray.txt").exists()


def test_recent_folders_are_not_recorded(tmp_path):
    """Changed within RACY_NS before the record: a change in the same clock tick would leave
    its times as recorded, so such a folder is listed next time."""
    target, cache = tmp_path / "output", tmp_path / ".cache"
    keep = {"spaces/a/index.html"}
    page_tree(target, ["a"])
    one_build(target, cache, keep)
    with StagedOutput(target, trash=cache / "trash", spare=cache / "spare", reuse="spaces") as staged:
        reuse_folder(staged.path, keep)
        assert staged._new_records and not any(staged._new_records.values())
        staged.publish()


def spare_of_target(target: Path, cache: Path) -> Path:
    return StagedOutput(target, spare=cache / "spare").spare


def test_warm_builds_with_records_equal_cold_ones(site, tmp_path, monkeypatch):  # noqa: F811
    """Real builds: the records used (short racy window), the list pages' folders reused, and
    a spare tampered with in recorded folders still gives the cold build's site."""
    monkeypatch.setattr(file_states, "RACY_NS", SHORT_RACY_NS)
    out, reference = tmp_path / "out", tmp_path / "cold"
    for _ in range(4):  # the fourth build's spare is the tree the third listed and recorded
        time.sleep(2 * SHORT_RACY_NS / 1e9)
        warm(site, out, monkeypatch)
    spare = spare_of(site, out)
    before = {p.relative_to(spare).as_posix(): p.stat().st_ino for p in spare.rglob("*") if p.is_dir()}
    municipality = next(p for p in (spare / "municipalities").iterdir() if p.is_dir())
    (municipality / "stray.txt").write_text("left by someone")
    (spare / "spaces" / "alfa-hub" / "old.html").write_text("left by someone")
    (spare / "a-z").mkdir(exist_ok=True)
    (spare / "a-z" / "ghost").mkdir()
    listings = Listings(monkeypatch)
    after = warm(site, out, monkeypatch)
    assert after == cold(site, reference, monkeypatch)
    # The spare's folders are the new output's (the list pages' folders too) ...
    now = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_dir()}
    reused = {path for path, inode in now.items() if before.get(path) == inode}
    assert f"municipalities/{municipality.name}" in reused and "spaces/beta-hub" in reused
    # ... and only changed folders (and the top ones, renamed every build) were listed.
    listed = {Path(f).relative_to(out.parent).as_posix().split("/", 1)[-1] for f in listings.folders}
    assert f"municipalities/{municipality.name}" in listed and "spaces/alfa-hub" in listed
    assert "spaces/beta-hub" not in listed


@pytest.mark.parametrize("cores", [2, 1])
def test_the_folders_are_compared_with_their_record_by_a_child(tmp_path, monkeypatch, cores):
    """The child started when the spare is taken compares each recorded folder's state, so this
    process looks (lstat) only at the folders it reported changed, and at the top folder. On
    one core they are compared the same way, in this process, when the spare is taken."""
    monkeypatch.setattr(render_pool, "cores", lambda: cores)
    target, cache, keep, spare = recorded_spare(tmp_path, monkeypatch, [f"s{i}" for i in range(30)])
    (spare / "spaces" / "s7" / "stray.txt").write_text("left by someone")
    looked_at = []
    real_lstat = os.lstat

    def lstat(path, *args, **kwargs):
        looked_at.append(Path(path).name)
        return real_lstat(path, *args, **kwargs)

    with StagedOutput(target, trash=cache / "trash", spare=cache / "spare", reuse="spaces") as staged:
        (verifier,) = staged._verifiers.values()  # started with the spare taken
        assert (verifier.pid is not None) == (cores > 1)
        monkeypatch.setattr(os, "lstat", lstat)
        kept = reuse_folder(staged.path, keep)
        monkeypatch.setattr(os, "lstat", real_lstat)
        staged.publish()
    assert set(kept) == keep
    assert sorted(name for name in looked_at if name.startswith("s")) == ["s7", "spaces"]
    assert sorted(p.name for p in (target / "spaces" / "s7").iterdir()) == ["index.html"]


@pytest.mark.usefixtures("two_cores")
def test_a_child_without_a_whole_answer_is_not_taken(tmp_path, monkeypatch):
    """A child that ended before answering (exit code 0 even): every folder is compared here
    instead. (A cut-short or damaged answer is None too: test_render_pool_answer.py.)"""
    target, cache, keep, spare = recorded_spare(tmp_path, monkeypatch, ["a", "b", "c"])
    (spare / "spaces" / "b" / "stray.txt").write_text("left by someone")
    with StagedOutput(target, trash=cache / "trash", spare=cache / "spare", reuse="spaces") as staged:
        (tree,) = staged._verifiers
        staged._verified(tree)  # the real child's answer, thrown away
        staged._verifiers[tree] = Answer(lambda: os._exit(0))
        listings = Listings(monkeypatch)
        kept = reuse_folder(staged.path, keep)
        staged.publish()
    assert set(kept) == keep and not (target / "spaces" / "b" / "stray.txt").exists()
    assert "b" in [Path(f).name for f in listings.folders]
