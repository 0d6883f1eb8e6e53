"""Export pieces kept between builds (export_cache.py): a warm run after spaces changed, came
and went gives the bytes of a cold run, and writes only what it must."""
from __future__ import annotations

import dataclasses
import hashlib
import pickle
from datetime import date

from landhub_spaces import export_cache
from landhub_spaces.export_cache import CHANGES, WHOLE, cached_pieces
from landhub_spaces.exports import pieces_of, spaces_csv, spaces_geojson, spaces_json
from landhub_spaces.model import Address, Location, Space

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
