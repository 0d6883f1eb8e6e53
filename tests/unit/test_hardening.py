"""The small pieces of the hardening: the CSP's tile source, story sanitising, control characters."""
from __future__ import annotations

import pytest

from landhub_spaces.problems import BuildStopped
from landhub_spaces.security import content_security_policy, tile_source
from landhub_spaces.story_html import sanitise_story_html
from landhub_spaces.text import render_markdown

from .helpers import edit, good_text


@pytest.mark.parametrize("url, source", [
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
    ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
    ("https://tiles.example.net:8443/a/{z}/{x}/{y}@2x.png?key=1", "https://tiles.example.net:8443"),
])
def test_the_tile_source_is_the_servers_origin(url, source):
    assert tile_source(url) == source
    assert f"img-src 'self' data: {source};" in content_security_policy({"MAP_TILES_URL": url})


@pytest.mark.parametrize("url", ["tile.openstreetmap.org/{z}/{x}/{y}.png", "ftp://x.org/{z}",
                                 "https://{s}-tiles.example.org/{z}/{x}/{y}.png", "javascript:alert(1)"])
def test_a_tile_address_the_policy_cannot_name_stops_the_build(url):
    with pytest.raises(BuildStopped, match="MAP_TILES_URL"):
        tile_source(url)


def test_story_html_keeps_what_markdown_writes_and_drops_script():
    html = ('<h2 id="fra-ide">Fra idé</h2><p><a href="{filename}/stories/x.md">x</a> '
            '<img src="{static}/images/a.jpg" alt="a"> <sup id="fnref:1"><a class="footnote-ref" '
            'href="#fn:1">1</a></sup></p><table><tbody><tr><th scope="col">a</th></tr></tbody></table>'
            '<pre><code class="language-yaml">a: 1</code></pre>')
    assert sanitise_story_html(html) == (html.replace('id="', 'id="s-').replace('href="#', 'href="#s-'))
    dirty = ('<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">b</a>'
             '<img src="https://tracker.example/p.gif" alt="c"><iframe src="/x"></iframe>'
             '<style>p{}</style>\x1b[31m</p>')
    assert sanitise_story_html(dirty) == "<p>a<a>b</a>[31m</p>"


def test_story_ids_cannot_take_over_the_pages_own():
    """A heading "Map space" (or raw HTML) would otherwise be the #map-space the map looks for."""
    html = sanitise_story_html('<h2 id="map-space">Map space</h2><p><a href="#map-space">op</a> '
                               '<a href="{filename}/stories/x.md#top">x</a> <a href="https://e.dk/#top">e</a></p>')
    assert html == ('<h2 id="s-map-space">Map space</h2><p><a href="#s-map-space">op</a> '
                    '<a href="{filename}/stories/x.md#s-top">x</a> <a href="https://e.dk/#top">e</a></p>')


def test_story_html_reads_back_as_written():
    """A removed <button> leaves a <p> inside a <p>; cleaned again, the HTML is what a browser reads."""
    html = sanitise_story_html("<p>a<button>b</p>c")
    assert sanitise_story_html(html) == html.replace('id="', 'id="s-')
    assert "<p></p></p>" not in html


def test_an_image_from_another_host_is_left_out_whole():
    html = ('<p><img src="//x.example/a.png" alt="a"><img alt="b" src="{static}/images/b.jpg">'
            '<img alt="c&quot;>" src="https://x.example/c.png"><img alt="no src"></p>')
    assert sanitise_story_html(html) == '<p><img alt="b" src="{static}/images/b.jpg"></p>'


def test_descriptions_lose_control_characters_even_from_entities():
    assert render_markdown("a &#14; b &#x1b; c &amp; d") == "<p>a  b  c &amp; d</p>"


def test_a_control_character_in_a_text_field_is_refused_at_its_line(site):
    text = edit(good_text(), "public_transport: Bus 322 stops 200 m away",
                'public_transport: "Bus 322 \\u001b[31m stops"')
    problems = site.problems("cowork-klitmoeller.yaml", text)
    assert len(problems) == 1, problems
    # one line of ordinary characters is the schema's rule: its message names the character
    assert problems[0].startswith("spaces/cowork-klitmoeller.yaml:28: public_transport: "
                                  "`Bus 322 \\u001b[31m stops` is not valid; write it on one line of "
                                  "ordinary characters (no control"), problems


def test_a_name_with_a_control_character_gets_one_message(site):
    text = edit(good_text(), "name: Cowork Klitmøller", 'name: "Cowork\\u0007 Klitmøller"')
    problems = site.problems("cowork-klitmoeller.yaml", text)
    assert len(problems) == 1 and ":1: name: " in problems[0], problems
    assert "contains the control character" not in problems[0], "the schema's message, once"


def test_a_link_without_a_usable_address_stays_valid_html():
    """nh3 removes a javascript: href but would leave rel, which needs an href."""
    assert render_markdown("[klik](javascript:alert(1))") == "<p><a>klik</a></p>"


@pytest.mark.parametrize("written, encoded", [
    ('https://example.org/" onmouseover="x', "https://example.org/%22%20onmouseover=%22x"),
    ("https://example.org/a[1]|b{c}^`", "https://example.org/a%5B1%5D%7Cb%7Bc%7D%5E%60"),
    ("https://example.org/?q=100%&r=%41", "https://example.org/?q=100%25&r=%41"),
    ("https://[2001:db8::1]/x", "https://[2001:db8::1]/x"),
    ("https://example.org/p#a#b", "https://example.org/p#a%23b"),
    ("https://rødby.dk/ø", "https://rødby.dk/ø"),
])
def test_link_addresses_are_encoded_where_a_url_may_not_hold_a_character(written, encoded):
    html = render_markdown(f"[a](<{written}>)")
    assert f'href="{encoded}"' in html.replace("&amp;", "&"), html


def test_story_links_keep_pelicans_placeholders():
    html = sanitise_story_html('<a href="{filename}/stories/x.md">x</a><img src="{static}/a b.jpg" alt="">')
    assert html == '<a href="{filename}/stories/x.md">x</a><img src="{static}/a%20b.jpg" alt="">'
