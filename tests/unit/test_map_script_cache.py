"""Map scripts from the cache: the same text Folium renders, a new one when an input changes,
and Folium not even imported by a build whose scripts are all cached."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from landhub_maps.script_cache import FOLDER, KINDS, map_scripts
from landhub_maps.scripts import render_map_script

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"
TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
CREDIT = "&copy; OpenStreetMap"


def test_cached_scripts_are_the_rendered_ones(tmp_path, monkeypatch):
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    first, rendered = map_scripts(tmp_path, TILES, CREDIT)
    assert rendered == len(KINDS)
    again, rendered = map_scripts(tmp_path, TILES, CREDIT)
    assert rendered == 0
    assert again == first == {kind: render_map_script(kind, TILES, CREDIT) for kind in KINDS}
    assert len(list((tmp_path / FOLDER).glob("*.js"))) == len(KINDS)


def test_changed_tiles_make_new_scripts(tmp_path, monkeypatch):
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    map_scripts(tmp_path, TILES, CREDIT)
    other = "https://tiles.example.org/{z}/{x}/{y}.png"
    scripts, rendered = map_scripts(tmp_path, other, CREDIT)
    assert rendered == len(KINDS)
    assert all(other in text for text in scripts.values())
    _, rendered = map_scripts(tmp_path, TILES, "&copy; someone else")
    assert rendered == len(KINDS)


def test_no_cache_setting_renders_every_time(tmp_path, monkeypatch):
    monkeypatch.setenv("LANDHUB_NO_CACHE", "1")
    assert map_scripts(tmp_path, TILES, CREDIT)[1] == len(KINDS)
    assert map_scripts(tmp_path, TILES, CREDIT)[1] == len(KINDS)
    assert not (tmp_path / FOLDER).exists()


def test_folium_is_not_imported_when_every_script_is_cached(tmp_path, monkeypatch):
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    map_scripts(tmp_path, TILES, CREDIT)
    code = ("import sys, landhub_maps.plugin\n"
            "from landhub_maps.script_cache import map_scripts\n"
            "from pathlib import Path\n"
            f"scripts, rendered = map_scripts(Path({str(tmp_path)!r}), {TILES!r}, {CREDIT!r})\n"
            "print(rendered, 'folium' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONPATH": str(PLUGINS)})
    assert done.stdout.split() == ["0", "False"], done.stderr
