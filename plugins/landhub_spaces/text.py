"""Markdown from strangers, made safe: raw HTML shown as text, then sanitised by nh3."""
from __future__ import annotations

import re
from urllib.parse import quote

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Control characters, also those an entity such as &#14; decodes to: nh3 writes them raw, and a
# page (or the Atom feed, which XML 1.0 forbids them in) has no use for them. Tab and newline stay.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    return _CONTROLS.sub("", text)


# Characters a URL may not hold as written (RFC 3986), and a % that starts no escape: encoded,
# a stranger's link still works and the page stays valid HTML. Left as they are: an IPv6 host
# in brackets, and for stories (pelican_links) Pelican's {static}/{filename}, replaced later.
_URL_UNSAFE = re.compile('[\x00-\x20"<>\\\\^`{|}\\[\\]\x7f\ufffd-\uffff]|%(?![0-9A-Fa-f]{2})')
_IPV6_HOST = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\[[0-9a-fA-F:.]*\]")
_PELICAN_LINK = re.compile(r"^\{[a-z]+\}")


def encode_url_unsafe(value: str, pelican_links: bool = False) -> str:
    kept = _IPV6_HOST.match(value) or (pelican_links and _PELICAN_LINK.match(value))
    head = kept.group(0) if kept else ""
    address, hash_mark, fragment = value[len(head):].partition("#")
    encoded = _URL_UNSAFE.sub(lambda m: quote(m.group(), safe=""), address)
    if hash_mark:  # a fragment may hold no second "#"
        encoded += "#" + _URL_UNSAFE.sub(lambda m: quote(m.group(), safe=""), fragment).replace("#", "%23")
    return head + encoded


def _link_attribute(tag: str, attribute: str, value: str) -> str:
    return encode_url_unsafe(value) if attribute == "href" else value


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=[], output_format="html")
    # Raw HTML is text in a space description: without these, Markdown passes it through.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.inlinePatterns.deregister("entity")
    return md


_MD = _markdown()


# Text with no Markdown and nothing nh3 would change: letters, ASCII digits, spaces and common
# punctuation, no line that starts like a list (-, +, space, "1. "), no space before a line's end
# (a line break), "&" only before a space. Markdown makes that a <p> per blank-line-separated
# block and escapes "&"; nh3 keeps it as it is. Most descriptions are such text, and this path
# gives the same bytes (tests/unit/test_markdown_plain.py compares the two on near misses)
# for a twentieth of the time.
_NOT_PLAIN = re.compile(
    r"[^\w .,;:!?'\"()/%@+&\n\-\u2013\u2014\u2018\u2019\u201c\u201d\u00ab\u00bb\u2026\u20ac]"
    r"|_|(?![0-9])\d|^[-+ ]|^[0-9]+\.(?![0-9])| $|&(?! )",
    re.MULTILINE,
)
_BLANK_LINES = re.compile("\n\n+")


# **bold** within a line, the one piece of Markdown the descriptions use often ("**afventer
# bekræftelse**"): no space just inside the stars, no star inside; the rest must still be plain.
_STRONG = re.compile(r"\*\*([^\s*](?:[^*\n]*[^\s*])?)\*\*")


def _plain_html(text: str) -> str | None:
    """The HTML render_markdown gives for plain text, or None when text is not plain."""
    text = text.strip("\n")
    if "*" in text:
        if _NOT_PLAIN.search(_STRONG.sub(r"\1", text)):
            return None
        text = _STRONG.sub(r"<strong>\1</strong>", text)
    elif not text or _NOT_PLAIN.search(text):
        return None
    if "&" in text:
        text = text.replace("&", "&amp;")
    return "<p>" + "</p>\n<p>".join(_BLANK_LINES.split(text)) + "</p>"


def render_markdown(text: str) -> str:
    """Markdown -> HTML that can only contain the allowed tags, attributes and link schemes."""
    plain = _plain_html(text)
    return plain if plain is not None else _render_full(text)


# Built once: nh3.clean would build the same sanitiser again for every description.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="nofollow noopener ugc",
    strip_comments=True,
    attribute_filter=_link_attribute,
)


def _render_full(text: str) -> str:
    html = _MD.reset().convert(text)
    clean = without_controls(_CLEANER.clean(html))
    # nh3 puts rel on every <a>, also one whose href it removed (javascript:): rel needs an href
    return clean.replace('<a rel="nofollow noopener ugc">', "<a>")
