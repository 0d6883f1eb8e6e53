"""Chromium (Debian's, never a downloaded one) driven by Playwright against the built sites.

Each site is served from 127.0.0.1 by http.server in a thread. Every request the page makes is
routed: map tiles get a local 1x1 PNG, anything else off 127.0.0.1 is recorded and refused, and
a test fails if any happened, or if the page logged an error or opened a dialog.
"""
from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from site_helpers import png_bytes, settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ONE_PIXEL_PNG = png_bytes()
WAIT_MS = 15_000


def tile_hosts() -> set[str]:
    """The tile server of MAP_TILES_URL ({s}. subdomains included), and OpenStreetMap's."""
    host = urlsplit(settings()["MAP_TILES_URL"].replace("{s}.", "")).hostname
    return {host, "tile.openstreetmap.org"}


class SiteHandler(SimpleHTTPRequestHandler):
    """A static host: files from the output folder, and 404.html for anything missing."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):
        pass  # quiet; the tests report what matters


class SiteServer:
    def __init__(self, folder: Path):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(SiteHandler, directory=str(folder)))
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class Tab:
    """One page in its own browser context, with everything that went wrong recorded."""

    def __init__(self, browser, base: str, **context_options):
        self.base = base
        self.context = browser.new_context(locale="da-DK", service_workers="block", **context_options)
        self.page = self.context.new_page()
        self.outside: list[str] = []  # requests to other hosts (refused)
        self.tiles: list[str] = []  # tile requests (answered locally)
        self.errors: list[str] = []  # console errors and uncaught exceptions
        self.failed: list[str] = []  # local requests answered >= 400, or not answered
        self.dialogs: list[str] = []  # alert/confirm/prompt: script that should never run
        self.allowed_status: dict[str, int] = {}
        self._tile_hosts = tile_hosts()
        self.context.route("**/*", self._route)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("response", self._response)
        self.page.on("requestfailed", self._request_failed)
        self.page.on("dialog", self._dialog)

    def _route(self, route):
        url = route.request.url
        host = urlsplit(url).hostname
        if host == "127.0.0.1":
            route.continue_()
        elif host in self._tile_hosts or any(host.endswith("." + t) for t in self._tile_hosts):
            self.tiles.append(url)
            route.fulfill(status=200, content_type="image/png", body=ONE_PIXEL_PNG)
        else:
            self.outside.append(url)
            route.abort()

    def _console(self, message):
        if message.type == "error":
            location = message.location.get("url", "")
            if location in self.allowed_status and "404" in message.text:
                return  # the 404 test asks for a missing page on purpose
            self.errors.append(f"console: {message.text} ({location})")

    def _response(self, response):
        if (urlsplit(response.url).hostname == "127.0.0.1" and response.status >= 400
                and self.allowed_status.get(response.url) != response.status):
            self.failed.append(f"{response.status} {response.url}")

    def _request_failed(self, request):
        # ERR_ABORTED: the page was left before the answer came (an error status is caught
        # in _response); any other failure of a local request is a fault.
        if urlsplit(request.url).hostname == "127.0.0.1" and request.failure != "net::ERR_ABORTED":
            self.failed.append(f"{request.failure} {request.url}")

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def goto(self, path: str, expect_status: int = 200):
        url = self.base + path
        if expect_status != 200:
            self.allowed_status[url] = expect_status
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.status == expect_status, (
            f"{path}: HTTP {response and response.status}, expected {expect_status}")
        return response

    def wait_for_map(self, selector: str) -> None:
        """maps.js sets data-ready="true" once the markers are on the map ("error" if not)."""
        self.page.wait_for_selector(f"{selector}[data-ready]", state="attached", timeout=WAIT_MS)
        ready = self.page.get_attribute(selector, "data-ready")
        assert ready == "true", f"{selector} data-ready={ready!r}; errors: {self.errors}"

    def assert_clean(self) -> None:
        assert not self.outside, f"requests to other hosts: {self.outside}"
        assert not self.dialogs, f"script from the content ran: {self.dialogs}"
        assert not self.errors, "\n".join(self.errors)
        assert not self.failed, f"local requests that failed: {self.failed}"

    def close(self):
        self.context.close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
                    "Run `apt-get install chromium` (.ci/run does), then test again.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def real_server(real_site):
    server = SiteServer(real_site)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def untrusted_server(untrusted_site):
    server = SiteServer(untrusted_site.output)
    yield server
    server.stop()


@pytest.fixture
def open_tab(browser):
    """open_tab(server, **context options) -> Tab; every tab is closed after the test."""
    tabs = []

    def opener(server: SiteServer, **options) -> Tab:
        tab = Tab(browser, server.base, **options)
        tabs.append(tab)
        return tab

    yield opener
    for tab in tabs:
        tab.close()


@pytest.fixture(scope="session")
def serve_folder():
    """serve_folder(output) -> SiteServer for another built site (a test's own small site);
    every server started is stopped at the end of the run."""
    servers = []

    def start(folder: Path) -> SiteServer:
        server = SiteServer(folder)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
