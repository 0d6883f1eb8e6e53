"""Search indexing after the site is published, for `make serve`'s rebuilds (invoke livereload).

Pagefind reads all pages again on every run (it has no incremental mode; 6 to 9 s at 10,000
spaces), so an editor would wait for it after each save. Here the rebuilt site gets the
previous build's search bundle (moved from the output it replaced, or hard links of its files
where no spare output is kept; build.py): the search still works, with the words of a few
seconds ago. Then Pagefind indexes the published output into a folder beside it, and that
folder replaces the bundle in one rename pair when it is complete. The
bundle is the same bytes a build that indexes before publishing makes (--output-path writes what
--output-subdir writes; stable.py sorts it the same way).

A newer build supersedes the index being made: stop() ends Pagefind and waits, so no indexer
reads an output that the next build's publish moves away, and nothing half-written is swapped
in. `invoke build` and the deploy index before they publish, as before (build.py).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from .indexer import TIMEOUT_SECONDS, _page_count
from .stable import stabilise_bundle


def carry_bundle(old_output: Path, new_output: Path, bundle: str) -> bool:
    """Put the published output's search bundle into the new output, as hard links (copies
    where links cannot be made). False if there is none to carry."""
    source = Path(old_output) / bundle.strip("/")
    if not source.is_dir() or source.is_symlink():
        return False

    def link(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, Path(new_output) / bundle.strip("/"), copy_function=link)
    return True


def move_bundle(old_output: Path, new_output: Path, bundle: str) -> bool:
    """Move the old output's search bundle into the new output, if it has none (a rename:
    both are on one file system, as staging.py's spare is). False if it could not."""
    source, target = Path(old_output) / bundle.strip("/"), Path(new_output) / bundle.strip("/")
    if not source.is_dir() or source.is_symlink() or target.exists():
        return False
    try:
        os.rename(source, target)
    except OSError:
        return False  # the new site searches again once the index is made
    return True


class SearchAfterPublish:
    """One indexer at a time, in a background thread: start() after a publish, stop() before
    the next build. Messages go to stderr, as the build's own."""

    def __init__(self):
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._process: subprocess.Popen | None = None
        self._stopped = False
        self.last: str | None = None  # what the last finished run said (for tests and logs)

    def start(self, output: Path, bundle: str, then=None) -> None:
        """Index `output` in the background; then(), if given, runs in that thread once the
        index is swapped in (or has failed), not if stop() ended it."""
        self.stop()
        output = Path(output).absolute()
        work = output.with_name(f".{output.name}.search-{os.getpid()}")
        self._stopped = False
        self._thread = threading.Thread(target=self._run, args=(output, bundle.strip("/"), work, then),
                                        name="landhub-search-index", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Until the running index (if any) is swapped in or has failed."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def stop(self) -> None:
        """End the running index, if any, leaving the published bundle as it was."""
        with self._lock:
            self._stopped = True
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
        self.wait()

    def _run(self, output: Path, bundle: str, work: Path, then=None) -> None:
        self._index(output, bundle, work)
        with self._lock:
            if self._stopped or then is None:
                return
        then()  # stop() waits for it (join): never beside the next build

    def _index(self, output: Path, bundle: str, work: Path) -> None:
        started = time.perf_counter()
        _remove(work)
        command = [sys.executable, "-m", "pagefind", "--site", str(output),
                   "--output-path", str(work / bundle), "--quiet"]
        try:
            with self._lock:
                if self._stopped:
                    return
                self._process = subprocess.Popen(command, stdout=subprocess.PIPE,
                                                 stderr=subprocess.STDOUT, text=True)
            said, _ = self._process.communicate(timeout=TIMEOUT_SECONDS)
            with self._lock:
                if self._stopped:
                    return
                if self._process.returncode != 0:
                    self._say(f"search: Pagefind failed; the search keeps the last index:\n{said.strip()}")
                    return
                stabilise_bundle(work / bundle)
                # The swap: two renames, under the lock so stop() never sees half of it.
                old = work / (bundle + ".old")
                target = output / bundle
                if target.exists():
                    os.rename(target, old)
                os.rename(work / bundle, target)
            self._say(f"search: Pagefind indexed {_page_count(target)} pages in "
                      f"{time.perf_counter() - started:.2f} s, after the site was published")
        except (OSError, ValueError, subprocess.SubprocessError) as error:
            self._say(f"search: the index was not made; the search keeps the last one ({error})")
        finally:
            with self._lock:
                if self._process is not None and self._process.poll() is None:
                    self._process.kill()
                    self._process.wait()
                self._process = None
            _remove(work)

    def _say(self, text: str) -> None:
        self.last = text
        print(text, file=sys.stderr, flush=True)


def _remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
