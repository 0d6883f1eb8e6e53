"""Build the site or validate space files, as commands: clear messages, an exit code, no traceback."""
from __future__ import annotations

import atexit
import gc
import logging
import os
import sys
import time
from pathlib import Path
from typing import NoReturn

from . import heap
from .code_digest import plugin_code_digest
from .generator import build_date
from .problems import BuildStopped
from .settings import images_path, landhub_setting, spaces_path
from .staging import StagedOutput
from .validation import space_files, validate_spaces
from .vocab import refresh_vocabularies

logger = logging.getLogger(__name__)

def build_site(settings_file: str, output: str | None = None, overrides: dict | None = None,
               timings: dict | None = None, search_after=None, code_started: str | None = None) -> int:
    """Run Pelican once, then index the output for search. Returns 0, or 1 with every problem
    already printed. `timings`, if given, gets the seconds of each step: "pelican", "search".
    search_after (a landhub_search.SearchAfterPublish, for livereload): publish the site with
    the last build's search bundle and index it after, in the background; the first build,
    with no bundle to carry, indexes before publishing as usual. code_started (livereload):
    plugin_code_digest() when the process started; a running process cannot load edited
    modules, so once plugins/ differs, builds use no cache (with a warning to restart)."""
    from landhub_search import SearchIndex, bundle_dir, index_site, take_bundle
    from pelican import Pelican
    from pelican.settings import read_settings

    if search_after is not None:
        search_after.stop()  # a newer build supersedes the index being made (after_publish.py)
    if code_started is not None:
        _count_rebuild()
        if not _tidy.done:
            tidy_after_build()  # not done in the background since the last build (after_publish.py)
    _tidy.done = False
    if code_started is not None and plugin_code_digest() != code_started:
        # The caches key results by the plugin code ON DISK: this process's older code would
        # file its pages and checks under the new code's keys, for later builds to reuse.
        print("plugins/ changed since this process started; it still runs the code it started "
              "with, so this build uses no cache. Restart `make serve` to use the new code.",
              file=sys.stderr)
        with _no_cache():
            return build_site(settings_file, output, overrides, timings, search_after)  # no check again
    override = dict(overrides or {})
    if output:
        override["OUTPUT_PATH"] = output
    settings = read_settings(settings_file, override=override)
    # A long-lived livereload process must see edited vocabularies: those whose files changed
    # since they were read are read again (vocab.py); unchanged ones are kept.
    refresh_vocabularies()
    # The generator logs each problem; make sure those lines reach stderr as plain text even
    # when the caller has configured logging elsewhere (pytest, livereload's tornado).
    problems_log = logging.getLogger("landhub_spaces")
    to_stderr = logging.StreamHandler(sys.stderr)
    to_stderr.setLevel(logging.WARNING)
    to_stderr.setFormatter(logging.Formatter("%(message)s"))
    problems_log.addHandler(to_stderr)
    propagate, problems_log.propagate = problems_log.propagate, False
    # Built beside output/ and swapped into place only when complete (staging.py): a failed
    # build leaves the last good site for livereload and the deploy.
    # The output it replaces is kept as the spare, whose space and list page folders the next
    # build reuses (generator.py): 10,000 folders are not made again on a warm build.
    cache = spaces_path(settings).resolve().parent / ".cache"
    staged = StagedOutput(Path(settings["OUTPUT_PATH"]), settings.get("OUTPUT_RETENTION", ()),
                          trash=cache / "old-output", spare=cache / "output-spare",
                          reuse=page_folders(settings), carry=(bundle_dir(settings),))
    try:
        with staged:
            settings["OUTPUT_PATH"] = str(staged.path)
            started = time.perf_counter()
            Pelican(settings).run()
            pelican_seconds = time.perf_counter() - started
            # After Pelican, timed on its own: issue 7 measures the two separately.
            bundle = bundle_dir(settings)
            # livereload: the published site's bundle is moved into the new one (a rename, the
            # publish's renames a moment later put it back in place: the site is without search
            # for that moment only) and brought up to date there after the publish.
            later = search_after is not None and take_bundle(staged.target, staged.path, bundle)
            # The spare's bundle is brought up to date: only changed files written (landhub_search).
            search = SearchIndex(0, 0.0) if later else index_site(Path(settings["OUTPUT_PATH"]),
                                                                  bundle, staged.carried(bundle))
            staged.publish()
    except BuildStopped as error:
        print(f"Build stopped: {error}", file=sys.stderr)
        return 1
    finally:
        problems_log.removeHandler(to_stderr)
        problems_log.propagate = propagate
        if code_started is None:  # a long-lived process tidies later (tidy_after_build)
            _forget_pelican_memos()
    if later:
        # Only the bundle's changed files are written, in place, in an order a page loading
        # meanwhile can follow (landhub_search/bundle_sync.py).
        search_after.start(staged.target, bundle_dir(settings),
                           then=tidy_after_build if code_started is not None else None)
        print(f"search: published after Pelican's {pelican_seconds:.2f} s with the last search "
              "index; Pagefind indexes the new site now")
    else:
        print(f"search: Pagefind indexed {search.pages} pages in {search.seconds:.2f} s "
              f"(after Pelican's {pelican_seconds:.2f} s)")
        if code_started is not None:
            # No search thread tidies after this build (the first one of `make serve`): done
            # now, with the site published, instead of while the editor waits for the next.
            tidy_after_build()
    if timings is not None:
        timings.update(pelican=pelican_seconds, search=search.seconds, search_pages=search.pages)
    return 0


