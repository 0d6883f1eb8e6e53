"""The loader builds the data in one pass over the parser's events (issue 7: it parsed every
file twice, once to check the events and once to compose PyYAML's node tree). The result is the
one the node tree gives, with the same lines, and problems are chosen in the same order."""
from __future__ import annotations

import yaml
from hypothesis import given

from landhub_spaces.loader import load_space_bytes, resolve_plain_scalar

from .test_fuzz import FUZZ, STRUCTURES, as_yaml, good_file_with_one_field_replaced


def _from_node_tree(text: str):
    """(data, lines) as PyYAML's composer and a walk of its nodes give them."""
    lines = {}

    def walk(node, path, top=False):
        if top:
            lines[""] = node.start_mark.line + 1
        else:
            lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            return node.value if node.style else resolve_plain_scalar(node.value)
        if isinstance(node, yaml.SequenceNode):
            return [walk(item, f"{path}[{index}]") for index, item in enumerate(node.value)]
        mapping = {}
        for key_node, value_node in node.value:
            child = f"{path}.{key_node.value}" if path else key_node.value
            lines[child] = key_node.start_mark.line + 1
            mapping[key_node.value] = walk(value_node, child)
        return mapping

    return walk(yaml.compose(text, Loader=yaml.CSafeLoader), "", top=True), lines


def _same_as_node_tree(raw: bytes) -> None:
    loaded = load_space_bytes(raw, "spaces/x.yaml")
    if loaded.problems:
        return
    data, lines = _from_node_tree(raw.decode("utf-8"))
    assert repr(loaded.data) == repr(data)  # repr: 1 and 1.0 and True differ, NaN equals NaN
    assert loaded.lines == lines


@FUZZ
@given(data=STRUCTURES)
def test_arbitrary_structures_read_as_the_node_tree_reads_them(data):
    _same_as_node_tree(as_yaml(data))


@FUZZ
@given(data=good_file_with_one_field_replaced())
def test_space_files_read_as_the_node_tree_reads_them(data):
    _same_as_node_tree(as_yaml(data))


def test_flow_block_and_nested_values_with_their_lines():
    raw = (b"name: Sted\nlist:\n  - a\n  - [b, {c: 0800, d: 0x1F}]\n  -\n    e: |\n      text\n"
           b"map: {x: .inf, y: ~, z: 'no'}\nlast: yes\n")
    _same_as_node_tree(raw)
    loaded = load_space_bytes(raw, "spaces/x.yaml")
    assert loaded.data["list"][1][1] == {"c": "0800", "d": 31}
    assert loaded.lines["list[2].e"] == 6 and loaded.lines["map.z"] == 8


def _problems(raw: bytes) -> list[str]:
    return [f"{p.line}: {p.field}: {p.message}" for p in load_space_bytes(raw, "x").problems]


def test_a_problem_of_the_stream_wins_over_an_earlier_problem_of_the_shape():
    # a key twice on line 2, an anchor on line 3: the anchor is reported, as before
    assert _problems(b"a: 1\na: 2\nb: &x 1\n") == [
        "3: file: anchor `&x` is not allowed; write every value out in full"]
    assert _problems(b"? [a]\n: b\nc: !!str x\n") == [
        "3: file: tag `!!str` is not allowed; write plain values (quote a value to make it text)"]
    assert _problems(b"a: 1\na: 2\nb: [\n")[0].startswith("4: file: this is not valid YAML")
    assert _problems(b"a: 1\na: 2\n---\nb: 1\n") == [
        "3: file: the file holds more than one YAML document (a second `---`); keep one space per file"]


def test_the_first_problem_of_the_shape_is_the_one_reported():
    assert _problems(b"a: 1\nb:\n  c: 1\n  c: 2\na: 3\n") == [
        "4: b.c: `c` appears twice (first on line 3); keep one"]
    assert _problems(b"a: [[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]\n? [k]\n: v\n") == [
        "1: a[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: is nested more than 20 "
        "levels deep; a space file needs at most three"]
    assert _problems(b"- 1\n- 2\n") == [
        "1: file: the file must be a mapping of fields like `name: ...`, not a list; start from "
        "the example in CONTRIBUTING.md"]
