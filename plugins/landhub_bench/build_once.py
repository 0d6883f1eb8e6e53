"""One build of a bench site, run as its own process by build_speed.py so its memory is its own.

    python -m landhub_bench.build_once SETTINGS OUTPUT CONTENT SPACES

Prints one JSON line: Pelican's and Pagefind's seconds and the peak memory (KiB) of this
process, the Python build. (Pagefind's is not counted: a forked child's peak starts at its
parent's size, so RUSAGE_CHILDREN would only repeat this number.)
"""
from __future__ import annotations

import gc
import json
import resource
import sys
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> NoReturn:
    settings_file, output, content, spaces = argv
    sys.path.insert(0, str(ROOT / "plugins"))
    gc.disable()  # as `invoke build`: build_and_exit turns it on
    from landhub_spaces.build import build_and_exit

    timings: dict = {}
    overrides = {"PATH": content, "LANDHUB_SPACES_PATH": spaces,
                 "LANDHUB_NODE_MODULES_PATH": str(ROOT / "node_modules")}

    def report(code: int) -> None:
        timings["rss_build_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print("BENCH " + json.dumps(timings), flush=True)

    build_and_exit(settings_file, output, overrides, timings, last_words=report)  # as `invoke build`


if __name__ == "__main__":
    main(sys.argv[1:])
