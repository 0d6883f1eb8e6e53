"""Rendered pages kept between builds, so a rebuild renders only the pages whose inputs changed.

A page is filed under a digest of everything its bytes depend on:
- the build's set-up (setup_digest): the theme's templates as the Jinja environment loads them,
  the template globals (the strings T), every plain value of the template context (the settings,
  the editors' page links, MAP_ASSETS, amenity labels, the reference date `as_of`, ...), the
  source of every plugin and the versions of the libraries that render (Jinja, Markdown, nh3...);
- the page's own inputs (page_digest): where it is written, and the values its template reads
  (for a space page: the Space, the stories that name it, its photos' published files).
Anything changed is a new key, so a page is rendered again; nothing is ever served stale.

Entries are files in <project>/.cache/landhub-pages/, put into the staged output as hard links
(a copy where links are impossible); a page kept from the spare output (staging.py) is left
alone when it is the entry itself (same inode), else replaced. Entries this build did not use
are removed at the end, so the folder holds one site. LANDHUB_NO_CACHE=1 turns the cache off.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from datetime import date, datetime
from pathlib import Path

from .code_digest import library_versions, plugin_code_digest
from .kept_pickles import save
from .validation_cache import enabled

FORMAT = 1  # bump when what a key covers changes
FOLDER = "landhub-pages"
# The libraries whose output (or escaping) is part of a page's bytes.
_LIBRARIES = ("jinja2", "markupsafe", "pelican", "markdown", "nh3", "pyyaml")
# Different in every build (the staged folder, the reader cache's private copy), and read by
# no template.
_VOLATILE = frozenset({"OUTPUT_PATH", "CACHE_PATH"})

__all__ = ["RenderCache", "SpaceDigests", "enabled", "plain", "setup_digest", "page_digest"]


def plain(value):
    """`value` as plain, ordered data with the same repr in every process; None for what no
    key can cover (articles, the list of all spaces, generators, functions): a cached page's
    template must read such values only through what its PageJob.inputs name."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = []
        for item in value:
            item_plain = plain(item)
            if item_plain is None and item is not None:
                return None
            items.append(item_plain)
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        pairs = []
        for key, item in value.items():
            item_plain = plain(item)
            if item_plain is None and item is not None:
                return None
            pairs.append((repr(key), item_plain))
        return sorted(pairs)
    params = getattr(value, "__dataclass_params__", None)
    if params is not None and params.frozen:  # the vocabulary's regions, a Space
        return plain({name: getattr(value, name) for name in value.__dataclass_fields__})
    return None


def setup_digest(env, context: dict) -> str:
    """What every page's bytes depend on besides the page's own data."""
    h = hashlib.sha256(f"render cache {FORMAT}\0{library_versions(_LIBRARIES)}\0".encode())
    h.update(f"code {plugin_code_digest()}\0".encode())
    for name in sorted(env.list_templates()):
        source = env.loader.get_source(env, name)[0]
        h.update(f"template {name}\0".encode() + hashlib.sha256(source.encode()).digest())
    h.update(repr(sorted(env.globals)).encode())
    h.update(repr(sorted(env.filters)).encode())
    h.update(repr(plain(env.globals.get("T"))).encode())
    for key in sorted(context):
        if key in _VOLATILE:
            continue
        value = plain(context[key])
        if value is not None or context[key] is None:
            h.update(f"{key}={value!r}\0".encode())
    return h.hexdigest()


def page_digest(*parts) -> bytes:
    """A page's own inputs: reprs of plain values (frozen dataclasses, strings, dates, tuples)."""
    return hashlib.sha256(repr(parts).encode()).digest()


class SpaceDigests:
    """sha256 of repr(Space) (what a space page's key names), kept between builds under its
    file's validation cache key (validation.py's ValidationResult.space_keys): a key's result
    is always the same Space, so a warm build hashes only the changed spaces' reprs instead of
    10,000. Named by the Space's own digest, not the validation key, because that key changes
    with the build date: pages are not rendered again each morning. One pickle in .cache/,
    saved with only this build's keys; a damaged or foreign one is ignored (all hashed)."""

    FORMAT = 1

    def __init__(self, folder: Path):
        self.path = folder / "landhub-space-digests.pickle"
        self.old: dict[str, bytes] = {}
        self.new: dict[str, bytes] = {}
        self.changed = False
        try:
            # Plain pickle.load, not kept_pickles.load: a dict of str -> bytes holds nothing the
            # collector tracks but itself, and kept_pickles.load counts the frozen heap first
            # (0.02-0.03 s here, where the generator has frozen it).
            with self.path.open("rb") as stream:
                stored = pickle.load(stream)
            if isinstance(stored, dict) and stored.get("format") == self.FORMAT \
                    and isinstance(stored.get("digests"), dict):
                self.old = stored["digests"]
        except Exception:  # noqa: BLE001 - missing, damaged or from other code: hash again
            self.old = {}

    def digest(self, key: str | None, space) -> bytes:
        """The digest of repr(space); `key`: the validation key vouching for it, or None."""
        if key is None:
            return hashlib.sha256(repr(space).encode()).digest()
        found = self.old.get(key)
        if type(found) is not bytes:
            found = hashlib.sha256(repr(space).encode()).digest()
            self.changed = True
        self.new[key] = found
        return found

    def save(self) -> None:
        if self.changed or self.new.keys() != self.old.keys():
            save(self.path, {"format": self.FORMAT, "digests": self.new})


def _link_over(entry, target) -> None:
    """Hard-link `entry` at `target`, replacing a file there in one step (a file kept from the
    spare output may be a link to another entry: writing into it would change that entry)."""
    partial = f"{target}.{os.getpid()}.tmp"
    if os.path.lexists(partial):
        os.unlink(partial)
    os.link(entry, partial)
    os.replace(partial, target)


