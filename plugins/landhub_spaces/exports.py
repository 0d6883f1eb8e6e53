"""Open data and the finder's data: spaces.json (compact), spaces.geojson, spaces.csv."""
from __future__ import annotations

import csv
import io
import json
import re

from .hours import weekly_intervals
from .model import PRICE_KEYS, Space
from .slugs import slugify

# spaces.json, version 2: one array per column, in this order of spaces (see spaces_json).
JSON_VERSION = 2
JSON_COLUMNS = ("slug", "name", "town", "municipality", "region", "lat", "lon", "precision",
                "status", "day_pass", "amenities", "opening_hours")
# Columns with few distinct values: each is listed once under "values", a space holds its index.
JSON_VALUE_COLUMNS = ("town", "municipality", "region", "precision", "status", "opening_hours")
COORDINATE_DECIMALS = 5  # about 1 m: more than any map or distance needs
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


# Names whose slug a browser can make again exactly as slugs.slugify does: ASCII and the Danish
# letters only (unidecode does more than a short script can, so other names carry their slug).
_PLAIN_NAME = re.compile(r"[ -~æøåÆØÅ]*")


def slug_follows_name(space: Space) -> bool:
    """True when the slug is the name's own (slugify) and the name is plain enough for
    theme/static/js/spaces-data.js to derive it: then spaces.json leaves the slug out."""
    return bool(_PLAIN_NAME.fullmatch(space.name)) and slugify(space.name) == space.slug


def url_template(spaces: list[Space], urls: dict[str, str]) -> str | None:
    """The one pattern every space's URL follows, with {slug} where the slug goes, e.g.
    "/spaces/{slug}/" (the build makes every URL from SPACE_URL, so one always exists)."""
    if not spaces:
        return None
    first, url = spaces[0].slug, urls[spaces[0].slug]
    at = url.find(first)
    while at >= 0:
        template = url[:at] + "{slug}" + url[at + len(first):]
        if template.count("{slug}") == 1 and all(
                template.replace("{slug}", s.slug) == urls[s.slug] for s in spaces):
            return template
        at = url.find(first, at + 1)
    raise ValueError(f"spaces.json: the space URLs follow no one pattern with the slug in it ({url})")


def _value_table(values: list) -> tuple[list, list[int]]:
    """The distinct values in the order they first come, and each value's index among them."""
    index: dict[str, int] = {}
    distinct = []
    positions = []
    for value in values:
        key = json.dumps(value)  # lists (the opening-hours pairs) are not hashable
        if key not in index:
            index[key] = len(distinct)
            distinct.append(value)
        positions.append(index[key])
    return distinct, positions


def amenity_mask(amenities, keys: list[str]) -> int:
    return sum(1 << keys.index(key) for key in set(amenities))


def spaces_json(spaces: list[Space], urls: dict[str, str]) -> str:
    """The maps' and the finder's data: columns, not rows, because gzip does far better on a
    column of like values; repeated values once (JSON_VALUE_COLUMNS); each URL made from the
    slug, and most slugs from the name; amenities as bits. The whole format is described in
    content/pages/aabne-data.md; readers: theme/static/js/spaces-data.js and read_spaces_json."""
    # By region, municipality and town: neighbours share their place names and most digits of
    # their coordinates, so the columns compress better (invoke bench).
    ordered = sorted(spaces, key=_place_order)
    keys = sorted({key for s in ordered for key in s.amenities})
    if len(keys) > 52:  # a JavaScript number holds 53 bits exactly
        raise ValueError("spaces.json: more than 52 amenities do not fit the amenity bits")
    columns = {
        "slug": [None if slug_follows_name(s) else s.slug for s in ordered],
        "name": [s.name for s in ordered],
        "town": [s.address.town for s in ordered],
        "municipality": [s.address.municipality for s in ordered],
        "region": [s.address.region_slug for s in ordered],
        "lat": [round(s.location.lat, COORDINATE_DECIMALS) for s in ordered],
        "lon": [round(s.location.lon, COORDINATE_DECIMALS) for s in ordered],
        "precision": [s.location.precision for s in ordered],
        "status": [s.status for s in ordered],
        "day_pass": [s.price("day_pass") for s in ordered],
        "amenities": [amenity_mask(s.amenities, keys) for s in ordered],
        "opening_hours": [[s.opening_hours, week_minutes(s.opening_hours)] for s in ordered],
    }
    values = {}
    for name in JSON_VALUE_COLUMNS:
        values[name], columns[name] = _value_table(columns[name])
    return _dump({"version": JSON_VERSION, "count": len(ordered), "url": url_template(ordered, urls),
                  "amenities": keys, "values": values, "columns": columns}) + "\n"


def read_spaces_json(text: str) -> list[dict]:
    """spaces.json back into one dict per space with every JSON_COLUMNS name plus url and
    hours, as theme/static/js/spaces-data.js reads it (for the audit and the tests)."""
    doc = json.loads(text)
    if doc.get("version") != JSON_VERSION:
        raise ValueError(f"spaces.json version {doc.get('version')!r}, expected {JSON_VERSION}")
    columns, values, keys = doc["columns"], doc["values"], doc["amenities"]
    spaces = []
    for i in range(doc["count"]):
        space = {name: columns[name][i] for name in JSON_COLUMNS}
        for name in JSON_VALUE_COLUMNS:
            space[name] = values[name][space[name]]
        space["opening_hours"], space["hours"] = space["opening_hours"]
        if space["slug"] is None:
            space["slug"] = slugify(space["name"])
        space["url"] = doc["url"].replace("{slug}", space["slug"])
        space["amenities"] = [key for bit, key in enumerate(keys) if space["amenities"] >> bit & 1]
        spaces.append(space)
    return spaces


def week_minutes(opening_hours: str | None) -> list[int] | None:
    """A space's `hours`: open intervals as one flat list [start, end, start, end, ...] in
    minutes from Monday 00:00 (Copenhagen time; [] = never open); None without hours or when
    they are irregular (then `opening_hours` is not null). spaces.json pairs it with the text
    in values.opening_hours; theme/static/js/hours.js reads it flat, and the space page's
    data-hours holds the same."""
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
