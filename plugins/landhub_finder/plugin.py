"""Landhub's finder plugin: hooks the finder generator into Pelican (after landhub_spaces)."""
from __future__ import annotations

from pelican import signals

from .generator import FinderGenerator


def get_generators(pelican):
    return FinderGenerator


def register():
    signals.get_generators.connect(get_generators)
