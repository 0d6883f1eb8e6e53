"""The Pelican generator: Leaflet into output/vendor/, the map scripts into output/maps/."""
from __future__ import annotations

import logging
import time
from pathlib import Path

from .assets import MAP_SCRIPT_SAVE_AS, check_vendor_files, copy_vendor_files, page_assets
from .script_cache import fill_cache_in_background, map_scripts

logger = logging.getLogger(__name__)

DEFAULTS = {
    "LANDHUB_NODE_MODULES_PATH": "node_modules",  # relative to the folder above PATH
    "MAP_TILES_URL": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "MAP_TILES_ATTRIBUTION": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
}


def _setting(settings: dict, key: str):
    return settings.get(key, DEFAULTS[key])


def node_modules_path(settings: dict) -> Path:
    configured = Path(_setting(settings, "LANDHUB_NODE_MODULES_PATH"))
    if configured.is_absolute():
        return configured
    return Path(settings["PATH"]).resolve().parent / configured


# The child filling the script cache for the last build, if that build stopped before it was
# waited for: reaped by the next build of a long-lived process (no zombie is left behind).
_unreaped: list = []


class MapsGenerator:
    """Not a pelican Generator subclass: it reads no content and renders no template."""

    def __init__(self, context, settings, path, theme, output_path, **kwargs):
        while _unreaped:
            _unreaped.pop().reap()
        self.filling = None
        self.context = context
        self.settings = settings
        self.output_path = output_path
        # _map.html reads MAP_ASSETS[map_kind]: the <link> and <script src> paths, in order.
        context["MAP_ASSETS"] = page_assets(settings.get("THEME_STATIC_DIR", "theme"))

    def generate_context(self):
        # Before Pelican empties output/: a machine without node_modules keeps its last site.
        check_vendor_files(node_modules_path(self.settings))
        # Runs after the spaces are validated, when the build has one core's work (the space
        # pages' set-up) before the pages are rendered on every core: a script the cache lacks
        # is rendered meanwhile in another process (script_cache.fill_cache_in_background).
        self.filling = fill_cache_in_background(self._cache_root(), _setting(self.settings, "MAP_TILES_URL"),
                                                _setting(self.settings, "MAP_TILES_ATTRIBUTION"))
        if self.filling is not None:
            _unreaped.append(self.filling)

    def _cache_root(self) -> Path:
        return Path(self.settings["PATH"]).resolve().parent / ".cache"

    def generate_output(self, writer):
        output = Path(self.output_path)
        copy_vendor_files(node_modules_path(self.settings), output)
        started = time.perf_counter()
        if self.filling is not None:
            # Whatever the child did not store (it failed, the cache is read-only) is rendered here.
            _unreaped.remove(self.filling)
            self.filling.reap()
            self.filling = None
        scripts, rendered = map_scripts(self._cache_root(), _setting(self.settings, "MAP_TILES_URL"),
                                        _setting(self.settings, "MAP_TILES_ATTRIBUTION"))
        elapsed = (time.perf_counter() - started) * 1000
        for kind, text in scripts.items():
            target = output / MAP_SCRIPT_SAVE_AS.format(kind=kind)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="")
        logger.info("maps: %d map scripts (%d rendered with Folium) in %.1f ms", len(scripts),
                    rendered, elapsed)
