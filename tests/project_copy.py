"""A copy of the project in tmp, to run the real `invoke` tasks in a subprocess as a person does.

Only what the space tasks read is copied (tasks.py, the settings, plugins/, spaces/, the theme's
strings); node_modules and the venv stay the project's own.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INVOKE = ROOT / ".venv" / "bin" / "invoke"


def copy_project(target: Path, spaces: bool = True) -> Path:
    """The project's task files in `target`; `spaces=False` keeps only spaces/_schema and _vocab."""
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(ROOT / "plugins", target / "plugins", ignore=shutil.ignore_patterns("__pycache__"))
    keep = None if spaces else shutil.ignore_patterns("*.yaml", "*.yml")
    shutil.copytree(ROOT / "spaces", target / "spaces", ignore=keep)
    if not spaces:  # the vocabularies are YAML files too: bring them back
        for folder in ("_schema", "_vocab"):
            shutil.rmtree(target / "spaces" / folder)
            shutil.copytree(ROOT / "spaces" / folder, target / "spaces" / folder)
    shutil.copytree(ROOT / "theme" / "strings", target / "theme" / "strings")
    (target / "content" / "images" / "spaces").mkdir(parents=True)
    return target


def invoke(project: Path, *args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    """`invoke ARGS` in `project`, as typed in a terminal; UTF-8 text in and out, whatever
    locale another test has left in this process."""
    child_env = dict(os.environ if env is None else env, PYTHONUTF8="1", PYTHONIOENCODING="utf-8")
    return subprocess.run([str(INVOKE), *args], cwd=project, input=stdin, capture_output=True,
                          encoding="utf-8", timeout=300, env=child_env)
