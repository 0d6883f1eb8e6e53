"""render_markdown's plain-text path (text._plain_html) gives exactly the bytes of the full path
(Python-Markdown, then nh3) for every text it takes, and leaves every other text to that path.

Texts are made of plain words and the near misses that change Markdown's or nh3's output:
emphasis (bold is taken when simple), code, links, raw HTML, entities, list and heading starts, indentation, line breaks
(two trailing spaces), tabs, carriage returns, controls, non-ASCII digits and spaces."""
from __future__ import annotations

import os

from hypothesis import example, given, settings
from hypothesis import strategies as st

from landhub_spaces.text import _plain_html, _render_full, render_markdown

EXAMPLES = int(os.environ.get("LANDHUB_FUZZ_EXAMPLES", "1500"))

WORDS = ["Kontorfællesskab", "i", "Nørre", "Vorupør", "m²", "40-60", "1.200", "kr.", "2019",
         "(marts", "2023)", '"Klub"', "’s", "–", "—", "…", "€", "«", "»", "ÆØÅ", "naïve", "½",
         "https://example.dk/side?a=1", "info@example.dk", "100%", "a/b", "ja!", "nej?", "x;y:z",
         "+45", "@", "&", "Bed & Breakfast", "**afventer bekræftelse**", "**ekskl. moms**",
         "**x**", "**1.**", "**Bed & Breakfast**", "**a** **b**"]
NEAR_MISSES = ["*", "**", "_", "__", "`", "[", "]", "(", ")", "<", ">", "&", "&amp;", "&#14;",
               "&eacute;", "&#x41;", "#", "##", "1.", "1. ", "12. ", "1)", "-", "- ", "--", "---",
               "+ ", "* ", "=", "===", " ", "  ", "   ", "    ", "\t", "\r", "\r\n", "\n", "\n\n",
               "\n\n\n", " \n", "  \n", "\\", "\\*", "\x00", "\x02", "\x03", "\x0b", "\x0c",
               "\x7f", "\x85", "\u00a0", "\u2028", "\ufeff", "\u0663. ", "\u0663", "\u0301", "!",
               "![", "<http://x.dk>", "<a@b.dk>", "[a](http://x.dk)", "~", "|", "{", "}", "^",
               "$", "***", "** ", " **", "**a", "b**", "****", "**\n", "\n**", "\ud800",
               "\U0001f600", "ﬁ", "Ⅻ", "²", "\u200b", "\u202e", "'", '"', ":", "=\n"]
PIECES = st.sampled_from(WORDS + NEAR_MISSES + [" ", " ", "\n", "\n\n", ". "])
SEPARATORS = [" ", " ", " ", "\n", "\n\n", "\n\n\n", ". ", ", "]
# Mostly words, so that many texts are plain, with one near miss somewhere or none.
NEARLY_PLAIN = st.tuples(
    st.lists(st.sampled_from(WORDS + SEPARATORS), max_size=30),
    st.one_of(st.just(""), st.sampled_from(NEAR_MISSES)),
    st.integers(min_value=0, max_value=30),
).map(lambda t: "".join(t[0][:t[2]]) + t[1] + "".join(t[0][t[2]:]))
TEXTS = st.one_of(st.lists(PIECES, max_size=30).map("".join), NEARLY_PLAIN)


def test_plain_descriptions_take_the_plain_path():
    # The bench's description and ones like the real files' (spaces/*.yaml) without bold.
    for text in [
        "Et kontorfællesskab i Nørre Vorupør med plads til iværksættere, pendlere og foreninger. "
        "Kom forbi til en kop kaffe og en dag ved skrivebordet.",
        "Kontorfællesskab i Silkeborg for soloselvstændige, freelancere og specialeskrivende.\n\n"
        "Oplysningerne er fra stedets retningslinjer, dateret 1. februar 2020.\nKilden nævner "
        "ingen priser.\n",
        'Kontorfællesskab på 165 m² i Motorfabrikken i Marstal. Et "Klub"-medlemskab koster\n'
        "1.200 kr. om måneden (40-60 små virksomheder) – ifølge fyens.dk & nordjyske.dk.\n",
        "Bookingsiden ligger i Nexø. **Byen afventer bekræftelse**,\nog punktet viser kun byen.\n",
        "3.300 kr. i kvartalet eller 12.000 kr. om året, alle **ekskl. moms**.\n",
    ]:
        assert _plain_html(text) is not None
        assert render_markdown(text) == _render_full(text)


@settings(max_examples=EXAMPLES, deadline=None)
@given(TEXTS)
@example("a\n\n\nb\n")
@example("\n\na b.\nc d\n\n")
@example("1.200 kr.\n2. sal")
@example("x & y &amp; z")
@example("Tekst\n---")
@example("Tekst\n===")
@example("Tekst  \nmere")
@example("    kode")
@example("a\n \nb")
@example("**a**b**c**")
@example("**a b**c d**")
@example("**- a**\n**1. b**")
@example("***a***")
@example("**a\nb**")
def test_plain_path_gives_the_full_paths_bytes(text):
    plain = _plain_html(text)
    try:
        full = _render_full(text)
    except Exception:  # a text nh3 cannot take (a lone surrogate) is never plain text
        assert plain is None
        return
    if plain is not None:
        assert plain == full, repr(text)
    assert render_markdown(text) == full
