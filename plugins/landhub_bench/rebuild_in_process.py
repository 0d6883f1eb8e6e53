"""A rebuild inside a long-lived process, as `make serve` (invoke livereload) makes one after
an editor saves a space file: run as its own process by build_speed.py.

    python -m landhub_bench.rebuild_in_process SETTINGS OUTPUT CONTENT SPACES FILE RUN

Builds once (the serve process's first build), changes FILE's desks as SiteCopy.touch_one_space
does, builds again as livereload's rebuilds do (code_started: the heap collected and frozen
first) and prints one JSON line: the second build's whole time and Pagefind's part (livereload
publishes before Pagefind runs, landhub_search/after_publish.py; here it is timed apart).
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> int:
    settings_file, output, content, spaces, changed, run = argv
    sys.path.insert(0, str(ROOT / "plugins"))
    from landhub_spaces.build import build_site, plugin_code_digest

    from .site_copy import set_desks

    overrides = {"PATH": content, "LANDHUB_SPACES_PATH": spaces,
                 "LANDHUB_NODE_MODULES_PATH": str(ROOT / "node_modules")}
    started_with = plugin_code_digest()  # as livereload: the code this process runs
    if build_site(settings_file, output, overrides, code_started=started_with):  # as livereload's first build
        return 1
    set_desks(Path(changed), 80 + int(run))
    os.sync()  # the first build's files written out, as SiteCopy does before a timed build
    timings: dict = {}
    started = time.perf_counter()
    code = build_site(settings_file, output, overrides, timings, code_started=started_with)
    timings["seconds"] = time.perf_counter() - started
    print("BENCH " + json.dumps(timings), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
