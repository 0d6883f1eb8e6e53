"""The ONE implementation of the space-file rules. The build and `invoke validate` call it."""
from __future__ import annotations

import fnmatch
import gc
import multiprocessing
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import heap, validation_cache
from .checks import CHECKS, CheckContext
from .duplicates import duplicate_problems
from .geography import PlaceIndex
from .loader import MAX_BYTES, LoadedFile, load_space_bytes, load_space_file
from .model import Space, space_from_data
from .problems import Problem
from .render_pool import cores as usable_cores
from .schema_check import schema_problems
from .vocab import load_vocabulary

_LOCATION_RANGE = {"location.lat", "location.lon"}
# Below this many files, one core: forking the worker and reading its results back costs what
# it saves. Since the batches are shared from a counter (the worker takes what it can, however
# late it starts), measured on a quiet machine (validate_spaces, no cache, wall, medians of 5):
# 300 files 39 ms alone, 37 to 46 ms with a worker; 600 files 73 -> 60 ms; 1,000 files
# 119 -> 89 ms. (Before the shared counter, 1,000 files gained nothing: 2,000 was the limit.)
PARALLEL_FROM = 500
# Files taken one step at a time together (read all, then the schema for all, then the checks):
# each step's code and data stay in the CPU's caches, a fifth less time than file by file.
BATCH = 256
_WORKER_VALIDATOR: SpaceValidator | None = None  # set in the parent just before the fork
_SHARED_BATCHES: tuple | None = None  # (task, batches, the next batch's index shared by all), likewise


def _take_batches(_) -> list[tuple[int, list]]:
    """(index, task's results) of each batch this process took from _SHARED_BATCHES's counter,
    until none is left: the parent and every worker run this side by side."""
    task, batches, taken = _SHARED_BATCHES
    done = []
    while True:
        with taken.get_lock():
            index = taken.value
            taken.value = index + 1
        if index >= len(batches):
            return done
        done.append((index, task(batches[index])))


def _check_in_worker(paths: list[Path]) -> list[tuple[Space | None, list[Problem]]]:
    return [(space, problems) for _, space, problems in _WORKER_VALIDATOR._check_many(paths)]


def _key_and_check_in_worker(paths: list[Path]) -> list[tuple[tuple, tuple]]:
    """((key, the file's state and digest for the stat memo), (space, problems)) of each file.
    Each file is read once: its key is made from the bytes that are checked."""
    validator = _WORKER_VALIDATOR
    listed = validation_cache.photo_folder_names(validator.context.images_dir)
    keys = []
    for path in paths:
        key, entry, content = validation_cache.file_key_and_state(
            validator._setup, path, validator.display(path), validator.context.images_dir, listed)
        keys.append((key, entry))
        if content is not None and len(content) <= MAX_BYTES:  # what load_space_file would read
            validator._read_for_key[path] = content
    try:
        results = _check_in_worker(paths)
    finally:
        validator._read_for_key.clear()
    return list(zip(keys, results))


@dataclass
class ValidationResult:
    spaces: list[Space] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # {slug: validation cache key} of the spaces whose result is their key's (the build keeps
    # each Space's digest under it, render_cache.SpaceDigests); absent: no key vouches for it.
    space_keys: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


# What Path.glob("*.y*ml") matched (fnmatch's pattern: any entry, dot names too), listed with
# os.scandir and plain names: pathlib's glob cost a tenth of a second at 10,000 files.
_SPACE_FILE_NAME = re.compile(fnmatch.translate("*.y*ml"))


def space_files(spaces_dir: Path) -> list[Path]:
    """Every space file, in a fixed order whatever the file system's: by name, which is the
    paths' own order (one folder)."""
    try:
        with os.scandir(spaces_dir) as entries:
            names = [entry.name for entry in entries]
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return []  # as Path.glob: nothing
    matches = _SPACE_FILE_NAME.match
    names = sorted(name for name in names if matches(name) and not name.startswith("_"))
    # what Path.glob itself makes each path with (a third of `/`'s cost); `/` where it is gone
    child = getattr(spaces_dir, "_make_child_relpath", None) or spaces_dir.joinpath
    return [child(name) for name in names]