def build_and_exit(settings_file: str, output: str | None = None, overrides: dict | None = None,
                   timings: dict | None = None, last_words=None) -> NoReturn:
    """build_site for a process that ends after this build (`invoke build`, the bench's
    build_once), which it ends with the build's exit code. last_words(code), if given, runs
    just before (the bench prints its timings).
    The interpreter's usual exit is skipped, only to save time: it would scan the million objects
    a build leaves in a last collection and then free them one by one as it tears down the
    modules (0.2 to 0.3 s, then 0.04 to 0.07 s once the heap was frozen, at 10,000 spaces).
    Nothing is lost: the exit handlers still run (atexit: logging's flush, multiprocessing's
    joins, temporary folders' clean-up), the standard streams are flushed, every file the
    build wrote is closed, and the operating system takes the memory back.
    During the build the youngest generation is collected every GEN0_THRESHOLD allocations
    instead of every 700: a build keeps most of what it makes until it ends, so each of the
    hundreds of small collections scanned objects that lived on (0.05 to 0.1 s at 10,000
    spaces; the peak memory is the same within a few MB)."""
    # What is already made (the modules) lives to the end: never scanned by the collector.
    # The callers turn the collector off before they import the build (80,000 lasting objects,
    # 100 young collections for nothing: 0.015 s); it is turned on here.
    heap.freeze()
    gc.set_threshold(GEN0_THRESHOLD, *gc.get_threshold()[1:])
    gc.enable()
    # An exception (a bug, Ctrl-C) leaves the usual way, with its traceback.
    code = build_site(settings_file, output, overrides, timings)
    heap.freeze()  # nothing below collects what the build made
    if last_words is not None:
        last_words(code)
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)  # a profiler or debugger reports at the usual exit
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)


GEN0_THRESHOLD = 50_000


# A long-lived process's heap holds what builds keep (validation results, vocabulary, modules):
# over 100,000 objects that the cyclic collector would scan again in each full collection
# during every rebuild (0.15 to 0.3 s of it at 10,000 spaces). Before each rebuild the last
# build's garbage is collected and what survives is frozen (gc.freeze: never scanned, still
# freed by reference counting). Frozen objects that later become garbage only in a cycle would
# stay, so every THAW_EVERY builds everything is unfrozen and collected once in full (by the
# first tidy after such a build began).
# The last build's contents are let go (Pelican's memos) and collected here too: livereload has
# this done by the search thread once the bundle is brought up to date, seconds after the
# editor got the page, or else the next build does it first.
THAW_EVERY = 20
_rebuilds = 0


class _tidy:
    done = False  # since the last build began
    thaw = False  # at the next tidy


def _count_rebuild() -> None:
    global _rebuilds
    _rebuilds += 1
    if _rebuilds % THAW_EVERY == 0:
        _tidy.thaw = True


def tidy_after_build() -> None:
    _forget_pelican_memos()
    if _tidy.thaw:
        _tidy.thaw = False
        heap.thaw()
    gc.collect()
    heap.freeze()
    _tidy.done = True


def _forget_pelican_memos() -> None:
    """Pelican memoizes Content.get_content and get_summary in dicts on the class, keyed by the
    article or page itself: every build's articles, and through their links the whole build
    (10,000 space pages), stayed alive in a long-lived process (about 6 MB a rebuild). A build's
    contents are never asked again once it is over."""
    from pelican.contents import Content

    for name in ("get_content", "get_summary"):
        cache = getattr(Content.__dict__.get(name), "cache", None)
        if isinstance(cache, dict):
            cache.clear()


class _no_cache:
    """LANDHUB_NO_CACHE=1 for the time of one build, then as it was."""

    def __enter__(self):
        self.was = os.environ.get("LANDHUB_NO_CACHE")
        os.environ["LANDHUB_NO_CACHE"] = "1"

    def __exit__(self, *exc):
        if self.was is None:
            os.environ.pop("LANDHUB_NO_CACHE", None)
        else:
            os.environ["LANDHUB_NO_CACHE"] = self.was


# The spaces generator's pages whose folders the next build takes from the spare output.
_REUSED_PAGES = ("SPACE_SAVE_AS", "DIRECTORY_PAGE_SAVE_AS", "REGION_SAVE_AS", "MUNICIPALITY_SAVE_AS",
                 "MUNICIPALITY_PAGE_SAVE_AS")


def page_folders(settings: dict) -> tuple[str, ...]:
    """The output's top folders of the space and list pages ("spaces" for spaces/{slug}/index.html,
    "municipalities", ...): those whose pattern starts with a plain folder name."""
    found = []
    for name in _REUSED_PAGES:
        pattern = landhub_setting(settings, name)
        first = pattern.split("/")[0]
        if first and "{" not in first and "/" in pattern and first not in (".", "..") and first not in found:
            found.append(first)
    return tuple(found)


def validate_command(settings_file: str, files: list[str]) -> int:
    """`invoke validate [FILES]`: every problem in every file, then exit 1 if there were any."""
    from pelican.settings import read_settings

    settings = read_settings(settings_file)
    folder = spaces_path(settings)
    paths = [Path(f) for f in files] if files else space_files(folder)
    missing = [p for p in paths if not p.is_file()]
    for path in missing:
        print(f"{path}:1: file: there is no such file", file=sys.stderr)
    # files named by the contributor are also checked for duplicates of the listed spaces
    result = validate_spaces(folder, build_date(), images_path(settings),
                             [p for p in paths if p.is_file()] if files else None)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    bad = len(result.problems) + len(missing)
    if bad:
        print(f"{bad} problem(s) in {len({p.path for p in result.problems}) + len(missing)} file(s).",
              file=sys.stderr)
        return 1
    print(f"{len(result.spaces)} space file(s) checked: all good.")
    return 0
