"""The Content-Security-Policy: on every page, strict, made from the settings, and never broken
by the site's own pages (every page visited in Chromium, each violation recorded by
csp_listener.js, an init script that runs before the page's own scripts)."""
from __future__ import annotations

import re
from pathlib import Path

import browser_visits
import output_scan
from site_helpers import SyntheticSite, good_space_text, settings

LISTENER = Path(__file__).with_name("csp_listener.js")
VIOLATIONS = "() => window.__cspViolations"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf000000030101001845dd"
    "8e0000000049454e44ae426082"
)


def policy_of(page) -> str | None:
    meta = page.find("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
    return meta.get("content") if meta else None


def directives(policy: str) -> dict[str, list[str]]:
    parts = [d.split() for d in policy.split(";") if d.strip()]
    return {d[0]: d[1:] for d in parts}


def listening_tab(open_tab, server):
    tab = open_tab(server)
    tab.context.add_init_script(path=str(LISTENER))
    return tab


# --- in the HTML -------------------------------------------------------------------------------

def test_every_page_carries_the_policy_before_anything_loads(real_site):
    expected = None
    pages = output_scan.html_pages(real_site)
    assert len(pages) > 10
    for path in pages:
        where = path.relative_to(real_site)
        page = output_scan.soup(path)
        policy = policy_of(page)
        assert policy, f"{where}: no Content-Security-Policy meta"
        expected = expected or policy
        assert policy == expected, f"{where}: a different policy: {policy}"
        order = [(el.name, str(el.get("http-equiv", "")).lower()) for el in page.head.find_all(True)]
        position = order.index(("meta", "content-security-policy"))
        loaders = [i for i, (name, _) in enumerate(order) if name in ("script", "link", "style")]
        assert not loaders or position < loaders[0], f"{where}: the policy comes after something that loads"


def test_the_policy_is_strict(real_site):
    policy = policy_of(output_scan.soup(real_site / "index.html"))
    rules = directives(policy)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, policy
    assert rules["default-src"] == ["'self'"]
    assert rules["script-src"] == ["'self'"]
    assert rules["style-src"] == ["'self'"]
    assert rules["connect-src"] == ["'self'"]
    assert rules["object-src"] == ["'none'"]
    assert rules["base-uri"] == ["'self'"]
    assert rules["form-action"] == ["'self'"]
    # the one other host: the tile server of MAP_TILES_URL, as the settings say
    tiles = re.match(r"https://[^/]+", settings()["MAP_TILES_URL"]).group(0)
    assert rules["img-src"] == ["'self'", "data:", tiles]


# --- in Chromium -----------------------------------------------------------------------------------

def test_no_page_breaks_the_policy(open_tab, real_server, real_site):
    tab = listening_tab(open_tab, real_server)
    visited, broken = [], []
    for path, status in browser_visits.page_paths(real_site):
        browser_visits.visit(tab, path, status)
        visited.append(path)
        found = tab.page.evaluate(VIOLATIONS)
        if found:
            broken.append(f"{path}: {found}")
    assert "/" in visited and "/no-such-page/" in visited and any(p.startswith("/spaces/") for p in visited)
    assert not broken, "\n".join(broken)
    policy_messages = [e for e in tab.errors if "Content Security Policy" in e]
    assert not policy_messages, "\n".join(policy_messages)
    tab.assert_clean()


def test_the_browser_enforces_the_policy(open_tab, real_server):
    """The control: an inline script and an inline style, put into a real page, are refused and
    reported, so the test above would see a violation if the site caused one."""
    tab = listening_tab(open_tab, real_server)
    browser_visits.visit(tab, "/")
    tab.page.evaluate("""() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.appendChild(script);
      const box = document.createElement('div');
      box.setAttribute('style', 'color: red');
      document.body.appendChild(box);
      const img = document.createElement('img');
      img.src = 'https://images.example.net/pixel.png';
      document.body.appendChild(img);
    }""")
    tab.page.wait_for_function("() => window.__cspViolations.length >= 3", timeout=5_000)
    assert tab.page.evaluate("() => window.__inlineRan") is None
    seen = {v["directive"] for v in tab.page.evaluate(VIOLATIONS)}
    assert {"script-src-elem", "style-src-attr", "img-src"} <= seen, seen
    assert not tab.outside, "the blocked image was never requested"


def test_the_tile_server_comes_from_the_settings(open_tab, serve_folder, tmp_path):
    """Another provider in MAP_TILES_URL: the policy allows it, the maps load from it, nothing
    is refused and no other host is asked."""
    site = SyntheticSite(tmp_path)
    site.write_space("cowork-klitmoeller.yaml", good_space_text("Cowork Klitmøller"))
    tiles_url = "https://tiles.example.net/osm/{z}/{x}/{y}.png"
    from site_helpers import build

    assert build(site.output, {**site.overrides(), "MAP_TILES_URL": tiles_url,
                               "MAP_TILES_ATTRIBUTION": "Kort: Eksempel"}) == 0
    policy = policy_of(output_scan.soup(site.output / "index.html"))
    assert directives(policy)["img-src"] == ["'self'", "data:", "https://tiles.example.net"]

    tab = listening_tab(open_tab, serve_folder(site.output))
    served = []

    def tile(route):
        served.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=PNG)

    tab.context.route(re.compile(r"^https://tiles\.example\.net/osm/"), tile)
    browser_visits.visit(tab, "/spaces/cowork-klitmoeller/")
    tab.page.wait_for_load_state("networkidle")
    assert served, "the map asked the configured tile server for nothing"
    assert tab.page.evaluate(VIOLATIONS) == []
    assert "Kort: Eksempel" in tab.page.inner_text("#map-space .leaflet-control-attribution")
    tab.assert_clean()
