"""Double-buffered output (staging.py spare=): the output a build replaces is kept, and the next
build reuses its space page folders. Every warm build must still equal a cold one byte for byte
(the same files, nothing more), a failed build must never reach a later output, and a page kept
from the spare must never be written into (it may be a render cache entry)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from landhub_spaces.staging import StagedOutput
from site_helpers import good_space_text
from test_render_cache import OLD, CacheSite


def everything(output: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None), so an extra empty folder counts too."""
    return {p.relative_to(output).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(output.rglob("*"))}


def spare_of(site: CacheSite, output: Path) -> Path:
    return StagedOutput(output, spare=site.root / ".cache" / "output-spare").spare


def folder_inodes(output: Path) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in (output / "spaces").iterdir() if p.is_dir()}


@pytest.fixture
def site(tmp_path, monkeypatch) -> CacheSite:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", OLD)
    return CacheSite(tmp_path / "site")


def cold(site: CacheSite, output: Path, monkeypatch) -> dict[str, bytes | None]:
    """A cold build: no render cache, no spare."""
    spare = spare_of(site, output)
    shutil.rmtree(spare, ignore_errors=True)
    spare.with_name(spare.name + ".ok").unlink(missing_ok=True)
    shutil.rmtree(output, ignore_errors=True)
    site.build_into(output, False, monkeypatch)
    return everything(output)


def warm(site: CacheSite, output: Path, monkeypatch, cache: bool = True) -> dict[str, bytes | None]:
    site.build_into(output, cache, monkeypatch)
    return everything(output)


def change_space(site):
    path = site.spaces / "beta-hub.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("ved havet", "ved fjorden"), encoding="utf-8")


def remove_space(site):
    (site.spaces / "gamma-hub.yaml").unlink()


def add_space(site):
    site.write_space("epsilon-hub.yaml", good_space_text("Epsilon Hub"))


def remove_story(site):
    (site.content / "stories" / "besoeg.md").unlink()


def change_template(site):
    path = site.theme / "templates" / "space.html"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '<h2 id="h-map">', '<h2 class="changed" id="h-map">'), encoding="utf-8")


def nothing(site):
    pass


@pytest.mark.parametrize("cache", [True, False], ids=["render-cache", "no-cache"])
def test_warm_builds_in_a_row_equal_cold_ones(site, tmp_path, monkeypatch, cache):
    out, reference = tmp_path / "out", tmp_path / "cold"
    assert warm(site, out, monkeypatch, cache) == cold(site, reference, monkeypatch)
    folders = [folder_inodes(out)]
    for change in (nothing, change_space, remove_space, add_space, remove_story, change_template,
                   nothing, nothing):
        change(site)
        assert warm(site, out, monkeypatch, cache) == cold(site, reference, monkeypatch), change.__name__
        folders.append(folder_inodes(out))
        if len(folders) >= 3:
            # the space page folders are those of the output two builds old (the spare)
            two_ago = folders[-3]
            reused = {slug for slug, inode in folders[-1].items() if two_ago.get(slug) == inode}
            assert reused == set(folders[-1]) & set(two_ago), change.__name__
            assert reused, change.__name__
    assert not [p.name for p in out.parent.iterdir() if p.name.startswith(".out.")]


def test_a_failed_build_leaves_output_alone_and_never_reaches_the_next(site, tmp_path, monkeypatch):
    out, reference = tmp_path / "out", tmp_path / "cold"
    warm(site, out, monkeypatch)
    change_space(site)
    before = warm(site, out, monkeypatch)  # now a spare exists, taken by the next build

    # A template that fails after some space pages were replaced in the reused folders.
    template = site.theme / "templates" / "space.html"
    good = template.read_text(encoding="utf-8")
    template.write_text(good.replace("{% block content %}",
                                     "{% block content %}{% if space.slug == 'gamma-hub' %}"
                                     "{{ space.name.no_such_method() }}{% endif %}<p>half</p>", 1),
                        encoding="utf-8")
    with pytest.raises(Exception, match="no_such_method"):
        site.build_into(out, True, monkeypatch)
    assert everything(out) == before
    template.write_text(good, encoding="utf-8")
    # A bad space file: stopped before any page is written.
    site.write_space("daarligt-hus.yaml", good_space_text("Dårligt Hus", status="status: opn"))
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    from site_helpers import build
    assert build(out, site.overrides()) == 1
    assert everything(out) == before
    (site.spaces / "daarligt-hus.yaml").unlink()

    for change in (add_space, nothing, nothing):
        change(site)
        assert warm(site, out, monkeypatch) == cold(site, reference, monkeypatch), change.__name__
    assert "<p>half</p>".encode() not in b"".join(v for v in everything(out).values() if v)
    assert not [p.name for p in out.parent.iterdir() if p.name.startswith(".out.")]


def test_a_no_cache_build_never_writes_into_a_cache_entry(site, tmp_path, monkeypatch):
    """Pages kept from the spare are links to render cache entries: a build without the cache
    (and a changed template) must replace them, not write through them into the entries."""
    out, reference = tmp_path / "out", tmp_path / "cold"
    warm(site, out, monkeypatch)
    warm(site, out, monkeypatch)
    template = site.theme / "templates" / "space.html"
    good = template.read_text(encoding="utf-8")
    change_template(site)
    assert warm(site, out, monkeypatch, cache=False) == cold(site, reference, monkeypatch)
    template.write_text(good, encoding="utf-8")
    assert warm(site, out, monkeypatch) == cold(site, reference, monkeypatch)
    assert warm(site, out, monkeypatch) == cold(site, reference, monkeypatch)


def test_a_spare_without_its_marker_or_with_strays_is_not_trusted(site, tmp_path, monkeypatch):
    out, reference = tmp_path / "out", tmp_path / "cold"
    warm(site, out, monkeypatch)
    warm(site, out, monkeypatch)
    spare = spare_of(site, out)
    marker = spare.with_name(spare.name + ".ok")
    assert marker.is_file() and (spare / "spaces" / "alfa-hub" / "index.html").is_file()

    # Strays in a spare with its marker: nothing this build does not write survives.
    (spare / "spaces" / "alfa-hub" / "stray.txt").write_text("left by someone")
    (spare / "spaces" / "ghost-hub").mkdir()
    (spare / "spaces" / "ghost-hub" / "index.html").write_text("a space no longer built")
    (spare / "spaces" / "index.html").unlink()
    (spare / "spaces" / "index.html").write_text("an old directory page")
    (spare / "spaces" / "beta-hub" / "index.html").unlink()
    (spare / "spaces" / "beta-hub" / "index.html").write_text("not the cached page")
    assert warm(site, out, monkeypatch) == cold(site, reference, monkeypatch)

    # No marker (or a wrong one): the spare is thrown away whole, the folders made afresh.
    for damage in (lambda: marker.unlink(), lambda: marker.write_text("landhub spare output 1\n0:0\n/x\n")):
        warm(site, out, monkeypatch)
        spare = spare_of(site, out)
        kept = folder_inodes(spare)
        (spare / "spaces" / "alfa-hub" / "index.html").unlink()
        (spare / "spaces" / "alfa-hub" / "index.html").write_text("damaged")
        damage()
        assert warm(site, out, monkeypatch) == cold(site, reference, monkeypatch)
        assert not set(folder_inodes(out).items()) & set(kept.items())
