"""build_and_exit (build.py): a build in a process that ends after it (`invoke build`, the
bench's build_once) freezes its heap and skips the interpreter's teardown (issue 7: 0.2 to
0.3 s at 10,000 spaces), and still builds the same site as build_site, says everything it
printed, runs the exit handlers and ends with the build's exit code."""
from __future__ import annotations

import json
import subprocess
import sys

from site_helpers import ROOT, SETTINGS_FILE
from test_output_spare import everything
from test_render_cache import OLD, CacheSite

SCRIPT = """
import atexit, gc, json, sys
sys.path.insert(0, sys.argv[1])
from landhub_spaces.build import build_and_exit
atexit.register(lambda: print("EXIT HANDLER RAN"))  # buffered, not flushed: the exit must flush it
build_and_exit(sys.argv[2], sys.argv[3], json.loads(sys.argv[4]),
               last_words=lambda code: print("FROZEN", gc.get_freeze_count(), "CODE", code))
print("NOT REACHED")
"""


def run_build(output, overrides) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT / "plugins"), str(SETTINGS_FILE), str(output),
                           json.dumps(overrides)], capture_output=True, text=True, timeout=300)


def test_the_build_process_ends_with_its_heap_frozen_and_the_same_site(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", OLD)
    site = CacheSite(tmp_path / "site")
    out, reference = tmp_path / "out", tmp_path / "reference"
    done = run_build(out, site.overrides())
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    frozen = [line.split() for line in lines if line.startswith("FROZEN ")]
    assert frozen and int(frozen[0][1]) > 10_000 and frozen[0][3] == "0"
    assert any(line.startswith("search: Pagefind indexed") for line in lines)  # build_site's own
    assert lines[-1] == "EXIT HANDLER RAN" and "NOT REACHED" not in lines
    site.build_into(reference, False, monkeypatch)
    assert everything(out) == everything(reference)


def test_a_failed_build_ends_the_process_with_its_code_and_its_messages(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", OLD)
    site = CacheSite(tmp_path / "site")
    bad = site.spaces / "zz-broken.yaml"
    bad.write_text("name: Broken\ndesks: [\n", encoding="utf-8")
    done = run_build(tmp_path / "out", site.overrides())
    assert done.returncode == 1
    assert "zz-broken.yaml" in done.stderr and "Traceback" not in done.stderr
    assert "FROZEN" in done.stdout and done.stdout.splitlines()[-1] == "EXIT HANDLER RAN"
    assert not (tmp_path / "out").exists()  # a failed build publishes nothing
