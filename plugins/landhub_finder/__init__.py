"""Landhub's finder: the /find/ page, its Danish town gazetteer, and "open now" for space pages."""
from .plugin import register

__all__ = ["register"]
