"""The rules for a story's metadata (docs/editors.md), and the links they make.

Stories are Pelican articles written by editors. Every rule here reports a Problem at the file
and line of the metadata key, like a bad space file, and the build stops once with all of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from pelican.urlwrappers import Category

from .problems import Problem, SpaceFilesInvalid

# Defaults merged under the user's settings by the generator, like settings.DEFAULTS.
STORY_DEFAULTS = {
    "STORIES_FEED_ATOM": "feeds/stories.atom.xml",
    "STORY_REGION_URL": "stories/regions/{slug}/",
    "STORY_REGION_SAVE_AS": "stories/regions/{slug}/index.html",
    "STORY_REGION_FEED_ATOM": "feeds/regions/{slug}.atom.xml",
}

STATUSES = ("published", "draft")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")  # as for space photos: no SVG (it can run script)
SUMMARY_MAX = 300  # characters of plain text: it is the page's meta description and the feed's summary
ALT_MAX = 250


@dataclass(frozen=True)
class StoryImage:
    """The hero image: `path` is relative to content/images/."""

    path: str
    alt: str
    credit: str


@dataclass
class StoryRegion:
    """One region's list of stories, with its page and its feed."""

    name: str
    slug: str
    url: str
    save_as: str
    feed_url: str
    stories: list = field(default_factory=list)  # published stories, newest first


