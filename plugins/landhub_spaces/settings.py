"""Landhub's settings with their defaults, merged under the user's (never into them)."""
from __future__ import annotations

from pathlib import Path

DEFAULTS = {
    "LANDHUB_SPACES_PATH": "spaces",  # relative to the folder above PATH (the project root)
    "LANDHUB_REPO_URL": "https://github.com/landhub-dk/landhub",
    "LANDHUB_REPO_BRANCH": "main",
    "LANDHUB_DATA_LICENCE": "CC BY 4.0",
    "LANDHUB_DATA_LICENCE_URL": "https://creativecommons.org/licenses/by/4.0/deed.da",
    "SPACE_URL": "spaces/{slug}/",
    "SPACE_SAVE_AS": "spaces/{slug}/index.html",
    "DIRECTORY_URL": "spaces/",
    "DIRECTORY_SAVE_AS": "spaces/index.html",
    # No list page holds more spaces than this (place_pages.py). The A–Å list's pages 2, 3, ...
    # live outside spaces/, where every valid slug ("page", "2", "a-z") is a space's address.
    "DIRECTORY_PAGE_SIZE": 100,
    "DIRECTORY_PAGE_URL": "a-z/{number}/",
    "DIRECTORY_PAGE_SAVE_AS": "a-z/{number}/index.html",
    "REGION_URL": "regions/{slug}/",
    "REGION_SAVE_AS": "regions/{slug}/index.html",
    "MUNICIPALITY_URL": "municipalities/{slug}/",
    "MUNICIPALITY_SAVE_AS": "municipalities/{slug}/index.html",
    "MUNICIPALITY_PAGE_URL": "municipalities/{slug}/{number}/",
    "MUNICIPALITY_PAGE_SAVE_AS": "municipalities/{slug}/{number}/index.html",
    "SPACES_JSON_SAVE_AS": "spaces.json",
    "SPACES_GEOJSON_SAVE_AS": "spaces.geojson",
    "SPACES_CSV_SAVE_AS": "spaces.csv",
}


def landhub_setting(settings: dict, key: str):
    return settings.get(key, DEFAULTS[key])


def spaces_path(settings: dict) -> Path:
    configured = Path(landhub_setting(settings, "LANDHUB_SPACES_PATH"))
    if configured.is_absolute():
        return configured
    return Path(settings["PATH"]).resolve().parent / configured


def images_path(settings: dict) -> Path:
    return Path(settings["PATH"]).resolve() / "images" / "spaces"
