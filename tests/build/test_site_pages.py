"""The real project, built once with pelicanconf.py: its pages, read as HTML (no JavaScript)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import yaml

from site_helpers import (ROOT, expected_spaces, file_for_url, html_files, page, settings,
                          slugify, soup_of, text_of)

SPACES = expected_spaces()
STRINGS = yaml.safe_load((ROOT / "theme" / "strings" / "da.yaml").read_text(encoding="utf-8"))


def test_the_project_has_spaces_to_test():
    assert len(SPACES) >= 3, "tests below run once per space; spaces/ must hold some"


def space_links(soup) -> set[str]:
    """Slugs of the space pages a page links to, as plain <a href> (no JavaScript needed)."""
    found = set()
    for a in soup.find_all("a", href=True):
        match = re.fullmatch(r"(?:https?://[^/]+)?/spaces/([a-z0-9-]+)/", a["href"])
        if match:
            found.add(match.group(1))
    return found


# --- home ---------------------------------------------------------------------------------------

def test_home_says_how_many_spaces(real_site):
    home = page(real_site, "/")
    count = STRINGS["home_count_many"].format(n=len(SPACES))
    assert count in text_of(home.find("main")), f"home page should say {count!r}"


def test_home_has_the_national_map_container(real_site):
    home = page(real_site, "/")
    container = home.select_one("#map-national")
    assert container is not None
    assert container.get("data-map") == "national"


def test_home_map_has_a_plain_link_for_visitors_without_javascript(real_site):
    noscript = page(real_site, "/").select_one(".home-map noscript")
    assert noscript is not None and "/spaces/" in str(noscript)


# --- one page per space -------------------------------------------------------------------------

@pytest.mark.parametrize("space", SPACES, ids=lambda s: s.slug)
def test_space_page_shows_name_and_address(real_site, space):
    soup = page(real_site, f"/spaces/{space.slug}/")
    assert text_of(soup.find("h1")) == space.name
    address = text_of(soup.find("address"))
    for part in (space.street, space.postcode, space.town):
        if part:
            assert part in address, f"{part!r} missing from the address {address!r}"


@pytest.mark.parametrize("space", SPACES, ids=lambda s: s.slug)
def test_space_page_links_directions_on_openstreetmap(real_site, space):
    soup = page(real_site, f"/spaces/{space.slug}/")
    links = [a["href"] for a in soup.find_all("a", href=True)
             if urlsplit(a["href"]).hostname == "www.openstreetmap.org"
             and urlsplit(a["href"]).path.startswith("/directions")]
    assert links, "no directions link to openstreetmap.org"
    assert urlsplit(links[0]).scheme == "https"
    assert f"{space.lat}%2C{space.lon}" in links[0] or f"{space.lat},{space.lon}" in links[0]


@pytest.mark.parametrize("space", SPACES, ids=lambda s: s.slug)
def test_space_page_links_suggest_a_correction_to_its_file(real_site, space):
    soup = page(real_site, f"/spaces/{space.slug}/")
    repo = settings()["LANDHUB_REPO_URL"].rstrip("/")
    links = [a for a in soup.find_all("a", href=True) if text_of(a) == "Foreslå en rettelse"]
    assert [a["href"] for a in links] == [f"{repo}/edit/main/spaces/{space.slug}.yaml"]


@pytest.mark.parametrize("space", SPACES, ids=lambda s: s.slug)
def test_space_page_has_its_map_container(real_site, space):
    container = page(real_site, f"/spaces/{space.slug}/").select_one("#map-space")
    assert container is not None
    assert (container.get("data-lat"), container.get("data-lon")) == (space.lat, space.lon)


# --- directory, regions, municipalities ---------------------------------------------------------

def test_directory_links_every_space_grouped_by_region(real_site):
    main = page(real_site, "/spaces/").find("main")
    region = municipality = None
    placed = {}
    for element in main.find_all(["h2", "h3", "a"]):
        if element.name == "h2":
            region, municipality = text_of(element), None
        elif element.name == "h3":
            municipality = text_of(element)
        else:
            slug = (re.fullmatch(r"/spaces/([a-z0-9-]+)/", element.get("href", "")) or [None, None])[1]
            if slug:
                placed[slug] = (region, municipality)
    for space in SPACES:
        assert space.slug in placed, f"the directory does not link {space.slug}"
        region, municipality = placed[space.slug]
        assert region == space.region, f"{space.slug} is listed under {region!r}"
        assert municipality and space.municipality in municipality, (
            f"{space.slug} is listed under the municipality heading {municipality!r}")


def test_directory_has_one_heading_per_region_with_spaces(real_site):
    main = page(real_site, "/spaces/").find("main")
    headings = [text_of(h) for h in main.find_all("h2")]
    regions = sorted({s.region for s in SPACES})
    assert sorted(headings) == regions, "one h2 per region that has spaces"


def test_directory_works_without_javascript(real_site):
    soup = page(real_site, "/spaces/")
    for a in soup.find("main").find_all("a", href=re.compile(r"^/spaces/[a-z0-9-]+/$")):
        hidden = [p for p in a.parents if p.has_attr("hidden") or p.name in ("template", "noscript")]
        assert not hidden, f"{a['href']} is only visible with JavaScript"


def test_a_page_per_region_with_spaces(real_site):
    regions = {s.region for s in SPACES}
    written = {p.parent.name for p in (real_site / "regions").glob("*/index.html")}
    assert written == {slugify(r) for r in regions}, "a page for each region with spaces, no others"
    for region in regions:
        soup = page(real_site, f"/regions/{slugify(region)}/")
        assert region in text_of(soup.find("h1"))
        assert space_links(soup) >= {s.slug for s in SPACES if s.region == region}


def test_a_page_per_municipality_with_spaces(real_site):
    municipalities = {s.municipality for s in SPACES}
    written = {p.parent.name for p in (real_site / "municipalities").glob("*/index.html")}
    assert written == {slugify(m) for m in municipalities}
    for municipality in municipalities:
        soup = page(real_site, f"/municipalities/{slugify(municipality)}/")
        assert municipality in text_of(soup.find("h1"))
        assert space_links(soup) >= {s.slug for s in SPACES if s.municipality == municipality}


# --- every page ---------------------------------------------------------------------------------

def test_404_page(real_site):
    soup = soup_of(real_site / "404.html")
    assert soup.find("h1") is not None
    hrefs = {a["href"] for a in soup.find_all("a", href=True)}
    assert "/" in hrefs and "/spaces/" in hrefs, "the 404 page leads back home and to the list"
    # served at any depth: its links and assets must not be relative to where it was asked for
    for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src")):
        for element in soup.find_all(tag, attrs={attribute: True}):
            value = element[attribute]
            assert value.startswith(("/", "#", "https://", "http://", "mailto:")), value


def test_every_page_is_danish_with_title_and_one_h1(real_site):
    for path in html_files(real_site):
        soup = soup_of(path)
        where = path.relative_to(real_site)
        assert soup.html.get("lang") == "da", where
        assert soup.title and soup.title.string.strip(), where
        assert len(soup.find_all("h1")) == 1, f"{where}: one h1"


def test_every_internal_link_and_asset_exists(real_site):
    broken = []
    for path in html_files(real_site):
        soup = soup_of(path)
        ids = {element["id"] for element in soup.find_all(id=True)}
        for element in soup.find_all(["a", "link", "script", "img", "source"]):
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if not value or value.startswith(("http://", "https://", "mailto:", "tel:", "//")):
                    continue
                where = f"{path.relative_to(real_site)}: {attribute}={value!r}"
                if value.startswith("#"):
                    if value[1:] not in ids:
                        broken.append(where + " (no such id)")
                elif not value.startswith("/"):
                    broken.append(where + " (relative; breaks on the 404 page)")
                elif not file_for_url(real_site, value).is_file():
                    broken.append(where)
    assert not broken, "broken links:\n" + "\n".join(broken)


# <link rel> values that make the browser fetch the file (canonical, alternate only name it).
LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}


def test_no_page_loads_anything_from_another_host(real_site):
    """Only the map tiles come from elsewhere, and they are requested by script, not markup."""
    outside = []
    for path in html_files(real_site):
        soup = soup_of(path)
        for element in soup.find_all(["link", "script", "img", "iframe", "source"]):
            loads = element.name != "link" or set(element.get("rel", [])) & LOADING_RELS
            value = (element.get("src") or element.get("href")) if loads else None
            if value and urlsplit(value).hostname:
                outside.append(f"{path.relative_to(real_site)}: {value}")
    assert not outside, "\n".join(outside)
