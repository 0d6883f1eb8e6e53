"""schema.org JSON-LD for a space page: what search engines and maps read about a space.

The dict is built here from the validated model and written with exports.html_safe_json, so
no text from a space file can close the <script type="application/ld+json"> it sits in.
schema.org has no coworking type; LocalBusiness is the closest that carries hours and a place.
"""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from .exports import _dump as html_safe_json  # the one JSON writer that is safe to embed
from .hours import MINUTES_PER_DAY, day_pieces, weekly_intervals
from .model import Space

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Links that say who the space is (schema.org sameAs); a booking page is not one of them.
IDENTITY_LINKS = ("facebook", "instagram", "linkedin")


def space_json_ld(space: Space, page_url: str, site_base: str,
                  photo_urls: tuple[str, ...] | None = None) -> dict:
    """The LocalBusiness for one space; page_url and site_base are absolute. photo_urls: the
    published photos' addresses (already percent-encoded; a path is made absolute), if known."""
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "@id": f"{page_url}#space",
        "name": space.name,
        "url": page_url,
        "address": _address(space),
        "geo": {"@type": "GeoCoordinates", "latitude": space.location.lat,
                "longitude": space.location.lon},
    }
    if space.phone:
        data["telephone"] = space.phone
    if space.email:
        data["email"] = space.email
    links = dict(space.links)
    same_as = [space.website] if space.website else []
    same_as += [links[key] for key in IDENTITY_LINKS if key in links]
    if same_as:
        data["sameAs"] = same_as
    if space.photos and photo_urls:
        data["image"] = [url if "://" in url else site_base + url for url in photo_urls]
    elif space.photos:
        # A file name may hold spaces, æøå, & or #: percent-encoded, it stays one address.
        data["image"] = [f"{site_base}/images/spaces/{space.slug}/{quote(p.file, safe='')}"
                         for p in space.photos]
    # Hours are only a promise while the space is open; irregular hours are not computed.
    intervals = weekly_intervals(space.opening_hours) if space.opening_hours else None
    if space.status == "open" and intervals:
        data["openingHoursSpecification"] = opening_hours_specification(intervals)
    return data


def _address(space: Space) -> dict:
    address = {"@type": "PostalAddress", "postalCode": space.address.postcode,
               "addressLocality": space.address.town, "addressRegion": space.address.region,
               "addressCountry": "DK"}
    if space.address.street:
        address["streetAddress"] = space.address.street
    return address


def space_json_ld_text(space: Space, page_url: str, site_base: str,
                       photo_urls: tuple[str, ...] | None = None) -> str:
    """The JSON-LD as text that is safe inside a <script> element (no <, >, & or U+2028)."""
    return html_safe_json(space_json_ld(space, page_url, site_base, photo_urls))


def opening_hours_specification(intervals) -> list[dict]:
    """Weekly intervals (minutes from Monday 00:00) -> OpeningHoursSpecification entries."""
    return list(_opening_hours_specification(tuple(intervals)))


# Many spaces share their hours: each week is worked out once a build. The entries are shared
# by the pages that have those hours; they are only written out as JSON, never changed.
@lru_cache(maxsize=4096)
def _opening_hours_specification(intervals: tuple) -> tuple[dict, ...]:
    """Weekly intervals (minutes from Monday 00:00) -> OpeningHoursSpecification entries.

    One entry per opening time, naming every weekday that has it. A span past midnight is
    written on the day it starts (22:00-02:00); a day open until midnight closes at 23:59,
    the form search engines read as "to the end of the day".
    """
    days_by_hours: dict[tuple[str, str], list[int]] = {}
    for day, start, end in day_pieces(intervals):
        days_by_hours.setdefault((_clock(start), _clock(end)), []).append(day)
    entries = sorted(days_by_hours.items(), key=lambda item: (item[1][0], item[0]))
    return tuple({"@type": "OpeningHoursSpecification",
                  "dayOfWeek": [f"https://schema.org/{DAYS[d]}" for d in days],
                  "opens": opens, "closes": closes}
                 for (opens, closes), days in entries)


def _clock(minute: int) -> str:
    if minute == MINUTES_PER_DAY:
        return "23:59"
    hour, rest = divmod(minute % MINUTES_PER_DAY, 60)
    return f"{hour:02d}:{rest:02d}"