class StoryFilesInvalid(SpaceFilesInvalid):
    """The build stops on problems in story files (and maybe space files too)."""

    def __str__(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        files = len({p.path for p in self.problems})
        return (f"{count} {noun} in {files} file(s) (spaces and stories); "
                "fix them (see the lines above) and build again")


def story_regions(regions, settings: dict) -> dict[str, StoryRegion]:
    """Every region of the vocabulary, by name, with no stories yet."""
    out = {}
    for region in regions:
        out[region.name] = StoryRegion(
            region.name, region.slug,
            settings["STORY_REGION_URL"].format(slug=region.slug),
            settings["STORY_REGION_SAVE_AS"].format(slug=region.slug),
            settings["STORY_REGION_FEED_ATOM"].format(slug=region.slug))
    return out


def check_and_link_stories(published: list, drafts: list, space_pages: list, regions: dict,
                           settings: dict) -> list[Problem]:
    """Apply every rule to every story; link stories to spaces and regions both ways.

    Drafts are checked like published stories (so publishing one cannot break the build), but
    only published stories are listed on space pages, region pages and feeds.
    """
    root = Path(settings["PATH"]).resolve().parent
    images = Path(settings["PATH"]).resolve() / "images"
    by_slug = {p.slug: p for p in space_pages}
    problems = []
    for article, publish in [(a, True) for a in published] + [(a, False) for a in drafts]:
        where = _Where(article.source_path, root)
        problems += _link_spaces(article, where, by_slug, publish)
        problems += _check_region(article, where, regions, publish)
        problems += _check_image(article, where, images)
        problems += _check_text_images(article, where)
        problems += _check_summary(article, where, publish)
        problems += _check_tags(article, where)
    for draft in drafts:
        # Pelican's generate_drafts reads draft.category, which its reader never sets while
        # CATEGORY_SAVE_AS is empty (we have no category pages): without this, a draft crashes it.
        if not hasattr(draft, "category"):
            draft.category = Category(settings.get("DEFAULT_CATEGORY", "misc"), settings)
    for page in space_pages:
        page.stories.sort(key=_newest_first)
    for region in regions.values():
        region.stories.sort(key=_newest_first)
    return problems


def unreadable_stories(settings: dict, generated_content: dict) -> list[Problem]:
    """Story files Pelican skipped with only a log line (no title, no date, a date or status it
    cannot read), and hidden ones: each stops the build, so no story silently goes missing."""
    content = Path(settings["PATH"]).resolve()
    root = content.parent
    folders = tuple(f"{folder.strip('/')}/" for folder in settings.get("ARTICLE_PATHS", []))
    problems = []
    for relative, item in sorted(generated_content.items()):
        if not relative.startswith(folders):
            continue
        if item is not None:
            if item.status not in STATUSES:  # Pelican's `hidden`: written, but listed nowhere
                problems.append(_Where(item.source_path, root).problem(
                    "status", "Status", f"`{item.status}` is not used for stories; write `draft` "
                    "while the story is being written, and remove the line to publish it"))
            continue
        where = _Where(str(content / relative), root)
        found = []
        if "title" not in where.header:
            found.append(where.problem("title", "Title", "a story needs a `Title:` line at the top"))
        if "date" not in where.header:
            found.append(where.problem("date", "Date", "a story needs a `Date: YYYY-MM-DD` line "
                                       "(`invoke new-story` writes one)"))
        status = where.header.get("status", (0, ""))[1].strip().lower()
        if status and status not in STATUSES:
            found.append(where.problem("status", "Status", f"`{status}` is not a status; write `draft` "
                                       "while the story is being written, and remove the line to publish it"))
        if not found:
            found.append(where.problem("date", "file", "Pelican could not read this story (see its "
                                       "message above); check that the date is written YYYY-MM-DD"))
        problems += found
    return problems


# --- the rules ------------------------------------------------------------------------------------

def _link_spaces(article, where, by_slug: dict, publish: bool) -> list[Problem]:
    """`Spaces:` names spaces by slug; an unknown slug is a problem, the rest are linked."""
    problems = []
    article.spaces = []
    for slug in listed(article.metadata.get("spaces")):
        if slug in by_slug:
            article.spaces.append(by_slug[slug])
            if publish:
                by_slug[slug].stories.append(article)
        else:
            problems.append(where.problem("spaces", "Spaces", f"there is no space `{slug}`; use the name "
                                          "of a file in spaces/ without .yaml"))
    return problems


def _check_region(article, where, regions: dict, publish: bool) -> list[Problem]:
    article.story_region = None
    name = str(article.metadata.get("region", "") or "").strip()
    if not name:
        return []
    region = regions.get(name)
    if region is None:
        known = ", ".join(regions)
        return [where.problem("region", "Region", f"`{name}` is not one of the five regions; "
                              f"write one of: {known}")]
    in_region = [s for s in article.spaces if s.address.region == name]
    if article.spaces and not in_region:
        theirs = ", ".join(sorted({s.address.region for s in article.spaces}))
        return [where.problem("region", "Region", f"the story is set in {name}, but the spaces it "
                              f"names are in {theirs}; correct `Region:` or `Spaces:`")]
    article.story_region = region
    if publish:
        region.stories.append(article)
    return []


def _check_image(article, where, images: Path) -> list[Problem]:
    """A hero image needs alt text and a credit, and the file must be there."""
    article.hero = None
    meta = article.metadata
    image = str(meta.get("image", "") or "").strip()
    alt = str(meta.get("image_alt", "") or "").strip()
    credit = str(meta.get("image_credit", "") or "").strip()
    if not image:
        return [where.problem(key, label, "is given without `Image:`; add the image, or remove the line")
                for key, label in (("image_alt", "Image_alt"), ("image_credit", "Image_credit"))
                if meta.get(key)]
    problems = []
    relative = Path(image)
    if relative.is_absolute() or ".." in relative.parts or "\\" in image:
        problems.append(where.problem("image", "Image", f"`{image}` must be a path inside content/images/, "
                                      "e.g. `stories/my-story.jpg`"))
    elif relative.suffix.lower() not in IMAGE_SUFFIXES:
        problems.append(where.problem("image", "Image", f"`{image}` is not a JPEG, PNG or WebP file"))
    elif not (images / relative).is_file():
        problems.append(where.problem("image", "Image", f"there is no file content/images/{image}; "
                                      "put the image there, or correct the path"))
    elif (wrong := _photo_problem(images / relative)) is not None:
        problems.append(where.problem("image", "Image", wrong))
    if not alt:
        problems.append(where.problem("image", "Image_alt", "a story's image needs `Image_alt:`, a short "
                                      "description of what it shows, for readers who cannot see it"))
    elif len(alt) > ALT_MAX:
        problems.append(where.problem("image_alt", "Image_alt", f"is {len(alt)} characters; "
                                      f"keep it under {ALT_MAX}"))
    if not credit:
        problems.append(where.problem("image", "Image_credit", "a story's image needs `Image_credit:`, "
                                      "the photographer or source, as the licence asks"))
    if not problems:
        article.hero = StoryImage(relative.as_posix(), alt, credit)
    return problems


def _check_text_images(article, where) -> list[Problem]:
    """An image in the text from another site (or written out as data:) is dropped by the
    sanitiser (story_html.py); the editor hears so at its line, not from a missing image."""
    problems = []
    for src in getattr(article, "foreign_images", ()):
        shown = src if len(src) <= 60 else src[:57] + "..."
        problems.append(Problem(where.path, where.line_holding(src), "text",
                                f"the image `{shown}` is not a file of this site; story images "
                                "must be files under content/images/stories/, "
                                "shown as ![What it shows](/images/stories/x.jpg): save the image "
                                "there (with the owner's permission), or link to it instead"))
    return problems


def _check_summary(article, where, publish: bool) -> list[Problem]:
    """A published story has its own summary: it is shown in lists, feeds and search results.
    A draft may leave it empty while it is being written."""
    summary = article.metadata.get("summary")
    if not summary:
        if not publish:
            return []
        return [where.problem("summary" if "summary" in where.header else "title", "Summary",
                              "a published story needs `Summary:`, one or two sentences that say "
                              "what it is about")]
    text = " ".join(Markup(str(summary)).striptags().split())
    if len(text) > SUMMARY_MAX:
        return [where.problem("summary", "Summary", f"is {len(text)} characters; "
                              f"keep it under {SUMMARY_MAX}")]
    return []


def _check_tags(article, where) -> list[Problem]:
    """Each tag gets a page at stories/tags/<slug>/: a tag must give a slug."""
    return [where.problem("tags", "Tags", f"`{tag}` gives no address for its page; "
                          "use letters or digits in each tag")
            for tag in getattr(article, "tags", []) if not tag.slug]


def _photo_problem(path: Path) -> str | None:
    """The same byte-level check as every photo on the site (landhub_images): size, format,
    damaged files. Imported here, not at the top: landhub_images itself imports landhub_spaces."""
    from landhub_images import image_problem

    return image_problem(path)


# --- helpers ----------------------------------------------------------------------------------------

def listed(value) -> list[str]:
    """A comma-separated metadata value (or a list) as clean items."""
    if not value:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).split(",") if part.strip()]


