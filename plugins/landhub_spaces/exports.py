"""Open data and the finder's data: spaces.json (compact), spaces.geojson, spaces.csv."""
from __future__ import annotations

import csv
import io
import json
import re

from .hours import weekly_intervals
from .model import PRICE_KEYS, Space

# The compact rows of spaces.json; the maps and the finder read columns by these names.
JSON_COLUMNS = ("slug", "name", "town", "municipality", "region", "lat", "lon", "precision",
                "status", "url", "day_pass", "amenities", "opening_hours", "hours")
CSV_COLUMNS = ("slug", "name", "status", "street", "postcode", "town", "municipality", "region",
               "lat", "lon", "precision", "website", "email", "phone", "opening_hours",
               *(f"price_{key}" for key in PRICE_KEYS), "amenities", "desks", "organisation",
               "founded", "public_transport", "last_verified", "url")


_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _dump(value) -> str:
    # ensure_ascii keeps U+2028/U+2029 and every non-ASCII character as \u escapes, and <, >, &
    # (which JSON has only inside strings) are escaped too, so the text can be embedded in a
    # <script> element as it is; sort_keys keeps builds identical.
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.translate(_HTML_SAFE)


def _place_order(space: Space) -> tuple:
    return (space.address.region_slug, space.address.municipality, space.address.town, space.slug)


def spaces_json(spaces: list[Space], urls: dict[str, str]) -> str:
    # Rows by region, municipality and town: neighbours share their place names and most digits
    # of their coordinates, so gzip shrinks the finder's file by a sixth (invoke bench).
    rows = [
        [s.slug, s.name, s.address.town, s.address.municipality, s.address.region_slug,
         s.location.lat, s.location.lon, s.location.precision, s.status, urls[s.slug],
         s.price("day_pass"), list(s.amenities), s.opening_hours, week_minutes(s.opening_hours)]
        for s in sorted(spaces, key=_place_order)
    ]
    return _dump({"version": 1, "columns": list(JSON_COLUMNS), "rows": rows}) + "\n"


def week_minutes(opening_hours: str | None) -> list[int] | None:
    """The `hours` column: open intervals as one flat list [start, end, start, end, ...] in
    minutes from Monday 00:00 (Copenhagen time; [] = never open); None without hours or when
    they are irregular (then `opening_hours` is not null). Flat, because it is the longest
    column and theme/static/js/hours.js reads it so; the space page's data-hours holds the same."""
    if not opening_hours:
        return None
    intervals = weekly_intervals(opening_hours)
    return None if intervals is None else [minute for pair in intervals for minute in pair]


def _properties(space: Space, url: str) -> dict:
    return {
        "slug": space.slug, "name": space.name, "status": space.status,
        "street": space.address.street, "postcode": space.address.postcode,
        "town": space.address.town, "municipality": space.address.municipality,
        "region": space.address.region, "precision": space.location.precision,
        "website": space.website, "email": space.email, "phone": space.phone,
        "opening_hours": space.opening_hours, "prices": dict(space.prices),
        "amenities": list(space.amenities), "desks": space.desks,
        "organisation": space.organisation, "founded": space.founded,
        "public_transport": space.public_transport, "links": dict(space.links),
        "description_da": space.description_da, "description_en": space.description_en,
        "last_verified": space.last_verified.isoformat(), "url": url,
    }


def spaces_geojson(spaces: list[Space], urls: dict[str, str]) -> str:
    features = [
        {"type": "Feature", "id": s.slug,
         "geometry": {"type": "Point", "coordinates": [s.location.lon, s.location.lat]},
         "properties": _properties(s, urls[s.slug])}
        for s in spaces
    ]
    return _dump({"type": "FeatureCollection", "features": features}) + "\n"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# Phones are normalised by the model to exactly this shape, which no spreadsheet runs.
_OUR_PHONE = re.compile(r"\+45( [0-9]{2}){4}")


def csv_cell(value) -> str:
    """A cell a spreadsheet will not run: text that starts like a formula gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    if _OUR_PHONE.fullmatch(text):
        return text
    return "'" + text if text.startswith(_FORMULA_START) else text


def spaces_csv(spaces: list[Space], urls: dict[str, str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for s in spaces:
        props = _properties(s, urls[s.slug])
        row = [props[c] if c in props else None for c in CSV_COLUMNS]
        row[CSV_COLUMNS.index("lat")] = s.location.lat
        row[CSV_COLUMNS.index("lon")] = s.location.lon
        for key in PRICE_KEYS:
            row[CSV_COLUMNS.index(f"price_{key}")] = s.price(key)
        row[CSV_COLUMNS.index("amenities")] = " ".join(s.amenities)
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue()
