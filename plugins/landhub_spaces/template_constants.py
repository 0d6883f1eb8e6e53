"""The theme's strings written into the compiled templates as text (issue 7).

T (theme/strings/da.yaml, a Jinja global) is the same on every page of a build, yet each
`{{ T.address }}` cost a context lookup, an attribute lookup and an escape on every one of
10,000 space pages. Here, before Jinja's code generator sees a template, each `T.name`,
`T['name']` (and a chain such as `T.municipality_names['Thisted']`) whose value in the
strings is text becomes that text, a constant: Jinja escapes it once, when it compiles the
template, and joins it to the markup around it. A value that is not text (a list, a table)
is looked up on the page by its key (`T['months']`, what Jinja's getattr ends with on a dict);
a name the strings do not have and a key worked out on the page (`T['status_' ~ s]`) are
looked up as before. The pages' bytes are the same.

T must mean the build's strings everywhere: a template that binds the name T itself (set,
for, with, a macro or its arguments, import ... as T) is refused, since a template it
includes or imports with context would otherwise show the global strings, not its T.

The compiled code now depends on the strings' content and on this code: template_cache's
key covers both (generator_digest), so an edited da.yaml or code generator compiles the
templates again; the render cache's set-up digest already covers T and the plugins' code.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from jinja2 import nodes
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from . import template_escape
from .template_escape import TextEscapingCodeGenerator

NAME = "T"
_UNKNOWN = object()
# The code generators' own code, as this process runs it (read when it was imported).
_CODE = hashlib.sha256(b"".join(Path(m).read_bytes() for m in (__file__, template_escape.__file__))).hexdigest()


class StringsFoldingCodeGenerator(TextEscapingCodeGenerator):
    """The site's code generator: the environment's global T folded into each template, and
    the output escaped as template_escape.py does."""

    def visit_Template(self, node, frame=None):
        strings = self.environment.globals.get(NAME)
        if isinstance(strings, dict):
            for lineno, how in _bindings(node):
                self.fail(f"{how} binds {NAME}, the theme's strings (a global written into the "
                          f"compiled templates): choose another name", lineno)
            node = _Fold(strings).visit(node)
        super().visit_Template(node, frame)

    def visit_Call(self, node, frame, forward_caller=False):
        """A method of constant text called directly: `T.dkk.format(n=...)` (the string folded
        in) is written `'{n} kr.'.format(n=...)`, not through environment.getattr and
        context.call, which would find that same method and, a str's method taking nothing
        from Jinja (no pass_context), call it so. Anything else is left to Jinja."""
        if self.optimizer is not None and not frame.eval_ctx.volatile:
            optimized = self.optimizer.visit(node, frame.eval_ctx)  # as Jinja's own visit_Call does
            if not isinstance(optimized, nodes.Call):
                self.visit(optimized, frame)
                return
            node = optimized
        callee = node.node
        if (forward_caller or self.environment.is_async or self.environment.sandboxed
                or not isinstance(callee, nodes.Getattr) or not isinstance(callee.node, nodes.Const)
                or type(callee.node.value) not in (str, Markup) or callee.attr.startswith("_")
                or not callable(getattr(callee.node.value, callee.attr, None))):
            super().visit_Call(node, frame, forward_caller=forward_caller)
            return
        self.write("(")
        self.visit(callee.node, frame)
        # signature() writes each argument after a comma: an empty *() goes first.
        self.write(f").{callee.attr}(*()")
        self.signature(node, frame)
        self.write(")")


def use_code_generator(generator) -> None:
    """generator_init: compile `generator`'s templates with T folded in (not if a setting or
    context value named T could hide the global) and their output escaped to plain text."""
    generator.env.code_generator_class = (TextEscapingCodeGenerator if NAME in generator.context
                                          else StringsFoldingCodeGenerator)


def generator_digest(environment) -> str:
    """What this site's compiled code depends on besides the template and Jinja: the code
    generators' code, and the strings when they are folded. Empty for Jinja's own generator."""
    generator = environment.code_generator_class
    if not issubclass(generator, TextEscapingCodeGenerator):
        return ""
    strings = environment.globals.get(NAME)
    if not issubclass(generator, StringsFoldingCodeGenerator) or not isinstance(strings, dict):
        return _CODE
    return f"{_CODE}:{hashlib.sha256(repr(strings).encode()).hexdigest()}"


def _bindings(template: nodes.Template):
    """(line, what) of each place the template binds the name T."""
    for node in template.find_all((nodes.Name, nodes.Import, nodes.FromImport, nodes.Macro)):
        if isinstance(node, nodes.Name):
            if node.name == NAME and node.ctx in ("store", "param"):
                yield node.lineno, "a set, for, with or argument"
        elif isinstance(node, nodes.Import):
            if node.target == NAME:
                yield node.lineno, "an import"
        elif isinstance(node, nodes.FromImport):
            if any((name[1] if isinstance(name, tuple) else name) == NAME for name in node.names):
                yield node.lineno, "an import"
        elif node.name == NAME:
            yield node.lineno, "a macro"


class _Fold(NodeTransformer):
    """Replaces each lookup in the strings whose value is text with that text."""

    def __init__(self, strings: dict):
        self.strings = strings

    def visit_Getattr(self, node):
        value = self._value(node)
        if type(value) is str:
            return nodes.Const(value, lineno=node.lineno)
        if value is not _UNKNOWN:
            # A list or table of the strings (T.months): found by key, where Jinja's getattr
            # on the dict would first fail (an AttributeError) and then take the key.
            return nodes.Getitem(self.visit(node.node), nodes.Const(node.attr), "load", lineno=node.lineno)
        return self.generic_visit(node)

    def visit_Getitem(self, node):
        value = self._value(node)
        if type(value) is str:
            return nodes.Const(value, lineno=node.lineno)
        return self.generic_visit(node)

    def _value(self, node):
        """What Jinja's environment.getattr/getitem would find for `node`, when that is sure at
        compile time; _UNKNOWN otherwise."""
        if isinstance(node, nodes.Name):
            return self.strings if node.name == NAME and node.ctx == "load" else _UNKNOWN
        if isinstance(node, nodes.Getattr):
            if node.ctx != "load":
                return _UNKNOWN
            outer = self._value(node.node)
            # getattr first: T.items is the dict's method, not a string named items.
            if type(outer) is dict and not hasattr(outer, node.attr):
                return outer.get(node.attr, _UNKNOWN)
            return _UNKNOWN
        if isinstance(node, nodes.Getitem):
            if node.ctx != "load" or not isinstance(node.arg, nodes.Const):
                return _UNKNOWN
            outer, key = self._value(node.node), node.arg.value
            if type(outer) is dict and type(key) is str:  # getitem first: T['items'] is the string
                return outer.get(key, _UNKNOWN)
            if type(outer) is list and type(key) is int and -len(outer) <= key < len(outer):
                return outer[key]
            return _UNKNOWN
        return _UNKNOWN
