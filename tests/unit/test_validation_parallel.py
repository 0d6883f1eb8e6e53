"""Cold validation of many files (issue 7): the files are checked on every core also without the
cache, with the same spaces and problems in the same order as one core; display() keeps each
folder's answer and says what path.resolve() said."""
from __future__ import annotations

import os
import time
from datetime import date

import pytest

from landhub_spaces import validation
from landhub_spaces.validation import SpaceValidator, validate_spaces
from site_helpers import SyntheticSite, good_space_text

TODAY = date(2026, 6, 1)


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.setenv("LANDHUB_NO_CACHE", "1")
    s = SyntheticSite(tmp_path)
    for n in range(12):
        s.write_space(f"sted-{n:02d}.yaml", good_space_text(f"Sted {n:02d}"))
    s.write_space("sted-bad.yaml", good_space_text("Sted Bad", website="website: ftp://x"))
    s.write_space("broken.yaml", good_space_text("Broken", location="location:\n  lat: 57,04\n  lon: 8.4873"))
    s.write_space("sted-twice.yaml", good_space_text("Sted Twice") + "name: Sted Twice\n")
    return s


def _validate(site):
    result = validate_spaces(site.spaces, TODAY, site.content / "images" / "spaces")
    return result.spaces, [str(p) for p in result.problems]


def test_a_cold_run_on_several_cores_gives_what_one_core_gives(site, monkeypatch):
    one_core = _validate(site)
    assert len(one_core[0]) == 12 and len(one_core[1]) >= 3
    forks = []
    monkeypatch.setattr(validation, "PARALLEL_FROM", 2)
    monkeypatch.setattr(validation, "usable_cores", lambda: 2)
    real_context = validation.multiprocessing.get_context("fork")
    real_pool = real_context.Pool

    class CountingContext:
        def Pool(self, workers):  # noqa: N802 - multiprocessing's name
            forks.append(workers)
            return real_pool(workers)

        def Value(self, *args):  # noqa: N802 - the batches' shared counter
            return real_context.Value(*args)

    monkeypatch.setattr(validation.multiprocessing, "get_context", lambda method: CountingContext())
    assert _validate(site) == one_core
    assert forks == [1]  # one worker beside this process (2 cores), without any cache
    assert not (site.root / ".cache").exists()


def test_files_named_by_a_contributor_are_checked_in_this_process(site, monkeypatch):
    """Named files are compared with the others for duplicates, which needs the loaded files."""
    monkeypatch.setattr(validation, "PARALLEL_FROM", 2)
    monkeypatch.setattr(validation, "usable_cores", lambda: 2)
    monkeypatch.setattr(validation.multiprocessing, "get_context", None)  # would fail if used
    paths = sorted(site.spaces.glob("sted-0*.yaml"))
    assert len(validate_spaces(site.spaces, TODAY, None, paths=paths).spaces) == len(paths)


def test_display_says_what_resolving_each_path_says(site, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "elsewhere.yaml").write_text("name: x\n", encoding="utf-8")
    (site.spaces / "linked-out.yaml").symlink_to(outside / "elsewhere.yaml")
    (site.spaces / "linked-in.yaml").symlink_to(site.spaces / "sted-00.yaml")
    (site.root / "spaces-link").symlink_to(site.spaces, target_is_directory=True)
    (site.root / "top.yaml").write_text("name: x\n", encoding="utf-8")
    validator = SpaceValidator(site.spaces, TODAY, None)
    relative = os.path.relpath(site.spaces / "sted-01.yaml")
    paths = [site.spaces / "sted-00.yaml", site.spaces / "linked-out.yaml", site.spaces / "linked-in.yaml",
             site.root / "spaces-link" / "sted-02.yaml", site.root / "top.yaml", outside / "elsewhere.yaml",
             site.spaces / ".." / "spaces" / "sted-03.yaml", site.spaces / "no-such-file.yaml",
             site.spaces / "..", type(site.spaces)(relative)]
    for path in paths * 2:  # the second time from the folders' kept answers
        try:
            expected = path.resolve().relative_to(site.root.resolve()).as_posix()
        except ValueError:
            expected = path.as_posix()
        assert validator.display(path) == expected, path
    assert validator.display(site.spaces / "sted-00.yaml") == "spaces/sted-00.yaml"
    assert validator.display(site.spaces / "linked-in.yaml") == "spaces/sted-00.yaml"


def test_with_the_cache_each_file_is_checked_once(site, monkeypatch, tmp_path):
    """The worker processes' results go into the cache, and are read from there: before, the
    cache looked only at the previous build's results, so every file was checked again. The
    batches are shared out between this process and the workers: each is checked by one."""
    monkeypatch.delenv("LANDHUB_NO_CACHE")
    one_core = _validate(site)
    (site.root / ".cache" / "landhub-validated.pickle").unlink()
    monkeypatch.setattr(validation, "PARALLEL_FROM", 2)
    monkeypatch.setattr(validation, "usable_cores", lambda: 2)
    monkeypatch.setattr(validation, "BATCH", 2)  # 15 files: 8 batches to share out
    record = tmp_path / "checked.txt"
    real_check = SpaceValidator._check_batch

    def counting_check(self, paths):
        with open(record, "a", encoding="utf-8") as stream:  # one line per file, from any process
            stream.write("".join(f"{os.getpid()} {path.name}\n" for path in paths))
        return real_check(self, paths)

    monkeypatch.setattr(SpaceValidator, "_check_batch", counting_check)
    assert _validate(site) == one_core
    checked = [line.split() for line in record.read_text(encoding="utf-8").splitlines()]
    names = [name for _, name in checked]
    assert sorted(names) == sorted(p.name for p in site.spaces.glob("*.yaml"))  # each once
    assert len({pid for pid, _ in checked}) <= 2


def test_batches_taken_by_a_slow_process_are_fewer(site, monkeypatch, tmp_path):
    """Batches go to whoever is free: while this process is held up in its first batch, the
    worker takes every other one; the results are still in file order."""
    one_core = _validate(site)
    monkeypatch.setattr(validation, "PARALLEL_FROM", 2)
    monkeypatch.setattr(validation, "usable_cores", lambda: 2)
    monkeypatch.setattr(validation, "BATCH", 1)
    record = tmp_path / "checked.txt"
    parent = os.getpid()
    real_check = SpaceValidator._check_batch

    def slow_here(self, paths):
        if os.getpid() == parent:  # held until every batch is taken (by the worker)
            taken, waited = validation._SHARED_BATCHES[2], 0.0
            while taken.value < 15 and waited < 60:
                time.sleep(0.01)
                waited += 0.01
        with open(record, "a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()}\n" * len(paths))
        return real_check(self, paths)

    monkeypatch.setattr(SpaceValidator, "_check_batch", slow_here)
    assert _validate(site) == one_core
    pids = record.read_text(encoding="utf-8").split()
    assert len(pids) == 15
    assert pids.count(str(parent)) == 1 and len(set(pids)) == 2
