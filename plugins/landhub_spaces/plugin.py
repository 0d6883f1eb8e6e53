"""Landhub's spaces plugin: hooks the spaces generator into Pelican."""
from __future__ import annotations

from pelican import signals

from .generator import SpacesGenerator


def get_generators(pelican):
    return SpacesGenerator


def register():
    signals.get_generators.connect(get_generators)
