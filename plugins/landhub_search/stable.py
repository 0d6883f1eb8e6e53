"""Make Pagefind's filter indexes the same bytes on every run.

Pagefind (1.5) writes each filter's values, and the list of filters, in the order of a Rust
HashMap: different on every run, and so are the files' names, which are hashes of their
contents (the maintainers know: Pagefind issue #638). Everything else it writes is stable.
Here the values and filters are sorted, the files renamed by a hash of what they now hold, and
the two files that name them (the language's .pf_meta and pagefind-entry.json) rewritten to
match. The browser side only follows these names; it checks no hash.

The files are gzip'd "pagefind_dcd" + CBOR:
  filter/<lang>_<hash>.pf_filter   [filter name, [[value, [page numbers]], ...]]
  pagefind.<lang>_<hash>.pf_meta   [version, pages, index chunks, [[filter, file hash]], sorts, ...]
Any other shape stops the build (SearchIndexFailed) rather than ship an index we do not know.
"""
from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
META_FILTERS = 3  # position of [[filter name, file hash], ...] in the .pf_meta list


class UnknownIndexShape(ValueError):
    """Pagefind wrote something this module was not written for."""


def stabilise_bundle(bundle: Path) -> None:
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for lang, info in sorted(entry.get("languages", {}).items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        if not (isinstance(meta, list) and len(meta) > META_FILTERS and isinstance(meta[META_FILTERS], list)):
            raise UnknownIndexShape(f"{meta_path.name}: not the metadata list Pagefind 1.5 writes")
        filters = []
        for name, old_hash in meta[META_FILTERS]:
            old_path = bundle / "filter" / f"{old_hash}.pf_filter"
            new_hash, payload = _sorted_filter(old_path, lang)
            old_path.unlink()
            (bundle / "filter" / f"{new_hash}.pf_filter").write_bytes(payload)
            filters.append([name, new_hash])
        meta[META_FILTERS] = sorted(filters)
        new_meta_hash, payload = _packed(meta, lang, 10)
        meta_path.unlink()
        (bundle / f"pagefind.{new_meta_hash}.pf_meta").write_bytes(payload)
        info["hash"] = new_meta_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _sorted_filter(path: Path, lang: str) -> tuple[str, bytes]:
    data = _read(path)
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[1], list)
            and all(isinstance(v, list) and len(v) == 2 for v in data[1])):
        raise UnknownIndexShape(f"{path.name}: not the filter list Pagefind 1.5 writes")
    name, values = data
    return _packed([name, sorted(values, key=lambda v: str(v[0]))], lang, 7)


def _read(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise UnknownIndexShape(f"{path.name}: no {SIGNATURE.decode()} signature")
    return cbor2.loads(raw[len(SIGNATURE):])


def _packed(data, lang: str, digits: int) -> tuple[str, bytes]:
    """(name, file bytes): gzip with no time in its header, named by a hash of the content."""
    raw = SIGNATURE + cbor2.dumps(data, canonical=True)
    return f"{lang}_{hashlib.sha256(raw).hexdigest()[:digits]}", gzip.compress(raw, mtime=0)
