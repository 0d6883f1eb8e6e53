"""Rebuilds in one long-lived process, as `make serve` (invoke livereload) makes them: what a
build keeps in memory for the next one (the validation cache's results and file states, the
vocabulary) must never show in the output. After each kind of change, the second build of the
process equals a cold build made by a new process, byte for byte."""
from __future__ import annotations

import gc
import json
import os
import weakref
import subprocess
import sys
from pathlib import Path

import pytest

from landhub_spaces import build as build_module
from landhub_spaces import file_states, heap, validation_cache, vocab
from landhub_spaces.vocab import load_vocabulary, refresh_vocabularies
from landhub_spaces.build import build_site
from site_helpers import ROOT, SETTINGS_FILE, good_space_text, kept_locale
from test_render_cache import OLD, STORY, CacheSite, tree

AMENITIES = "amenities:\n  - wifi\n  - kitchen"
COLD_BUILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
from landhub_spaces.build import build_site
sys.exit(build_site(sys.argv[2], sys.argv[3], json.loads(sys.argv[4])))
"""


@pytest.fixture
def site(tmp_path, monkeypatch) -> CacheSite:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", OLD)
    made = CacheSite(tmp_path / "site")
    made.write_space("gamma-hub.yaml", good_space_text("Gamma Hub", amenities=AMENITIES))
    return made


def cold_build(site: CacheSite, output: Path) -> dict[str, bytes]:
    """The site built by a new process, without any cache: nothing from this one's memory."""
    env = dict(os.environ, LANDHUB_NO_CACHE="1")
    done = subprocess.run([sys.executable, "-c", COLD_BUILD, str(ROOT / "plugins"), str(SETTINGS_FILE),
                           str(output), json.dumps(site.overrides())],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return tree(output)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_rebuild_in_the_same_process_equals_a_cold_build(site, tmp_path, monkeypatch):
    warm_out = tmp_path / "warm"
    first = site.build_into(warm_out, True, monkeypatch)  # the serve process's first build
    assert "Wi-fi" in first["spaces/gamma-hub/index.html"].decode()

    changes = {
        "space": (lambda: replace_in(site.spaces / "beta-hub.yaml", "ved havet", "ved fjorden"),
                  "spaces/beta-hub/index.html", "ved fjorden"),
        "vocabulary": (lambda: replace_in(site.spaces / "_vocab" / "amenities.yaml",
                                          "wifi: {da: Wi-fi,", "wifi: {da: Trådløst net,"),
                       "spaces/gamma-hub/index.html", "Trådløst net"),
        "template": (lambda: replace_in(site.theme / "templates" / "space.html",
                                        '<h2 id="h-map">', '<h2 class="changed" id="h-map">'),
                     "spaces/alfa-hub/index.html", '<h2 class="changed" id="h-map">'),
        "story": (lambda: site.write_story("besoeg.md", STORY.format(title="Et nyt besøg")),
                  "spaces/alfa-hub/index.html", "Et nyt besøg"),
        "nothing": (lambda: None, "spaces/alfa-hub/index.html", "Alfa Hub"),
    }
    previous = first
    code = build_module.plugin_code_digest()
    try:
        for name, (change, page, shows) in changes.items():
            change()
            with kept_locale():  # as livereload builds: its heap collected and frozen first
                assert build_site(str(SETTINGS_FILE), str(warm_out), site.overrides(), code_started=code) == 0
            warm = tree(warm_out)
            assert shows in warm[page].decode(), name  # the change reached the rebuilt site
            if name != "nothing":
                assert warm[page] != previous[page], name
            assert warm == cold_build(site, tmp_path / f"cold-{name}"), name
            previous = warm
    finally:
        heap.thaw()  # the rest of the test session is not a long-lived serve process


def test_the_next_build_reuses_the_validation_results_in_memory(site, tmp_path, monkeypatch):
    site.build_into(tmp_path / "out", True, monkeypatch)
    folder = site.root / ".cache"
    loaded = validation_cache.ValidationCache(folder)
    assert len(loaded.old) == 4
    again = validation_cache.ValidationCache(folder)
    assert again.old is loaded.old  # not unpickled again: the kept dict itself
    assert again.memo.old is loaded.memo.old
    # Another process's write (a new file in its place) is read from disk.
    pickled = folder / "landhub-validated.pickle"
    pickled.write_bytes(pickled.read_bytes())
    fresh = validation_cache.ValidationCache(folder)
    assert fresh.old is not loaded.old and fresh.old.keys() == loaded.old.keys()
    # A damaged file is not vouched for by what was kept.
    pickled.write_bytes(b"not a pickle")
    assert validation_cache.ValidationCache(folder).old == {}


def test_a_vocabulary_is_kept_only_while_its_files_are_unchanged(site, monkeypatch):
    monkeypatch.setattr(file_states, "RACY_NS", 0)  # the files were written just now: no wait for the clock
    spaces = site.spaces.resolve()
    first = load_vocabulary(spaces)
    refresh_vocabularies()
    assert load_vocabulary(spaces) is first  # unchanged: not read again
    for path in vocab.vocabulary_files(spaces):
        size, mtime = path.stat().st_size, path.stat().st_mtime_ns
        text = path.read_bytes()
        path.write_bytes(text)  # the same bytes, the same size and modification time...
        os.utime(path, ns=(mtime, mtime))
        assert path.stat().st_size == size
        refresh_vocabularies()  # ...but a new change time: read again
        changed = load_vocabulary(spaces)
        assert changed is not first and changed == first, path.name
        first = changed
    replace_in(site.spaces / "_vocab" / "amenities.yaml", "wifi: {da: Wi-fi,", "wifi: {da: Net,")
    refresh_vocabularies()
    assert load_vocabulary(spaces).amenities["wifi"]["da"] == "Net"


def test_a_vocabulary_changed_close_to_its_read_is_read_again(site):
    spaces = site.spaces.resolve()
    refresh_vocabularies()
    first = load_vocabulary(spaces)  # its files were written less than RACY_NS ago
    refresh_vocabularies()
    assert load_vocabulary(spaces) is not first


def test_a_process_whose_plugin_code_changed_on_disk_builds_without_caches(site, tmp_path, monkeypatch,
                                                                            capfd):
    """livereload also rebuilds when plugins/ changes, but a running process keeps its modules:
    its pages and checks must not be filed under the new code's cache keys."""
    warm_out = tmp_path / "warm"
    site.build_into(warm_out, True, monkeypatch)
    pickled = site.root / ".cache" / "landhub-validated.pickle"
    stored = pickled.stat().st_mtime_ns, pickled.stat().st_ino
    replace_in(site.spaces / "beta-hub.yaml", "ved havet", "ved fjorden")
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)

    def serve_build(started_with: str) -> dict[str, bytes]:
        with kept_locale():
            assert build_site(str(SETTINGS_FILE), str(warm_out), site.overrides(),
                              code_started=started_with) == 0
        return tree(warm_out)

    capfd.readouterr()
    warm = serve_build("the plugin code of an hour ago")
    assert "Restart `make serve`" in capfd.readouterr().err
    assert "LANDHUB_NO_CACHE" not in os.environ  # only for that build
    assert (pickled.stat().st_mtime_ns, pickled.stat().st_ino) == stored  # nothing filed
    assert "ved fjorden" in warm["spaces/beta-hub/index.html"].decode()
    assert warm == cold_build(site, tmp_path / "cold")
    assert serve_build(build_module.plugin_code_digest()) == warm  # the code it runs: cached again
    assert "Restart" not in capfd.readouterr().err
    assert (pickled.stat().st_mtime_ns, pickled.stat().st_ino) != stored


