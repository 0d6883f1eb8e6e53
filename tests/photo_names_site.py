"""A throw-away site whose one space has photos named as strangers name them: a space, æøå and
a comma, an ampersand, a percent sign and a hash (shared by the build and the browser tests)."""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

from PIL import Image

from site_helpers import SyntheticSite, good_space_text, yaml_quote

SLUG = "cowork-klitmoeller"
NAMES = ("Mit kontor.jpg", "kontor-ø, vest.png", "a&b.webp", "100% #1.JPEG")
_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}


def photo_bytes(name: str, index: int) -> bytes:
    image = Image.new("RGB", (640, 480), (40 + 50 * index, 90, 160))
    buffer = BytesIO()
    image.save(buffer, _FORMATS[Path(name).suffix.lower()])
    return buffer.getvalue()


def write_photo_names_site(root: Path) -> SyntheticSite:
    site = SyntheticSite(root)
    photos = "photos:\n" + "".join(f"  - file: {yaml_quote(name)}\n    alt: Foto {i}\n"
                                   for i, name in enumerate(NAMES))
    site.write_space(f"{SLUG}.yaml", good_space_text("Cowork Klitmøller", photos=photos.rstrip("\n")))
    folder = site.content / "images" / "spaces" / SLUG
    folder.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(NAMES):
        (folder / name).write_bytes(photo_bytes(name, index))
    return site
