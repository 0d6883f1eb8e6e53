"""`invoke new-space "Name"`: questions, the file it writes, and the real validator's verdict."""
from __future__ import annotations

import json

import pytest

from landhub_spaces.loader import load_space_file
from landhub_spaces.new_space import NewSpaceError, new_space
from landhub_spaces.space_yaml import SCHEMA_COMMENT, space_yaml

from project_copy import copy_project, invoke

from .helpers import ROOT, TODAY

SCHEMA = json.loads((ROOT / "spaces" / "_schema" / "space.schema.json").read_text(encoding="utf-8"))
# status, street, postcode, town, municipality, lat, lon, precision, description, website,
# email, phone, last_verified
ANSWERS = ["", "Vestergade 3", "7760", "Hurup", "Thisted", "56.7494", "8.4195", "town",
           "Et lille kontorfællesskab midt i byen.", "https://hurup-kontor.example.dk/", "", "", ""]


def run(site, name, answers):
    """new_space() with scripted answers; returns (path, problems, everything it said)."""
    remaining = list(answers)
    said = []

    def ask(prompt):
        said.append(prompt)
        if not remaining:
            raise EOFError
        return remaining.pop(0)

    path, problems = new_space(name, site.spaces, site.images, TODAY, ask=ask, say=said.append)
    return path, [str(p) for p in problems], said


def test_answers_become_a_valid_file_that_starts_with_the_schema_comment(site):
    path, problems, _ = run(site, "Kontorhuset Hurup", ANSWERS)
    assert path == site.spaces / "kontorhuset-hurup.yaml"
    assert problems == []
    assert path.read_text(encoding="utf-8") == (
        f"{SCHEMA_COMMENT}\n"
        "name: Kontorhuset Hurup\n"
        "status: open\n"
        "address:\n  street: Vestergade 3\n  postcode: \"7760\"\n  town: Hurup\n  municipality: Thisted\n"
        "location:\n  lat: 56.7494\n  lon: 8.4195\n  precision: town\n"
        "description:\n  da: Et lille kontorfællesskab midt i byen.\n"
        "website: https://hurup-kontor.example.dk/\n"
        f"last_verified: \"{TODAY.isoformat()}\"\n"
    )


def test_a_wrong_answer_is_explained_and_asked_again(site):
    answers = list(ANSWERS)
    answers[4:5] = ["Thisted kommune", "Thisted"]
    answers[6:7] = ["56,7494", "56.7494"]
    path, problems, said = run(site, "Kontorhuset Hurup", answers)
    assert problems == []
    assert "  address.municipality: `Thisted kommune` is not one of Denmark's 98 municipalities; " \
           "did you mean `Thisted`?" in said
    assert "  location.lat: write the latitude in decimal degrees with a dot, e.g. 57.0407" in said


def test_without_any_contact_it_asks_for_one_again(site):
    answers = ANSWERS[:9] + ["", "", "", "", "info@hurup-kontor.example.dk", "", ""]
    path, problems, said = run(site, "Kontorhuset Hurup", answers)
    assert problems == []
    assert "  Giv mindst én måde at kontakte stedet på: hjemmeside, e-mail eller telefon." in said
    assert "email: info@hurup-kontor.example.dk\n" in path.read_text(encoding="utf-8")


def test_a_file_the_validator_refuses_is_kept_and_its_problems_returned(site):
    # a point in Flensburg passes the per-answer range check, not the validator
    answers = list(ANSWERS)
    answers[5:7] = ["54.7833", "9.4333"]
    path, problems, _ = run(site, "Kontorhuset Hurup", answers)
    assert path.is_file()
    assert problems == ["spaces/kontorhuset-hurup.yaml:9: location: the point 54.7833, 9.4333 is not "
                        "in Denmark: its nearest town is Flensburg (DE), 0.6 km away; check it on a map"]


def test_a_space_that_is_already_listed_is_named(site):
    site.write("cowork-klitmoeller.yaml", (ROOT / "tests/unit/fixtures/spaces/cowork-klitmoeller.yaml")
               .read_text(encoding="utf-8"))
    answers = list(ANSWERS)
    answers[9] = "https://example.org/"
    _, problems, _ = run(site, "Kontorhuset Hurup", answers)
    assert problems == [
        "spaces/kontorhuset-hurup.yaml:15: website: looks like spaces/cowork-klitmoeller.yaml (the same "
        "website host `example.org` as spaces/cowork-klitmoeller.yaml:16). If it is the same space, edit "
        "that file instead; if it is a different one, say so in the pull request"]


