"""Run one job per page on every core: forked workers inherit the Jinja environment, the context
and the pages, so nothing big is pickled; each worker writes its pages' files itself and sends
back only the numbers of the pages that failed.

Every page is its own file and a job's output depends only on its page, so the site is the same
whichever worker renders which page (tested against one core). A page that fails in a worker is
done again in this process, which then raises its real exception, as a one-core build would.
"""
from __future__ import annotations

import gc
import mmap
import multiprocessing
import os
import pickle
import select
import tempfile
from typing import Any, Callable

from . import heap
from .kept_pickles import load_from

# Below this many pages, starting workers costs more than it saves.
PARALLEL_FROM = 300
CHUNK = 100

_job: Callable[[int], None] | None = None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _run_chunk(indices: list[int]) -> list[int]:
    failed = []
    for index in indices:
        try:
            _job(index)
        except Exception:  # noqa: BLE001 - redone in the parent, which raises it properly
            failed.append(index)
    return failed


def run_jobs(job: Callable[[int], None], indices: list[int], processes: int | None = None,
             parallel_from: int = PARALLEL_FROM) -> None:
    """job(i) for every i in `indices`; on several cores when there are enough of them."""
    global _job
    processes = processes or cores()
    if processes < 2 or len(indices) < parallel_from or "fork" not in multiprocessing.get_all_start_methods():
        for index in indices:
            job(index)
        return
    chunks = [indices[i:i + CHUNK] for i in range(0, len(indices), CHUNK)]
    _job = job
    gc.collect()
    try:
        # Frozen, the inherited objects stay shared: the workers' collector does not touch
        # their pages. A caller's frozen heap (make serve's, the generator's) stays frozen.
        with heap.frozen_meanwhile(), multiprocessing.get_context("fork").Pool(processes) as pool:
            failed = sorted(i for part in pool.imap_unordered(_run_chunk, chunks) for i in part)
    finally:
        _job = None
    for index in failed:
        job(index)


def forks() -> bool:
    """Whether a Background forks a child; else its job runs in this process."""
    return "fork" in multiprocessing.get_all_start_methods() and cores() > 1


# The priority of work started ahead of its time in a Background (export pieces, map scripts,
# the validation cache's save): it should take mostly a core the build's own processes leave
# idle, and still be done when it is needed (at nice 10 it got a tenth of a core beside the page
# workers, and the build waited for it at its end; at 5, a quarter).
AHEAD_NICE = 5


class Background:
    """job() in a forked child while this process goes on; wait() before using what it wrote.

    For work whose result is files (the exports): a warm build's second core is otherwise idle.
    If the child fails, wait() does the job here, which raises its real exception. For work
    whose result is a value handed back: Answer."""

    def __init__(self, job: Callable[[], None] | None, nice: int = 0):
        """nice: how much lower the child's priority is (os.nice), for work started ahead of
        its time that should take only what the build's own processes leave idle."""
        self.job = job
        self.pid = None
        if job is None:
            return
        if forks():
            self.pid = os.fork()
            if self.pid == 0:
                code = 1
                try:
                    # A short-lived child: the cyclic collector would scan, and so copy page by
                    # page, the heap it shares with this process, to free nothing that matters.
                    gc.disable()
                    if nice:
                        os.nice(nice)
                    job()
                    code = 0
                finally:
                    os._exit(code)
        else:
            job()

    def wait(self) -> None:
        if self.reap() != 0:
            self.job()

    def reap(self) -> int:
        """Wait for the child without redoing its job (the build failed anyway); its exit code."""
        if self.pid is None:  # done already (in this process), or nothing to do
            return 0
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return os.waitstatus_to_exitcode(status)


