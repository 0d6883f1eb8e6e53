"""The strict loader: one fixture (or one byte string) per rule, exact message and line."""
from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from landhub_spaces.loader import MAX_BYTES, load_space_bytes, load_space_file

from .helpers import FIXTURES


def load(name: str):
    return load_space_file(FIXTURES / "loader" / name, f"spaces/{name}")


def problems_of(loaded) -> list[str]:
    return [str(problem) for problem in loaded.problems]


def load_bytes(raw: bytes):
    return load_space_bytes(raw, "spaces/x.yaml")


# --- encoding and bytes -------------------------------------------------------------------

def test_tab_indentation_is_refused_on_its_line():
    loaded = load_bytes(b"name: Cowork\naddress:\n  town: Klitm\xc3\xb8ller\n\tpostcode: 7700\n")
    assert loaded.data is None
    assert problems_of(loaded) == [
        "spaces/x.yaml:4: file: a tab is used for indentation; YAML needs spaces "
        "(indent with two spaces)"
    ]


def test_tab_indenting_a_list_item_is_refused():
    loaded = load_bytes(b"name: Cowork\namenities:\n\t- fiber\n")
    assert problems_of(loaded) == [
        "spaces/x.yaml:3: file: a tab is used for indentation; YAML needs spaces "
        "(indent with two spaces)"
    ]


def test_a_tab_inside_a_value_is_text_not_indentation():
    assert load_bytes(b"name: Cowork\tKlitm\xc3\xb8ller\n").data == {"name": "Cowork\tKlitmøller"}


def test_byte_order_mark_is_accepted_and_stripped():
    loaded = load_bytes(b"\xef\xbb\xbfname: Cowork Klitm\xc3\xb8ller\nstatus: open\n")
    assert loaded.problems == []
    assert loaded.data == {"name": "Cowork Klitmøller", "status": "open"}
    assert list(loaded.data) == ["name", "status"]  # no "\ufeffname" key
    assert loaded.lines["status"] == 2


def test_latin1_bytes_are_refused_on_the_line_of_the_bad_byte(tmp_path):
    path = tmp_path / "cowork.yaml"
    path.write_bytes("name: Cowork\nstatus: open\naddress:\n  town: Klitmøller\n".encode("latin-1"))
    loaded = load_space_file(path, "spaces/cowork.yaml")
    assert loaded.data is None
    assert problems_of(loaded) == [
        "spaces/cowork.yaml:4: file: byte 0xf8 is not UTF-8; save the file as UTF-8 "
        "(it looks like Latin-1/Windows-1252 text)"
    ]


def test_nul_byte_is_refused_on_its_line():
    loaded = load_bytes(b"name: Cowork\nstatus: op\x00en\n")
    assert problems_of(loaded) == [
        "spaces/x.yaml:2: file: the file contains a NUL character; it must be plain UTF-8 text"
    ]


def test_other_control_character_is_refused():
    loaded = load_bytes(b"name: Cowork\x07\n")
    assert problems_of(loaded) == [
        "spaces/x.yaml:1: file: this is not valid YAML (unacceptable character #x0007: "
        "control characters are not allowed)"
    ]


def _bytes_read_by_this_process() -> int:
    # Linux's count of bytes this process has read through read(): proves what was not read.
    fields = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
    return int(fields["rchar"])


def test_ten_megabyte_file_is_refused_by_its_size_without_reading_it(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"name: Cowork\ndescription:\n  da: " + b"x" * (10 * 1024 * 1024 - 33) + b"\n")
    assert path.stat().st_size == 10 * 1024 * 1024
    before = _bytes_read_by_this_process()
    loaded = load_space_file(path, "spaces/huge.yaml")
    read = _bytes_read_by_this_process() - before
    assert problems_of(loaded) == [
        "spaces/huge.yaml:1: file: the file is 10,485,760 bytes; a space file may be at most "
        "65,536 bytes (64 KiB). Shorten the description or move photos to content/images/spaces/"
    ]
    assert read < MAX_BYTES, f"the loader read {read:,} bytes of a file it refuses by size"


def test_bytes_over_the_limit_are_refused_when_given_directly():
    loaded = load_bytes(b"name: Cowork\n" + b"#" * MAX_BYTES)
    assert problems_of(loaded) == [
        "spaces/x.yaml:1: file: the file is 65,549 bytes; a space file may be at most "
        "65,536 bytes (64 KiB)"
    ]


def test_a_file_of_exactly_64_kib_is_read():
    head = b"name: Cowork\n"
    loaded = load_bytes(head + b"#" * (MAX_BYTES - len(head) - 1) + b"\n")
    assert loaded.problems == [] and loaded.data == {"name": "Cowork"}


