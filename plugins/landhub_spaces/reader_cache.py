"""Pelican's own reader cache for the stories and pages, in a folder whose name covers what
Pelican's check does not.

Pelican can keep what its readers made of each Markdown file (the HTML and the metadata)
between builds: CACHE_CONTENT on the "reader" layer. It notices an edited file by a stamp; a
sha256 of its bytes here, not its mtime, which an edit in the same clock tick leaves
unchanged. It does not notice anything else that the reading depends on: the settings
(MARKDOWN's extensions, the slug and URL rules the tags' and categories' objects carry), the
plugins' code, the libraries. So the cache's folder is named by a digest of all of these, and
a change is a new, empty folder (the others are removed).

Pelican writes its cache files in place, and would stop on one it finds half written (another
build's, at that moment): each build reads and writes a private copy (two small files), and
its files replace the shared ones by a rename once Pelican has run. A damaged shared file is
not copied; a killed build's private folder is removed by a later build.

Saves every build the Markdown work on the project's seven files (0.035 s of CPU; Markdown's
extensions are not even imported). LANDHUB_NO_CACHE=1 turns it off, as the other caches.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
from pathlib import Path

from . import process_folders
from .code_digest import library_versions, plugin_code_digest
from .render_cache import plain
from .settings import spaces_path
from .validation_cache import enabled

FORMAT = 1  # bump when what the folder's name covers changes
FOLDER = "pelican-readers"
CACHING = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CONTENT_CACHING_LAYER": "reader",
           "CHECK_MODIFIED_METHOD": "sha256", "GZIP_CACHE": False}
# The libraries whose code reads a Markdown file.
_LIBRARIES = ("pelican", "markdown", "pygments", "python-dateutil")
# Different in every build (the staged folder), or set here.
_NOT_COVERED = frozenset({"OUTPUT_PATH", "CACHE_PATH", *CACHING})


def reader_digest(settings: dict) -> str:
    h = hashlib.sha256(f"readers {FORMAT}\0{library_versions(_LIBRARIES)}\0{sys.version}\0"
                       f"code {plugin_code_digest()}\0".encode())
    for key in sorted(settings):
        if key not in _NOT_COVERED:
            value = plain(settings[key])
            if value is None and settings[key] is not None:
                # what no key can cover: a fresh object's repr makes the digest new every
                # build, so nothing is read from the cache
                value = object()
            h.update(f"{key}={value!r}\0".encode())
    return h.hexdigest()


def use_reader_cache(pelican) -> None:
    """Pelican's initialized signal: its generators, made after, read through the cache."""
    settings = pelican.settings
    if not enabled():
        return
    root = spaces_path(settings).resolve().parent / ".cache" / FOLDER
    shared = root / reader_digest(settings)
    try:
        for old in root.iterdir() if root.is_dir() else ():
            if old != shared:
                shutil.rmtree(old, ignore_errors=True)
        shared.mkdir(parents=True, exist_ok=True)
        process_folders.remove_orphans(shared, _PRIVATE)  # killed builds'
        private = process_folders.make(shared, _PRIVATE)
        for cached in shared.iterdir():
            if cached.is_file() and _whole(cached):
                shutil.copyfile(cached, private / cached.name)
    except OSError:  # a cache that cannot be kept only costs time
        return
    settings.update(CACHING, CACHE_PATH=str(private))


def keep_reader_cache(pelican) -> None:
    """Pelican's finalized signal: this build's cache files replace the shared ones."""
    private = Path(pelican.settings.get("CACHE_PATH", ""))
    if not private.name.startswith(_PRIVATE) or private.parent.parent.name != FOLDER:
        return  # no reader cache this build
    try:
        for written in private.iterdir():
            os.replace(written, private.parent / written.name)
        private.rmdir()
    except OSError:
        shutil.rmtree(private, ignore_errors=True)


_PRIVATE = ".build-"


def _whole(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return isinstance(pickle.load(stream), dict)
    except Exception:  # noqa: BLE001 - whatever a damaged pickle raises; Pelican catches only some
        return False
