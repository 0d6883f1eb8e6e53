"""Landhub's spaces plugin: hooks the spaces generator into Pelican."""
from __future__ import annotations

from pelican import signals

from . import add_space
from .generator import SpacesGenerator
from .reader_cache import keep_reader_cache, use_reader_cache
from .security import add_policy_to_settings
from .story_html import sanitise_story
from .tag_slugs import slug_story_tags
from .template_cache import use_template_cache
from .template_constants import use_code_generator


def get_generators(pelican):
    return SpacesGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.get_generators.connect(add_space.get_generators)  # the add-your-space form's rules
    signals.initialized.connect(add_policy_to_settings)
    signals.initialized.connect(use_reader_cache)  # after: its key covers the settings as completed
    signals.finalized.connect(keep_reader_cache)
    signals.generator_init.connect(use_template_cache)  # compiled templates kept between builds
    signals.generator_init.connect(use_code_generator)  # the strings T compiled in as text, cheaper escapes
    signals.content_object_init.connect(sanitise_story)
    signals.article_generator_pretaxonomy.connect(slug_story_tags)
