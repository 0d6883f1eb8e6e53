"""Write a space file's text from its data: the one way `invoke new-space` writes YAML.

theme/static/js/add-space.js writes the same shape in the browser; tests read both back
through the real loader and validator. Keys follow the schema's order; a text value is written
plain only where no YAML reader could take it for anything else, otherwise double-quoted
(JSON's escapes are valid YAML), and a Danish description of several lines as a `|` block.
"""
from __future__ import annotations

import json
import re

SCHEMA_COMMENT = "# yaml-language-server: $schema=./_schema/space.schema.json"

# Plain only from a safe first character, and never what YAML 1.1 tools read as true/false/null.
_PLAIN_START = re.compile(r"[A-Za-z\u00c0-\u024f(]")
_YAML11_WORDS = re.compile(r"^(?:y|n|yes|no|on|off|true|false|null|~)$", re.IGNORECASE)
# Characters written as escapes, never raw: controls, bidi and zero-width marks, line separators.
_ESCAPE = re.compile("[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e"
                     "\u2060-\u2069\ufeff]")


def _is_plain(text: str) -> bool:
    return (bool(_PLAIN_START.match(text)) and text == text.strip()
            and ": " not in text and " #" not in text and not text.endswith(":")
            and not _ESCAPE.search(text) and not _YAML11_WORDS.match(text))


def quoted(text: str) -> str:
    body = json.dumps(text, ensure_ascii=False)
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", body)


def scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return value if _is_plain(value) else quoted(value)


def _block(text: str, indent: str) -> str | None:
    """A `|` block for text of several lines, where a block reads back exactly as given."""
    lines = text.split("\n")
    # `|` keeps exactly one final line break, so only text ending in one reads back the same
    if (len(lines) < 3 or lines[-1] != "" or not lines[-2].strip() or lines[0][:1] == " "
            or any(_ESCAPE.search(line) for line in lines)):
        return None
    return "|\n" + "\n".join(f"{indent}{line}" if line else "" for line in lines[:-1])


def _lines(data: dict, order: dict, indent: str = "") -> list[str]:
    out = []
    keys = [k for k in order if k in data] + sorted(k for k in data if k not in order)
    for key in keys:
        value = data[key]
        rule = order.get(key, {})
        if isinstance(value, dict):
            out.append(f"{indent}{key}:")
            out += _lines(value, rule.get("properties", {}), indent + "  ")
        elif isinstance(value, list):
            out.append(f"{indent}{key}: [{', '.join(scalar(v) for v in value)}]")
        elif isinstance(value, str) and "\n" in value and _block(value, indent + "  "):
            out.append(f"{indent}{key}: {_block(value, indent + '  ')}")
        else:
            out.append(f"{indent}{key}: {scalar(value)}")
    return out


def space_yaml(data: dict, schema: dict) -> str:
    """The file's text: the schema comment for editors, then the fields in the schema's order."""
    return "\n".join([SCHEMA_COMMENT, *_lines(data, schema["properties"])]) + "\n"