class Answer:
    """job()'s return value made in a forked child (a Background) while this process goes on,
    for work that only saves time: result() is the value, or None when the child failed, was
    killed, or its answer is cut short or damaged; the caller then does the work itself.

    The child pickles the value into a file in memory (memfd) behind its length, which is
    written last, then writes one byte on a pipe: it never waits for a reader, so a build that
    stops before asking leaves no child blocked, and it may go on working after answering
    (then=). result() waits for that byte or the child's end without taking the byte, so the
    answer can be read by this process and by any process forked from it after the start (its
    file and pipe are inherited), and more than once. With one core or no fork, job() (and
    then()) run here and result() is job()'s value (None if it raised).

    The process that made it reaps the child (reap(), as Background's) and closes the file and
    pipe (close()) once no process forked later will read them."""

    def __init__(self, job: Callable[[], Any], nice: int = 0, then: Callable[[], None] | None = None):
        """nice: as Background's. then: run in the child after answering (or here, after job,
        when there is no child); result() does not wait for it, reap() does."""
        self.child = Background(None)
        self._value = None
        self._memory = self._signal = None  # fds, while there is a child's answer to read
        if not forks():
            try:
                self._value = job()
            except Exception:  # noqa: BLE001 - the caller does the work itself, and raises
                return
            if then is not None:
                then()
            return
        try:
            memory = _memory_file()
        except OSError:  # no file (descriptors used up): the caller does the work
            return
        try:
            self._signal, told = os.pipe()
        except OSError:
            memory.close()
            return
        self._memory = memory.fileno()
        self._file = memory  # owns the fd

        def answer() -> None:
            os.close(self._signal)
            _write_answer(self._memory, job())
            os.write(told, b"1")
            if then is not None:
                then()

        try:
            self.child = Background(answer, nice=nice)
        except OSError:  # no fork (memory, process limit): the caller does the work
            self.close()
        finally:
            os.close(told)  # only the child may tell: once it ends, a reader gets the byte or the end

    @property
    def pid(self) -> int | None:
        return self.child.pid

    def result(self):
        """The child's value (waits for its answer); None if there is none, whole and readable.
        Loaded without the cyclic collector (kept_pickles.load_from)."""
        if self._signal is None:
            return self._value
        try:
            waiting = select.poll()
            waiting.register(self._signal, select.POLLIN)
            waiting.poll()  # the byte, or the pipe's end: the child is gone
            length = int.from_bytes(os.pread(self._memory, _LENGTH, 0), "little")
            if length == 0 or os.fstat(self._memory).st_size != _LENGTH + length:
                return None  # not answered, or cut short
            # Read through a map of the file: copying it whole into one bytes first cost 4-5 ms
            # more for the exports' 10 MB of pieces at 10,000 spaces (a fresh 10 MB to fault in).
            with mmap.mmap(self._memory, _LENGTH + length, prot=mmap.PROT_READ) as view:
                view.seek(_LENGTH)
                return load_from(view)
        except Exception:  # noqa: BLE001 - damaged: the caller does the work itself
            return None

    def reap(self) -> int:
        """Wait for the child (then= included); its exit code (0 without a child)."""
        return self.child.reap()

    def close(self) -> None:
        """Close the answer's file and pipe in this process (result() is None from then on)."""
        self._value = None
        if self._signal is not None:
            os.close(self._signal)
            self._file.close()
            self._signal = self._memory = None


_LENGTH = 8  # bytes of an answer's length, before it


def _write_answer(fd: int, value) -> None:
    """The pickle first, its length last: a length that matches the file's size says the
    answer is whole."""
    data = memoryview(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    at = _LENGTH
    while data:
        written = os.pwrite(fd, data, at)
        data, at = data[written:], at + written
    os.pwrite(fd, (at - _LENGTH).to_bytes(_LENGTH, "little"), 0)


def _memory_file():
    """A file in memory for a child's answer (no file system: creating files is slow on a disk
    busy with the last build's deletions); a temporary file where there is no memfd."""
    if hasattr(os, "memfd_create"):
        try:
            return os.fdopen(os.memfd_create("landhub-answer", os.MFD_CLOEXEC), "w+b")
        except OSError:
            pass
    return tempfile.TemporaryFile()
