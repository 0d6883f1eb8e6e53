"""The hostile space file of tests/untrusted.py, in Chromium: every page opened, every map drawn,
the popup opened, and not one alert() (or any other script from the file) runs."""
from __future__ import annotations

from site_helpers import html_files
from untrusted import UNTRUSTED_NAME, UNTRUSTED_SLUG

# After the page's own scripts ran: nothing from the file may have become an element.
INJECTED = """() => document.querySelectorAll(
  'img[src="x"], iframe, b[onmouseover], [onerror], [onload], a[href^="javascript" i]').length"""


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
        assert tab.page.evaluate(INJECTED) == 0, f"{path}: markup from the space file became HTML"
        # hover everything a handler could hide on (that is shown: a hidden link has no hover)
        for link in tab.page.locator("main a:visible").all()[:40]:
            link.hover()
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
    assert tab.page.evaluate(INJECTED) == 0
    tab.assert_clean()
