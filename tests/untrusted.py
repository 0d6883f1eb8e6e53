"""A space file written like an attack: every free-text field tries to run script.

The site must build, show every character as text, and never let any of it run: the build
tests read the files, the browser tests open every page and listen for alert().
"""
from __future__ import annotations

from pathlib import Path

from site_helpers import SyntheticSite, good_space_text, png_bytes, slugify, yaml_quote

# An HTML tag, a template-literal breakout and a backtick, all in the name.
UNTRUSTED_NAME = "<img src=x onerror=alert(1)> `${alert(1)}`"
UNTRUSTED_SLUG = slugify(UNTRUSTED_NAME)  # img-src-x-onerror-alert-1-alert-1
UNTRUSTED_DESCRIPTION = (
    "<script>alert(1)</script> and a [x](javascript:alert(1)) link, "
    "[y](JaVaScRiPt:alert(5)), <a href=\"javascript:alert(6)\">z</a> "
    "and ![i](javascript:alert(4)) and </script><script>alert(9)</script>"
)
UNTRUSTED_DESCRIPTION_EN = "<svg onload=alert(3)> **bold** <iframe src=javascript:alert(3)>"
UNTRUSTED_TRANSPORT = "<b onmouseover=alert(2)>Bus</b> 322 `${alert(2)}` </script>"
UNTRUSTED_ALT = "\"><script>alert(7)</script>"
UNTRUSTED_CREDIT = "<img src=x onerror=alert(7)>"

# A name a spreadsheet would run as a formula if the CSV wrote it as it is.
FORMULA_NAME = '=HYPERLINK("https://x.example/","klik")'
FORMULA_SLUG = slugify(FORMULA_NAME)


STORY = """Title: En historie om et sted
Date: 2026-10-01
Spaces: {slug}
Summary: Et kort resumé.

Historien nævner stedet, så dets navn står også her.
"""


def write_untrusted_site(root: Path) -> SyntheticSite:
    site = SyntheticSite(root)
    description = ("description:\n  da: |\n" + "".join(f"    {line}\n" for line in UNTRUSTED_DESCRIPTION.splitlines())
                   + "  en: " + yaml_quote(UNTRUSTED_DESCRIPTION_EN))
    site.write_space(f"{UNTRUSTED_SLUG}.yaml", good_space_text(
        UNTRUSTED_NAME,
        description=description,
        public_transport=f"public_transport: {yaml_quote(UNTRUSTED_TRANSPORT)}",
        photos=("photos:\n  - file: desk.png\n"
                f"    alt: {yaml_quote(UNTRUSTED_ALT)}\n    credit: {yaml_quote(UNTRUSTED_CREDIT)}"),
    ))
    images = site.content / "images" / "spaces" / UNTRUSTED_SLUG
    images.mkdir(parents=True)
    (images / "desk.png").write_bytes(png_bytes(64, 48))
    site.write_space(f"{FORMULA_SLUG}.yaml", good_space_text(
        FORMULA_NAME, location="location:\n  lat: 56.9552\n  lon: 8.6942"))
    site.write_story("om-stedet.md", STORY.format(slug=UNTRUSTED_SLUG))
    return site
