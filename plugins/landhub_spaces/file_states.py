"""A file's state, and git's rule against racy timestamps: how the caches tell, without reading
a file, that it is still the one they read (validation_cache.py's memo and kept pickles, the
vocabularies in vocab.py)."""
from __future__ import annotations

import os

# A file changed this close before it was read is read again: an edit in the same clock tick as
# the read leaves its times unchanged.
RACY_NS = 2_000_000_000


def state_of(st: os.stat_result) -> tuple[int, int, int, int, int]:
    """(size, mtime_ns, ctime_ns, inode, device): any save changes one of them."""
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev


def file_state(path) -> tuple[int, int, int, int, int]:
    """state_of the file a path names (links followed); raises OSError as os.stat does."""
    return state_of(os.stat(path))


def racy(state: tuple, read_at: int, now: int) -> bool:
    """Whether a file in `state` may have changed unseen since it was read at `read_at` (ns):
    it changed within RACY_NS before that moment, or is dated after `now`."""
    newest = max(state[1], state[2])  # mtime, ctime
    return newest >= read_at - RACY_NS or newest > now
