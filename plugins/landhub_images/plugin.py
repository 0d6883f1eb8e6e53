"""Landhub's images plugin: responsive, metadata-free photos for spaces and stories.

- Templates get `responsive(path)`: the PictureSet of a photo under content/ (its files are
  encoded, or taken from the cache, and published when first asked for).
- Stories and pages: every <img> of a local photo in the text becomes a <picture>, once every
  article and page exists (so after landhub_spaces has sanitised the stories, whatever the
  order of PLUGINS: nh3 would rightly drop <picture> and srcset from an editor's HTML).
- The originals are never published: pelicanconf.py keeps images/spaces and images/stories
  out of the static files.
"""
from __future__ import annotations

from pelican import signals
from pelican.contents import Article, Page

from .responsive import ImageProblems, ResponsiveImages

CONTEXT_KEY = "landhub_images"


def images_for(context: dict, settings: dict, output_path: str) -> ResponsiveImages:
    """The one ResponsiveImages of this build, made by the first generator that asks."""
    if CONTEXT_KEY not in context:
        context[CONTEXT_KEY] = ResponsiveImages.from_settings(settings, output_path)
    return context[CONTEXT_KEY]


def add_template_global(generator):
    images = images_for(generator.context, generator.settings, generator.output_path)
    generator.env.globals["responsive"] = images.picture_set


def rewrite_text_images(generators):
    """Articles and pages (every one Pelican read, in source order), then stop on any problem."""
    if not generators:
        return
    context = generators[0].context
    images = context.get(CONTEXT_KEY)
    if images is None:
        return
    for _, content in sorted(context.get("generated_content", {}).items()):
        if isinstance(content, (Article, Page)) and content._content:
            content._content = images.rewrite_html(content._content, content.source_path)
    if images.problems:
        raise ImageProblems(images.problems)


def register():
    signals.generator_init.connect(add_template_global)
    signals.all_generators_finalized.connect(rewrite_text_images)
