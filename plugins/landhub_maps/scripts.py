"""The map scripts (national, region, space, finder), rendered by Folium once per build.

A script builds the Leaflet map, its tile layer and the layer that will hold the markers, then
hands them to window.LandhubMaps.attach() (theme/static/js/maps.js), which adds the markers
from /spaces.json or from the container's data attributes; the finder's map gets the
finder's results from theme/static/js/finder.js. Nothing from a space file is ever
an input here: the scripts are the same for 6 spaces or 10,000, and hold no space text.
"""
from __future__ import annotations

import json

import folium
import xyzservices
from folium.plugins import MarkerCluster
from folium.template import Template

from .script_cache import KINDS  # noqa: E402,F401 - listed there, where no Folium is imported

# Denmark, Bornholm and Ertholmene included: [[south, west], [north, east]].
DENMARK_BOUNDS = [[54.55, 8.05], [57.76, 15.2]]


class _StableIdMixin:
    """Folium names each JS variable after Element._id, which is random (branca's
    Element._generate_id); ours are fixed, so the same build gives byte-identical scripts."""

    def __init__(self, *args, stable_id: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._id = stable_id


class _NoCdn:
    """Folium lists CDN links (jQuery, Bootstrap, ...) on the class; ours link nothing. Set
    on our subclasses only: folium's own lists are shared by every map in the process."""

    default_js: list = []
    default_css: list = []


class SiteMap(_NoCdn, _StableIdMixin, folium.Map):
    """A Leaflet map in the page's own container (the JS variable `container`), with no
    header, no <div> and no CDN links: only the script part of folium.Map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map(container, {{ this.options|tojavascript }});
        {% endmacro %}
        """
    )

    def __init__(self, *, stable_id: str, **options):
        # No location: Leaflet waits for a view (fitBounds here, or setView in maps.js)
        # before it loads any tile, so a space page never fetches tiles for all of Denmark.
        super().__init__(stable_id=stable_id, tiles=None)
        self.options = options


class SiteTileLayer(_StableIdMixin, folium.TileLayer):
    """Tiles from the settings. Given as an xyzservices provider, because Folium would first
    look a plain URL up among all of xyzservices' providers: most of the render time."""

    def __init__(self, url: str, attribution: str, *, stable_id: str):
        provider = xyzservices.TileProvider(name="landhub", url=url, attribution=attribution,
                                            html_attribution=attribution)
        super().__init__(tiles=provider, stable_id=stable_id, control=False)


class SiteMarkerCluster(_NoCdn, _StableIdMixin, MarkerCluster):
    pass


class SiteFeatureGroup(_StableIdMixin, folium.FeatureGroup):
    pass


def _build(kind: str, tiles_url: str, tiles_attribution: str) -> tuple[SiteMap, folium.map.Layer]:
    site_map = SiteMap(stable_id=kind, zoom_control=True, scroll_wheel_zoom=False)
    SiteTileLayer(tiles_url, tiles_attribution, stable_id=kind).add_to(site_map)
    if kind in ("space", "finder"):
        # One marker, or the finder's one page of results (20 at a time): nothing to cluster.
        markers = SiteFeatureGroup(stable_id=kind, control=False).add_to(site_map)
        if kind == "finder":
            site_map.fit_bounds(DENMARK_BOUNDS)  # until the first results arrive
    else:
        markers = SiteMarkerCluster(stable_id=kind, control=False,
                                    show_coverage_on_hover=False).add_to(site_map)
        # The region map narrows this to the region's spaces once they are loaded.
        site_map.fit_bounds(DENMARK_BOUNDS)
    return site_map, markers


def _tidy(script: str) -> str:
    """Folium's templates indent at random and leave blank lines: one even indent instead.
    (Safe: JSON strings never span lines, so no string's content changes.)"""
    return "\n".join("  " + line.strip() for line in script.splitlines() if line.strip())


def render_map_script(kind: str, tiles_url: str, tiles_attribution: str) -> str:
    """The whole JS file for one kind of map."""
    if kind not in KINDS:
        raise ValueError(f"maps: unknown map kind {kind!r}; expected one of {', '.join(KINDS)}")
    site_map, markers = _build(kind, tiles_url, tiles_attribution)
    figure = site_map.get_root()
    figure.render()  # fills figure.script; the figure's header (CDN links) is never used
    body = _tidy(figure.script.render())
    return (
        f"/* Landhub {kind} map: rendered by Folium (plugins/landhub_maps/scripts.py). */\n"
        "(function () {\n"
        '  "use strict";\n'
        f"  var container = document.getElementById({json.dumps('map-' + kind)});\n"
        "  if (!container) { return; }\n"
        f"{body}\n"
        f"  window.LandhubMaps.attach(container, {site_map.get_name()}, {markers.get_name()}, "
        f"{json.dumps(kind)});\n"
        "})();\n"
    )
