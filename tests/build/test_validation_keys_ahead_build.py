"""A real warm build whose validation keys were made by a forked child (validation_cache.KeysAhead,
forced on a small site) writes the site a build without caches writes, and reports a bad space
file in the same words."""
from __future__ import annotations

from pathlib import Path

import pytest

from landhub_spaces import kept_pickles, validation_cache
from site_helpers import SyntheticSite, build, good_space_text

pytestmark = pytest.mark.usefixtures("two_cores")  # on one core too (conftest)


class Recorded(validation_cache.KeysAhead):
    """The real KeysAhead, remembering whether each answer was taken."""
    answers: list = []

    def answer(self):
        result = super().answer()
        Recorded.answers.append(result is not None)
        return result


def tree(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes()
            for p in sorted(output.rglob("*")) if p.is_file()}


def _as_a_new_process(site: SyntheticSite) -> None:
    for path in (site.root / ".cache").glob("landhub-*.pickle"):
        kept_pickles.forget_kept(path)


def test_warm_build_with_keys_from_the_child_equals_a_build_without_caches(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(validation_cache, "KEYS_AHEAD_FROM", 1)
    monkeypatch.setattr(validation_cache, "KeysAhead", Recorded)
    Recorded.answers = []
    site = SyntheticSite(tmp_path / "site")
    for name in ("Alfa Hub", "Beta Hub", "Gamma Hub"):
        site.write_space(f"{name.lower().replace(' ', '-')}.yaml", good_space_text(name))
    warm_out, cold_out = tmp_path / "warm", tmp_path / "cold"

    def warm() -> int:
        monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
        _as_a_new_process(site)
        return build(warm_out, site.overrides())

    def cold() -> int:
        monkeypatch.setenv("LANDHUB_NO_CACHE", "1")
        return build(cold_out, site.overrides())

    assert warm() == 0 and Recorded.answers == []  # first build: no results to overlap with
    site.write_space("beta-hub.yaml", good_space_text(
        "Beta Hub", opening_hours="opening_hours: Mo-Fr 09:00-16:00"))
    assert warm() == 0 and Recorded.answers == [True]
    assert cold() == 0
    assert tree(warm_out) == tree(cold_out)
    assert "16:00" in (warm_out / "spaces" / "beta-hub" / "index.html").read_text(encoding="utf-8")

    site.write_space("broken.yaml", good_space_text("Broken Hub", status="status: sleeping"))
    capsys.readouterr()
    assert warm() == 1 and Recorded.answers == [True, True]
    with_child = [line for line in capsys.readouterr().err.splitlines() if "broken.yaml" in line]
    assert cold() == 1
    without_cache = [line for line in capsys.readouterr().err.splitlines() if "broken.yaml" in line]
    assert with_child and with_child == without_cache
