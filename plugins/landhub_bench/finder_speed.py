"""The finder on N spaces in Chromium: how long until the first list, and how long ranking and
filtering take, measured in the page with performance.now() (median of repeated runs).

The real project is built once per run (pelicanconf.py); each size then serves that site with
its /spaces.json answered from the case, so the page, scripts and data are the real ones.
Chromium is Debian's (/usr/bin/chromium), as in the browser tests.
"""
from __future__ import annotations

from pathlib import Path

from landhub_spaces.local_server import start_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
FROM = "?near=Aabenraa"  # the town the first list is ranked from
RUNS = 21  # each in-page timing is the median of this many runs
UPDATES = 7  # and the page's own update, of this many

IN_PAGE = """async ({runs, origin}) => {
  const F = window.LandhubFinder, H = window.LandhubHours;
  const root = document.getElementById("finder");
  const keys = JSON.parse(root.dataset.amenities);
  const regions = [...document.querySelectorAll("#filter-region option")].map(o => o.value).filter(Boolean);
  const text = await (await fetch(root.dataset.spaces)).text();
  const median = (fn, n) => {
    const times = [];
    for (let i = 0; i < n; i += 1) { const t = performance.now(); fn(); times.push(performance.now() - t); }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  };
  let spaces = [];
  const parse = median(() => { spaces = F.readSpaces(JSON.parse(text), keys); }, 5);
  const minute = H.minuteOfWeek(new Date());
  const none = {open: false, daypass: false, maxprice: null, amenities: 0, region: ""};
  const some = {open: true, daypass: true, maxprice: 150, amenities: 1, region: ""};
  return {
    listed: spaces.length,
    parse: parse,
    rank: median(() => F.rank(spaces, origin, none, minute), runs),
    rankFiltered: median(() => F.rank(spaces, origin, some, minute), runs),
    facets: median(() => F.facetCounts(spaces, none, minute, keys, regions), runs),
  };
}"""


def _built_site(case) -> Path:
    """The real project, built once for the whole run."""
    if "site" not in case.shared:
        from landhub_spaces.build import build_site

        from .run import ROOT

        output = case.work / "site"
        if build_site(str(ROOT / "pelicanconf.py"), str(output)) != 0:
            raise RuntimeError("bench: the site does not build; run `invoke build` to see why")
        case.shared["site"] = output
    return case.shared["site"]


def _ms(value: float) -> str:
    return f"{value:.1f} ms"


def finder_speed(case) -> dict[str, str]:
    from playwright.sync_api import sync_playwright

    site = _built_site(case)
    server, base = start_server(site)  # the built site as GitHub Pages serves it
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(locale="da-DK", timezone_id="Europe/Copenhagen")

            def route(request_route):
                url = request_route.request.url
                if url.split("?")[0] == f"{base}/spaces.json":  # the case's synthetic spaces
                    request_route.fulfill(status=200, body=case.spaces_json, content_type="application/json")
                elif url.startswith(base):
                    request_route.continue_()
                else:  # map tiles and anything else: not part of what is measured
                    request_route.fulfill(status=204, body=b"")

            context.route("**/*", route)
            page = context.new_page()
            # No fake clock here: Playwright's would stop performance.now(), which times everything.
            page.goto(f"{base}/find/{FROM}")
            page.wait_for_selector("#finder[data-ready=true]", timeout=120_000)
            first = page.evaluate("() => performance.getEntriesByName('finder-ready')[0].startTime")
            origin = page.evaluate("() => ({lat: 55.04434, lon: 9.41741})")
            timings = page.evaluate(IN_PAGE, {"runs": RUNS, "origin": origin})
            # Real updates through the page: tick and untick "open now", as a visitor would;
            # each is timed by finder.js itself (rank, filter counts, list, map, address).
            page.locator("#finder-filters").evaluate("d => { d.open = true; }")
            for _ in range(UPDATES):
                page.locator("#filter-open").click()
            page.wait_for_function("n => performance.getEntriesByName('finder-update').length > n",
                                   arg=UPDATES)
            update = page.evaluate("""n => {
              const times = performance.getEntriesByName('finder-update').slice(-n).map(e => e.duration);
              times.sort((a, b) => a - b);
              return times[Math.floor(times.length / 2)];
            }""", UPDATES)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {
        "first list": _ms(first),
        "parse": _ms(timings["parse"]),
        "rank": _ms(timings["rank"]),
        "rank, filtered": _ms(timings["rankFiltered"]),
        "filter counts": _ms(timings["facets"]),
        "page update": _ms(update),
    }
