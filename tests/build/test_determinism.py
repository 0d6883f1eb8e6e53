"""The same commit builds byte-identical output, whatever the time zone, locale, hash seed,
file times, folder or order the files were written in.

Each build runs `invoke build` in its own process, so the environment really applies.
(time.tzset() is not needed: TZ is read when each new process starts.)
"""
from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from site_helpers import ROOT, SyntheticSite, expected_spaces, good_space_text

# Not part of the source: the environment, caches and earlier output. node_modules is
# installed, not written by us: each copy links to the project's (the maps copy Leaflet from it).
SKIP = {".venv", "output", ".pytest_cache", ".hypothesis", "__pycache__", "cache", ".cache",
        "node_modules"}
OTHER_TIME = 981_173_106  # 2001-02-03, long before any file here was written


def source_files(root: Path) -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIP]
        found += [Path(folder, f) for f in files]
    return sorted(found)


def copy_tree(source: Path, target: Path, reverse: bool = False) -> None:
    """Copy file by file (in reverse order when asked, so directory order may differ too)."""
    for path in sorted(source_files(source), reverse=reverse):
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            destination.symlink_to(os.readlink(path))
        else:
            shutil.copy2(path, destination)


def danish_locale() -> str:
    listed = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    for name in listed:
        if name.lower().replace("-", "") in ("da_dk.utf8", "da_dk"):
            return name
    return "POSIX"  # no Danish locale here: at least not the first build's C.UTF-8


