"""Reading a whole built site for anything that could run script or call another host.

Generic on purpose: every HTML page under output/ (whatever template wrote it), every feed's
HTML content, every JSON, XML and CSV export. Each function returns a list of findings as
"<file>: <what>", so a test can show all of them at once.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from lxml import etree

# Attributes that hold a URL (HTML, SVG, MathML), in any element.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "imagesrcset", "poster", "data",
                  "cite", "background", "xlink:href", "ping", "longdesc", "manifest", "codebase",
                  "lowsrc", "dynsrc", "icon", "profile", "usemap"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
# Elements that never belong on our pages: each loads or runs something.
FORBIDDEN_ELEMENTS = ("iframe", "frame", "frameset", "object", "embed", "applet", "base", "style",
                      "svg", "math", "portal")
# <link rel=...> values that make the browser fetch the target.
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
                 "prefetch", "prerender", "dns-prefetch", "preconnect", "manifest", "mask-icon"}
TEXT_SUFFIXES = {".html", ".xml", ".json", ".geojson", ".csv", ".js", ".txt", ".css"}
SKIP_FOLDERS = {"pagefind", "vendor"}  # written by Pagefind and copied from npm, not from content
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def html_pages(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*.html")
                  if p.relative_to(output).parts[0] not in SKIP_FOLDERS)


def text_files(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES
                  and p.relative_to(output).parts[0] not in SKIP_FOLDERS)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_bytes(), "lxml")


def normalised_url(value: str) -> str:
    """As a browser reads it: leading/trailing controls and spaces dropped, tabs and line
    breaks removed anywhere (so `java\\tscript:` is javascript:), lower-cased scheme."""
    cleaned = re.sub(r"[\t\n\r]", "", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
                                                      "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17"
                                                      "\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    return cleaned


def url_scheme(value: str) -> str | None:
    match = _SCHEME.match(normalised_url(value).lower())
    return match.group(1) if match else None


def is_site_local(value: str, site_host: str | None) -> bool:
    """A path on this site: no scheme and no host, or this site's own address."""
    url = normalised_url(value)
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc and not url.startswith("\\"):
        return True
    return bool(site_host) and parts.scheme in ("http", "https") and parts.hostname == site_host


def srcset_urls(value: str) -> list[str]:
    return [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]


def element_findings(root, where: str, site_host: str | None) -> list[str]:
    """Script, handlers and URL schemes in one parsed document (a page or a feed's HTML)."""
    found = []
    for tag in FORBIDDEN_ELEMENTS:
        for element in root.find_all(tag):
            found.append(f"{where}: <{tag}> element: {str(element)[:120]}")
    for element in root.find_all(True):
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            lowered = name.lower()
            if lowered.startswith("on"):
                found.append(f"{where}: <{element.name} {name}=...> event handler attribute")
            if lowered == "style":
                found.append(f"{where}: <{element.name} style=...> inline style (CSP forbids it)")
            if lowered in URL_ATTRIBUTES:
                urls = srcset_urls(value) if lowered.endswith("srcset") else [value]
                for url in urls:
                    scheme = url_scheme(url)
                    if scheme is not None and scheme not in SAFE_SCHEMES:
                        found.append(f"{where}: <{element.name} {name}={value[:80]!r}> "
                                     f"uses the {scheme}: scheme")
        if element.name == "meta" and str(element.get("http-equiv", "")).lower() == "refresh":
            found.append(f"{where}: <meta http-equiv=refresh>")
        if element.name == "form" and element.get("action") is not None:
            action = str(element.get("action"))
            if not is_site_local(action, site_host):
                found.append(f"{where}: <form action={action!r}> sends to another site")
    return found


def script_findings(page, where: str, output: Path, site_host: str | None) -> list[str]:
    """Every <script> is a file of this site, or JSON-LD that is valid JSON with no `<`."""
    found = []
    for script in page.find_all("script"):
        src = script.get("src")
        kind = str(script.get("type", "")).strip().lower()
        if src is not None:
            if not is_site_local(src, site_host):
                found.append(f"{where}: <script src={src!r}> is not on this site")
            elif not _local_file(output, where, src).is_file():
                found.append(f"{where}: <script src={src!r}> has no file in the output")
            if script.string and script.string.strip():
                found.append(f"{where}: <script src> with inline text")
        elif kind == "application/ld+json":
            text = script.string or ""
            if "<" in text:
                found.append(f"{where}: JSON-LD holds a raw `<` (write it as \\u003c)")
            try:
                json.loads(text)
            except ValueError as error:
                found.append(f"{where}: JSON-LD is not valid JSON ({error}): {text[:120]!r}")
        else:
            found.append(f"{where}: inline <script>: {str(script)[:120]!r}")
    return found


