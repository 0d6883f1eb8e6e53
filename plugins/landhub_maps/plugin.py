"""Landhub's maps plugin: hooks the maps generator into Pelican."""
from __future__ import annotations

from pelican import signals

from .generator import MapsGenerator


def get_generators(pelican):
    return MapsGenerator


def register():
    signals.get_generators.connect(get_generators)
