"""Search: Pagefind's index, written into the real site at build time, its filters, the search
box on every page, and the index's bytes being the same on every run."""
from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import yaml

from landhub_search import index_site
from landhub_search.stable import _read
from site_helpers import (ROOT, SETTINGS_FILE, SyntheticSite, expected_spaces, good_space_text,
                          html_files, page, soup_of)

SPACES = expected_spaces()
STRINGS = yaml.safe_load((ROOT / "theme" / "strings" / "da.yaml").read_text(encoding="utf-8"))


def published(folder: str) -> list[Path]:
    found = []
    for path in sorted((ROOT / "content" / folder).glob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        if not re.search(r"(?im)^status:\s*(draft|hidden)\s*$", head):
            found.append(path)
    return found


def bundle_meta(output: Path):
    import json

    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["da"], "the site is Danish: one Danish index"
    info = entry["languages"]["da"]
    return info, _read(output / "pagefind" / f"pagefind.{info['hash']}.pf_meta")


def filters(output: Path) -> dict[str, dict[str, list[int]]]:
    _info, meta = bundle_meta(output)
    out = {}
    for name, file_hash in meta[3]:
        filter_name, values = _read(output / "pagefind" / "filter" / f"{file_hash}.pf_filter")
        assert filter_name == name
        out[name] = {value: pages for value, pages in values}
    return out


def test_the_index_holds_every_space_story_and_page(real_site):
    info, _meta = bundle_meta(real_site)
    expected = len(SPACES) + len(published("stories")) + len(published("pages"))
    assert info["page_count"] == expected
    marked = [p for p in html_files(real_site) if soup_of(p).find(attrs={"data-pagefind-body": True})]
    assert len(marked) == expected, [p.relative_to(real_site).as_posix() for p in marked]


def test_filters_for_region_amenities_and_kind(real_site):
    found = filters(real_site)
    region, amenity, kind = (STRINGS["search_filter_region"], STRINGS["search_filter_amenity"],
                             STRINGS["search_filter_kind"])
    assert set(found) == {region, amenity, kind}
    assert {s.region for s in SPACES} <= set(found[region])
    assert sum(len(pages) for pages in found[kind].values()) == bundle_meta(real_site)[0]["page_count"]
    assert len(found[kind][STRINGS["search_kind_space"]]) == len(SPACES)
    assert len(found[kind][STRINGS["search_kind_story"]]) == len(published("stories"))
    assert found[amenity], "the spaces list amenities, so the filter has values"


def test_space_pages_carry_their_region_and_amenities_as_filters(real_site):
    labels = yaml.safe_load((ROOT / "spaces" / "_vocab" / "amenities.yaml").read_text(encoding="utf-8"))
    for space in SPACES:
        soup = page(real_site, f"spaces/{space.slug}/")
        region = soup.find(attrs={"data-pagefind-filter": re.compile(r"^" + STRINGS["search_filter_region"] + ":")})
        assert region["data-pagefind-filter"] == f"{STRINGS['search_filter_region']}:{space.region}"
        data = yaml.load((ROOT / "spaces" / f"{space.slug}.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        shown = [li.get_text(strip=True) for li in soup.select(f'li[data-pagefind-filter="{STRINGS["search_filter_amenity"]}"]')]
        assert shown == [labels[key]["da"] for key in data.get("amenities", [])], space.slug


def test_every_page_has_the_search_box(real_site):
    pages = [p for p in html_files(real_site) if not p.relative_to(real_site).parts[0] in ("pagefind", "vendor")]
    assert len(pages) > len(SPACES)
    for path in pages:
        form = soup_of(path).select_one('header form[role="search"]')
        assert form is not None, path.relative_to(real_site)
        assert form["action"] == "/search/" and form["method"] == "get"
        field = form.find("input", attrs={"name": "q"})
        assert field is not None and form.find("label", attrs={"for": field["id"]}) is not None


def test_the_search_page_loads_pagefind_from_the_site_only(real_site):
    soup = page(real_site, "search/")
    scripts = [s.get("src") for s in soup.find_all("script")]
    assert None not in scripts, "no inline script"
    for url in scripts + [link["href"] for link in soup.find_all("link", rel="stylesheet")]:
        assert url.startswith("/") and not url.startswith("//"), url
        assert (real_site / url.lstrip("/")).is_file(), url
    assert "/pagefind/pagefind-ui.js" in scripts and "/theme/js/search.js" in scripts
    box = soup.select_one("#search")
    assert box["data-bundle"] == "/pagefind/"
    import json

    assert json.loads(box["data-translations"]) == STRINGS["search_ui"]
    pagefind_js = (real_site / "pagefind" / "pagefind.js").read_text(encoding="utf-8")
    assert not re.search(r"""(?:import|fetch)\(\s*["']https?://""", pagefind_js), \
        "Pagefind's search code fetches nothing from another host"


def test_the_index_is_the_same_bytes_on_every_run(real_site, tmp_path):
    """Pagefind writes its filter files in a random order; landhub_search/stable.py sorts them."""
    runs = []
    for name in ("one", "two"):
        copy = tmp_path / name
        shutil.copytree(real_site, copy, ignore=shutil.ignore_patterns("pagefind"))
        index_site(copy)
        runs.append({p.relative_to(copy).as_posix(): p.read_bytes()
                     for p in sorted((copy / "pagefind").rglob("*")) if p.is_file()})
    assert runs[0] == runs[1]
    built = {p.relative_to(real_site).as_posix(): p.read_bytes()
             for p in sorted((real_site / "pagefind").rglob("*")) if p.is_file()}
    assert built == runs[0], "the build's index is the stable one"


def test_search_time_is_reported_apart_from_pelicans(tmp_path):
    from landhub_spaces.build import build_site

    site = SyntheticSite(tmp_path)
    site.write_space("cowork-klitmoeller.yaml", good_space_text("Cowork Klitmøller"))
    timings, out = {}, io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = build_site(str(SETTINGS_FILE), str(site.output), site.overrides(), timings=timings)
    assert code == 0
    assert set(timings) == {"pelican", "search", "search_pages"}
    assert timings["search_pages"] == 1 and 0 < timings["search"] and 0 < timings["pelican"]
    assert re.search(r"^search: Pagefind indexed 1 pages in \d+\.\d\d s \(after Pelican's \d+\.\d\d s\)$",
                     out.getvalue(), re.M), out.getvalue()
