"""Open data and the finder's data: spaces.json (compact), spaces.geojson, spaces.csv."""
from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from operator import itemgetter

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


_ENCODER = json.JSONEncoder(ensure_ascii=True, sort_keys=True, separators=(",", ":"))
_string = json.encoder.encode_basestring_ascii  # what _ENCODER does with a str (in C)


def _html_safe(text: str) -> str:
    # <, > and & occur in JSON only inside strings; three replaces beat one str.translate
    if "<" in text:
        text = text.replace("<", "\\u003c")
    if ">" in text:
        text = text.replace(">", "\\u003e")
    if "&" in text:
        text = text.replace("&", "\\u0026")
    return text


def _dump(value) -> str:
    # ensure_ascii keeps U+2028/U+2029 and every non-ASCII character as \u escapes, and <, >, &
    # (which JSON has only inside strings) are escaped too, so the text can be embedded in a
    # <script> element as it is; sort_keys keeps builds identical.
    return _html_safe(_ENCODER.encode(value))


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
    return _url_template([s.slug for s in spaces], urls)


def _url_template(slugs: list[str], urls: dict[str, str]) -> str | None:
    if not slugs:
        return None
    first, url = slugs[0], urls[slugs[0]]
    at = url.find(first)
    while at >= 0:
        template = url[:at] + "{slug}" + url[at + len(first):]
        if template.count("{slug}") == 1:
            before, after = template.split("{slug}")
            if [before + slug + after for slug in slugs] == list(map(urls.__getitem__, slugs)):
                return template
        at = url.find(first, at + 1)
    raise ValueError(f"spaces.json: the space URLs follow no one pattern with the slug in it ({url})")


def amenity_mask(amenities, keys: list[str]) -> int:
    return sum(1 << keys.index(key) for key in set(amenities))


# What each export needs of one space, as finished text: made once per space (space_pieces)
# and kept between builds by export_cache.py, so a rebuild after one edit only joins. A plain
# tuple of few objects, which pickles small and loads fast; fields by these positions:
URL, ORDER, SLUG, JSON_CELLS, AMENITIES, FEATURE, CSV_ROW = range(7)
# spaces.json's columns whose cells are a space's own (amenities are bits of the build's list)
_CELL_COLUMNS = tuple(name for name in JSON_COLUMNS if name != "amenities")


def _scalar(value) -> str:
    """_ENCODER.encode(value), without its per-call cost for the plain values a Space holds."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is float and value - value == 0:  # finite: NaN and infinities go to the encoder
        return float.__repr__(value)
    return _ENCODER.encode(value)


@lru_cache(maxsize=4096)
def _hours_cell(hours: str | None) -> str:
    # [text, minutes]: the minutes are the text's own, so spaces with one text share one cell
    return _ENCODER.encode([hours, week_minutes(hours)])


def _order_key(parts: tuple) -> str:
    """One string that sorts as the tuple of strings `parts` does: a \0 in a part is written
    \0\1, and parts are joined by \0\0, which sorts below anything a part goes on with."""
    return "\0\0".join([part.replace("\0", "\0\1") for part in parts])


# One object for each repeated value (a town, a set of amenities): pickle then stores and
# loads it once for all the pieces that hold it. Bounded by the distinct values, not spaces.
_SHARED: dict = {}


def _shared(value):
    return _SHARED.setdefault(value, value)


def space_pieces(space: Space, url: str) -> tuple:
    """(url, place order, slug, spaces.json cells, amenities, GeoJSON feature, CSV row)."""
    address, location = space.address, space.location
    prices = dict(space.prices)
    order = (address.region_slug, address.municipality, address.town, space.slug)
    cells = (  # in _CELL_COLUMNS order
        "null" if slug_follows_name(space) else _scalar(space.slug), _scalar(space.name),
        _scalar(address.town), _scalar(address.municipality), _scalar(address.region_slug),
        _scalar(round(location.lat, COORDINATE_DECIMALS)), _scalar(round(location.lon, COORDINATE_DECIMALS)),
        _scalar(location.precision), _scalar(space.status), _scalar(prices.get("day_pass")),
        _hours_cell(space.opening_hours))
    if all(type(part) is str for part in order):
        order = _order_key(order)
    cells = tuple([_html_safe(cell) if name not in JSON_VALUE_COLUMNS else _shared(_html_safe(cell))
                   for name, cell in zip(_CELL_COLUMNS, cells)])
    return (url, order, space.slug, cells, _shared(tuple(sorted(set(space.amenities)))),
            _feature(space, url, prices), _csv_row(space, url, prices))


def pieces_of(spaces: list[Space], urls: dict[str, str]) -> list[tuple]:
    return [space_pieces(s, urls[s.slug]) for s in spaces]


def _place_order(pieces: list[tuple]) -> list[tuple]:
    # By region, municipality and town: neighbours share their place names and most digits of
    # their coordinates, so the columns compress better (invoke bench).
    if set(map(type, map(itemgetter(ORDER), pieces))) <= {str}:
        return sorted(pieces, key=itemgetter(ORDER))
    # place names that are not all text (never from a validated file): as tuples
    return sorted(pieces, key=lambda p: p[ORDER] if type(p[ORDER]) is tuple else tuple(
        [part.replace("\0\1", "\0") for part in p[ORDER].split("\0\0")]))


def spaces_json(spaces: list[Space], urls: dict[str, str], pieces: list[tuple] | None = None) -> str:
    """The maps' and the finder's data: columns, not rows, because gzip does far better on a
    column of like values; repeated values once (JSON_VALUE_COLUMNS); each URL made from the
    slug, and most slugs from the name; amenities as bits. The whole format is described in
    content/pages/aabne-data.md; readers: theme/static/js/spaces-data.js and read_spaces_json.
    `pieces` are pieces_of(spaces, urls), if made already."""
    if pieces is None:
        pieces = pieces_of(spaces, urls)
    ordered = _place_order(pieces)
    amenities = [p[AMENITIES] for p in ordered]
    held_sets = dict.fromkeys(amenities)  # far fewer than spaces
    keys = sorted(set().union(*held_sets))
    if len(keys) > 52:  # a JavaScript number holds 53 bits exactly
        raise ValueError("spaces.json: more than 52 amenities do not fit the amenity bits")
    bit = {key: 1 << at for at, key in enumerate(keys)}.__getitem__
    masks = {held: str(sum(map(bit, held))) for held in held_sets}
    columns = {"amenities": ",".join(map(masks.__getitem__, amenities))}
    cells = list(zip(*[p[JSON_CELLS] for p in ordered])) or [()] * len(_CELL_COLUMNS)
    values = {}
    for name, column in zip(_CELL_COLUMNS, cells):
        if name in JSON_VALUE_COLUMNS:
            # The distinct values in the order they first come (dict keys keep it), and each
            # value's index among them; two values are the same when their JSON text is.
            distinct = dict.fromkeys(column)
            values[name] = ",".join(distinct)
            column = map({cell: str(at) for at, cell in enumerate(distinct)}.__getitem__, column)
        columns[name] = ",".join(column)
    slugs = [p[SLUG] for p in ordered]
    template = _url_template(slugs, {p[SLUG]: p[URL] for p in ordered})
    column_text = ",".join([f'"{name}":[{columns[name]}]' for name in sorted(columns)])
    value_text = ",".join([f'"{name}":[{values[name]}]' for name in sorted(values)])
    return (f'{{"amenities":{_dump(keys)},"columns":{{{column_text}}},"count":{len(ordered)},'
            f'"url":{_dump(template)},"values":{{{value_text}}},"version":{JSON_VERSION}}}\n')


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


def _feature(space: Space, url: str, prices: dict) -> str:
    """The space's GeoJSON feature as _dump writes it inside the FeatureCollection."""
    address, location = space.address, space.location
    return _dump({
        "type": "Feature", "id": space.slug,
        "geometry": {"type": "Point", "coordinates": [location.lon, location.lat]},
        "properties": {
            "slug": space.slug, "name": space.name, "status": space.status,
            "street": address.street, "postcode": address.postcode,
            "town": address.town, "municipality": address.municipality,
            "region": address.region, "precision": location.precision,
            "website": space.website, "email": space.email, "phone": space.phone,
            "opening_hours": space.opening_hours, "prices": prices,
            "amenities": list(space.amenities), "desks": space.desks,
            "organisation": space.organisation, "founded": space.founded,
            "public_transport": space.public_transport, "links": dict(space.links),
            "description_da": space.description_da, "description_en": space.description_en,
            "last_verified": space.last_verified.isoformat(), "url": url,
        },
    })


