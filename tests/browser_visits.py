"""Every page of a built site, as a visitor's browser gets it: for the CSP, privacy and XSS tests.

The list comes from the output folder itself (every HTML file any template or plugin wrote), so
pages added later are visited too; pages whose content only appears after input (search
results, the finder's results) are visited with that input. After each page has loaded, the
visit waits until its maps, finder and search results have drawn.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import output_scan
from landhub_spaces.exports import read_spaces_json

SETTLE_MS = 15_000
# Waits for each map container and the finder to say they are drawn (data-ready), and for the
# search UI to show results or its message.
SETTLED = """() => {
  const pending = [...document.querySelectorAll('[data-map], #finder')]
    .filter(el => !el.hasAttribute('data-ready'));
  const search = document.querySelector('#search');
  const searching = search && new URLSearchParams(location.search).get('q')
    && !document.querySelector('.pagefind-ui__result, .pagefind-ui__message');
  return pending.length === 0 && !searching;
}"""
NOT_READY = """() => [...document.querySelectorAll('[data-ready]')]
  .filter(el => el.getAttribute('data-ready') !== 'true').map(el => el.id || el.tagName)"""


def page_paths(output: Path) -> list[tuple[str, int]]:
    """(URL path, expected status) for every HTML page, plus states reached by input."""
    visits = []
    for path in output_scan.html_pages(output):
        relative = path.relative_to(output).as_posix()
        if relative == "404.html":
            visits.append(("/no-such-page/", 404))
        elif relative.endswith("index.html"):
            visits.append(("/" + relative.removesuffix("index.html"), 200))
        else:
            visits.append(("/" + relative, 200))
    town = _a_town(output)
    if (output / "search" / "index.html").is_file() and town:
        visits.append((f"/search/?q={quote(town)}", 200))
    if (output / "find" / "index.html").is_file() and town:
        visits.append((f"/find/?near={quote(town)}", 200))
    return visits


def _a_town(output: Path) -> str | None:
    try:
        return str(read_spaces_json((output / "spaces.json").read_text(encoding="utf-8"))[0]["town"])
    except (OSError, IndexError):  # no spaces.json, or no space in it
        return None


def settle(tab, path: str) -> None:
    """Wait until the page's maps, finder and search have finished, and none reports an error."""
    tab.page.wait_for_function(SETTLED, timeout=SETTLE_MS)
    broken = tab.page.evaluate(NOT_READY)
    assert not broken, f"{path}: not drawn: {broken}; errors: {tab.errors}"


def visit(tab, path: str, status: int = 200) -> None:
    tab.goto(path, expect_status=status)
    settle(tab, path)
    # let late requests (the icon, search fragments) finish: leaving the page would abort them
    tab.page.wait_for_load_state("networkidle")
