"""The nightly website check, against a real HTTP server on 127.0.0.1 (no other network)."""
from __future__ import annotations

import socket
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from landhub_spaces.links import Link, LinkResult, check_links, check_url, report, space_links

from .helpers import good_text


class Handler(BaseHTTPRequestHandler):
    def _answer(self, body: bool):
        path = self.path
        if path == "/slow":
            time.sleep(2)
        if path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.end_headers()
            return
        code = {"/ok": 200, "/slow": 200, "/gone": 404, "/broken": 500, "/robots": 403,
                "/nohead": 405 if self.command == "HEAD" else 200}.get(path, 404)
        self.send_response(code)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("path, alive, what", [
    ("/ok", True, "HTTP 200"),
    ("/moved", True, "HTTP 200"),
    ("/nohead", True, "HTTP 200"),
    ("/robots", True, "HTTP 403"),
    ("/gone", False, "HTTP 404"),
    ("/broken", False, "HTTP 500"),
    ("/slow", False, "timed out after 0.5 s"),
])
def test_answers(server, path, alive, what):
    assert check_url(server + path, timeout=0.5) == (alive, what)


def test_a_closed_port_is_dead():
    alive, what = check_url(f"http://127.0.0.1:{closed_port()}/", timeout=1)
    assert not alive and what.startswith("could not connect (")


def test_results_keep_the_order_of_the_links(server):
    links = [Link(f"s{i}", f"spaces/s{i}.yaml", "website", server + path)
             for i, path in enumerate(["/gone", "/ok", "/slow", "/robots"])]
    results = check_links(links, timeout=0.5, workers=4)
    assert [(r.link.slug, r.alive) for r in results] == [("s0", False), ("s1", True), ("s2", False), ("s3", True)]


def test_website_and_booking_page_of_each_space_in_slug_order(site):
    result = site.validate([site.write("cowork-klitmoeller.yaml", good_text())])
    assert space_links(result.spaces) == [
        Link("cowork-klitmoeller", "spaces/cowork-klitmoeller.yaml", "website", "https://example.org/"),
        Link("cowork-klitmoeller", "spaces/cowork-klitmoeller.yaml", "links.booking", "https://example.org/book"),
    ]


def test_the_report_lists_only_dead_links_and_no_url_can_break_its_table():
    hostile = "https://example.org/a|b`](javascript:alert(1))"
    results = [
        LinkResult(Link("alive", "spaces/alive.yaml", "website", "https://example.org/"), True, "HTTP 200"),
        LinkResult(Link("dead", "spaces/dead.yaml", "website", hostile), False, "HTTP 404"),
    ]
    text = report(results, date(2026, 11, 27), "https://landhub.dk/spaces/{slug}/")
    assert text.splitlines()[0] == "Checked on 2026-11-27: 2 links of the listed spaces, 1 dead."
    assert text.splitlines()[-1] == ("| [dead](https://landhub.dk/spaces/dead/) (spaces/dead.yaml) | "
                                     "`website` | `https://example.org/a%7Cb%60](javascript:alert(1))` | HTTP 404 |")
    assert "alive" not in text


def test_a_report_without_dead_links_says_so():
    results = [LinkResult(Link("a", "spaces/a.yaml", "website", "https://example.org/"), True, "HTTP 200")]
    assert report(results, date(2026, 11, 27), "/{slug}/") == (
        "Checked on 2026-11-27: 1 links of the listed spaces, 0 dead.\n\nEvery website answered. Nothing to do.\n")
