"""render_pool: jobs on every core give what one core gives; a failure in a worker or in the
background child is raised here, as the real exception."""
from __future__ import annotations

import os

import pytest

from landhub_spaces import heap, render_pool
from landhub_spaces.render_pool import Background, run_jobs

from .test_heap import is_frozen


def test_jobs_in_workers_write_what_one_core_writes(tmp_path):
    def job(index: int) -> None:
        (tmp_path / f"{index}.txt").write_text(str(index))

    run_jobs(job, list(range(40)), processes=2, parallel_from=1)
    assert sorted(p.read_text() for p in tmp_path.iterdir()) == sorted(str(i) for i in range(40))


def test_a_job_failing_in_a_worker_raises_its_own_exception_here(tmp_path):
    def job(index: int) -> None:
        if index == 7:
            raise KeyError(f"page {index}")
        (tmp_path / f"{index}.txt").write_text("ok")

    with pytest.raises(KeyError, match="page 7"):
        run_jobs(job, list(range(20)), processes=2, parallel_from=1)


def test_background_job_runs_in_another_process(tmp_path, monkeypatch):
    monkeypatch.setattr(render_pool, "cores", lambda: 2)
    target = tmp_path / "pid"
    made = Background(lambda: target.write_text(str(os.getpid())))
    made.wait()
    assert target.read_text() != str(os.getpid())
    Background(None).wait()  # nothing to do


def test_a_failing_background_job_is_redone_here_and_raises(tmp_path, monkeypatch):
    monkeypatch.setattr(render_pool, "cores", lambda: 2)
    calls = tmp_path / "calls"

    def job() -> None:
        with calls.open("a") as stream:
            stream.write(f"{os.getpid()}\n")
        raise ValueError("export failed")

    made = Background(job)
    with pytest.raises(ValueError, match="export failed"):
        made.wait()
    pids = calls.read_text().split()
    assert len(pids) == 2 and pids[1] == str(os.getpid()) != pids[0]


def test_a_callers_frozen_heap_stays_frozen_and_an_unfrozen_one_is_left_unfrozen(tmp_path):
    def job(index: int) -> None:
        (tmp_path / f"{index}.txt").write_text("ok")

    before = ["made before the pool"]
    assert not is_frozen(before)
    run_jobs(job, list(range(4)), processes=2, parallel_from=1)
    assert not is_frozen(before)  # what it froze for its workers, it unfroze
    kept = ["a long-lived object"]
    heap.freeze()  # as make serve keeps its long-lived heap
    try:
        assert is_frozen(kept)
        run_jobs(job, list(range(4)), processes=2, parallel_from=1)
        assert is_frozen(kept)
    finally:
        heap.thaw()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{i}.txt" for i in range(4)]
