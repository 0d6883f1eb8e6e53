"""A search bundle whose in-place sync (`make serve`'s background index, landhub_search
bundle_sync.py) was stopped half-way still searches in Chromium with no failed request: stopped
before the entry is written, it finds the old words; stopped after it, before the stale files
are removed, the new ones."""
from __future__ import annotations

import shutil

import pytest

from landhub_search.bundle_sync import sync_bundle
from search_bundle_helpers import StopAfter, sync_stopped_after
from site_helpers import SyntheticSite, build, good_space_text
from test_search import search_from

NAMES = ("Alfa Hub", "Beta Hub", "Gamma Hub")


@pytest.fixture(scope="module")
def half_synced(tmp_path_factory):
    """(site output, old bundle, fresh bundle, steps to the entry, steps in all): the output
    is the site after Beta Hub's description changed; its bundle is set up by each test."""
    root = tmp_path_factory.mktemp("stopped-sync")
    site = SyntheticSite(root / "site")
    for name in NAMES:
        site.write_space(f"{name.lower().replace(' ', '-')}.yaml", good_space_text(name))
    assert build(site.output, site.overrides()) == 0
    old = root / "old"
    shutil.copytree(site.output / "pagefind", old)
    beta = site.spaces / "beta-hub.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("ved havet", "ved Fyrtårnet"), encoding="utf-8")
    assert build(site.output, site.overrides()) == 0
    fresh = root / "fresh"
    shutil.move(site.output / "pagefind", fresh)
    # The step at which the entry is written: stopped() is asked before each step.
    entry, new_entry = site.output / "pagefind" / "pagefind-entry.json", (fresh / "pagefind-entry.json").read_bytes()
    seen = []

    class Watch(StopAfter):
        def __call__(self):
            seen.append(entry.read_bytes() == new_entry)
            return super().__call__()

    shutil.copytree(old, site.output / "pagefind")
    sync_bundle(fresh, site.output / "pagefind", stopped=Watch())
    to_entry = seen.index(True) - 1  # steps before the entry's own
    assert 0 < to_entry and seen.index(True) < len(seen), "new files before the entry, stale files after"
    return site.output, old, fresh, to_entry, len(seen)


def test_stopped_before_the_entry_the_old_index_searches(half_synced, open_tab, serve_folder):
    output, old, fresh, to_entry, steps = half_synced
    assert sync_stopped_after(old, fresh, output / "pagefind", to_entry)
    tab = open_tab(serve_folder(output))
    found = search_from(tab, "/", "havet")
    assert "/spaces/beta-hub/" in found and "/spaces/alfa-hub/" in found, found
    tab.assert_clean()  # every file the old entry leads to was there


def test_stopped_after_the_entry_the_new_index_searches(half_synced, open_tab, serve_folder):
    output, old, fresh, to_entry, steps = half_synced
    assert sync_stopped_after(old, fresh, output / "pagefind", to_entry + 1)
    assert to_entry + 1 < steps  # stale files are still there
    tab = open_tab(serve_folder(output))
    assert set(search_from(tab, "/", "Fyrtårnet")) == {"/spaces/beta-hub/"}
    found = search_from(tab, "/", "havet")
    assert "/spaces/alfa-hub/" in found and "/spaces/beta-hub/" not in found, found
    tab.assert_clean()
