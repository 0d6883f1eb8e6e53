"""Does a space file describe a space that is already listed? A cross-file check.

A file is compared with every other space file by five signs: the same name (folded: case,
accents and æ/ae, ø/oe, å/aa alike), the same website, e-mail or phone, or a point within
50 m. Each sign is read leniently from whatever the other file holds, so a broken neighbour
neither crashes the check nor hides a match. Two signs are narrowed so that different spaces
of one operator are not taken for one: websites match on their host unless both name
different pages of it (`x.dk/thisted` and `x.dk/hanstholm`), and points are compared only
when both files give the building (`precision: address`), since every space placed by its
town shares the town's point.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from .geography import distance_km
from .loader import LoadedFile
from .problems import Problem
from .slugs import fold

NEAR_METRES = 50
# The order fields are named in a message; the first match is the field the problem sits on.
SIGNS = ("name", "website", "email", "phone", "location")


@dataclass(frozen=True)
class Fingerprint:
    """The comparable signs of one file: field -> normalised value, plus its building's point."""

    path: str
    loaded: LoadedFile
    signs: dict
    point: tuple[float, float] | None


def _text(data: dict, key: str) -> str | None:
    value = data.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _site(url: str | None):
    """(host without www., path without the trailing slash), or None."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:
        return None
    return (host, parts.path.rstrip("/").lower()) if host else None


def _phone(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    digits = digits[2:] if len(digits) == 10 and digits.startswith("45") else digits
    return digits if len(digits) == 8 else None


def _point(data: dict):
    location = data.get("location")
    if not isinstance(location, dict) or location.get("precision", "address") != "address":
        return None
    lat, lon = location.get("lat"), location.get("lon")
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon))
    return (float(lat), float(lon)) if numbers else None


def fingerprint(loaded: LoadedFile) -> Fingerprint | None:
    data = loaded.data
    if not isinstance(data, dict):
        return None
    name = _text(data, "name")
    email = _text(data, "email")
    signs = {
        "name": fold(name) if name else None,
        "website": _site(_text(data, "website")),
        "email": email.lower() if email else None,
        "phone": _phone(data.get("phone")),
    }
    return Fingerprint(loaded.path, loaded, {k: v for k, v in signs.items() if v}, _point(data))


def _file_name(path: str) -> str:
    return path.rpartition("/")[2]


def _same_site(a, b) -> bool:
    host_a, path_a = a
    host_b, path_b = b
    return host_a == host_b and (path_a == path_b or not path_a or not path_b)


def _matches(new: Fingerprint, old: Fingerprint) -> list[tuple[str, str]]:
    """(field, what is the same) for every sign the two share, in SIGNS order."""
    found = []
    for field in ("name", "website", "email", "phone"):
        a, b = new.signs.get(field), old.signs.get(field)
        if a is None or b is None:
            continue
        if field == "website" and _same_site(a, b):
            found.append((field, f"the same website host `{a[0]}` as {{at}}"))
        elif field != "website" and a == b:
            found.append((field, f"the same {'e-mail' if field == 'email' else field} as {{at}}"))
    if new.point and old.point:
        metres = distance_km(*new.point, *old.point) * 1000
        if metres <= NEAR_METRES:
            found.append(("location", f"a point {metres:.0f} m from the one at {{at}}"))
    return found


def _explain(new: Fingerprint, old: Fingerprint, matches) -> Problem:
    field = matches[0][0]
    where = "; ".join(what.format(at=f"{old.path}:{old.loaded.line_of(f)}") for f, what in matches)
    return Problem(new.path, new.loaded.line_of(field), field,
                   f"looks like {old.path} ({where}). If it is the same space, edit that file "
                   "instead; if it is a different one, say so in the pull request")


def duplicate_problems(candidates: list[LoadedFile], others: list[LoadedFile]) -> list[Problem]:
    """Each candidate against every other file and every earlier candidate: one problem per pair."""
    known = [f for f in map(fingerprint, others) if f]
    problems = []
    for loaded in candidates:
        new = fingerprint(loaded)
        if new is None:
            continue
        for old in known:
            if _file_name(old.path) == _file_name(new.path):
                continue  # one slug, two files: the unique-slug rule reports that
            matches = _matches(new, old)
            if matches:
                problems.append(_explain(new, old, matches))
        known.append(new)
    return problems
