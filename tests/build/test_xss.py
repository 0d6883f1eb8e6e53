"""Every payload of tests/xss_payloads.py in every text field of a space and of a story: the
validator refuses it or the site shows it as text, and nothing in the built output can run it.

The scan (tests/output_scan.py) reads every HTML page, feed and export that the build wrote,
whatever template or plugin wrote it, and the real site is held to the same rules.
tests/browser/test_xss_browser.py opens the same pages in Chromium.
"""
from __future__ import annotations

import re

import pytest

import output_scan
from site_helpers import page, text_of
from xss_payloads import EVALUATED, PAYLOADS, SPACE_FIELDS, payloads, space_name

# Markup that would be live if any payload had been written into a page as HTML.
LIVE_MARKUP = ("<script>alert", "<SCRIPT SRC", "<img src=x", "<svg/onload", "<body onload",
               "<details open", "<iframe", "<object", "<style>", "<base href", "<meta http-equiv=refresh",
               "<form action=javascript")


CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What the schema's one-line texts may not hold (SPACE_FORMAT.md: name, and "one line").
NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\u061c\u2028\u2029\ufeff]")


def words(text: str) -> str:
    return " ".join(text.split())


def shown(text: str) -> str:
    """What a page may show of a story's text: control characters are dropped."""
    return words(CONTROLS.sub("", text))


@pytest.fixture(scope="module", params=["xss", "real"])
def any_site(request, xss_site, real_site):
    """The payload site and the real site: the same rules hold for both."""
    return xss_site.output if request.param == "xss" else real_site


# --- what the validator refuses ----------------------------------------------------------------

def test_every_payload_lands_in_a_field_or_is_refused_at_that_field(xss_site):
    assert len(xss_site.spaces) == len(payloads())
    for index, payload in enumerate(payloads()):
        accepted, refused = xss_site.accepted[index], xss_site.refused[index]
        assert sorted(accepted + list(refused)) == sorted(SPACE_FIELDS), index
        for field, problems in refused.items():
            fields = {p.field for p in problems}
            assert field in fields or "file" in fields, (
                f"payload {index} {payload!r} in {field}: refused for another field: {problems}")


def test_free_text_fields_take_every_payload_without_control_characters(xss_site):
    """Descriptions, transport and photo texts accept anything printable: the site must cope,
    not the rules. A raw control character (only reachable by a YAML escape) is refused; so is a
    line break, tab, bidi or zero-width character in a text the contract keeps on one line."""
    for index, payload in enumerate(payloads()):
        for field in ("public_transport", "photos[0].alt", "photos[0].credit"):
            if NOT_ONE_LINE.search(payload):
                problems = xss_site.refused[index].get(field, [])
                assert [p.field for p in problems] == [field] and "on one line of ordinary characters" \
                    in problems[0].message, (index, field, problems)
            else:
                assert field in xss_site.accepted[index], (index, field, xss_site.refused[index])
        for field in ("description.da", "description.en"):
            if CONTROLS.search(payload):
                problems = xss_site.refused[index].get(field, [])
                assert any("control character" in p.message and p.field == field for p in problems), (
                    index, field, problems)
            elif field not in xss_site.accepted[index]:  # only a long corpus line may be too long
                problems = xss_site.refused[index][field]
                assert all("characters long; at most" in p.message for p in problems), (index, problems)


def test_opening_hours_refuse_every_payload(xss_site):
    for index, refused in xss_site.refused.items():
        assert "opening_hours" in refused, f"payload {index} passed as opening hours"


# --- shown as text ------------------------------------------------------------------------------

def test_each_accepted_field_is_shown_as_written(xss_site):
    for index, payload in enumerate(payloads()):
        slug, accepted = xss_site.spaces[index], xss_site.accepted[index]
        soup = page(xss_site.output, f"/spaces/{slug}/")
        text = words(text_of(soup))
        if "name" in accepted:
            assert words(text_of(soup.find("h1"))) == words(space_name(index, payload)), index
        for field in ("address.street", "address.town", "public_transport", "photos[0].credit"):
            if field in accepted:
                assert words(payload) in text, f"payload {index} in {field} not shown as text"
        if "photos[0].alt" in accepted:
            alts = {img.get("alt") for img in soup.find_all("img")}
            assert payload in alts, f"payload {index}: alt text changed: {alts}"


