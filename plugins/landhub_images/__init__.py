"""Landhub's images: byte-level checks, then responsive WebP and JPEG/PNG sets without metadata."""
from .plugin import images_for, register
from .responsive import ImageProblem, PictureSet, ResponsiveImages
from .verify import image_problem

__all__ = ["ImageProblem", "PictureSet", "ResponsiveImages", "image_problem", "images_for", "register"]
