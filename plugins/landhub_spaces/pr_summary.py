"""The pull-request check's job summary (validate.yml): what failed, in words a contributor reads.

The logs hold text from a stranger's file (a quoted value, a file name), so they are shown
HTML-escaped inside <pre>: nothing in them can become a link, an image or a heading.
"""
from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path

CONTRIBUTION_PATHS = ("spaces/", "content/images/spaces/")
# files in spaces/ that are the project's own, not a space's
PROJECT_FOLDERS = ("spaces/_schema/", "spaces/_vocab/")


def outside_contribution(changed: list[str]) -> list[str]:
    """Changed files a space owner's pull request would not touch: these need a maintainer."""
    return sorted(p for p in changed
                  if not p.startswith(CONTRIBUTION_PATHS) or p.startswith(PROJECT_FOLDERS))


def _pre(text: str) -> str:
    return f"<pre>{html.escape(text.strip())}</pre>"


def summary(validate_code: int, validate_log: str, build_code: int, build_log: str,
            changed: list[str]) -> str:
    lines = ["## Landhub check", ""]
    if validate_code == 0:
        lines.append("**Space files:** all good.")
    else:
        lines += ["**Space files:** problems to fix. Each line is `file:line: field: message`; "
                  "fix them in your branch and the check runs again.", "", _pre(validate_log)]
    lines.append("")
    if build_code == 0:
        lines.append("**Site build:** all good.")
    else:
        lines += ["**Site build:** failed.", "", _pre(build_log[-20000:])]
    outside = outside_contribution(changed)
    if outside:
        lines += ["", f"**Maintainer review needed:** this pull request changes {len(outside)} "
                  "file(s) outside spaces/ and content/images/spaces/ (see .github/CODEOWNERS):",
                  "", _pre("\n".join(outside))]
    return "\n".join(lines) + "\n"


def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8", errors="replace") if Path(path).is_file() else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--validate-code", type=int, required=True)
    parser.add_argument("--validate-log", required=True)
    parser.add_argument("--build-code", type=int, required=True)
    parser.add_argument("--build-log", required=True)
    parser.add_argument("--changed", required=True, help="a file of changed paths, NUL-separated")
    args = parser.parse_args(argv)
    changed = [p for p in _read(args.changed).split("\0") if p]
    sys.stdout.write(summary(args.validate_code, _read(args.validate_log), args.build_code,
                             _read(args.build_log), changed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
