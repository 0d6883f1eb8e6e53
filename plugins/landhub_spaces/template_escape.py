"""Autoescaped template output without a Markup object for each value (issue 7).

With autoescape on, Jinja writes each `{{ value }}` of a page as `escape(value)`: MarkupSafe
makes a Markup string, whose Python-level __new__ costs as much as the escaping itself, and
the page only joins it to the rest of its text (about 90 values a space page). The code
generator below writes `escape_text(value)` there instead: the same characters as a plain
str. Only in output, where the result is joined: `{{ ... }}` in a page, a block, a macro's
or `{% set %}`'s body (all joined by concat, then marked safe as before). Everywhere else
(|e, |safe, ~, macro arguments) Jinja's own escape and Markup are untouched.
"""
from __future__ import annotations

from jinja2.compiler import CodeGenerator
from markupsafe import Markup, escape

try:  # what markupsafe.escape itself calls for a str (its C speed-up, or the Python one)
    from markupsafe import _escape_inner
except ImportError:  # another MarkupSafe: escape's own result, as a str
    def _escape_inner(text: str) -> str:
        return str(escape(text))


def escape_text(value) -> str:
    """str(markupsafe.escape(value)), without making a Markup when value is a str, a number
    (its text has nothing to escape) or a Markup (escape would copy it: macros, |safe, blocks)."""
    kind = type(value)
    if kind is str:
        return _escape_inner(value)
    if kind is Markup:
        return value
    if kind is int or kind is float:
        return str(value)
    return escape(value)


class TextEscapingCodeGenerator(CodeGenerator):
    """Jinja's code generator, escaping output values with escape_text."""

    def visit_Template(self, node, frame=None):
        self.writeline(f"from {__name__} import escape_text")
        super().visit_Template(node, frame)

    def _output_child_pre(self, node, frame, finalize):
        # Jinja's own hook for this (nativetypes overrides it too); an {% autoescape %} block
        # (volatile) and autoescape off are left to Jinja.
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("escape_text(")
        if finalize.src is not None:
            self.write(finalize.src)
