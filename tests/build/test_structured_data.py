"""What a space page tells machines and link previews: schema.org JSON-LD and Open Graph tags,
and the Danish opening hours a visitor reads, all in a real build."""
from __future__ import annotations

import json

import pytest

from site_helpers import (SyntheticSite, expected_spaces, good_space_text, html_files, page,
                          settings, slugify, soup_of, text_of, yaml_quote)

SPACES = expected_spaces()
SITE = (settings()["SITEURL"] or settings()["FEED_DOMAIN"]).rstrip("/")
OG_PROPERTIES = ("og:title", "og:description", "og:url", "og:type", "og:locale", "og:site_name")

HOSTILE_NAME = "</script><script>alert(1)</script>"
HOSTILE_SLUG = slugify(HOSTILE_NAME)
HOSTILE_STREET = "Vej 1 </script><!--"  # U+2028 is refused here; the unit test has it


def json_ld(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def og(soup) -> dict[str, str]:
    return {m["property"]: m.get("content", "") for m in soup.find_all("meta", property=True)
            if m["property"].startswith("og:")}


@pytest.fixture(scope="module")
def hours_site(tmp_path_factory) -> SyntheticSite:
    """Spaces with weekly hours, hours that change with the season, and a hostile name."""
    site = SyntheticSite(tmp_path_factory.mktemp("hours-site"))
    site.write_space("ugehuset.yaml", good_space_text(
        "Ugehuset", opening_hours="opening_hours: Mo-Fr 08:00-17:00; Sa 10:00-14:00",
        phone='phone: "+45 12 34 56 78"', email="email: hej@example.org"))
    site.write_space("saesonhuset.yaml", good_space_text(
        "Sæsonhuset", opening_hours="opening_hours: Jan-Mar Mo-Fr 08:00-16:00; Apr-Dec Mo-Fr 09:00-15:00",
        location="location:\n  lat: 56.9552\n  lon: 8.6942"))
    site.write_space("udenhuset.yaml", good_space_text(
        "Udenhuset", opening_hours="", location="location:\n  lat: 56.8\n  lon: 8.5"))
    site.write_space(f"{HOSTILE_SLUG}.yaml", good_space_text(
        HOSTILE_NAME, location="location:\n  lat: 56.9\n  lon: 8.6",
        address=f'address:\n  street: {yaml_quote(HOSTILE_STREET)}\n  postcode: "7700"\n'
                "  town: Klitmøller\n  municipality: Thisted"))
    assert site.build() == 0, "the hours site builds"
    return site


@pytest.mark.parametrize("space", SPACES, ids=lambda s: s.slug)
def test_every_space_page_has_one_local_business(real_site, space):
    found = json_ld(page(real_site, f"/spaces/{space.slug}/"))
    assert len(found) == 1
    data = found[0]
    assert data["@context"] == "https://schema.org" and data["@type"] == "LocalBusiness"
    assert data["name"] == space.name
    assert data["url"] == f"{SITE}/spaces/{space.slug}/"
    assert data["address"]["@type"] == "PostalAddress"
    assert data["address"]["addressCountry"] == "DK"
    assert data["address"]["postalCode"] == space.postcode.zfill(4)
    assert data["address"]["addressLocality"] == space.town
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": float(space.lat),
                           "longitude": float(space.lon)}


def test_only_space_pages_carry_json_ld(real_site):
    for path in html_files(real_site):
        relative = path.relative_to(real_site).as_posix()
        is_space = relative.startswith("spaces/") and relative != "spaces/index.html"
        assert bool(json_ld(soup_of(path))) == is_space, relative


def test_every_page_has_open_graph_tags(real_site):
    for path in html_files(real_site):
        relative = path.relative_to(real_site).as_posix()
        if relative.startswith(("vendor/", "theme/", "maps/")):
            continue  # copied assets, not pages
        soup = soup_of(path)
        tags = og(soup)
        missing = [p for p in OG_PROPERTIES if p not in tags and not (p == "og:url" and relative == "404.html")]
        assert not missing, f"{relative}: no {missing}"
        assert tags["og:locale"] == "da_DK" and tags["og:site_name"] == "Landhub", relative
        assert tags["og:title"] == soup.title.string, relative
        assert tags["og:description"] == soup.find("meta", attrs={"name": "description"})["content"]
        if relative != "404.html":
            served_at = relative[: -len("index.html")] if relative.endswith("index.html") else relative
            assert tags["og:url"] == f"{SITE}/{served_at}", relative
        else:
            assert "og:url" not in tags, "the 404 page is served at any missing address"


def test_stories_are_articles_and_other_pages_websites(real_site):
    assert og(page(real_site, "/stories/cowork-klitmoeller/"))["og:type"] == "article"
    for url in ("/", "/spaces/", f"/spaces/{SPACES[0].slug}/", "/stories/"):
        assert og(page(real_site, url))["og:type"] == "website", url


def test_space_page_shows_weekly_hours_in_danish(hours_site):
    soup = page(hours_site.output, "/spaces/ugehuset/")
    assert [text_of(li) for li in soup.select(".hours li")] == ["man-fre 8-17", "lør 10-14"]
    data = json_ld(soup)[0]
    assert data["telephone"] == "+45 12 34 56 78" and data["email"] == "hej@example.org"
    assert [(e["dayOfWeek"], e["opens"], e["closes"]) for e in data["openingHoursSpecification"]] == [
        ([f"https://schema.org/{d}" for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")],
         "08:00", "17:00"),
        (["https://schema.org/Saturday"], "10:00", "14:00"),
    ]


def test_seasonal_hours_are_shown_as_written_and_not_as_a_week(hours_site):
    soup = page(hours_site.output, "/spaces/saesonhuset/")
    assert not soup.select(".hours li")
    assert text_of(soup.select_one(".hours-raw")) == "Jan-Mar Mo-Fr 08:00-16:00; Apr-Dec Mo-Fr 09:00-15:00"
    assert "openingHoursSpecification" not in json_ld(soup)[0]


def test_space_without_hours_says_so_and_promises_none(hours_site):
    soup = page(hours_site.output, "/spaces/udenhuset/")
    assert not soup.select(".hours li, .hours-raw")
    assert "Åbningstider er ikke oplyst." in text_of(soup.select_one("#h-hours").parent)
    assert "openingHoursSpecification" not in json_ld(soup)[0]


def test_a_hostile_name_cannot_leave_the_json_ld_script(hours_site):
    path = hours_site.output / "spaces" / HOSTILE_SLUG / "index.html"
    raw = path.read_text(encoding="utf-8")
    start = raw.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    body = raw[start:raw.index("</script>", start)]
    assert "<" not in body and "\u2028" not in body and body.isascii()
    data = json.loads(body)
    assert data["name"] == HOSTILE_NAME
    assert data["address"]["streetAddress"] == HOSTILE_STREET
    soup = soup_of(path)
    assert len(soup.find_all("script", type="application/ld+json")) == 1
    assert [s for s in soup.find_all("script") if "alert" in (s.string or "")
            and s.get("type") != "application/ld+json"] == [], "the name opened a script of its own"
