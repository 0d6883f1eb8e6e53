"""Every build starts a Python process: what the plugins import at start is paid each time.
jsonschema (with referencing and attrs) is imported only when a value needs its judgement or
an invalid file needs its error messages."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from jsonschema import Draft202012Validator

from landhub_spaces import schema_check
from landhub_spaces.schema_fast import _KEYWORDS

from .helpers import ROOT


def test_the_written_out_keywords_are_the_ones_jsonschema_acts_on():
    assert _KEYWORDS == frozenset(Draft202012Validator.VALIDATORS)


def test_the_strict_validator_is_still_there_when_asked_for():
    strict = schema_check._StrictValidator
    assert strict.META_SCHEMA == Draft202012Validator.META_SCHEMA
    assert not strict({"type": "integer"}).is_valid(12.0)  # the project's strict integers


def _run(code: str) -> str:
    env = {**os.environ, "LANDHUB_NO_CACHE": "1", "PYTHONPATH": str(ROOT / "plugins")}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_valid_space_files_are_checked_without_jsonschema():
    said = _run("""
        import sys
        from datetime import date
        from pathlib import Path
        import landhub_search, landhub_spaces.build, landhub_maps, landhub_images, landhub_finder
        from landhub_spaces.validation import validate_spaces
        result = validate_spaces(Path("spaces"), date(2026, 11, 27), Path("content/images/spaces"))
        assert result.spaces and not result.problems, result.problems
        print("jsonschema" in sys.modules)
    """)
    assert said == "False"


def test_an_invalid_file_still_gets_jsonschemas_messages(tmp_path):
    bad = tmp_path / "spaces"
    bad.mkdir()
    for folder in ("_schema", "_vocab"):
        (bad / folder).symlink_to(ROOT / "spaces" / folder, target_is_directory=True)
    (bad / "x.yaml").write_text("name: X\nstatus: open\ndesks: many\n", encoding="utf-8")
    said = _run(f"""
        import sys
        from datetime import date
        from pathlib import Path
        from landhub_spaces.validation import validate_spaces
        result = validate_spaces(Path({str(bad)!r}), date(2026, 11, 27), Path({str(tmp_path)!r}))
        print("jsonschema" in sys.modules)
        print("\\n".join(str(p) for p in result.problems))
    """)
    first, *problems = said.splitlines()
    assert first == "True"
    assert any("desks" in p and "expected a whole number" in p for p in problems), problems
