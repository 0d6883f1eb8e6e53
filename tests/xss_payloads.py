"""The project's own XSS payloads, and a site that carries them in every text field.

Each payload goes into every free-text field of one space file (name, street, town, both
descriptions, public transport, photo alt and credit, opening hours) and of one story (title,
summary, body, tags). A field whose rules refuse the payload must refuse it (the validator
says so, and it never reaches a page); everywhere else it must show as text and never run.

What a payload would do if it ran: call alert() (the browser tests trap dialogs) or set
window.__xss (they read it). A template that evaluated `{{ 7*7 }}` would write 49 between the
x's: `x49x` must appear nowhere.

LANDHUB_XSS_CORPUS=/path/to/payloads.txt adds one payload per line for a local run (for
example the larger public corpus in ../shared/security/); it is never committed here.
"""
from __future__ import annotations

import io
import os
import re
import sys
from contextlib import redirect_stderr
from dataclasses import dataclass, field
from pathlib import Path

from landhub_spaces.slugs import slugify
from site_helpers import SyntheticSite

FLAG = "__xss"  # window.__xss is set by any payload that runs without a dialog
EVALUATED = "x49x"  # what `x{{ 7*7 }}x` would become in a template that ran it

PAYLOADS: tuple[str, ...] = (
    # tags and handlers
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=window.__xss=1>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<object data=javascript:alert(1)></object>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>body{display:none}</style>",
    "<base href=//evil.example/>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button formaction=javascript:alert(1)>x</button></form>",
    "<img srcset=\"x 1x, javascript:alert(1) 2x\" src=x>",
    # attribute and element break-outs
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "\" onmouseover=\"alert(1)",
    "' autofocus onfocus='window.__xss=1",
    "</script><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "]]><script>alert(1)</script>",
    # URLs
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "[klik](javascript:alert(1))",
    "[klik](JAVASCRIPT:window.__xss=1)",
    "[klik](data:text/html,<script>alert(1)</script>)",
    "![billede](javascript:alert(1))",
    "![x](x\" onerror=\"alert(1))",
    "<a href=\"javascript:alert(1)\">klik</a>",
    "<https://example.org/\" onmouseover=\"alert(1)>",
    "[klik](vbscript:msgbox(1))",
    # script-context break-outs: JS strings, template literals, JSON
    "`${alert(1)}`",
    "${window.__xss=1}",
    "'-alert(1)-'",
    "\\\";alert(1);//",
    "\"};alert(1);//",
    "</script><img src=x onerror=alert(1)>",
    # templates
    "x{{ 7*7 }}x",
    "x{{7*7}}x {% raw %}",
    "{{ constructor.constructor('alert(1)')() }}",
    "x#{7*7}x ${7*7}",
    # entities and invisible characters
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "line\u2028separator\u2029alert(1)",
    "bidi \u202egnp.exe\u202c \u2066isolate\u2069",
    "zero\u200bwidth\u200cjoiner\u200d\ufeffbom",
    "arabic mark \u061c and nbsp\u00a0x",
    "\U0001f600 emoji <b>bold</b>",
    "control \x1b[31mred\x1b[0m \x07bell \x0e\x7f\x85 end",
    "entities &#14; &#x1b; &#0; &#x85; &#xD800; <img src=\" &#14;  javascript:alert(1);\">",
)


def payloads() -> tuple[str, ...]:
    """The committed payloads, plus LANDHUB_XSS_CORPUS's lines for a local run."""
    corpus = os.environ.get("LANDHUB_XSS_CORPUS")
    if not corpus:
        return PAYLOADS
    extra = [line for line in Path(corpus).read_text(encoding="utf-8").splitlines() if line.strip()]
    return PAYLOADS + tuple(extra)


# Every field of a space file that holds free text, with how to write it into good_space().
SPACE_FIELDS = ("name", "address.street", "address.town", "description.da", "description.en",
                "public_transport", "photos[0].alt", "photos[0].credit", "opening_hours")
STORY_FIELDS = ("title", "summary", "body", "tags")



