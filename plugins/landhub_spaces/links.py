"""Are the spaces' websites still there? Checked nightly (links.yml), reported, never acted on.

A link is dead when its server cannot be reached (name, connection, certificate, time-out) or
answers "not found", "gone" or a server error. A server that answers but turns robots away
(401, 403, 429) is alive: a person may still get in. Nothing here changes a space file.
"""
from __future__ import annotations

import socket
import ssl
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

TIMEOUT_SECONDS = 10.0
USER_AGENT = "Landhub-link-check/1 (nightly check of listed coworking spaces' websites)"
ALIVE_REFUSALS = {401, 403, 429}  # the server is there; it only turns robots away


@dataclass(frozen=True)
class Link:
    slug: str
    source: str  # spaces/<slug>.yaml
    field: str  # "website" or "links.booking"
    url: str


@dataclass(frozen=True)
class LinkResult:
    link: Link
    alive: bool
    what: str  # "HTTP 200", "HTTP 404", "timed out after 10 s", ...


def space_links(spaces) -> list[Link]:
    """The website and booking page of every space, in slug order."""
    out = []
    for space in sorted(spaces, key=lambda s: s.slug):
        if space.website:
            out.append(Link(space.slug, space.source, "website", space.website))
        booking = dict(space.links).get("booking")
        if booking:
            out.append(Link(space.slug, space.source, "links.booking", booking))
    return out


class _NoBody(urllib.request.HTTPRedirectHandler):
    """Redirects are followed as for a browser; a HEAD stays a HEAD."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"
        return new


_OPENER = urllib.request.build_opener(_NoBody)


def _status(url: str, method: str, timeout: float) -> int:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def check_url(url: str, timeout: float = TIMEOUT_SECONDS) -> tuple[bool, str]:
    """(alive, what happened). HEAD first; GET where a server does not answer HEAD properly."""
    try:
        code = _status(url, "HEAD", timeout)
        if code >= 400 and code not in (404, 410):
            code = _status(url, "GET", timeout)
    except (TimeoutError, socket.timeout):
        return False, f"timed out after {timeout:g} s"
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return False, f"timed out after {timeout:g} s"
        if isinstance(reason, ssl.SSLError):
            return False, "certificate or TLS problem"
        if isinstance(reason, socket.gaierror):
            return False, "the domain name does not resolve"
        return False, f"could not connect ({reason})"
    except (OSError, ValueError) as error:
        return False, f"could not connect ({error})"
    alive = code < 400 or code in ALIVE_REFUSALS
    return alive, f"HTTP {code}"


def check_links(links: list[Link], timeout: float = TIMEOUT_SECONDS, workers: int = 8) -> list[LinkResult]:
    """Every link checked (several at a time); results in the order of `links`."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        answers = list(pool.map(lambda link: check_url(link.url, timeout), links))
    return [LinkResult(link, alive, what) for link, (alive, what) in zip(links, answers)]


def _code(url: str) -> str:
    # a URL from a space file, shown inside `...` in a Markdown table: nothing may end the span
    return "`" + url.replace("`", "%60").replace("|", "%7C") + "`"


def report(results: list[LinkResult], checked_on: date, page_url: str) -> str:
    """The issue's text: the dead links, one row each, with where to fix them."""
    dead = [r for r in results if not r.alive]
    lines = [f"Checked on {checked_on.isoformat()}: {len(results)} links of the listed spaces, "
             f"{len(dead)} dead.", ""]
    if not dead:
        lines.append("Every website answered. Nothing to do.")
        return "\n".join(lines) + "\n"
    lines += ["Each row is a link that did not answer. Check it by hand: if the space has moved, "
              "fix its file; if it has closed, set `status: closed`. Nothing is deleted "
              "automatically.", "",
              "| space | field | address | what happened |", "|---|---|---|---|"]
    for result in dead:
        link = result.link
        page = page_url.format(slug=link.slug)
        lines.append(f"| [{link.slug}]({page}) ({link.source}) | `{link.field}` | {_code(link.url)} "
                     f"| {result.what.replace('|', '/')} |")
    return "\n".join(lines) + "\n"
