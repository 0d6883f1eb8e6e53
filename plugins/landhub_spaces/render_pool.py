"""Run one job per page on every core: forked workers inherit the Jinja environment, the context
and the pages, so nothing big is pickled; each worker writes its pages' files itself and sends
back only the numbers of the pages that failed.

Every page is its own file and a job's output depends only on its page, so the site is the same
whichever worker renders which page (tested against one core). A page that fails in a worker is
done again in this process, which then raises its real exception, as a one-core build would.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Callable

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
    # A caller may hold objects frozen already (make serve's long-lived heap, the generator's
    # page jobs): freezing more is fine, but unfreezing is theirs to do.
    outer_freeze = gc.get_freeze_count() > 0
    gc.collect()
    gc.freeze()  # the inherited objects stay shared: the collector does not touch their pages
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            failed = sorted(i for part in pool.imap_unordered(_run_chunk, chunks) for i in part)
    finally:
        if not outer_freeze:
            gc.unfreeze()
        _job = None
    for index in failed:
        job(index)


# The priority of work started ahead of its time in a Background (export pieces, map scripts,
# the validation cache's save): it should take mostly a core the build's own processes leave
# idle, and still be done when it is needed (at nice 10 it got a tenth of a core beside the page
# workers, and the build waited for it at its end; at 5, a quarter).
AHEAD_NICE = 5


class Background:
    """job() in a forked child while this process goes on; wait() before using what it wrote.

    For work whose result is files (the exports): a warm build's second core is otherwise idle.
    If the child fails, wait() does the job here, which raises its real exception."""

    def __init__(self, job: Callable[[], None] | None, nice: int = 0):
        """nice: how much lower the child's priority is (os.nice), for work started ahead of
        its time that should take only what the build's own processes leave idle."""
        self.job = job
        self.pid = None
        if job is None:
            return
        if "fork" in multiprocessing.get_all_start_methods() and cores() > 1:
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
