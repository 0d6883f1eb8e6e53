"""The map scripts a cold cache lacks are rendered in a forked child while the build goes on
(script_cache.fill_cache_in_background): the cache then holds exactly what Folium renders, so
the build reads them without rendering; nothing is started when there is nothing to do."""
from __future__ import annotations

import os

import pytest

from landhub_maps.script_cache import FOLDER, KINDS, fill_cache_in_background, map_scripts
from landhub_maps.scripts import render_map_script

TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
CREDIT = "&copy; OpenStreetMap"

needs_two_cores = pytest.mark.usefixtures("two_cores")  # on one core too (conftest)


@needs_two_cores
def test_child_fills_the_cache_with_the_rendered_scripts(tmp_path, monkeypatch):
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    filling = fill_cache_in_background(tmp_path, TILES, CREDIT)
    assert filling is not None and filling.pid is not None and filling.pid != os.getpid()
    assert filling.reap() == 0
    assert len(list((tmp_path / FOLDER).glob("*.js"))) == len(KINDS)
    scripts, rendered = map_scripts(tmp_path, TILES, CREDIT)
    assert rendered == 0
    assert scripts == {kind: render_map_script(kind, TILES, CREDIT) for kind in KINDS}


@needs_two_cores
def test_one_missing_script_starts_a_child(tmp_path, monkeypatch):
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    map_scripts(tmp_path, TILES, CREDIT)
    sorted((tmp_path / FOLDER).glob("*.js"))[0].unlink()
    filling = fill_cache_in_background(tmp_path, TILES, CREDIT)
    assert filling is not None and filling.reap() == 0
    assert map_scripts(tmp_path, TILES, CREDIT)[1] == 0


def test_nothing_started_when_every_script_is_cached(tmp_path, monkeypatch):
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    map_scripts(tmp_path, TILES, CREDIT)
    assert fill_cache_in_background(tmp_path, TILES, CREDIT) is None


def test_nothing_started_without_a_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LANDHUB_NO_CACHE", "1")
    assert fill_cache_in_background(tmp_path, TILES, CREDIT) is None
    assert fill_cache_in_background(None, TILES, CREDIT) is None
    assert not (tmp_path / FOLDER).exists()
