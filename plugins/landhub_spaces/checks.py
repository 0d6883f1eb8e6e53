"""The rules a JSON Schema cannot say, one small function each, run after the schema.

Each check runs on every file, also one whose fields have the wrong types (the schema has
reported those), so it reads groups through `_group`/`_items` and skips what it cannot judge.
Checks are named so messages and tests can refer to them.
"""
from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from landhub_images.verify import image_problem
from opening_hours import OpeningHours, ParserError

from .geography import PlaceIndex, denmark_box, inside_box
from .loader import LoadedFile
from .problems import Problem
from .schema_check import is_valid
from .slugs import SLUG_PATTERN, slugify
from .vocab import Vocabulary


@dataclass(frozen=True)
class CheckContext:
    vocabulary: Vocabulary
    places: PlaceIndex
    today: date
    images_dir: Path | None  # content/images/spaces, or None where photos are not checked


def _problem(loaded: LoadedFile, field: str, message: str) -> Problem:
    return Problem(loaded.path, loaded.line_of(field), field, message)


def _group(data: dict, key: str) -> dict:
    """A group of fields, or {} where the file has something else there (the schema says so)."""
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _items(data: dict, key: str) -> list:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _valid_by_schema(ctx, value, *schema_path: str) -> bool:
    rule = ctx.vocabulary.schema
    for key in schema_path:
        rule = rule[key]
    return is_valid(rule, value)


def file_name_matches_name(loaded, data, ctx):
    stem = Path(loaded.path).name.removesuffix(".yaml")
    name = data.get("name")
    # a file name made from an invalid name would be wrong too: the schema's message comes first
    valid_name = isinstance(name, str) and _valid_by_schema(ctx, name, "properties", "name")
    expected = slugify(name) if valid_name else None
    if not SLUG_PATTERN.match(stem):
        yield Problem(loaded.path, 1, "file", "the file name must be lower-case letters, digits "
                      f"and single dashes, ending in .yaml (e.g. spaces/{expected or 'my-space'}.yaml)")
    elif valid_name and not expected:  # e.g. only emoji: no file name (slug) can be made from it
        yield _problem(loaded, "name", "needs at least one letter or digit, so that a file name "
                       "can be made from it")
    elif expected and stem != expected:
        yield _problem(loaded, "name", f"the file name must be made from the name: rename the "
                       f"file to spaces/{expected}.yaml (æ -> ae, ø -> oe, å -> aa)")


def municipality_known(loaded, data, ctx):
    name = _group(data, "address").get("municipality")
    if isinstance(name, str) and name not in ctx.vocabulary.region_of:
        close = difflib.get_close_matches(name, list(ctx.vocabulary.region_of), n=1, cutoff=0.6)
        tip = f"did you mean `{close[0]}`?" if close else "use the short official name"
        yield _problem(loaded, "address.municipality", f"`{name}` is not one of Denmark's 98 "
                       f"municipalities; {tip} (the list is spaces/_vocab/municipalities.yaml)")


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def point_in_denmark(loaded, data, ctx):
    location = _group(data, "location")
    lat, lon = _number(location.get("lat")), _number(location.get("lon"))
    if lat is None or lon is None:
        return
    box = denmark_box(ctx.vocabulary.schema)  # the schema's ranges: one box for every check
    if not inside_box(lat, lon, box):
        lat_range, lon_range = f"{box[0]}-{box[1]}", f"{box[2]}-{box[3]}"
        if inside_box(lon, lat, box):
            yield _problem(loaded, "location", f"lat {lat} and lon {lon} look swapped: in Denmark "
                           f"lat is {lat_range} and lon is {lon_range}; exchange the two values")
        else:
            yield _problem(loaded, "location", f"the point {lat}, {lon} is outside Denmark; "
                           f"check it on a map (lat {lat_range}, lon {lon_range})")
        return
    nearest = ctx.places.nearest(lat, lon)
    if nearest is None:
        yield _problem(loaded, "location", f"the point {lat}, {lon} is more than 30 km from any "
                       "town, probably at sea; check it on a map")
    elif nearest.countrycode != "DK":
        yield _problem(loaded, "location", f"the point {lat}, {lon} is not in Denmark: its nearest "
                       f"town is {nearest.name} ({nearest.countrycode}), {nearest.km:.1f} km away; "
                       "check it on a map")


CONTACT_FIELDS = ("website", "email", "phone")  # at least one; the add-space form reads this too


def contact_present(loaded, data, ctx):
    if not any(key in data for key in CONTACT_FIELDS):
        yield Problem(loaded.path, loaded.line_of("name"), "website",
                      "give at least one way to get in touch: `website`, `email` or `phone`")


def _date(loaded, data, field, ctx):
    value = data.get(field)
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None, []
    try:
        return date.fromisoformat(value), []
    except ValueError:
        return None, [_problem(loaded, field, f"`{value}` is not a real date; write YYYY-MM-DD")]


def last_verified_not_future(loaded, data, ctx):
    when, problems = _date(loaded, data, "last_verified", ctx)
    yield from problems
    if when and when > ctx.today:
        yield _problem(loaded, "last_verified", f"{when.isoformat()} is in the future; write the "
                       "date you last checked these facts (today or earlier)")


def founded_not_future(loaded, data, ctx):
    year = data.get("founded")
    if isinstance(year, int) and not isinstance(year, bool) and year > ctx.today.year:
        yield _problem(loaded, "founded", f"{year} is after this year; write the year it opened, "
                       "or leave `founded` out and use `status: planned`")


@lru_cache(maxsize=4096)
def _opening_hours_valid(value: str) -> bool:
    """Parsed once per text: most spaces share a handful of opening-hours texts."""
    try:
        OpeningHours(value)
    except ParserError:
        return False
    return True


