"""The exports' pieces made ahead in a forked child (export_cache.PiecesAhead): exactly the
pieces made at the end, read back in another process, and refused when they are not those of
the spaces and URLs asked for, or the child failed (the exports then make them as before)."""
from __future__ import annotations

import os

import pytest

import hashlib
from datetime import date

from landhub_spaces import render_pool
from landhub_spaces.export_cache import PiecesAhead, cached_pieces
from landhub_spaces.exports import pieces_of, spaces_csv, spaces_geojson, spaces_json
from landhub_spaces.model import Address, Location, Space


def space(number: int) -> Space:
    town, municipality, region = (("Klitmøller", "Thisted", "region-nordjylland"),
                                  ("Nexø", "Bornholm", "region-hovedstaden"))[number % 2]
    return Space(
        slug=f"sted-{number}", source=f"spaces/sted-{number}.yaml", name=f"Sted {number} ø",
        status=("open", "planned")[number % 2],
        address=Address(None if number % 5 else "Vej 1", "7700", town, municipality, region, region),
        location=Location(55 + number / 997, 9 + number / 991, "address"),
        description_da=f"Kontor <b>{number}</b> & \u2028", description_en=None,
        last_verified=date(2026, 11, 1), opening_hours=("Mo-Fr 08:00-17:00", None)[number % 2],
        prices=(("day_pass", 100 + number),) if number % 4 else (), amenities=("fiber", "kitchen")[: number % 3],
        phone="+45 12 34 56 78" if number % 2 else None, website="=HYPERLINK()" if number == 7 else None)


def urls_of(spaces):
    return {s.slug: f"/spaces/{s.slug}/" for s in spaces}


def keys_of(spaces, urls):
    return [hashlib.sha256(repr((s, urls[s.slug])).encode()).hexdigest() for s in spaces]


def exports_of(spaces, urls, pieces):
    return spaces_json(spaces, urls, pieces), spaces_geojson(spaces, urls, pieces), spaces_csv(spaces, urls, pieces)


def cold(spaces, urls):
    return spaces_json(spaces, urls), spaces_geojson(spaces, urls), spaces_csv(spaces, urls)

needs_two_cores = pytest.mark.usefixtures("two_cores")  # on one core too (conftest)


@needs_two_cores
def test_pieces_made_ahead_are_the_pieces_made_now():
    spaces = [space(n) for n in range(30)]
    urls = urls_of(spaces)
    ahead = PiecesAhead(spaces, urls)
    assert ahead.child.pid is not None and ahead.child.pid != os.getpid()
    read = ahead.pieces(spaces, urls)
    assert read == pieces_of(spaces, urls)
    assert exports_of(spaces, urls, read) == cold(spaces, urls)
    assert ahead.close() == 0


@needs_two_cores
def test_read_in_a_process_forked_while_the_child_runs():
    """As the build does: the exports' process is forked while the child may still run (it is
    not this process's child, so it waits for the child's word through the pipe)."""
    spaces = [space(n) for n in range(2000)]
    urls = urls_of(spaces)
    ahead = PiecesAhead(spaces, urls)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = 0 if ahead.pieces(spaces, urls) == pieces_of(spaces, urls) else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert ahead.close() == 0


@needs_two_cores
def test_the_pieces_can_be_read_again():
    """The exports' job done again in the parent (its process failed) reads the same answer,
    without waiting for anything more (render_pool.Answer leaves it for every reader)."""
    spaces = [space(n) for n in range(10)]
    urls = urls_of(spaces)
    ahead = PiecesAhead(spaces, urls)
    assert ahead.pieces(spaces, urls) == pieces_of(spaces, urls)
    assert ahead.pieces(spaces, urls) == pieces_of(spaces, urls)
    ahead.close()


@needs_two_cores
def test_other_spaces_or_urls_are_refused():
    spaces = [space(n) for n in range(10)]
    urls = urls_of(spaces)
    ahead = PiecesAhead(spaces, urls)
    assert ahead.pieces(spaces[:-1], urls) is None  # another list of spaces: not even waited for
    assert ahead.pieces(spaces, {slug: "/other" + url for slug, url in urls.items()}) is None
    ahead.close()


@needs_two_cores
def test_a_failed_child_gives_nothing():
    spaces = [space(n) for n in range(10)]
    urls = urls_of(spaces)
    del urls[spaces[3].slug]  # pieces_of raises KeyError in the child
    ahead = PiecesAhead(spaces, urls)
    assert ahead.pieces(spaces, urls) is None  # the end of the pipe, not a hang
    assert ahead.close() != 0


@needs_two_cores
def test_cached_pieces_from_ahead_store_what_they_would_make(tmp_path):
    spaces = [space(n) for n in range(40)]
    urls = urls_of(spaces)
    keys = keys_of(spaces, urls)
    ahead = PiecesAhead(spaces, urls)
    made_ahead = cached_pieces(spaces, urls, keys, tmp_path / "a", ahead.pieces(spaces, urls))
    made_here = cached_pieces(spaces, urls, keys, tmp_path / "b")
    assert made_ahead == made_here
    # the next run reads the stored pieces: the same exports
    assert exports_of(spaces, urls, cached_pieces(spaces, urls, keys, tmp_path / "a")) == cold(spaces, urls)
    ahead.close()


def test_on_one_core_the_pieces_are_made_here(monkeypatch):
    monkeypatch.setattr(render_pool, "cores", lambda: 1)
    spaces = [space(n) for n in range(10)]
    urls = urls_of(spaces)
    ahead = PiecesAhead(spaces, urls)
    assert ahead.child.pid is None
    assert ahead.pieces(spaces, urls) == pieces_of(spaces, urls)
    assert ahead.close() == 0
