"""The home page's national map on the N-space site in Chromium: milliseconds from navigation
start until the first marker cluster is in the page (median of RUNS loads, fresh context each)."""
from __future__ import annotations

from statistics import median

from landhub_spaces.local_server import start_server

from .build_speed import RUNS, site_for
from .finder_speed import CHROMIUM, CHROMIUM_ARGS


def map_speed(case) -> dict[str, str]:
    from playwright.sync_api import sync_playwright

    output = site_for(case).output
    server, base = start_server(output)  # as GitHub Pages serves it (gzip)
    times, clusters = [], 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(RUNS):
                context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})

                def route(request_route):
                    if request_route.request.url.startswith(base):
                        request_route.continue_()
                    else:  # map tiles: not part of what is measured
                        request_route.fulfill(status=204, body=b"")

                context.route("**/*", route)
                page = context.new_page()
                page.goto(f"{base}/")
                page.wait_for_function(
                    "() => document.querySelector('#map-national .marker-cluster')",
                    polling="raf", timeout=120_000)
                times.append(page.evaluate("() => performance.now()"))
                clusters = page.locator("#map-national .marker-cluster").count()
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"map clusters shown": f"{median(times):.0f} ms", "clusters": str(clusters)}
