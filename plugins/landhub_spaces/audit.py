"""`invoke audit`: Lighthouse (npm) scores for the built site, as a phone on a slow network sees it.

The site is served from output/ on 127.0.0.1 the way GitHub Pages serves it (gzip, a short cache
time, 404.html for a missing page), and Chromium may reach nothing else: its host resolver maps
every other name to nothing, and Lighthouse blocks the map tile server. Lighthouse runs in Node
with Debian's Chromium (CHROME_PATH); no browser is downloaded.
"""
from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .exports import read_spaces_json
from .local_server import start_server
from .settings import landhub_setting

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CATEGORY_TITLES = ("performance", "accessibility", "best practices", "SEO")
CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
RUN_SECONDS = 240


class AuditFailed(Exception):
    """Lighthouse could not run or gave no scores: the message says what to do."""


@dataclass(frozen=True)
class Scores:
    name: str
    path: str
    scores: tuple[int, ...]  # 0-100, in CATEGORIES order
    warnings: tuple[str, ...]


def pages_to_audit(output: Path, settings: dict) -> list[tuple[str, str]]:
    """Home, the first open space in spaces.json, the directory and the finder."""
    data = read_spaces_json((output / landhub_setting(settings, "SPACES_JSON_SAVE_AS")).read_text(encoding="utf-8"))
    space = next((space for space in data if space["status"] == "open"), None)
    if space is None:
        raise AuditFailed("spaces.json lists no open space to audit")
    url = space["url"]
    space_path = "/" + url.split("://", 1)[-1].split("/", 1)[-1] if "://" in url else url
    return [("home", "/"), ("space", space_path), ("directory", "/" + landhub_setting(settings, "DIRECTORY_URL")),
            ("finder", "/" + settings.get("FIND_URL", "find/"))]  # landhub_finder's default


def run_lighthouse(url: str, report: Path, root: Path, chromium: Path, blocked_hosts) -> dict:
    cli = root / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        raise AuditFailed(f"{cli} is missing: run `make setup` (npm ci installs Lighthouse)")
    command = ["node", str(cli), url, "--output=json", f"--output-path={report}", "--quiet",
               "--form-factor=mobile", f"--only-categories={','.join(CATEGORIES)}",
               "--chrome-flags=" + " ".join(_quoted(flag) for flag in CHROME_FLAGS),
               *(f"--blocked-url-patterns=*{host}*" for host in sorted(blocked_hosts))]
    env = dict(os.environ, CHROME_PATH=str(chromium))
    try:
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True,
                              timeout=RUN_SECONDS)
    except FileNotFoundError:
        raise AuditFailed("`node` is not on PATH: install Node.js 20 or newer") from None
    except subprocess.TimeoutExpired:
        raise AuditFailed(f"Lighthouse took more than {RUN_SECONDS} s on {url}") from None
    if done.returncode != 0 or not report.is_file():
        raise AuditFailed(f"Lighthouse failed on {url} (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def _quoted(flag: str) -> str:
    # chrome-launcher splits --chrome-flags on spaces outside quotes
    return f"{flag.split('=', 1)[0]}='{flag.split('=', 1)[1]}'" if " " in flag else flag


def scores_of(name: str, path: str, result: dict) -> Scores:
    categories = result.get("categories", {})
    missing = [c for c in CATEGORIES if categories.get(c, {}).get("score") is None]
    if missing or result.get("runtimeError"):
        raise AuditFailed(f"{path}: no score for {missing or 'any category'} "
                          f"({result.get('runtimeError', {}).get('message', 'see the report')})")
    return Scores(name, path, tuple(round(categories[c]["score"] * 100) for c in CATEGORIES),
                  tuple(result.get("runWarnings", ())))


def audit_site(output: Path, settings: dict, root: Path, chromium: Path, blocked_hosts,
               reports: Path, progress=print) -> list[Scores]:
    if not chromium.is_file():
        raise AuditFailed(f"{chromium} is missing: `apt-get install chromium`")
    reports.mkdir(parents=True, exist_ok=True)
    server, base = start_server(output)
    try:
        out = []
        for name, path in pages_to_audit(output, settings):
            progress(f"lighthouse: {name} {path} ...")
            result = run_lighthouse(base + path, reports / f"{name}.json", root, chromium, blocked_hosts)
            out.append(scores_of(name, path, result))
        return out
    finally:
        server.shutdown()
        server.server_close()


def table(rows: list[Scores]) -> str:
    """A Markdown table, to paste into docs/audit.md as it is."""
    head = "| page | path | " + " | ".join(CATEGORY_TITLES) + " |"
    rule = "|---|---|" + "---:|" * len(CATEGORIES)
    lines = [head, rule]
    lines += [f"| {r.name} | `{r.path}` | " + " | ".join(str(s) for s in r.scores) + " |" for r in rows]
    return "\n".join(lines)
