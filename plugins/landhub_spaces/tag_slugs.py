"""Story tags take the site's slug rule, so a tag page's address reads like a space's.

Pelican slugs a tag with unidecode, which writes ø as o and å as a ("Klitmøller" ->
"klitmoller"); the site writes them out as Danish does (slugs.slugify: "klitmoeller").
"""
from __future__ import annotations

from .slugs import slugify

# Every list of articles the ArticlesGenerator holds before it groups them by tag.
_ARTICLE_LISTS = ("articles", "translations", "drafts", "drafts_translations",
                  "hidden_articles", "hidden_translations")


def slug_story_tags(generator) -> None:
    """Connected to article_generator_pretaxonomy: set each tag's slug before tags are grouped."""
    for name in _ARTICLE_LISTS:
        for article in getattr(generator, name, None) or ():
            for tag in getattr(article, "tags", None) or ():
                tag.slug = slugify(tag.name)
