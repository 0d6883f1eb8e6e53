"""The space as the site knows it: frozen, validated data. No I/O, no Pelican."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

PRICE_KEYS = ("day_pass", "week", "month_flex", "month_fixed", "office_month", "meeting_room_hour")
LINK_KEYS = ("booking", "facebook", "instagram", "linkedin")


@dataclass(frozen=True)
class Address:
    street: str | None
    postcode: str
    town: str
    municipality: str
    region: str
    region_slug: str


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float
    precision: str  # "address" or "town"


@dataclass(frozen=True)
class Photo:
    file: str
    alt: str
    credit: str | None


@dataclass(frozen=True)
class Space:
    slug: str
    source: str  # "spaces/<slug>.yaml", for the "suggest a correction" link
    name: str
    status: str
    address: Address
    location: Location
    description_da: str  # Markdown as written; rendered and sanitised by text.py
    description_en: str | None
    last_verified: date
    website: str | None = None
    email: str | None = None
    phone: str | None = None  # normalised: "+45 12 34 56 78"
    opening_hours: str | None = None
    prices: tuple[tuple[str, int], ...] = ()  # (key, DKK) in PRICE_KEYS order
    amenities: tuple[str, ...] = ()
    desks: int | None = None
    organisation: str | None = None
    founded: int | None = None
    public_transport: str | None = None
    links: tuple[tuple[str, str], ...] = ()  # (key, URL) in LINK_KEYS order
    photos: tuple[Photo, ...] = ()

    def price(self, key: str) -> int | None:
        return dict(self.prices).get(key)


def normalise_phone(value: str | int) -> str:
    """`+4512345678`, `12 34 56 78` or 12345678 -> `+45 12 34 56 78`."""
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    digits = digits[-8:]
    return "+45 " + " ".join(digits[i:i + 2] for i in range(0, 8, 2))


def space_from_data(slug: str, source: str, data: dict, region, last_verified: date) -> Space:
    """Build a Space from data that has passed validation."""
    address, location, description = data["address"], data["location"], data["description"]
    prices = data.get("prices", {})
    links = data.get("links", {})
    return Space(
        slug=slug,
        source=source,
        name=data["name"].strip(),
        status=data["status"],
        address=Address(
            street=address.get("street"),
            postcode=f"{int(address['postcode']):04d}",
            town=address["town"],
            municipality=address["municipality"],
            region=region.name,
            region_slug=region.slug,
        ),
        location=Location(float(location["lat"]), float(location["lon"]),
                          location.get("precision", "address")),
        description_da=description["da"],
        description_en=description.get("en"),
        last_verified=last_verified,
        website=data.get("website"),
        email=data.get("email"),
        phone=normalise_phone(data["phone"]) if "phone" in data else None,
        opening_hours=data.get("opening_hours"),
        prices=tuple((key, prices[key]) for key in PRICE_KEYS if key in prices),
        amenities=tuple(data.get("amenities", ())),
        desks=data.get("desks"),
        organisation=data.get("organisation"),
        founded=data.get("founded"),
        public_transport=data.get("public_transport"),
        links=tuple((key, links[key]) for key in LINK_KEYS if key in links),
        photos=tuple(Photo(p["file"], p["alt"], p.get("credit")) for p in data.get("photos", ())),
    )
