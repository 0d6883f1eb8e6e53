"""Export pieces kept between builds (export_cache.py): a warm run after spaces changed, came
and went gives the bytes of a cold run, and writes only what it must."""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import pickle
from datetime import date

from landhub_spaces import export_cache
from landhub_spaces.export_cache import CHANGES, WHOLE, cached_pieces
from landhub_spaces.exports import (CSV_COLUMNS, JSON_VALUE_COLUMNS, csv_cell, pieces_of, slug_follows_name, spaces_csv,
                                    spaces_geojson, spaces_json, url_template, week_minutes)
from landhub_spaces.model import PRICE_KEYS, Address, Location, Space

TOWNS = (("Klitmøller", "Thisted", "region-nordjylland"), ("Nexø", "Bornholm", "region-hovedstaden"),
         ("Ærøskøbing", "Ærø", "region-syddanmark"))


def space(number: int, **changes) -> Space:
    town, municipality, region = TOWNS[number % len(TOWNS)]
    fields = dict(
        slug=f"sted-{number}", source=f"spaces/sted-{number}.yaml", name=f"Sted {number}",
        status=("open", "planned")[number % 2],
        address=Address(None if number % 5 else "Vej 1", "7700", town, municipality, region, region),
        location=Location(55 + number / 997, 9 + number / 991, "address"),
        description_da=f"Kontor <b>{number}</b> & \u2028 ø", description_en=None,
        last_verified=date(2026, 11, 1), opening_hours=("Mo-Fr 08:00-17:00", None, "off")[number % 3],
        prices=(("day_pass", 100 + number),) if number % 4 else (), amenities=("fiber", "kitchen")[: number % 3],
        phone="+45 12 34 56 78" if number % 2 else None, website="=HYPERLINK()" if number == 7 else None,
    )
    fields.update(changes)
    return Space(**fields)


def urls_of(spaces: list[Space]) -> dict[str, str]:
    return {s.slug: f"/spaces/{s.slug}/" for s in spaces}


def keys_of(spaces: list[Space], urls: dict[str, str]) -> list[str]:
    # what a page key covers of a space: the Space and its URL (render_cache.page_digest)
    return [hashlib.sha256(repr((s, urls[s.slug])).encode()).hexdigest() for s in spaces]


def exports_of(spaces, urls, pieces) -> tuple[str, str, str]:
    return spaces_json(spaces, urls, pieces), spaces_geojson(spaces, urls, pieces), spaces_csv(spaces, urls, pieces)


def cold(spaces, urls) -> tuple[str, str, str]:
    """The exports made without pieces: each function makes its own."""
    return spaces_json(spaces, urls), spaces_geojson(spaces, urls), spaces_csv(spaces, urls)


def run(spaces, folder, urls=None):
    urls = urls or urls_of(spaces)
    return exports_of(spaces, urls, cached_pieces(spaces, urls, keys_of(spaces, urls), folder))


def test_pieces_made_once_give_the_exports_each_function_makes():
    spaces = [space(n) for n in range(12)]
    urls = urls_of(spaces)
    assert exports_of(spaces, urls, pieces_of(spaces, urls)) == cold(spaces, urls)


