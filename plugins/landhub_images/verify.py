"""Is this file a photo we can publish? Byte-level checks with Pillow, one message per problem.

The space validator (landhub_spaces/checks.py) and the story image step call `image_problem`,
so a photo is judged the same way wherever it is used. Nothing here knows about YAML or Pelican.
"""
from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that, before decoding a single
# pixel: a small file that claims 100,000 x 100,000 pixels never reaches memory.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

FORMAT_OF_SUFFIX = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
SUFFIX_OF_FORMAT = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
# Many cameras and phones write JPEGs that Pillow reads as MPO (a JPEG with a second picture).
_SAME_AS = {"MPO": "JPEG"}
_SMALLER = "save it smaller (about 2000 pixels wide is plenty)"


def image_problem(path: Path) -> str | None:
    """What is wrong with the photo at `path` (which exists), or None when it can be published."""
    name = path.name
    size = path.stat().st_size
    if size > MAX_BYTES:
        return f"`{name}` is {size / 1024 / 1024:.1f} MB; a photo may be at most 5 MB: {_SMALLER}"
    with path.open("rb") as stream:
        head = stream.read(1024)
    if _looks_like_svg(head):
        return (f"`{name}` is an SVG drawing, not a photo; photos must be JPEG, PNG or WebP "
                "images (an SVG can carry script)")
    expected = FORMAT_OF_SUFFIX.get(path.suffix.lower())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                return _opened_problem(name, image, expected)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"`{name}` is larger than 40 megapixels; {_SMALLER}"
    except UnidentifiedImageError:
        return (f"`{name}` is not a JPEG, PNG or WebP image (its bytes are not a picture Pillow "
                "can read); export the photo again as JPEG")
    except (OSError, SyntaxError, ValueError, EOFError):
        return f"`{name}` is damaged or cut short (its pixels cannot be read); export the photo again"


def _opened_problem(name: str, image: Image.Image, expected: str | None) -> str | None:
    found = _SAME_AS.get(image.format, image.format)
    if found not in SUFFIX_OF_FORMAT:
        return (f"`{name}` is a {found} image; photos must be JPEG, PNG or WebP: "
                "save it as one of those")
    if found != expected:
        right = Path(name).stem + SUFFIX_OF_FORMAT[found]
        return (f"`{name}` is a {found} image, but its name ends in {Path(name).suffix}; "
                f"rename it to {right}")
    width, height = image.size
    if width * height > MAX_PIXELS:
        return f"`{name}` is larger than 40 megapixels; {_SMALLER}"
    if found != "JPEG" and getattr(image, "n_frames", 1) > 1:
        return f"`{name}` is an animation; use a still photo"
    if found == "JPEG":
        # decoding at 1/8 scale still reads every byte, so a cut-off file is found, 3x faster
        image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
    image.load()
    return None


def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<") and b"<svg" in text