class SpaceValidator:
    """Holds the vocabulary and place index, so many files are checked with one set-up."""

    def __init__(self, spaces_dir: Path, today: date, images_dir: Path | None = None,
                 root: Path | None = None):
        self.spaces_dir = spaces_dir
        self.root = root or spaces_dir.parent
        self._resolved_root = self.root.resolve()  # once: display() is called for every file
        self._shown_folders: dict[str, str | bool] = {}
        vocabulary = load_vocabulary(spaces_dir.resolve())
        self.vocabulary = vocabulary
        self.context = CheckContext(vocabulary, PlaceIndex(vocabulary.places), today, images_dir)
        self.cache: validation_cache.ValidationCache | None = None  # set by validate_spaces
        self._unfiled: dict[str, tuple] = {}  # str(path): (space, problems) used but not stored
        self._read_for_key: dict[Path, bytes] = {}  # bytes read for a file's key, to be checked
        # Below this many unchecked files, starting worker processes costs more than it saves.
        self.parallel_from = PARALLEL_FROM
        # The cache written by a forked child (validation_cache.finish_saves waits for it).
        self.save_in_background = False
        self._setup: str | None = None  # the cache's set-up digest, once made
        self._keys_ahead: validation_cache.KeysAhead | None = None  # set by start_keys_ahead
        self._files: list[Path] = []  # the space files listed by start_keys_ahead

    def display(self, path: Path, is_link: bool | None = None, text: str | None = None) -> str:
        """The path from the project root, as the contributor knows it (spaces/x.yaml).
        is_link: whether the file is a symbolic link, where the caller has already asked;
        text: str(path), where the caller has it (formatting a Path's string costs)."""
        if text is None:
            text = str(path)
        # str(path)'s last part is path.name, except for "." and ".." (name "") and "/"
        cut = text.rfind("/") + 1
        name = text[cut:]
        # path.resolve() walks every folder up to / for each of 10,000 files: a folder's
        # answer is kept instead. A file that is itself a link is resolved whole.
        if is_link is None:
            is_link = os.path.islink(text)
        if name not in ("", ".", "..") and not is_link:
            # path.parent named by a string ("spaces/", "/", "" for "."): hashing a Path costs more
            folder = text[:cut]
            prefix = self._shown_folders.get(folder)
            if prefix is None:
                prefix = self._shown_folders[folder] = self._shown_folder(path.parent)
            return prefix + name if prefix is not False else path.as_posix()
        try:
            return path.resolve().relative_to(self._resolved_root).as_posix()
        except ValueError:
            return path.as_posix()

    def _shown_folder(self, folder: Path) -> str | bool:
        """What display() puts before the name of a file in `folder` ("spaces/"), or False
        for a folder outside the root."""
        try:
            shown = folder.resolve().relative_to(self._resolved_root).as_posix()
        except ValueError:
            return False
        return "" if shown == "." else shown + "/"

    def check_file(self, path: Path) -> tuple[Space | None, list[Problem]]:
        _, space, problems = self._check(path)
        return space, problems

    def _check(self, path: Path) -> tuple[LoadedFile | None, Space | None, list[Problem]]:
        return self._check_batch([path])[0]

    def _check_many(self, paths: list[Path]) -> list[tuple[LoadedFile | None, Space | None, list[Problem]]]:
        """_check of each file, in the order given, BATCH files at a time."""
        results = []
        for start in range(0, len(paths), BATCH):
            results += self._check_batch(paths[start:start + BATCH])
        return results

    def _check_batch(self, paths: list[Path]) -> list[tuple[LoadedFile | None, Space | None, list[Problem]]]:
        """(loaded file, space, problems) of each file, each step done for all the files in turn;
        every file's result is its own, as if it were checked alone."""
        results: list = [None] * len(paths)
        read = []  # (index, path, shown, loaded) of the files read without a problem
        for index, path in enumerate(paths):
            shown = self.display(path)
            if path.suffix != ".yaml":
                results[index] = None, None, [Problem(shown, 1, "file", "space files end in .yaml; "
                                                      "rename the file")]
                continue
            content = self._read_for_key.pop(path, None)
            loaded = load_space_file(path, shown) if content is None else load_space_bytes(content, shown)
            if loaded.problems:
                results[index] = None, None, loaded.problems
            else:
                read.append((index, path, shown, loaded))
        schema, context = self.vocabulary.schema, self.context
        found = [schema_problems(loaded, schema) for *_, loaded in read]
        extras = [[p for check in CHECKS for p in check(loaded, loaded.data, context)]
                  for *_, loaded in read]
        for (index, path, shown, loaded), problems, extra in zip(read, found, extras):
            if any(p.field == "location" for p in extra):
                # one clear line about the point (swapped, outside Denmark) instead of range complaints
                problems = [p for p in problems if p.field not in _LOCATION_RANGE]
            problems += extra
            if problems:
                results[index] = loaded, None, sorted(set(problems))
                continue
            data = loaded.data
            region = self.vocabulary.region_of[data["address"]["municipality"]]
            verified = date.fromisoformat(data["last_verified"])
            results[index] = loaded, space_from_data(path.stem, shown, data, region, verified), []
        return results

    def _check_cached(self, path: Path, key: str | None, states, index: int
                      ) -> tuple[LoadedFile | None, Space | None, list[Problem], str | None]:
        """_check, or its stored result for the very same file and set-up (validation_cache.py);
        states[index] is the file's when its key was made (a result is stored only if it still
        is; looked up only then). Last: the key, when the result is the key's (None when the
        file changed meanwhile)."""
        stored = self.cache.get(key) if key else None
        if stored is not None:
            return None, stored[0], list(stored[1]), key
        stored = self._unfiled.pop(str(path), None)  # checked by a worker, not storable
        if stored is not None:
            return None, stored[0], list(stored[1]), None
        _, space, problems = self._check(path)
        if key and validation_cache.still_as_keyed(path, states[index]):
            self.cache.put(key, (space, problems))
            return None, space, problems, key
        return None, space, problems, None

    def _check_new_files_in_parallel(self, paths: list[Path]) -> tuple[list, list]:
        """Check the files the cache does not know on every core, into the cache, and return
        each file's key and the state it was made from; check_files then reads each result in
        file order, so the output is the same as one core's."""
        self._unfiled = {}
        ahead, self._keys_ahead = self._keys_ahead, None
        answer = ahead.answer() if ahead is not None else None
        if answer is not None:  # made by the child: this process loaded the results meanwhile
            keys, states = answer
        elif not self.cache.old:  # a first build: every file is new, so the workers make the keys too
            keyed = self._check_in_parallel(paths, _key_and_check_in_worker)
            if keyed is not None:
                keys, states = [], []
                for path, ((key, memo_entry), result) in zip(paths, keyed):
                    keys.append(key)
                    states.append(memo_entry[0] if memo_entry else None)
                    if key:  # checked from the very bytes of its key: always the key's result
                        self.cache.put(key, result)
                        self.cache.memo.record(str(path), *memo_entry)
                return keys, states
        if answer is None:
            states = []
            keys = validation_cache.memo_file_keys(self._setup, paths, self.display,
                                                   self.context.images_dir, self.cache.memo, states)
        # states are looked up by index: a child's are made into tuples only where wanted
        todo = [(path, key, index) for index, (path, key) in enumerate(zip(paths, keys))
                if key and self.cache.get(key) is None]
        results = self._check_in_parallel([path for path, _, _ in todo])
        for (path, key, index), result in zip(todo, results or ()):
            if validation_cache.still_as_keyed(path, states[index]):
                self.cache.put(key, result)
            else:  # saved again since its key was made: used for this build only
                self._unfiled[str(path)] = result
        return keys, states

    def _check_in_parallel(self, paths: list[Path], task=_check_in_worker) -> list | None:
        """task(path) of each file (default: its (space, problems)), in the order given, on
        every core; None where there are too few files (or cores) for worker processes to pay off.

        The files are cut in batches that this process and one worker per other core take in
        turn from a shared counter, so whoever is slowed (another program, a batch of harder
        files) takes fewer: a fixed share left this process idle 0.2-0.3 s waiting for the
        worker, or the worker for it. The results are put back in file order."""
        cores = min(usable_cores(), 4)
        if (cores < 2 or len(paths) < self.parallel_from
                or "fork" not in multiprocessing.get_all_start_methods()):
            return None
        context = multiprocessing.get_context("fork")
        batches = [paths[start:start + BATCH] for start in range(0, len(paths), BATCH)]
        global _WORKER_VALIDATOR, _SHARED_BATCHES
        _WORKER_VALIDATOR = self  # fork: each worker starts with this validator, set up once
        _SHARED_BATCHES = (task, batches, context.Value("i", 0))
        try:
            with context.Pool(cores - 1) as pool:
                theirs = pool.map_async(_take_batches, range(cores - 1), chunksize=1)
                done = dict(_take_batches(None))
                for part in theirs.get():
                    done.update(part)
        finally:
            _WORKER_VALIDATOR = _SHARED_BATCHES = None
        return [result for index in range(len(batches)) for result in done[index]]

    def check_files(self, paths: list[Path], find_duplicates: bool = False,
                    in_order: bool = False) -> ValidationResult:
        """Check `paths`. With `find_duplicates` (files named by a contributor), each is also
        compared with every other space file, to catch a space that is already listed.
        in_order: `paths` are already in sorted order (space_files), so not sorted again."""
        # Checking makes some 40 objects a file that live on (the Spaces, the cache's entries)
        # and many that die at once, and no garbage cycles worth collecting: the cyclic
        # collector, set off again and again, scanned the growing heap (and Pelican's) for
        # nothing, a seventh of a cold validation. Off meanwhile (in the workers too, forked
        # from here); what survives then goes straight to the oldest generation, as a loaded
        # pickle's objects do (kept_pickles.load), so it is not scanned young, one level at a time.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._check_files(paths, find_duplicates, in_order)
        finally:
            heap.age_survivors()
            if collecting:
                gc.enable()

    def _check_files(self, paths: list[Path], find_duplicates: bool, in_order: bool) -> ValidationResult:
        result = ValidationResult()
        seen: dict[str, str] = {}
        loaded_files = []
        cached = self.cache is not None and not find_duplicates  # duplicates need the loaded files
        ordered = paths if in_order else sorted(paths)
        checked = None  # each file's (space, problems) from the worker processes, in file order
        if cached:
            if self._setup is None:
                self._setup = self.setup_digest()
            keys, states = self._check_new_files_in_parallel(ordered)
        elif not find_duplicates:
            checked = self._check_in_parallel(ordered)
        checked_here = self._check_many(ordered) if not cached and checked is None else None
        stored_result = self.cache.get if cached else None
        for index, path in enumerate(ordered):
            key = None
            if cached:
                key = keys[index]
                stored = stored_result(key) if key else None
                if stored is not None:  # most files of a warm build: read here, not copied
                    loaded, space, problems = None, stored[0], stored[1]
                else:
                    loaded, space, problems, key = self._check_cached(path, key, states, index)
            elif checked is not None:
                loaded, (space, problems) = None, checked[index]
            else:
                loaded, space, problems = checked_here[index]
            result.problems += problems
            loaded_files.append(loaded)
            if space is None:
                continue
            if space.slug in seen:
                result.problems.append(Problem(space.source, 1, "file", f"the slug `{space.slug}` "
                                               f"is already used by {seen[space.slug]}"))
                continue
            seen[space.slug] = space.source
            result.spaces.append(space)
            if key is not None:
                result.space_keys[space.slug] = key
        if find_duplicates:
            result.problems += self._duplicates([f for f in loaded_files if f], paths)
        result.spaces.sort(key=lambda s: s.slug)
        if cached:
            self.cache.save(in_background=self.save_in_background)
        return result

    def cache_folder(self) -> Path:
        return self.spaces_dir.resolve().parent / ".cache"

    def start_keys_ahead(self) -> bool:
        """List the space files (the ones then checked) and start a KeysAhead for them where
        validation_cache says it pays off; whether one was started."""
        files = self._files = space_files(self.spaces_dir)
        if not validation_cache.keys_ahead_wanted(self.cache_folder(), files):
            return False
        self._setup = self.setup_digest()
        self._keys_ahead = validation_cache.KeysAhead(
            self.cache_folder(), self._setup, files, self.display, self.context.images_dir)
        return True

    def started_as(self, spaces_dir: Path, today: date, images_dir: Path | None) -> bool:
        return (self.spaces_dir, self.context.today, self.context.images_dir) == (spaces_dir, today, images_dir)

    def abandon(self) -> None:
        """A started validator not used: its child's answer read (none is taken) and reaped."""
        if self._keys_ahead is not None:
            self._keys_ahead.answer()
            self._keys_ahead = None
            validation_cache.finish_saves()

    def setup_digest(self) -> str:
        return validation_cache.setup_digest(self.vocabulary, self.context.today,
                                             self.context.images_dir)

    def _duplicates(self, candidates: list[LoadedFile], paths: list[Path]) -> list[Problem]:
        # A file is its slug: spaces/x.yaml edited elsewhere is compared with the others, not with itself.
        named = {path.stem for path in paths}
        others = [load_space_file(p, self.display(p)) for p in space_files(self.spaces_dir)
                  if p.stem not in named]
        return duplicate_problems(candidates, others)


