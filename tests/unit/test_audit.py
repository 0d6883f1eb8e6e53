"""`invoke audit`'s parts that run without Lighthouse: the server, the pages chosen, the table.
(Lighthouse itself is slow, so `invoke audit` runs it and is not part of `make test`.)"""
from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from landhub_bench.synthetic import synthetic_space_objects
from landhub_spaces.exports import spaces_json
from landhub_spaces.local_server import start_server
from landhub_spaces.audit import (AuditFailed, Scores, pages_to_audit, scores_of,
                                  table, _quoted)

SPACES = Path(__file__).resolve().parents[2] / "spaces"


@pytest.fixture
def served(tmp_path):
    (tmp_path / "spaces").mkdir()
    (tmp_path / "index.html").write_text("<h1>Forside</h1>" * 50, encoding="utf-8")
    (tmp_path / "404.html").write_text("<h1>Siden findes ikke</h1>", encoding="utf-8")
    (tmp_path / "dot.png").write_bytes(b"\x89PNG not really")
    server, base = start_server(tmp_path)
    yield base
    server.shutdown()
    server.server_close()


def get(url, gzip_ok=True):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_text_is_gzipped_like_github_pages(served):
    status, headers, body = get(served + "/")
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body).decode() == "<h1>Forside</h1>" * 50
    assert headers["Cache-Control"] == "max-age=600"
    status, headers, body = get(served + "/", gzip_ok=False)
    assert "Content-Encoding" not in headers and body.startswith(b"<h1>Forside")


def test_images_are_sent_as_they_are(served):
    status, headers, body = get(served + "/dot.png")
    assert status == 200 and "Content-Encoding" not in headers and body == b"\x89PNG not really"


def test_a_missing_page_gets_the_404_page(served):
    status, headers, body = get(served + "/no/such/page/")
    assert status == 404
    assert gzip.decompress(body).decode() == "<h1>Siden findes ikke</h1>"


def _spaces_json(tmp_path, statuses: dict[str, str], site: str = "") -> None:
    """spaces.json as the build writes it, for spaces a, b, c, ... in one town."""
    first = synthetic_space_objects(1, SPACES)[0]
    spaces = [replace(first, slug=slug, name=slug.upper(), status=status) for slug, status in statuses.items()]
    text = spaces_json(spaces, {slug: f"{site}/spaces/{slug}/" for slug in statuses})
    (tmp_path / "spaces.json").write_text(text, encoding="utf-8")


def test_the_pages_are_home_the_first_open_space_directory_and_finder(tmp_path):
    _spaces_json(tmp_path, {"a": "closed", "b": "open", "c": "open"})
    assert pages_to_audit(tmp_path, {}) == [("home", "/"), ("space", "/spaces/b/"),
                                            ("directory", "/spaces/"), ("finder", "/find/")]
    _spaces_json(tmp_path, {"a": "closed", "b": "open"}, site="https://landhub.dk")  # a production build
    assert pages_to_audit(tmp_path, {})[1] == ("space", "/spaces/b/")


def test_no_open_space_stops_the_audit(tmp_path):
    _spaces_json(tmp_path, {"a": "closed", "b": "planned"})
    with pytest.raises(AuditFailed, match="no open space"):
        pages_to_audit(tmp_path, {})


def test_a_report_without_scores_fails_the_audit():
    result = {"categories": {"performance": {"score": None}, "accessibility": {"score": 1},
                             "best-practices": {"score": 1}, "seo": {"score": 1}}}
    with pytest.raises(AuditFailed, match="performance"):
        scores_of("home", "/", result)


def test_scores_become_a_markdown_table():
    result = {"categories": {"performance": {"score": 0.874}, "accessibility": {"score": 1},
                             "best-practices": {"score": 0.96}, "seo": {"score": 1}},
              "runWarnings": ["slow CPU"]}
    row = scores_of("home", "/", result)
    assert row == Scores("home", "/", (87, 100, 96, 100), ("slow CPU",))
    assert table([row]).splitlines() == [
        "| page | path | performance | accessibility | best practices | SEO |",
        "|---|---|---:|---:|---:|---:|",
        "| home | `/` | 87 | 100 | 96 | 100 |",
    ]


def test_chrome_flags_with_spaces_are_quoted_for_chrome_launcher():
    assert _quoted("--no-sandbox") == "--no-sandbox"
    assert _quoted("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1") == (
        "--host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'")
