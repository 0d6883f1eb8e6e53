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

from .exports import SLUG, URL, pieces_of, space_pieces
from .model import Space
from .kept_pickles import load_kept, save_kept  # in memory for a long-lived process's next build
from .render_pool import AHEAD_NICE, Answer

FORMAT = 2  # bump when the pieces change shape (exports.space_pieces)
WHOLE = "landhub-export-pieces.pickle"
CHANGES = "landhub-export-pieces.changes.pickle"
SHARE = 8


def cached_pieces(spaces: list[Space], urls: dict[str, str], keys: list[str], folder: Path,
                  ahead: list[tuple] | None = None,
                  wanted: list[str] | None = None) -> list[tuple]:
    """space_pieces of every space, in order; keys[i] is spaces[i]'s page key. `ahead`:
    pieces_of(spaces, urls) made already (PiecesAhead), taken instead of making them here.
    wanted: urls[space.slug] of each space, if made already (a forked child then reads only
    the Spaces whose pieces it makes: reading one copies its memory page from the parent)."""
    whole, token = _read(folder / WHOLE, None)
    changes = _read(folder / CHANGES, token)[0] if token else {}
    if wanted is None:
        wanted = list(map(urls.__getitem__, map(attrgetter("slug"), spaces)))
    pieces = list(map(whole.get, keys))
    for at, key in enumerate(keys) if changes else ():
        pieces[at] = changes.get(key, pieces[at])
    made = {}  # {key: piece} made now
    for at, (piece, url) in enumerate(zip(pieces, wanted)):
        if piece is None or piece[URL] != url:
            pieces[at] = made[keys[at]] = (ahead[at] if ahead is not None else space_pieces(spaces[at], url))
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


class PiecesAhead:
    """pieces_of(spaces, urls), made in a forked child while the build's main process does its
    one-core steps (Pelican's stories and pages, the space pages' set-up). A first build made
    all 10,000 spaces' pieces at its end, beside the list pages, and waited 0.3-0.5 s for them;
    the exports now read them (render_pool.Answer: a pickle in a memory file both processes
    inherit). Only worth it when most pieces are not kept (no pieces file: a first build, or no
    cache).

    pieces() in the exports' process (forked later): it waits for the child's answer, not the
    main process (the child may still run at its low priority when the pages are done); the
    list, or None if the child failed (they are then made as before). close() in the parent at
    the end: the child reaped, the answer's file and pipe closed."""

    def __init__(self, spaces: list[Space], urls: dict[str, str]):
        self.slugs = slugs = [space.slug for space in spaces]
        self.child = Answer(lambda: (slugs, pieces_of(spaces, urls)), nice=AHEAD_NICE)

    def pieces(self, spaces: list[Space], urls: dict[str, str]) -> list[tuple] | None:
        """The pieces made ahead if they are those of `spaces` and `urls` now, else None."""
        if [space.slug for space in spaces] != self.slugs:
            return None
        answer = self.child.result()
        if answer is None:
            return None
        slugs, pieces = answer
        if slugs != self.slugs or any(piece[SLUG] != space.slug or piece[URL] != urls[space.slug]
                                      for piece, space in zip(pieces, spaces)):
            return None
        return pieces

    def close(self) -> int:
        """Reap the child (waiting for it if it still runs); its exit code."""
        code = self.child.reap()
        self.child.close()
        return code
