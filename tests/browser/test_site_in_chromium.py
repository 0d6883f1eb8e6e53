"""The real site in Chromium: maps with markers, plain links, the 404 page, a phone's width."""
from __future__ import annotations

import pytest

from site_helpers import expected_spaces

SPACES = expected_spaces()
ON_MAP = [s for s in SPACES if s.status != "closed"]  # a map is for finding a place to work

COUNT_MARKERS = """root => {
  const clusters = [...root.querySelectorAll('.marker-cluster')]
    .map(c => parseInt(c.textContent.trim(), 10));
  const singles = root.querySelectorAll('.leaflet-marker-icon:not(.marker-cluster)').length;
  return {clusters, singles, total: clusters.reduce((a, b) => a + b, 0) + singles};
}"""


def test_home_map_shows_every_open_or_planned_space(open_tab, real_server):
    tab = open_tab(real_server)
    tab.goto("/")
    tab.wait_for_map("#map-national")
    container = tab.page.locator("#map-national")
    container.locator(".marker-cluster, .leaflet-marker-icon").first.wait_for(timeout=5_000)
    counted = container.evaluate(COUNT_MARKERS)
    # each cluster shows how many spaces it holds: together with single markers, all of them
    assert counted["total"] == len(ON_MAP), counted
    assert tab.tiles, "the map asked for tiles (answered locally)"
    tab.assert_clean()


@pytest.mark.parametrize("space", ON_MAP[:1] + ON_MAP[-1:], ids=lambda s: s.slug)
def test_space_map_shows_its_marker(open_tab, real_server, space):
    tab = open_tab(real_server)
    tab.goto(f"/spaces/{space.slug}/")
    tab.wait_for_map("#map-space")
    markers = tab.page.locator("#map-space .leaflet-marker-icon")
    assert markers.count() == 1
    assert markers.first.get_attribute("title") == space.name
    markers.first.click()
    popup = tab.page.locator("#map-space .leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    assert space.name in popup.inner_text()
    tab.assert_clean()


def test_directory_links_every_space(open_tab, real_server):
    tab = open_tab(real_server)
    tab.goto("/spaces/")
    hrefs = tab.page.eval_on_selector_all("main a[href]", "els => els.map(a => a.getAttribute('href'))")
    for space in SPACES:
        assert f"/spaces/{space.slug}/" in hrefs, f"no link to {space.slug}"
    first = SPACES[0]
    tab.page.locator(f'main a[href="/spaces/{first.slug}/"]').first.click()
    tab.page.wait_for_url(f"**/spaces/{first.slug}/")
    assert tab.page.locator("h1").inner_text().strip() == first.name
    tab.assert_clean()


def test_directory_works_with_javascript_off(open_tab, real_server):
    tab = open_tab(real_server, java_script_enabled=False)
    tab.goto("/spaces/")
    for space in SPACES:
        assert tab.page.locator(f'main a[href="/spaces/{space.slug}/"]').first.is_visible(), space.slug
    tab.assert_clean()


def test_404_page_renders_for_a_missing_address(open_tab, real_server):
    tab = open_tab(real_server)
    tab.goto("/no-such-page/at/any/depth/", expect_status=404)
    assert tab.page.locator("h1").is_visible()
    assert tab.page.locator('main a[href="/"]').count() >= 1, "the 404 page links home"
    styled = tab.page.evaluate("""() => [...document.styleSheets].some(
        s => s.href && s.href.endsWith('/theme/css/landhub.css') && s.cssRules.length > 0)""")
    assert styled, "the site's stylesheet loads even at a deep missing address"
    tab.assert_clean()


@pytest.mark.parametrize("path, map_selector", [
    ("/", "#map-national"),
    ("/spaces/", None),
    (f"/spaces/{SPACES[0].slug}/", "#map-space"),
], ids=["home", "directory", "space"])
def test_no_horizontal_scroll_at_360_px(open_tab, real_server, path, map_selector):
    tab = open_tab(real_server, viewport={"width": 360, "height": 740})
    tab.goto(path)
    if map_selector:
        tab.wait_for_map(map_selector)
    width = tab.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"{path} is {width}px wide at a 360px viewport"
    tab.assert_clean()
