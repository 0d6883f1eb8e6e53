"""Compiled templates kept between builds: Jinja's bytecode cache in <project>/.cache/.

Pelican gives each of its generators its own Jinja environment, so without this every build
parses and compiles base.html and _macros.html four times over (about a quarter of the CPU of
a build of the project without synthetic spaces). Jinja files each template's code under the
template's name and checks it against a checksum of the source it was compiled from, and its
Jinja and Python versions; an edited template is compiled again.

What Jinja does not check, and the key below adds: the environment's options that change the
compiled code (trim_blocks, autoescape, delimiters, extensions, ...) and the filters and tests
it knew by name (the code calls a filter in the way the filter asked for at compile time),
and this site's code generator's code and the theme's strings it writes into the compiled
code (template_constants.py).

Set on each generator's environment (Pelican's generator_init signal), not in the settings'
JINJA_ENVIRONMENT: the render cache hashes the plain settings, and an object there would drop
JINJA_ENVIRONMENT from its key. LANDHUB_NO_CACHE=1 turns this off, as the other caches.
"""
from __future__ import annotations

import hashlib

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket
from jinja2.utils import _PassArg

from .settings import spaces_path
from .template_constants import generator_digest
from .validation_cache import enabled

FOLDER = "landhub-templates"
# The Environment attributes the lexer, parser and code generator read.
_COMPILE_OPTIONS = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
    "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
    "is_async", "autoescape", "finalize",
)


def _named(value) -> str:
    """A stable name for an option's value: functions and classes by module and name."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
    return repr(value)


def environment_digest(environment) -> str:
    """What the compiled code depends on besides the template's source."""
    h = hashlib.sha256()
    for option in _COMPILE_OPTIONS:
        h.update(f"{option}={_named(getattr(environment, option, None))}\0".encode())
    h.update(f"generator={_named(environment.code_generator_class)}\0".encode())
    h.update(f"context={_named(environment.context_class)}\0".encode())
    for name in sorted(environment.extensions):
        h.update(f"extension={name}\0".encode())
    for kind, table in (("filter", environment.filters), ("test", environment.tests)):
        for name in sorted(table):
            h.update(f"{kind}={name}:{_PassArg.from_obj(table[name])}\0".encode())
    h.update(f"site generator={generator_digest(environment)}\0".encode())
    return h.hexdigest()


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's file cache, with the environment's digest in every key."""

    def get_bucket(self, environment, name, filename, source):
        key = self.get_cache_key(f"{environment_digest(environment)}\0{name}", filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        try:
            self.load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged entry: compile the template again
            bucket.reset()
        return bucket

    def dump_bytecode(self, bucket):
        try:
            super().dump_bytecode(bucket)
        except OSError:  # a cache that cannot be written (full disk, folder removed) only costs time
            pass


def use_template_cache(generator) -> None:
    """generator_init: compile the templates of `generator` through the cache, unless off."""
    if not enabled():
        return
    folder = spaces_path(generator.settings).resolve().parent / ".cache" / FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    generator.env.bytecode_cache = TemplateCache(str(folder))
