"""Real validators over the built output: the W3C Nu HTML checker (npm vnu-jar, run with the
system's Java) finds no error on any page, and LinkChecker (PyPI) finds no broken internal link
or image on the site as served over HTTP. External links are not followed: the tests run offline.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import output_scan
from landhub_spaces.local_server import start_server
from site_helpers import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LINKCHECKER = Path(sys.executable).with_name("linkchecker")


def java() -> str:
    found = shutil.which("java")
    if not found:
        pytest.fail("java is missing: the HTML checker needs Java 11 or later "
                    "(`apt-get install default-jre-headless`; .ci/run does)", pytrace=False)
    return found


def vnu_errors(pages: list[Path], root: Path) -> list[str]:
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: run `make setup` (npm ci installs vnu-jar)", pytrace=False)
    done = subprocess.run([java(), "-jar", str(VNU), "--errors-only", "--format", "json",
                           *map(str, pages)], capture_output=True, text=True, encoding="utf-8",
                          timeout=600)
    report = json.loads(done.stderr or done.stdout)
    errors = []
    for message in report["messages"]:
        where = message.get("url", "").removeprefix("file:")
        try:
            where = Path(where).relative_to(root).as_posix()
        except ValueError:
            pass
        errors.append(f"{where}:{message.get('lastLine', '?')}: {message['type']}: {message['message']}"
                      f" | {message.get('extract', '').strip()[:100]}")
    assert done.returncode in (0, 1), done.stderr
    assert (done.returncode == 1) == bool(errors), "vnu's exit code and its report disagree"
    return errors


@pytest.fixture(scope="module", params=["real", "published", "untrusted", "xss"])
def built(request):
    """Every site the tests build: the project (development and production settings), the
    hostile space file and the payload site. Their markup is valid whatever the content."""
    fixture = {"real": "real_site", "published": "published_site",
               "untrusted": "untrusted_site", "xss": "xss_site"}[request.param]
    value = request.getfixturevalue(fixture)
    return getattr(value, "output", value)


def test_the_nu_html_checker_finds_no_error_on_any_page(built):
    pages = output_scan.html_pages(built)
    assert pages
    errors = vnu_errors(pages, built)
    assert not errors, f"{len(errors)} error(s):\n" + "\n".join(errors[:40])


def test_the_nu_html_checker_reports_errors(tmp_path):
    """The control: a page with a known error is reported, so a clean report means something."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html lang=da><head><title>x</title></head>"
                    "<body><p><div>nested</div></p><img src=a.png></body></html>", encoding="utf-8")
    errors = vnu_errors([page], tmp_path)
    assert any("alt" in e for e in errors) and any("No “p” element" in e or "p" in e for e in errors), errors


# --- LinkChecker ------------------------------------------------------------------------------

def linkcheck(base: str, paths: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    if not LINKCHECKER.is_file():
        pytest.fail(f"{LINKCHECKER} is missing: run `make setup` (requirements.txt pins LinkChecker)",
                    pytrace=False)
    config = tmp_path / "linkcheckerrc"
    # Internal URLs only (the default): anything off 127.0.0.1 is never fetched. mailto: and
    # tel: would need DNS; they are the space's own details, checked by the validator.
    config.write_text("[checking]\nthreads=8\ntimeout=20\n[filtering]\n"
                      "ignore=\n  ^mailto:\n  ^tel:\n[output]\nstatus=0\nwarnings=0\n", encoding="utf-8")
    return subprocess.run([str(LINKCHECKER), "--config", str(config), "--no-status",
                           "-o", "text", *[base + p for p in paths]],
                          capture_output=True, text=True, encoding="utf-8", timeout=600)


def page_urls(output: Path) -> list[str]:
    """Every page as a start, so a page no link leads to (404.html) is checked too."""
    return ["/" + p.relative_to(output).as_posix().removesuffix("index.html")
            for p in output_scan.html_pages(output)]


def test_linkchecker_finds_no_broken_internal_link_or_image(real_site, tmp_path):
    httpd, base = start_server(real_site)
    try:
        done = linkcheck(base, page_urls(real_site), tmp_path)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert done.returncode == 0, f"LinkChecker (exit {done.returncode}):\n{done.stdout[-4000:]}\n{done.stderr[-2000:]}"
    assert " 0 errors found" in done.stdout, done.stdout[-2000:]
    counted = re.search(r"(\d+) links? in (\d+) URLs? checked", done.stdout)
    assert counted and int(counted.group(2)) > len(page_urls(real_site)), (
        "LinkChecker followed the links in the pages: " + done.stdout[-500:])


def test_linkchecker_reports_a_broken_link(tmp_path):
    """The control: a missing page and a missing image are reported."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<!DOCTYPE html><html lang="da"><head><title>x</title></head><body>'
        '<a href="/missing/">x</a><img src="/gone.png" alt="y"></body></html>', encoding="utf-8")
    httpd, base = start_server(site)
    try:
        done = linkcheck(base, ["/"], tmp_path)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert done.returncode == 1, done.stdout
    assert "/missing/" in done.stdout and "/gone.png" in done.stdout, done.stdout
