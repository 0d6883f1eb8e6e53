"""The Pelican generator: validated spaces -> pages, region and municipality pages, exports."""
from __future__ import annotations

import logging
import os
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup
from pelican.generators import Generator

from . import export_cache, exports, heap, render_cache, validation_cache
from .page_output import PageJob, page_context, write_pages
from .pages import Strings, build_space_pages
from .place_pages import build_directory, page_writes
from .problems import Problem, SpaceFilesInvalid
from .render_cache import RenderCache, page_digest
from .render_pool import Background, cores
from .settings import DEFAULTS, images_path, landhub_setting, spaces_path
from .sitemap import sitemap_inputs
from .staging import reuse_folder
from .stories import STORY_DEFAULTS, StoryFilesInvalid, check_and_link_stories, story_regions, unreadable_stories
from .story_indexes import write_region_pages, write_story_feeds
from .validation import start_validation, validate_spaces
from .vocab import load_vocabulary

logger = logging.getLogger(__name__)

# Below this many spaces the exports' pieces are made with the exports (a fork costs more).
AHEAD_FROM = 1000
_unreaped: list = []  # PiecesAhead of a build not yet at its exports


def page_links(pages) -> dict[str, dict[str, str]]:
    """{slug: {url, save_as}} of the editors' pages; the first page with a slug wins, as in
    the template's own `selectattr('slug', 'equalto', slug)|first`."""
    links: dict[str, dict[str, str]] = {}
    for page in pages:
        links.setdefault(page.slug, {"url": page.url, "save_as": page.save_as})
    return links


def build_date() -> date:
    """Today: the limit for dates in space files (nothing may be verified in the future)."""
    return date.today()


