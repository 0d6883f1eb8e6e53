"""Shared by the unit tests: a throw-away project folder and a fixed day."""
from __future__ import annotations

from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# A fixed "today", so date rules give the same answer on any day.
TODAY = date(2026, 11, 27)


class Site:
    """A project root in tmp_path: spaces/ with the real schema and vocabularies, and images."""

    def __init__(self, root: Path):
        self.root = root
        self.spaces = root / "spaces"
        self.images = root / "content" / "images" / "spaces"
        self.spaces.mkdir()
        self.images.mkdir(parents=True)
        for folder in ("_schema", "_vocab"):
            (self.spaces / folder).symlink_to(ROOT / "spaces" / folder, target_is_directory=True)

    def write(self, name: str, text: str) -> Path:
        path = self.spaces / name
        path.write_text(text, encoding="utf-8")
        return path

    def add_image(self, slug: str, name: str) -> None:
        """A small real photo in the format its name says (the validator reads its bytes)."""
        from PIL import Image

        folder = self.images / slug
        folder.mkdir(parents=True, exist_ok=True)
        image_format = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}[Path(name).suffix.lower()]
        Image.new("RGB", (8, 6), (200, 180, 150)).save(folder / name, image_format)

    def validate(self, paths=None):
        from landhub_spaces.validation import validate_spaces

        return validate_spaces(self.spaces, TODAY, self.images, paths)

    def problems(self, name: str, text: str) -> list[str]:
        """Write one space file and return its problems as the validator prints them."""
        result = self.validate([self.write(name, text)])
        return [str(problem) for problem in result.problems]


def good_text() -> str:
    """A space file that uses every field and passes every rule."""
    return (FIXTURES / "spaces" / "cowork-klitmoeller.yaml").read_text(encoding="utf-8")


def edit(text: str, old: str, new: str) -> str:
    """Replace text that must occur exactly once, so an edit can never silently miss."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)
