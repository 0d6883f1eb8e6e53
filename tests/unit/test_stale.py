"""12 months without confirmation: one rule (pages.is_stale) for the page's note and `invoke stale`."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from landhub_spaces.pages import build_space_pages, is_stale

from project_copy import copy_project, invoke

from .helpers import edit, good_text

AS_OF = date(2026, 11, 27)


@pytest.mark.parametrize("days, stale", [(0, False), (364, False), (365, False), (366, True), (4000, True)])
def test_stale_after_365_days(days, stale):
    assert is_stale(AS_OF - timedelta(days=days), AS_OF) is stale


def test_the_page_uses_the_same_rule(site):
    text = edit(good_text(), "last_verified: 2026-11-01", "last_verified: 2025-11-26")
    [space] = site.validate([site.write("cowork-klitmoeller.yaml", text)]).spaces
    settings = {"SPACE_URL": "spaces/{slug}/", "SPACE_SAVE_AS": "spaces/{slug}/index.html"}
    [page] = build_space_pages([space], settings, "https://example.org/edit/main", AS_OF)
    assert page.stale is True is is_stale(space.last_verified, AS_OF)
    [page] = build_space_pages([space], settings, "https://example.org/edit/main", AS_OF - timedelta(days=1))
    assert page.stale is False


def space_file(name: str, verified: str) -> str:
    return (f"name: {name}\nstatus: open\naddress:\n  postcode: \"7700\"\n  town: Klitmøller\n"
            f"  municipality: Thisted\nlocation:\n  lat: 57.0407\n  lon: 8.4914\n  precision: town\n"
            f"description:\n  da: Et sted.\nwebsite: https://example.org/\nlast_verified: {verified}\n")


def test_invoke_stale_lists_old_spaces_oldest_first(tmp_path):
    project = copy_project(tmp_path, spaces=False)
    for name, verified in (("Nyt Sted", "2026-06-01"), ("Gammelt Sted", "2017-04-01"),
                           ("Lige Over", "2025-11-26"), ("Lige Under", "2025-11-27")):
        (project / "spaces" / f"{name.lower().replace(' ', '-')}.yaml").write_text(
            space_file(name, verified), encoding="utf-8")
    done = invoke(project, "stale", "--as-of", AS_OF.isoformat())
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        "2 of 4 spaces not confirmed in the 12 months before 2026-11-27:",
        "gammelt-sted  last_verified 2017-04-01  3527 days old (9 y 7 m)",
        "lige-over     last_verified 2025-11-26  366 days old (1 y 0 m)",
    ]
