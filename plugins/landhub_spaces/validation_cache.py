"""Remember each space file's validation result, so a rebuild re-checks only changed files.

A result is reused only when everything it could depend on is the same: the file's bytes and
name, the schema and vocabularies (as loaded from spaces/_schema, spaces/_vocab), this package's code, the
build date, and the names, sizes and times of the space's photos. Anything else changed means a
new key, so the file is checked again: the cache can make a build faster, never quieter. A
result with problems is cached too, and the problems are printed again on every build.

The cache is one pickle in <project>/.cache/ (gitignored); a damaged or foreign one is ignored.
LANDHUB_NO_CACHE=1 turns it off (the benchmark's cold builds).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from datetime import date
from pathlib import Path

FORMAT = 1  # bump when what is stored changes shape
_PACKAGE = Path(__file__).resolve().parent


def enabled() -> bool:
    return os.environ.get("LANDHUB_NO_CACHE", "") in ("", "0")


def setup_digest(vocabulary, today: date, images_dir: Path | None) -> str:
    """What every file's result depends on besides the file itself. The vocabulary is hashed
    as loaded, not from its files: a long-lived process (livereload) keeps the one it loaded
    first (vocab.py's @cache), and a result must be filed under what it was checked against."""
    h = hashlib.sha256(f"format {FORMAT} today {today.isoformat()} images {images_dir}\0".encode())
    # Only dicts, lists, tuples, strings and numbers: repr is the same in every process.
    h.update(repr((vocabulary.schema, vocabulary.regions, vocabulary.amenities,
                   vocabulary.places)).encode())
    _folder_digest_py(h)
    return h.hexdigest()


def _folder_digest_py(h) -> None:
    for path in sorted(_PACKAGE.glob("*.py")):
        h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())


def _photos_state(images_dir: Path | None, stem: str) -> bytes:
    if images_dir is None:
        return b""
    folder = images_dir / stem
    if not folder.is_dir():
        return b"no photos"
    parts = []
    for path in sorted(folder.rglob("*")):
        stat = path.stat()
        parts.append(f"{path.relative_to(folder).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts).encode()


def file_key(setup: str, path: Path, shown: str, images_dir: Path | None) -> str | None:
    """The key of one file's result; None if the file cannot be read (checked without cache)."""
    try:
        content = path.read_bytes()
    except OSError:
        return None
    h = hashlib.sha256(setup.encode() + b"\0" + shown.encode() + b"\0" + path.name.encode() + b"\0")
    h.update(hashlib.sha256(content).digest())
    h.update(_photos_state(images_dir, path.stem))
    return h.hexdigest()


class ValidationCache:
    """{key: (space or None, problems)} loaded once, saved once with only this build's keys."""

    def __init__(self, folder: Path):
        self.path = folder / "landhub-validated.pickle"
        self.old: dict = {}
        self.new: dict = {}
        try:
            with self.path.open("rb") as stream:
                stored = pickle.load(stream)
            if isinstance(stored, dict) and stored.get("format") == FORMAT:
                self.old = stored["results"]
        except Exception:  # noqa: BLE001 - missing, damaged or from other code: start empty
            self.old = {}

    def get(self, key: str):
        result = self.new.get(key)  # put by this build (the worker processes' results)
        if result is None:
            result = self.old.get(key)
            if result is not None:
                self.new[key] = result
        return result

    def put(self, key: str, result) -> None:
        self.new[key] = result

    def save(self) -> None:
        if self.new.keys() == self.old.keys():
            return  # nothing changed: no write (a warm build with no edits touches nothing)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=self.path.parent, delete=False) as stream:
                pickle.dump({"format": FORMAT, "results": self.new}, stream,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(stream.name, self.path)
        except OSError:
            pass  # a read-only checkout builds as before, just without the speed-up
