"""Landhub's maps (placeholder until the maps module lands)."""


def register():
    pass
