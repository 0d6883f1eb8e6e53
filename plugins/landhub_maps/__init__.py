"""Landhub's maps: Folium-rendered map scripts with stable ids, Leaflet from npm served by the site."""
from .plugin import register

__all__ = ["register"]
