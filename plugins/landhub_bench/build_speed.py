"""The full build at N spaces: cold (no output, no cache) and warm (one space file changed),
each the median of RUNS builds in their own process. "cold build" and "warm rebuild" are the
whole process without Pagefind's indexing, which is timed separately ("search index").
"warm rebuild in the serve process" is the rebuild `make serve` makes in its running process
when an editor saves a space file (rebuild_in_process.py), also without Pagefind."""
from __future__ import annotations

import os
from statistics import median

from .site_copy import ROOT, SiteCopy
from .synthetic import one_space_per_municipality

RUNS = int(os.environ.get("LANDHUB_BENCH_RUNS", "3"))
WARM_UP = 2


def site_for(case) -> SiteCopy:
    key = ("site", case.n)
    if key not in case.shared:
        case.shared[key] = SiteCopy(case.work / f"site-{case.n}", case.n, case.seed)
    return case.shared[key]


def base_site(case) -> tuple[SiteCopy, int]:
    """The base site, and its number of synthetic spaces: the project (its stories, pages and
    real spaces) with one synthetic space in each municipality, so it has every municipality,
    region and A–Å page a large site has. A space's own cost is what a build takes above it,
    per space added: linear growth shows as the same cost at 1,000 as at 10,000."""
    key = ("base site",)
    if key not in case.shared:
        spaces = one_space_per_municipality(ROOT / "spaces", case.seed)
        case.shared[key] = SiteCopy(case.work / "site-base", 0, case.seed, spaces), len(spaces)
    return case.shared[key]


def _s(value: float) -> str:
    return f"{value:.2f} s"


def build_speed(case) -> dict[str, str]:
    site = site_for(case)
    base, base_spaces = base_site(case)
    # Each cold build paired with a cold build of the base just before it: the machine's drift
    # (file creation slows for a while after mass deletions) weighs on both alike.
    cold, base_runs, above = [], [], []
    for _ in range(RUNS):
        base.start_cold()
        base_runs.append(base.build().pelican)
        site.start_cold()
        cold.append(site.build())
        above.append(cold[-1].pelican - base_runs[-1])
    # Untimed: the first build after a cold one has no spare output to take its folders from,
    # and the next one no record of the spare's folders (staging.py), so each makes or lists
    # all of them once. An editor's rebuilds after those are what "warm" measures.
    for run in range(WARM_UP):
        site.touch_one_space(RUNS + run)
        site.build()
    warm = []
    for run in range(RUNS):
        site.touch_one_space(run)
        warm.append(site.build())
    # as `make serve` rebuilds after an editor saves: no start-up or imports to pay
    in_process = [site.rebuild_in_process(run) for run in range(RUNS)]
    per_space_ms = median(r.pelican for r in cold) / case.n * 1000
    above_base = (f"{median(above) / (case.n - base_spaces) * 1000:.2f} ms" if case.n > base_spaces
                  else f"none: N is not above the base's {base_spaces}")
    # The headline leaves Pagefind out: the issue times the search index on its own.
    return {
        "cold build": _s(median(r.seconds - r.search for r in cold)),
        "of which Pelican": _s(median(r.pelican for r in cold)),
        "Pelican per space": f"{per_space_ms:.2f} ms",
        "base Pelican (a space in each municipality)": _s(median(base_runs)),
        "per space above base": above_base,
        "search index": _s(median(r.search for r in cold)),
        "cold build with search": _s(median(r.seconds for r in cold)),
        "peak memory": f"{max(r.rss_mib for r in cold):.0f} MiB",
        "warm rebuild": _s(median(r.seconds - r.search for r in warm)),
        "warm Pelican": _s(median(r.pelican for r in warm)),
        "warm search index": _s(median(r.search for r in warm)),
        "warm rebuild in the serve process": _s(median(r.seconds - r.search for r in in_process)),
        "of which Pelican (serve)": _s(median(r.pelican for r in in_process)),
    }
