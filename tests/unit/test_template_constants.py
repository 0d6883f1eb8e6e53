"""The theme's strings compiled into the templates as text (template_constants.py), and the
space pages' renderer that makes the context's copies once (page_output.page_renderer): the
same text as Jinja's own way, for the site's real templates too."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from jinja2 import DictLoader, Environment, FileSystemLoader, TemplateAssertionError, pass_context

from landhub_spaces.page_output import page_context, page_renderer
from landhub_spaces.template_cache import environment_digest
from landhub_spaces.template_constants import StringsFoldingCodeGenerator

ROOT = Path(__file__).resolve().parents[2]
STRINGS = yaml.safe_load((ROOT / "theme" / "strings" / "da.yaml").read_text(encoding="utf-8"))
OPTIONS = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}


def environment(templates: dict, strings: dict, folded: bool) -> Environment:
    env = Environment(loader=DictLoader(templates), **OPTIONS)
    env.globals["T"] = strings
    if folded:
        env.code_generator_class = StringsFoldingCodeGenerator
    return env


def both(source: str, strings: dict, **variables) -> tuple[str, str]:
    """(folded, plain) renderings of one template."""
    return tuple(environment({"t": source}, strings, folded).get_template("t").render(**variables)
                 for folded in (True, False))


def code(source: str, strings: dict) -> str:
    return environment({}, strings, True).compile(source, "t", raw=True)


STRINGS_OF_TEST = {"title": "Fisk & <chips>", "items": "a string named like a dict method",
                   "months": ["januar", "februar"], "names": {"Thisted": "Thisted Kommune"},
                   "note": "Set {date}.", "count": 3}


def test_text_lookups_become_escaped_template_text():
    source = ("<h1>{{ T.title }}</h1>{{ T['title'] }}{{ T.months[1] }}{{ T.names['Thisted'] }}"
              "{{ T.names.Thisted }}{{ (T.note|e).format(date='<b>') }}")
    folded, plain = both(source, STRINGS_OF_TEST)
    assert folded == plain == ("<h1>Fisk &amp; &lt;chips&gt;</h1>Fisk &amp; &lt;chips&gt;februar"
                               "Thisted KommuneThisted KommuneSet &lt;b&gt;.")
    compiled = code(source, STRINGS_OF_TEST)
    assert "'T'" not in compiled  # nothing is looked up on the page
    assert "<h1>Fisk &amp; &lt;chips&gt;</h1>" in compiled  # escaped once, joined to the markup


@pytest.mark.parametrize("expression", [
    "T.missing", "T.items", "T['items']", "T.count", "T.months", "T.names", "T.months[5]",
    "T['status_' ~ kind]", "T.names[town]", "T.names.get('Thisted')", "T.title is defined",
    "T.missing is defined", "T.note.format(date=1)", "T.months|length", "T.names.items()|list",
    # methods of the folded text, called directly
    "(T.title|e).format()", "(T.note|e).format(date='<b>')", "T.title.upper()", "T.title.replace('&', 'og')",
    "T.note.format(**{'date': 2})", "T.note.format(*[1], date=3)", "T.title.split(' ')|join('+')",
    "'{a}-{b}'.format(a=T.title, b=town)", "T.title.missing_method", "T.title.__class__",
])
def test_other_lookups_are_left_to_the_page_and_render_as_before(expression):
    folded, plain = both("{{ " + expression + " }}", STRINGS_OF_TEST, kind="x", town="Thisted")
    assert folded == plain


def test_methods_of_folded_text_are_called_directly_in_loops_blocks_and_macros():
    source = ("{% macro m(x) %}{{ T.note.format(date=x) }}{% endmacro %}{% block b %}"
              "{% for i in [1, 2] %}{{ T.note.format(date=i) }}{{ m(i) }}{% endfor %}"
              "{{ (T.note|e).format(date=T.title) }}{% endblock %}")
    folded, plain = both(source, STRINGS_OF_TEST)
    assert folded == plain == "Set 1.Set 1.Set 2.Set 2.Set Fisk &amp; &lt;chips&gt;."
    compiled = code(source, STRINGS_OF_TEST)
    # Only the macro m is called through Jinja's context.call.
    assert compiled.count("context.call(") == compiled.count("context.call((undefined(name='m')") > 0
    assert "('Set {date}.').format(*(), date=l_1_i)" in compiled
    assert "(Markup('Set {date}.')).format(*(), date=" in compiled


def test_what_is_not_text_is_not_written_into_the_code():
    compiled = code("{{ T.count }}{{ T.items }}{{ T['items'] }}{{ T.names }}{{ T.missing }}",
                    STRINGS_OF_TEST)
    assert "environment.getattr(" in compiled and "'count'" in compiled and "'names'" in compiled
    assert "'items'" in compiled and "'missing'" in compiled
    assert "a string named like a dict method" in compiled  # T['items']: the string (getitem first)
    # A table or number of the strings: by key, without getattr's failed try first.
    assert "l_0_T), 'names')" in compiled and "environment.getitem((undefined(name='T')" in compiled
    assert "environment.getattr((undefined(name='T') if l_0_T is missing else l_0_T), 'names')" not in compiled
    assert "environment.getattr((undefined(name='T') if l_0_T is missing else l_0_T), 'items')" in compiled


@pytest.mark.parametrize("binding", [
    "{% set T = {} %}", "{% set T %}x{% endset %}", "{% for T in [1] %}{% endfor %}",
    "{% with T = 1 %}{% endwith %}", "{% macro m(T) %}{% endmacro %}", "{% macro T() %}{% endmacro %}",
    "{% import 'other' as T %}", "{% from 'other' import x as T %}", "{% from 'other' import T %}",
    "{% call(T) m() %}{% endcall %}",
])
def test_a_template_that_binds_T_is_refused(binding):
    env = environment({"t": binding + "{{ T.title }}", "other": "{% macro x() %}{% endmacro %}"},
                      STRINGS_OF_TEST, True)
    with pytest.raises(TemplateAssertionError, match="binds T"):
        env.get_template("t")


def test_without_strings_nothing_is_folded():
    env = Environment(loader=DictLoader({"t": "{{ T.title }}"}), **OPTIONS)
    env.code_generator_class = StringsFoldingCodeGenerator
    assert env.get_template("t").render(T={"title": "given"}) == "given"


def test_the_compiled_code_key_covers_the_strings():
    plain = environment({}, STRINGS_OF_TEST, True)
    same = environment({}, dict(STRINGS_OF_TEST), True)
    edited = environment({}, {**STRINGS_OF_TEST, "title": "Andet"}, True)
    assert environment_digest(plain) == environment_digest(same)
    assert environment_digest(plain) != environment_digest(edited)
    # Not folded, the strings are not in the code: the key does not change with them.
    assert environment_digest(environment({}, STRINGS_OF_TEST, False)) == \
        environment_digest(environment({}, {**STRINGS_OF_TEST, "title": "Andet"}, False))


def test_the_compiled_code_key_covers_the_code_generators_code():
    """Edited code generators compile the templates again: their files are in the key."""
    import hashlib
    from landhub_spaces import template_constants, template_escape
    from landhub_spaces.template_constants import generator_digest
    from landhub_spaces.template_escape import TextEscapingCodeGenerator
    code = hashlib.sha256(Path(template_constants.__file__).read_bytes()
                          + Path(template_escape.__file__).read_bytes()).hexdigest()
    escaping = environment({}, STRINGS_OF_TEST, False)
    escaping.code_generator_class = TextEscapingCodeGenerator
    assert generator_digest(escaping) == code
    assert generator_digest(environment({}, STRINGS_OF_TEST, True)).startswith(code + ":")
    assert generator_digest(environment({}, STRINGS_OF_TEST, False)) == ""
    assert len({environment_digest(escaping), environment_digest(environment({}, STRINGS_OF_TEST, False)),
                environment_digest(environment({}, STRINGS_OF_TEST, True))}) == 3


def site_environment(folded: bool) -> Environment:
    env = Environment(loader=FileSystemLoader(ROOT / "theme" / "templates"), **OPTIONS)
    env.globals["T"] = STRINGS
    if folded:
        env.code_generator_class = StringsFoldingCodeGenerator
    return env


def test_the_site_templates_compile_with_their_strings_folded():
    env = site_environment(True)
    for name in env.list_templates():
        env.get_template(name)  # none binds T
    source = env.loader.get_source(env, "space.html")[0]
    compiled = env.compile(source, "space.html", raw=True)
    assert f"<h2 id=\"h-address\">{STRINGS['address']}</h2>" in compiled


def test_macros_render_the_same_folded():
    """_macros.html's pieces, called as the pages call them."""
    from datetime import date
    results = []
    for folded in (True, False):
        module = site_environment(folded).get_template("_macros.html").module
        results.append([str(module.time_tag(date(2026, 3, 9))), str(module.count(10007)),
                        str(module.municipality_name("Bornholm")), str(module.municipality_name("Thisted")),
                        str(module.status_badge("closed")), str(module.breadcrumbs([("A & B", "/x")]))])
    assert results[0] == results[1]
    assert "marts" in results[0][0] and "10.007" in results[0][1]


