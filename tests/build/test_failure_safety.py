"""A failing build leaves the previous output/ exactly as it was (build.py builds beside it and
swaps only on success), so livereload and a deploy never see half a site."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_helpers import ROOT, SyntheticSite, good_space_text


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(site: SyntheticSite) -> list[str]:
    """Anything the build left beside output/ (its staging folder, the old output)."""
    return sorted(p.name for p in site.output.parent.iterdir() if p.name.startswith(".output."))


@pytest.fixture
def built(tmp_path) -> tuple[SyntheticSite, dict[str, bytes]]:
    site = SyntheticSite(tmp_path)
    site.write_space("cowork-klitmoeller.yaml", good_space_text("Cowork Klitmøller"))
    assert site.build() == 0
    return site, snapshot(site.output)


def test_a_bad_space_file_leaves_the_old_output_byte_identical(built, capfd):
    site, before = built
    assert "spaces/cowork-klitmoeller/index.html" in before
    site.write_space("daarligt-hus.yaml", good_space_text("Dårligt Hus", status="status: opn"))
    assert site.build() == 1
    assert "daarligt-hus.yaml" in capfd.readouterr().err
    assert snapshot(site.output) == before
    assert not leftovers(site)


def test_a_crash_while_writing_pages_leaves_the_old_output_byte_identical(built, tmp_path):
    """A template that fails half-way through the pages (after Pelican emptied its folder)."""
    site, before = built
    theme = tmp_path / "broken-theme"
    shutil.copytree(ROOT / "theme", theme)
    space = theme / "templates" / "space.html"
    space.write_text(space.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}{{ space.name.no_such_method() }}", 1),
        encoding="utf-8")
    from site_helpers import build

    with pytest.raises(Exception, match="no_such_method"):
        build(site.output, {**site.overrides(), "THEME": str(theme)})
    assert snapshot(site.output) == before
    assert not leftovers(site)


def test_a_good_build_replaces_the_output_whole(built):
    """Swapped, not merged: a page whose space is gone is gone, and nothing is left beside."""
    site, before = built
    (site.spaces / "cowork-klitmoeller.yaml").unlink()
    site.write_space("andet-hus.yaml", good_space_text("Andet Hus"))
    (site.output / "stray.txt").write_text("from an older build")
    assert site.build() == 0
    after = snapshot(site.output)
    assert "spaces/andet-hus/index.html" in after
    assert "spaces/cowork-klitmoeller/index.html" not in after
    assert "stray.txt" not in after
    assert not leftovers(site)
    assert oct(site.output.stat().st_mode & 0o777) != oct(0o700), "output/ stays readable"


def test_output_retention_is_carried_over(built):
    """Pelican's OUTPUT_RETENTION (e.g. a .git folder in output/) survives the swap."""
    site, _ = built
    (site.output / ".git").mkdir()
    (site.output / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    from site_helpers import build

    assert build(site.output, {**site.overrides(), "OUTPUT_RETENTION": [".git"]}) == 0
    assert (site.output / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
