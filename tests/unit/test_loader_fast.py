"""The loader's fast path (loader_fast.py) reads a file exactly as the careful loader does, or
leaves it to the careful loader: the same data (types included), the same line for every key
path and list item, and never a file the careful loader refuses. Files are generated from
lines close to the accepted forms, with the characters and shapes that change YAML's meaning."""
from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from landhub_spaces import loader, loader_fast
from landhub_spaces.loader import load_space_bytes

from .helpers import edit, good_text
from .test_fuzz import FUZZ

# Pieces that are plain in one place and mean something else in another.
WORDS = st.sampled_from([
    "a", "name", "x_y", "a-b", "0800", "800", "-3", "+4", "1.5", ".5", "1e5", "1E-3", "0x1F", "0o17",
    "0b1", ".inf", "-.inf", ".NaN", "nan", "true", "False", "yes", "no", "null", "~", "Null", "-",
    "--", "---", "...", "+", ".", "_", "-a", "0", "00", "-0", "+0.0", "1_000", "2026-01-15",
    "12:30", "a:b", "a:", "a #b", "#a", "a#b", "&a", "*a", "!a", "!!str", "?", "? a", "%", "@", "`",
    "|", ">", "'q'", "\"q\"", "\"a\\\"b\"", "\"a\\nb\"", "\"æøå\"", "\"a, b\"", "\"[x]\"", "\"\"",
    "[]", "[a]", "[a, b]", "[a,b]", "[ a ]", "[a, ]", "[a, [b]]", "{a: 1}", "[\"x\", 2]", "é",
    "\u00a0", "\u2028", "\x85", "\ufeff", "\t", "a ", " a", "\"a\" ", "\"a\" #c", "[a] x", "1" * 70,
    "Cowork Klitmøller", "a, b", "a [b]", "it's", "x:", "x: ", "a:b c", "a # b", "a#b c", "1 2",
    "Mo-Fr 08:00-17:00", "https://example.org/", "\u00a0a", "a\u00a0", "a\\b", "{a", "a}", "2026-01-15 x",
])
INDENTS = st.sampled_from(["", "", "", " ", "  ", "  ", "    ", "\t"])
KEYS = st.sampled_from(["name", "a", "b", "address", "town", "x-y", "_k", "true", "1", "-k",
                        "a b", "\"q\"", "k ", "?k", "<<", "da", "a", "b"])
LINES = st.one_of(
    st.builds(lambda i, k, v: f"{i}{k}: {v}", INDENTS, KEYS, WORDS),
    st.builds(lambda i, k: f"{i}{k}:", INDENTS, KEYS),
    st.builds(lambda i, k, v: f"{i}{k}:{v}", INDENTS, KEYS, WORDS),
    st.builds(lambda i, v: f"{i}- {v}", INDENTS, WORDS),
    st.builds(lambda i, v: f"{i}# {v}", INDENTS, WORDS),
    st.sampled_from(["", " ", "---", "...", "%YAML 1.2", "  more text", "#", "a: b: c"]),
)
FILES = st.lists(LINES, min_size=1, max_size=14).map("\n".join)
# Files that mostly are the fast path's own form, so that many of them take it.
GOOD_WORDS = st.sampled_from(["a", "0800", "1.5", "true", "null", "\"x y\"", "[a, b]", "Ø ø", "[]",
                              "\"\"", "-1", "a b", "12:30", "[0x1F, \"a, b\", .inf]", "1e5"])
NEAR_WORDS = st.one_of(GOOD_WORDS, GOOD_WORDS, GOOD_WORDS, WORDS)
NEAR_KEYS = st.text("abcdefghij_-", min_size=1, max_size=3).filter(lambda k: k[0] != "-")
MAPPINGS = st.recursive(NEAR_WORDS, lambda inner: st.dictionaries(NEAR_KEYS, inner, min_size=1, max_size=5),
                        max_leaves=12)


def _render(mapping: dict, indent: str = "") -> list[str]:
    lines = []
    for key, value in mapping.items():
        if isinstance(value, dict):
            lines += [f"{indent}{key}:"] + _render(value, indent + "  ")
        else:
            lines.append(f"{indent}{key}: {value}")
    return lines


@st.composite
def near_files(draw):
    """A file in the fast path's form, maybe with one line changed, added or taken out."""
    lines = _render(draw(st.dictionaries(NEAR_KEYS, MAPPINGS, min_size=1, max_size=6)))
    change = draw(st.sampled_from(["none", "replace", "insert", "delete"]))
    where = draw(st.integers(0, len(lines) - 1))
    if change == "replace":
        lines[where] = draw(LINES)
    elif change == "insert":
        lines.insert(where, draw(st.one_of(LINES, st.sampled_from(["", "# c", "    # c", "x:", "  y:"]))))
    elif change == "delete" and len(lines) > 1:
        del lines[where]
    return "\n".join(lines)


