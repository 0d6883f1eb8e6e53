"""Issue 7's cheaper space page keys: a space page's render key names its file's validation
cache key, handed out only where the result is that key's; the render cache folder is listed
once a build; plain page paths are joined as abspath would join them."""
from __future__ import annotations

import os
import pickle
from datetime import date

import pytest
from pelican.utils import posixize_path

from landhub_spaces.page_output import _plain_relative
from landhub_spaces.render_cache import RenderCache, SpaceDigests
from landhub_spaces.validation import validate_spaces
from site_helpers import SyntheticSite, good_space_text

TODAY = date(2026, 6, 1)


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    s = SyntheticSite(tmp_path)
    s.write_space("cowork-havet.yaml", good_space_text("Cowork Havet"))
    s.write_space("cowork-skoven.yaml", good_space_text("Cowork Skoven"))
    s.write_space("broken.yaml", good_space_text("Broken", location="location:\n  lat: 57,04\n  lon: 8.4873"))
    return s


def _validate(site):
    return validate_spaces(site.spaces, TODAY, site.content / "images" / "spaces")


def _stored(site) -> dict:
    return pickle.loads((site.root / ".cache" / "landhub-validated.pickle").read_bytes())["results"]


def test_each_space_gets_the_key_its_result_is_stored_under(site):
    for _ in range(2):  # checked now, then read from the cache: the same keys
        result = _validate(site)
        assert sorted(result.space_keys) == ["cowork-havet", "cowork-skoven"]  # not the broken file
        stored = _stored(site)
        for space in result.spaces:
            assert stored[result.space_keys[space.slug]][0] == space


def test_a_changed_file_gets_another_key(site):
    before = _validate(site).space_keys
    site.write_space("cowork-havet.yaml", good_space_text("Cowork Havet", website="website: https://havet.dk"))
    after = _validate(site).space_keys
    assert after["cowork-havet"] != before["cowork-havet"]
    assert after["cowork-skoven"] == before["cowork-skoven"]


def test_no_keys_without_the_cache(site, monkeypatch):
    monkeypatch.setenv("LANDHUB_NO_CACHE", "1")
    result = _validate(site)
    assert len(result.spaces) == 2 and result.space_keys == {}


def test_entries_is_one_listing_a_build(tmp_path):
    cache = RenderCache(tmp_path / "cache", "setup")
    cache.store("a", "page a")
    first = cache.entries()
    cache.store("b", "page b")
    assert cache.entries() is first and set(first) == {"a"}
    assert set(cache.listing()) == {"a", "b"}


@pytest.mark.parametrize("save_as", ["spaces/a/index.html", "sitemap.xml", "æ/ø.html", "a b/c", "a/..b",
                                     "./a", "a/../b", "a//b", ".well-known/x", "x/", "a/.", ".."])
def test_a_plain_path_is_joined_as_abspath_joins_it(save_as):
    base = "/srv/out"
    if _plain_relative(save_as):
        assert base + "/" + save_as == posixize_path(os.path.abspath(os.path.join(base, save_as)))
    else:
        # the Writer's own way: any part starting with a dot, empty parts, a trailing slash
        assert save_as in ("./a", "a/../b", "a//b", ".well-known/x", "x/", "a/.", "..", "a/..b")


def test_space_digests_name_the_space_whatever_its_key(site, tmp_path):
    result = _validate(site)
    space = result.spaces[0]
    plain = SpaceDigests(tmp_path).digest(None, space)  # no key: hashed
    kept = SpaceDigests(tmp_path)
    assert kept.digest(result.space_keys[space.slug], space) == plain
    kept.save()
    again = SpaceDigests(tmp_path)
    assert again.old == {result.space_keys[space.slug]: plain}
    assert again.digest("another day's key", space) == plain
    other = result.spaces[1]
    assert again.digest("key of the other", other) != plain


def test_a_damaged_digest_file_is_ignored(site, tmp_path):
    space = _validate(site).spaces[0]
    (tmp_path / "landhub-space-digests.pickle").write_bytes(b"not a pickle")
    digests = SpaceDigests(tmp_path)
    assert digests.old == {}
    assert digests.digest("k", space) == SpaceDigests(tmp_path).digest(None, space)
