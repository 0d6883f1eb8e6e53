"""page_links (generator.py): the editors' pages' links, looked up once per build for the
header and footer of every space page; the first page with a slug wins, as selectattr|first."""
from __future__ import annotations

from types import SimpleNamespace

from landhub_spaces.generator import page_links


def test_first_page_with_a_slug_wins_and_every_slug_is_there():
    pages = [SimpleNamespace(slug="om-landhub", url="om-landhub/", save_as="om-landhub/index.html"),
             SimpleNamespace(slug="privatliv", url="privatliv/", save_as="privatliv/index.html"),
             SimpleNamespace(slug="om-landhub", url="en/about/", save_as="en/about/index.html")]
    assert page_links(pages) == {
        "om-landhub": {"url": "om-landhub/", "save_as": "om-landhub/index.html"},
        "privatliv": {"url": "privatliv/", "save_as": "privatliv/index.html"},
    }
    assert page_links([]) == {}
