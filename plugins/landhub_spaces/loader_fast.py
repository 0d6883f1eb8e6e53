"""A fast path for the common space file: the loader's data and lines without libyaml's events.

Nearly every space file is a few levels of `key: value` lines. For a file that is ONLY made of
such lines, in a form whose YAML meaning is plain, the data and the line of every value are
read here with a few regular expressions, about five times cheaper than building libyaml's
event objects. Anything else -- an unusual character, a tab, a `-` list, a block or
single-quoted scalar, an escape, a comment after a value, trailing spaces, a duplicate key,
odd indentation, anchors, tags, directives, a second document -- returns None, and the
careful loader (loader._read_events) reads the file as before, with its problems and messages.

What is accepted, and why its meaning cannot differ from what libyaml reads:
- Characters: only newline, printable ASCII and the printable non-ASCII characters libyaml's
  reader accepts, without U+0085, U+2028 and U+2029 (line breaks to YAML) or U+FEFF.
- A line is blank, a comment (`#` first after spaces: no scalar spans lines here, so it is
  one), or `key:` / `key: value` with a key of ASCII letters, digits, `_` and `-`.
- A value is a double-quoted text without `\\` or `"` (it is exactly what is between the
  quotes), a plain word of ASCII letters, digits and `_.+-` (read by the loader's own
  resolve_plain_scalar), a one-line flow list `[a, "b c"]` of those, items separated by `, `,
  or a plain text that starts with no indicator and holds no `: ` or ` #` and does not end in
  a space or `:` (where libyaml's plain scalar ends; no line continues it, see below).
- `key:` alone opens a mapping when the next key is indented deeper, and is an empty value
  (None) otherwise; keys of a mapping share one indentation, the top one starts at column 0.
tests/unit/test_loader_fast.py compares this with the careful loader on generated files.
"""
from __future__ import annotations

import re

from . import loader  # its resolve_plain_scalar (loader imports this module: read at call time)

# Anything but these characters sends the file to the careful loader.
_UNUSUAL = re.compile("[^\n -~\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                      "\U00010000-\U0010ffff]")
_QUOTED = r'("[^"\\\n]*")'
# A plain word: no space, no indicator; `-`, `+` or `.` first only before another character.
_WORD = r"(?:[A-Za-z0-9_]|[-+.](?=[A-Za-z0-9_.+-]))[A-Za-z0-9_.+-]{0,63}"
_ITEMS = rf'(?:"[^"\\\n]*"|{_WORD})(?:, (?:"[^"\\\n]*"|{_WORD}))*'
# A plain text of several words: no indicator first; `: `, ` #`, a last `:` or space are
# refused in read_simple.
_TEXT = r"[^-?:,\[\]{}#&*!|>'\"%@` \n].*"
# One line each: (indentation, key, "quoted", word, [list], text), or all empty for an empty
# line or a comment. A line that is none of these is not matched, so the count falls short.
_LINE = re.compile(rf"^(?:( *)([A-Za-z_][A-Za-z0-9_-]{{0,99}}):(?: (?:{_QUOTED}|({_WORD})|"
                   rf"(\[(?:{_ITEMS})?\])|({_TEXT})))?| *#.*|)$", re.MULTILINE)
_ITEM = re.compile(rf'"[^"\\\n]*"|{_WORD}')
_MAX_LEVELS = 6  # a space file nests three levels; deeper goes the careful way (MAX_DEPTH)
# Plain words read before and what resolve_plain_scalar made of them: most repeat from file to
# file (amenities, dates, prices, years), and a lookup costs a fifth of the patterns it skips.
# Not floats (NaN is not equal to itself; coordinates hardly repeat). Emptied when full.
_RESOLVED: dict = {}
_RESOLVED_MAX = 4096
_MISSING = object()


def read_simple(text: str) -> tuple[dict, dict[str, int]] | None:
    """(data, line of each key path and list item, with "" the top's) of a file made only of
    plain `key: value` lines, or None where the careful loader must read it."""
    if _UNUSUAL.search(text) is not None:
        return None
    found = _LINE.findall(text)
    if len(found) != text.count("\n") + 1:
        return None  # a line of another form
    resolve_plain_scalar = loader.resolve_plain_scalar
    resolved = _RESOLVED.get
    lines: dict[str, int] = {}
    root: dict = {}
    stack = [(0, root, "")]  # (indentation of its keys, mapping, its path) of each open mapping
    opened = None  # (indentation, path, key) of a `key:` line whose value is not known yet
    number = 0
    for spaces, key, quoted, word, items, words in found:
        number += 1
        if not key:
            continue  # an empty line or a comment
        indent = len(spaces)
        if opened is not None:
            if indent > opened[0]:  # the `key:` above opens a mapping
                if len(stack) >= _MAX_LEVELS:
                    return None
                nested: dict = {}
                stack[-1][1][opened[2]] = nested
                stack.append((indent, nested, opened[1]))
            opened = None  # otherwise its value stays None (an empty value)
        if indent != stack[-1][0]:
            while indent < stack[-1][0]:
                stack.pop()
            if indent != stack[-1][0]:
                return None
        _, mapping, path = stack[-1]
        if key in mapping:
            return None  # a duplicate: the careful loader names both lines
        child = f"{path}.{key}" if path else key
        if not lines:
            lines[""] = number  # the top mapping starts at its first key
        lines[child] = number
        if quoted:
            mapping[key] = quoted[1:-1]
        elif word:
            value = resolved(word, _MISSING)
            if value is _MISSING:
                value = resolve_plain_scalar(word)
                if type(value) is not float:
                    if len(_RESOLVED) >= _RESOLVED_MAX:
                        _RESOLVED.clear()
                    _RESOLVED[word] = value
            mapping[key] = value
        elif items:
            values = []
            for index, item in enumerate(_ITEM.findall(items)):
                lines[f"{child}[{index}]"] = number
                values.append(item[1:-1] if item[0] == '"' else resolve_plain_scalar(item))
            mapping[key] = values
        elif words:
            if ": " in words or " #" in words or words[-1] in " :" or len(words) > 1000:
                return None
            mapping[key] = resolve_plain_scalar(words)
        else:  # `key:` alone
            mapping[key] = None
            opened = (indent, child, key)
    if not lines:
        return None
    return root, lines
