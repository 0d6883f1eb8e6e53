"""Search indexing after the site is published, for `make serve`'s rebuilds (invoke livereload).

Pagefind reads all pages again on every run (it has no incremental mode; 6 to 9 s at 10,000
spaces), so an editor would wait for it after each save. Here the rebuilt site gets the
published site's search bundle (take_bundle, a rename just before the publish: build.py): the
search still works, with the words of a few seconds ago. Then Pagefind indexes the published
output into a scratch folder (in memory where there is room, bundle_sync.py), and the published
bundle is brought up to date from it in place: only the files that changed are written, the
entry that names them last, and the files no longer named are removed after it, so a page
that loads meanwhile finds a whole bundle, the old one or the new (bundle_sync.py). Each
rebuild writes a few files instead of a whole new bundle of 10,000 and deleting the old one.
The bundle is the same bytes a build that indexes before publishing makes (index_site: the same
scratch folder and sync; stable.py sorts it the same way).

A newer build supersedes the index being made: stop() ends Pagefind, or the sync between two
files, and waits, so nothing reads or writes an output that the next build's publish moves away.
`invoke build` and the deploy index before they publish, as before (build.py).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from .bundle_sync import SyncStopped, scratch_folder, sync_bundle
from .indexer import TIMEOUT_SECONDS, _page_count, pagefind_command
from .stable import stabilise_bundle


def take_bundle(published: Path, staged: Path, bundle: str) -> bool:
    """Move the published output's search bundle into the staged output, which has none (a
    rename: the staged output is built beside the published one, staging.py). Done right before
    the publish, which puts it back in the published place a moment later. False if there is
    none to take, or it could not be moved: then the new output is indexed before it is
    published."""
    source, target = Path(published) / bundle.strip("/"), Path(staged) / bundle.strip("/")
    if not source.is_dir() or source.is_symlink() or target.exists() or target.is_symlink():
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)  # a bundle folder below another one
        os.rename(source, target)
    except OSError:
        return False
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
        """Index `output` in the background and bring output/<bundle> up to date; then(), if
        given, runs in that thread once that is done (or has failed), not if stop() ended it."""
        self.stop()
        output = Path(output).absolute()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, args=(output, bundle.strip("/"), then),
                                        name="landhub-search-index", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Until the running index (if any) is in place or has failed."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def stop(self) -> None:
        """End the running index, if any, leaving the published bundle whole: as it was, or
        partly brought up to date in an order that keeps it whole (bundle_sync.py)."""
        with self._lock:
            self._stopped = True
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
        self.wait()

    def _run(self, output: Path, bundle: str, then=None) -> None:
        self._index(output, bundle)
        with self._lock:
            if self._stopped or then is None:
                return
        then()  # stop() waits for it (join): never beside the next build

    def _index(self, output: Path, bundle: str) -> None:
        started = time.perf_counter()
        scratch = None
        try:
            scratch = scratch_folder(output)
            fresh = scratch / "bundle"
            command = pagefind_command(output, fresh)
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
            stabilise_bundle(fresh)
            target = output / bundle
            # In place, in an order a reader can follow; stop() ends it between two files.
            counts = sync_bundle(fresh, target, stopped=lambda: self._stopped)
            self._say(f"search: Pagefind indexed {_page_count(target)} pages in "
                      f"{time.perf_counter() - started:.2f} s, after the site was published "
                      f"({counts['written']} files written, {counts['removed']} removed)")
        except SyncStopped:
            pass  # a newer build's: the bundle is whole, the next index finishes it
        except (OSError, ValueError, subprocess.SubprocessError) as error:
            self._say(f"search: the index was not made; the search keeps the last one ({error})")
        finally:
            with self._lock:
                if self._process is not None and self._process.poll() is None:
                    self._process.kill()
                    self._process.wait()
                self._process = None
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)

    def _say(self, text: str) -> None:
        self.last = text
        print(text, file=sys.stderr, flush=True)
