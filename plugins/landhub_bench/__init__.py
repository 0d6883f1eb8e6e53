"""Landhub's benchmarks (`invoke bench`): synthetic spaces at scale, measured, printed as a table.

synthetic.py  N valid space files (or Space objects) that look like the real ones
run.py        the runner: one Case per size, every measure in MEASURES, one table
data_size.py  spaces.json for N spaces: raw and gzip bytes
finder_speed.py  the finder in Chromium on N spaces: first list, parse, rank, filter counts

Not a Pelican plugin (it has no register()): tasks.py imports it from plugins/.
"""
