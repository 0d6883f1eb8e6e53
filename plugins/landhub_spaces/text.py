"""Markdown from strangers, made safe: raw HTML shown as text, then sanitised by nh3."""
from __future__ import annotations

import re

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


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=[], output_format="html")
    # Raw HTML is text in a space description: without these, Markdown passes it through.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.inlinePatterns.deregister("entity")
    return md


_MD = _markdown()


def render_markdown(text: str) -> str:
    """Markdown -> HTML that can only contain the allowed tags, attributes and link schemes."""
    html = _MD.reset().convert(text)
    return without_controls(nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    ))
