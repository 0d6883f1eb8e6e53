"""The finder's towns: Danish places from GeoNames (spaces/_vocab/places.json), as a small JSON
file the browser searches while a visitor types.

One row per town name as a visitor would type it: where GeoNames has several places with the
same name (three Ejby, two Assens), the most populous stands for the name, so `?near=Assens`
always means the same place. Towns of listed spaces that GeoNames lacks are added from the
space's own point, so every town in the directory can be searched.
"""
from __future__ import annotations

import json
from pathlib import Path

from landhub_spaces.slugs import fold

COLUMNS = ("name", "lat", "lon")
CREDIT = "GeoNames (https://www.geonames.org/), CC BY 4.0"


def danish_places(places_file: Path) -> list[tuple[str, float, float, int]]:
    """(name, lat, lon, population) of every Danish row in places.json."""
    doc = json.loads(places_file.read_text(encoding="utf-8"))
    index = {name: i for i, name in enumerate(doc["columns"])}
    return [(row[index["name"]], row[index["lat"]], row[index["lon"]], row[index["population"]])
            for row in doc["places"] if row[index["countrycode"]] == "DK"]


def town_rows(places: list[tuple[str, float, float, int]],
              space_towns: list[tuple[str, float, float]] = ()) -> list[list]:
    """[[name, lat, lon], ...]: one per folded name, sorted by folded name, then name."""
    best: dict[str, tuple] = {}
    for name, lat, lon, population in places:
        key = fold(name)
        # Most populous first; then name and point, so equal populations still decide the same way.
        rank = (-population, name, lat, lon)
        if key and (key not in best or rank < best[key][0]):
            best[key] = (rank, name, lat, lon)
    # A town GeoNames lacks gets its least (name, lat, lon) among the spaces there. 10,000
    # spaces name a few hundred towns: each name is folded once, and nothing is sorted.
    folded: dict[str, str] = {}
    least: dict[str, tuple] = {}
    for town in space_towns:
        key = folded.get(town[0])
        if key is None:
            key = folded[town[0]] = fold(town[0])
        if key and key not in best and (key not in least or town < least[key]):
            least[key] = town
    for key, (name, lat, lon) in least.items():
        best[key] = ((0, name, lat, lon), name, lat, lon)
    return [[name, lat, lon] for key, (_rank, name, lat, lon) in sorted(
        best.items(), key=lambda item: (item[0], item[1][1]))]


def towns_json(rows: list[list]) -> str:
    """Compact JSON; UTF-8 as is (the file is fetched as data, never embedded in a page)."""
    document = {"columns": list(COLUMNS), "credit": CREDIT, "rows": rows}
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
