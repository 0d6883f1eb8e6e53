"""Landhub's benchmarks (`invoke bench`): synthetic spaces at scale, measured, printed as a table.

synthetic.py  N valid space files (or Space objects) that look like the real ones
run.py        the runner: one Case per size, every measure in MEASURES, one table
data_size.py  spaces.json for N spaces: raw and gzip bytes
finder_speed.py  the finder in Chromium on N spaces: first list, parse, rank, filter counts
site_copy.py  a temporary copy of the project with N synthetic spaces, built in its own process
build_once.py  that process: one build, its timings and peak memory as a JSON line
build_speed.py  cold and warm builds at N spaces (median of LANDHUB_BENCH_RUNS, default 3)
payload_size.py  home, finder page, spaces.json, directory page and the largest page of that build (raw, gzip)
map_speed.py  the home page's national map in Chromium: time until clusters show

Not a Pelican plugin (it has no register()): tasks.py imports it from plugins/.
"""
