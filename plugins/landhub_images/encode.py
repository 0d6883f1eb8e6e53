"""From a photo's bytes to clean pixels, then to a few widths as WebP plus a JPEG or PNG fallback.

Nothing of the original file survives but its pixels: the EXIF orientation is applied, colours
are converted to sRGB, and the pixels are copied into a new image, so no EXIF, GPS position,
XMP, comment or colour profile can reach the site. Fixed encoder settings: the same photo gives
the same bytes on every build.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from io import BytesIO

import PIL
from PIL import Image  # (docutils imports it anyway)

WIDTHS = (480, 960, 1440)  # never upscaled: a narrower photo stops at its own width
WEBP_OPTIONS = {"quality": 80, "method": 4}
JPEG_OPTIONS = {"quality": 82, "optimize": True, "progressive": True}
PNG_OPTIONS = {"optimize": True}
# Everything that changes the output bytes; part of the cache key.
RECIPE = (f"landhub-images 1; Pillow {PIL.__version__}; widths {WIDTHS}; webp {WEBP_OPTIONS}; "
          f"jpeg {JPEG_OPTIONS}; png {PNG_OPTIONS}")

_ENCODERS = {"webp": ("WEBP", WEBP_OPTIONS), "jpg": ("JPEG", JPEG_OPTIONS), "png": ("PNG", PNG_OPTIONS)}
_HIGH_BIT_DEPTH = {"I", "I;16", "I;16B", "I;16L", "I;16N", "F"}


@dataclass(frozen=True)
class Encoded:
    width: int
    height: int
    kind: str  # "webp", "jpg" or "png": the file name's ending
    data: bytes


def clean_pixels(data: bytes) -> Image.Image:
    """The photo upright, in sRGB, as a new RGB or RGBA image that carries no metadata at all."""
    from PIL import ImageOps  # here: only a build with a photo to encode needs it (a few ms)

    with Image.open(BytesIO(data)) as opened:
        opened.load()
        icc = opened.info.get("icc_profile")
        image = ImageOps.exif_transpose(opened)
    image = _to_srgb(_eight_bit(image), icc)
    mode = "RGBA" if has_alpha(image) else "RGB"
    pixels = image.convert(mode)
    return Image.frombytes(mode, pixels.size, pixels.tobytes())


def widths_for(width: int) -> list[int]:
    """480, 960 and 1440 below the photo's own width, and the photo's width up to 1440."""
    return sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])})


def encode_all(image: Image.Image) -> list[Encoded]:
    """Every width as WebP and as the fallback (PNG where the photo has transparency, else JPEG)."""
    fallback = "png" if image.mode == "RGBA" else "jpg"
    out = []
    for width in widths_for(image.width):
        height = max(1, round(image.height * width / image.width))
        sized = image if width == image.width else image.resize(
            (width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for kind in ("webp", fallback):
            out.append(Encoded(width, height, kind, _save(sized, kind)))
    return out


def has_alpha(image: Image.Image) -> bool:
    """True only when some pixel is see-through: an opaque RGBA photo is served as a JPEG."""
    if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
        return False
    return image.convert("RGBA").getchannel("A").getextrema()[0] < 255


def _save(image: Image.Image, kind: str) -> bytes:
    buffer = BytesIO()
    image_format, options = _ENCODERS[kind]
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


@cache
def _srgb():
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _eight_bit(image: Image.Image) -> Image.Image:
    """16-bit greyscale scaled down to 8 bits; a plain conversion would clip it to white."""
    if image.mode in _HIGH_BIT_DEPTH:
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    return image


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Apply an embedded colour profile (Adobe RGB, Display P3, CMYK) so colours stay right
    once the profile is dropped. A broken profile is ignored: the pixels are used as they are."""
    from PIL import ImageCms  # here: only a build with a photo to encode needs it (a few ms)

    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            return ImageCms.profileToProfile(
                image, ImageCms.ImageCmsProfile(BytesIO(icc)), _srgb(),
                outputMode="RGBA" if image.mode == "RGBA" else "RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    if image.mode == "CMYK":
        return image.convert("RGB")
    if image.mode == "P":
        return image.convert("RGBA" if "transparency" in image.info else "RGB")
    return image
