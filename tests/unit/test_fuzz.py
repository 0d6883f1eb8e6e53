"""Fuzzing the loader and the validator: whatever a stranger's file holds, the answer is a list
of Problems (or a Space), never an exception, and always within a few seconds.

Four kinds of input: arbitrary bytes; YAML-ish text made of YAML's own punctuation; arbitrary
structures written out as YAML; and the good file with one field replaced by anything. The
structured inputs get past the parser, so they reach the schema and the checks with the wrong
types, NaN, huge numbers and odd characters.
"""
from __future__ import annotations

import math
import os
import signal
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from landhub_spaces.loader import MAX_BYTES, LoadedFile, load_space_bytes
from landhub_spaces.problems import Problem
from landhub_spaces.validation import SpaceValidator

from .helpers import TODAY, good_text

# A slow example fails the run (deadline); a hung one is stopped by the alarm below, which the
# deadline alone cannot do (it is measured after the example returns).
PER_EXAMPLE = timedelta(seconds=5)
HANG_SECONDS = 30
# LANDHUB_FUZZ_EXAMPLES=5000 for a longer local run; CI runs the default.
EXAMPLES = int(os.environ.get("LANDHUB_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=PER_EXAMPLE,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

FIELDS = ("name", "status", "address", "street", "postcode", "town", "municipality", "location",
          "lat", "lon", "precision", "description", "da", "en", "website", "email", "phone",
          "opening_hours", "prices", "day_pass", "week", "amenities", "desks", "organisation",
          "founded", "public_transport", "links", "booking", "photos", "file", "alt", "credit",
          "last_verified")
GOOD = yaml.safe_load(good_text())


class Hung(Exception):
    pass


@contextmanager
def time_limit(seconds: int):
    def stop(signum, frame):
        raise Hung(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- strategies ---------------------------------------------------------------------------------

# Characters a stranger's editor might put in: YAML syntax, controls, bidi and zero-width
# characters, surrogates' neighbours, the line and paragraph separators, a BOM.
AWKWARD = st.sampled_from(list(":-?[]{},#&*!|>'\"%@`\t\n\r \\") + [
    "\x00", "\x1b", "\x7f", "\x85", "\u00a0", "\u200b", "\u200d", "\u202e", "\u2028", "\u2029",
    "\u2066", "\ufeff", "\ufffe", "\U0001f600", "ø", "Å", "0", "9", ".", "e", "~"])
TEXT = st.text(st.one_of(AWKWARD, st.characters(codec="utf-8")), max_size=60)
YAML_TOKENS = st.sampled_from([
    "\n", "  ", "- ", ": ", "? ", "---\n", "...\n", "[", "]", "{", "}", ", ", "#", "&a ", "*a",
    "!!str ", "!!python/object:os.system ", "!x ", "|\n", ">-\n", "'", '"', "\\u2028", "%YAML 1.1\n",
    "name", "address", "location", "lat", "photos", "no", "yes", "0800", "08:30", "1e400",
    ".nan", "-.inf", "0x1F", "0o17", "2026-02-30", "~", "null", "<script>", "\t",
])
YAML_ISH = st.lists(st.one_of(YAML_TOKENS, TEXT), max_size=40).map("".join)

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True), TEXT, st.sampled_from(
        ["open", "Thisted", "2026-01-01", "2999-12-31", "https://example.org/", "javascript:alert(1)",
         "desk.jpg", "../../etc/passwd", "x.svg", "Mo-Fr 08:00-17:00", "24/7", "Mo-Fr 25:00-99:99",
         "sunrise-sunset", "week 01-53/2 Mo 10:00-12:00", "PH off", "easter +3 days 10:00-12:00",
         "+45 12 34 56 78", "12345678", "info@example.dk", "7700", "57.04", "8.49"]))
KEYS = st.one_of(st.sampled_from(FIELDS), TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)), max_leaves=25)
STRUCTURES = st.one_of(st.dictionaries(KEYS, VALUES, max_size=12), VALUES)


@st.composite
def good_file_with_one_field_replaced(draw):
    """The good file with one value (at any depth) or one key swapped for anything."""
    data = yaml.safe_load(good_text())
    paths = list(_value_paths(data))
    path = draw(st.sampled_from(paths))
    holder = data
    for part in path[:-1]:
        holder = holder[part]
    if draw(st.booleans()) or not isinstance(holder, dict):
        holder[path[-1]] = draw(VALUES)
    else:
        holder[draw(KEYS)] = holder.pop(path[-1])
    return data


def _value_paths(value, prefix=()):
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        yield prefix + (key,)
        yield from _value_paths(child, prefix + (key,))


