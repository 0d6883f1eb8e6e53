"""The old output is swapped out at once and removed in the background (staging.py trash=)."""
from __future__ import annotations

import time
from pathlib import Path

from landhub_spaces.staging import StagedOutput


def old_site(target: Path, pages: int = 50) -> None:
    for n in range(pages):
        (target / "spaces" / f"s{n}").mkdir(parents=True)
        (target / "spaces" / f"s{n}" / "index.html").write_text("old")


def publish_new(target: Path, trash: Path | None) -> None:
    with StagedOutput(target, trash=trash) as staged:
        (staged.path / "index.html").write_text("new")
        staged.publish()


def test_old_output_goes_to_the_trash_and_is_removed(tmp_path):
    target, trash = tmp_path / "output", tmp_path / ".cache" / "old-output"
    old_site(target)
    publish_new(target, trash)
    assert [p.name for p in target.iterdir()] == ["index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "output"]  # nothing beside
    deadline = time.monotonic() + 30
    while any(trash.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(trash.iterdir())


def test_unusable_trash_means_removed_at_once(tmp_path):
    target, trash = tmp_path / "output", tmp_path / "not-a-folder"
    trash.write_text("a file where the trash folder would go")
    old_site(target)
    publish_new(target, trash)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder", "output"]
    assert [p.name for p in target.iterdir()] == ["index.html"]
