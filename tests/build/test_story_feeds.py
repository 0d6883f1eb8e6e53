"""The real project's story feeds (all stories, one per region) and its pages of stories by tag
and by region. What to expect is read from content/stories/ directly, not through the plugin."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import feedparser
import pytest
from lxml import etree
from unidecode import unidecode

from site_helpers import PUBLISH_SETTINGS_FILE, ROOT, file_for_url, page, settings, slugify

ATOM = "{http://www.w3.org/2005/Atom}"
TAG_URI = re.compile(r"^tag:[a-z0-9.-]+,\d{4}-\d{2}-\d{2}:/stories/[a-z0-9-]+/$")


def published() -> list[dict]:
    """Each published story's slug, region and tags, from its metadata lines."""
    stories = []
    for path in sorted((ROOT / "content" / "stories").glob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        meta = {k.strip().lower(): v.strip() for k, v in
                (line.split(":", 1) for line in head.splitlines() if ":" in line)}
        if meta.get("status", "published") != "published":
            continue
        stories.append({"slug": path.stem, "region": meta.get("region", ""),
                        "tags": [t.strip() for t in meta.get("tags", "").split(",") if t.strip()]})
    return stories


def tag_slug(tag: str) -> str:
    """The site's slug rule for tag pages too (tag_slugs.py): "Klitmøller" -> "klitmoeller",
    not Pelican's unidecode "klitmoller"; other accents dropped."""
    return re.sub(r"[^a-z0-9]+", "-", unidecode(slugify(tag))).strip("-")


def test_a_danish_tag_is_written_out_as_the_space_slugs_are():
    tags = {tag for story in published() for tag in story["tags"]}
    assert "Klitmøller" in tags  # the real stories carry one, so the tests below cover the rule
    assert tag_slug("Klitmøller") == "klitmoeller" and tag_slug("Nexø") == "nexoe"


STORIES = published()
REGIONS = sorted({s["region"] for s in STORIES if s["region"]})


def test_the_project_has_stories_in_regions():
    assert len(STORIES) >= 2 and REGIONS, "the feeds below need published stories with a region"


def feed_files(output) -> list:
    return [output / "feeds" / "stories.atom.xml"] + [
        output / "feeds" / "regions" / f"{slugify(region)}.atom.xml" for region in REGIONS]


def check_atom(path) -> feedparser.FeedParserDict:
    """Well-formed Atom 1.0 with what RFC 4287 requires of a feed and of each entry."""
    raw = path.read_bytes()
    feed = feedparser.parse(raw)
    assert not feed.bozo, f"{path.name}: {feed.get('bozo_exception')}"
    assert feed.version == "atom10", path.name
    root = etree.fromstring(raw)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None and root.findtext(f"{ATOM}{required}").strip(), \
            f"{path.name}: the feed has no <{required}>"
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip(), f"{path.name}: entry without <{required}>"
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        # An entry with no author needs one on the feed (RFC 4287 4.1.1)
        assert entry.find(f"{ATOM}author/{ATOM}name") is not None or root.find(f"{ATOM}author") is not None
    return feed


@pytest.mark.parametrize("build", ["real_site", "published_site"])
def test_every_story_feed_is_valid_atom_with_absolute_links_and_ids(request, build):
    output = request.getfixturevalue(build)
    config = settings(settings_file=PUBLISH_SETTINGS_FILE) if build == "published_site" else settings()
    base = (config["SITEURL"] or config["FEED_DOMAIN"]).rstrip("/")
    ids = set()
    for path in feed_files(output):
        assert path.is_file(), path
        feed = check_atom(path)
        assert feed.feed.id == f"{base}/{path.relative_to(output).as_posix()}", "a feed's id is its address"
        ids.add(feed.feed.id)
        for entry in feed.entries:
            assert entry.link.startswith(base + "/stories/"), entry.link
            assert file_for_url(output, urlsplit(entry.link).path).is_file(), entry.link
            assert TAG_URI.match(entry.id), entry.id
            assert urlsplit(base).hostname in entry.id
    assert len(ids) == len(feed_files(output)), "two feeds share an id"


def test_the_all_stories_feed_has_every_published_story(real_site):
    feed = check_atom(real_site / "feeds" / "stories.atom.xml")
    assert sorted(urlsplit(e.link).path for e in feed.entries) == sorted(
        f"/stories/{s['slug']}/" for s in STORIES)


@pytest.mark.parametrize("region", REGIONS)
def test_each_region_feed_has_exactly_its_stories(real_site, region):
    feed = check_atom(real_site / "feeds" / "regions" / f"{slugify(region)}.atom.xml")
    assert sorted(urlsplit(e.link).path for e in feed.entries) == sorted(
        f"/stories/{s['slug']}/" for s in STORIES if s["region"] == region)
    assert region in feed.feed.title


def test_no_feed_for_a_region_without_stories(real_site):
    written = {p.stem.removesuffix(".atom") for p in (real_site / "feeds" / "regions").glob("*.xml")}
    assert written == {slugify(r) for r in REGIONS}


@pytest.mark.parametrize("story", STORIES, ids=lambda s: s["slug"])
def test_each_story_links_its_region_and_tag_pages_which_list_it(real_site, story):
    soup = page(real_site, f"stories/{story['slug']}/")
    links = [a["href"] for a in soup.select(".story-meta a[href]")]
    expected = [f"/stories/regions/{slugify(story['region'])}/"] if story["region"] else []
    expected += [f"/stories/tags/{tag_slug(tag)}/" for tag in story["tags"]]
    assert links == expected
    for href in links:
        listing = page(real_site, href)
        listed = [a["href"] for a in listing.select(".story-list .story-title a")]
        assert f"/stories/{story['slug']}/" in listed, href


def test_region_pages_link_their_feed(real_site):
    for region in REGIONS:
        soup = page(real_site, f"stories/regions/{slugify(region)}/")
        feed = f"/feeds/regions/{slugify(region)}.atom.xml"
        assert soup.find("link", rel="alternate", href=lambda h: h and h.endswith(feed))
        assert soup.select_one(f'main a[href$="{feed}"]')


def test_the_stories_page_links_every_region_and_tag_page(real_site):
    soup = page(real_site, "stories/")
    hrefs = {a["href"] for a in soup.select(".story-index a[href]")}
    for region in REGIONS:
        assert f"/stories/regions/{slugify(region)}/" in hrefs
    for tag in {t for s in STORIES for t in s["tags"]}:
        assert f"/stories/tags/{tag_slug(tag)}/" in hrefs
    for href in hrefs:
        assert file_for_url(real_site, href).is_file(), href
