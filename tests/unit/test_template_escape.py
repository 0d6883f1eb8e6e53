"""Output escaped to plain text (template_escape.py): the same characters as Jinja's escape,
in every place Jinja writes output, and Jinja's own escape everywhere else."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from jinja2 import ChainableUndefined, DictLoader, Environment, StrictUndefined, Undefined, UndefinedError
from markupsafe import Markup, escape

from landhub_spaces.template_escape import TextEscapingCodeGenerator, escape_text


class Html:
    def __html__(self):
        return "<b>safe</b>"


class Text:
    def __str__(self):
        return "a < b & \"c\" 'd'"


class OwnMarkup(Markup):
    def __html__(self):
        return "<u>its own</u>"


@pytest.mark.parametrize("value", [
    "", "plain", "<script>alert('x')</script>", "a & b \" ' > <", "æøå – ☃", Markup("<i>kept</i>"),
    0, -7, 10**30, 1.5, -0.0, float("inf"), float("nan"), 1e-7, True, None, Decimal("1.10"),
    date(2026, 11, 27), Html(), Text(), ["<x>"], Undefined(), ChainableUndefined(), OwnMarkup("<s>"),
    Markup(""),
])
def test_escape_text_is_escape_as_a_str(value):
    assert escape_text(value) == str(escape(value))
    assert type(escape_text(value)) in (str, Markup)


def test_strict_undefined_still_fails():
    with pytest.raises(UndefinedError):
        escape_text(StrictUndefined(name="x"))


TEMPLATES = {
    "page": """{% extends "base" %}{% from "m" import badge %}
{% set made %}<{{ v }}>{% endset %}
{% block main %}{{ v }} {{ n }} {{ x }} {{ made }} {{ badge(v) }} {{ v|e }} {{ v|safe }} {{ v ~ "&" }}
{{ "<lit>" }} {{ [v, v]|join(", ") }}{% filter upper %}{{ v }}{% endfilter %}
{% autoescape false %}{{ v }}{% endautoescape %}{% for i in [v] %}{{ loop.index }}{{ i }}{% endfor %}
{% call badge_call() %}{{ v }}{% endcall %}{% include "part" %}{{ super() }}{% endblock %}""",
    "base": "<main>{% block main %}[{{ v }}]{% endblock %}</main>",
    "m": """{% macro badge(s) %}<span title="{{ s }}">{{ s }}</span>{% endmacro %}""",
    "part": "{{ v }}{{ self_made|default('') }}",
}


def render(generator, autoescape=True, **variables) -> str:
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=autoescape)
    if generator is not None:
        env.code_generator_class = generator
    env.globals["badge_call"] = env.from_string("{% macro c() %}({{ caller() }}){% endmacro %}").module.c
    return env.get_template("page").render(**variables)


@pytest.mark.parametrize("autoescape", [True, False])
def test_pages_render_as_with_jinjas_own_generator(autoescape):
    variables = {"v": "<a href='x'>&</a>", "n": 55.0476, "x": Markup("<em>ok</em>")}
    ours = render(TextEscapingCodeGenerator, autoescape, **variables)
    assert ours == render(None, autoescape, **variables)
    if autoescape:
        assert "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;" in ours and "<em>ok</em>" in ours


def test_only_output_is_escaped_the_new_way():
    env = Environment(autoescape=True)
    env.code_generator_class = TextEscapingCodeGenerator
    code = env.compile("{{ a }}{{ a|e }}{% set b = a ~ 'x' %}{{ f(a) }}", raw=True)
    assert code.count("escape_text(") == 3  # the three {{ }}, not the ~ of the set
    assert "escape_text(t_1(" in code  # |e is still Jinja's filter (its Markup then kept as it is)
    assert "markup_join(" in code  # ~ still makes Markup, escaping the plain side