def start_validation(spaces_dir: Path, today: date, images_dir: Path | None = None) -> SpaceValidator | None:
    """validate_spaces's set-up for the whole folder (vocabulary, the files listed), begun early
    (the spaces generator, before Pelican reads the stories and pages): where it pays off, a
    child is making the files' keys meanwhile (validation_cache.KeysAhead). None without the
    cache. Pass it to validate_spaces(started=...) with the same arguments."""
    if not validation_cache.enabled():
        return None
    validator = SpaceValidator(spaces_dir, today, images_dir)
    validator.start_keys_ahead()
    return validator


def validate_spaces(spaces_dir: Path, today: date, images_dir: Path | None = None,
                    paths: list[Path] | None = None, save_in_background: bool = False,
                    started: SpaceValidator | None = None) -> ValidationResult:
    """Check the given files (default: all of spaces/) and return the spaces and problems.

    Files given by name are new or changed ones: they are also checked for duplicates of the
    spaces already listed. The whole folder is not, so two spaces an editor has accepted as
    different (one operator, one e-mail) do not stop the build.
    save_in_background: the cache is written by a forked child; the caller then calls
    validation_cache.finish_saves() before it is done (the build, at its end).
    started: start_validation's validator, for the same folder, day and images; the files are
    those it listed, each as it was when its key was made (as without it).
    """
    if started is not None and (paths is not None or not started.started_as(spaces_dir, today, images_dir)):
        started.abandon()
        started = None
    validator = started or SpaceValidator(spaces_dir, today, images_dir)
    validator.save_in_background = save_in_background
    if paths is None:
        if validation_cache.enabled():
            if started is None:
                validator.start_keys_ahead()
            files = validator._files
            validator.cache = validation_cache.ValidationCache(
                validator.cache_folder(), memo_elsewhere=validator._keys_ahead is not None)
        else:
            files = space_files(spaces_dir)
        try:
            return validator.check_files(files, in_order=True)
        finally:
            validator.abandon()  # not taken (an error)
    return validator.check_files(paths, find_duplicates=True)
