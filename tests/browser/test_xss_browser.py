"""The payload site of tests/xss_payloads.py in Chromium: every page opened, every map drawn,
each space's map popup opened, search and the finder run over the payloads; no dialog opens, no
payload sets window.__xss, and nothing from a payload becomes live markup in the page.

The pages are opened with the site's Content-Security-Policy switched off (bypass_csp): the
policy would stop an inline handler from running, and these tests are about the output being
safe on its own. test_the_policy_reports_nothing checks the pages with the policy on.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

import browser_visits
from xss_payloads import FLAG

LISTENER = Path(__file__).with_name("csp_listener.js")
# Live markup in the document after the page's own scripts ran (also what they built).
LIVE_MARKUP = """() => {
  const found = [];
  const safe = ['http', 'https', 'mailto', 'tel'];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${el.tagName} ${name}`);
      // Pagefind's own search form says action="javascript:void(0);" and submits by script
      if (el.matches('form.pagefind-ui__form') && name === 'action' && attr.value === 'javascript:void(0);') continue;
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'srcset'].includes(name)) {
        const value = attr.value.replace(/[\\t\\n\\r]/g, '').replace(/^[\\x00-\\x20]+/, '').toLowerCase();
        const scheme = value.match(/^([a-z][a-z0-9+.-]*):/);
        if (scheme && !safe.includes(scheme[1])) found.push(`${el.tagName} ${name}=${attr.value.slice(0, 60)}`);
      }
    }
    if (['IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'BASE', 'META'].includes(el.tagName)
        && !(el.tagName === 'META' && !el.httpEquiv.match(/refresh/i))) found.push(el.tagName);
    if (el.tagName === 'SCRIPT' && !el.src && el.type !== 'application/ld+json') found.push('inline SCRIPT');
  }
  return found;
}"""


def xss_tab(open_tab, server):
    return open_tab(server, bypass_csp=True)


def assert_clean(tab) -> None:
    """Tab.assert_clean, except for 404s: a payload written as a story's image is a missing file
    (`![billede](<script>...)` asks for .../%3Cscript%3E..., `<img src=x>` for .../x), wherever
    the story or its summary is shown. (The real site's links are checked by test_validators.)"""
    def payload_image(entry: str) -> bool:
        return "404" in entry

    tab.errors[:] = [e for e in tab.errors if not payload_image(e)]
    tab.failed[:] = [f for f in tab.failed if not payload_image(f)]
    tab.assert_clean()


def assert_nothing_ran(tab, where: str) -> None:
    assert tab.page.evaluate(f"() => window.{FLAG}") is None, f"{where}: a payload set window.{FLAG}"
    live = tab.page.evaluate(LIVE_MARKUP)
    assert not live, f"{where}: live markup from a payload: {live}"
    assert not tab.dialogs, f"{where}: a dialog opened: {tab.dialogs}"


@pytest.fixture(scope="module")
def xss_server(xss_site, serve_folder):
    return serve_folder(xss_site.output)


def test_no_page_runs_a_payload(open_tab, xss_server, xss_site):
    tab = xss_tab(open_tab, xss_server)
    visits = browser_visits.page_paths(xss_site.output)
    assert len(visits) > 2 * len(xss_site.spaces), "every space and story page is visited"
    for path, status in visits:
        browser_visits.visit(tab, path, status)
        marker = tab.page.locator("#map-space .leaflet-marker-icon")
        if path.startswith("/spaces/") and marker.count():
            marker.first.click()  # the popup is built from the page's data attributes
            tab.page.locator("#map-space .leaflet-popup-content").wait_for(timeout=5_000)
        assert_nothing_ran(tab, path)
    assert_clean(tab)


@pytest.mark.parametrize("words", ["alert", "script onerror", "javascript", "7*7", "xss"])
def test_search_results_show_payloads_as_text(open_tab, xss_server, xss_site, words):
    assert (xss_site.output / "search" / "index.html").is_file()
    tab = xss_tab(open_tab, xss_server)
    browser_visits.visit(tab, f"/search/?q={quote(words)}")
    # load every page of results Pagefind offers, so every excerpt is drawn
    more = tab.page.locator(".pagefind-ui__button")
    while more.count() and more.first.is_visible():
        more.first.click()
        tab.page.wait_for_load_state("networkidle")
    assert tab.page.locator(".pagefind-ui__result").count() > 0, f"no results for {words!r}"
    assert_nothing_ran(tab, f"search {words!r}")
    assert_clean(tab)


def test_the_finder_lists_every_payload_as_text(open_tab, xss_server, xss_site):
    assert (xss_site.output / "find" / "index.html").is_file()
    tab = xss_tab(open_tab, xss_server)
    browser_visits.visit(tab, "/find/?near=Klitm%C3%B8ller")
    more = tab.page.locator("#finder-more")
    while more.is_visible():
        more.click()
    shown = tab.page.locator("#finder-list > li").count()
    assert shown >= len(xss_site.spaces), f"the finder listed {shown} of {len(xss_site.spaces)} spaces"
    for marker in tab.page.locator("#map-finder .leaflet-marker-icon").all()[:10]:
        marker.click(force=True)
    assert_nothing_ran(tab, "finder")
    assert_clean(tab)


def test_the_policy_reports_nothing(open_tab, xss_server, xss_site):
    """With the policy on, no page even tries to run something it forbids: a violation would
    mean a payload reached the page as markup."""
    tab = open_tab(xss_server)
    tab.context.add_init_script(path=str(LISTENER))
    for index in sorted(xss_site.spaces):
        for path in (f"/spaces/{xss_site.spaces[index]}/", f"/stories/xss-historie-{index:03d}/"):
            if index in xss_site.refused_stories and path.startswith("/stories/"):
                continue
            browser_visits.visit(tab, path)
            assert tab.page.evaluate("() => window.__cspViolations") == [], path
    assert not tab.dialogs
    assert_clean(tab)
