"""build_and_exit (build.py): a build in a process that ends after it (`invoke build`, the
bench's build_once) leaves its heap frozen, so the interpreter's exit does not scan it (issue 7:
0.2 to 0.3 s at 10,000 spaces), and builds the same site as build_site."""
from __future__ import annotations

import json
import subprocess
import sys

from site_helpers import ROOT, SETTINGS_FILE
from test_output_spare import everything
from test_render_cache import OLD, CacheSite

SCRIPT = """
import gc, json, sys
sys.path.insert(0, sys.argv[1])
from landhub_spaces.build import build_and_exit
code = build_and_exit(sys.argv[2], sys.argv[3], json.loads(sys.argv[4]))
print("FROZEN", gc.get_freeze_count(), flush=True)
sys.exit(code)
"""


def test_the_build_process_ends_with_its_heap_frozen_and_the_same_site(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", OLD)
    site = CacheSite(tmp_path / "site")
    out, reference = tmp_path / "out", tmp_path / "reference"
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT / "plugins"), str(SETTINGS_FILE), str(out),
                           json.dumps(site.overrides())], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    frozen = [line for line in done.stdout.splitlines() if line.startswith("FROZEN ")]
    assert frozen and int(frozen[0].split()[1]) > 10_000
    site.build_into(reference, False, monkeypatch)
    assert everything(out) == everything(reference)