def small_png() -> bytes:
    """A real photo file (the images plugin decodes every photo), 32 x 24 pixels."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (90, 140, 120)).save(buffer, format="PNG")
    return buffer.getvalue()


def space_name(index: int, payload: str = "") -> str:
    """Numbered, so that no two payloads make the same file name (slug)."""
    return f"XSS {index:03d} {payload}".rstrip()


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text`: line and paragraph
    separators, controls and tabs escaped (YAML would fold a raw U+2028 into a space)."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable() and ch not in "\u2028\u2029\x85":
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def space_file(index: int, values: dict[str, str]) -> tuple[str, str]:
    """(slug, YAML text) of a valid space in Thisted with `values` in the named fields."""
    name = space_name(index, values["name"]) if "name" in values else space_name(index)
    slug = slugify(name)
    q = {key: yaml_quote(value) for key, value in values.items()}
    lines = [
        f"name: {yaml_quote(name)}",
        "status: open",
        "address:",
        f"  street: {q.get('address.street', 'Ørhagevej 84')}",
        '  postcode: "7700"',
        f"  town: {q.get('address.town', 'Klitmøller')}",
        "  municipality: Thisted",
        "location:",
        f"  lat: {57.0 + index / 10_000:.4f}",
        "  lon: 8.4873",
        "description:",
        f"  da: {q.get('description.da', yaml_quote('Et kontorfællesskab.'))}",
    ]
    if "description.en" in q:
        lines.append(f"  en: {q['description.en']}")
    lines += ["website: https://example.org/",
              f"opening_hours: {q.get('opening_hours', yaml_quote('Mo-Fr 08:00-17:00'))}"]
    if "public_transport" in q:
        lines.append(f"public_transport: {q['public_transport']}")
    lines += ["photos:", "  - file: desk.png",
              f"    alt: {q.get('photos[0].alt', yaml_quote('Et skrivebord'))}"]
    if "photos[0].credit" in q:
        lines.append(f"    credit: {q['photos[0].credit']}")
    lines.append("last_verified: 2026-01-15")
    return slug, "\n".join(lines) + "\n"


def story_text(index: int, payload: str, space_slug: str) -> str:
    """A story with the payload in its title, summary, tags and body (Markdown and raw HTML).

    Metadata is one line each: a payload's line breaks become spaces there. The tag is
    numbered, so that it always has a page (a tag of only punctuation would have no address)."""
    one_line = " ".join(payload.splitlines()) or payload
    # Pelican splits tags at `;` (or `,`): one tag holds the payload without them
    tag = one_line.replace(";", " ").replace(",", " ")
    return (
        f"Title: Historie {index:03d} {one_line}\n"
        "Date: 2026-10-01\n"
        f"Slug: xss-historie-{index:03d}\n"
        f"Spaces: {space_slug}\n"
        f"Tags: xss, emne {index:03d} {tag}\n"
        f"Summary: Resumé {index:03d} {one_line}\n"
        "\n"
        f"{payload}\n\n"
        f"Et afsnit med {payload} midt i teksten.\n\n"
        f"> {payload}\n\n"
        f"- {payload}\n\n"
        f"[link]({payload}) og ![billede]({payload})\n\n"
        f"`{payload}`\n"
    )


@dataclass
class XssSite:
    """The synthetic site, and which payload went where (or was refused)."""

    site: SyntheticSite
    spaces: dict[int, str] = field(default_factory=dict)  # payload index -> space slug
    accepted: dict[int, list[str]] = field(default_factory=dict)  # payload index -> fields it is in
    refused: dict[int, dict[str, list]] = field(default_factory=dict)  # index -> field -> problems
    refused_stories: dict[int, list[str]] = field(default_factory=dict)  # index -> build messages
    # index -> build messages for a story refused only for its image from elsewhere (the payload
    # as the address of ![billede](...)): it is built again without that image
    refused_images: dict[int, list[str]] = field(default_factory=dict)

    @property
    def output(self) -> Path:
        return self.site.output


def field_problems(validator, folder: Path, index: int, field_name: str, payload: str) -> list:
    """The problems the validator finds when only `field_name` holds the payload."""
    slug, text = space_file(index, {field_name: payload})
    # a name too long for the file system is refused for its length anyway
    path = folder / f"{(slug or 'unnamed')[:120]}.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        _, problems = validator.check_file(path)
    finally:
        path.unlink()
    return problems


def write_xss_site(root: Path) -> XssSite:
    """Per payload: find the fields that accept it, then write one space with the payload in
    all of those, and one story. The validator decides acceptance; the tests check the rest."""
    from datetime import date

    from landhub_spaces.validation import SpaceValidator

    made = XssSite(SyntheticSite(root))
    spaces = made.site.spaces
    images = made.site.content / "images" / "spaces"
    validator = SpaceValidator(spaces, date(2026, 11, 27), None)
    photo = small_png()
    for index, payload in enumerate(payloads()):
        accepted, refused = [], {}
        for field_name in SPACE_FIELDS:
            problems = field_problems(validator, spaces, index, field_name, payload)
            if problems:
                refused[field_name] = problems
            else:
                accepted.append(field_name)
        slug, text = space_file(index, {f: payload for f in accepted})
        made.site.write_space(f"{slug}.yaml", text)
        (images / slug).mkdir(parents=True, exist_ok=True)
        (images / slug / "desk.png").write_bytes(photo)
        made.site.write_story(f"xss-historie-{index:03d}.md", story_text(index, payload, slug))
        made.spaces[index], made.accepted[index], made.refused[index] = slug, accepted, refused
    return made


def build_xss_site(made: XssSite) -> int:
    """Build; a story the build refuses (its rules name the file) is recorded as refused and
    left out, and the rest is built again. Any other failure is returned as it is."""
    for _ in range(5):
        said = io.StringIO()
        with redirect_stderr(said):
            code = made.site.build()
        if code == 0:
            return 0
        named = sorted(set(re.findall(r"content/stories/xss-historie-(\d{3})\.md", said.getvalue())))
        if not named:
            sys.stderr.write(said.getvalue())
            return code
        for number in named:
            index = int(number)
            lines = [line for line in said.getvalue().splitlines() if f"xss-historie-{number}.md" in line]
            story = made.site.content / "stories" / f"xss-historie-{number}.md"
            image = f" og ![billede]({payloads()[index]})"
            if index not in made.refused_images and all(": text: the image " in line for line in lines):
                made.refused_images[index] = lines
                story.write_text(story.read_text(encoding="utf-8").replace(image, ""), encoding="utf-8")
                continue
            made.refused_stories[index] = lines
            story.unlink()
    return code
