"""place_pages.py: Danish alphabetical order, letters, pages of a list and their page links."""
from __future__ import annotations

import math
import re
from types import SimpleNamespace

import pytest

from landhub_spaces.place_pages import (OTHER_LETTER, a_to_z, alphabetical_key, build_directory, first_letter,
                                        letter_anchor, page_writes, paginate)
from landhub_spaces.settings import DEFAULTS
from landhub_spaces.slugs import SLUG_PATTERN
from landhub_spaces.vocab import Region


def test_danish_order_puts_ae_oe_aa_after_z_and_aa_counts_as_aa():
    names = ["Åbent Kontor", "Zebra", "Ølstuen", "Æblehaven", "Aalborg Hub", "Bryggeriet", "ærø", "Éclair", "24"]
    assert sorted(names, key=alphabetical_key) == [
        "24", "Bryggeriet", "Éclair", "Zebra", "Æblehaven", "ærø", "Ølstuen", "Åbent Kontor", "Aalborg Hub"]


def test_letters_and_their_anchors():
    assert [first_letter(n) for n in ("bryggeriet", "Éclair", "Æble", "Øl", "Åen", "Aarhus", "24", "«X»")] == [
        "B", "E", "Æ", "Ø", "Å", "Å", OTHER_LETTER, OTHER_LETTER]
    assert [letter_anchor(x) for x in ("B", "Æ", "Ø", "Å", OTHER_LETTER)] == [
        "letter-b", "letter-ae", "letter-oe", "letter-aa", "letter-other"]


def _spaces(n):
    return [SimpleNamespace(name=f"Sted {i:04d}", slug=f"sted-{i:04d}") for i in range(n)]


@pytest.mark.parametrize("n", [0, 1, 99, 100, 101, 250, 1000])
def test_pages_hold_at_most_the_page_size_and_every_space_once(n):
    pages = paginate(_spaces(n), 100, ("spaces/", "spaces/index.html"), ("a-z/{number}/", "a-z/{number}/index.html"))
    assert len(pages) == max(1, math.ceil(n / 100))
    assert all(len(p.spaces) <= 100 for p in pages)
    assert [s.slug for p in pages for s in p.spaces] == [s.slug for s in _spaces(n)]
    assert [p.url for p in pages] == ["spaces/"] + [f"a-z/{k}/" for k in range(2, len(pages) + 1)]
    assert pages[0].previous is None and pages[-1].next is None
    for page in pages[1:]:
        assert page.previous.next is page


def test_the_window_of_page_links_is_bounded_and_keeps_first_last_and_neighbours():
    pages = paginate(_spaces(10_000), 100, ("spaces/", "spaces/index.html"), ("a-z/{number}/", "a-z/{number}/index.html"))

    def numbers(k):
        return [p.number if p else None for p in pages[k - 1].window()]

    assert numbers(1) == [1, 2, 3, None, 100]
    assert numbers(4) == [1, 2, 3, 4, 5, 6, None, 100]
    assert numbers(50) == [1, None, 48, 49, 50, 51, 52, None, 100]
    assert numbers(100) == [1, None, 98, 99, 100]
    assert max(len(p.window()) for p in pages) == 9
    small = paginate(_spaces(250), 100, ("spaces/", "i"), ("a-z/{number}/", "a-z/{number}/i"))
    assert [p.number for p in small[1].window()] == [1, 2, 3]


def test_list_page_addresses_cannot_be_a_space_page():
    """A-Å pages live outside spaces/, where any valid slug is a space; municipality pages
    continue inside the municipality's own folder."""
    space_root = DEFAULTS["SPACE_SAVE_AS"].split("{")[0]
    for number in (2, 3, 100):
        saved = DEFAULTS["DIRECTORY_PAGE_SAVE_AS"].format(number=number)
        assert not saved.startswith(space_root)
        assert saved != DEFAULTS["DIRECTORY_SAVE_AS"]
        municipality = DEFAULTS["MUNICIPALITY_PAGE_SAVE_AS"].format(slug="thisted", number=number)
        assert municipality.startswith(DEFAULTS["MUNICIPALITY_URL"].format(slug="thisted"))
        assert not SLUG_PATTERN.fullmatch("thisted/2"), "a municipality slug has no '/'"
    assert re.fullmatch(r"a-z/\{number\}/", DEFAULTS["DIRECTORY_PAGE_URL"])


def _space(name, municipality, region):
    from landhub_spaces.slugs import slugify

    return SimpleNamespace(name=name, slug=slugify(name), url=f"spaces/{slugify(name)}/", status="open",
                           address=SimpleNamespace(town=municipality, municipality=municipality, region=region))


def test_directory_of_a_small_site_is_grouped_and_a_big_one_is_paged():
    settings = dict(DEFAULTS, DIRECTORY_PAGE_SIZE=3)
    north = Region("Region Nordjylland", "region-nordjylland", ("Thisted", "Aalborg"))
    spaces = [_space("Kontor B", "Thisted", north.name), _space("Kontor A", "Aalborg", north.name),
              _space("Kontor C", "Thisted", north.name)]
    small = build_directory(spaces, [north], settings)
    assert small.grouped and len(small.pages) == 1
    assert [m.name for m in small.regions[0].municipalities] == ["Thisted", "Aalborg"]  # Aalborg is Å
    assert [s.name for s in small.pages[0].spaces] == ["Kontor A", "Kontor B", "Kontor C"]
    assert [w.save_as for w in page_writes(small)] == [
        "spaces/index.html", "regions/region-nordjylland/index.html",
        "municipalities/thisted/index.html", "municipalities/aalborg/index.html"]

    spaces += [_space(f"Kontor {x}", "Thisted", north.name) for x in "DEFG"]
    big = build_directory(spaces, [north], settings)
    assert not big.grouped and not big.regions[0].shows_spaces
    thisted = big.regions[0].municipalities[0]
    assert [len(p.spaces) for p in thisted.pages] == [3, 3]
    assert [w.save_as for w in page_writes(big)] == [
        "spaces/index.html", "a-z/2/index.html", "a-z/3/index.html",
        "regions/region-nordjylland/index.html",
        "municipalities/thisted/index.html", "municipalities/thisted/2/index.html",
        "municipalities/aalborg/index.html"]
    assert [(letter, page.number) for letter, _, page in big.letters] == [("K", 1)]


def test_a_to_z_breaks_ties_by_slug():
    same = [SimpleNamespace(name="Kontoret", slug="kontoret-2"), SimpleNamespace(name="Kontoret", slug="kontoret")]
    assert [s.slug for s in a_to_z(same)] == ["kontoret", "kontoret-2"]