def test_warm_runs_after_changed_added_and_removed_spaces_equal_cold_ones(tmp_path):
    spaces = [space(n) for n in range(40)]
    assert run(spaces, tmp_path) == cold(spaces, urls_of(spaces))
    assert (tmp_path / WHOLE).exists() and not (tmp_path / CHANGES).exists()
    whole = (tmp_path / WHOLE).stat()

    assert run(spaces, tmp_path) == cold(spaces, urls_of(spaces))  # nothing changed: nothing written
    assert not (tmp_path / CHANGES).exists() and (tmp_path / WHOLE).stat().st_mtime_ns == whole.st_mtime_ns

    # one changed (a new town: the value tables change), one added, one removed
    spaces[3] = dataclasses.replace(spaces[3], name="Nyt navn <script>",
                                    address=dataclasses.replace(spaces[3].address, town="Hanstholm"))
    spaces = spaces[:10] + spaces[11:] + [space(99)]
    assert run(spaces, tmp_path) == cold(spaces, urls_of(spaces))
    assert (tmp_path / CHANGES).exists(), "a small change is written beside the whole set"
    assert (tmp_path / WHOLE).stat().st_mtime_ns == whole.st_mtime_ns
    assert set(pickle.loads((tmp_path / CHANGES).read_bytes())["pieces"]) == set(
        keys_of([spaces[3], spaces[-1]], urls_of(spaces)))

    assert run(spaces, tmp_path) == cold(spaces, urls_of(spaces))  # whole set + changes read back

    # many changes: the whole set is written again, with only the pieces in use, and no changes file
    spaces = [dataclasses.replace(s, status="closed") for s in spaces[:20]]
    assert run(spaces, tmp_path) == cold(spaces, urls_of(spaces))
    assert not (tmp_path / CHANGES).exists()
    assert set(pickle.loads((tmp_path / WHOLE).read_bytes())["pieces"]) == set(keys_of(spaces, urls_of(spaces)))


def test_a_piece_made_for_another_url_is_made_again(tmp_path):
    spaces = [space(n) for n in range(5)]
    urls = urls_of(spaces)
    keys = keys_of(spaces, urls)
    cached_pieces(spaces, urls, keys, tmp_path)
    moved = {slug: "https://landhub.dk" + url for slug, url in urls.items()}
    assert exports_of(spaces, moved, cached_pieces(spaces, moved, keys, tmp_path)) == cold(spaces, moved)


def test_damaged_or_foreign_files_are_ignored(tmp_path):
    spaces = [space(n) for n in range(40)]
    run(spaces, tmp_path)
    (tmp_path / WHOLE).write_bytes(b"not a pickle")
    assert run(spaces, tmp_path) == cold(spaces, urls_of(spaces))

    stored = pickle.loads((tmp_path / WHOLE).read_bytes())
    stored["format"] = export_cache.FORMAT + 1
    (tmp_path / WHOLE).write_bytes(pickle.dumps(stored))
    assert run(spaces, tmp_path) == cold(spaces, urls_of(spaces))

    # a changes file of another whole set is not read
    spaces[0] = dataclasses.replace(spaces[0], name="Ændret")
    run(spaces, tmp_path)
    changes = pickle.loads((tmp_path / CHANGES).read_bytes())
    changes["token"] = "another"
    # under the changed space's key, another space's piece (with the right URL): never read
    urls = urls_of(spaces)
    changes["pieces"][keys_of(spaces, urls)[0]] = pieces_of([spaces[1]], {spaces[1].slug: urls[spaces[0].slug]})[0]
    (tmp_path / CHANGES).write_bytes(pickle.dumps(changes))
    assert run(spaces, tmp_path) == cold(spaces, urls)


# The exports as they were written before the pieces (one json.dumps of the whole document,
# one csv.writer over _properties): the pieces must give these bytes exactly.
def _reference_dump(value) -> str:
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _reference_value_table(values: list) -> tuple[list, list[int]]:
    index: dict[str, int] = {}
    distinct, positions = [], []
    for value in values:
        key = json.dumps(value)
        if key not in index:
            index[key] = len(distinct)
            distinct.append(value)
        positions.append(index[key])
    return distinct, positions


def reference_spaces_json(spaces, urls) -> str:
    ordered = sorted(spaces, key=lambda s: (s.address.region_slug, s.address.municipality, s.address.town, s.slug))
    keys = sorted({key for s in ordered for key in s.amenities})
    columns = {
        "slug": [None if slug_follows_name(s) else s.slug for s in ordered],
        "name": [s.name for s in ordered],
        "town": [s.address.town for s in ordered],
        "municipality": [s.address.municipality for s in ordered],
        "region": [s.address.region_slug for s in ordered],
        "lat": [round(s.location.lat, 5) for s in ordered],
        "lon": [round(s.location.lon, 5) for s in ordered],
        "precision": [s.location.precision for s in ordered],
        "status": [s.status for s in ordered],
        "day_pass": [s.price("day_pass") for s in ordered],
        "amenities": [sum(1 << keys.index(key) for key in set(s.amenities)) for s in ordered],
        "opening_hours": [[s.opening_hours, week_minutes(s.opening_hours)] for s in ordered],
    }
    values = {}
    for name in JSON_VALUE_COLUMNS:
        values[name], columns[name] = _reference_value_table(columns[name])
    return _reference_dump({"version": 2, "count": len(ordered), "url": url_template(ordered, urls),
                            "amenities": keys, "values": values, "columns": columns}) + "\n"


