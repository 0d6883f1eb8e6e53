"""The maps plugin: Folium-rendered scripts (stable, no CDN, no space text), Leaflet copied from
node_modules, and a real Pelican build that wires them into the pages."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import folium
import pytest
from folium.plugins import MarkerCluster

from landhub_maps.assets import (MapAssetsMissing, VENDOR_FILES, copy_vendor_files,
                                 page_assets)
from landhub_maps.scripts import KINDS, render_map_script
from landhub_spaces.exports import read_spaces_json

from .helpers import ROOT

NODE_MODULES = ROOT / "node_modules"
TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
CDN_MARKERS = ("cdn", "jquery", "bootstrap", "awesome", "fontawesome", "cloudflare", "unpkg",
               "googleapis", "netdna")
HOSTILE_NAMES = ("<img src=x onerror=alert(1)>", "`${alert(1)}` </script><script>alert(2)</script>")


def _escaped(text: str) -> str:
    """A string as Folium writes it into a script (JSON, with <, >, &, ' escaped)."""
    return (json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("'", "\\u0027"))


# ---- The rendered scripts ----

@pytest.mark.parametrize("kind", KINDS)
def test_rendering_twice_gives_identical_scripts(kind):
    assert render_map_script(kind, TILES, ATTRIBUTION) == render_map_script(kind, TILES, ATTRIBUTION)


@pytest.mark.parametrize("kind", KINDS)
def test_variable_names_are_fixed_not_random(kind):
    script = render_map_script(kind, TILES, ATTRIBUTION)
    names = set(re.findall(r"\bvar (\w+)", script))
    assert names >= {"container", f"map_{kind}", f"tile_layer_{kind}"}
    assert not any(re.search(r"[0-9a-f]{32}", name) for name in names), names


@pytest.mark.parametrize("kind", KINDS)
def test_script_links_no_cdn_and_no_address_but_the_tiles(kind):
    script = render_map_script(kind, TILES, ATTRIBUTION)
    lowered = script.lower()
    assert not [marker for marker in CDN_MARKERS if marker in lowered]
    assert _escaped(TILES) in script
    assert _escaped(ATTRIBUTION) in script
    rest = script.replace(_escaped(TILES), "").replace(_escaped(ATTRIBUTION), "")
    assert "http" not in rest
    assert "<script" not in lowered and "<link" not in lowered


def test_tiles_come_from_the_arguments():
    script = render_map_script("space", "http://127.0.0.1:9/t/{z}/{x}/{y}.png", "Local tiles")
    assert '"http://127.0.0.1:9/t/{z}/{x}/{y}.png"' in script
    assert '"Local tiles"' in script
    assert "openstreetmap" not in script


def test_national_and_region_maps_cluster_and_hand_the_cluster_group_over():
    for kind in ("national", "region"):
        script = render_map_script(kind, TILES, ATTRIBUTION)
        assert f"var marker_cluster_{kind} = L.markerClusterGroup(" in script
        assert f"marker_cluster_{kind}.addTo(map_{kind});" in script
        assert (f'window.LandhubMaps.attach(container, map_{kind}, marker_cluster_{kind}, "{kind}");'
                in script)


def test_space_map_has_one_plain_marker_layer_and_no_cluster():
    script = render_map_script("space", TILES, ATTRIBUTION)
    assert "markerClusterGroup" not in script
    assert "var feature_group_space = L.featureGroup(" in script
    assert 'window.LandhubMaps.attach(container, map_space, feature_group_space, "space");' in script
    assert 'document.getElementById("map-space")' in script
    # No view of its own: maps.js sets it from data-lat/data-lon, so no tiles load for Denmark.
    assert "fitBounds" not in script and "center" not in script


def test_scripts_hold_no_markers_or_popups():
    for kind in KINDS:
        script = render_map_script(kind, TILES, ATTRIBUTION)
        for folium_thing in ("L.marker(", "bindPopup", "bindTooltip", "L.popup", "`"):
            assert folium_thing not in script, (kind, folium_thing)


def test_folium_class_lists_are_left_alone():
    before = [list(folium.Map.default_js), list(folium.Map.default_css),
              list(MarkerCluster.default_js), list(MarkerCluster.default_css)]
    for kind in KINDS:
        render_map_script(kind, TILES, ATTRIBUTION)
    after = (folium.Map.default_js, folium.Map.default_css,
             MarkerCluster.default_js, MarkerCluster.default_css)
    assert before == [list(x) for x in after]
    assert any(name == "jquery" for name, _ in folium.Map.default_js)  # folium's own, untouched


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown map kind 'world'"):
        render_map_script("world", TILES, ATTRIBUTION)


def test_runtime_builds_popups_with_dom_apis_only():
    runtime = (ROOT / "theme" / "static" / "js" / "maps.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "`"):
        assert sink not in runtime, sink
    assert "textContent" in runtime
    assert 'setAttribute("data-ready", "true")' in runtime


# ---- Leaflet from node_modules ----

def test_vendor_files_are_copied_byte_for_byte(tmp_path):
    written = copy_vendor_files(NODE_MODULES, tmp_path)
    assert written == sorted(written)
    relative = {p.relative_to(tmp_path).as_posix() for p in written}
    assert {"vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css",
            "vendor/leaflet/images/marker-icon.png", "vendor/leaflet/images/marker-shadow.png",
            "vendor/leaflet.markercluster/leaflet.markercluster.js",
            "vendor/leaflet.markercluster/MarkerCluster.css",
            "vendor/leaflet.markercluster/MarkerCluster.Default.css"} <= relative
    for package, source, target in VENDOR_FILES:
        origin = NODE_MODULES / package / source
        files = [f for f in origin.rglob("*") if f.is_file()] if origin.is_dir() else [origin]
        for f in files:
            suffix = f.relative_to(origin) if origin.is_dir() else Path()
            assert (tmp_path / "vendor" / target / suffix).read_bytes() == f.read_bytes()


def test_missing_node_modules_stops_with_the_fix(tmp_path):
    with pytest.raises(MapAssetsMissing, match=r"run `make setup` \(npm ci\)"):
        copy_vendor_files(tmp_path / "node_modules", tmp_path / "output")
    assert not (tmp_path / "output").exists()


def test_page_assets_load_leaflet_first_and_the_map_script_last(tmp_path):
    copy_vendor_files(NODE_MODULES, tmp_path)
    assets = page_assets("theme")
    assert set(assets) == set(KINDS)
    for kind, files in assets.items():
        assert files["js"][0] == "vendor/leaflet/leaflet.js"
        assert files["js"][-2:] == ["theme/js/maps.js", f"maps/{kind}.js"]
        assert files["css"][0] == "vendor/leaflet/leaflet.css"
        assert files["css"][-1] == "theme/css/maps.css"
        for path in files["js"] + files["css"]:
            if path.startswith("vendor/"):
                assert (tmp_path / path).is_file(), path
    assert not any("markercluster" in p for p in assets["space"]["js"] + assets["space"]["css"])
    assert "vendor/leaflet.markercluster/leaflet.markercluster.js" in assets["national"]["js"]
    # The maps that read spaces.json load its reader just before maps.js; the others do not.
    for kind in ("national", "region"):
        assert assets[kind]["js"][-3] == "theme/js/spaces-data.js"
    for kind in ("space", "finder"):
        assert "theme/js/spaces-data.js" not in assets[kind]["js"]


# ---- A real build ----

def _spaces_with_hostile_names(folder: Path) -> None:
    """The repository's spaces, plus two whose names try to run script."""
    shutil.copytree(ROOT / "spaces", folder, symlinks=True)
    template = sorted(folder.glob("*.yaml"))[0].read_text(encoding="utf-8")
    name_line = re.search(r"^name: .*$", template, re.M).group(0)
    for slug, name in zip(("img-src-x-onerror-alert-1", "alert-1-script-script-alert-2-script"),
                          HOSTILE_NAMES):
        (folder / f"{slug}.yaml").write_text(
            template.replace(name_line, "name: '" + name.replace("'", "''") + "'"), encoding="utf-8")


def _build(output: Path, spaces: Path, **overrides) -> int:
    from landhub_spaces.build import build_site

    return build_site(str(ROOT / "pelicanconf.py"), str(output),
                      {"LANDHUB_SPACES_PATH": str(spaces), **overrides})


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("maps-build")
    _spaces_with_hostile_names(root / "spaces")
    assert _build(root / "output", root / "spaces") == 0
    return root / "output"


def test_build_writes_the_three_scripts_and_leaflet(built):
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    for kind in KINDS:
        written = (built / "maps" / f"{kind}.js").read_text(encoding="utf-8")
        assert written == render_map_script(kind, settings["MAP_TILES_URL"],
                                            settings["MAP_TILES_ATTRIBUTION"])
    assert (built / "vendor" / "leaflet" / "leaflet.js").read_bytes() == \
        (NODE_MODULES / "leaflet" / "dist" / "leaflet.js").read_bytes()
    assert (built / "theme" / "js" / "maps.js").is_file()
    assert (built / "theme" / "css" / "maps.css").is_file()


def test_built_scripts_hold_no_space_text(built):
    data = read_spaces_json((built / "spaces.json").read_text(encoding="utf-8"))
    texts = {space["name"] for space in data} | {space["town"] for space in data}
    assert set(HOSTILE_NAMES) <= texts
    scripts = "\n".join((built / "maps" / f"{kind}.js").read_text(encoding="utf-8") for kind in KINDS)
    for text in texts:
        for form in (text, _escaped(text)[1:-1]):
            assert form not in scripts, text


def _map_tags(html: str) -> tuple[list[str], list[str], list[str]]:
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    sources = [re.search(r'src="([^"]+)"', attrs).group(1) for attrs, _ in scripts
               if "src=" in attrs]
    inline = [body for attrs, body in scripts if "src=" not in attrs and body.strip()]
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    return sources, inline, links


@pytest.mark.parametrize("page, kind", [
    ("index.html", "national"),
    ("regions/region-nordjylland/index.html", "region"),
    ("spaces/img-src-x-onerror-alert-1/index.html", "space"),
])
def test_pages_load_the_map_from_files_only(built, page, kind):
    html = (built / page).read_text(encoding="utf-8")
    assert f'id="map-{kind}"' in html and f'data-map="{kind}"' in html
    sources, inline, links = _map_tags(html)
    assert not [body for body in inline if "L." in body or "Landhub" in body]
    expected = ["/" + path for path in page_assets("theme")[kind]["js"]]
    assert [source for source in sources if source in expected] == expected  # once each, in order
    for path in sources + links:
        assert (built / path.lstrip("/")).is_file(), path
    assert html.index(f'id="map-{kind}"') < html.index(f'src="/maps/{kind}.js"')


def test_space_page_container_carries_its_point_escaped(built):
    html = (built / "spaces/img-src-x-onerror-alert-1/index.html").read_text(encoding="utf-8")
    container = re.search(r'<div class="map map-space"[^>]*>', html).group(0)
    assert 'data-name="&lt;img src=x onerror=alert(1)&gt;"' in container
    assert re.search(r'data-lat="5\d\.\d+" data-lon="\d+\.\d+"', container)
    assert 'data-url="/spaces/img-src-x-onerror-alert-1/"' in container


def test_region_page_container_names_its_region(built):
    html = (built / "regions/region-nordjylland/index.html").read_text(encoding="utf-8")
    assert 'data-region="region-nordjylland"' in html
    assert 'data-spaces="/spaces.json"' in html


def test_second_build_gives_identical_map_files(built, tmp_path):
    _spaces_with_hostile_names(tmp_path / "spaces")
    assert _build(tmp_path / "output", tmp_path / "spaces") == 0
    for folder in ("maps", "vendor"):
        first = sorted(p.relative_to(built) for p in (built / folder).rglob("*") if p.is_file())
        second = sorted(p.relative_to(tmp_path / "output")
                        for p in (tmp_path / "output" / folder).rglob("*") if p.is_file())
        assert first == second
        for path in first:
            assert (built / path).read_bytes() == (tmp_path / "output" / path).read_bytes(), path


def test_build_without_node_modules_stops_with_the_fix(tmp_path, capsys):
    _spaces_with_hostile_names(tmp_path / "spaces")
    code = _build(tmp_path / "output", tmp_path / "spaces",
                  LANDHUB_NODE_MODULES_PATH=str(tmp_path / "no-node-modules"))
    err = capsys.readouterr().err
    assert code == 1
    assert "run `make setup` (npm ci)" in err and "Traceback" not in err
    assert not (tmp_path / "output" / "index.html").exists()