NEAR_FILES = near_files()


def _careful(text: str):
    lines: dict[str, int] = {}
    try:
        data, top = loader._read_events(text, lines)
    except loader._Refused as refused:
        return ("refused", refused.line, refused.field, refused.message), None, None
    return data, lines, top


@FUZZ
@given(text=st.one_of(FILES, NEAR_FILES), newline=st.booleans())
@example(text="name: a\naddress:\n  town: \"b\"\n  postcode: 0800\nlist: [a, \"b c\", 1.5]", newline=True)
@example(text="a:\nb:\n  c:\n    d: 1\n  e: [ ]\nf:", newline=False)
@example(text="# top\n\na: 1\n  # indented comment\nb: [x, \"y, z\"]", newline=True)
def test_the_fast_path_reads_what_the_careful_loader_reads(text, newline):
    text += "\n" if newline else ""
    fast = loader_fast.read_simple(text)
    if fast is None:
        return  # the careful loader reads it, as before
    data, lines, top = _careful(text)
    assert lines is not None, f"the careful loader refuses it: {data}"
    assert repr(fast[0]) == repr(data)  # repr: 1, 1.0 and True differ; key order counts
    assert fast[1] == lines
    assert fast[1][""] == top


def test_a_usual_space_file_takes_the_fast_path_with_the_same_result():
    # without its block scalar and its list of photos, which go the careful way
    text = edit(good_text(), "  da: |\n    Et **kontorfællesskab**", "  da: Et **kontorfællesskab**")
    text = edit(text, "photos:\n  - file: desk.jpg\n    alt: Desks by the window, with the dunes outside\n"
                "    credit: Anna Jensen\n", "")
    assert loader_fast.read_simple(text) is not None
    data, lines, top = _careful(text)
    assert loader_fast.read_simple(text) == (data, lines)
    loaded = load_space_bytes(text.encode(), "spaces/x.yaml")
    assert (loaded.data, loaded.lines, loaded.problems) == (data, lines, [])


def test_what_the_fast_path_leaves_to_the_careful_loader():
    for text in ("a: &x 1\n", "a: !!str 1\n", "a: 1\na: 2\n", "a: 'q'\n", "a: |\n  t\n", "a:\n- b\n",
                 "a: b # c\n", "a: b \n", "a:\tb\n", "--- \na: 1\n", "a: \"\\u0041\"\n",
                 "a: \u2028\n", "  a: 1\n", "a: [b,\n  c]\n", "a: 1\n  b: 2\n"):
        assert loader_fast.read_simple(text) is None, text


def test_reading_a_file_says_what_it_said_through_pathlib(tmp_path):
    """load_space_file reads with os.open, fstat and one read; every other case (a folder, a
    file too big, a missing one) goes the old way, with the old message."""
    from landhub_spaces.loader import MAX_BYTES, load_space_file

    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    big = tmp_path / "big.yaml"
    big.write_bytes(b"name: x\n" + b"#" * MAX_BYTES)
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(b"name: x\n" + b"#" * (MAX_BYTES - 8))
    messages = {path.name: [p.message for p in load_space_file(path, path.name).problems]
                for path in (folder, big, exact, tmp_path / "gone.yaml")}
    assert messages == {
        "folder.yaml": ["cannot be read (Is a directory)"],
        "big.yaml": ["the file is 65,544 bytes; a space file may be at most 65,536 bytes (64 KiB). "
                     "Shorten the description or move photos to content/images/spaces/"],
        "exact.yaml": [],
        "gone.yaml": ["cannot be read (No such file or directory)"],
    }
    assert load_space_file(exact).data == {"name": "x"}


def test_no_control_character_gets_through_the_fast_path():
    """checks.no_control_characters skips the files the fast path read: none of the
    characters it looks for may pass the fast path's character test."""
    from landhub_spaces.checks import _CONTROL

    controls = [chr(code) for code in range(0x110000) if _CONTROL.match(chr(code))]
    assert len(controls) == 62  # C0 but tab, newline and CR (29), DEL and C1 (33)
    for character in controls:
        assert loader_fast.read_simple(f'name: "a{character}b"\n') is None
        assert loader_fast._UNUSUAL.search(character)
    loaded = load_space_bytes(b'name: "a\\u001bb"\n', "spaces/x.yaml")
    assert loaded.data == {"name": "a\x1bb"} and not loaded.plain_lines  # an escape: the careful way
