"""Search in Chromium: the box on every page, Pagefind's results and filters, offline."""
from __future__ import annotations

import pytest
import yaml

from site_helpers import ROOT

STRINGS = yaml.safe_load((ROOT / "theme" / "strings" / "da.yaml").read_text(encoding="utf-8"))
RESULT_LINKS = ".pagefind-ui__result-title .pagefind-ui__result-link"


def result_paths(tab) -> list[str]:
    tab.page.wait_for_selector(RESULT_LINKS, timeout=15_000)
    hrefs = tab.page.eval_on_selector_all(RESULT_LINKS, "els => els.map(a => a.getAttribute('href'))")
    return [href.split("#")[0] for href in hrefs]


def search_from(tab, path: str, words: str) -> list[str]:
    """Type into the header's box on `path` and press Enter, as a visitor does."""
    tab.goto(path)
    tab.page.fill("#site-search-q", words)
    tab.page.press("#site-search-q", "Enter")
    tab.page.wait_for_url("**/search/?q=*")
    return result_paths(tab)


def test_klitmoeller_finds_the_space_and_its_story(open_tab, real_server):
    tab = open_tab(real_server)
    found = search_from(tab, "/", "Klitmøller")
    assert "/spaces/cowork-klitmoeller/" in found, found
    assert "/stories/cowork-klitmoeller/" in found, found
    tab.assert_clean()  # nothing asked of another host: the index and UI are the site's own


@pytest.mark.parametrize("path", ["/stories/bright-park-bornholm/", "/spaces/"])
def test_the_box_works_from_any_page(open_tab, real_server, path):
    tab = open_tab(real_server)
    found = search_from(tab, path, "Bornholm")
    assert "/spaces/bright-park-bornholm/" in found and "/stories/bright-park-bornholm/" in found, found
    assert tab.page.input_value("#site-search-q") == "Bornholm"
    tab.assert_clean()


def test_the_region_filter_narrows_the_results(open_tab, real_server):
    tab = open_tab(real_server)
    before = search_from(tab, "/", "coworking")
    assert "/stories/cowork-klitmoeller/" in before and "/stories/bright-park-bornholm/" in before
    region = STRINGS["search_filter_region"]
    tab.page.locator("details.pagefind-ui__filter-block", has_text=region).locator("summary").click()
    tab.page.get_by_label("Region Hovedstaden", exact=False).check()
    tab.page.wait_for_function(
        """sel => [...document.querySelectorAll(sel)].every(a => !a.getAttribute('href').includes('klitmoeller'))
                 && document.querySelectorAll(sel).length > 0""", arg=RESULT_LINKS, timeout=10_000)
    after = result_paths(tab)
    assert "/stories/bright-park-bornholm/" in after, after
    assert not [p for p in after if "klitmoeller" in p], after
    tab.assert_clean()


def test_without_javascript_the_search_page_says_where_to_look(open_tab, real_server):
    tab = open_tab(real_server, java_script_enabled=False)
    tab.goto("/search/?q=Klitm%C3%B8ller")
    # Playwright's text selectors skip <noscript>; the rendered text of the page does not.
    shown = " ".join(tab.page.inner_text("main").split())
    assert " ".join(STRINGS["search_noscript"].split()) in shown
    assert tab.page.locator('main a[href="/spaces/"]').is_visible()
    tab.assert_clean()
