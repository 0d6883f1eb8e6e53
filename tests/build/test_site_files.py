"""The real project's machine-read files: sitemap, robots.txt, the Atom feed, the open-data exports."""
from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import urlsplit

import feedparser
from lxml import etree

from landhub_spaces.exports import read_spaces_json
from site_helpers import PUBLISH_SETTINGS_FILE, ROOT, expected_spaces, file_for_url, settings

SPACES = expected_spaces()
SLUGS = {s.slug for s in SPACES}
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def public_base() -> str:
    """Where the sitemap and feed point: SITEURL, or FEED_DOMAIN while SITEURL is empty."""
    config = settings()
    return (config["SITEURL"] or config["FEED_DOMAIN"]).rstrip("/")


def published_stories() -> list:
    stories = []
    for path in sorted((ROOT / "content" / "stories").glob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        if not re.search(r"(?im)^status:\s*(draft|hidden)\s*$", head):
            stories.append(path)
    return stories


# --- sitemap and robots -------------------------------------------------------------------------

def sitemap_locations(real_site) -> list[str]:
    tree = etree.parse(str(real_site / "sitemap.xml"))
    assert tree.getroot().tag == f"{SITEMAP_NS}urlset"
    return [loc.text for loc in tree.getroot().iter(f"{SITEMAP_NS}loc")]


def test_sitemap_lists_every_space_once(real_site):
    locations = sitemap_locations(real_site)
    assert len(locations) == len(set(locations)), "a URL is listed twice"
    for slug in SLUGS:
        assert f"{public_base()}/spaces/{slug}/" in locations


def test_sitemap_lists_only_pages_that_exist(real_site):
    for location in sitemap_locations(real_site):
        assert location.startswith(public_base() + "/"), location
        assert file_for_url(real_site, urlsplit(location).path).is_file(), location


def test_sitemap_lastmod_is_a_date(real_site):
    tree = etree.parse(str(real_site / "sitemap.xml"))
    for lastmod in tree.getroot().iter(f"{SITEMAP_NS}lastmod"):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod.text), lastmod.text


def test_robots_txt_points_at_the_sitemap(real_site):
    lines = (real_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {public_base()}/sitemap.xml" in lines
    assert "Disallow: /" not in lines, "the whole site must stay visible to search engines"


# --- feed -----------------------------------------------------------------------------------------

def parse_feed(output):
    feed = feedparser.parse((output / "feeds" / "stories.atom.xml").read_bytes())
    assert not feed.bozo, f"the feed is not well-formed: {feed.get('bozo_exception')}"
    assert feed.version == "atom10"
    return feed


def test_story_feed_is_atom_with_every_published_story(real_site):
    feed = parse_feed(real_site)
    assert len(feed.entries) == len(published_stories())
    for entry in feed.entries:
        # absolute even in development (FEED_DOMAIN), so a feed reader can follow it
        assert entry.link.startswith(public_base() + "/stories/"), entry.link
        assert file_for_url(real_site, urlsplit(entry.link).path).is_file(), entry.link
        assert entry.id.startswith(f"tag:{urlsplit(public_base()).hostname},"), entry.id


def test_published_feed_has_absolute_links_and_ids(published_site):
    """What feed readers get: every link and id absolute, on the public address."""
    base = settings(settings_file=PUBLISH_SETTINGS_FILE)["SITEURL"].rstrip("/")
    feed = parse_feed(published_site)
    assert feed.entries, "the content has stories, so the feed has entries"
    assert len(feed.entries) == len(published_stories())
    assert feed.feed.link == base + "/"
    for entry in feed.entries:
        assert entry.link.startswith(base + "/stories/"), entry.link
        assert file_for_url(published_site, urlsplit(entry.link).path).is_file(), entry.link
        host = urlsplit(base).hostname
        assert entry.id.startswith(f"tag:{host},"), entry.id


def test_feed_is_linked_from_every_page_head(real_site):
    home = (real_site / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in home
    assert f"{public_base()}/feeds/stories.atom.xml" in home


# --- open data ------------------------------------------------------------------------------------

def test_spaces_json_has_every_space(real_site):
    rows = read_spaces_json((real_site / "spaces.json").read_text(encoding="utf-8"))
    assert {row["slug"] for row in rows} == SLUGS
    assert len(rows) == len(SLUGS)
    by_slug = {row["slug"]: row for row in rows}
    for space in SPACES:
        row = by_slug[space.slug]
        assert row["name"] == space.name
        assert (row["lat"], row["lon"]) == (float(space.lat), float(space.lon))


def test_spaces_geojson_has_every_space_as_a_point(real_site):
    data = json.loads((real_site / "spaces.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    by_slug = {f["properties"]["slug"]: f for f in data["features"]}
    assert set(by_slug) == SLUGS and len(data["features"]) == len(SLUGS)
    for space in SPACES:
        feature = by_slug[space.slug]
        assert feature["geometry"] == {"type": "Point",
                                       "coordinates": [float(space.lon), float(space.lat)]}
        assert feature["properties"]["name"] == space.name


def test_spaces_csv_has_every_space(real_site):
    raw = (real_site / "spaces.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert {row["slug"] for row in rows} == SLUGS and len(rows) == len(SLUGS)
    by_slug = {row["slug"]: row for row in rows}
    for space in SPACES:
        row = by_slug[space.slug]
        assert (row["name"], row["postcode"], row["town"]) == (space.name, space.postcode, space.town)
        assert (float(row["lat"]), float(row["lon"])) == (float(space.lat), float(space.lon))


def test_export_urls_lead_to_the_space_pages(real_site):
    for row in read_spaces_json((real_site / "spaces.json").read_text(encoding="utf-8")):
        url = row["url"]
        assert file_for_url(real_site, urlsplit(url).path).is_file(), url
