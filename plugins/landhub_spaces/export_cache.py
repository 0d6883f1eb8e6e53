"""Each space's pieces of the exports (exports.space_pieces) kept between builds, so a rebuild
after an edit makes only the changed spaces' pieces and joins them with the others'.

A piece is filed under its space page's render-cache key (render_cache.py), which covers the
Space, the page's URL, the site's address and settings, and the plugins' code (this package's
exports.py with it); the URL a piece was made with is compared too. Anything changed is a new
key, so a piece is never stale: the cache can make a build faster, never different.

Two pickles in <project>/.cache/, as validation_cache.py keeps its results: the whole set, and
the pieces made since (naming the whole set's token), so a small edit writes a small file. The
whole set is written again, with only this build's pieces, once the changes or the pieces no
longer used reach an eighth of it. A damaged or foreign file is ignored (pieces made again).
"""
from __future__ import annotations

import os
from operator import attrgetter
from pathlib import Path

from .exports import URL, space_pieces
from .model import Space
from .kept_pickles import load_kept, save_kept  # in memory for a long-lived process's next build

FORMAT = 2  # bump when the pieces change shape (exports.space_pieces)
WHOLE = "landhub-export-pieces.pickle"
CHANGES = "landhub-export-pieces.changes.pickle"
SHARE = 8


def cached_pieces(spaces: list[Space], urls: dict[str, str], keys: list[str], folder: Path) -> list[tuple]:
    """space_pieces of every space, in order; keys[i] is spaces[i]'s page key."""
    whole, token = _read(folder / WHOLE, None)
    changes = _read(folder / CHANGES, token)[0] if token else {}
    wanted = list(map(urls.__getitem__, map(attrgetter("slug"), spaces)))
    pieces = list(map(whole.get, keys))
    for at, key in enumerate(keys) if changes else ():
        pieces[at] = changes.get(key, pieces[at])
    made = {}  # {key: piece} made now
    for at, (piece, url) in enumerate(zip(pieces, wanted)):
        if piece is None or piece[URL] != url:
            pieces[at] = made[keys[at]] = space_pieces(spaces[at], url)
    unused = len(whole) + len(changes) - (len(pieces) - len(made))  # of spaces gone or changed
    if not made and unused * SHARE <= len(pieces):
        return pieces
    since = dict(made)
    if changes:
        in_use = dict(zip(keys, pieces))
        since.update((key, piece) for key, piece in changes.items() if in_use.get(key) is piece)
    if token and (len(since) + unused) * SHARE <= len(pieces):
        save_kept(folder / CHANGES, {"format": FORMAT, "token": token, "pieces": since})
    else:
        save_kept(folder / WHOLE, {"format": FORMAT, "token": os.urandom(8).hex(), "pieces": dict(zip(keys, pieces))})
        try:
            os.unlink(folder / CHANGES)  # it names the token replaced: useless now
        except OSError:
            pass
    return pieces


def _read(path: Path, token: str | None) -> tuple[dict, str | None]:
    """(pieces, token) of a stored file; ({}, None) if there is none, or it is damaged, of
    another format, or (for the changes) of another whole set than `token`'s."""
    try:
        stored = load_kept(path)
        if (isinstance(stored, dict) and stored.get("format") == FORMAT
                and isinstance(stored.get("pieces"), dict)
                and (token is None or stored.get("token") == token)):
            return stored["pieces"], stored.get("token")
    except Exception:  # noqa: BLE001 - any damage means: make the pieces again
        pass
    return {}, None
