"""invoke bench's build measures on a small N: the project copy builds in its own process,
the numbers are real, the warm build reads the validation cache, and the pages it measures exist."""
from __future__ import annotations

import pickle

import yaml

from landhub_bench.build_speed import build_speed
from landhub_bench.map_speed import map_speed  # noqa: F401 - importable without a browser run
from landhub_bench.payload_size import payload_size
from landhub_bench.run import ROOT, Case
from site_helpers import slugify


def test_build_measures_on_a_small_copy(tmp_path, monkeypatch):
    monkeypatch.setattr("landhub_bench.build_speed.RUNS", 1)
    case = Case(12, tmp_path)
    row = build_speed(case)
    site = case.shared[("site", 12)]
    assert float(row["cold build"].split()[0]) > float(row["of which Pelican"].split()[0]) > 0
    # the headline leaves Pagefind out (timed apart, as the issue asks)
    assert float(row["cold build with search"].split()[0]) > float(row["cold build"].split()[0])
    assert 10 < float(row["peak memory"].split()[0]) < 2000
    # the fixed part is measured on a copy holding the real spaces and one in each municipality
    assert float(row["base Pelican (a space in each municipality)"].split()[0]) > 0
    base_spaces = list((tmp_path / "site-base" / "spaces").glob("*.yaml"))
    municipalities = {m for r in yaml.safe_load((ROOT / "spaces" / "_vocab" / "municipalities.yaml")
                                                .read_text(encoding="utf-8"))["regions"] for m in r["municipalities"]}
    assert len(base_spaces) == len(list((ROOT / "spaces").glob("*.yaml"))) + len(municipalities)
    assert {p.name.removeprefix("faellesskabet-") for p in base_spaces} >= {slugify(m) + ".yaml" for m in municipalities}
    assert row["per space above base"] == f"none: N is not above the base's {len(municipalities)}"
    # the serve process's rebuild is timed too, and leaves the change it made in the file
    assert 0 < float(row["of which Pelican (serve)"].split()[0]) < float(row["warm rebuild in the serve process"].split()[0])
    # 12 synthetic spaces and the 9 real ones (the stories link to them) were built
    built = [p for p in (site.output / "spaces").iterdir() if (p / "index.html").is_file()]
    assert len(built) == 12 + len(list((ROOT / "spaces").glob("*.yaml")))
    cache = pickle.loads((site.root / ".cache" / "landhub-validated.pickle").read_bytes())
    assert len(cache["results"]) == len(list(site.spaces.glob("*.yaml")))
    # the changed file is really different from the cold build's
    assert "desks: 80" in site.files[len(site.files) // 2].read_text(encoding="utf-8")
    sizes = payload_size(case)
    assert sizes["home (raw / gzip)"].count("kB") == 2
    assert sizes["directory page"].count("kB") == 2
    assert sizes["largest page"].split()[0].endswith(".html")


def test_a_cold_build_starts_without_output_or_caches_moved_aside(tmp_path, monkeypatch):
    monkeypatch.setattr("landhub_bench.build_speed.RUNS", 1)
    case = Case(3, tmp_path)
    build_speed(case)
    site = case.shared[("site", 3)]
    assert site.output.is_dir() and (site.root / ".cache").is_dir()
    site.start_cold()
    assert not site.output.exists() and not (site.root / ".cache").exists()
    # kept aside, outside the timed builds, until the bench's temporary folder goes
    kept = sorted(p.name for p in site.trash.iterdir())
    assert any(name.startswith("output-") for name in kept)
    assert any(name.startswith(".cache-") for name in kept)
    site.build()  # the next build is cold and still works
    assert (site.output / "index.html").is_file()