def test_a_long_lived_process_frees_what_it_froze_every_few_rebuilds(site, tmp_path, monkeypatch):
    """Each serve rebuild freezes the heap (gc.freeze); garbage that only a cycle holds must
    still be freed, every THAW_EVERY rebuilds."""
    monkeypatch.setattr(build_module, "THAW_EVERY", 2)
    monkeypatch.setattr(build_module, "_rebuilds", 0)
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)

    class Node:
        pass

    cycle = Node()
    cycle.me = cycle
    alive = weakref.ref(cycle)
    code = build_module.plugin_code_digest()
    try:
        with kept_locale():
            assert build_site(str(SETTINGS_FILE), str(tmp_path / "out"), site.overrides(), code_started=code) == 0
            del cycle  # garbage now, but frozen: only a cycle holds it
            gc.collect()
            assert alive() is not None
            assert build_site(str(SETTINGS_FILE), str(tmp_path / "out"), site.overrides(), code_started=code) == 0
        assert alive() is None
    finally:
        heap.thaw()


def test_a_long_lived_process_lets_each_finished_build_go(site, tmp_path, monkeypatch):
    """Pelican memoizes articles' content on its class: without letting go of it, every build's
    pages stayed alive in the serve process (through the stories' links to the spaces)."""
    from landhub_spaces.pages import SpacePage

    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    code = build_module.plugin_code_digest()
    try:
        with kept_locale():
            for _ in range(2):
                assert build_site(str(SETTINGS_FILE), str(tmp_path / "out"), site.overrides(),
                                  code_started=code) == 0
        build_module.tidy_after_build()  # as the search thread or the next build does
        heap.thaw()
        gc.collect()
        assert [o for o in gc.get_objects() if type(o) is SpacePage] == []
    finally:
        heap.thaw()
