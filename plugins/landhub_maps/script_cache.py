"""Map scripts kept between builds in <project>/.cache/landhub-maps/, so Folium (and numpy,
which it imports: most of a warm build's start-up) is loaded only when a script must be made.

A script is filed under a digest of all it is made from: its kind, the tiles URL and
attribution, scripts.py itself and the versions of Folium, branca, xyzservices and Jinja.
LANDHUB_NO_CACHE=1 renders them every time.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from landhub_spaces.code_digest import library_versions
from landhub_spaces.render_pool import AHEAD_NICE, Background, cores
from landhub_spaces.validation_cache import enabled

KINDS = ("national", "region", "space", "finder")
FOLDER = "landhub-maps"
_SCRIPTS = Path(__file__).resolve().parent / "scripts.py"
_LIBRARIES = ("folium", "branca", "xyzservices", "jinja2")


def script_key(kind: str, tiles_url: str, tiles_attribution: str) -> str:
    h = hashlib.sha256(f"map script 1\0{kind}\0{tiles_url}\0{tiles_attribution}\0".encode())
    h.update(f"{library_versions(_LIBRARIES)}\0".encode())
    h.update(_SCRIPTS.read_bytes())
    return h.hexdigest()


def _folder(cache_root: Path | None) -> Path | None:
    return cache_root / FOLDER if cache_root is not None and enabled() else None


def fill_cache_in_background(cache_root: Path | None, tiles_url: str,
                             tiles_attribution: str) -> Background | None:
    """Render the scripts the cache lacks in a forked child, into the cache, while the build
    goes on; map_scripts then reads them (reap() first). Folium's import and the four renders
    (0.3 to 0.6 s) ran on one core at the end of a first build; started before the pages are
    written, they take the core that is idle then. The child writes nothing but finished cache
    entries (each a whole file, renamed into place), so a build that stops first leaves
    nothing wrong. None (nothing started) when every script is cached, there is no cache or
    one core: map_scripts renders as before."""
    folder = _folder(cache_root)
    if folder is None or cores() < 2:
        return None
    if all((folder / f"{script_key(kind, tiles_url, tiles_attribution)}.js").is_file() for kind in KINDS):
        return None
    return Background(lambda: map_scripts(cache_root, tiles_url, tiles_attribution), nice=AHEAD_NICE)


def map_scripts(cache_root: Path | None, tiles_url: str, tiles_attribution: str) -> tuple[dict[str, str], int]:
    """{kind: script} for every kind, and how many were rendered (not from the cache)."""
    folder = _folder(cache_root)
    scripts, rendered = {}, 0
    for kind in KINDS:
        entry = folder / f"{script_key(kind, tiles_url, tiles_attribution)}.js" if folder else None
        if entry is not None and entry.is_file():
            scripts[kind] = entry.read_text(encoding="utf-8")
            continue
        from .scripts import render_map_script  # imports Folium: only when something changed

        scripts[kind] = render_map_script(kind, tiles_url, tiles_attribution)
        rendered += 1
        if entry is not None:
            _store(entry, scripts[kind])
    return scripts, rendered


def _store(entry: Path, text: str) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=entry.parent,
                                         delete=False, suffix=".tmp") as stream:
            stream.write(text)
        os.replace(stream.name, entry)
    except OSError:
        pass  # a read-only checkout builds as before, only without the speed-up
