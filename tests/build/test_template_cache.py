"""Compiled templates kept in .cache/ (template_cache.py): a warm build writes the bytes a build
without any cache writes, after a template or the Jinja options changed too."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from jinja2 import Environment, pass_context
from jinja2.bccache import bc_magic

from landhub_spaces.template_cache import FOLDER, environment_digest
from site_helpers import ROOT, SyntheticSite, build, good_space_text, settings


def tree(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes()
            for p in sorted(output.rglob("*")) if p.is_file()}


class ThemedSite(SyntheticSite):
    """Two spaces and a theme of its own to edit."""

    def __init__(self, root: Path):
        super().__init__(root)
        self.write_space("alfa-hub.yaml", good_space_text("Alfa Hub"))
        self.write_space("beta-hub.yaml", good_space_text("Beta Hub"))
        self.theme = root / "theme"
        shutil.copytree(ROOT / "theme", self.theme)
        self.extra: dict = {}

    def build_into(self, output: Path, cache: bool, monkeypatch) -> dict[str, bytes]:
        if cache:
            monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
        else:
            monkeypatch.setenv("LANDHUB_NO_CACHE", "1")
        assert build(output, {**self.overrides(), "THEME": str(self.theme), **self.extra}) == 0
        return tree(output)


@pytest.fixture
def site(tmp_path, monkeypatch) -> ThemedSite:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    return ThemedSite(tmp_path / "site")


def test_warm_builds_equal_cold_ones_after_template_and_option_changes(site, tmp_path, monkeypatch):
    warm_out, cold_out = tmp_path / "warm", tmp_path / "cold"
    folder = site.root / ".cache" / FOLDER
    assert site.build_into(warm_out, True, monkeypatch) == site.build_into(cold_out, False, monkeypatch)
    kept = sorted(folder.glob("*.cache"))
    assert kept, "the first build keeps its compiled templates"
    stamps = {p: p.stat().st_mtime_ns for p in kept}
    assert site.build_into(warm_out, True, monkeypatch) == tree(cold_out)
    assert {p: p.stat().st_mtime_ns for p in kept} == stamps  # loaded, not compiled and written again

    base = site.theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("<body", '<body class="edited"', 1),
                    encoding="utf-8")
    warm = site.build_into(warm_out, True, monkeypatch)
    assert 'class="edited"' in warm["index.html"].decode()
    assert warm == site.build_into(cold_out, False, monkeypatch)

    # Whitespace control is compiled into a template's code: other options, other entries.
    trimmed = warm
    site.extra["JINJA_ENVIRONMENT"] = {**settings()["JINJA_ENVIRONMENT"], "trim_blocks": False}
    warm = site.build_into(warm_out, True, monkeypatch)
    assert warm == site.build_into(cold_out, False, monkeypatch)
    assert warm["index.html"] != trimmed["index.html"]  # the option shows: code compiled anew
    assert len(list(folder.glob("*.cache"))) > len(kept)


def test_damaged_entries_are_compiled_again(site, tmp_path, monkeypatch):
    cold = site.build_into(tmp_path / "cold", False, monkeypatch)
    site.build_into(tmp_path / "warm", True, monkeypatch)
    entries = sorted((site.root / ".cache" / FOLDER).glob("*.cache"))
    for entry in entries:
        entry.write_bytes(bc_magic + b"not a pickle")  # Jinja's own check passes, the rest fails
    assert site.build_into(tmp_path / "warm", True, monkeypatch) == cold
    assert all(e.read_bytes() != bc_magic + b"not a pickle" for e in entries)  # written anew


def test_no_cache_setting_keeps_no_compiled_templates(site, tmp_path, monkeypatch):
    site.build_into(tmp_path / "out", False, monkeypatch)
    assert not (site.root / ".cache" / FOLDER).exists()


def test_the_key_covers_options_and_how_filters_are_called():
    plain = environment_digest(Environment(trim_blocks=True, autoescape=True))
    assert plain == environment_digest(Environment(trim_blocks=True, autoescape=True))
    assert plain != environment_digest(Environment(trim_blocks=False, autoescape=True))
    assert plain != environment_digest(Environment(trim_blocks=True, autoescape=False))
    with_filter = Environment(trim_blocks=True, autoescape=True)
    with_filter.filters["shout"] = lambda value: value.upper()
    with_context = Environment(trim_blocks=True, autoescape=True)
    with_context.filters["shout"] = pass_context(lambda context, value: value.upper())
    assert len({plain, environment_digest(with_filter), environment_digest(with_context)}) == 3
