"""render_pool.Answer: a forked child's return value, or None when there is no whole answer
(the caller then does the work itself); on one core, the job's value made here."""
from __future__ import annotations

import os
import signal

import pytest

from landhub_spaces import render_pool
from landhub_spaces.render_pool import Answer

two_cores = pytest.mark.usefixtures("two_cores")  # on one core too (conftest)


@two_cores
def test_the_childs_value_arrives_and_can_be_read_again():
    value = {"keys": [f"k{i}" for i in range(50_000)], "flat": bytes(range(256)) * 100}
    answer = Answer(lambda: (os.getpid(), value))
    assert answer.pid is not None and answer.pid != os.getpid()
    pid, got = answer.result()
    assert pid == answer.pid and got == value
    assert answer.result() == (pid, value)  # the byte is left for other readers
    assert answer.reap() == 0
    answer.close()
    assert answer.result() is None


@two_cores
def test_a_child_that_raises_gives_none():
    def job():
        raise ValueError("failed in the child")

    answer = Answer(job)
    assert answer.result() is None
    assert answer.reap() == 1
    answer.close()


@two_cores
def test_a_child_killed_before_answering_gives_none():
    started, says_started = os.pipe()
    never, kept_open = os.pipe()  # nothing is written: the child waits until it is killed

    def job():
        os.write(says_started, b"started")
        os.read(never, 1)
        return "too late"

    answer = Answer(job)
    assert os.read(started, 7) == b"started"
    os.kill(answer.pid, signal.SIGKILL)
    assert answer.result() is None
    assert answer.reap() == -signal.SIGKILL
    answer.close()
    for fd in (started, says_started, never, kept_open):
        os.close(fd)


@two_cores
def test_a_cut_short_or_damaged_answer_gives_none():
    answer = Answer(lambda: list(range(1000)))
    assert answer.result() == list(range(1000))
    size = os.fstat(answer._memory).st_size
    os.ftruncate(answer._memory, size - 1)  # the pickle's end missing
    assert answer.result() is None
    os.ftruncate(answer._memory, size)  # its length again, its last byte zero
    assert answer.result() is None
    os.pwrite(answer._memory, b"\xff" * 8, 8)  # not a pickle
    assert answer.result() is None
    assert answer.reap() == 0
    answer.close()


@two_cores
def test_a_child_ending_without_an_answer_gives_none():
    answer = Answer(lambda: os._exit(0))  # ends before answering, exit code 0
    assert answer.result() is None
    assert answer.reap() == 0
    answer.close()


@two_cores
def test_the_answer_comes_before_the_work_the_child_does_then(tmp_path):
    reading, writing = os.pipe()

    def then():
        os.read(reading, 1)  # waits for the reader: result() must not wait for this
        (tmp_path / "then").write_text("done")

    answer = Answer(lambda: "answered", then=then)
    assert answer.result() == "answered"
    assert not (tmp_path / "then").exists()
    os.write(writing, b"1")
    assert answer.reap() == 0 and (tmp_path / "then").read_text() == "done"
    answer.close()
    os.close(reading)
    os.close(writing)


@two_cores
def test_read_by_another_process_forked_after_the_start():
    answer = Answer(lambda: ["pieces"] * 10_000)
    reader = os.fork()
    if reader == 0:
        code = 1
        try:
            code = 0 if answer.result() == ["pieces"] * 10_000 else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(reader, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert answer.result() == ["pieces"] * 10_000  # and still here
    assert answer.reap() == 0
    answer.close()


def test_on_one_core_the_job_runs_here_and_its_value_is_the_answer(monkeypatch, tmp_path):
    monkeypatch.setattr(render_pool, "cores", lambda: 1)
    answer = Answer(lambda: (os.getpid(), "value"), then=lambda: (tmp_path / "then").write_text("x"))
    assert answer.pid is None and (tmp_path / "then").exists()
    assert answer.result() == (os.getpid(), "value")
    assert answer.reap() == 0

    def job():
        raise ValueError("failed here")

    failed = Answer(job)
    assert failed.result() is None and failed.reap() == 0
    failed.close()


@two_cores
def test_no_descriptor_is_left_open():
    before = sorted(os.listdir("/proc/self/fd"))
    for job in (lambda: "ok", lambda: 1 / 0):
        answer = Answer(job)
        answer.result()
        answer.reap()
        answer.close()
    assert sorted(os.listdir("/proc/self/fd")) == before
