"""The home page's national map on the N-space site in Chromium: milliseconds from navigation
start until the first marker cluster is in the page (median of RUNS loads, fresh context each)."""
from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from statistics import median

from .build_speed import RUNS, site_for
from .finder_speed import CHROMIUM, CHROMIUM_ARGS


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def map_speed(case) -> dict[str, str]:
    from playwright.sync_api import sync_playwright

    output = site_for(case).output
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
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