def _newest_first(article):
    return (-article.date.timestamp(), article.slug)


_KEY = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:(.*)$")


def metadata_header(path: str) -> dict[str, tuple[int, str]]:
    """The metadata lines at the top of a Markdown file: key (lower case) -> (line, value)."""
    found = {}
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return found
    for number, line in enumerate(lines, 1):
        if not line.strip():
            break
        match = _KEY.match(line)
        if match:
            found.setdefault(match.group(1).lower(), (number, match.group(2).strip()))
    return found


class _Where:
    """A story file as the editor knows it (content/stories/x.md), and the line of each key."""

    def __init__(self, source_path: str, root: Path):
        try:
            self.path = Path(source_path).resolve().relative_to(root).as_posix()
        except ValueError:
            self.path = source_path
        self.source_path = source_path
        self.header = metadata_header(source_path)

    def line_holding(self, text: str) -> int:
        """The first line of the file that holds `text` (1 where none does, e.g. an address
        written with an entity)."""
        try:
            lines = Path(self.source_path).read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            return 1
        return next((number for number, line in enumerate(lines, 1) if text in line), 1)

    def problem(self, key: str, field_name: str, message: str) -> Problem:
        line = self.header.get(key, (1, ""))[0]
        return Problem(self.path, line, field_name, message)