@pytest.mark.parametrize("name, message", [
    ("X", "name: use 2-80 ordinary characters (no control, bidi or zero-width characters)"),
    ("🙂🙂", "name: needs at least one letter or digit, so that a file name can be made"),
])
def test_an_unusable_name_stops_before_any_question(site, name, message):
    with pytest.raises(NewSpaceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(site, name, ANSWERS)
    assert not list(site.spaces.glob("*.yaml"))


def test_an_existing_file_is_never_overwritten(site):
    site.write("kontorhuset-hurup.yaml", "name: Kontorhuset Hurup\n")
    with pytest.raises(NewSpaceError, match="spaces/kontorhuset-hurup.yaml exists already"):
        run(site, "Kontorhuset Hurup", ANSWERS)
    assert (site.spaces / "kontorhuset-hurup.yaml").read_text(encoding="utf-8") == "name: Kontorhuset Hurup\n"


def test_answers_that_run_out_stop_with_the_field_named(site):
    with pytest.raises(NewSpaceError, match="stopped: no answer for address.town"):
        run(site, "Kontorhuset Hurup", ANSWERS[:3])


# --- the YAML writer: what it writes reads back as the same data -----------------------------

@pytest.mark.parametrize("text", [
    "Kontorhuset Hurup", "no", "On", "8:30", "0800", "2026-11-01", "+45 12 34 56 78", "Ørsted: Hus",
    "a # b", "- list?", "[x]", "'quoted'", '"double"', "ends with colon:", " padded ", "tab\there",
    "line\u2028separator", "zero\u200bwidth", "<img src=x onerror=alert(1)>", "`${alert(1)}`",
    "Mo-Fr 08:00-17:00; Sa 10:00-14:00", "https://example.org/a?b=c#d", "true", "~", "null",
])
def test_every_text_reads_back_unchanged(tmp_path, text):
    path = tmp_path / "x.yaml"
    path.write_text(space_yaml({"name": text, "description": {"da": text}}, SCHEMA), encoding="utf-8")
    loaded = load_space_file(path)
    assert loaded.problems == []
    assert loaded.data == {"name": text, "description": {"da": text}}


@pytest.mark.parametrize("text, block", [
    ("Første linje.\n\nAnden **linje**.\n", True),
    ("Første linje.\nAnden linje uden slut", False),  # `|` would add a line break: quoted instead
    ("  indrykket\nførst\n", False),
])
def test_descriptions_of_several_lines_are_blocks_where_that_is_exact(tmp_path, text, block):
    written = space_yaml({"description": {"da": text}}, SCHEMA)
    assert ("  da: |\n" in written) is block
    path = tmp_path / "x.yaml"
    path.write_text(written, encoding="utf-8")
    assert load_space_file(path).data == {"description": {"da": text}}


# --- the real command, as a space owner runs it ------------------------------------------------

@pytest.fixture
def project_copy(tmp_path):
    return copy_project(tmp_path)


def test_invoke_new_space_reads_answers_from_stdin_and_the_file_validates(project_copy):
    answers = list(ANSWERS)
    answers[-1] = "2026-01-15"
    done = invoke(project_copy, "new-space", "Kontorhuset Hurup", stdin="\n".join(answers) + "\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].endswith(
        "wrote spaces/kontorhuset-hurup.yaml: all good. Add the optional fields you know "
        "(CONTRIBUTING.md), then open a pull request.")
    written = project_copy / "spaces" / "kontorhuset-hurup.yaml"
    assert written.read_text(encoding="utf-8").startswith(SCHEMA_COMMENT + "\nname: Kontorhuset Hurup\n")
    check = invoke(project_copy, "validate", "--", "spaces/kontorhuset-hurup.yaml")
    assert (check.returncode, check.stdout, check.stderr) == (0, "1 space file(s) checked: all good.\n", "")


def test_invoke_new_space_for_a_listed_space_exits_1_naming_the_file(project_copy):
    answers = ANSWERS[:9] + ["https://cowork-klitmoller.dk/", "", "", ""]
    done = invoke(project_copy, "new-space", "Cowork Klitmøller Thy", stdin="\n".join(answers) + "\n")
    assert done.returncode == 1
    listed = (project_copy / "spaces" / "cowork-klitmoeller.yaml").read_text(encoding="utf-8")
    line = listed.splitlines().index("website: https://cowork-klitmoller.dk/") + 1
    assert done.stderr.splitlines() == [
        "spaces/cowork-klitmoeller-thy.yaml:15: website: looks like spaces/cowork-klitmoeller.yaml "
        f"(the same website host `cowork-klitmoller.dk` as spaces/cowork-klitmoeller.yaml:{line}). If it is "
        "the same space, edit that file instead; if it is a different one, say so in the pull request",
        "wrote spaces/cowork-klitmoeller-thy.yaml, but it has 1 problem(s): fix them and run "
        "`invoke validate -- spaces/cowork-klitmoeller-thy.yaml`",
    ]


def test_invoke_new_space_with_no_answers_stops_without_a_traceback(project_copy):
    done = invoke(project_copy, "new-space", "Kontorhuset Hurup", stdin="")
    assert done.returncode == 1
    assert done.stderr.strip() == "new-space: stopped: no answer for status"
    assert not (project_copy / "spaces" / "kontorhuset-hurup.yaml").exists()
