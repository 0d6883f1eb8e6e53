"""Counts read as Danish writes them: 10.007 steder, not 10007 or 10,007."""
from __future__ import annotations

import pytest
import yaml
from jinja2 import Environment, FileSystemLoader

from site_helpers import ROOT

STRINGS = yaml.safe_load((ROOT / "theme" / "strings" / "da.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def macros():
    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    return env.get_template("_macros.html").make_module({"T": STRINGS})


@pytest.mark.parametrize("n, text", [(1, "1 sted"), (7, "7 steder"), (999, "999 steder"),
                                     (1000, "1.000 steder"), (10007, "10.007 steder"),
                                     (1234567, "1.234.567 steder")])
def test_count_groups_thousands_with_a_point(macros, n, text):
    assert str(macros.count(n)) == text
