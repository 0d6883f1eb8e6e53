"""A warm build's search bundle: the spare's bundle brought up to date (landhub_search
bundle_sync), the same bytes as a cold build's, its unchanged files not written again (the same
inodes), stale ones gone; and a failed Pagefind run never puts a partial bundle in place."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from landhub_search import SearchIndexFailed, index_site
from test_output_spare import change_space, cold, everything, site, warm  # noqa: F401 - fixture


def bundle(output: Path) -> dict[str, bytes | None]:
    return {k: v for k, v in everything(output).items() if k.startswith("pagefind/")}


def inodes(output: Path) -> dict[str, int]:
    return {p.relative_to(output).as_posix(): p.stat().st_ino
            for p in (output / "pagefind").rglob("*") if p.is_file()}


def test_a_warm_bundle_equals_a_cold_one_and_keeps_what_did_not_change(site, tmp_path, monkeypatch):  # noqa: F811
    out, reference = tmp_path / "out", tmp_path / "cold"
    warm(site, out, monkeypatch)
    first, first_inodes = bundle(out), inodes(out)
    change_space(site)
    warm(site, out, monkeypatch)  # the first output becomes the spare
    warm(site, out, monkeypatch)
    cold(site, reference, monkeypatch)
    assert bundle(out) == bundle(reference)
    # This bundle is the first one brought up to date (the spare two builds on).
    now = bundle(out)
    now_inodes = inodes(out)
    same = [name for name, data in now.items() if data is not None and first.get(name) == data]
    assert len(same) > len(now) // 2, "most of the bundle is the UI and the other pages"
    assert {name: now_inodes[name] for name in same} == {name: first_inodes[name] for name in same}
    stale = [name for name in first if name not in now]
    assert any(name.startswith("pagefind/fragment/") for name in stale), "the changed space's old fragment"
    changed = [name for name, data in now.items() if name in first and data != first[name]]
    assert "pagefind/pagefind-entry.json" in changed
    assert not [p.name for p in out.parent.iterdir() if p.name.startswith(".out.")]


def test_a_failed_index_leaves_no_partial_bundle(tmp_path):
    older = tmp_path / "held"
    (older / "fragment").mkdir(parents=True)
    (older / "fragment" / "da_1.pf_fragment").write_bytes(b"an older page")
    output = tmp_path / "output"
    output.mkdir()  # no page at all: Pagefind fails
    with pytest.raises(SearchIndexFailed, match="Pagefind failed"):
        index_site(output, "pagefind/", older)
    assert not (output / "pagefind").exists()
    assert (older / "fragment" / "da_1.pf_fragment").read_bytes() == b"an older page"
    assert not any(p.name.startswith(".output.search-") for p in tmp_path.iterdir())


def test_an_index_with_no_older_bundle_writes_it_whole(tmp_path):
    site_copy = tmp_path / "site"
    site_copy.mkdir()
    (site_copy / "index.html").write_text("<html><body data-pagefind-body><h1>Hej</h1><p>Et kontor ved havet.</p>"
                                          "</body></html>", encoding="utf-8")
    found = index_site(site_copy, "pagefind/")
    assert found.pages == 1
    assert (site_copy / "pagefind" / "pagefind-entry.json").is_file()
    assert (site_copy / "pagefind" / "pagefind-ui.js").is_file()
