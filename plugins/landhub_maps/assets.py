"""Leaflet and Leaflet.markercluster: copied from node_modules (npm) into the site, never a CDN;
and the list of files a page with a map loads, in order."""
from __future__ import annotations

import shutil
from pathlib import Path

from landhub_spaces.problems import BuildStopped

# (package folder in node_modules, file or folder under it, where it goes under VENDOR_DIR)
VENDOR_DIR = "vendor"
VENDOR_FILES = (
    ("leaflet", "dist/leaflet.js", "leaflet/leaflet.js"),
    ("leaflet", "dist/leaflet.css", "leaflet/leaflet.css"),
    # leaflet.css finds the marker icons at images/ next to itself.
    ("leaflet", "dist/images", "leaflet/images"),
    ("leaflet.markercluster", "dist/leaflet.markercluster.js",
     "leaflet.markercluster/leaflet.markercluster.js"),
    ("leaflet.markercluster", "dist/MarkerCluster.css", "leaflet.markercluster/MarkerCluster.css"),
    ("leaflet.markercluster", "dist/MarkerCluster.Default.css",
     "leaflet.markercluster/MarkerCluster.Default.css"),
)

MAP_SCRIPT_SAVE_AS = "maps/{kind}.js"


class MapAssetsMissing(BuildStopped):
    """node_modules lacks a file the maps need: the build stops before writing anything."""


def missing_vendor_files(node_modules: Path) -> list[Path]:
    return [node_modules / package / source for package, source, _ in VENDOR_FILES
            if not (node_modules / package / source).exists()]


def check_vendor_files(node_modules: Path) -> None:
    missing = missing_vendor_files(node_modules)
    if missing:
        listed = ", ".join(str(path) for path in missing)
        raise MapAssetsMissing(f"maps: Leaflet is not installed ({listed} missing); "
                               "run `make setup` (npm ci)")


def copy_vendor_files(node_modules: Path, output: Path) -> list[Path]:
    """Copy Leaflet's files into output/vendor/; returns the files written, sorted."""
    check_vendor_files(node_modules)
    written = []
    for package, source, target in VENDOR_FILES:
        origin = node_modules / package / source
        destination = output / VENDOR_DIR / target
        pairs = ([(f, destination / f.relative_to(origin)) for f in sorted(origin.rglob("*"))
                  if f.is_file()] if origin.is_dir() else [(origin, destination)])
        for from_path, to_path in pairs:
            to_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(from_path, to_path)
            written.append(to_path)
    return sorted(written)


def page_assets(theme_static_dir: str) -> dict[str, dict[str, list[str]]]:
    """Per map kind, the stylesheets and scripts (site-relative, in load order) a page needs.

    The map's own script comes last: it calls window.LandhubMaps from theme/js/maps.js.
    """
    leaflet = [f"{VENDOR_DIR}/leaflet/leaflet.css"]
    cluster = [f"{VENDOR_DIR}/leaflet.markercluster/MarkerCluster.css",
               f"{VENDOR_DIR}/leaflet.markercluster/MarkerCluster.Default.css"]
    own_css = [f"{theme_static_dir}/css/maps.css"]
    leaflet_js = [f"{VENDOR_DIR}/leaflet/leaflet.js"]
    cluster_js = [f"{VENDOR_DIR}/leaflet.markercluster/leaflet.markercluster.js"]
    own_js = [f"{theme_static_dir}/js/maps.js"]
    data_js = [f"{theme_static_dir}/js/spaces-data.js"]  # reads spaces.json for maps.js
    assets = {}
    for kind, clustered in (("national", True), ("region", True), ("space", False),
                            ("finder", False)):
        reads_spaces_json = kind in ("national", "region")
        assets[kind] = {
            "css": leaflet + (cluster if clustered else []) + own_css,
            "js": leaflet_js + (cluster_js if clustered else [])
            + (data_js if reads_spaces_json else []) + own_js
            + [MAP_SCRIPT_SAVE_AS.format(kind=kind)],
        }
    return assets
