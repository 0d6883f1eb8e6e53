"""A web address that Python's urlsplit refuses (found by comparing the fast validation with
the old one on thousands of damaged space files) is a problem at its line, not a crash."""
from __future__ import annotations

import pytest

from .helpers import edit, good_text

FILE = "spaces/cowork-klitmoeller.yaml"


@pytest.mark.parametrize("url", ["https://a[b.example.dk/", "https://[abc]/", "https://ex]ample.dk/"])
def test_an_address_urlsplit_refuses_is_a_problem(site, url):
    text = edit(good_text(), "website: https://example.org/", f"website: '{url}'")
    assert site.problems("cowork-klitmoeller.yaml", text) == [
        f"{FILE}:16: website: `{url}` is not a usable web address; write it as https://example.dk/ "
        "(a domain name, no user name or password)"
    ]