def as_yaml(data) -> bytes:
    """Python's data written out as YAML, as an editor might: flow or block, with or without
    escapes (dates as plain scalars, so `last_verified` looks as a person would write it)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000).encode("utf-8")


# --- what must always hold ----------------------------------------------------------------------

def assert_loaded_well(result: LoadedFile) -> None:
    assert isinstance(result, LoadedFile)
    assert all(isinstance(p, Problem) for p in result.problems)
    assert (result.data is None) == bool(result.problems), "data or problems, never both"
    if result.data is not None:
        assert isinstance(result.data, dict)
    for problem in result.problems:
        _assert_printable(problem)


def _assert_printable(problem: Problem) -> None:
    assert isinstance(problem.line, int) and problem.line >= 1, problem
    assert problem.message and problem.field, problem
    shown = str(problem)  # what the CI log gets: never a raw control or bidi character
    assert all(ch.isprintable() for ch in shown), repr(shown)


@pytest.fixture(scope="module")
def validator(tmp_path_factory):
    """One validator on a project folder with the real schema and vocabularies."""
    from .helpers import Site

    site = Site(tmp_path_factory.mktemp("fuzz"))
    site.add_image("cowork-klitmoeller", "desk.jpg")
    return SpaceValidator(site.spaces, TODAY, site.images, root=site.root)


def check(validator: SpaceValidator, raw: bytes, name: str = "cowork-klitmoeller.yaml"):
    path: Path = validator.spaces_dir / name
    path.write_bytes(raw)
    with time_limit(HANG_SECONDS):
        space, problems = validator.check_file(path)
    assert all(isinstance(p, Problem) for p in problems)
    assert (space is None) == bool(problems), "a space or its problems, never both"
    for problem in problems:
        _assert_printable(problem)
    return space, problems


# --- the loader -----------------------------------------------------------------------------------

@FUZZ
@given(raw=st.binary(max_size=2048))
@example(raw=b"\xef\xbb\xbf")
@example(raw=b"\xff\xfe" + "name: x".encode("utf-16-le"))
@example(raw=b"a: " + b"[" * 5000)
@example(raw=b"- " * 3000)
@example(raw=b"a: &x [*x]\n")
@example(raw=b"a: !!binary aGVsbG8=\n")
@example(raw=b"? [a]\n: b\n")
@example(raw=b"a: \x00")
@example(raw=b"x" * (MAX_BYTES + 1))
def test_arbitrary_bytes_give_problems_not_exceptions(raw):
    with time_limit(HANG_SECONDS):
        assert_loaded_well(load_space_bytes(raw, "spaces/fuzz.yaml"))


@FUZZ
@given(text=YAML_ISH)
@example(text="a: 1\n---\nb: 2\n")
@example(text="%YAML 1.1\n---\nname: x\n")
@example(text="name: [\n")
@example(text="{a: 1, a: 2}")
@example(text="\tname: x\n")
@example(text="\u2028name: x")
@example(text="? \n? ")
@example(text="\"\": 1\n")
def test_yaml_ish_text_gives_problems_not_exceptions(text):
    with time_limit(HANG_SECONDS):
        assert_loaded_well(load_space_bytes(text.encode("utf-8", "surrogatepass"), "spaces/fuzz.yaml"))


# --- the validator (loader, schema, checks) ------------------------------------------------------

@FUZZ
@given(raw=st.binary(max_size=1024))
def test_validator_on_arbitrary_bytes(validator, raw):
    check(validator, raw)


@FUZZ
@given(data=STRUCTURES)
def test_validator_on_arbitrary_structures(validator, data):
    check(validator, as_yaml(data))


@FUZZ
@given(data=good_file_with_one_field_replaced())
@example(data={**GOOD, "location": {"lat": math.nan, "lon": math.inf}})
@example(data={**GOOD, "location": {"lat": 8.49, "lon": 57.04}})
@example(data={**GOOD, "opening_hours": "Mo-Fr 08:00-17:00; " * 13})
@example(data={**GOOD, "opening_hours": "week 54 Mo 10:00-12:00"})
@example(data={**GOOD, "last_verified": "2026-02-30"})
@example(data={**GOOD, "founded": 10**400})
@example(data={**GOOD, "phone": 10**30})
@example(data={**GOOD, "photos": [None, "desk.jpg", {"file": None}, {"file": "../x.jpg"}]})
@example(data={**GOOD, "links": ["https://example.org/"]})
@example(data={**GOOD, "website": "https://[::1]/"})
@example(data={**GOOD, "website": "https://exa mple.org:99999/"})
@example(data={**GOOD, "address": {**GOOD["address"], "municipality": ["Thisted"]}})
@example(data={**GOOD, "name": "\u202e" * 80})
def test_validator_on_the_good_file_with_one_field_replaced(validator, data):
    check(validator, as_yaml(data))


@FUZZ
@given(text=YAML_ISH)
def test_validator_on_yaml_ish_text(validator, text):
    check(validator, text.encode("utf-8", "surrogatepass"))


def test_the_good_file_passes(validator):
    """The fuzzed variations start from a file the validator accepts, so they test the rules."""
    space, problems = check(validator, good_text().encode("utf-8"))
    assert space is not None and not problems, problems


@pytest.mark.parametrize("name", ["x.yml", "UPPER.yaml", "a--b.yaml", "ø.yaml"])
def test_odd_file_names_give_problems(validator, name):
    space, problems = check(validator, good_text().encode("utf-8"), name)
    assert space is None and problems
