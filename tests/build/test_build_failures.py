"""A bad space file or a story naming an unknown space stops the build with file:line messages."""
from __future__ import annotations

import re

import pytest

from site_helpers import SyntheticSite, good_space_text

# Three problems on three known lines (the file is written below, line by line).
BAD_SPACE = """\
name: Dårligt Hus
status: opn
address:
  postcode: "77"
  town: Klitmøller
  municipality: Thisted
location:
  lat: 57.0412
  lon: 8.4873
description:
  da: Et sted.
website: https://example.org/
last_verified: 2999-01-01
"""
LINE = re.compile(r"spaces/([\w.-]+):(\d+): ([\w.\[\]]+): \S.*")


@pytest.fixture
def site(tmp_path) -> SyntheticSite:
    made = SyntheticSite(tmp_path)
    made.write_space("cowork-klitmoeller.yaml", good_space_text("Cowork Klitmøller"))
    return made


def problem_lines(stderr: str, file_name: str) -> list[tuple[int, str]]:
    found = []
    for line in stderr.splitlines():
        if file_name in line:
            match = LINE.search(line)
            assert match, f"not in the form spaces/<file>:<line>: <field>: ...: {line!r}"
            assert match.group(1) == file_name
            found.append((int(match.group(2)), match.group(3)))
    return found


def test_a_bad_space_file_stops_the_build_with_file_line_field(site, capfd):
    site.write_space("daarligt-hus.yaml", BAD_SPACE)
    assert site.build() == 1
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert set(problem_lines(err, "daarligt-hus.yaml")) == {
        (2, "status"), (4, "address.postcode"), (13, "last_verified")}
    assert not site.output.exists() or not (site.output / "spaces" / "daarligt-hus").exists()


def test_nothing_is_written_for_a_bad_file_even_beside_good_ones(site, capfd):
    site.write_space("daarligt-hus.yaml", BAD_SPACE)
    assert site.build() == 1
    capfd.readouterr()
    written = sorted(site.output.rglob("*")) if site.output.exists() else []
    assert not [p for p in written if "daarligt" in p.as_posix()], written


def test_every_bad_file_is_reported_in_one_build(site, capfd):
    site.write_space("daarligt-hus.yaml", BAD_SPACE)
    site.write_space("andet-hus.yaml", good_space_text("Andet Hus", status="status: closed?"))
    assert site.build() == 1
    err = capfd.readouterr().err
    assert problem_lines(err, "daarligt-hus.yaml")
    assert problem_lines(err, "andet-hus.yaml") == [(2, "status")]


def test_a_story_naming_an_unknown_space_stops_the_build(site, capfd):
    site.write_story("en-historie.md", "Title: En historie\nDate: 2026-10-01\n"
                     "Spaces: cowork-klitmoeller, no-such-space\n\nTekst.\n")
    assert site.build() == 1
    err = capfd.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if "no-such-space" in line]
    assert lines, err
    assert re.search(r"content/stories/en-historie\.md:3: Spaces: .*no-such-space", lines[0]), lines


def test_the_good_site_builds(site, capfd):
    """The fixture's own space is valid, so the failures above are the bad files' doing."""
    assert site.build() == 0, capfd.readouterr().err
    assert (site.output / "spaces" / "cowork-klitmoeller" / "index.html").is_file()
