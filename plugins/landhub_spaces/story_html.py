"""Stories' HTML, sanitised: what an editor's Markdown makes is kept, script is not.

Stories arrive by pull request like space files, and Pelican's Markdown passes raw HTML through,
so a story's body and summary go through nh3 when Pelican creates the article (before any
template or feed sees them). The allowed set covers what Markdown with `extra` and `toc` writes
(tables, footnotes, fenced code, heading ids, images) and Pelican's {static}/{filename} links.
Titles and tags are plain text: the templates escape them.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from pelican.contents import Article
from pelican.urlwrappers import Tag

# (text.py) control characters -- a raw ESC, or one an entity like &#14; decodes to -- make the
# Atom feed unwritable (XML 1.0 forbids them): removed from body, summary, title and tags.
from .text import encode_url_unsafe, without_controls

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl",
    "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


ID_PREFIX = "s-"  # story ids never equal the page's own (map-space, main, search, ...)


def _attribute(tag: str, attribute: str, value: str) -> str | None:
    """An image from another host would tell that host who reads the story (and the CSP would
    block it anyway): its src is dropped, and then the image (the build reports it: stories.py).
    Links may point anywhere. URLs are percent-encoded where they hold what a URL may not
    (Pelican's {static} is kept). Ids
    get a prefix, and so do links to them, so a story cannot take over an element id the
    page's scripts look for (a heading "Map space" would otherwise be #map-space)."""
    if tag == "img" and attribute == "src" and _is_foreign(value):
        return None
    if attribute == "id":
        return ID_PREFIX + value
    if attribute == "href" and "#" in value and value.startswith(("#", "{filename}")):
        address, _, fragment = value.partition("#")
        value = f"{address}#{ID_PREFIX}{fragment}" if fragment else value
    if attribute in ("href", "src", "cite"):
        return encode_url_unsafe(value, pelican_links=True)
    return value


# An <img> as nh3 writes it: attribute values are always double-quoted, with `"` escaped.
_IMG = re.compile(r'<img(?: [a-z:-]+="[^"]*")*>')


def _image(match: re.Match) -> str:
    """An image whose src was dropped shows nothing and is invalid HTML: it goes entirely. One
    without alt (raw HTML) gets an empty one, so the page stays valid; Markdown always writes it."""
    tag = match.group(0)
    if ' src="' not in tag or ' src=""' in tag:
        return ""
    return tag if ' alt="' in tag else tag[:-1] + ' alt="">'


def _clean(html: str, attribute_filter=None) -> str:
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel=None, strip_comments=True, attribute_filter=attribute_filter)


def _is_foreign(src: str) -> bool:
    """An image address that is not a file of this site (another host, data:, javascript:)."""
    parts = urlsplit(src.strip())
    return bool(parts.scheme or parts.netloc or src.strip().startswith(("//", "\\")))


class _ImageSources(HTMLParser):
    """The src of every <img> in a piece of HTML, entities decoded ("" where it has none)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources.append(next((v or "" for k, v in attrs if k == "src"), "").strip())

    handle_startendtag = handle_starttag


def foreign_images(html: str) -> list[str]:
    """The images from another site (http:, https:, //host) or written into the text (data:)
    that the sanitiser will drop, each once: the story check reports them, so an image an editor
    meant to show never goes missing without a word. (nh3 removes a data: src before its filter
    sees it, so the HTML is read here, before cleaning.) A javascript: src is script, not an
    image: it is dropped as before."""
    reader = _ImageSources()
    reader.feed(html)
    reader.close()
    return list(dict.fromkeys(src for src in reader.sources if _from_elsewhere(src)))


def _from_elsewhere(src: str) -> bool:
    parts = urlsplit(src)
    return (parts.scheme.lower() in ("http", "https", "data") or bool(parts.netloc)
            or src.startswith(("//", "\\")))


def sanitise_story_html(html: str) -> str:
    clean = without_controls(_clean(without_controls(html), _attribute))
    # Some trees cannot be written as they are (a <p> left inside a <p> by a removed <button>):
    # what a browser reads back differs. Cleaning again until nothing changes gives HTML that
    # reads back as written (valid, and no second reading for a mutation to hide in).
    for _ in range(3):
        again = _clean(clean)
        if again == clean:
            break
        clean = again
    return _IMG.sub(_image, clean)


def sanitise_story(content) -> None:
    """signals.content_object_init: clean an article's body and its Summary: metadata, and take
    control characters out of its title and tags."""
    if not isinstance(content, Article):
        return
    if isinstance(content.metadata.get("title"), str):  # plain text, escaped by the templates
        content.title = content.metadata["title"] = without_controls(content.metadata["title"])
    if getattr(content, "tags", None):
        content.tags = content.metadata["tags"] = [
            tag if without_controls(tag.name) == tag.name else Tag(without_controls(tag.name), content.settings)
            for tag in content.tags]
    # images from elsewhere, which cleaning drops: stories.py reports each at its line
    content.foreign_images = foreign_images(content._content or "")
    content._content = sanitise_story_html(content._content or "")
    # Pelican keeps the Summary: in two places and copies _summary back over the metadata later
    # (refresh_metadata_intersite_links), so both are cleaned.
    if isinstance(content.metadata.get("summary"), str):
        content.foreign_images += [src for src in foreign_images(content.metadata["summary"])
                                   if src not in content.foreign_images]
        content.metadata["summary"] = sanitise_story_html(content.metadata["summary"])
    if isinstance(getattr(content, "_summary", None), str):
        content._summary = sanitise_story_html(content._summary)
