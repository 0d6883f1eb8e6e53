"""Landhub's search: a Pagefind index of the built site, made after Pelican has written it."""
from .after_publish import SearchAfterPublish, take_bundle
from .indexer import SearchIndex, SearchIndexFailed, bundle_dir, index_site

__all__ = ["SearchAfterPublish", "SearchIndex", "SearchIndexFailed", "bundle_dir", "index_site",
           "take_bundle"]
