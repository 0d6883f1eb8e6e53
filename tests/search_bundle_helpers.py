"""A Pagefind bundle as a browser follows it (pagefind-entry.json -> the language's .pf_meta ->
its index, filter and fragment files), and a sync stopped after a given number of steps."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from landhub_search.bundle_sync import SyncStopped, sync_bundle
from landhub_search.stable import _read

# The files a page loads by fixed names (the search code and the UI), beside what the entry names.
FIXED = ("pagefind.js", "pagefind-worker.js", "pagefind-ui.js", "pagefind-ui.css")


def named_files(bundle: Path) -> set[str]:
    """Every file a search can ask for, as paths in `bundle`; an assertion fails if the entry or
    a .pf_meta is missing or unreadable (a half-written chain)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    named = {"pagefind-entry.json", *FIXED}
    for info in entry["languages"].values():
        named.add(f"wasm.{info['wasm']}.pagefind")
        meta_name = f"pagefind.{info['hash']}.pf_meta"
        assert (bundle / meta_name).is_file(), f"the entry names {meta_name}, which is missing"
        named.add(meta_name)
        _, pages, chunks, filters, *_ = _read(bundle / meta_name)
        named.update(f"fragment/{page[0]}.pf_fragment" for page in pages)
        named.update(f"index/{chunk[2]}.pf_index" for chunk in chunks)
        named.update(f"filter/{found[1]}.pf_filter" for found in filters)
    return named


def missing_files(bundle: Path) -> list[str]:
    return sorted(name for name in named_files(bundle) if not (bundle / name).is_file())


class StopAfter:
    """stopped() for sync_bundle: true from its (steps + 1)th call on; `calls` counts them."""

    def __init__(self, steps: int | None = None):
        self.steps = steps
        self.calls = 0

    def __call__(self) -> bool:
        self.calls += 1
        return self.steps is not None and self.calls > self.steps


def sync_stopped_after(old: Path, fresh: Path, target: Path, steps: int) -> bool:
    """`target` made a copy of the bundle `old`, then synced from `fresh` for `steps` steps (a
    write, a folder made or a removal each). True if the sync was stopped before its end."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(old, target)
    try:
        sync_bundle(fresh, target, stopped=StopAfter(steps))
    except SyncStopped:
        return True
    return False