def replace_file(target, text: str, newline: str | None = None, fresh: bool = False) -> None:
    """Write `text` at `target` as a new file: one kept there from the spare output (maybe a
    link to a cache entry) is unlinked first, never written into. `fresh`: the folder was just
    made, so nothing is there to unlink. Bytes as open(target, "w", encoding="utf-8",
    newline=newline) writes them (Pelican's Writer), made by os.open with the same mode."""
    if not fresh:
        try:
            os.unlink(target)
        except FileNotFoundError:
            pass
    if newline is None and os.linesep != "\n":
        text = text.replace("\n", os.linesep)
    elif newline not in (None, "", "\n"):
        text = text.replace("\n", newline)
    data = memoryview(text.encode("utf-8"))
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        while data:
            data = data[os.write(fd, data):]
    finally:
        os.close(fd)


class RenderCache:
    def __init__(self, folder: Path, setup: str):
        self.folder = folder / FOLDER
        self.setup = setup.encode()
        self.used: set[str] = set()
        self.folder.mkdir(parents=True, exist_ok=True)
        self._entries: dict[str, int] | None = None
        self._others: list[str] = []  # names in the folder that are not entries, as listed

    def key(self, page: bytes) -> str:
        return hashlib.sha256(self.setup + b"\0" + page).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / f"{key}.html"

    def place(self, key: str, target) -> bool:
        """Put the stored page at `target`; False when there is none (render it)."""
        entry = self._entry(key)
        try:
            os.link(entry, target)
        except FileNotFoundError:
            if not entry.exists():
                return False
            raise
        except FileExistsError:  # kept from the spare output (staging.reuse_folder)
            try:
                found, wanted = os.lstat(target), os.stat(entry)
            except FileNotFoundError:
                return False
            if (found.st_ino, found.st_dev) != (wanted.st_ino, wanted.st_dev):
                try:
                    _link_over(entry, target)  # never written into: it may be another entry
                except FileNotFoundError:  # the entry is gone (pruned by a parallel build)
                    return False
        except OSError:
            try:
                if os.path.lexists(target):
                    os.unlink(target)
                shutil.copyfile(entry, target)
            except FileNotFoundError:
                return False
        self.used.add(key)
        return True

    def relink(self, key: str, target) -> bool:
        """Put the entry at `target`, where a page kept from the spare output is known (from the
        listings) to be another file: its name unlinked, then the entry linked there. The staged
        output is served only when complete, so this needs no temporary name and rename, and
        the file that was there (maybe another entry) is not written into. False when the entry
        is gone (pruned by a parallel build): render the page."""
        entry = self._entry(key)
        try:
            os.unlink(target)
        except FileNotFoundError:
            pass
        try:
            os.link(entry, target)
        except FileNotFoundError:
            return False
        except OSError:
            return self.place(key, target)  # no hard links here: copied
        self.used.add(key)
        return True

    def store(self, key: str, text: str, newline: str | None = None) -> Path:
        """Keep a rendered page (written whole, then renamed: never half a page). Made as the
        Writer makes its files, so an entry linked into output/ has the same mode."""
        entry = self._entry(key)
        partial = f"{entry}.{os.getpid()}.tmp"  # one process writes one key at a time
        replace_file(partial, text, newline)
        os.replace(partial, entry)
        self.used.add(key)
        return entry

    def keep(self, key: str, target, text: str, newline: str | None = None) -> None:
        """Keep the page just written whole at `target` as the entry of `key`: a hard link of
        it, made in one step, so an entry is never half a page. The usual case (a first build)
        costs one link instead of a second file, a rename, a link and a rename. An entry there
        already (a parallel build stored the same key) is the same page: left as it is. Where
        links are impossible, the page is stored as a file of its own."""
        try:
            os.link(target, self._entry(key))
        except FileExistsError:
            pass
        except OSError:
            self.store(key, text, newline)
            return
        self.used.add(key)

    def write(self, key: str, text: str, target, newline: str | None = None, fresh: bool = False) -> None:
        """Write `text` at `target` (a file there is replaced, never written into) and keep it
        as the entry of `key`. `fresh`: `target`'s folder was just made (nothing to unlink)."""
        replace_file(target, text, newline, fresh)
        self.keep(key, target, text, newline)

    def listing(self) -> dict[str, int]:
        """{key: inode} of the entries there now, from one listing of the folder: a page kept
        from the spare output whose inode is its entry's needs no system call at all."""
        found, others = {}, []
        with os.scandir(self.folder) as entries:
            for entry in entries:
                if entry.name.endswith(".html"):
                    found[entry.name[:-5]] = entry.inode()
                else:
                    others.append(entry.name)  # temporary files a killed build left
        self._others = others
        return found

    def entries(self) -> dict[str, int]:
        """listing() as at its first call in this build, made once (10,000 entries): every
        write_pages call (space pages, list pages, sitemap) reads it. Safe to reuse: keys differ
        by template and save_as, so no page looks up an entry stored later in the same build,
        and one a parallel build prunes meanwhile is found gone when placed (rendered then)."""
        if self._entries is None:
            self._entries = self.listing()
        return self._entries

    def device(self) -> int:
        return os.stat(self.folder).st_dev

    def prune(self) -> None:
        """Remove what this build did not use (and temporary files a killed build left), as
        entries() listed them: every entry made since is this build's (used), or a parallel
        build's, left for it (and for the next build's prune). No second listing of 10,000."""
        if self._entries is None:
            self.entries()
        folder = str(self.folder)
        for key in self._entries.keys() - self.used:
            try:
                os.unlink(f"{folder}/{key}.html")
            except OSError:
                pass
        for name in self._others:
            try:
                os.unlink(f"{folder}/{name}")
            except OSError:
                pass