def test_a_missing_file_is_a_problem_not_an_exception(tmp_path):
    loaded = load_space_file(tmp_path / "gone.yaml", "spaces/gone.yaml")
    assert problems_of(loaded) == ["spaces/gone.yaml:1: file: cannot be read (No such file or directory)"]


# --- what YAML structures mean --------------------------------------------------------------

def test_duplicate_key_is_reported_on_the_second_occurrence():
    loaded = load("duplicate_key.yaml")
    assert loaded.data is None
    assert problems_of(loaded) == [
        "spaces/duplicate_key.yaml:6: address.town: `town` appears twice (first on line 4); keep one"
    ]


def test_duplicate_top_level_key():
    assert problems_of(load("duplicate_top_key.yaml")) == [
        "spaces/duplicate_top_key.yaml:3: name: `name` appears twice (first on line 1); keep one"
    ]


def test_duplicate_key_in_a_flow_mapping():
    assert problems_of(load_bytes(b"address: {town: a, town: b}\n")) == [
        "spaces/x.yaml:1: address.town: `town` appears twice (first on line 1); keep one"
    ]


def test_scalars_are_read_by_the_yaml_1_2_core_schema():
    loaded = load("core_schema_scalars.yaml")
    assert loaded.problems == []
    assert loaded.data == {
        "opening_hours": "8:30",  # YAML 1.1: 510 (sexagesimal)
        "postcode": "0800",  # YAML 1.1: 512 (octal) or 800
        "answer_no": "no", "answer_yes": "yes", "answer_on": "on", "answer_off": "off",
        "lat": "57,04",  # a comma is not a decimal point: the schema will say so
        "desks": 12,
        "lon": 8.4914,
        "verified": "2026-11-01",  # text, not a date object: the checks parse it themselves
        "flag": True,
        "nothing": None,
    }
    # exact types, not just equal values (True == 1, "0800" != 800)
    assert type(loaded.data["desks"]) is int and type(loaded.data["lon"]) is float
    assert type(loaded.data["postcode"]) is str


@pytest.mark.parametrize("text, value", [
    ("0o17", 15), ("0x1F", 31), ("+12", 12), ("-0", 0), ("1e3", 1000.0), ("007", "007"),
    ("1_000", "1_000"), ("0b101", "0b101"), ("12:30:00", "12:30:00"), ("~", None), ("TRUE", True),
    ("'12'", "12"), ('"true"', "true"), ("|\n  12\n", "12\n"),
])
def test_core_schema_details(text, value):
    loaded = load_bytes(f"v: {text}\n".encode())
    assert loaded.data == {"v": value} and type(loaded.data["v"]) is type(value)


def test_anchor_is_refused():
    assert problems_of(load("anchor.yaml")) == [
        "spaces/anchor.yaml:2: file: anchor `&home` is not allowed; write every value out in full"
    ]


def test_alias_is_refused():
    assert problems_of(load("alias.yaml")) == [
        "spaces/alias.yaml:3: file: alias `*home` is not allowed; write the value out in full"
    ]