def opening_hours_parse(loaded, data, ctx):
    value = data.get("opening_hours")
    if isinstance(value, str):
        if not _opening_hours_valid(value):
            yield _problem(loaded, "opening_hours", f"`{value}` is not OpenStreetMap opening_hours "
                           "syntax; write e.g. \"Mo-Fr 08:00-17:00; Sa 10:00-14:00\" "
                           "(https://wiki.openstreetmap.org/wiki/Key:opening_hours)")


def urls_well_formed(loaded, data, ctx):
    fields = [("website", data.get("website"))]
    fields += [(f"links.{k}", v) for k, v in sorted(_group(data, "links").items())]
    for field, value in fields:
        if not _valid_by_schema(ctx, value, "properties", "website"):
            continue  # the schema has said what is wrong (links share the website's rule)
        try:
            parts = urlsplit(value)
        except ValueError:  # e.g. an unclosed `[` in the host, which Python reads as an IPv6 address
            parts = None
        host = (parts.hostname or "") if parts else ""
        top_level = host.rpartition(".")[2]  # a letter domain: no IP address, no "localhost"
        if (parts is None or parts.username or parts.password or "." not in host
                or not re.fullmatch(r"[a-z0-9.-]+", host)
                or not re.fullmatch(r"[a-z]{2,63}|xn--[a-z0-9-]+", top_level)):
            yield _problem(loaded, field, f"`{value}` is not a usable web address; write it as "
                           "https://example.dk/ (a domain name, no user name or password)"
                           + _ascii_domain_tip(host))


def _ascii_domain_tip(host: str) -> str:
    """A domain with æ, ø, å is written in its xn-- form (as the browser sends it), so that a
    look-alike letter from another alphabet cannot pass for a Danish one unseen."""
    if host.isascii():
        return ""
    try:
        return f"; a domain with æ, ø or å is written as the browser sends it: {host.encode('idna').decode('ascii')}"
    except UnicodeError:
        return ""


def _photo_files(loaded, data, ctx):
    """(index, path) of each photo whose name the schema accepts; none when photos are not checked."""
    photos = _items(data, "photos")
    if ctx.images_dir is None or not photos:
        return
    stem = Path(loaded.path).name.removesuffix(".yaml")
    for index, photo in enumerate(photos):
        name = photo.get("file") if isinstance(photo, dict) else None
        if _valid_by_schema(ctx, name, "properties", "photos", "items", "properties", "file"):
            yield index, ctx.images_dir / stem / name
        # otherwise the schema has said what is wrong (an SVG, a folder, not text)


def photos_exist(loaded, data, ctx):
    for index, path in _photo_files(loaded, data, ctx):
        if not path.is_file():
            missing = f"there is no file content/images/spaces/{path.parent.name}/{path.name}"
            yield _problem(loaded, f"photos[{index}].file", missing + _photo_near_miss(path))


def _photo_near_miss(path: Path) -> str:
    """How to fix a photo name that names a file present under another spelling: capitals (a Mac
    or Windows disk finds desk.jpg as Desk.JPG, the web server does not), or å, é composed of
    two characters (as macOS may write them in a file's name, and a web address keeps them)."""
    want = unicodedata.normalize("NFC", path.name)
    try:
        names = sorted(os.listdir(path.parent))
    except OSError:
        names = []
    for name in names:
        if unicodedata.normalize("NFC", name) == want:
            return ("; a file has that name with its letters written differently (å or é as a "
                    "plain letter and a separate mark, as a Mac may name files): rename the file, "
                    "typing its name again, or copy the file's name into this field")
    for name in names:
        if unicodedata.normalize("NFC", name).casefold() == want.casefold():
            return (f"; there is {name}: write the name exactly as the file's, capitals too "
                    "(the web server tells them apart), or rename the file")
    return "; add it in the same pull request"


def photos_are_images(loaded, data, ctx):
    """Byte-level: a real JPEG, PNG or WebP as its name says, at most 5 MB and 40 megapixels."""
    for index, path in _photo_files(loaded, data, ctx):
        problem = image_problem(path) if path.is_file() else None  # photos_exist reports a missing one
        if problem:
            yield _problem(loaded, f"photos[{index}].file", problem)


# C0 controls but tab and line breaks, DEL and C1: only reachable through a YAML escape such as
# "\u001b", and shown raw they would corrupt a page, the CSV and the terminal that prints it.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _strings(value, path: str = ""):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, f"{path}[{index}]")


def _rule_at(schema: dict, path: str) -> dict:
    rule = schema
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        rule = rule.get("items", {}) if part.startswith("[") else rule.get("properties", {}).get(part, {})
    return rule


def _any_control(value) -> bool:
    """Whether any text in `value` holds a control character (most files: none, so the walk
    that names each field's path is not needed)."""
    texts, todo = [], [value]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, dict):
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return _CONTROL.search("".join(texts)) is not None  # one character class: joining adds none


def no_control_characters(loaded, data, ctx):
    if loaded.plain_lines or not _any_control(data):
        return  # loader_fast reads no file with a control character in it
    for field, value in _strings(data):
        found = _CONTROL.search(value)
        # a field with its own character rule (name, street, town) has said so already
        if found and is_valid(_rule_at(ctx.vocabulary.schema, field), value):
            yield _problem(loaded, field, f"contains the control character U+{ord(found.group()):04X}, "
                           "which cannot be shown; remove it (it usually comes from a \\u escape "
                           "or a pasted terminal text)")


CHECKS = (
    file_name_matches_name, municipality_known, point_in_denmark, contact_present,
    last_verified_not_future, founded_not_future, opening_hours_parse, urls_well_formed,
    photos_exist, photos_are_images, no_control_characters,
)
