"""`invoke new-story "Title"`, run as an editor runs it, then the file it wrote in real builds."""
from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from datetime import date

import pytest

from site_helpers import PUBLISH_SETTINGS_FILE, ROOT, SyntheticSite, build, good_space_text, page


def new_story(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", "new-story", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def site(tmp_path) -> SyntheticSite:
    made = SyntheticSite(tmp_path)
    made.write_space("cowork-klitmoeller.yaml", good_space_text("Cowork Klitmøller"))
    return made


def test_new_story_writes_a_dated_draft_with_every_key(site):
    folder = site.content / "stories"
    done = new_story("Et år i Thy", "--spaces", "cowork-klitmoeller", "--folder", str(folder))
    assert done.returncode == 0, done.stderr
    path = folder / "et-aar-i-thy.md"
    assert f"wrote {path}" in done.stdout
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines()
    assert head[:5] == ["Title: Et år i Thy", f"Date: {date.today().isoformat()}", "Status: draft",
                        "Spaces: cowork-klitmoeller", "Region: Region Nordjylland"]
    assert [line.split(":")[0] for line in head[5:]] == [
        "Summary", "Tags", "Authors", "Image", "Image_alt", "Image_credit"]


def test_new_story_never_overwrites_and_refuses_unknown_spaces(site):
    folder = site.content / "stories"
    assert new_story("Et år i Thy", "--folder", str(folder)).returncode == 0
    before = (folder / "et-aar-i-thy.md").read_bytes()
    again = new_story("Et år i Thy", "--folder", str(folder))
    assert again.returncode == 1 and "already exists" in again.stderr
    assert (folder / "et-aar-i-thy.md").read_bytes() == before
    unknown = new_story("Et andet sted", "--spaces", "ingen-saadan", "--folder", str(folder))
    assert unknown.returncode == 1 and "there is no space `ingen-saadan`" in unknown.stderr
    assert not (folder / "et-andet-sted.md").exists()
    assert "Traceback" not in again.stderr + unknown.stderr


def test_the_new_draft_builds_shown_in_development_and_absent_in_production(site, tmp_path):
    done = new_story("Et år i Thy", "--spaces", "cowork-klitmoeller", "--folder", str(site.content / "stories"))
    assert done.returncode == 0, done.stderr
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        assert site.build() == 0, err.getvalue()
        published = tmp_path / "published"
        assert build(published, site.overrides(), settings_file=PUBLISH_SETTINGS_FILE) == 0, err.getvalue()
    assert page(site.output, "drafts/et-aar-i-thy/").select_one("h1").get_text(strip=True) == "Et år i Thy"
    assert not (published / "drafts").exists()
    assert not list(published.rglob("*et-aar-i-thy*"))
