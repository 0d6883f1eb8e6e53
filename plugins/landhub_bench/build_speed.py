"""The full build at N spaces: cold (no output, no cache) and warm (one space file changed),
each the median of RUNS builds in their own process. "cold build" and "warm rebuild" are the
whole process without Pagefind's indexing, which is timed separately ("search index").
"warm rebuild in the serve process" is the rebuild `make serve` makes in its running process
when an editor saves a space file (rebuild_in_process.py), also without Pagefind."""
from __future__ import annotations

import os
from statistics import median

from .site_copy import SiteCopy

RUNS = int(os.environ.get("LANDHUB_BENCH_RUNS", "3"))


def site_for(case) -> SiteCopy:
    key = ("site", case.n)
    if key not in case.shared:
        case.shared[key] = SiteCopy(case.work / f"site-{case.n}", case.n, case.seed)
    return case.shared[key]


def base_pelican(case) -> float:
    """Pelican's cold time for the project with no synthetic spaces (its stories, pages and
    real spaces): the fixed part of every build, measured once a bench run. A space's own cost
    is what a build takes above it, so linear growth shows at 1,000 as at 10,000."""
    key = ("base pelican",)
    if key not in case.shared:
        site = SiteCopy(case.work / "site-base", 0, case.seed)
        runs = []
        for _ in range(RUNS):
            site.start_cold()
            runs.append(site.build().pelican)
        case.shared[key] = median(runs)
    return case.shared[key]


def _s(value: float) -> str:
    return f"{value:.2f} s"


def build_speed(case) -> dict[str, str]:
    site = site_for(case)
    cold = []
    for _ in range(RUNS):
        site.start_cold()
        cold.append(site.build())
    warm = []
    for run in range(RUNS):
        site.touch_one_space(run)
        warm.append(site.build())
    # as `make serve` rebuilds after an editor saves: no start-up or imports to pay
    in_process = [site.rebuild_in_process(run) for run in range(RUNS)]
    per_space_ms = median(r.pelican for r in cold) / case.n * 1000
    base = base_pelican(case)
    above_base_ms = (median(r.pelican for r in cold) - base) / case.n * 1000
    # The headline leaves Pagefind out: the issue times the search index on its own.
    return {
        "cold build": _s(median(r.seconds - r.search for r in cold)),
        "of which Pelican": _s(median(r.pelican for r in cold)),
        "Pelican per space": f"{per_space_ms:.2f} ms",
        "base Pelican (no synthetic spaces)": _s(base),
        "per space above base": f"{above_base_ms:.2f} ms",
        "search index": _s(median(r.search for r in cold)),
        "cold build with search": _s(median(r.seconds for r in cold)),
        "peak memory": f"{max(r.rss_mib for r in cold):.0f} MiB",
        "warm rebuild": _s(median(r.seconds - r.search for r in warm)),
        "warm Pelican": _s(median(r.pelican for r in warm)),
        "warm search index": _s(median(r.search for r in warm)),
        "warm rebuild in the serve process": _s(median(r.seconds - r.search for r in in_process)),
        "of which Pelican (serve)": _s(median(r.pelican for r in in_process)),
    }
