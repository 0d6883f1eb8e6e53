"""N valid space files that look like the real thing, for benchmarks (and for tests at scale).

Danish names with æ, ø and å; points near Danish towns from GeoNames (spaces/_vocab/places.json,
DK rows), each in the municipality whose seat is nearest; the opening hours, day-pass prices
and amenities real spaces list, in realistic proportions. The same n and seed always give the
same files, so a benchmark measures the code, not the luck of the draw.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from landhub_spaces.geography import distance_km
from landhub_spaces.model import Space, space_from_data
from landhub_spaces.slugs import fold, slugify
from landhub_spaces.vocab import load_vocabulary

KINDS = ("Kontorfællesskabet", "Coworking", "Værkstedet", "Fællesskabet", "Kontorhuset",
         "Iværksætterhuset", "Skrivestuen", "Mejeriet", "Stationen", "Købmandsgården", "Smedjen",
         "Posthuset", "Den Gamle Skole", "Savværket", "Andelshuset", "Bryggeriet", "Havnehuset",
         "Æblehaven", "Ølstuen", "Åbent Kontor")
# (weight, opening_hours or None): most list weekday hours; some none; a few irregular.
HOURS = ((30, "Mo-Fr 08:00-17:00"), (12, "Mo-Fr 08:00-16:00"), (8, "Mo-Th 08:00-17:00; Fr 08:00-15:00"),
         (8, "Mo-Fr 07:00-22:00"), (6, "24/7"), (6, "Mo-Fr 09:00-15:00; Sa 10:00-13:00"),
         (4, "Mo-Su 06:00-23:00"), (3, "Mo-Fr 08:00-12:00,13:00-17:00"),
         (3, "Jun-Aug Mo-Fr 09:00-15:00"), (20, None))
DAY_PASS = ((25, None), (10, 50), (15, 75), (20, 100), (12, 125), (10, 150), (5, 200), (3, 250))
# (probability, amenity): fibre and a kitchen are common, accommodation is rare.
AMENITIES = ((0.55, "fiber"), (0.6, "wifi"), (0.5, "meeting_room"), (0.2, "phone_booth"),
             (0.65, "kitchen"), (0.15, "cafe"), (0.6, "parking"), (0.2, "ev_charging"),
             (0.3, "bike_parking"), (0.1, "shower"), (0.3, "step_free"), (0.1, "lockers"),
             (0.35, "printer"), (0.15, "event_space"), (0.1, "workshop"), (0.05, "accommodation"))
STREETS = ("Hovedgaden", "Stationsvej", "Skolevej", "Havnegade", "Møllevej", "Kirkevej", "Åvej")
LAST_VERIFIED = "2026-01-15"
ORGANISATIONS = ("association", "cooperative", "company", "municipality", "foundation", "other")
# The seat of each municipality not named after a town in GeoNames' list.
SEATS = {"Bornholm": "Rønne", "Brøndby": "Brøndby Strand", "Egedal": "Ølstykke", "Furesø": "Farum",
         "Gentofte": "Charlottenlund", "Gladsaxe": "Buddinge", "Gribskov": "Helsinge",
         "Halsnæs": "Frederiksværk", "Høje-Taastrup": "Taastrup", "København": "Copenhagen",
         "Lyngby-Taarbæk": "Kongens Lyngby", "Rudersdal": "Holte", "Guldborgsund": "Nykøbing Falster",
         "Lolland": "Nakskov", "Odsherred": "Nykøbing Sjælland", "Stevns": "Store Heddinge",
         "Faaborg-Midtfyn": "Ringe", "Fanø": "Nordby", "Langeland": "Rudkøbing", "Nordfyns": "Bogense",
         "Ærø": "Ærøskøbing", "Favrskov": "Hinnerup", "Ikast-Brande": "Ikast", "Norddjurs": "Grenaa",
         "Ringkøbing-Skjern": "Ringkøbing", "Samsø": "Tranebjerg", "Syddjurs": "Ebeltoft",
         "Jammerbugt": "Åbybro", "Læsø": "Byrum", "Mariagerfjord": "Hobro", "Morsø": "Nykøbing Mors",
         "Rebild": "Støvring", "Vesthimmerlands": "Aars"}


@dataclass(frozen=True)
class Town:
    name: str
    lat: float
    lon: float
    municipality: str


def _weighted(rng: random.Random, choices):
    return rng.choices([value for _, value in choices], weights=[w for w, _ in choices])[0]


def danish_towns(spaces_dir: Path) -> list[Town]:
    """The DK places of places.json, each in the municipality whose seat (the town named like
    the municipality, or the one in SEATS) is nearest: right for most, near enough for a bench."""
    places = json.loads((spaces_dir / "_vocab" / "places.json").read_text(encoding="utf-8"))
    dk = sorted((row[0], row[1], row[2], row[4]) for row in places["places"] if row[3] == "DK")
    regions = yaml.safe_load((spaces_dir / "_vocab" / "municipalities.yaml").read_text(encoding="utf-8"))
    municipalities = [m for region in regions["regions"] for m in region["municipalities"]]
    biggest: dict[str, tuple] = {}
    for name, lat, lon, population in dk:
        key = fold(name)
        if key not in biggest or population > biggest[key][3]:
            biggest[key] = (name, lat, lon, population)
    seats = [(m, biggest[fold(SEATS.get(m, m))][1], biggest[fold(SEATS.get(m, m))][2])
             for m in municipalities if fold(SEATS.get(m, m)) in biggest]
    return [Town(name, lat, lon, min(seats, key=lambda s: (distance_km(lat, lon, s[1], s[2]), s[0]))[0])
            for name, lat, lon, _population in dk]


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def space_data(rng: random.Random, name: str, town: Town) -> dict:
    """One space as the loader would read its file (a plain dict, strings as written)."""
    data = {
        "name": name,
        "status": "open" if rng.random() > 0.06 else rng.choice(("planned", "closed")),
        "address": {
            "street": f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
            "postcode": str(rng.randint(1000, 9990)),
            "town": town.name,
            "municipality": town.municipality,
        },
        # within about a kilometre of the town's point
        "location": {"lat": round(town.lat + rng.uniform(-0.01, 0.01), 5),
                     "lon": round(town.lon + rng.uniform(-0.015, 0.015), 5)},
        "description": {"da": f"Et kontorfællesskab i {town.name} med plads til iværksættere, "
                              "pendlere og foreninger. Kom forbi til en kop kaffe og en dag ved "
                              "skrivebordet."},
        "website": f"https://{slugify(name)}.example.dk/",
    }
    hours = _weighted(rng, HOURS)
    if hours:
        data["opening_hours"] = hours
    prices = {"day_pass": _weighted(rng, DAY_PASS),
              "month_flex": rng.choice((None, 600, 800, 900, 1200, 1500))}
    if any(prices.values()):
        data["prices"] = {key: value for key, value in prices.items() if value}
    amenities = [key for chance, key in AMENITIES if rng.random() < chance]
    if amenities:
        data["amenities"] = amenities
    data.update(desks=rng.randint(4, 60), organisation=rng.choice(ORGANISATIONS),
                founded=rng.randint(2005, 2025), last_verified=LAST_VERIFIED)
    return data


def space_yaml(data: dict) -> str:
    """The file for space_data(): every string quoted, so YAML reads back exactly the data."""
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {_quoted(v) if isinstance(v, str) else v}" for k, v in value.items()]
        elif isinstance(value, list):
            lines.append(f"{key}: [{', '.join(value)}]")
        elif isinstance(value, str) and key != "last_verified":
            lines.append(f"{key}: {_quoted(value)}")
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"


def synthetic_spaces(n: int, spaces_dir: Path, seed: int = 1) -> list[tuple[str, dict]]:
    """[(slug, data), ...] for n spaces, sorted by slug; names (and so slugs) unique."""
    rng = random.Random(seed)
    towns = danish_towns(spaces_dir)
    out, used = [], set()
    while len(out) < n:
        town = rng.choice(towns)
        name = f"{rng.choice(KINDS)} {town.name}"
        if slugify(name) in used:
            name = f"{name} {rng.randint(2, 999)}"
        slug = slugify(name)
        if slug in used:
            continue
        used.add(slug)
        out.append((slug, space_data(rng, name, town)))
    return sorted(out, key=lambda pair: pair[0])


def one_space_per_municipality(spaces_dir: Path, seed: int = 1) -> list[tuple[str, dict]]:
    """[(slug, data), ...]: one space in each municipality that has a town (its first town A–Å),
    sorted by slug. The bench's base site: every municipality, region and letter page that any
    large site has, so what a bigger site adds above it is its spaces' own cost."""
    rng = random.Random(seed)
    first_town: dict[str, Town] = {}
    for town in sorted(danish_towns(spaces_dir), key=lambda t: t.name):
        first_town.setdefault(town.municipality, town)
    out = []
    for municipality, town in sorted(first_town.items()):
        name = f"Fællesskabet {municipality}"
        out.append((slugify(name), space_data(rng, name, town)))
    return sorted(out, key=lambda pair: pair[0])


