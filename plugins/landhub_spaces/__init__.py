"""Landhub's spaces: strict loading, the one validator, the model, and the pages built from them."""
from .plugin import register

__all__ = ["register"]
