"""Unit tests import the plugin the way Pelican does: from plugins/ on sys.path."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

_PLUGINS = str(Path(__file__).resolve().parents[2] / "plugins")
if _PLUGINS not in sys.path:
    sys.path.insert(0, _PLUGINS)

from .helpers import Site  # noqa: E402  (after the path is set)


def _entries(root: Path) -> set[Path]:
    found = set()
    for folder, dirs, files in os.walk(root):  # symlinked _schema/_vocab are not entered
        found.update(Path(folder) / name for name in dirs + files)
    return found


@pytest.fixture(scope="session")
def _shared_site(tmp_path_factory) -> Site:
    made = Site(tmp_path_factory.mktemp("site"))
    made.add_image("cowork-klitmoeller", "desk.jpg")
    return made


@pytest.fixture
def site(_shared_site) -> Site:
    """A project folder with the real schema and vocabularies and the good file's photo.

    One folder for the session, so the vocabularies are read once; what a test writes into it
    is removed afterwards, so every test starts from the same folder.
    """
    before = _entries(_shared_site.root)
    yield _shared_site
    for path in sorted(_entries(_shared_site.root) - before, key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
