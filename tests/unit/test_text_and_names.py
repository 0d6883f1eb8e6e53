"""Slugs, name folding, phone normalisation and the Markdown of descriptions."""
from __future__ import annotations

import pytest

from landhub_spaces.model import normalise_phone
from landhub_spaces.slugs import SLUG_PATTERN, fold, slugify
from landhub_spaces.text import render_markdown


@pytest.mark.parametrize("name, slug", [
    ("Cowork Klitmøller", "cowork-klitmoeller"),
    ("Bright Park Bornholm", "bright-park-bornholm"),
    ("ÆRØ Ærøskøbing", "aeroe-aeroeskoebing"),
    ("Café Åbenrå", "cafe-aabenraa"),
    ("Høje-Taastrup", "hoeje-taastrup"),
    ("  --Kontor  &  Co.--  ", "kontor-co"),
    ("M8 / Maltfabrikken", "m8-maltfabrikken"),
    ("Straße", "strasse"),
    ("<img src=x onerror=alert(1)> `${alert(1)}`", "img-src-x-onerror-alert-1-alert-1"),
])
def test_slugify(name, slug):
    assert slugify(name) == slug
    assert SLUG_PATTERN.match(slug)


def test_slugify_reads_decomposed_danish_letters_as_danish():
    # macOS and some editors write å as a + U+030A; the slug must not become "abenra"
    assert slugify("A\u030abenra\u030a") == "aabenraa"


def test_slug_pattern():
    for good in ("a", "cowork-klitmoeller", "m8", "a-1-b"):
        assert SLUG_PATTERN.match(good)
    for bad in ("", "-a", "a-", "a--b", "A", "a_b", "æ", "a b", "a.yaml"):
        assert not SLUG_PATTERN.match(bad)


@pytest.mark.parametrize("a, b", [
    ("Klitmøller", "KLITMOELLER"), ("Åbenrå", "aabenraa"), ("Ærø", "aeroe"), ("Åbenrå", "A\u030abenra\u030a"),
    ("Høje-Taastrup", "hoeje taastrup"), ("Thisted", "  thisted "),
])
def test_fold_treats_danish_spellings_alike(a, b):
    assert fold(a) == fold(b)


def test_fold_keeps_different_places_apart():
    assert fold("Klitmøller") == "klitmoeller"
    assert fold("Høje-Taastrup") == "hoeje taastrup"
    assert fold("Thisted") != fold("Thisted Kommune")


@pytest.mark.parametrize("written, shown", [
    ("+45 12 34 56 78", "+45 12 34 56 78"), (12345678, "+45 12 34 56 78"), ("12345678", "+45 12 34 56 78"),
    ("+4512345678", "+45 12 34 56 78"), ("12-34-56-78", "+45 12 34 56 78"), ("+45 1234 5678", "+45 12 34 56 78"),
    ("02345678", "+45 02 34 56 78"),
])
def test_normalise_phone(written, shown):
    assert normalise_phone(written) == shown


# --- Markdown from strangers ------------------------------------------------------------------

@pytest.mark.parametrize("markdown, html", [
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("Hej <b>du</b>", "<p>Hej &lt;b&gt;du&lt;/b&gt;</p>"),
    ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
    ("<a href='https://x.dk'>x</a>", "<p>&lt;a href='https://x.dk'&gt;x&lt;/a&gt;</p>"),
    ("<!-- hidden -->", "<p>&lt;!-- hidden --&gt;</p>"),
    ("<div>\n<iframe src=https://x.dk></iframe>\n</div>",
     "<p>&lt;div&gt;\n&lt;iframe src=https://x.dk&gt;&lt;/iframe&gt;\n&lt;/div&gt;</p>"),
])
def test_raw_html_is_shown_as_text(markdown, html):
    assert render_markdown(markdown) == html


@pytest.mark.parametrize("link", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java&#x73;cript:alert(1)", "data:text/html,x",
    "vbscript:x",
])
def test_dangerous_links_lose_their_target(link):
    # no href, so no rel either (rel without href is invalid HTML)
    assert render_markdown(f"[klik]({link})") == "<p><a>klik</a></p>"


@pytest.mark.parametrize("markdown, html", [
    ("[web](https://example.dk/)", '<p><a href="https://example.dk/" rel="nofollow noopener ugc">web</a></p>'),
    ("<https://example.dk>",
     '<p><a href="https://example.dk" rel="nofollow noopener ugc">https://example.dk</a></p>'),
    ("[mail](mailto:info@example.dk)",
     '<p><a href="mailto:info@example.dk" rel="nofollow noopener ugc">mail</a></p>'),
    ("**fed** *kursiv* `kode`", "<p><strong>fed</strong> <em>kursiv</em> <code>kode</code></p>"),
    ("- fiber\n- køkken", "<ul>\n<li>fiber</li>\n<li>køkken</li>\n</ul>"),
    ("1. ét\n2. to", "<ol>\n<li>ét</li>\n<li>to</li>\n</ol>"),
    ("> citat", "<blockquote>\n<p>citat</p>\n</blockquote>"),
    ("### Priser\n\n#### Dagspas", "<h3>Priser</h3>\n<h4>Dagspas</h4>"),
    ("linje  \nto", "<p>linje<br>\nto</p>"),
])
def test_allowed_markup_is_kept_and_links_get_rel(markdown, html):
    assert render_markdown(markdown) == html


def test_tags_outside_the_allow_list_are_dropped_but_their_text_kept():
    # a page has one h1 (the space's name): a heading in a description becomes text
    assert render_markdown("# Stor\n\nTekst") == "Stor\n<p>Tekst</p>"
    assert render_markdown("![logo](https://example.dk/logo.png)") == "<p></p>"


def test_link_attributes_cannot_be_smuggled_in():
    assert render_markdown('[x](https://example.dk/" onmouseover="alert(1))') == (
        '<p><a href="https://example.dk/%22%20onmouseover=%22alert(1" rel="nofollow noopener ugc">'
        "x</a>)</p>"
    )
