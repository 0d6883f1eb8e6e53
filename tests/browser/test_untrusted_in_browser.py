"""The hostile space file of tests/untrusted.py, in Chromium: every page opened, every map drawn,
the popup opened, and not one alert() (or any other script from the file) runs."""
from __future__ import annotations

from site_helpers import html_files
from untrusted import UNTRUSTED_NAME, UNTRUSTED_SLUG

# After the page's own scripts ran: nothing from the file may have become an element, and no
# element may carry an inline handler (onerror, onmouseover, ...) for a later event to fire.
INJECTED = """() => [...document.querySelectorAll('*')].filter(e =>
  e.matches('img[src="x"], iframe, a[href^="javascript" i]')
  || [...e.attributes].some(a => a.name.toLowerCase().startsWith('on'))
).map(e => e.outerHTML.slice(0, 120))"""


def test_no_page_runs_script_from_a_space_file(open_tab, untrusted_server, untrusted_site):
    output = untrusted_site.output
    paths = ["/" + p.relative_to(output).as_posix().removesuffix("index.html")
             for p in html_files(output) if p.name == "index.html"]
    assert f"/spaces/{UNTRUSTED_SLUG}/" in paths
    tab = open_tab(untrusted_server)
    for path in paths:
        tab.goto(path)
        for selector in ("#map-national", "#map-space", "#map-region"):
            if tab.page.locator(selector).count():
                tab.wait_for_map(selector)
        assert tab.page.evaluate(INJECTED) == [], f"{path}: markup from the space file became HTML"
    tab.assert_clean()


def test_map_popup_shows_the_name_as_text(open_tab, untrusted_server):
    tab = open_tab(untrusted_server)
    tab.goto(f"/spaces/{UNTRUSTED_SLUG}/")
    tab.wait_for_map("#map-space")
    marker = tab.page.locator("#map-space .leaflet-marker-icon")
    assert marker.get_attribute("title") == UNTRUSTED_NAME
    marker.click()
    popup = tab.page.locator("#map-space .leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    assert UNTRUSTED_NAME in popup.inner_text()
    assert popup.locator("img, script").count() == 0
    tab.assert_clean()


def test_national_map_markers_carry_the_name_as_text(open_tab, untrusted_server):
    tab = open_tab(untrusted_server)
    tab.goto("/")
    tab.wait_for_map("#map-national")
    # zoom in until the cluster splits, then open the hostile space's popup
    tab.page.evaluate("() => window.LandhubMaps.maps['map-national'].setView([57.0412, 8.4873], 16)")
    marker = tab.page.locator(f'#map-national .leaflet-marker-icon[title="{UNTRUSTED_NAME}"]')
    marker.wait_for(timeout=5_000)
    marker.click()
    popup = tab.page.locator("#map-national .leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    assert UNTRUSTED_NAME in popup.inner_text()
    assert popup.locator("img, script").count() == 0
    assert tab.page.evaluate(INJECTED) == []
    tab.assert_clean()
