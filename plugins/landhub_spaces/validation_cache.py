"""Remember each space file's validation result, so a rebuild re-checks only changed files.

A result is reused only when everything it could depend on is the same: the file's bytes and
name, the schema and vocabularies (as loaded from spaces/_schema, spaces/_vocab), this package's code, the
build date, and the names, sizes and times of the space's photos. Anything else changed means a
new key, so the file is checked again: the cache can make a build faster, never quieter. A
result with problems is cached too, and the problems are printed again on every build.

The cache is one pickle in <project>/.cache/ (gitignored); a damaged or foreign one is ignored.
LANDHUB_NO_CACHE=1 turns it off (the benchmark's cold builds). Rewriting 10,000 results after
one edit costs more than the rest of a warm validation, so the results that came and went since
are written beside it (a "changes" pickle naming the big one's token) until they are an eighth
of the whole. Since a result is filed under everything it depends on, an entry can never be
wrong for its key: a lost or damaged changes file only means files checked again.

A file's bytes are known by their sha256. To save reading and hashing every file on every build,
a second, small pickle (StatMemo) keeps each file's (size, mtime, ctime, inode, device) with
the digest computed last time; a file whose five values are all the same is not read again.
As git does against "racy" timestamps, a file changed less than file_states.RACY_NS before the memo's
build began (or dated in the future) is always read: an edit in the same clock tick as the
read leaves the times unchanged. A warm build in a new process has a forked child (KeysAhead)
stat the files, make their keys and save the memo, while it loads the results pickle.

A long-lived process (livereload's) keeps what it last loaded or saved in memory (kept_pickles) and
uses it for its next build instead of unpickling it again, as long as the pickle files are
still the very files it read or wrote (same size, times, inode): another process's build, or a
damaged file, is loaded from disk as before. Every file is still looked at (stat) on every build.
"""
from __future__ import annotations

import hashlib
import os
import stat
import time
import unicodedata
from array import array
from datetime import date
from pathlib import Path

from .file_states import file_state, racy, state_of
from .kept_pickles import forget_kept, is_kept, keep_written, load_kept, save, save_kept
from .render_pool import AHEAD_NICE, Answer, Background, forks

FORMAT = 1  # bump when what is stored changes shape
MEMO_FORMAT = 1
CHANGES_SHARE = 8  # the whole cache is rewritten once the changes reach 1/8 of its results
# From this many files, a warm build's keys are made by a forked child (KeysAhead): below it,
# the fork costs more than the 7 us a file it takes off this process.
KEYS_AHEAD_FROM = 2000
RESULTS_NAME = "landhub-validated.pickle"
MEMO_NAME = "landhub-file-states.pickle"
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


def _folded(name: str) -> str:
    # how a case- and normalisation-insensitive file system (macOS) may match a name
    if name.isascii():
        return name.lower()  # the same for ASCII: NFC changes nothing, casefold is lower
    return unicodedata.normalize("NFC", name).casefold()


def photo_folder_names(images_dir: Path | None) -> set[str] | None:
    """The (folded) names in images_dir, listed once so that a space without a photo folder
    costs no stat; None where the folder cannot be listed (each space is then asked alone)."""
    if images_dir is None:
        return None
    try:
        return {_folded(name) for name in os.listdir(images_dir)}
    except (FileNotFoundError, NotADirectoryError):
        return set()  # no images folder: no space has photos (as is_dir() below would say)
    except OSError:
        return None