def start_build(project: Path, output: Path, **env: str) -> subprocess.Popen:
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environment.update(env)
    return subprocess.Popen([sys.executable, "-m", "invoke", "build", "--output", str(output)],
                            cwd=project, env=environment, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def finish(build: subprocess.Popen) -> None:
    log, _ = build.communicate(timeout=300)
    assert build.returncode == 0, f"build in {build.args} failed:\n{log}"


def files_of(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes()
            for p in sorted(output.rglob("*")) if p.is_file()}


def first_difference(name: str, one: bytes, two: bytes) -> str:
    try:
        lines = difflib.unified_diff(one.decode().splitlines(), two.decode().splitlines(),
                                     "first", "second", lineterm="", n=1)
        return f"{name}:\n" + "\n".join(list(lines)[:12])
    except UnicodeDecodeError:
        return f"{name}: binary files differ"


def test_two_builds_in_different_conditions_are_byte_identical(tmp_path):
    # Two snapshots of the working tree, one taken from the other, so both hold the same text
    # even while someone edits the project.
    first_tree, second_tree = tmp_path / "first" / "landhub", tmp_path / "second" / "site"
    copy_tree(ROOT, first_tree)
    copy_tree(first_tree, second_tree, reverse=True)
    for tree in (first_tree, second_tree):
        (tree / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    for path in source_files(second_tree):
        os.utime(path, (OTHER_TIME, OTHER_TIME), follow_symlinks=False)

    # side by side: the two processes share nothing but the machine
    builds = [
        start_build(first_tree, tmp_path / "out-first", TZ="UTC", LANG="C.UTF-8",
                    LC_ALL="C.UTF-8", PYTHONHASHSEED="1"),
        start_build(second_tree, tmp_path / "out-second", TZ="America/New_York",
                    LANG=danish_locale(), LC_ALL=danish_locale(), PYTHONHASHSEED="2"),
    ]
    for build in builds:
        finish(build)

    first, second = files_of(tmp_path / "out-first"), files_of(tmp_path / "out-second")
    for space in expected_spaces():
        assert f"spaces/{space.slug}/index.html" in first, "the build wrote the space pages"
    only_one = sorted(set(first) ^ set(second))
    assert not only_one, f"files written by one build only: {only_one[:10]}"
    different = [name for name in first if first[name] != second[name]]
    assert not different, (f"{len(different)} file(s) differ: {different}\n"
                           + first_difference(different[0], first[different[0]], second[different[0]]))


def test_a_site_without_stories_builds_identically_twice(tmp_path):
    """Empty lists are where a clock sneaks in (an Atom feed with no entries is 'updated now')."""
    site = SyntheticSite(tmp_path / "site")
    site.write_space("cowork-klitmoeller.yaml", good_space_text("Cowork Klitmøller"))
    outputs = []
    for name in ("one", "two"):
        site.output = tmp_path / name
        assert site.build() == 0
        outputs.append(files_of(site.output))
    first, second = outputs
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert not different, (f"{different} differ:\n"
                           + first_difference(different[0], first[different[0]], second[different[0]]))


# --- SOURCE_DATE_EPOCH: the site's date, whatever the clock, time zone or locale ------------------

BUILD_SCRIPT = """import json, sys
from pathlib import Path
from site_helpers import build
sys.exit(build(Path(sys.argv[1]), json.loads(sys.argv[2])))
"""
FRESH = 1_780_000_000  # 2026-05-28: four months after the space was last verified
STALE = 1_804_982_400 - 1_800  # 2027-03-13 23:30 UTC: already the 14th east of UTC, still the 13th west


def build_with(site: SyntheticSite, output: Path, **env: str) -> None:
    """A build of `site` in its own process, so TZ, LANG and SOURCE_DATE_EPOCH really apply."""
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environment.update(env, PYTHONPATH=os.pathsep.join([str(ROOT / "plugins"), str(ROOT / "tests")]))
    done = subprocess.run([sys.executable, "-c", BUILD_SCRIPT, str(output), json.dumps(site.overrides())],
                          cwd=site.root, env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"build failed:\n{done.stdout}\n{done.stderr}"


def stale_note(output: Path) -> str | None:
    from site_helpers import page, text_of

    note = page(output, "/spaces/cowork-klitmoeller/").select_one(".stale-note")
    return text_of(note) if note else None


def test_source_date_epoch_is_the_date_the_site_is_as_of(tmp_path):
    """A space verified 2026-01-15 is "not confirmed since" only when SOURCE_DATE_EPOCH says a
    year has passed: the date comes from the variable, never from the clock."""
    site = SyntheticSite(tmp_path / "site")
    site.write_space("cowork-klitmoeller.yaml", good_space_text("Cowork Klitmøller"))
    build_with(site, tmp_path / "fresh", SOURCE_DATE_EPOCH=str(FRESH))
    build_with(site, tmp_path / "stale", SOURCE_DATE_EPOCH=str(STALE))
    assert stale_note(tmp_path / "fresh") is None
    assert "15. januar 2026" in (stale_note(tmp_path / "stale") or "")


def test_the_same_source_date_epoch_builds_identically_in_any_zone_and_locale(tmp_path):
    """Half an hour before midnight UTC it is already tomorrow in Kiritimati and still today in
    Honolulu: the site's date (an empty feed's <updated>, the stale notes) must be
    SOURCE_DATE_EPOCH's day in UTC in both."""
    site = SyntheticSite(tmp_path / "site")
    site.write_space("cowork-klitmoeller.yaml", good_space_text("Cowork Klitmøller"))
    build_with(site, tmp_path / "east", SOURCE_DATE_EPOCH=str(STALE), TZ="Pacific/Kiritimati",
               LANG=danish_locale(), LC_ALL=danish_locale(), PYTHONHASHSEED="3")
    build_with(site, tmp_path / "west", SOURCE_DATE_EPOCH=str(STALE), TZ="Pacific/Honolulu",
               LANG="C.UTF-8", LC_ALL="C.UTF-8", PYTHONHASHSEED="4")
    east, west = files_of(tmp_path / "east"), files_of(tmp_path / "west")
    assert sorted(east) == sorted(west)
    different = [name for name in east if east[name] != west[name]]
    assert not different, (f"{len(different)} file(s) differ: {different}\n"
                           + first_difference(different[0], east[different[0]], west[different[0]]))
