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


def test_the_deploy_workflow_uploads_only_what_a_successful_build_wrote():
    """The build step fails the job (invoke exits non-zero), and nothing after it may run
    anyway: the upload comes after the build in the same job, the deploy job needs it."""
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    uploading = [(name, job) for name, job in jobs.items()
                 if any("upload-pages-artifact" in str(step.get("uses", "")) for step in job["steps"])]
    assert len(uploading) == 1, "one job uploads the site"
    name, job = uploading[0]
    steps = job["steps"]
    build = next(i for i, s in enumerate(steps) if "invoke publish" in str(s.get("run", ""))
                 or "invoke build" in str(s.get("run", "")))
    upload = next(i for i, s in enumerate(steps) if "upload-pages-artifact" in str(s.get("uses", "")))
    assert build < upload
    for step in steps[build:upload + 1]:
        assert not step.get("continue-on-error"), step
        assert "always()" not in str(step.get("if", "")) and "failure()" not in str(step.get("if", "")), step
    assert steps[upload]["with"]["path"] == "output"
    for other, other_job in jobs.items():
        if any("deploy-pages" in str(s.get("uses", "")) for s in other_job["steps"]):
            needs = other_job.get("needs")
            assert name in ([needs] if isinstance(needs, str) else needs or []), other
            assert "always()" not in str(other_job.get("if", ""))
