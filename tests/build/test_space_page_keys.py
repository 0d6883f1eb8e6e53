"""Issue 7's space page keys on real builds: a space page's key names its Space's digest, kept
under its file's validation key (render_cache.SpaceDigests). A new build date changes every
validation key, but no page is rendered again for it; a changed space is, and the warm site
equals a cold one."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from landhub_spaces import generator
from site_helpers import SyntheticSite, build, good_space_text

NAMES = ("Alfa Hub", "Beta Hub", "Gamma Hub")


def tree(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def space_inodes(output: Path) -> dict[str, int]:
    return {p.parent.name: p.stat().st_ino for p in (output / "spaces").glob("*/index.html")}


def test_a_new_build_date_renders_no_space_page_again(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    site = SyntheticSite(tmp_path / "site")
    for name in NAMES:
        site.write_space(f"{name.lower().replace(' ', '-')}.yaml", good_space_text(name))
    out = tmp_path / "out"
    assert build(out, site.overrides()) == 0
    first, inodes = tree(out), space_inodes(out)
    digests = site.root / ".cache" / "landhub-space-digests.pickle"
    assert digests.is_file()

    tomorrow = date.today() + timedelta(days=1)
    monkeypatch.setattr(generator, "build_date", lambda: tomorrow)  # every validation key changes
    assert build(out, site.overrides()) == 0
    assert tree(out) == first
    assert space_inodes(out) == inodes  # every page is still its cache entry: none rendered

    digests.unlink()  # a lost digest file only costs hashing the spaces again
    path = site.spaces / "beta-hub.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("ved havet", "ved fjorden"), encoding="utf-8")
    assert build(out, site.overrides()) == 0
    warm = tree(out)
    changed = {slug for slug, inode in space_inodes(out).items() if inodes[slug] != inode}
    assert changed == {"beta-hub"}
    monkeypatch.setenv("LANDHUB_NO_CACHE", "1")
    assert build(tmp_path / "cold", site.overrides()) == 0
    assert warm == tree(tmp_path / "cold")
