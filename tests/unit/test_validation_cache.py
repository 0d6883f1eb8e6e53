"""The validation cache (validation_cache.py) makes rebuilds faster and never quieter: a result
is reused only for the same bytes, name, vocabularies, code and date; problems come back."""
from __future__ import annotations

import pickle
from datetime import date

import pytest

from landhub_spaces.validation import validate_spaces
from landhub_spaces.vocab import load_vocabulary
from site_helpers import SyntheticSite, good_space_text

TODAY = date(2026, 6, 1)


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
    s = SyntheticSite(tmp_path)
    s.write_space("cowork-havet.yaml", good_space_text("Cowork Havet"))
    s.write_space("broken.yaml", good_space_text("Broken", location="location:\n  lat: 57,04\n  lon: 8.4873"))
    return s


def _validate(site):
    result = validate_spaces(site.spaces, TODAY, site.content / "images" / "spaces")
    return result.spaces, [str(p) for p in result.problems]


def _cache_file(site):
    return site.root / ".cache" / "landhub-validated.pickle"


def test_second_run_reads_the_cache_and_gives_the_same_spaces_and_problems(site):
    first = _validate(site)
    assert _cache_file(site).is_file()
    assert first[1] and all("broken.yaml" in p for p in first[1])  # the bad file's line(s)
    assert _validate(site) == first  # problems are printed again, not hidden by the cache
    stored = pickle.loads(_cache_file(site).read_bytes())["results"]
    assert len(stored) == 2


def test_a_changed_file_is_checked_again(site):
    _validate(site)
    site.write_space("cowork-havet.yaml", good_space_text("Cowork Havet", website="website: javascript:alert(1)"))
    spaces, problems = _validate(site)
    assert [s.slug for s in spaces] == []
    assert any("cowork-havet.yaml" in p and "website" in p for p in problems)


def test_a_changed_vocabulary_or_date_checks_every_file_again(site):
    _validate(site)
    municipalities = site.spaces / "_vocab" / "municipalities.yaml"
    municipalities.write_text(municipalities.read_text(encoding="utf-8").replace("Thisted", "Thy"),
                              encoding="utf-8")
    load_vocabulary.cache_clear()  # the process keeps vocabularies by folder (vocab.py)
    spaces, problems = _validate(site)
    assert not spaces and any("cowork-havet.yaml" in p and "municipality" in p for p in problems)


def test_a_future_date_is_not_reused_from_an_earlier_day(site):
    site.write_space("cowork-havet.yaml", good_space_text("Cowork Havet", last_verified="last_verified: 2026-05-01"))
    assert validate_spaces(site.spaces, date(2026, 4, 1), None).problems
    assert not [p for p in validate_spaces(site.spaces, TODAY, None).problems if "cowork-havet" in p.path]


def test_a_damaged_cache_is_ignored(site):
    first = _validate(site)
    _cache_file(site).write_bytes(b"not a pickle")
    assert _validate(site) == first


def test_no_cache_setting_writes_nothing(site, monkeypatch):
    monkeypatch.setenv("LANDHUB_NO_CACHE", "1")
    _validate(site)
    assert not _cache_file(site).exists()


def test_files_checked_on_several_cores_give_what_one_core_gives(site, monkeypatch):
    """The parallel path (used from PARALLEL_FROM new files) on a small folder: same spaces,
    same problems in the same order as checking one file after another without a cache."""
    from landhub_spaces import validation

    for n in range(12):
        site.write_space(f"sted-{n:02d}.yaml", good_space_text(f"Sted {n:02d}"))
    site.write_space("sted-bad.yaml", good_space_text("Sted Bad", website="website: ftp://x"))
    monkeypatch.setenv("LANDHUB_NO_CACHE", "1")
    one_core = _validate(site)
    monkeypatch.delenv("LANDHUB_NO_CACHE")
    monkeypatch.setattr(validation, "PARALLEL_FROM", 2)
    monkeypatch.setattr(validation, "usable_cores", lambda: 2)
    assert _validate(site) == one_core
    assert len(pickle.loads(_cache_file(site).read_bytes())["results"]) == 15
    assert _validate(site) == one_core  # and again from the cache


def test_a_result_is_filed_under_the_vocabulary_it_was_checked_against(site):
    """A long-lived process (livereload) keeps the vocabulary it loaded first; a result checked
    against that one must not be stored under the edited files' key and reused later."""
    _validate(site)
    municipalities = site.spaces / "_vocab" / "municipalities.yaml"
    municipalities.write_text(municipalities.read_text(encoding="utf-8").replace("Thisted", "Thy"),
                              encoding="utf-8")
    _validate(site)  # still the vocabulary loaded before the edit
    load_vocabulary.cache_clear()  # as a new process would
    spaces, problems = _validate(site)
    assert not spaces and any("cowork-havet.yaml" in p and "municipality" in p for p in problems)
