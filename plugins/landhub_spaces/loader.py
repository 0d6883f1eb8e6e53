"""Strict YAML reading for space files: plain data plus the line of every value.

Space files come from strangers, so nothing is guessed: scalars are read as the YAML 1.2
core schema reads them (``no`` and ``8:30`` stay strings), integers written with a leading
zero keep it (``0800``), and anchors, aliases, tags, duplicate keys and multiple documents
are refused rather than interpreted. Every problem becomes a :class:`Problem`; nothing raises.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import loader_fast
from .problems import Problem

MAX_BYTES = 64 * 1024
MAX_DEPTH = 20  # a space file nests three levels (photos[0].alt); deeper is not a space file

# C parser where available: same events and marks, much faster on big directories.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
# "0800" is a postcode, not the number 800: keep leading zeros as text.
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]+$")


# What each pattern above can start with: any other first character means text, at once.
_WORD_STARTS = frozenset("~nNtTfF\n")  # null, true, false (and "" or "\n", which `$` lets match)
_NUMBER_STARTS = frozenset("-+.0123456789")


def resolve_plain_scalar(text: str):
    """Read an unquoted scalar as the YAML 1.2 core schema does (leading zeros kept)."""
    first = text[:1]
    if first not in _NUMBER_STARTS:
        if first and first not in _WORD_STARTS:
            return text
        if _NULL.match(text):
            return None
        if _TRUE.match(text):
            return True
        if _FALSE.match(text):
            return False
        return text
    if _LEADING_ZERO.match(text):
        return text
    if _INT10.match(text):
        return int(text)
    if _INT8.match(text):
        return int(text[2:], 8)
    if _INT16.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


@dataclass
class LoadedFile:
    """What a space file held: its data, the line of each key path, and its problems."""

    path: str
    data: dict | None = None
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # read by loader_fast: its texts hold no control character (checks.no_control_characters)
    plain_lines: bool = False

    def line_of(self, key_path: str) -> int:
        """The line of a key path, or of its nearest ancestor that has one."""
        probe = key_path
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = _parent(probe)
        return self.lines.get("", 1)


def _parent(key_path: str) -> str:
    if key_path.endswith("]"):
        return key_path[: key_path.rindex("[")]
    return key_path.rpartition(".")[0]


class _Refused(Exception):
    """A structural problem that stops reading this file (internal to the loader)."""

    def __init__(self, line: int, field: str, message: str):
        self.line, self.field, self.message = line, field, message


def load_space_file(path: Path, display_path: str | None = None) -> LoadedFile:
    """Read one space file. Never raises for bad content; problems are in the result."""
    shown = display_path or str(path)
    # The usual file: opened, its size from the open file and read, in four system calls
    # without pathlib's. Any error (even opening) goes the way below, for its very message.
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        pass
    else:
        try:
            size = os.fstat(descriptor).st_size
            if size <= MAX_BYTES:
                raw = os.read(descriptor, size + 1)  # not 64 KiB: a buffer that big costs more than the read
                if len(raw) == size:  # all of it, and not grown since
                    return load_space_bytes(raw, shown)
        except OSError:
            pass
        finally:
            os.close(descriptor)
    result = LoadedFile(path=shown)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _Refused(1, "file", f"the file is {size:,} bytes; a space file may be at most "
                           f"{MAX_BYTES:,} bytes (64 KiB). Shorten the description or move photos "
                           "to content/images/spaces/")
        raw = path.read_bytes()
    except OSError as error:
        result.problems.append(Problem(shown, 1, "file", f"cannot be read ({error.strerror})"))
        return result
    except _Refused as refused:
        result.problems.append(Problem(shown, refused.line, refused.field, refused.message))
        return result
    return load_space_bytes(raw, shown)


def load_space_bytes(raw: bytes, shown: str) -> LoadedFile:
    """Read the bytes of a space file named ``shown`` in messages."""
    result = LoadedFile(path=shown)
    try:
        text = _decode(raw)
        simple = loader_fast.read_simple(text)
        if simple is None:
            data, root_line = _read_events(text, result.lines)
        else:
            (data, result.lines), root_line = simple, simple[1][""]
            result.plain_lines = True
        if not isinstance(data, dict):
            raise _Refused(root_line, "file",
                           "the file must be a mapping of fields like `name: ...`, "
                           f"not {_kind(data)}; start from the example in CONTRIBUTING.md")
        result.data = data
    except _Refused as refused:
        result.problems.append(Problem(shown, refused.line, refused.field, refused.message))
    return result


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise _Refused(1, "file", f"the file is {len(raw):,} bytes; a space file may be at most "
                       f"{MAX_BYTES:,} bytes (64 KiB)")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte order mark is harmless: drop it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise _Refused(line, "file", f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file "
                       "as UTF-8 (it looks like Latin-1/Windows-1252 text)") from None
    if "\x00" in text:
        raise _Refused(text[: text.index("\x00")].count("\n") + 1, "file",
                       "the file contains a NUL character; it must be plain UTF-8 text")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#")
                               for ln in text.splitlines()):
        raise _Refused(1, "file", "the file is empty; it must hold the fields of one space "
                       "(start from the example in CONTRIBUTING.md)")
    return text


def _read_events(text: str, lines_out: dict[str, int]):
    """Parse and build the plain data in one pass over the parser's events, recording each
    value's line in `lines_out`; return (data, the line of the document's top).

    What the file may not hold is refused in the order a reader meets it, in two kinds, as
    when the file was first checked event by event and then built from PyYAML's node tree:
    the stream's own problems (a syntax error, a second document, an anchor, alias or tag)
    win wherever they are; the first problem of the data's shape (a key that is no name, a
    key twice, nesting too deep, a number too long) is reported only when the stream has none.
    One loop with no calls per event: it runs some 600,000 times for 10,000 files.
    """
    lines: dict[str, int] = {}
    shape_problem = None  # the first _Refused of the data's shape; building stops there
    # one frame per open list or mapping: [container, path, depth, key waiting for its value]
    stack: list[list] = []
    data = root_line = None
    documents = 0
    try:
        parser = _Loader(text)
        try:
            check_event, get_event = parser.check_event, parser.get_event
            while check_event():
                event = get_event()
                kind = type(event)
                if kind is _SCALAR or kind is _LIST or kind is _MAPPING:
                    if event.anchor is not None:
                        raise _Refused(event.start_mark.line + 1, "file", f"anchor `&{event.anchor}` "
                                       "is not allowed; write every value out in full")
                    if event.tag is not None:
                        raise _Refused(event.start_mark.line + 1, "file", f"tag `{_as_written(event.tag)}` "
                                       "is not allowed; write plain values (quote a value to make it text)")
                    if shape_problem is not None:
                        continue
                    try:
                        if not stack:  # the document's top node
                            root_line = lines[""] = event.start_mark.line + 1
                            if kind is _SCALAR:
                                data = event.value if event.style else _plain_scalar(event, "")
                            else:
                                stack.append([[] if kind is _LIST else {}, "", 0, None])
                            continue
                        frame = stack[-1]
                        container, key = frame[0], frame[3]
                        if type(container) is list:
                            path = f"{frame[1]}[{len(container)}]"
                        elif key is None:  # this node is a key of the mapping
                            frame[3] = _key(event, kind, frame, lines)
                            continue
                        else:
                            path = key[1]  # its line is the key's (_key)
                        depth = frame[2] + 1
                        if depth > MAX_DEPTH:  # deep nesting is no space file (and was a recursion limit)
                            raise _Refused(event.start_mark.line + 1, path, f"is nested more than "
                                           f"{MAX_DEPTH} levels deep; a space file needs at most three")
                        if key is None:
                            lines.setdefault(path, event.start_mark.line + 1)
                        if kind is _SCALAR:
                            # plain: None from the Python parser, "" from libyaml; quoted and
                            # block scalars are always text
                            value = event.value if event.style else _plain_scalar(event, path)
                            if key is None:
                                container.append(value)
                            else:
                                container[key[0]] = value
                                frame[3] = None
                        else:
                            stack.append([[] if kind is _LIST else {}, path, depth, None])
                    except _Refused as refused:
                        shape_problem = refused
                elif kind is _LIST_END or kind is _MAPPING_END:
                    if shape_problem is None:
                        value = stack.pop()[0]
                        if not stack:
                            data = value
                            continue
                        frame = stack[-1]
                        if frame[3] is None:
                            frame[0].append(value)
                        else:
                            frame[0][frame[3][0]] = value
                            frame[3] = None
                elif kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise _Refused(event.start_mark.line + 1, "file", "the file holds more than "
                                       "one YAML document (a second `---`); keep one space per file")
                elif kind is yaml.AliasEvent:
                    raise _Refused(event.start_mark.line + 1, "file", f"alias `*{event.anchor}` is "
                                   "not allowed; write the value out in full")
        finally:
            parser.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise _Refused(line, "file", _explain_syntax(error, text, line)) from None
    except yaml.YAMLError as error:  # e.g. a reader error on a control character
        mark = getattr(error, "position", None)
        line = text[:mark].count("\n") + 1 if isinstance(mark, int) else 1
        raise _Refused(line, "file", f"this is not valid YAML ({_first_line(error)})") from None
    lines_out.update(lines)
    if shape_problem is not None:
        raise shape_problem
    return data, root_line


_SCALAR, _LIST, _MAPPING = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
_LIST_END, _MAPPING_END = yaml.SequenceEndEvent, yaml.MappingEndEvent


def _key(event, kind, frame: list, lines: dict[str, int]) -> tuple[str, str]:
    """(key, its path) for a node that is a key of the mapping in `frame`; its line recorded."""
    mapping, path = frame[0], frame[1]
    line = event.start_mark.line + 1
    if kind is not _SCALAR:
        raise _Refused(line, path or "file", "keys must be plain names like `name`, not lists or mappings")
    key = event.value
    if not key.strip():  # `? ` or `"":` -- a message needs a field name to point at
        raise _Refused(line, path or "file", "a value has no field name; write it as `name: value`")
    child = f"{path}.{key}" if path else key
    if key in mapping:
        raise _Refused(line, child, f"`{key}` appears twice (first on line {lines[child]}); keep one")
    lines[child] = line
    return key, child


def _as_written(tag: str) -> str:
    """`tag:yaml.org,2002:python/object` -> `!!python/object`, as the contributor typed it."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _explain_syntax(error: yaml.MarkedYAMLError, text: str, line: int) -> str:
    lines = text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in source[: len(source) - len(source.lstrip())] or "found character '\\t'" in str(error):
        return "a tab is used for indentation; YAML needs spaces (indent with two spaces)"
    problem = error.problem or "unexpected text"
    return (f"this is not valid YAML: {problem}. Check the indentation and that values "
            "containing `: ` or `#` are in quotes")


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _kind(value) -> str:
    return {list: "a list", str: "a single text value", type(None): "an empty value",
            bool: "true or false", int: "a number", float: "a number"}[type(value)]


def _plain_scalar(node: yaml.ScalarEvent, path: str):
    """An unquoted value. Python refuses to read or write out an integer of more than 4,300
    digits (int_max_str_digits), so such a number is a problem here, not a crash in a message."""
    try:
        value = resolve_plain_scalar(node.value)
        if type(value) is int and value.bit_length() > 14_000:
            str(value)  # 0x followed by 4,000 digits reads, but cannot be written out
        return value
    except ValueError:
        raise _Refused(node.start_mark.line + 1, path or "file",
                       f"is a number {len(node.value):,} characters long, too long to read; "
                       "write the real value") from None