def test_alias_bomb_is_never_expanded_and_gives_one_problem():
    # Memory, not time, shows it was never expanded (a timed test would be flaky): expanded,
    # it would be 387 million strings.
    tracemalloc.start()
    try:
        loaded = load("billion_laughs.yaml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024, f"loading the alias bomb peaked at {peak:,} bytes"
    assert loaded.data is None
    assert problems_of(loaded) == [
        "spaces/billion_laughs.yaml:2: file: anchor `&a` is not allowed; write every value out in full"
    ]


def test_python_object_tag_is_refused_and_nothing_runs():
    assert problems_of(load("python_object.yaml")) == [
        "spaces/python_object.yaml:2: file: tag `!!python/object/apply:os.system` is not allowed; "
        "write plain values (quote a value to make it text)"
    ]


def test_standard_tag_is_refused_too():
    assert problems_of(load("str_tag.yaml")) == [
        "spaces/str_tag.yaml:3: file: tag `!!str` is not allowed; write plain values "
        "(quote a value to make it text)"
    ]


@pytest.mark.parametrize("tag", [
    "!!python/object:os.system", "!!python/name:os.system", "!!binary", "!!set", "!!timestamp",
    "!!float", "!!map", "!<tag:yaml.org,2002:str>",
])
def test_every_standard_or_python_tag_is_refused(tag):
    shown = "!!str" if tag.startswith("!<") else tag
    assert problems_of(load_bytes(f"name: Cowork\nstatus: {tag} x\n".encode())) == [
        f"spaces/x.yaml:2: file: tag `{shown}` is not allowed; write plain values "
        "(quote a value to make it text)"
    ]


def test_local_tag_is_refused():
    assert problems_of(load("local_tag.yaml")) == [
        "spaces/local_tag.yaml:1: file: tag `!space` is not allowed; write plain values "
        "(quote a value to make it text)"
    ]


def test_multiple_documents_are_refused_at_the_second():
    assert problems_of(load("two_documents.yaml")) == [
        "spaces/two_documents.yaml:3: file: the file holds more than one YAML document "
        "(a second `---`); keep one space per file"
    ]


def test_one_document_with_start_and_end_markers_is_fine():
    loaded = load("one_document_with_markers.yaml")
    assert loaded.problems == [] and loaded.data == {"name": "Cowork Klitmøller"}
    assert loaded.lines["name"] == 2


@pytest.mark.parametrize("name", ["empty.yaml", "only_comments.yaml"])
def test_empty_file_and_file_of_only_comments(name):
    loaded = load(name)
    assert loaded.data is None
    assert problems_of(loaded) == [
        f"spaces/{name}:1: file: the file is empty; it must hold the fields of one space "
        "(start from the example in CONTRIBUTING.md)"
    ]


def test_top_level_list_is_refused():
    assert problems_of(load("top_level_list.yaml")) == [
        "spaces/top_level_list.yaml:1: file: the file must be a mapping of fields like `name: ...`, "
        "not a list; start from the example in CONTRIBUTING.md"
    ]


def test_top_level_text_is_refused():
    assert problems_of(load("top_level_text.yaml")) == [
        "spaces/top_level_text.yaml:1: file: the file must be a mapping of fields like `name: ...`, "
        "not a single text value; start from the example in CONTRIBUTING.md"
    ]


def test_an_empty_document_is_refused():
    assert problems_of(load_bytes(b"---\n...\n")) == [
        "spaces/x.yaml:2: file: the file must be a mapping of fields like `name: ...`, "
        "not an empty value; start from the example in CONTRIBUTING.md"
    ]


def test_list_as_key_is_refused():
    assert problems_of(load("list_as_key.yaml")) == [
        "spaces/list_as_key.yaml:3: address: keys must be plain names like `name`, not lists or mappings"
    ]


def test_mapping_as_key_is_refused():
    assert problems_of(load("mapping_as_key.yaml")) == [
        "spaces/mapping_as_key.yaml:2: file: keys must be plain names like `name`, not lists or mappings"
    ]


def test_number_as_key_becomes_text_for_the_schema_to_refuse():
    assert load_bytes(b"1: x\n").data == {"1": "x"}


def test_syntax_error_names_the_line_and_what_to_check():
    assert problems_of(load("bad_indentation.yaml")) == [
        "spaces/bad_indentation.yaml:3: file: this is not valid YAML: mapping values are not "
        "allowed in this context. Check the indentation and that values containing `: ` or `#` "
        "are in quotes"
    ]


def test_deep_nesting_is_refused_not_a_recursion_error():
    loaded = load_bytes(b"amenities: " + b"[" * 900 + b"]" * 900 + b"\n")
    assert problems_of(loaded) == [
        "spaces/x.yaml:1: amenities" + "[0]" * 20 + ": is nested more than 20 levels deep; "
        "a space file needs at most three"
    ]


def test_nesting_beyond_the_parser_limit_is_a_syntax_problem():
    loaded = load_bytes(b"amenities: " + b"[" * 2000 + b"]" * 2000 + b"\n")
    assert problems_of(loaded) == [
        "spaces/x.yaml:1: file: this is not valid YAML: exceeded maximum nesting depth. Check the "
        "indentation and that values containing `: ` or `#` are in quotes"
    ]


# --- line numbers -----------------------------------------------------------------------------

def test_line_numbers_of_nested_keys_and_list_items():
    loaded = load("nested_lines.yaml")
    assert loaded.problems == []
    assert loaded.lines == {
        "": 1, "name": 1, "address": 2, "address.street": 3, "address.town": 5,
        "photos": 6, "photos[0]": 7, "photos[0].file": 7, "photos[0].alt": 8,
        "photos[1]": 10, "photos[1].file": 10, "photos[1].credit": 11, "photos[1].alt": 12,
        "amenities": 13, "amenities[0]": 13, "amenities[1]": 14,
    }
    assert loaded.line_of("photos[0].alt") == 8
    assert loaded.line_of("photos[1].alt") == 12
    # a missing key is placed on its nearest ancestor that is in the file
    assert loaded.line_of("photos[0].credit") == 7
    assert loaded.line_of("address.postcode") == 2
    assert loaded.line_of("location.lat") == 1
