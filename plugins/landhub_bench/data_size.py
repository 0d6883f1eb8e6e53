"""spaces.json for N spaces: the bytes a visitor's browser downloads before the finder can rank."""
from __future__ import annotations

import gzip


def kilobytes(n: int) -> str:
    return f"{n / 1000:,.0f} kB" if n >= 10_000 else f"{n / 1000:,.1f} kB"


def data_size(case) -> dict[str, str]:
    raw = case.spaces_json
    # mtime=0: the same bytes every run. Level 6 is gzip's default and what servers commonly use.
    return {
        "spaces.json": kilobytes(len(raw)),
        "gzip -6": kilobytes(len(gzip.compress(raw, compresslevel=6, mtime=0))),
        "gzip -9": kilobytes(len(gzip.compress(raw, compresslevel=9, mtime=0))),
    }
