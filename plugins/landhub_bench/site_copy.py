"""A temporary copy of the project with N synthetic spaces (and the real ones, which the
stories link to), built through build_once.py in its own process."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .synthetic import write_synthetic_spaces

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class BuildRun:
    # wall clock of the whole process (start-up, imports, Pelican, Pagefind); of the rebuild
    # alone for one inside a running process
    seconds: float
    pelican: float
    search: float
    rss_mib: float  # the Python build's peak resident memory


class SiteCopy:
    def __init__(self, root: Path, n: int, seed: int = 1, spaces: list[tuple[str, dict]] | None = None):
        """n synthetic spaces, or the given (slug, data) ones (synthetic.py)."""
        self.root = root
        self.content = root / "content"
        self.spaces = root / "spaces"
        self.output = root / "output"
        self.trash = root.parent / f"{root.name}-discarded"
        self.discarded = 0
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(self.trash, ignore_errors=True)
        self.trash.mkdir(parents=True)
        shutil.copytree(ROOT / "content", self.content)
        self.spaces.mkdir(parents=True)
        for folder in ("_schema", "_vocab"):
            shutil.copytree(ROOT / "spaces" / folder, self.spaces / folder)
        self.files = write_synthetic_spaces(self.spaces, n, ROOT / "spaces", seed, spaces)
        for path in sorted((ROOT / "spaces").glob("*.yaml")):
            if (self.spaces / path.name).exists():
                raise RuntimeError(f"bench: a synthetic space has the slug of {path.name}")
            shutil.copy(path, self.spaces / path.name)

    def start_cold(self) -> None:
        """Make the next build cold: no output/ and no .cache/. They are moved aside, not
        deleted: on this ext4, creating files is several times dearer for a while after tens of
        thousands were deleted, and that cost belongs to the clean-up, not to the next build.
        The bench's temporary folder takes them away at its end."""
        self.discarded += 1
        for folder in (self.output, self.root / ".cache"):
            if folder.exists():
                folder.rename(self.trash / f"{folder.name}-{self.discarded}")

    def build(self) -> BuildRun:
        return self._run("build_once")

    def _run(self, module: str, *extra: str) -> BuildRun:
        command = [sys.executable, "-m", f"landhub_bench.{module}", str(ROOT / "pelicanconf.py"),
                   str(self.output), str(self.content), str(self.spaces), *extra]
        env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"))
        # Every timed build starts with the disk written out. A 10,000-space build leaves
        # about 400 MB of files for the kernel to write back over the next half minute, on the
        # same two cores as the next build: it made the 1,000-space builds after it 10 to 25%
        # slower, which the per-space comparison read as the small site's own cost.
        os.sync()
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH ")]
        if done.returncode or not lines:
            raise RuntimeError(f"bench: the {self.root.name} build failed:\n{done.stderr[-3000:]}")
        t = json.loads(lines[-1][len("BENCH "):])
        # a rebuild in a running process times itself; a build process is timed whole
        return BuildRun(t.get("seconds", seconds), t["pelican"], t["search"],
                        t.get("rss_build_kib", 0) / 1024)

    @property
    def changed_file(self) -> Path:
        return self.files[len(self.files) // 2]

    def touch_one_space(self, run: int) -> None:
        """Change one space file as an editor would (its desks), different on every run."""
        set_desks(self.changed_file, 70 + run)

    def rebuild_in_process(self, run: int) -> BuildRun:
        """Build twice in one process, as `make serve` does; the second build, after one space
        file changed, is timed (rebuild_in_process.py)."""
        return self._run("rebuild_in_process", str(self.changed_file), str(run))


def set_desks(path: Path, desks: int) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [f"desks: {desks}\n" if line.startswith("desks:") else line for line in lines]
    path.write_text("".join(lines), encoding="utf-8")
