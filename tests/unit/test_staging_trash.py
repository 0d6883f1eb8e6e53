"""The old output is swapped out at once and removed in the background (staging.py trash=), or
kept as the next build's spare (spare=)."""
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


def test_the_replaced_output_is_the_next_builds_spare(tmp_path):
    """publish() keeps the output it replaces (with a marker); the next build takes only its
    reusable folder, once; a spare without its marker is thrown away whole."""
    from landhub_spaces.staging import _REUSABLE

    target, trash, spare = tmp_path / "output", tmp_path / ".cache" / "old-output", tmp_path / ".cache" / "spare"
    old_site(target)
    (target / "feed.xml").write_text("old")
    with StagedOutput(target, trash=trash, spare=spare, reuse="spaces") as first:
        (first.path / "index.html").write_text("first")
        first.publish()
    kept = first.spare
    assert (kept / "spaces" / "s1" / "index.html").read_text() == "old"
    assert kept.with_name(kept.name + ".ok").is_file()

    with StagedOutput(target, trash=trash, spare=spare, reuse="spaces") as second:
        held_by_name, _ = _REUSABLE[str(second.path)]
        assert list(held_by_name) == ["spaces"]
        held = held_by_name["spaces"]
        assert (held / "s1" / "index.html").read_text() == "old"
        assert not kept.exists() and not kept.with_name(kept.name + ".ok").exists()
        (second.path / "index.html").write_text("second")
        second.publish()
    assert not held.exists()  # not taken by a generator: thrown away, never published
    assert sorted(p.name for p in target.iterdir()) == ["index.html"]
    assert (kept / "index.html").read_text() == "first"  # the output it replaced is the spare now

    kept.with_name(kept.name + ".ok").unlink()
    with StagedOutput(target, trash=trash, spare=spare, reuse="spaces") as third:
        assert str(third.path) not in _REUSABLE
        assert not kept.exists()
