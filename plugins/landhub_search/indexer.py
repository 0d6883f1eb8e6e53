"""Run Pagefind over the finished output/ and say how long it took.

Pagefind reads every written page that has `data-pagefind-body` (space, story and editorial
pages; drafts and lists are left out by the templates) and writes its index, its search code
and its UI into output/<bundle>/ (by way of a scratch folder, writing only the files that
changed into the last bundle but one: bundle_sync.py), so the search runs in the visitor's browser with no request
to anyone else. It runs after Pelican, not inside it, so its time is reported on its own
(build.py) and Pelican's own "Done ... in N seconds" stays Pelican's.

The binary comes from PyPI (`pagefind[bin]`, pinned in requirements.txt) and runs as
`python -m pagefind` from the same environment as the build.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from landhub_spaces.problems import BuildStopped

from .bundle_sync import scratch_folder, sync_bundle
from .stable import stabilise_bundle

DEFAULT_BUNDLE = "pagefind/"
TIMEOUT_SECONDS = 300


class SearchIndexFailed(BuildStopped):
    """Pagefind is missing or failed: the build stops with its message, not a traceback."""


@dataclass(frozen=True)
class SearchIndex:
    pages: int  # pages in the index, as Pagefind counted them
    seconds: float  # wall time of Pagefind (and of sorting its filter files), nothing else


def bundle_dir(settings: dict) -> str:
    """The folder under output/ for the index and UI, from PAGEFIND_BUNDLE_URL ("pagefind/")."""
    return settings.get("PAGEFIND_BUNDLE_URL", DEFAULT_BUNDLE).strip("/") or DEFAULT_BUNDLE.strip("/")


def index_site(output: Path, bundle: str = DEFAULT_BUNDLE, previous: Path | None = None) -> SearchIndex:
    """Index `output` into output/<bundle>. Raises SearchIndexFailed with Pagefind's own words
    if it fails. previous: an earlier output's bundle folder (the spare's, staging.py), taken
    over and brought up to date, so only the files that changed are written (bundle_sync.py).

    Pagefind writes into a scratch folder (in memory where there is a tmpfs), and the bundle
    is put into the output only once that is whole and made stable: a failed run leaves no
    partial bundle, and the build stops before it publishes anything."""
    output = Path(output)
    target = output / bundle.strip("/")
    started = time.perf_counter()
    scratch = scratch_folder(output)
    try:
        fresh = scratch / "bundle"
        try:
            done = subprocess.run(pagefind_command(output, fresh), capture_output=True, text=True,
                                  timeout=TIMEOUT_SECONDS)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise SearchIndexFailed(f"search: Pagefind did not run ({error})") from None
        if done.returncode != 0:
            said = (done.stderr or done.stdout).strip() or f"exit code {done.returncode}"
            if "No module named pagefind" in said or "binary" in said.lower():
                said += "\nInstall it with `make setup` (requirements.txt pins pagefind[bin])."
            raise SearchIndexFailed(f"search: Pagefind failed:\n{said}")
        try:
            stabilise_bundle(fresh)
        except (OSError, ValueError) as error:
            raise SearchIndexFailed(f"search: could not make Pagefind's index stable: {error}") from None
        try:
            if previous is not None and not target.exists():
                _take_over(previous, target)
            sync_bundle(fresh, target)
        except OSError as error:
            raise SearchIndexFailed(f"search: could not put Pagefind's index in place: {error}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    seconds = time.perf_counter() - started
    return SearchIndex(_page_count(target), seconds)


def pagefind_command(site: Path, bundle: Path) -> list[str]:
    """Pagefind indexing the built site `site` into the folder `bundle` (a scratch folder)."""
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle), "--quiet"]


def _take_over(previous: Path, target: Path) -> None:
    try:
        os.rename(previous, target)  # one file system: the spare is held beside the output
    except OSError:
        pass  # then every file is written


def _page_count(bundle: Path) -> int:
    """pagefind-entry.json lists each language's index with its page count."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    return sum(int(lang.get("page_count", 0)) for lang in entry.get("languages", {}).values())