def spaces_geojson(spaces: list[Space], urls: dict[str, str], pieces: list[tuple] | None = None) -> str:
    if pieces is None:
        pieces = pieces_of(spaces, urls)
    # one join, no copies of the whole text after it
    features = [p[FEATURE] for p in pieces] or [""]
    features[0] = '{"features":[' + features[0]
    features[-1] += '],"type":"FeatureCollection"}\n'
    return ",".join(features)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_FORMULA_CHARS = frozenset(_FORMULA_START)  # "" is none of them, as "".startswith(...) is False
# Phones are normalised by the model to exactly this shape, which no spreadsheet runs.
_OUR_PHONE = re.compile(r"\+45( [0-9]{2}){4}")


def csv_cell(value) -> str:
    """A cell a spreadsheet will not run: text that starts like a formula gets a leading '."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        text = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    else:
        text = str(value)
    if text.startswith(_FORMULA_START) and not _OUR_PHONE.fullmatch(text):
        return "'" + text
    return text


class _Lines(list):
    write = list.append  # csv.writer's file: each row's text, kept apart


# csv.writer writes these as csv_cell would (None as "", numbers by str): no call needed.
_NATIVE = frozenset({type(None), int, float})
_ROWS = _Lines()
_ROW_WRITER = csv.writer(_ROWS, lineterminator="\r\n")


def _csv_row(space: Space, url: str, prices: dict) -> str:
    address, location = space.address, space.location
    row = [space.slug, space.name, space.status, address.street, address.postcode, address.town,
           address.municipality, address.region, location.lat, location.lon, location.precision,
           space.website, space.email, space.phone, space.opening_hours,
           *[prices.get(key) for key in PRICE_KEYS],
           " ".join(space.amenities), space.desks, space.organisation, space.founded,
           space.public_transport, space.last_verified.isoformat(), url]
    _ROW_WRITER.writerow([value if (type(value) is str and value[:1] not in _FORMULA_CHARS)
                          or type(value) in _NATIVE else csv_cell(value) for value in row])
    return _ROWS.pop()


def spaces_csv(spaces: list[Space], urls: dict[str, str], pieces: list[tuple] | None = None) -> str:
    if pieces is None:
        pieces = pieces_of(spaces, urls)
    header = _Lines()
    csv.writer(header, lineterminator="\r\n").writerow(CSV_COLUMNS)
    return "".join([header[0], *[p[CSV_ROW] for p in pieces]])
