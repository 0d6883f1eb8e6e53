"""One digest of the site's own code (every plugins/**/*.py), for the caches' keys and for
`make serve` to notice that the code it runs is no longer the code on disk."""
from __future__ import annotations

import hashlib
from pathlib import Path

_PLUGINS = Path(__file__).resolve().parents[1]


def plugin_code_digest() -> str:
    """sha256 over each file's path and the sha256 of its bytes (2 ms: about 100 files)."""
    h = hashlib.sha256()
    for path in sorted(_PLUGINS.rglob("*.py")):
        h.update(path.relative_to(_PLUGINS).as_posix().encode() + b"\0"
                 + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