# Elements that fetch their URL attributes as soon as the page loads.
LOADING = {"script": ("src",), "img": ("src",), "source": ("src",), "video": ("src", "poster"),
           "audio": ("src",), "track": ("src",), "input": ("src",), "iframe": ("src",),
           "embed": ("src",), "object": ("data",), "image": ("href", "xlink:href")}


def resource_findings(page, where: str, site_host: str | None) -> list[str]:
    """Nothing in the HTML makes the browser fetch from another host (tiles come from JS)."""
    found = []

    def check(element, attribute, value):
        if value and not is_site_local(value, site_host):
            found.append(f"{where}: <{element.name} {attribute}={value[:100]!r}> loads from another host")

    for element in page.find_all(list(LOADING)):
        for attribute in LOADING[element.name]:
            if attribute in element.attrs:
                check(element, attribute, str(element.get(attribute)))
        for attribute in ("srcset", "imagesrcset"):
            for url in srcset_urls(str(element.get(attribute, ""))):
                check(element, attribute, url)
    for link in page.find_all("link"):
        rels = {r.lower() for r in (link.get("rel") or [])}
        if rels & FETCHING_RELS:
            check(link, "href", str(link.get("href", "")))
    return found


def page_findings(path: Path, output: Path, site_host: str | None = None) -> list[str]:
    where = path.relative_to(output).as_posix()
    page = soup(path)
    return (element_findings(page, where, site_host) + script_findings(page, where, output, site_host)
            + resource_findings(page, where, site_host))


def feed_findings(output: Path, site_host: str | None = None) -> list[str]:
    """Feeds carry story HTML as escaped text: a feed reader renders it, so scan it too."""
    found = []
    for path in sorted(output.rglob("*.xml")) + sorted(output.rglob("*.atom")):
        where = path.relative_to(output).as_posix()
        try:
            tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as error:
            found.append(f"{where}: not well-formed XML ({error})")
            continue
        for node in tree.iter():
            if not isinstance(node.tag, str):
                continue
            local = etree.QName(node).localname
            if local in ("content", "summary", "description") and (node.text or "").strip():
                fragment = BeautifulSoup(node.text, "lxml")
                found += element_findings(fragment, f"{where} <{local}>", site_host)
                for script in fragment.find_all("script"):
                    found.append(f"{where} <{local}>: <script> in the feed's HTML: {str(script)[:100]}")
    return found


def export_findings(output: Path) -> list[str]:
    """Every JSON export parses; every CSV cell is text a spreadsheet will not run."""
    found = []
    for path in sorted(output.rglob("*.json")) + sorted(output.rglob("*.geojson")):
        if path.relative_to(output).parts[0] in SKIP_FOLDERS:
            continue
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except ValueError as error:
            found.append(f"{path.relative_to(output)}: not valid JSON ({error})")
    for path in sorted(output.rglob("*.csv")):
        rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
        for number, row in enumerate(rows, 1):
            for cell in row:
                if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _plain_value(cell):
                    found.append(f"{path.relative_to(output)}:{number}: cell {cell[:60]!r} would run "
                                 "as a spreadsheet formula")
    return found


def _plain_value(cell: str) -> bool:
    """A number, or the normalised phone (+45 12 34 56 78): what a spreadsheet may read as is."""
    return bool(re.fullmatch(r"-?\d+(\.\d+)?|\+45( \d\d){4}", cell))


def _local_file(output: Path, where: str, src: str) -> Path:
    """The file a site-local URL names, from the page at `where` (relative to output)."""
    path = urlsplit(normalised_url(src)).path
    base = output if path.startswith("/") else (output / where).parent
    return base / path.lstrip("/")


# Characters HTML calls parse errors and XML 1.0 forbids: a terminal escape or a bell from a
# stranger's file must not reach a page, a feed or an export as a raw character.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def control_character_findings(output: Path) -> list[str]:
    found = []
    for path in text_files(output):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in list(CONTROL_CHARACTERS.finditer(text))[:3]:
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(output)}:{line}: control character U+{ord(match.group()):04X}")
    return found


def site_files_containing(output: Path, needle: str) -> list[str]:
    return [p.relative_to(output).as_posix() for p in text_files(output)
            if needle in p.read_text(encoding="utf-8", errors="replace")]
