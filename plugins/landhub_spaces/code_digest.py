"""What the caches' keys say about the code: one digest of the site's own code (every
plugins/**/*.py; `make serve` also asks it to notice that the code it runs is no longer the
code on disk), and the versions of the libraries a cached result comes from."""
from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

_PLUGINS = Path(__file__).resolve().parents[1]


def plugin_code_digest() -> str:
    """sha256 over each file's path and the sha256 of its bytes (2 ms: about 100 files)."""
    h = hashlib.sha256()
    for path in sorted(_PLUGINS.rglob("*.py")):
        h.update(path.relative_to(_PLUGINS).as_posix().encode() + b"\0"
                 + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def library_versions(names) -> str:
    """"name=version ..." of the installed distributions; "none" for one that is missing."""
    return " ".join(f"{name}={_version(name)}" for name in names)


@cache
def _version(name: str) -> str:
    # Each lookup scans sys.path's distributions (0.3 ms; the caches asked 40 a build). Kept for
    # the process: the library it runs is the one it imported, whatever is installed later.
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"
