"""Directory, region and municipality pages at scale (issue 7: no page embeds all spaces).

A site with 283 spaces and a page size of 20 (tests/paged_site.py): no list page holds more
than a page of spaces, every space is reachable from the directory by plain links (through
the A–Å pages, and through regions and municipalities), the page links are right, and slugs
that look like a list page's address keep their space pages. The real site (7 spaces) keeps
its one-page directory. Expectations come from the space files, not from the plugin.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from paged_site import LOOKALIKES, PAGE_SIZE, build_paged_site, write_paged_site
from site_helpers import expected_spaces, file_for_url, html_files, page, slugify, soup_of, text_of

SPACE_LINK = re.compile(r"^/spaces/([a-z0-9-]+)/$")
LIST_FOLDERS = ("spaces/index.html", "a-z/", "regions/", "municipalities/")


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    site = write_paged_site(tmp_path_factory.mktemp("paged-site"))
    assert build_paged_site(site) == 0, "a site with many spaces must build"
    return site


@pytest.fixture(scope="module")
def spaces(paged):
    return {s.slug: s for s in expected_spaces(paged.spaces)}


def danish_key(name: str) -> str:
    """Danish dictionary order, written again here on purpose: æ, ø, å after z; aa is å."""
    text = name.casefold().replace("aa", "å")
    return text.translate(str.maketrans({"æ": "{", "ø": "|", "å": "}"}))


def space_slugs(soup) -> list[str]:
    """The spaces a page's main part (or the element given) links, in order, each once."""
    found = []
    for a in (soup.find("main") or soup).find_all("a", href=True):
        match = SPACE_LINK.match(a["href"])
        if match and match[1] not in found:
            found.append(match[1])
    return found


def url_of(output: Path, path: Path) -> str:
    return "/" + path.relative_to(output).as_posix().removesuffix("index.html")


def list_pages(output: Path) -> list[Path]:
    return [p for p in html_files(output) if p.relative_to(output).as_posix().startswith(LIST_FOLDERS)]


def follow_next(output: Path, start: str) -> list[tuple[str, object]]:
    """[(url, soup), ...] from `start` along rel=next links."""
    seen, url = [], start
    while url:
        assert url not in [u for u, _ in seen], f"rel=next loops back to {url}"
        soup = page(output, url)
        seen.append((url, soup))
        following = soup.select_one('nav.pagination a[rel="next"]')
        url = following["href"] if following else None
    return seen


# --- no page grows with the number of spaces --------------------------------------------------

def test_no_list_page_holds_more_than_a_page_of_spaces(paged, spaces):
    output = paged.output
    pages = list_pages(output)
    assert len(pages) > 20
    for path in pages:
        linked = space_slugs(soup_of(path))
        assert len(linked) <= PAGE_SIZE, f"{url_of(output, path)} lists {len(linked)} spaces"
    assert len(spaces) > 10 * PAGE_SIZE
    for path in (output / "regions").glob("*/index.html"):
        assert space_slugs(soup_of(path)) == [], "a region with more than a page names municipalities only"


def test_no_page_of_any_kind_grows_with_the_site(paged):
    """The biggest page is far from what a page listing all 283 spaces weighs."""
    sizes = {url_of(paged.output, p): p.stat().st_size for p in html_files(paged.output)}
    listing_all = 283 * 200  # each entry in a list is about 200 bytes of markup
    assert max(sizes.values()) < listing_all, max(sizes, key=sizes.get)


# --- every space can be reached -----------------------------------------------------------------

def test_the_a_to_z_pages_list_every_space_once_in_danish_order(paged, spaces):
    chain = follow_next(paged.output, "/spaces/")
    assert len(chain) == math.ceil(len(spaces) / PAGE_SIZE)
    listed = [slug for _, soup in chain for slug in space_slugs(soup.select_one(".a-to-z") or soup)]
    assert sorted(listed) == sorted(spaces), "every space exactly once"
    assert all(len(space_slugs(soup)) == PAGE_SIZE for _, soup in chain[:-1]), "full pages until the last"
    keys = [(danish_key(spaces[s].name), s) for s in listed]
    assert keys == sorted(keys), "A–Å: Danish order, the slug between equal names"
    assert [u for u, _ in chain] == ["/spaces/"] + [f"/a-z/{n}/" for n in range(2, len(chain) + 1)]


