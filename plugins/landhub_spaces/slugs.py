"""The slug rule of SPACE_FORMAT.md: Danish letters written out, then ASCII words joined by '-'."""
from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def slugify(name: str) -> str:
    """`Cowork Klitmøller` -> `cowork-klitmoeller`; other accents are dropped (é -> e)."""
    # NFC first: a decomposed å (a + U+030A) must be written out as "aa" like a composed one
    ascii_text = unidecode(unicodedata.normalize("NFC", name).translate(_DANISH)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def fold(text: str) -> str:
    """A comparison key that ignores case and accents and treats å/aa, ø/oe, æ/ae alike."""
    return slugify(text).replace("-", " ")
