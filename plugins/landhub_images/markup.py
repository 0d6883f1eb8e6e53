"""HTML in and out: the <picture> element for a set of files, and <img> tags found in prose."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Callable, Iterable

from markupsafe import Markup, escape

# A whole <img> tag; quoted values may hold ">" (Markdown escapes it, hand-written HTML may not).
_IMG_TAG = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)


def picture_html(webp_srcset: str, fallback_srcset: str, src: str, width: int, height: int,
                 alt: str, sizes: str, loading: str = "lazy",
                 attributes: Iterable[tuple[str, str]] = ()) -> Markup:
    """One line, so it can stand inside a paragraph; every value is escaped."""
    extra = "".join(f' {name}="{escape(value)}"' for name, value in attributes)
    return Markup(
        f'<picture><source type="image/webp" srcset="{escape(webp_srcset)}" sizes="{escape(sizes)}">'
        f'<img src="{escape(src)}" srcset="{escape(fallback_srcset)}" sizes="{escape(sizes)}" '
        f'width="{int(width)}" height="{int(height)}" alt="{escape(alt)}" '
        f'loading="{escape(loading)}" decoding="async"{extra}></picture>')


def replace_img_tags(html: str, replace: Callable[[dict[str, str]], str | None]) -> str:
    """Each <img> tag handed to `replace` as its attributes; a None answer keeps the tag."""
    def one(match: re.Match) -> str:
        attributes = _attributes(match.group(0))
        if attributes is None:
            return match.group(0)
        replacement = replace(attributes)
        return match.group(0) if replacement is None else str(replacement)

    return _IMG_TAG.sub(one, html)


class _TagReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attributes = None

    def handle_starttag(self, tag, attrs):
        if self.attributes is None:
            self.attributes = {}
            for name, value in attrs:  # the first of a repeated attribute counts, as in a browser
                self.attributes.setdefault(name, value or "")

    handle_startendtag = handle_starttag


def _attributes(tag: str) -> dict[str, str] | None:
    reader = _TagReader()
    reader.feed(tag)
    reader.close()
    return reader.attributes
