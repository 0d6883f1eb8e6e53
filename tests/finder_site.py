"""A small site for the finder's tests: six spaces at known places with known hours, prices and
amenities, so every expectation below can be worked out by hand.

The clock the browser tests set: Wednesday 25 November 2026, 10:00 in Copenhagen (CET, UTC+1).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from site_helpers import SyntheticSite, yaml_quote

WEDNESDAY_10 = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)  # 10:00 in Copenhagen
WEDNESDAY_18 = datetime(2026, 11, 25, 17, 0, tzinfo=timezone.utc)  # 18:00 in Copenhagen


@dataclass(frozen=True)
class FinderSpace:
    slug: str
    name: str
    town: str
    municipality: str
    region: str  # slug
    lat: float
    lon: float
    hours: str | None = None
    day_pass: int | None = None
    amenities: tuple[str, ...] = ()
    status: str = "open"


SPACES = (
    FinderSpace("havhuset-klitmoeller", "Havhuset Klitmøller", "Klitmøller", "Thisted",
                "region-nordjylland", 57.0407, 8.4914, "Mo-Fr 08:00-17:00", 100,
                ("fiber", "meeting_room", "kitchen")),
    FinderSpace("vorupoer-kontor", "Vorupør Kontor", "Nørre Vorupør", "Thisted",
                "region-nordjylland", 56.9510, 8.3753, "Sa-Su 10:00-14:00", 150,
                ("wifi", "kitchen")),
    FinderSpace("aabenraa-faellesskab", "Åbenrå Fællesskab", "Aabenraa", "Aabenraa",
                "region-syddanmark", 55.0443, 9.4174, None, 75, ("fiber",)),
    FinderSpace("nexoe-vaerksted", "Nexø Værksted", "Nexø", "Bornholm",
                "region-hovedstaden", 55.0607, 15.1306, "24/7", None, ("workshop", "fiber")),
    FinderSpace("aeroe-kontor", "Ærø Kontor", "Ærøskøbing", "Ærø",
                "region-syddanmark", 54.8880, 10.4112, "Jun-Aug Mo-Fr 09:00-15:00", 200,
                ("meeting_room",)),
    FinderSpace("planlagt-thisted", "Planlagt Thisted", "Thisted", "Thisted",
                "region-nordjylland", 56.9552, 8.6945, "Mo-Fr 08:00-17:00", 50, ("fiber",),
                status="planned"),
    FinderSpace("lukket-hanstholm", "Lukket Hanstholm", "Hanstholm", "Thisted",
                "region-nordjylland", 57.1167, 8.6167, "Mo-Fr 08:00-17:00", 50, ("fiber",),
                status="closed"),
)
LISTED = tuple(s for s in SPACES if s.status == "open")  # the finder shows open spaces only
BY_SLUG = {s.slug: s for s in SPACES}


def space_text(space: FinderSpace) -> str:
    lines = [
        f"name: {yaml_quote(space.name)}",
        f"status: {space.status}",
        "address:",
        '  postcode: "7700"',
        f"  town: {yaml_quote(space.town)}",
        f"  municipality: {yaml_quote(space.municipality)}",
        "location:",
        f"  lat: {space.lat}",
        f"  lon: {space.lon}",
        "  precision: town",
        "description:",
        "  da: Et kontorfællesskab til finderens test.",
        "website: https://example.org/",
        "last_verified: 2026-01-15",
    ]
    if space.hours:
        lines.append(f"opening_hours: {yaml_quote(space.hours)}")
    if space.day_pass is not None:
        lines += ["prices:", f"  day_pass: {space.day_pass}"]
    if space.amenities:
        lines.append(f"amenities: [{', '.join(space.amenities)}]")
    return "\n".join(lines) + "\n"


def write_finder_site(root) -> SyntheticSite:
    site = SyntheticSite(root)
    for space in SPACES:
        site.write_space(f"{space.slug}.yaml", space_text(space))
    return site
