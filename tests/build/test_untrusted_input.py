"""A space file written like an attack builds, and every character of it stays text.

The site comes from tests/untrusted.py; tests/browser/test_untrusted_in_browser.py opens the
same pages in Chromium and listens for alert().
"""
from __future__ import annotations

import csv
import io
import json
import re

from landhub_spaces.exports import read_spaces_json
from site_helpers import ROOT, html_files, page, soup_of, text_of
from untrusted import (FORMULA_NAME, FORMULA_SLUG, UNTRUSTED_ALT, UNTRUSTED_CREDIT,
                       UNTRUSTED_DESCRIPTION, UNTRUSTED_NAME, UNTRUSTED_SLUG, UNTRUSTED_TRANSPORT)

ESCAPED_NAME = UNTRUSTED_NAME.replace("<", "&lt;").replace(">", "&gt;")
# Markup a page would hold if any of the file's text had been written into it as HTML.
RAW_MARKUP = ("<img src=x", "<script>alert", "<svg", "<iframe", "<b onmouseover", "</script><script>")


PAGES_LISTING_THE_SPACE = (f"/spaces/{UNTRUSTED_SLUG}/", "/spaces/", "/regions/region-nordjylland/",
                           "/municipalities/thisted/", "/stories/om-stedet/")


def test_the_name_is_text_on_every_page_that_lists_the_space(untrusted_site):
    for url in PAGES_LISTING_THE_SPACE:
        soup = page(untrusted_site.output, url)
        assert soup.find(string=lambda s: UNTRUSTED_NAME in s), f"{url}: name not shown as text"
        html = soup.decode()
        assert ESCAPED_NAME in html, f"{url}: name not escaped"


def test_the_space_page_shows_every_field_as_written(untrusted_site):
    soup = page(untrusted_site.output, f"/spaces/{UNTRUSTED_SLUG}/")
    assert text_of(soup.find("h1")) == UNTRUSTED_NAME
    assert UNTRUSTED_NAME in soup.title.string
    text = text_of(soup)
    assert " ".join(UNTRUSTED_TRANSPORT.split()) in text
    assert "<script>alert(1)</script>" in text, "raw HTML in a description is shown as text"
    images = [img for img in soup.find_all("img")
              if f"/images/spaces/{UNTRUSTED_SLUG}/" in img.get("src", "")]
    assert [img.get("alt") for img in images] == [UNTRUSTED_ALT], "alt stays inside its attribute"
    assert UNTRUSTED_CREDIT in text


def test_description_links_never_carry_javascript(untrusted_site):
    soup = page(untrusted_site.output, f"/spaces/{UNTRUSTED_SLUG}/")
    description = soup.select_one(".description")
    assert description is not None
    for a in description.find_all("a"):
        href = (a.get("href") or "").strip().lower()
        assert not href.startswith("javascript"), a


def test_no_page_holds_markup_or_handlers_from_the_file(untrusted_site):
    for path in html_files(untrusted_site.output):
        where = path.relative_to(untrusted_site.output)
        raw = path.read_text(encoding="utf-8")
        for markup in RAW_MARKUP:
            assert markup not in raw, f"{where}: {markup!r} written as HTML"
        soup = soup_of(path)
        assert not soup.find_all(["iframe", "svg", "object", "embed"]), where
        for element in soup.find_all(True):
            for attribute, value in element.attrs.items():
                value = " ".join(value) if isinstance(value, list) else value
                assert not attribute.lower().startswith("on"), f"{where}: {element.name} {attribute}"
                if attribute in ("href", "src", "action", "formaction"):
                    assert not value.strip().lower().startswith(("javascript:", "data:")), (
                        f"{where}: {attribute}={value!r}")


DATA_SCRIPT_TYPES = ("application/ld+json", "application/json")
PAYLOAD_CALL = re.compile(r"alert\([0-9]\)")  # the calls untrusted.py plants, alert(1)..alert(9)


def is_theme_copy(output, path) -> bool:
    relative = path.relative_to(output)
    source = ROOT / "theme" / "static" / relative.relative_to("theme") if relative.parts[0] == "theme" else None
    return bool(source and source.is_file() and source.read_bytes() == path.read_bytes())


def test_no_script_holds_the_payload(untrusted_site):
    output = untrusted_site.output
    for path in html_files(output):
        where = path.relative_to(output)
        for script in soup_of(path).find_all("script"):
            text = script.get_text()
            if script.get("type", "").lower() in DATA_SCRIPT_TYPES:
                # data, never run (tests/build/test_structured_data.py checks its content); it
                # must stay one JSON value that no "</script>" can end early
                assert "<" not in text and ">" not in text, f"{where}: {text[:200]}"
                json.loads(text)
            else:
                assert not PAYLOAD_CALL.search(text), f"{where}: {script}"
    # every script file the build wrote, except unchanged copies of theme/static and Leaflet
    scripts = [p for p in output.rglob("*.js") if p.relative_to(output).parts[0] != "vendor"
               and not is_theme_copy(output, p)]
    assert any(p.relative_to(output).parts[0] == "maps" for p in scripts), "map scripts written"
    for path in scripts:
        assert not PAYLOAD_CALL.search(path.read_text(encoding="utf-8")), path.relative_to(output)


def test_structured_data_holds_the_name_as_json_text(untrusted_site):
    soup = page(untrusted_site.output, f"/spaces/{UNTRUSTED_SLUG}/")
    blocks = [json.loads(s.get_text()) for s in soup.find_all("script", type="application/ld+json")]
    names = [b.get("name") for b in blocks if isinstance(b, dict)]
    assert not blocks or UNTRUSTED_NAME in names, names


def test_spaces_json_holds_the_text_with_no_raw_markup(untrusted_site):
    raw = (untrusted_site.output / "spaces.json").read_text(encoding="utf-8")
    assert "<" not in raw and ">" not in raw
    names = {space["slug"]: space["name"] for space in read_spaces_json(raw)}
    assert names[UNTRUSTED_SLUG] == UNTRUSTED_NAME


def test_spaces_geojson_holds_the_text_with_no_raw_markup(untrusted_site):
    raw = (untrusted_site.output / "spaces.geojson").read_text(encoding="utf-8")
    assert "<" not in raw and ">" not in raw
    features = {f["id"]: f["properties"] for f in json.loads(raw)["features"]}
    assert features[UNTRUSTED_SLUG]["name"] == UNTRUSTED_NAME
    assert features[UNTRUSTED_SLUG]["description_da"].strip() == UNTRUSTED_DESCRIPTION
    assert features[UNTRUSTED_SLUG]["public_transport"] == UNTRUSTED_TRANSPORT


def test_spaces_csv_holds_the_text_and_no_formula(untrusted_site):
    raw = (untrusted_site.output / "spaces.csv").read_text(encoding="utf-8")
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(raw, newline=""))}
    assert rows[UNTRUSTED_SLUG]["name"] == UNTRUSTED_NAME
    assert rows[UNTRUSTED_SLUG]["public_transport"] == UNTRUSTED_TRANSPORT
    # a spreadsheet runs a cell that starts with = + - @; the export writes it as text
    assert rows[FORMULA_SLUG]["name"] == "'" + FORMULA_NAME
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "@")), value