# --- page_renderer ---------------------------------------------------------------------------

@pass_context
def names(context):
    """The names the page's context holds, in its order."""
    return ",".join(context.get_all())


def test_page_renderer_gives_what_template_render_gives():
    env = Environment(loader=DictLoader({
        "page": "{{ output_file }}|{{ localsiteurl }}|{{ g }}|{{ SITEURL }}|{{ title }}|{{ names() }}|"
                "{% include 'part' %}|{% set x = 1 %}{{ x }}",
        "part": "{{ output_file }} {{ title }} {{ g }}",
    }), **OPTIONS)
    env.globals.update(g="global", names=names)
    template = env.get_template("page")
    context = {"SITEURL": "https://x.dk", "g": "from the context", "title": "site"}
    render = page_renderer(template, context)
    for save_as, variables in (("a/index.html", {"title": "A & B"}), ("b/index.html", {"g": "page's"}),
                               ("c.html", {}), ("d.html", {"output_file": "own", "names": names})):
        assert render(save_as, variables) == template.render(page_context(context, save_as, variables))
    assert context == {"SITEURL": "https://x.dk", "g": "from the context", "title": "site"}  # not changed


def test_page_renderer_names_the_template_line_of_an_error():
    """Jinja's rewritten traceback: the failing template line, as render() gives it."""
    import traceback
    template = Environment(loader=DictLoader({"page": "a\n{{ 1 // zero }}"})).get_template("page")

    def last_frame(render) -> tuple:
        with pytest.raises(ZeroDivisionError) as failed:
            render()
        last = traceback.extract_tb(failed.value.__traceback__)[-1]
        return last.filename, last.lineno, last.name

    ours = last_frame(lambda: page_renderer(template, {"zero": 0})("p.html", {}))
    assert ours == last_frame(lambda: template.render(page_context({"zero": 0}, "p.html", {})))
    assert ours[:2] == ("<template>", 2)
