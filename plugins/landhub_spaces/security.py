"""The site's Content-Security-Policy, made from the settings and put on every page by base.html.

GitHub Pages sets no headers, so the policy travels in a <meta http-equiv> tag (which cannot say
frame-ancestors, report-uri or sandbox; browsers ignore those there). Every script and style is
a file on the site; the one other host a page may load from is the map tile server, taken from
MAP_TILES_URL so that switching providers changes the policy too.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from .problems import BuildStopped

OSM_TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


class TileServerUnusable(BuildStopped):
    """MAP_TILES_URL cannot be written as a CSP source: the build stops and says why."""


def tile_source(tiles_url: str) -> str:
    """`https://{s}.tile.example.org/{z}/{x}/{y}.png` -> `https://*.tile.example.org`."""
    parts = urlsplit(tiles_url.replace("{s}.", "placeholder-subdomain."))
    host = (parts.hostname or "").replace("placeholder-subdomain.", "*.")
    if parts.scheme not in ("https", "http") or not host or "{" in host or "}" in host:
        raise TileServerUnusable(
            f"MAP_TILES_URL `{tiles_url}` is not a tile address the pages can allow: write it as "
            "https://<host>/{z}/{x}/{y}.png (a `{s}.` subdomain is allowed)")
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


def content_security_policy(settings: dict) -> str:
    """The policy for every page. (Pagefind's search runs its WebAssembly in a worker script
    from this site, which the page's policy does not restrict, so no 'wasm-unsafe-eval'.)"""
    tiles = tile_source(settings.get("MAP_TILES_URL") or OSM_TILES_URL)
    directives = (
        ("default-src", "'self'"),
        ("script-src", "'self'"),
        ("style-src", "'self'"),
        ("img-src", f"'self' data: {tiles}"),
        ("font-src", "'self'"),
        ("connect-src", "'self'"),
        ("object-src", "'none'"),
        ("base-uri", "'self'"),
        # The search box sends to /search/; the add-your-space form opens GitHub with a link
        # (add-space.js), not by submitting, so no form goes to another site.
        ("form-action", "'self'"),
    )
    return "; ".join(f"{name} {value}" for name, value in directives)


def add_policy_to_settings(pelican) -> None:
    """signals.initialized: templates read CONTENT_SECURITY_POLICY from the context."""
    pelican.settings["CONTENT_SECURITY_POLICY"] = content_security_policy(pelican.settings)
