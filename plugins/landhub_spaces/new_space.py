"""`invoke new-space "Name"`: ask for the required fields, write spaces/<slug>.yaml, check it.

Each answer is checked against its own rule in the schema as it is given, and asked again
when wrong; the written file then goes through the real validator, duplicates included.
Questions come from `ask` (input() in the task), so a test can answer them from a list.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from .checks import CONTACT_FIELDS
from .schema_check import validator_for
from .slugs import slugify
from .space_yaml import space_yaml
from .validation import validate_spaces
from .vocab import load_vocabulary

MAX_TRIES = 5  # then stop: a piped answer that is wrong stays wrong


class NewSpaceError(ValueError):
    """A plain message for the person at the keyboard (no traceback)."""


@dataclass(frozen=True)
class Question:
    field: str  # key path, e.g. "address.postcode"
    prompt: str  # in Danish, for the space owner
    required: bool = True
    default: str = ""
    number: bool = False  # lat/lon: a decimal number with a dot


QUESTIONS = (
    Question("status", "Status: open (åbent), planned (planlagt) eller closed (lukket)", default="open"),
    Question("address.street", "Gade og husnummer, fx Ørhagevej 84 (Enter springer over)", required=False),
    Question("address.postcode", "Postnummer, fx 7700"),
    Question("address.town", "By, fx Klitmøller"),
    Question("address.municipality", "Kommune, fx Thisted, Bornholm eller Høje-Taastrup"),
    Question("location.lat", "Breddegrad med punktum, fx 57.0407", number=True),
    Question("location.lon", "Længdegrad med punktum, fx 8.4914", number=True),
    Question("location.precision", "Viser punktet bygningen (address) eller kun byen (town)?", default="address"),
    Question("description.da", "Kort beskrivelse på dansk (mere kan skrives i filen bagefter)"),
    Question("website", "Hjemmeside, fx https://example.dk/ (Enter springer over)", required=False),
    Question("email", "E-mail, fx info@example.dk (Enter springer over)", required=False),
    Question("phone", "Telefon, fx +45 12 34 56 78 (Enter springer over)", required=False),
    Question("last_verified", "Dato hvor oplysningerne er bekræftet, ÅÅÅÅ-MM-DD"),
)
CONTACT = CONTACT_FIELDS


def _rule(schema: dict, field: str) -> dict:
    rule = schema
    for key in field.split("."):
        rule = rule["properties"][key]
    return rule


def _convert(question: Question, text: str):
    if question.number:
        if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
            return None
        return float(text)
    return text


def _problem(question: Question, value, schema: dict, vocabulary, today: date) -> str | None:
    """Why this answer cannot be used, or None."""
    rule = _rule(schema, question.field)
    hint = rule.get("x-hint") or rule.get("description", "")
    if value is None:
        return f"{question.field}: {hint}"
    if not validator_for(rule).is_valid(value):
        choices = rule.get("enum")
        return f"{question.field}: " + (f"use one of {', '.join(choices)}" if choices else hint)
    if question.field == "address.municipality" and value not in vocabulary.region_of:
        close = difflib.get_close_matches(value, list(vocabulary.region_of), n=1, cutoff=0.6)
        return (f"{question.field}: `{value}` is not one of Denmark's 98 municipalities"
                + (f"; did you mean `{close[0]}`?" if close else ""))
    if question.field == "last_verified":
        try:
            when = date.fromisoformat(value)
        except ValueError:
            return f"{question.field}: `{value}` is not a real date; write YYYY-MM-DD"
        if when > today:
            return f"{question.field}: {value} is in the future; write today's date or earlier"
    return None


def _ask_one(question: Question, schema, vocabulary, today, ask, say):
    default = today.isoformat() if question.field == "last_verified" else question.default
    prompt = f"{question.prompt}" + (f" [{default}]" if default else "") + ": "
    for _ in range(MAX_TRIES):
        try:
            text = ask(prompt).strip()
        except EOFError:
            raise NewSpaceError(f"stopped: no answer for {question.field}") from None
        text = text or default
        if not text and not question.required:
            return None
        value = _convert(question, text) if text else None
        problem = _problem(question, value, schema, vocabulary, today)
        if problem is None:
            return value
        say(f"  {problem}")
    raise NewSpaceError(f"stopped after {MAX_TRIES} answers to {question.field} that could not be used")


def _put(data: dict, field: str, value) -> None:
    *groups, key = field.split(".")
    for group in groups:
        data = data.setdefault(group, {})
    data[key] = value


def ask_fields(name: str, schema: dict, vocabulary, today: date,
               ask: Callable[[str], str], say: Callable[[str], None]) -> dict:
    """The required fields and the contact, asked one by one; returns the space's data."""
    data: dict = {"name": name}
    for question in QUESTIONS:
        value = _ask_one(question, schema, vocabulary, today, ask, say)
        if value is not None:
            _put(data, question.field, value)
        if question.field == "phone":
            while not any(k in data for k in CONTACT):
                say("  Giv mindst én måde at kontakte stedet på: hjemmeside, e-mail eller telefon.")
                for again in (q for q in QUESTIONS if q.field in CONTACT):
                    value = _ask_one(again, schema, vocabulary, today, ask, say)
                    if value is not None:
                        _put(data, again.field, value)
    return data


def target_for(spaces_dir: Path, name: str, schema: dict) -> Path:
    """spaces/<slug>.yaml for a usable name that no file has yet."""
    if not validator_for(schema["properties"]["name"]).is_valid(name):
        raise NewSpaceError(f"name: {schema['properties']['name']['x-hint']}")
    slug = slugify(name)
    if not slug:
        raise NewSpaceError("name: needs at least one letter or digit, so that a file name can be made")
    path = spaces_dir / f"{slug}.yaml"
    if path.exists():
        raise NewSpaceError(f"spaces/{path.name} exists already; edit that file instead")
    return path


def new_space(name: str, spaces_dir: Path, images_dir: Path, today: date,
              ask: Callable[[str], str] = input, say: Callable[[str], None] = print) -> tuple[Path, list]:
    """Ask, write the file, check it. Returns the file and its problems (empty when all is well)."""
    vocabulary = load_vocabulary(spaces_dir.resolve())
    schema = vocabulary.schema
    path = target_for(spaces_dir, name.strip(), schema)
    say(f"Opretter {spaces_dir.name}/{path.name}. Tryk Enter for at vælge [standardværdien].")
    data = ask_fields(name.strip(), schema, vocabulary, today, ask, say)
    path.write_text(space_yaml(data, schema), encoding="utf-8", newline="\n")
    return path, validate_spaces(spaces_dir, today, images_dir, [path]).problems
