"""What is made from the list of stories: the Atom feeds (all stories, one per region) and the
region pages (stories/regions/<slug>/). Tag pages are Pelican's own (TAG_SAVE_AS, tag.html).

Only published stories, and only regions that have some: a feed with no entries would carry
the clock's time as its <updated>, and the same commit must build the same bytes.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone as utc_zone
from pathlib import Path

from feedgenerator import Atom1Feed, get_tag_uri
from markupsafe import Markup
from pelican.utils import sanitised_join, set_date_tzinfo


def public_base(settings: dict) -> str:
    """Feeds are read away from the site, so every link and id in them is absolute: in
    development too, where SITEURL is empty and FEED_DOMAIN names the public address."""
    return (settings.get("SITEURL") or settings.get("FEED_DOMAIN") or "").rstrip("/")


class _StableAtomFeed(Atom1Feed):
    """An Atom feed whose <updated> never comes from the clock, even with no entries."""

    def __init__(self, *args, empty_updated: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_updated = empty_updated

    def latest_post_date(self):
        return super().latest_post_date() if self.items else self.empty_updated


def story_feed(title: str, page_url: str, feed_url: str, stories: list, settings: dict,
               as_of: date) -> Atom1Feed:
    """One Atom feed. Its id is its own address, so each feed is told apart; an entry's id is
    the same in every feed it appears in (and the same as Pelican's own feeds gave it)."""
    base = public_base(settings)
    zone = settings.get("TIMEZONE")
    feed = _StableAtomFeed(title=title, link=f"{base}/{page_url}", description="", language="da",
                           feed_url=f"{base}/{feed_url}", feed_guid=f"{base}/{feed_url}",
                           empty_updated=datetime.combine(as_of, time(), utc_zone.utc))
    for story in stories:
        link = f"{base}/{story.url}"
        region = getattr(story, "story_region", None)
        categories = [str(tag) for tag in getattr(story, "tags", [])] + ([region.name] if region else [])
        feed.add_item(
            title=Markup(story.title).striptags(), link=link, unique_id=get_tag_uri(link, story.date),
            description=story.summary, content=story.get_content(base),
            author_name=", ".join(str(a) for a in getattr(story, "authors", [])) or None,
            categories=categories,
            pubdate=set_date_tzinfo(story.date, zone),
            updateddate=set_date_tzinfo(story.modified, zone) if hasattr(story, "modified") else None)
    return feed


def write_story_feeds(output_path: str, settings: dict, strings: dict, stories: list,
                      regions: dict, as_of: date) -> list[str]:
    """The feed of every story (always written: every page links to it) and one per region
    with stories; returns the paths written. `as_of` is an empty feed's <updated>."""
    feeds = []
    if settings.get("STORIES_FEED_ATOM"):
        feeds.append((settings["STORIES_FEED_ATOM"],
                      story_feed(strings.get("feed_title", settings["SITENAME"]), "",  # the home page
                                 settings["STORIES_FEED_ATOM"], stories, settings, as_of)))
    if settings.get("STORY_REGION_FEED_ATOM"):
        for region in regions.values():
            if region.stories:
                title = strings.get("feed_region_title", "{name}").format(name=region.name)
                feeds.append((region.feed_url,
                              story_feed(title, region.url, region.feed_url, region.stories, settings, as_of)))
    written = []
    for save_as, feed in feeds:
        target = Path(sanitised_join(output_path, save_as))
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as handle:
            feed.write(handle, "utf-8")
        written.append(save_as)
    return written


def write_region_pages(writer, template, context: dict, regions: dict) -> None:
    for region in regions.values():
        if region.stories:
            writer.write_file(region.save_as, template, context, story_region=region, url=region.url)
