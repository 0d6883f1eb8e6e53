"""`invoke validate`: landhub_spaces.build.validate_command, as a contributor runs it."""
from __future__ import annotations

import pytest

from landhub_spaces.build import validate_command

from .helpers import ROOT, edit, good_text

SETTINGS = str(ROOT / "pelicanconf.py")
PHOTOS = ("photos:\n  - file: desk.jpg\n    alt: Desks by the window, with the dunes outside\n"
          "    credit: Anna Jensen\n")


@pytest.fixture
def good_file(tmp_path):
    # no photos: their folder would be the real content/images/spaces/, which this test does not own
    path = tmp_path / "cowork-klitmoeller.yaml"
    path.write_text(edit(good_text(), PHOTOS, ""), encoding="utf-8")
    return path


def test_bad_file_prints_every_problem_to_stderr_and_returns_1(tmp_path, capsys):
    path = tmp_path / "cowork-klitmoeller.yaml"
    text = edit(edit(edit(good_text(), PHOTOS, ""), "status: open", "status: opne"), "desks: 20", "desks: 0")
    path.write_text(text, encoding="utf-8")

    assert validate_command(SETTINGS, [str(path)]) == 1

    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"{path}:2: status: `opne` is not allowed; use one of `open`, `planned`, `closed`",
        f"{path}:25: desks: `0` is not valid; write a whole number of at least 1",
        "2 problem(s) in 1 file(s).",
    ]


def test_good_file_prints_a_summary_and_returns_0(good_file, capsys):
    assert validate_command(SETTINGS, [str(good_file)]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("1 space file(s) checked: all good.\n", "")


def test_missing_file_gives_a_clear_line_and_the_others_are_still_checked(tmp_path, good_file, capsys):
    missing = tmp_path / "no-such-space.yaml"
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(b"name: Broken\n\tstatus: open\n")

    assert validate_command(SETTINGS, [str(missing), str(good_file), str(broken)]) == 1

    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"{missing}:1: file: there is no such file",
        f"{broken}:2: file: a tab is used for indentation; YAML needs spaces (indent with two spaces)",
        "2 problem(s) in 2 file(s).",
    ]


def test_a_file_with_another_ending_is_named(tmp_path, capsys):
    path = tmp_path / "cowork-klitmoeller.yml"
    path.write_text(good_text(), encoding="utf-8")
    assert validate_command(SETTINGS, [str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{path}:1: file: space files end in .yaml; rename the file",
        "1 problem(s) in 1 file(s).",
    ]
