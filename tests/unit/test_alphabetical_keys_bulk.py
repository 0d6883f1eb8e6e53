"""place_pages.alphabetical_keys makes many names' keys at once (issue 7: the directory's A–Å
order at 10,000 spaces without five string steps per name). Every key must be the one the name
gets on its own: names with Danish letters, accents, combining marks, "aa" at the edges,
characters whose case folding grows (ß), and the separator itself."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from landhub_spaces import place_pages
from landhub_spaces.place_pages import _key_of, alphabetical_keys

LETTERS = st.sampled_from(list("aAåÅæÆøØeé\u0301\u030a\u0308ßẞİı ﬁ-'1\n\tǅΣσς") + ["aa", "Aa", "AA", "a\u030a"])
NAMES = st.lists(st.lists(LETTERS, max_size=8).map("".join) | st.text(max_size=8), max_size=12)


@settings(max_examples=400, deadline=None)
@given(NAMES)
def test_keys_made_at_once_are_the_keys_made_one_by_one(names):
    place_pages._KEYS.clear()
    keys = alphabetical_keys(names)
    assert {name: keys[name] for name in names} == {name: _key_of(name) for name in names}


def test_danish_order_of_many_names():
    place_pages._KEYS.clear()
    names = ["Aalborg Hub", "Ærø Kontor", "Østerby", "Zealand", "Éclair", "åben", "Anholt", "Aarhus"]
    keys = alphabetical_keys(names)
    assert sorted(names, key=keys.__getitem__) == [
        "Anholt", "Éclair", "Zealand", "Ærø Kontor", "Østerby", "åben", "Aalborg Hub", "Aarhus"]
