"""Development settings. publishconf.py overrides what production needs."""
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent

AUTHOR = "Landhub"
SITENAME = "Landhub"
SITEURL = ""
PATH = "content"
THEME = "theme"
TIMEZONE = "Europe/Copenhagen"
DEFAULT_LANG = "da"
LOCALE = ("C.UTF-8", "C")  # dates are formatted by our own macros; UTF-8 so the process keeps decoding text

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["landhub_spaces", "landhub_maps", "landhub_images", "landhub_finder"]

ARTICLE_PATHS = ["stories"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
# Photos of spaces and stories are published only as landhub_images' re-encoded copies: the
# originals may carry EXIF data (a GPS position, the camera's serial number).
STATIC_EXCLUDES = ["images/spaces", "images/stories"]
ARTICLE_URL = "stories/{slug}/"
ARTICLE_SAVE_AS = "stories/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
INDEX_SAVE_AS = "index.html"
DEFAULT_PAGINATION = False
SLUGIFY_SOURCE = "basename"

# Only the pages we design; Pelican's tag, category and author lists are not part of the site.
# sitemap.html is written by the spaces plugin through its render cache (landhub_spaces/sitemap.py).
DIRECT_TEMPLATES = ["index", "stories", "search", "404", "robots"]
STORIES_SAVE_AS = "stories/index.html"
STORIES_URL = "stories/"
SEARCH_SAVE_AS = "search/index.html"
SEARCH_URL = "search/"
PAGEFIND_BUNDLE_URL = "pagefind/"  # where build.py has Pagefind write the index and its UI
ROBOTS_SAVE_AS = "robots.txt"
SITEMAP_SAVE_AS = "sitemap.xml"
CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
# Stories by tag (Pelican's tag pages) and by region (landhub_spaces/story_indexes.py).
TAG_URL = "stories/tags/{slug}/"
TAG_SAVE_AS = "stories/tags/{slug}/index.html"
STORY_REGION_URL = "stories/regions/{slug}/"
STORY_REGION_SAVE_AS = "stories/regions/{slug}/index.html"
CATEGORIES_SAVE_AS = TAGS_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""

FEED_DOMAIN = "https://landhub.dk"  # feeds need absolute links even in development
# Story feeds are written by landhub_spaces (story_indexes.py) with absolute links even here,
# where SITEURL is empty; Pelican's own feeds stay off.
STORIES_FEED_ATOM = "feeds/stories.atom.xml"
STORY_REGION_FEED_ATOM = "feeds/regions/{slug}.atom.xml"
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
# Every word the theme shows, in one file per language.
# libyaml's loader when PyYAML has it: the same data, 0.015 s less at every build's start.
JINJA_GLOBALS = {"T": yaml.load((ROOT / "theme" / "strings" / "da.yaml").read_text(encoding="utf-8"),
                                Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}

LANDHUB_REPO_URL = "https://github.com/landhub-dk/landhub"
# Where a space without a GitHub account sends its file (the "Tilføj dit sted" form) or a correction.
LANDHUB_EDITORS_EMAIL = "redaktion@landhub.dk"
# Map tiles: the one third party a visitor's browser talks to (see the privacy page).
MAP_TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
MAP_TILES_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'

RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