def test_every_space_is_reached_through_its_region_and_municipality(paged, spaces):
    output = paged.output
    directory = page(output, "/spaces/")
    region_links = [a["href"] for a in directory.select("main section.region-group h2 a")]
    assert len(region_links) == len({s.region for s in spaces.values()})
    reached = {}
    for region_url in region_links:
        region = page(output, region_url)
        region_name = text_of(region.find("h1"))
        municipality_links = [a["href"] for a in region.select("main .place-list a")]
        assert municipality_links, f"{region_url} names no municipality"
        for municipality_url in municipality_links:
            for url, soup in follow_next(output, municipality_url):
                for slug in space_slugs(soup):
                    reached[slug] = (region_name, text_of(soup.find("h1")))
    assert set(reached) == set(spaces)
    for slug, (region, municipality) in reached.items():
        assert region == spaces[slug].region and spaces[slug].municipality in municipality, slug


def test_directory_names_every_municipality_with_its_count(paged, spaces):
    directory = page(paged.output, "/spaces/")
    counts = {}
    for item in directory.select("main .place-list li"):
        counts[item.find("a")["href"]] = text_of(item.select_one(".count"))
    for municipality in {s.municipality for s in spaces.values()}:
        n = sum(1 for s in spaces.values() if s.municipality == municipality)
        assert counts[f"/municipalities/{slugify(municipality)}/"] == (f"{n} sted" if n == 1 else f"{n} steder")


# --- page links -------------------------------------------------------------------------------------

def check_pagination(soup, here: str, urls: list[str]) -> None:
    nav = soup.select_one("nav.pagination")
    assert nav is not None and nav.get("aria-label"), f"{here}: no labelled pagination"
    number = urls.index(here) + 1
    current = nav.select('[aria-current="page"]')
    assert [a["href"] for a in current] == [here] and text_of(current[0]) == str(number)
    previous, following = nav.select_one('a[rel="prev"]'), nav.select_one('a[rel="next"]')
    assert (previous["href"] if previous else None) == (urls[number - 2] if number > 1 else None)
    assert (following["href"] if following else None) == (urls[number] if number < len(urls) else None)
    numbered = [(int(text_of(a)), a["href"]) for a in nav.find_all("a") if text_of(a).isdigit()]
    assert numbered[0] == (1, urls[0]) and numbered[-1] == (len(urls), urls[-1])
    assert all(href == urls[n - 1] for n, href in numbered), numbered
    assert [n for n, _ in numbered] == sorted({n for n, _ in numbered})
    assert {n for n in range(number - 2, number + 3) if 1 <= n <= len(urls)} <= {n for n, _ in numbered}
    assert len(numbered) <= 7, "a fixed number of page links, however many pages"


def test_a_to_z_page_links(paged):
    chain = follow_next(paged.output, "/spaces/")
    urls = [u for u, _ in chain]
    for url, soup in chain:
        check_pagination(soup, url, urls)
    assert not (paged.output / "a-z" / "1").exists(), "page 1 is the directory itself"
    assert not (paged.output / "a-z" / str(len(urls) + 1)).exists()


def test_a_municipality_with_more_than_a_page_continues_on_a_second(paged, spaces):
    in_thisted = sorted(s for s, space in spaces.items() if space.municipality == "Thisted")
    assert len(in_thisted) > PAGE_SIZE >= len(in_thisted) - PAGE_SIZE
    chain = follow_next(paged.output, "/municipalities/thisted/")
    assert [u for u, _ in chain] == ["/municipalities/thisted/", "/municipalities/thisted/2/"]
    for url, soup in chain:
        check_pagination(soup, url, [u for u, _ in chain])
        assert text_of(soup.find("h1")) == "Thisted Kommune"
    assert sorted(s for _, soup in chain for s in space_slugs(soup)) == in_thisted
    assert "side 2 af 2" in page(paged.output, "/municipalities/thisted/2/").title.string
    one_page = next(m for m in {s.municipality for s in spaces.values()}
                    if sum(1 for s in spaces.values() if s.municipality == m) <= PAGE_SIZE)
    assert page(paged.output, f"/municipalities/{slugify(one_page)}/").select_one("nav.pagination") is None


LETTER_OF_KEY = {"{": "Æ", "|": "Ø", "}": "Å"}


