"""The directory's pages in Chromium, on a site with more spaces than fit on a page
(tests/paged_site.py, page size 20): with JavaScript off every space is reached by following
"Næste" from the directory, a letter link lands on its heading, axe finds nothing on any kind
of list page, and the page links fit a phone's width."""
from __future__ import annotations

import pytest

from paged_site import build_paged_site, write_paged_site
from site_helpers import expected_spaces
from test_accessibility import RUN_AXE, VIEWPORTS, axe_source, describe  # noqa: F401 (axe_source: a fixture)

LIST_PAGES = [
    ("directory", "/spaces/", None),
    ("a-z-page", "/a-z/7/", None),
    ("a-z-last", "/a-z/15/", None),
    ("region-with-counts", "/regions/region-nordjylland/", "#map-region"),
    ("municipality-page-2", "/municipalities/thisted/2/", None),
]


@pytest.fixture(scope="module")
def paged(tmp_path_factory, serve_folder):
    site = write_paged_site(tmp_path_factory.mktemp("paged-browser"))
    assert build_paged_site(site) == 0
    return site, serve_folder(site.output)


def test_without_javascript_every_space_is_reached_page_by_page(open_tab, paged):
    site, server = paged
    tab = open_tab(server, java_script_enabled=False)
    tab.goto("/spaces/")
    reached, pages = [], 0
    while True:
        pages += 1
        current = tab.page.locator('nav.pagination a[aria-current="page"]')
        assert current.is_visible() and current.inner_text().strip() == str(pages)
        names = tab.page.locator(".a-to-z a.space-name" if pages == 1 else "main a.space-name")
        assert names.count() > 0 and all(names.nth(i).is_visible() for i in range(names.count()))
        reached += [href.strip("/").split("/")[-1] for href in names.evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")]
        following = tab.page.locator('nav.pagination a[rel="next"]')
        if following.count() == 0:
            break
        following.click()
        tab.page.wait_for_load_state("load")
    expected = sorted(s.slug for s in expected_spaces(site.spaces))
    assert sorted(reached) == expected, "every space once, by plain links"
    assert pages == 15
    tab.assert_clean()


def test_a_letter_link_lands_on_its_heading(open_tab, paged):
    _, server = paged
    tab = open_tab(server, java_script_enabled=False)
    tab.goto("/spaces/")
    tab.page.locator("nav.letter-nav a", has_text="Ø").click()
    tab.page.wait_for_url("**/a-z/*/#letter-oe")
    heading = tab.page.locator("#letter-oe")
    assert heading.inner_text().strip() == "Ø"
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < tab.page.viewport_size["height"], "scrolled to the letter"
    tab.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
@pytest.mark.parametrize("name, path, drawn", LIST_PAGES, ids=[p[0] for p in LIST_PAGES])
def test_axe_finds_no_violations_on_list_pages(open_tab, paged, axe_source, name, path, drawn, viewport):
    _, server = paged
    tab = open_tab(server, viewport=VIEWPORTS[viewport])
    tab.goto(path)
    if drawn:
        tab.wait_for_map(drawn)
    tab.page.evaluate(axe_source)
    violations = tab.page.evaluate(RUN_AXE)
    assert not violations, f"{path} at {viewport} width:\n{describe(violations)}"
    tab.assert_clean()


@pytest.mark.parametrize("path", ["/spaces/", "/a-z/7/", "/municipalities/thisted/2/"])
def test_no_horizontal_scroll_at_360_px(open_tab, paged, path):
    _, server = paged
    tab = open_tab(server, viewport={"width": 360, "height": 740})
    tab.goto(path)
    width = tab.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"{path} is {width}px wide at a 360px viewport"
    tab.assert_clean()
