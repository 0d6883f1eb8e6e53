"""PlaceIndex.nearest reads a few grid cells, and answers what a scan of every place answers."""
from __future__ import annotations

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from landhub_spaces.geography import MAX_KM_FROM_PLACE, PlaceIndex, distance_km

from .helpers import ROOT

PLACES = [tuple(row[:4]) for row in json.loads(
    (ROOT / "spaces" / "_vocab" / "places.json").read_text(encoding="utf-8"))["places"]]
INDEX = PlaceIndex(PLACES)


def _scan(lat, lon):
    """The answer by definition: the place at the least distance, within the limit."""
    found = [(distance_km(lat, lon, plat, plon), name, cc) for name, plat, plon, cc in PLACES]
    found = [each for each in found if each[0] <= MAX_KM_FROM_PLACE]
    return min(found) if found else None


def _answer(lat, lon):
    nearest = INDEX.nearest(lat, lon)
    return (nearest.km, nearest.name, nearest.countrycode) if nearest else None


def test_many_random_points_in_and_around_denmark():
    rng = random.Random(7)
    points = [(rng.uniform(53.0, 59.2), rng.uniform(6.0, 17.0)) for _ in range(1500)]
    found = 0
    for lat, lon in points:
        expected = _scan(lat, lon)
        assert _answer(lat, lon) == expected, (lat, lon)
        found += expected is not None
    assert 300 < found < len(points)  # both answers occur: a place, and nothing within 30 km


def test_points_at_the_limit_of_30_km():
    """A point 29-31 km east or west of a lone place, where a ring's bound decides."""
    rng = random.Random(11)
    for name, plat, plon, cc in rng.sample(PLACES, 100):
        for km in (29.0, 29.9, 30.0, 30.1, 31.0):
            for sign in (-1, 1):
                lon = plon + sign * km / (111.195 * 0.53)
                assert _answer(plat, lon) == _scan(plat, lon), (name, km, sign)


def test_points_on_cell_edges_and_at_places():
    for name, plat, plon, cc in PLACES[::25]:
        for lat, lon in ((plat, plon), (round(plat, 1), round(plon, 1)), (round(plat * 20) / 20, plon)):
            assert _answer(lat, lon) == _scan(lat, lon), (lat, lon)


@settings(max_examples=200, deadline=None)
@given(lat=st.floats(-90, 90), lon=st.floats(-540, 540))
def test_any_point_on_earth(lat, lon):
    assert _answer(lat, lon) == _scan(lat, lon)


def test_far_away_points_find_nothing_and_an_empty_index_finds_nothing():
    for lat, lon in ((0.0, 0.0), (-55.7, 12.5), (55.7, -12.5), (89.9, 12.0), (55.7, 372.5)):
        assert _answer(lat, lon) == _scan(lat, lon)
    assert _answer(55.7, 372.5) is not None  # 360 degrees round: Copenhagen's neighbourhood
    assert PlaceIndex([]).nearest(55.7, 12.5) is None


def test_the_lookup_reads_few_places():
    """What makes it fast: near a town, a lookup measures a few dozen places, not ~3,000."""
    rng = random.Random(3)
    danish = [place for place in PLACES if place[3] == "DK"]
    counts = [_count_places(plat + rng.uniform(-0.05, 0.05), plon + rng.uniform(-0.05, 0.05))
              for _, plat, plon, _ in rng.choices(danish, k=200)]
    assert sum(counts) / len(counts) < 30  # about 6 at the time of writing


def _count_places(lat, lon):
    """How many places nearest() measures for this point (the cells of the rings it reads)."""
    seen = []
    cells = INDEX._cells

    class Counting(dict):
        def get(self, key, default=None):
            found = cells.get(key, default)
            seen.extend(found or ())
            return found

    probe = PlaceIndex.__new__(PlaceIndex)
    probe.__dict__.update(INDEX.__dict__)
    probe._cells = Counting()
    assert probe.nearest(lat, lon) == INDEX.nearest(lat, lon)
    return len(seen)
