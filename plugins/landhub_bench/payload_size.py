"""What a visitor downloads, from the N-space site build_speed built: the home page, the finder
page and spaces.json (the national map's and the finder's data), raw and gzip -6; the
directory page (which listed every space before place_pages.py); and the largest HTML page,
to show that no page grows with every space."""
from __future__ import annotations

import gzip

from .build_speed import site_for
from .data_size import kilobytes


def _sizes(data: bytes) -> str:
    return f"{kilobytes(len(data))} / {kilobytes(len(gzip.compress(data, compresslevel=6, mtime=0)))}"


def payload_size(case) -> dict[str, str]:
    output = site_for(case).output
    biggest = max(output.rglob("*.html"), key=lambda p: p.stat().st_size)
    return {
        "home (raw / gzip)": _sizes((output / "index.html").read_bytes()),
        "finder page": _sizes((output / "find" / "index.html").read_bytes()),
        "spaces.json (map data)": _sizes((output / "spaces.json").read_bytes()),
        "directory page": _sizes((output / "spaces" / "index.html").read_bytes()),
        "largest page": f"{biggest.relative_to(output).as_posix()} {kilobytes(biggest.stat().st_size)}",
    }
