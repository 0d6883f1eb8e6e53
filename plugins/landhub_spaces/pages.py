"""What the templates get for each space: model plus URLs and HTML (regions and municipalities: place_pages.py)."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import timedelta
from functools import cached_property
from operator import attrgetter

from .hours import danish_hours
from .model import Space
from .structured_data import space_json_ld_text
from .text import render_markdown


@dataclass
class SpacePage:
    """One space page. The Markdown, hours and JSON-LD are made when a template first reads
    them: lists, stories and exports need only the Space and the URL, and a page served from
    the render cache (render_cache.py) needs none of them."""

    space: Space
    url: str
    save_as: str
    edit_url: str
    stale: bool  # last_verified more than 12 months before the build's reference date
    site: str = ""  # the site's absolute address, for the JSON-LD
    stories: list = field(default_factory=list)  # Pelican articles that name this space
    # The validation cache key of the space's file, when one vouches for this very Space
    # (validation.py): the Space's digest for its page key is kept under it (SpaceDigests).
    validated: str | None = None
    # The published photos' addresses (landhub_images' widest JPEG/PNG), set by the generator
    # before any page is rendered: the originals are never published, so the JSON-LD names these.
    photo_urls: tuple[str, ...] | None = None

    @cached_property
    def description_html(self) -> str:
        return render_markdown(self.space.description_da)

    @cached_property
    def description_en_html(self) -> str | None:
        return render_markdown(self.space.description_en) if self.space.description_en else None

    @cached_property
    def hours_da(self) -> list[str] | None:
        """["man-fre 8-17", ...]; None without hours or when irregular."""
        return danish_hours(self.space.opening_hours) if self.space.opening_hours else None

    @cached_property
    def json_ld(self) -> str:
        """schema.org LocalBusiness, already safe inside a <script> element."""
        return space_json_ld_text(self.space, f"{self.site}/{self.url}", self.site, self.photo_urls)

    # Templates read the space's fields straight through: page.name, page.address.town, ...
    def __getattr__(self, name):
        if name.startswith("__"):  # copy/pickle probe dunders before __init__ has run
            raise AttributeError(name)
        return getattr(self.space, name)


# The Space's fields as properties of their own: a template's page.name (about 50 a space page)
# is then found on the class and read by attrgetter, in C, instead of failing the normal lookup
# (an AttributeError made and caught) before __getattr__ runs. Same values, same names.
for _field in fields(Space):
    if not hasattr(SpacePage, _field.name) and _field.name not in SpacePage.__dataclass_fields__:
        setattr(SpacePage, _field.name, property(attrgetter(f"space.{_field.name}")))
del _field


class Strings(dict):
    """The strings T as a dict that also holds them as attributes: a template's T.address is
    found at once, not after getattr fails and Jinja falls back to T['address'] (about 40 a
    space page). Same values; a key named like a dict method (items, get) is left to the dict,
    so T.items still means what it means on a plain dict."""

    def __init__(self, strings: dict):
        super().__init__(strings)
        self.__dict__.update((k, v) for k, v in strings.items() if isinstance(k, str) and not hasattr(dict, k))


def site_base(settings: dict) -> str:
    """The site's absolute address: SITEURL, or FEED_DOMAIN in development (SITEURL is "")."""
    return (settings.get("SITEURL") or settings.get("FEED_DOMAIN") or "").rstrip("/")


STALE_AFTER = timedelta(days=365)


def is_stale(last_verified, as_of) -> bool:
    """Not confirmed in the 12 months before `as_of`: the page's note and `invoke stale` agree."""
    return last_verified < as_of - STALE_AFTER


def build_space_pages(spaces: list[Space], settings: dict, edit_base: str,
                      reference_date, keys: dict[str, str] | None = None) -> list[SpacePage]:
    """`keys`: {slug: validation cache key} of the spaces a key vouches for (validation.py)."""
    site = site_base(settings)
    url, save_as = settings["SPACE_URL"].format, settings["SPACE_SAVE_AS"].format
    stale_before = reference_date - STALE_AFTER  # is_stale's rule, the limit made once
    keys = keys or {}
    return [
        SpacePage(s, url(slug=s.slug), save_as(slug=s.slug), f"{edit_base}/{s.source}",
                  s.last_verified < stale_before, site, [], keys.get(s.slug))
        for s in spaces
    ]