def synthetic_space_objects(n: int, spaces_dir: Path, seed: int = 1) -> list[Space]:
    """The same spaces as model.Space objects, made without files or the validator (which the
    tests run on these files): a benchmark of the finder should not wait for 10,000 files."""
    region_of = load_vocabulary(spaces_dir.resolve()).region_of
    return [space_from_data(slug, f"spaces/{slug}.yaml", data, region_of[data["address"]["municipality"]],
                            date.fromisoformat(data["last_verified"]))
            for slug, data in synthetic_spaces(n, spaces_dir, seed)]


def write_synthetic_spaces(target: Path, n: int, spaces_dir: Path, seed: int = 1,
                           spaces: list[tuple[str, dict]] | None = None) -> list[Path]:
    """Write n space files into target/ (a spaces folder: its _vocab and _schema are linked
    from spaces_dir, so the real vocabulary validates them); or the files of `spaces`."""
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("_schema", "_vocab"):
        link = target / folder
        if not link.exists():
            link.symlink_to((spaces_dir / folder).resolve(), target_is_directory=True)
    written = []
    for slug, data in spaces if spaces is not None else synthetic_spaces(n, spaces_dir, seed):
        path = target / f"{slug}.yaml"
        path.write_text(space_yaml(data), encoding="utf-8")
        written.append(path)
    return written
