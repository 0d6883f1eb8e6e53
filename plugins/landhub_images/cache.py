"""Encoded photos kept by content hash, so a warm build copies files instead of encoding them.

One folder per (photo bytes, RECIPE): the encoded files and a rendition.json written last, so
a folder that has rendition.json is complete. A changed photo or recipe gets a new key; old
folders are never read again (delete .cache/ to reclaim the space).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .encode import RECIPE, clean_pixels, encode_all

_META = "rendition.json"


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    kind: str  # "webp", "jpg" or "png"

    @property
    def file_name(self) -> str:
        return f"{self.width}.{self.kind}"


@dataclass(frozen=True)
class Rendition:
    key: str  # sha256 of the recipe and the photo's bytes
    folder: Path
    variants: tuple[Variant, ...]  # by width, WebP before the fallback

    @property
    def fallback_kind(self) -> str:
        return next(v.kind for v in self.variants if v.kind != "webp")

    @property
    def largest(self) -> Variant:
        return self.variants[-1]


def content_key(data: bytes) -> str:
    return hashlib.sha256(RECIPE.encode("utf-8") + b"\0" + data).hexdigest()


def rendition(source: Path, cache_root: Path,
              check: Callable[[Path], str | None] | None = None) -> Rendition | str:
    """The encoded variants of `source`, from the cache or made now.

    `check` runs only when the photo is not in the cache yet (a cached key has passed it);
    its message, if any, is returned instead of a rendition.
    """
    data = source.read_bytes()
    key = content_key(data)
    folder = cache_root / key[:2] / key
    found = _read(folder, key)
    if found is not None:
        return found
    problem = check(source) if check else None
    if problem:
        return problem
    encoded = encode_all(clean_pixels(data))
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the final folder, then renamed into place: a build stopped half-way (or
    # a second build at the same time) never leaves a folder that looks complete but is not.
    staging = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=folder.parent))
    variants = []
    for item in encoded:
        variant = Variant(item.width, item.height, item.kind)
        (staging / variant.file_name).write_bytes(item.data)
        variants.append(variant)
    meta = {"key": key, "variants": [[v.width, v.height, v.kind] for v in variants]}
    (staging / _META).write_text(json.dumps(meta), encoding="utf-8")
    if folder.exists():  # incomplete or damaged: make it again
        shutil.rmtree(folder, ignore_errors=True)
    try:
        os.replace(staging, folder)
    except OSError:  # another build put it there first: theirs is the same
        shutil.rmtree(staging, ignore_errors=True)
    return Rendition(key, folder, tuple(variants))


def _read(folder: Path, key: str) -> Rendition | None:
    try:
        meta = json.loads((folder / _META).read_text(encoding="utf-8"))
        variants = tuple(Variant(int(w), int(h), str(k)) for w, h, k in meta["variants"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if meta.get("key") != key or not variants:
        return None
    if not all((folder / v.file_name).is_file() for v in variants):
        return None
    return Rendition(key, folder, variants)
