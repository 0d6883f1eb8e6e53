"""The vocabularies are parsed by libyaml (vocab._load_own_yaml) where PyYAML has it: the very
data the pure-Python safe loader gives, so the validation cache's set-up digest (the repr of
the vocabulary) and every check are unchanged."""
from __future__ import annotations

import pytest
import yaml

from landhub_spaces import vocab
from site_helpers import SPACES


def test_the_project_vocabularies_read_as_the_safe_loader_reads_them():
    assert vocab._OWN_YAML_LOADER is yaml.CSafeLoader  # libyaml is a dependency of the build
    for name in ("municipalities.yaml", "amenities.yaml"):
        text = (vocab.vocab_dir(SPACES) / name).read_text(encoding="utf-8")
        assert repr(vocab._load_own_yaml(text)) == repr(yaml.safe_load(text))


def test_it_constructs_nothing_but_plain_data():
    with pytest.raises(yaml.constructor.ConstructorError):
        vocab._load_own_yaml("a: !!python/object/apply:os.system ['true']\n")
