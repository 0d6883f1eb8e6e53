"""Privacy, as a visitor's browser sees it: every page of the site visited in Chromium asks no
host but this site and the map tiles, sets no cookie, stores nothing, and the finder's use of
the visitor's position stays in the browser. The privacy page names every host that is asked."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import browser_visits
import output_scan
from site_helpers import ROOT, settings, text_of

PRIVACY_PAGE = "/privatliv/"
STORAGE = """() => ({cookie: document.cookie, local: localStorage.length, session: sessionStorage.length})"""
# A point in Nexø, to more decimals than any address would need
HERE = {"latitude": 55.0612345, "longitude": 15.1309876}


def tile_host() -> str:
    return urlsplit(settings()["MAP_TILES_URL"]).hostname


def test_every_page_asks_only_this_site_and_the_tiles(open_tab, real_server, real_site):
    tab = open_tab(real_server)
    responses, referers, stored = [], [], []
    tab.page.on("response", lambda response: responses.append(response))
    tab.page.on("request", lambda r: referers.append((r.url, r.headers.get("referer"))))
    visits = browser_visits.page_paths(real_site)
    for path, status in visits:
        browser_visits.visit(tab, path, status)
        found = tab.page.evaluate(STORAGE)
        if found != {"cookie": "", "local": 0, "session": 0}:
            stored.append(f"{path}: {found}")
    assert len(visits) > 10 and ("/find/" in dict(visits) or not (real_site / "find").exists())
    assert not tab.outside, f"requests to other hosts: {tab.outside}"
    assert tab.tiles, "no page drew a map: the tile check would prove nothing"
    assert {urlsplit(url).hostname for url in tab.tiles} == {tile_host()}
    assert not stored, "\n".join(stored)
    assert tab.context.cookies() == []
    set_cookie = [r.url for r in responses if "set-cookie" in r.all_headers()]
    assert not set_cookie, set_cookie
    # a page's address never travels as a Referer: other hosts get the origin alone (the tile
    # server's usage policy asks for one); a stylesheet's own images name the stylesheet
    for url, referer in referers:
        if urlsplit(url).hostname != "127.0.0.1":
            assert referer in (None, real_server.base + "/"), (url, referer)
        assert referer is None or not urlsplit(referer).query, (url, referer)
    tab.assert_clean()


def test_the_finder_keeps_the_position_in_the_browser(open_tab, real_server, real_site):
    assert (real_site / "find" / "index.html").is_file(), "the finder page is part of the site"
    tab = open_tab(real_server, geolocation=HERE, permissions=["geolocation"])
    requests = []
    tab.page.on("request", lambda request: requests.append(request))
    browser_visits.visit(tab, "/find/")
    tab.page.locator("#finder-locate").click()
    # the finder answers the position asynchronously: wait until it has written it into its
    # own address (the list may already show before the position arrives)
    tab.page.wait_for_function("() => location.search.includes('lat=')",
                               timeout=browser_visits.SETTLE_MS)
    tab.page.wait_for_function("() => document.querySelectorAll('#finder-list li').length > 0",
                               timeout=browser_visits.SETTLE_MS)
    tab.page.wait_for_load_state("networkidle")
    assert "lat=" in tab.page.url, "the finder used the position (it keeps it in its own address)"
    digits = [f"{HERE['latitude']:.3f}", f"{HERE['longitude']:.3f}", "55.06", "15.13"]
    for request in requests:
        if request.url.startswith(tab.page.url.split("?")[0]) and request.is_navigation_request():
            continue  # the page's own address, in this browser
        sent = request.url + (request.post_data or "") + (request.headers.get("referer") or "")
        assert not any(d in sent for d in digits), f"the position left the browser: {request.url}"
        assert request.method == "GET", f"{request.method} {request.url}"
    assert not tab.outside, tab.outside
    tab.assert_clean()


def test_every_map_shows_the_tile_attribution(open_tab, real_server, real_site):
    tab = open_tab(real_server)
    with_maps = [p for p in output_scan.html_pages(real_site) if output_scan.soup(p).select("[data-map]")]
    assert with_maps
    for page in with_maps:
        path = "/" + page.relative_to(real_site).as_posix().removesuffix("index.html")
        browser_visits.visit(tab, path)
        for attribution in tab.page.locator(".leaflet-control-attribution").all():
            link = attribution.locator("a[href='https://www.openstreetmap.org/copyright']")
            assert link.count() == 1 and "OpenStreetMap" in link.inner_text(), path
    tab.assert_clean()


def test_the_privacy_page_names_every_host_a_visitor_talks_to(real_site):
    page = output_scan.soup(real_site / PRIVACY_PAGE.strip("/") / "index.html")
    text = text_of(page)
    assert tile_host() in text, "the tile server the maps use is named"
    for claim in ("cookies", "IP-adresse", "placering"):
        assert claim.lower() in text.lower(), claim
    source = (ROOT / "content" / "pages" / "privatliv.md").read_text(encoding="utf-8")
    assert re.search(r"(?im)^slug:\s*privatliv\s*$", source)


def test_the_html_loads_nothing_from_another_host(real_site):
    """Before any script runs: no stylesheet, font, image or script from elsewhere in any page."""
    found = [f for p in output_scan.html_pages(real_site)
             for f in output_scan.resource_findings(output_scan.soup(p), p.name, None)]
    assert not found, "\n".join(found)
    for path in output_scan.html_pages(real_site):
        referrer = output_scan.soup(path).find("meta", attrs={"name": "referrer"})
        assert referrer and referrer.get("content") == "strict-origin", path
