"""invoke bench's parts: synthetic spaces that the real validator accepts, the same every run,
and the runner's table. (The measures themselves run in `invoke bench`, not here.)"""
from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest

from landhub_bench.data_size import data_size
from landhub_bench.run import Case, run, table
from landhub_bench.synthetic import danish_towns, space_yaml, synthetic_space_objects, synthetic_spaces, write_synthetic_spaces
from landhub_spaces.exports import read_spaces_json
from landhub_spaces.geography import denmark_box, inside_box
from landhub_spaces.validation import validate_spaces
from landhub_spaces.vocab import load_vocabulary

from .helpers import ROOT

SPACES = ROOT / "spaces"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic") / "spaces"
    return folder, write_synthetic_spaces(folder, 150, SPACES)


def test_synthetic_files_pass_the_real_validator(written):
    folder, paths = written
    result = validate_spaces(folder, date(2026, 11, 27), None)
    assert [str(p) for p in result.problems] == []
    assert len(result.spaces) == len(paths) == 150


def test_synthetic_objects_are_what_the_validator_makes_of_the_files(written):
    folder, _paths = written
    validated = validate_spaces(folder, date(2026, 11, 27), None).spaces
    made = synthetic_space_objects(150, SPACES)
    assert [(s.slug, s.name, s.address, s.location, s.opening_hours, s.prices, s.amenities)
            for s in made] == [(s.slug, s.name, s.address, s.location, s.opening_hours, s.prices,
                                s.amenities) for s in validated]


def test_same_size_and_seed_give_the_same_spaces_and_another_seed_does_not():
    assert synthetic_spaces(40, SPACES) == synthetic_spaces(40, SPACES)
    assert synthetic_spaces(40, SPACES, seed=2) != synthetic_spaces(40, SPACES)


def test_synthetic_spaces_look_like_real_ones():
    spaces = [data for _slug, data in synthetic_spaces(2000, SPACES)]
    names = " ".join(d["name"] for d in spaces)
    assert {"æ", "ø", "å"} <= set(names.lower())
    box = denmark_box(load_vocabulary(SPACES.resolve()).schema)
    assert all(inside_box(d["location"]["lat"], d["location"]["lon"], box) for d in spaces)
    hours = Counter(d.get("opening_hours") for d in spaces)
    assert hours[None] > 200 and hours["Mo-Fr 08:00-17:00"] > 400 and hours["24/7"] > 50
    assert 0.6 < sum("day_pass" in d.get("prices", {}) for d in spaces) / len(spaces) < 0.9
    statuses = Counter(d["status"] for d in spaces)
    assert statuses["open"] > 1800 and statuses["planned"] and statuses["closed"]
    assert len({d["address"]["municipality"] for d in spaces}) > 80


def test_towns_lie_in_their_municipality_s_part_of_the_country():
    towns = {t.name: t.municipality for t in danish_towns(SPACES)}
    assert towns["Nexø"] == "Bornholm" and towns["Klitmøller"] == "Thisted"
    assert towns["Marstal"] == "Ærø" and towns["Skagen"] == "Frederikshavn"


def test_space_yaml_writes_strings_quoted_and_reads_back_the_same(tmp_path):
    from landhub_spaces.loader import load_space_file

    slug, data = synthetic_spaces(1, SPACES)[0]
    path = tmp_path / f"{slug}.yaml"
    path.write_text(space_yaml(data), encoding="utf-8")
    loaded = load_space_file(path, path.name)  # the project's strict YAML 1.2 loader
    assert loaded.problems == [] and loaded.data == data
    assert '"' + data["name"] + '"' in space_yaml(data)


def test_runner_gives_one_row_per_size_and_a_table(tmp_path):
    rows = run([10, 20], measures=[data_size], log=lambda text: None)
    assert [row["spaces"] for row in rows] == ["10", "20"]
    assert set(rows[0]) == {"spaces", "spaces.json", "gzip -6", "gzip -9"}
    lines = table(rows).splitlines()
    assert lines[0].startswith("| spaces | spaces.json") and lines[1].startswith("| -")
    assert len(lines) == 4 and len({len(line) for line in lines}) == 1


def test_case_spaces_json_is_the_export_of_its_spaces(tmp_path):
    case = Case(30, tmp_path)
    data = read_spaces_json(case.spaces_json.decode("utf-8"))
    assert len(data) == 30
    assert {space["slug"] for space in data} == {s.slug for s in case.spaces}