def reference_date(root: Path) -> date:
    """The date the site is "as of": SOURCE_DATE_EPOCH, else the last commit's date.

    Never the clock, so the same commit builds the same pages ("not confirmed since ...")
    on any day. Outside a git checkout, today.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch.isdigit():
        try:
            epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, check=True,
                                   capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            epoch = ""
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


class SpacesGenerator(Generator):
    """Reads spaces/ through the validator and writes everything made from it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, value in {**DEFAULTS, **STORY_DEFAULTS}.items():
            self.settings.setdefault(key, value)
            self.context.setdefault(key, self.settings[key])  # templates read URLs from here
        # Begun now, before Pelican reads the stories and pages: on a warm build a child makes
        # the space files' keys meanwhile (validation.start_validation).
        self.today = build_date()
        self.validation = start_validation(spaces_path(self.settings), self.today,
                                           images_path(self.settings))

    def generate_context(self):
        # The cache is written by a child while the build goes on: generate_output waits for it.
        started, self.validation = self.validation, None
        result = validate_spaces(spaces_path(self.settings), self.today, images_path(self.settings),
                                 save_in_background=True, started=started)
        problems = list(result.problems)
        repo = landhub_setting(self.settings, "LANDHUB_REPO_URL").rstrip("/")
        branch = landhub_setting(self.settings, "LANDHUB_REPO_BRANCH")
        self.as_of = reference_date(spaces_path(self.settings).parent)
        self.space_pages = build_space_pages(result.spaces, self.settings, f"{repo}/edit/{branch}",
                                             self.as_of, result.space_keys)
        vocabulary = load_vocabulary(spaces_path(self.settings))
        regions = vocabulary.regions
        story_problems = self._link_stories(regions)
        problems += story_problems
        if problems:
            validation_cache.finish_saves()  # the results with problems are kept for the next build too
            for problem in problems:
                logger.error("spaces: %s", problem)
            raise (StoryFilesInvalid if story_problems else SpaceFilesInvalid)(problems)
        self.directory = build_directory(self.space_pages, regions, self.settings)
        self.region_pages = self.directory.regions
        self.context["spaces"] = self.space_pages
        self.context["space_by_slug"] = {p.slug: p for p in self.space_pages}
        self.context["space_regions"] = self.region_pages
        self.context["space_directory"] = self.directory
        self.context["amenity_labels"] = vocabulary.amenities
        self.context["directory_url"] = self.settings["DIRECTORY_URL"]
        self.context["as_of"] = self.as_of
        self.pieces_ahead = self._start_pieces_ahead()

    def _export_inputs(self) -> tuple[list, dict[str, str]]:
        """The exports' spaces and {slug: absolute URL}."""
        site = self.settings.get("SITEURL", "")
        return [p.space for p in self.space_pages], {p.slug: f"{site}/{p.url}" for p in self.space_pages}

    def _start_pieces_ahead(self) -> export_cache.PiecesAhead | None:
        """The exports' pieces made now on the other core, when most are not kept from the last
        build (export_cache.PiecesAhead): the build's next steps use one core."""
        while _unreaped:  # of a build that stopped before its exports (a long-lived process)
            _unreaped.pop().close()
        if cores() < 2 or len(self.space_pages) < AHEAD_FROM:
            return None
        if render_cache.enabled() and (spaces_path(self.settings).resolve().parent / ".cache"
                                       / export_cache.WHOLE).is_file():
            return None
        ahead = export_cache.PiecesAhead(*self._export_inputs())
        _unreaped.append(ahead)
        return ahead

    def _link_stories(self, regions) -> list[Problem]:
        """Stories name spaces and a region: check their metadata (stories.py), link both ways."""
        self.story_regions = story_regions(regions, self.settings)
        self.context["story_regions"] = self.story_regions
        return (check_and_link_stories(self.context.get("articles", []), self.context.get("drafts", []),
                                       self.space_pages, self.story_regions, self.settings)
                + unreadable_stories(self.settings, self.context.get("generated_content", {})))

    def generate_output(self, writer):
        # The spaces, their pages and Pelican's content live until the build ends: kept out of
        # the cyclic collector's scans while the pages are written (a full collection of that
        # heap, set off by the 10,000 page jobs, cost 0.13 s), and handed back to it after.
        # Not thawed after when something was frozen already (make serve's rebuilds, build.py):
        # that would hand the process's long-lived heap back to the collector too.
        with heap.frozen_meanwhile():
            self._generate_output(writer)

    def _generate_output(self, writer):
        # Every page's header and footer link editors' pages by slug (_macros.html page_item);
        # looked up once here instead of scanning all pages on each of 10,000 space pages.
        ctx = dict(self.context, LANDHUB_PAGE_LINKS=page_links(self.context.get("pages", [])))
        self.render_cache = self._render_cache(ctx)
        self.write_space_pages(writer, ctx)
        ahead = getattr(self, "pieces_ahead", None)  # read by the exports' process
        exports_made = Background(self._write_exports())  # beside the pages below, on the other core
        try:
            self._write_place_pages(writer, ctx)
            self._write_sitemap(writer, ctx)
            write_region_pages(writer, self.get_template("story_region"), ctx, self.story_regions)
            write_story_feeds(self.output_path, self.settings, self.settings.get("JINJA_GLOBALS", {}).get("T", {}),
                              ctx.get("articles", []), self.story_regions, self.as_of)
        except BaseException:
            exports_made.reap()
            raise
        exports_made.wait()
        if ahead is not None:
            _unreaped.remove(ahead)
            ahead.close()
        validation_cache.finish_saves()  # long done: written during the pages
        if self.render_cache is not None:
            self.render_cache.prune()  # after every page that may come from it

    def _render_cache(self, ctx: dict) -> RenderCache | None:
        """This build's render cache (render_cache.py), or None with LANDHUB_NO_CACHE=1."""
        if not render_cache.enabled():
            return None
        return RenderCache(spaces_path(self.settings).resolve().parent / ".cache",
                           render_cache.setup_digest(self.env, ctx))

    def write_pages(self, writer, template_name: str, ctx: dict, jobs: list[PageJob],
                    kept: dict[str, int] | None = None) -> int:
        """Pages of one template, as Writer.write_file would write them, on every core and
        through the render cache (page_output.py). Other page kinds can come through here
        too: give each job the plain values its page reads (PageJob.inputs)."""
        return write_pages(writer, self.get_template(template_name), ctx, jobs, self.render_cache, kept=kept)

    def space_chrome(self, ctx: dict) -> dict | None:
        """base.html's header and footer as every space page gets them, rendered once a build.

        They read the page's address only to mark where the visitor is (aria-current), comparing
        it with *_SAVE_AS settings, the text before their `{`, and editors' pages' addresses
        (base.html says so). Every space page's address starts with SPACE_SAVE_AS's text before
        `{`: a shorter string compares the same for all of them, and no equal one exists. A
        longer one starting with it could tell pages apart: if any page starts with one, None,
        and each page renders its own (as Pelican would: HTML identical either way)."""
        if not self.space_pages:
            return None
        space_prefix = self.settings["SPACE_SAVE_AS"].split("{")[0]
        addresses = {v for k, v in self.settings.items() if k.endswith("_SAVE_AS") and isinstance(v, str)}
        addresses |= {v.split("{")[0] for v in addresses}
        addresses |= {link["save_as"] for link in ctx.get("LANDHUB_PAGE_LINKS", {}).values()}
        longer = [a for a in addresses if len(a) > len(space_prefix) and a.startswith(space_prefix)]
        if longer and any(page.save_as.startswith(tuple(longer)) for page in self.space_pages):
            return None
        first = self.space_pages[0]
        base = self.env.get_template("base.html")
        context = base.new_context(page_context(ctx, first.save_as, {"space": first, "page_name": first.save_as}))
        return {part: Markup("".join(base.blocks[f"site_{part}"](context))) for part in ("header", "footer")}

    def write_space_pages(self, writer, ctx: dict) -> int:
        responsive = self.env.globals.get("responsive")
        chrome = self.space_chrome(ctx)
        strings = self.env.globals.get("T")
        strings = Strings(strings) if isinstance(strings, dict) else None  # the same strings, read faster
        shared = {}  # the variables every page gets
        if chrome is not None:
            shared["LANDHUB_CHROME"] = chrome
        if strings is not None:
            shared["T"] = strings
        # Each Space named by the digest of its repr, kept under its file's validation key
        # (render_cache.SpaceDigests): only the changed spaces are hashed.
        digests = render_cache.SpaceDigests(self.render_cache.folder.parent) if self.render_cache is not None else None
        jobs = []
        for page in self.space_pages:
            # Photos are published here, in page order, before any page is rendered or taken
            # from the cache: their files must be in every build's output, and a worker's
            # side effects would be lost. The template then finds them made (the same calls).
            space = page.space
            # The name URL-encoded, as space.html does: responsive() reads a URL path (%, #, ?).
            photos = tuple(responsive(f"images/spaces/{space.slug}/{quote(photo.file, safe='/')}")
                           for photo in space.photos) if responsive and space.photos else ()
            if photos:  # the JSON-LD names the published files (the originals are not published)
                page.photo_urls = tuple(picture.fallback[-1].url for picture in photos)
            stories = tuple((str(s.url), str(s.title), s.date.isoformat())
                            for s in page.stories) if page.stories else ()
            named = ("space", digests.digest(page.validated, space)) if digests is not None else space
            jobs.append(PageJob(page.save_as, {"space": page, "page_name": page.save_as, **shared},
                                (named, page.url, page.edit_url, page.stale, page.site, stories, photos)))
        # The space page folders of the output two builds old, if the build keeps a spare
        # (staging.py): only this build's pages are kept in them, each replaced unless it is
        # already its render cache entry. Making 10,000 folders was most of a warm build.
        if digests is not None:
            digests.save()
        kept = reuse_folder(self.output_path, {job.save_as for job in jobs}) if jobs else {}
        rendered = self.write_pages(writer, "space", ctx, jobs, kept)
        self.space_page_keys = tuple(job.key for job in jobs) if self.render_cache is not None else None
        logger.info("spaces: %d space pages rendered, %d from the render cache", rendered,
                    len(jobs) - rendered)
        return rendered

    def _write_place_pages(self, writer, ctx):
        """The directory, its A–Å pages, region and municipality pages (place_pages.py), through
        the render cache: each page's inputs name what its template reads. Writer.write_file's
        url= served only its pagination, which these pages do not use (page_output.py)."""
        editors_pages = tuple((p.slug, p.url) for p in ctx.get("pages", []))  # directory.html's find_page
        by_template: dict[str, list[PageJob]] = {}
        for page in page_writes(self.directory, editors_pages):
            by_template.setdefault(page.template, []).append(PageJob(page.save_as, page.values, page.inputs))
        jobs = sum(len(group) for group in by_template.values())
        # Their folders from the spare output too, like the space pages' (staging.py): a-z/,
        # regions/, municipalities/ (about 260 folders not made again on a warm build).
        kept = reuse_folder(self.output_path, {job.save_as for group in by_template.values() for job in group})
        rendered = sum(self.write_pages(writer, name, ctx, group, kept) for name, group in by_template.items())
        logger.info("spaces: %d directory, region and municipality pages rendered, %d from the render cache",
                    rendered, jobs - rendered)

    def _write_sitemap(self, writer, ctx):
        """sitemap.xml through the render cache (sitemap.py), as Pelican's direct template would
        write it; nothing here while Pelican still writes it (DIRECT_TEMPLATES)."""
        if "sitemap" in self.settings.get("DIRECT_TEMPLATES", ()):
            return
        save_as = self.settings.get("SITEMAP_SAVE_AS", "sitemap.html")
        if save_as:
            variables = {"blog": True, "page_name": os.path.splitext(save_as)[0]}
            self.write_pages(writer, "sitemap", ctx, [PageJob(save_as, variables, sitemap_inputs(ctx))])

    def _write_exports(self):
        """spaces.json, .geojson and .csv. Each is taken from the render cache when no space
        page's key changed (a page key covers its Space, URL and the site's address, the
        plugins' code and the settings). Returns the job that makes the others: it only writes
        files, so it may run in another process (render_pool.Background); None if nothing is left."""
        output = Path(self.output_path)
        made = {"SPACES_JSON_SAVE_AS": exports.spaces_json, "SPACES_GEOJSON_SAVE_AS": exports.spaces_geojson,
                "SPACES_CSV_SAVE_AS": exports.spaces_csv}
        page_keys = getattr(self, "space_page_keys", None)
        # The 10,000 page keys written out and hashed once for the three files, not once each
        keys_digest = page_digest(page_keys) if self.render_cache is not None and page_keys is not None else None
        todo = []
        for key, make in made.items():
            target = output / self.settings[key]
            target.parent.mkdir(parents=True, exist_ok=True)
            cached = None
            if self.render_cache is not None and page_keys is not None:
                cached = self.render_cache.key(page_digest("export", key, self.settings[key], keys_digest))
                if self.render_cache.place(cached, target):
                    continue
                self.render_cache.used.add(cached)  # stored by whichever process makes it
            todo.append((make, target, cached))

        if not todo:
            return None
        # Made here, before the fork: in the child, reading 10,000 pages and Spaces (their
        # reference counts) copied their memory pages, 0.04 s at the end of a warm build, where
        # the build waits for the exports. `wanted`: each space's URL, so that the child reads
        # no Space whose pieces are kept (export_cache.cached_pieces).
        spaces, urls = self._export_inputs()
        # urls was made in page order: with every slug once (as validation makes them), its values
        wanted = (list(urls.values()) if len(urls) == len(self.space_pages)
                  else [urls[page.slug] for page in self.space_pages])

        def make_exports() -> None:
            ahead = getattr(self, "pieces_ahead", None)
            ahead = ahead.pieces(spaces, urls) if ahead is not None else None
            # Each space's part of all three, made once; kept between builds by its page key.
            if self.render_cache is not None and page_keys is not None:
                pieces = export_cache.cached_pieces(spaces, urls, page_keys, self.render_cache.folder.parent,
                                                    ahead, wanted=wanted)
            else:
                pieces = ahead if ahead is not None else exports.pieces_of(spaces, urls)
            for make, target, cached in todo:
                text = make(spaces, urls, pieces)
                if cached is not None:
                    self.render_cache.write(cached, text, target, newline="")
                else:
                    target.write_text(text, encoding="utf-8", newline="")

        return make_exports
