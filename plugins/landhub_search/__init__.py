"""Landhub's search: a Pagefind index of the built site, made after Pelican has written it."""
from .indexer import SearchIndex, SearchIndexFailed, bundle_dir, index_site

__all__ = ["SearchIndex", "SearchIndexFailed", "bundle_dir", "index_site"]
