"""sitemap.xml (theme/templates/sitemap.html), written by the spaces generator through the render
cache instead of by Pelican as a direct template: at 10,000 spaces rendering it is a tenth of
a second, and most rebuilds change none of what it lists.

The template reads, besides plain settings: every space page's address and last_verified, the
A–Å pages' addresses, each region's and its municipality pages' addresses, the stories' addresses
and dates, and the editors' pages' addresses. sitemap_inputs names all of them (the page's
render cache key); a template that reads one more must add it here.
"""
from __future__ import annotations

TEMPLATE = "sitemap"


def sitemap_inputs(ctx: dict) -> tuple:
    """What sitemap.html reads of the context's spaces, lists, stories and pages."""
    directory = ctx["space_directory"]
    # Each space as one line, its day's repr made once per day (repr of 10,000 dates and tuples
    # was most of this key's cost); a repr holds no newline, so the lines name them all.
    days: dict = {}
    spaces = "\n".join([f"{page.url!r} {days.get(day) or days.setdefault(day, repr(day))}"
                         for page in ctx.get("spaces", []) for day in (page.last_verified,)])
    return (
        spaces,
        tuple(listing.url for listing in directory.pages),
        tuple((region.url, tuple(listing.url for m in region.municipalities for listing in m.pages))
              for region in ctx.get("space_regions", [])),
        tuple((article.url, article.date.isoformat(), _iso(getattr(article, "modified", None)))
              for article in ctx.get("articles", [])),
        tuple(page.url for page in ctx.get("pages", [])),
    )


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None