def test_the_projects_own_payloads_all_make_a_story(xss_site):
    """Only payloads from a local LANDHUB_XSS_CORPUS may be refused by the story rules."""
    own = set(range(len(PAYLOADS)))
    assert not own & set(xss_site.refused_stories), xss_site.refused_stories


def test_a_payload_as_the_address_of_an_image_from_elsewhere_stops_the_build_at_it(xss_site):
    """`![billede](https://...)` or `(data:...)` would be dropped by the sanitiser: the story
    rules name it instead (and the story is built again without that image)."""
    expected = {index for index, payload in enumerate(PAYLOADS)
                if payload.startswith(("data:", "<https://"))}
    assert expected and expected <= set(xss_site.refused_images), xss_site.refused_images
    for index in expected:
        assert any(f"xss-historie-{index:03d}.md:" in line and ": text: the image " in line
                   for line in xss_site.refused_images[index]), xss_site.refused_images[index]


def test_story_title_and_tags_are_shown_as_written(xss_site):
    for index, payload in enumerate(payloads()):
        if index in xss_site.refused_stories:
            continue
        one_line = " ".join(payload.splitlines())
        soup = page(xss_site.output, f"/stories/xss-historie-{index:03d}/")
        assert words(text_of(soup.find("h1"))) == shown(f"Historie {index:03d} {one_line}"), index


def test_template_syntax_is_never_evaluated(xss_site, real_site):
    soup = page(xss_site.output, f"/spaces/{xss_site.spaces[payloads().index('x{{ 7*7 }}x')]}/")
    assert "x{{ 7*7 }}x" in text_of(soup)
    for output in (xss_site.output, real_site):
        assert not output_scan.site_files_containing(output, EVALUATED)


def test_no_page_holds_live_markup_from_a_payload(xss_site):
    for path in output_scan.html_pages(xss_site.output):
        raw = path.read_text(encoding="utf-8")
        for markup in LIVE_MARKUP:
            assert markup not in raw, f"{path.relative_to(xss_site.output)}: {markup!r} written as HTML"


# --- the whole output, scanned ----------------------------------------------------------------------

def test_every_page_runs_only_the_sites_own_scripts(any_site):
    pages = output_scan.html_pages(any_site)
    assert pages
    findings = [f for path in pages for f in output_scan.page_findings(path, any_site)]
    assert not findings, "\n".join(findings[:40])


def test_feeds_carry_no_script(any_site):
    findings = output_scan.feed_findings(any_site)
    assert not findings, "\n".join(findings[:40])


def test_no_file_holds_a_control_character(any_site):
    findings = output_scan.control_character_findings(any_site)
    assert not findings, "\n".join(findings[:40])


def test_exports_parse_and_hold_no_formula(any_site):
    findings = output_scan.export_findings(any_site)
    assert not findings, "\n".join(findings[:40])


def test_the_scan_finds_what_it_looks_for(tmp_path):
    """The scanner itself: each kind of foreign markup is reported (a scan that finds nothing
    because it reads nothing would pass every test above)."""
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "ok.js").write_text("")
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html><head><script src="/theme/ok.js"></script>'
        '<script>alert(1)</script><script src="https://cdn.example/x.js"></script>'
        '<script type="application/ld+json">{"a": "</script>"}</script>'
        '<link rel="stylesheet" href="https://fonts.example/x.css"></head>'
        '<body><a href="java\tscript:alert(1)">x</a><img src="data:image/png;base64,AA" onerror="x()">'
        '<img srcset="/a.png 1x, javascript:alert(1) 2x"><div style="color:red"></div>'
        '<form action="https://evil.example/"></form><iframe src="/x"></iframe></body></html>',
        encoding="utf-8")
    found = "\n".join(output_scan.page_findings(bad, tmp_path))
    for expected in ("inline <script>", "cdn.example/x.js'> is not on this site", "JSON-LD",
                     "fonts.example", "javascript: scheme", "data: scheme", "onerror",
                     "srcset", "inline style", "sends to another site", "<iframe>"):
        assert expected in found, f"{expected!r} not reported:\n{found}"
    assert output_scan.page_findings(tmp_path / "bad.html", tmp_path)
