"""The benchmark runner: for each size, one Case, every measure, one row of a table.

A measure is a function Case -> {column: text}. To add one (say, the build's time at 10,000
spaces), write it in its own module and add it to MEASURES; the table grows a column.
"""
from __future__ import annotations

import compileall
import sys
import tempfile
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from landhub_spaces.exports import spaces_json
from landhub_spaces.model import Space

from .synthetic import synthetic_space_objects

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Case:
    """N synthetic spaces and what measures share about them (made once, when first asked)."""

    n: int
    work: Path  # a temporary folder, shared by every case of this run
    spaces_dir: Path = ROOT / "spaces"  # its vocabularies and places make the spaces
    seed: int = 1
    shared: dict = field(default_factory=dict)  # things one run needs once (a built site)

    @cached_property
    def spaces(self) -> list[Space]:
        return synthetic_space_objects(self.n, self.spaces_dir, self.seed)

    @cached_property
    def spaces_json(self) -> bytes:
        """spaces.json exactly as the build writes it (site-relative URLs, as in development)."""
        urls = {space.slug: f"/spaces/{space.slug}/" for space in self.spaces}
        return spaces_json(self.spaces, urls).encode("utf-8")


def _measures():
    from .build_speed import build_speed
    from .data_size import data_size
    from .finder_speed import finder_speed
    from .map_speed import map_speed
    from .payload_size import payload_size

    # build_speed first: payload_size and map_speed read the site it built.
    return [build_speed, payload_size, data_size, finder_speed, map_speed]


def run(sizes: list[int], measures=None, log=print) -> list[dict[str, str]]:
    measures = measures if measures is not None else _measures()
    rows = []
    with tempfile.TemporaryDirectory(prefix="landhub-bench-") as folder:
        shared: dict = {}
        for n in sizes:
            case = Case(n, Path(folder), shared=shared)
            row = {"spaces": f"{n:,}"}
            for measure in measures:
                started = time.perf_counter()
                row.update(measure(case))
                log(f"bench: {measure.__name__} for {n:,} spaces took {time.perf_counter() - started:.1f} s")
            rows.append(row)
            log(table([row]))  # each size's row as soon as it is known: a long run shows progress
    return rows


def table(rows: list[dict[str, str]]) -> str:
    """A Markdown table; columns in the order the measures first give them."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    widths = {c: max(len(c), *(len(row.get(c, "")) for row in rows)) for c in columns}
    line = lambda cells: "| " + " | ".join(cells) + " |"  # noqa: E731
    out = [line(c.ljust(widths[c]) for c in columns),
           line("-" * (widths[c] - 1) + ":" for c in columns)]
    out += [line(row.get(c, "").rjust(widths[c]) for c in columns) for row in rows]
    return "\n".join(out)


def main(sizes: list[int]) -> int:
    # Every build process imports the plugins: from their compiled bytecode, as on any machine
    # after its first run. Where Python is told not to write it (PYTHONDONTWRITEBYTECODE, as
    # in some containers), each process would compile the plugins' source again (0.07 s).
    compileall.compile_dir(ROOT / "plugins", quiet=1)
    rows = run(sizes, log=lambda text: print(text, file=sys.stderr))
    print(table(rows))
    return 0
