"""The finder in the built site: its page, its town file, the links to it, and the space pages'
open-now data, from real Pelican builds (the real project, and the finder's small test site)."""
from __future__ import annotations

import json
import re

import pytest

from finder_site import SPACES, write_finder_site
from landhub_finder.gazetteer import danish_places, town_rows, towns_json
from landhub_spaces.exports import read_spaces_json, week_minutes
from site_helpers import ROOT, expected_spaces, html_files, page, soup_of, text_of


@pytest.fixture(scope="module")
def finder_site(tmp_path_factory):
    site = write_finder_site(tmp_path_factory.mktemp("finder-build"))
    assert site.build() == 0
    return site


def test_finder_page_is_written_with_its_parts(real_site):
    soup = page(real_site, "find/")
    finder = soup.find(id="finder")
    assert finder is not None and finder.has_attr("hidden")  # shown by finder.js
    assert finder["data-spaces"] == "/spaces.json"
    assert finder["data-towns"] == "/find/towns.json"
    assert json.loads(finder["data-amenities"])[:3] == ["fiber", "wifi", "meeting_room"]
    assert soup.find(id="finder-town")["role"] == "combobox"
    assert soup.find(id="finder-count")["aria-live"] == "polite"
    assert soup.find(id="map-finder")["data-map"] == "finder"
    assert "GeoNames" in text_of(soup.find(class_="finder-credit"))
    assert "CC BY 4.0" in text_of(soup.find(class_="finder-credit"))


def test_without_javascript_the_directory_is_one_link_away(real_site):
    soup = page(real_site, "find/")
    assert soup.find("noscript") is not None
    fallback = soup.find(class_="finder-fallback").find("a")
    assert fallback["href"] == "/spaces/"


def test_finder_page_runs_files_only(real_site):
    html = (real_site / "find" / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    executable = [(attrs, body) for attrs, body in scripts if "application/ld+json" not in attrs]
    assert executable and all("src=" in attrs and not body.strip() for attrs, body in executable)
    sources = [re.search(r'src="([^"]+)"', attrs).group(1) for attrs, _ in executable]
    assert sources[-3:] == ["/theme/js/hours.js", "/theme/js/spaces-data.js", "/theme/js/finder.js"]
    assert "/maps/finder.js" in sources
    for source in sources:
        assert (real_site / source.lstrip("/")).is_file(), source
    assert not re.search(r"\sstyle=|\son[a-z]+=", html)


def test_towns_file_is_the_gazetteer_plus_the_spaces_towns(real_site):
    written = (real_site / "find" / "towns.json").read_text(encoding="utf-8")
    spaces = [(s.town, float(s.lat), float(s.lon)) for s in expected_spaces()]
    assert written == towns_json(town_rows(danish_places(ROOT / "spaces" / "_vocab" / "places.json"), spaces))
    names = {row[0] for row in json.loads(written)["rows"]}
    assert {s.town for s in expected_spaces()} <= names


def test_every_page_links_the_finder_and_the_home_page_invites_to_it(real_site):
    for path in html_files(real_site):
        nav = soup_of(path).find("nav", class_="site-nav")
        if nav is None:
            continue
        assert nav.find("a", href="/find/") is not None, path
    home = page(real_site, "")
    assert home.find("main").find("a", href="/find/", class_="button") is not None
    assert page(real_site, "find/").find("nav", class_="site-nav").find(
        "a", href="/find/")["aria-current"] == "page"
    assert "/find/</loc>" in (real_site / "sitemap.xml").read_text(encoding="utf-8")


def test_spaces_json_hours_column_matches_the_parser(finder_site):
    rows = {row["slug"]: row for row in read_spaces_json((finder_site.output / "spaces.json").read_text(encoding="utf-8"))}
    for space in SPACES:
        assert rows[space.slug]["hours"] == week_minutes(space.hours), space.slug
    assert rows["havhuset-klitmoeller"]["hours"][:4] == [8 * 60, 17 * 60, 24 * 60 + 8 * 60, 24 * 60 + 17 * 60]
    assert rows["aabenraa-faellesskab"]["hours"] is None  # not listed
    assert rows["aeroe-kontor"]["hours"] is None and rows["aeroe-kontor"]["opening_hours"]  # irregular


@pytest.mark.parametrize("space", SPACES, ids=lambda s: s.slug)
def test_space_page_carries_the_same_intervals_for_open_now(finder_site, space):
    soup = page(finder_site.output, f"spaces/{space.slug}/")
    line = soup.find(class_="open-now")
    minutes = week_minutes(space.hours)
    scripts = [s.get("src") for s in soup.find_all("script") if s.get("src")]
    if minutes is None:
        assert line is None and "/theme/js/hours.js" not in scripts
    else:
        assert json.loads(line["data-hours"]) == minutes
        assert line.has_attr("hidden")  # filled in and shown by hours.js
        assert json.loads(line["data-strings"])["days"][0] == "mandag"
        assert "/theme/js/hours.js" in scripts
