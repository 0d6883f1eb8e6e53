"""Shared by the build and browser tests: build a site, read what it wrote, know what to expect.

What a test expects is read from the source files directly (YAML read as plain strings), not
through the plugin under test, so a bug in the plugin cannot also hide in the expectation.
"""
from __future__ import annotations

import locale
import re
import shutil
import struct
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
SETTINGS_FILE = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS_FILE = ROOT / "publishconf.py"
SPACES = ROOT / "spaces"


def build(output: Path, overrides: dict | None = None, settings_file: Path = SETTINGS_FILE) -> int:
    """The real build, exactly as `invoke build` runs it, into `output`."""
    from landhub_spaces.build import build_site

    with kept_locale():
        return build_site(str(settings_file), str(output), overrides)


@contextmanager
def kept_locale():
    """Pelican sets the process's locale from LOCALE ("C": ASCII); put it back afterwards, or
    every later test that decodes a subprocess's output as text would read it as ASCII."""
    saved = locale.setlocale(locale.LC_ALL)
    try:
        yield
    finally:
        locale.setlocale(locale.LC_ALL, saved)


def settings(overrides: dict | None = None, settings_file: Path = SETTINGS_FILE) -> dict:
    from pelican.settings import read_settings

    return read_settings(str(settings_file), override=dict(overrides or {}))


# --- expectations from the source files -------------------------------------------------------

def slugify(name: str) -> str:
    """SPACE_FORMAT.md's rule, written again here on purpose (æ -> ae, ø -> oe, å -> aa)."""
    text = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@dataclass(frozen=True)
class ExpectedSpace:
    slug: str
    name: str
    status: str
    street: str | None
    postcode: str
    town: str
    municipality: str
    region: str
    lat: str  # as written in the file
    lon: str


def region_of_municipality(spaces_dir: Path = SPACES) -> dict[str, str]:
    doc = yaml.safe_load((spaces_dir / "_vocab" / "municipalities.yaml").read_text(encoding="utf-8"))
    return {m: region["name"] for region in doc["regions"] for m in region["municipalities"]}


def expected_spaces(spaces_dir: Path = SPACES) -> list[ExpectedSpace]:
    """Every space file in the folder, read with every scalar as the string written."""
    regions = region_of_municipality(spaces_dir)
    out = []
    for path in sorted(spaces_dir.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        address = data["address"]
        out.append(ExpectedSpace(
            slug=path.stem, name=data["name"], status=data["status"], street=address.get("street"),
            postcode=address["postcode"], town=address["town"],
            municipality=address["municipality"], region=regions[address["municipality"]],
            lat=data["location"]["lat"], lon=data["location"]["lon"]))
    return out


# --- reading the output -------------------------------------------------------------------------

def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_bytes(), "lxml")


def page(output: Path, url_path: str) -> BeautifulSoup:
    """The page a visitor gets at `url_path` ("spaces/x/" -> spaces/x/index.html)."""
    return soup_of(file_for_url(output, url_path))


def file_for_url(output: Path, url_path: str) -> Path:
    relative = url_path.split("#")[0].split("?")[0].lstrip("/")
    target = output / relative
    return target / "index.html" if relative == "" or relative.endswith("/") else target


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


def png_bytes(width: int = 1, height: int = 1, rgb: tuple = (200, 220, 200)) -> bytes:
    """A valid PNG of one colour, written with the standard library alone."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


# --- throw-away sites ---------------------------------------------------------------------------

class SyntheticSite:
    """A project in tmp: its own content/ and spaces/ (the real schema and vocabularies copied),
    built with the real pelicanconf.py and theme."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.spaces = root / "spaces"
        self.output = root / "output"
        for folder in ("stories", "pages", "images"):
            (self.content / folder).mkdir(parents=True, exist_ok=True)
        self.spaces.mkdir(parents=True, exist_ok=True)
        for folder in ("_schema", "_vocab"):
            shutil.copytree(SPACES / folder, self.spaces / folder)

    def write_space(self, name: str, text: str) -> Path:
        path = self.spaces / name
        path.write_text(text, encoding="utf-8")
        return path

    def write_story(self, name: str, text: str) -> Path:
        path = self.content / "stories" / name
        path.write_text(text, encoding="utf-8")
        return path

    def overrides(self) -> dict:
        # node_modules stays the project's: the maps copy Leaflet from it (installed by npm ci).
        return {"PATH": str(self.content), "LANDHUB_SPACES_PATH": str(self.spaces),
                "LANDHUB_NODE_MODULES_PATH": str(ROOT / "node_modules")}

    def build(self) -> int:
        return build(self.output, self.overrides())


def good_space_text(name: str, **replace: str) -> str:
    """A valid space file in Thisted; `replace` swaps whole top-level lines by key."""
    lines = {
        "name": f"name: {yaml_quote(name)}",
        "status": "status: open",
        "address": 'address:\n  street: Ørhagevej 84\n  postcode: "7700"\n  town: Klitmøller\n'
                   "  municipality: Thisted",
        "location": "location:\n  lat: 57.0412\n  lon: 8.4873",
        "description": "description:\n  da: Et kontorfællesskab ved havet.",
        "website": "website: https://example.org/",
        "opening_hours": "opening_hours: Mo-Fr 08:00-17:00",
        "last_verified": "last_verified: 2026-01-15",
    }
    lines.update(replace)
    return "\n".join(lines.values()) + "\n"


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar holding exactly `text`."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