def _photos_state(images_dir: Path | None, stem: str, listed: set[str] | None = None) -> bytes:
    if images_dir is None:
        return b""
    if listed is not None and _folded(stem) not in listed:
        return b"no photos"
    folder = images_dir / stem
    if not folder.is_dir():
        return b"no photos"
    parts = []
    for path in sorted(folder.rglob("*")):
        stat = path.stat()
        parts.append(f"{path.relative_to(folder).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts).encode()


def _key(setup_part: bytes, shown: str, name: str, digest: bytes, photos: bytes) -> str:
    """A file's result key. setup_part: the set-up's digest encoded, then a NUL (made once a
    build); shown: its path as messages show it; name: its file name; digest: sha256 of its
    bytes; photos: _photos_state."""
    h = hashlib.sha256(setup_part + shown.encode() + b"\0" + name.encode() + b"\0")
    h.update(digest)
    h.update(photos)
    return h.hexdigest()


def read_state_and_bytes(path: str) -> tuple[tuple | None, bytes | None]:
    """(state, bytes) of a file read now; the state is taken BEFORE the read, so an edit
    during or after it changes the state the memo compares with. (None, None) if the file
    cannot be read."""
    try:
        with open(path, "rb") as stream:
            st = os.fstat(stream.fileno())
            content = stream.read()
    except OSError:
        return None, None
    return state_of(st), content


def read_digest(path: str) -> tuple[tuple | None, bytes | None]:
    """(state, sha256 of the bytes) of a file read now, as read_state_and_bytes."""
    state, content = read_state_and_bytes(path)
    return (None, None) if content is None else (state, hashlib.sha256(content).digest())


def file_key_and_state(setup: str, path: Path, shown: str, images_dir: Path | None,
                       listed: set[str] | None = None) -> tuple[str | None, tuple | None, bytes | None]:
    """The key of one file's result, read now, the (state, digest) a StatMemo keeps for it,
    and the bytes read (to be checked: the result is then the key's, whatever happens to the
    file after); (None, None, None) if the file cannot be read (checked without cache)."""
    state, content = read_state_and_bytes(str(path))
    if content is None:
        return None, None, None
    digest = hashlib.sha256(content).digest()
    return (_key(setup.encode() + b"\0", shown, path.name, digest,
                 _photos_state(images_dir, path.stem, listed)),
            (state, digest), content)


def still_as_keyed(path: Path | str, state: tuple | None) -> bool:
    """Whether the file still has the state its key was made from. A file saved again while it
    was being checked (even back to the keyed bytes later) was checked in another version,
    whose result must not be filed under that key; it is used for this build only."""
    if state is None:
        return False
    try:
        return file_state(str(path)) == state
    except OSError:
        return False


def memo_file_keys(setup: str, paths: list[Path], display, images_dir: Path | None,
                   memo: StatMemo, states: list | None = None) -> list[str | None]:
    """The key of each path's result (None if unreadable), reading only the files whose state
    the memo does not vouch for; `states` gets the state each key was made from.
    display(path, is_link, str(path)) is the path as shown; the one lstat per file tells it if
    it is a link. Each path's string is made once and no Path method is called."""
    listed = photo_folder_names(images_dir)
    keys = []
    setup_part = setup.encode() + b"\0"
    for path in paths:
        name = str(path)
        base = name[name.rfind("/") + 1:]  # path.name, but for "." and ".." (read as unreadable)
        dot = base.rfind(".")  # path.stem without pathlib's cost (the same rule)
        stem = base[:dot] if 0 < dot < len(base) - 1 else base
        try:
            st = os.lstat(name)
            link = stat.S_ISLNK(st.st_mode)
            if link:
                st = os.stat(name)
        except OSError:
            keys.append(None)
            if states is not None:
                states.append(None)
            continue
        state = state_of(st)
        digest = memo.digest(name, state)
        if digest is None:
            state, digest = read_digest(name)
            if digest is None:
                keys.append(None)
                if states is not None:
                    states.append(None)
                continue
            memo.record(name, state, digest)
        if states is not None:
            states.append(state)
        keys.append(_key(setup_part, display(path, link, name), base, digest,
                         _photos_state(images_dir, stem, listed)))
    return keys


class StatMemo:
    """{path: (size, mtime_ns, ctime_ns, inode, device, sha256)} from the build before, and the
    moment that build began. Only the files of this build are saved."""

    def __init__(self, folder: Path):
        self.path = folder / MEMO_NAME
        self.began = time.time_ns()  # before any file of this build is looked at
        self.old: dict = {}
        self.old_began = 0
        self.new: dict = {}
        self.changed = False
        try:
            stored = load_kept(self.path)
            if (isinstance(stored, dict) and stored.get("format") == MEMO_FORMAT
                    and type(stored.get("began")) is int and isinstance(stored.get("files"), dict)
                    and all(type(entry) is tuple and len(entry) == 6 and type(entry[5]) is bytes
                            and len(entry[5]) == 32 for entry in stored["files"].values())):
                self.old, self.old_began = stored["files"], stored["began"]
        except Exception:  # noqa: BLE001 - missing, damaged or from other code: read every file
            self.old = {}

    def digest(self, name: str, state: tuple) -> bytes | None:
        """The digest kept for this file if its state is the one kept and not racy, else None."""
        entry = self.old.get(name)
        if entry is None or entry[:5] != state:
            return None
        if racy(state, self.old_began, time.time_ns()):
            return None  # changed too close to the read: the same times may hide another edit
        self.new[name] = entry
        return entry[5]

    def record(self, name: str, state: tuple, digest: bytes) -> None:
        self.new[name] = state + (digest,)
        self.changed = True

    def to_save(self) -> list[tuple[Path, dict]]:
        if not self.changed and self.new.keys() == self.old.keys():
            return []  # every file vouched for: no write
        return [(self.path, {"format": MEMO_FORMAT, "began": self.began, "files": dict(self.new)})]

    def save(self) -> None:
        for path, stored in self.to_save():
            save_kept(path, stored)


# Caches a forked child is still writing (ValidationCache.save(in_background=True)): each
# child and the (path, what it writes) it was given.
_SAVING: list = []


def finish_saves() -> None:
    """Wait for the caches children are writing; this process then keeps what they wrote in
    memory as if it had written it (kept_pickles). Before a cache is loaded again, and at the
    end of a build."""
    while _SAVING:
        child, files = _SAVING.pop(0)
        if child.reap() == 0:
            for path, stored in files:
                keep_written(path, stored)


class ValidationCache:
    """{key: (space or None, problems)} loaded once, saved once with only this build's keys."""

    def __init__(self, folder: Path, memo_elsewhere: bool = False):
        """memo_elsewhere: the stat memo is loaded, used and saved by a KeysAhead child; it is
        loaded here only if asked for (the child failed)."""
        finish_saves()  # a save still being written by a child of this process's last build
        self.folder = folder
        self.path = folder / RESULTS_NAME
        self.changes_path = folder / "landhub-validated-changes.pickle"
        self._memo = None if memo_elsewhere else StatMemo(folder)
        self.old: dict = {}
        self.new: dict = {}
        self.token = None
        try:
            stored = load_kept(self.path)
            if isinstance(stored, dict) and stored.get("format") == FORMAT:
                self.old, self.token = stored["results"], stored.get("token")
        except Exception:  # noqa: BLE001 - missing, damaged or from other code: start empty
            self.old = {}
        self.whole_keys = set(self.old)  # what the big pickle holds
        if self.token:
            try:
                changes = load_kept(self.changes_path)
                if (isinstance(changes, dict) and changes.get("format") == FORMAT
                        and changes.get("token") == self.token):
                    self.old = dict(self.old)  # the loaded dict may be kept in memory (kept_pickles)
                    self.old.update(changes["added"])
                    for key in changes["removed"]:
                        self.old.pop(key, None)
            except Exception:  # noqa: BLE001 - damaged: those files are checked again
                pass

    @property
    def memo(self) -> StatMemo:
        if self._memo is None:
            self._memo = StatMemo(self.folder)
        return self._memo

    def get(self, key: str):
        result = self.new.get(key)  # put by this build (the worker processes' results)
        if result is None:
            result = self.old.get(key)
            if result is not None:
                self.new[key] = result
        return result

    def put(self, key: str, result) -> None:
        self.new[key] = result

    def save(self, in_background: bool = False) -> None:
        """Write this build's results. in_background: the whole results file pickled and written
        by a forked child while the build goes on (finish_saves waits for it); a first build's
        10,000 results took 0.1 s on one core, between validation on every core and the pages."""
        files = (self._memo.to_save() if self._memo is not None else []) + self._to_save()
        # Only when the whole results file is written (a first build, or the changes grew to an
        # eighth): a warm build's few changes are written sooner than a fork and its copied pages.
        if in_background and forks() and any(path == self.path for path, _ in files):
            for path, _ in files:
                forget_kept(path)

            def write() -> None:
                if not all([save(path, stored) for path, stored in files]):
                    raise OSError("not written")  # not kept in memory by the parent either

            _SAVING.append((Background(write, nice=AHEAD_NICE), files))
            return
        for path, stored in files:
            save_kept(path, stored)

    def _to_save(self) -> list[tuple[Path, dict]]:
        if self.new.keys() == self.old.keys():
            return []  # nothing changed: no write (a warm build with no edits touches nothing)
        added = {key: result for key, result in self.new.items() if key not in self.whole_keys}
        removed = sorted(self.whole_keys - self.new.keys())
        if self.token and (len(added) + len(removed)) * CHANGES_SHARE <= len(self.new):
            return [(self.changes_path, {"format": FORMAT, "token": self.token, "added": added,
                                         "removed": removed})]
        # a new token: the changes file of the old one is ignored from now on
        return [(self.path, {"format": FORMAT, "token": os.urandom(16).hex(), "results": dict(self.new)})]


# A file's state in KeysAhead's answer where it has no key (unreadable): no file has it.
_NO_STATE = (-1, -1, -1, -1, -1)


def keys_ahead_wanted(folder: Path, paths: list[Path]) -> bool:
    """Whether a KeysAhead pays off: many files, a second core, and a results pickle this
    process would load from disk (a warm build in a new process; a long-lived process that
    keeps it in memory has nothing to overlap the keys with)."""
    results = folder / RESULTS_NAME
    return (len(paths) >= KEYS_AHEAD_FROM and forks()
            and results.is_file() and not is_kept(results))


class KeysAhead:
    """memo_file_keys (a stat of every file, its key) in a forked child, on the other core
    while this process reads Pelican's stories and pages and loads the results pickle:
    0.07-0.08 s each at 10,000 files. The child loads the stat memo itself, answers with the
    keys and states (render_pool.Answer: it never waits on a reader, so a build that stops
    first leaves no child waiting), then saves the memo.

    answer() is (keys, states) or None: a child that failed, or an answer cut short, is not
    taken; the caller then makes the keys as before, after the child is reaped (so the memo is
    not written by both). One never answered is reaped by the next KeysAhead."""

    def __init__(self, folder: Path, setup: str, paths: list[Path], display,
                 images_dir: Path | None):
        finish_saves()  # nothing of the last build's still writing the memo
        while _UNANSWERED:  # a stopped build's
            _UNANSWERED[0].answer()
        finish_saves()
        self.memo_path = folder / MEMO_NAME
        forget_kept(self.memo_path)  # written by the child from now on
        self.count = len(paths)
        self.answered = False
        memo = None

        def keys() -> tuple[list, bytes]:
            nonlocal memo
            memo = StatMemo(folder)
            states: list = []
            made = memo_file_keys(setup, paths, display, images_dir, memo, states)
            flat = array("q")
            for state in states:
                flat.extend(_NO_STATE if state is None else state)  # a state out of range raises
            return made, flat.tobytes()

        def save_memo() -> None:
            for path, stored in memo.to_save():
                save(path, stored)

        self.child = Answer(keys, then=save_memo)  # forks: keys_ahead_wanted asked for two cores
        _UNANSWERED.append(self)

    def answer(self) -> tuple[list, _States] | None:
        if self.answered:
            return None
        self.answered = True
        _UNANSWERED.remove(self)
        try:
            keys, flat = self.child.result()
            states = _States(flat)
            if not (type(keys) is list and len(keys) == len(states) == self.count):
                raise ValueError("not one key a file")
        except Exception:  # noqa: BLE001 - no answer, or not what the child sends: made here instead
            self.child.reap()
            return None
        finally:
            self.child.close()
        _SAVING.append((self.child, []))  # reaped by finish_saves once the memo is written
        return keys, states


# KeysAhead children whose answer was not asked for yet.
_UNANSWERED: list[KeysAhead] = []


class _States:
    """The state each key was made from, from KeysAhead's flat array: a tuple made only for
    the few files looked up (those without a stored result)."""

    def __init__(self, flat: bytes):
        self.flat = array("q")
        self.flat.frombytes(flat)

    def __len__(self) -> int:
        return len(self.flat) // 5

    def __getitem__(self, index: int) -> tuple | None:
        if index < 0:  # as a list's
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        state = tuple(self.flat[5 * index:5 * index + 5])
        return None if state == _NO_STATE else state