def test_letter_links_lead_to_where_the_letter_begins(paged, spaces):
    output = paged.output
    letters = page(output, "/spaces/").select("main nav.letter-nav a")
    assert [text_of(a) for a in letters][-3:] == ["Æ", "Ø", "Å"] and text_of(letters[0]) == "#"
    chain = [u for u, _ in follow_next(output, "/spaces/")]
    for a in letters:
        url, anchor = a["href"].split("#")
        heading = page(output, url).find(id=anchor)
        assert heading is not None and heading.name == ("h3" if url == "/spaces/" else "h2")
        assert text_of(heading) == text_of(a)
        first = SPACE_LINK.match(heading.find_next("a", class_="space-name")["href"])[1]
        head = danish_key(spaces[first].name)[0]
        letter = LETTER_OF_KEY.get(head) or (head.upper() if "a" <= head <= "z" else "#")
        assert letter == text_of(a), f"{a['href']} leads to {spaces[first].name}"
        for earlier in chain[:chain.index(url)]:
            assert page(output, earlier).find(id=anchor) is None, f"{text_of(a)} begins before {url}"


# --- addresses -------------------------------------------------------------------------------------

def test_slugs_that_look_like_list_pages_keep_their_space_pages(paged):
    output = paged.output
    for name in LOOKALIKES:
        assert text_of(page(output, f"/spaces/{slugify(name)}/").find("h1")) == name
    written = {p.relative_to(output / "spaces").as_posix() for p in (output / "spaces").rglob("*.html")}
    assert written == {"index.html"} | {f"{slugify(s.name)}/index.html" for s in expected_spaces(paged.spaces)}, (
        "spaces/ holds the directory and the space pages only")
    assert text_of(page(output, "/a-z/2/").find("h1")) == "Alle steder fra A til Å"


def test_sitemap_lists_every_list_page(paged):
    sitemap = (paged.output / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>https?://[^/<]+(/[^<]*)</loc>", sitemap))
    for path in list_pages(paged.output):
        assert url_of(paged.output, path) in listed, url_of(paged.output, path)


@pytest.mark.parametrize("url", ["/a-z/2/", "/municipalities/thisted/2/", "/regions/region-nordjylland/"])
def test_list_pages_sit_in_the_directory_section(paged, url):
    soup = page(paged.output, url)
    current = soup.select_one('nav.site-nav a[aria-current]')
    assert current is not None and current["href"] == "/spaces/" and current["aria-current"] == "true"
    assert soup.select_one("nav.breadcrumbs a")["href"] == "/spaces/"


def test_directory_is_marked_as_the_current_page(paged):
    current = page(paged.output, "/spaces/").select_one('nav.site-nav a[aria-current]')
    assert current["href"] == "/spaces/" and current["aria-current"] == "page"


# --- a small site reads as before ----------------------------------------------------------------

def test_a_small_site_lists_its_spaces_on_the_directory_without_pages(real_site):
    real = expected_spaces()
    assert len(real) <= 100
    soup = page(real_site, "/spaces/")
    assert sorted(space_slugs(soup)) == sorted(s.slug for s in real)
    assert soup.select_one("nav.pagination") is None and soup.select_one("nav.letter-nav") is None
    assert not (real_site / "a-z").exists()
    for region in {s.region for s in real}:
        assert set(space_slugs(page(real_site, f"/regions/{slugify(region)}/"))) == {
            s.slug for s in real if s.region == region}, "a small region still lists its spaces"


# --- real validators over the list pages ------------------------------------------------------

def test_the_nu_html_checker_finds_no_error_on_the_list_pages(paged):
    from test_validators import vnu_errors  # tests/build: the checker as the validator tests run it

    errors = vnu_errors(list_pages(paged.output), paged.output)
    assert not errors, f"{len(errors)} error(s):\n" + "\n".join(errors[:40])


def test_every_link_on_the_list_pages_resolves_anchor_included(paged):
    """Each internal href of a list page is a file of the site, and its #fragment an id there
    (LinkChecker, run over the real site by test_validators.py, checks no fragments)."""
    output = paged.output
    ids: dict[str, set] = {}
    for path in list_pages(output):
        soup = soup_of(path)
        for a in soup.find_all("a", href=True):
            href = a["href"]
            if href.startswith("#"):
                assert soup.find(id=href[1:]) is not None, f"{url_of(output, path)} links {href}: no such id"
                continue
            if not href.startswith("/") or href.startswith("//"):
                continue
            target_url, _, fragment = href.partition("#")
            target = file_for_url(output, target_url)
            assert target.is_file(), f"{url_of(output, path)} links {href}: no such page"
            if fragment:
                if target_url not in ids:
                    ids[target_url] = {e["id"] for e in soup_of(target).find_all(id=True)}
                assert fragment in ids[target_url], f"{url_of(output, path)} links {href}: no such id"