def _reference_properties(s: Space, url: str) -> dict:
    return {
        "slug": s.slug, "name": s.name, "status": s.status, "street": s.address.street,
        "postcode": s.address.postcode, "town": s.address.town, "municipality": s.address.municipality,
        "region": s.address.region, "precision": s.location.precision, "website": s.website,
        "email": s.email, "phone": s.phone, "opening_hours": s.opening_hours, "prices": dict(s.prices),
        "amenities": list(s.amenities), "desks": s.desks, "organisation": s.organisation,
        "founded": s.founded, "public_transport": s.public_transport, "links": dict(s.links),
        "description_da": s.description_da, "description_en": s.description_en,
        "last_verified": s.last_verified.isoformat(), "url": url,
    }


def reference_spaces_geojson(spaces, urls) -> str:
    return _reference_dump({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": s.slug, "geometry": {"type": "Point", "coordinates": [s.location.lon, s.location.lat]},
         "properties": _reference_properties(s, urls[s.slug])} for s in spaces]}) + "\n"


def reference_spaces_csv(spaces, urls) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for s in spaces:
        props = _reference_properties(s, urls[s.slug])
        row = [props.get(c) for c in CSV_COLUMNS]
        row[CSV_COLUMNS.index("lat")], row[CSV_COLUMNS.index("lon")] = s.location.lat, s.location.lon
        for key in PRICE_KEYS:
            row[CSV_COLUMNS.index(f"price_{key}")] = s.price(key)
        row[CSV_COLUMNS.index("amenities")] = " ".join(s.amenities)
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue()


def odd_spaces() -> list[Space]:
    """Text a hand-made JSON or CSV writer gets wrong: quotes, backslashes, control characters,
    <>&, U+2028, astral characters, commas and newlines, formula starts, equal JSON twice."""
    spaces = [space(n) for n in range(30)]
    odd = 'A "quoted" \\ back\tslash\x00 <b>&amp;</b> \u2028 😀 ø, new\nline\r'
    spaces[1] = dataclasses.replace(spaces[1], name=odd, description_da=odd, description_en=odd,
                                    public_transport="=1+1", organisation="-x", email="@me",
                                    amenities=("kitchen", "fiber", "kitchen"), desks=0, founded=1999,
                                    links=(("facebook", "https://x/?a=1&b=<2>"), ("booking", "b")))
    spaces[2] = dataclasses.replace(spaces[2], address=dataclasses.replace(spaces[2].address, town=odd,
                                                                           street="+45 12 34 56 78"))
    spaces[3] = dataclasses.replace(spaces[3], opening_hours="Mo-Fr 08:00-17:00 <x>",
                                    location=Location(-0.0, 1e-7, "town"))
    spaces[4] = dataclasses.replace(spaces[4], address=dataclasses.replace(spaces[4].address, town=odd),
                                    prices=(("month_flex", 1), ("day_pass", 0)))
    return spaces


def test_the_pieces_give_the_bytes_of_the_whole_document_writers():
    spaces = odd_spaces()
    urls = {s.slug: f"https://landhub.dk/spaces/{s.slug}/" for s in spaces}
    assert spaces_json(spaces, urls) == reference_spaces_json(spaces, urls)
    assert spaces_geojson(spaces, urls) == reference_spaces_geojson(spaces, urls)
    assert spaces_csv(spaces, urls) == reference_spaces_csv(spaces, urls)
    assert spaces_json([], {}) == reference_spaces_json([], {})
    assert spaces_geojson([], {}) == reference_spaces_geojson([], {})
    assert spaces_csv([], {}) == reference_spaces_csv([], {})
