"""Photos as responsive sets for one build: resolve a reference, encode (or take from the cache),
publish the files under output/, and describe them for a <picture> element."""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from landhub_spaces.problems import BuildStopped
from markupsafe import Markup

from .cache import Rendition, rendition
from .markup import picture_html, replace_img_tags
from .verify import FORMAT_OF_SUFFIX, image_problem

DEFAULTS = {
    "LANDHUB_IMAGES_CACHE_PATH": ".cache/images",  # relative to the project root (above PATH)
    # How wide a photo in story text is drawn: the prose column is at most 42rem.
    "LANDHUB_IMAGES_PROSE_SIZES": "(min-width: 44rem) 42rem, 100vw",
}
_MEDIA_TYPE = {"webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}
_PLACEHOLDER = re.compile(r"^(?:\{(?:static|filename)\}|\|(?:static|filename)\|)")
_COPIED_ATTRIBUTES = ("title", "class", "id")


class ImageProblem(BuildStopped):
    """A photo that cannot be published; the message names the file and how to fix it."""


class ImageProblems(BuildStopped):
    """Raised once after every image in every story has been looked at."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} image problem(s); fix them and build again:\n"
                         + "\n".join(problems))


@dataclass(frozen=True)
class Source:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class PictureSet:
    """One photo's published files: what a template needs for <picture>."""

    webp: tuple[Source, ...]
    fallback: tuple[Source, ...]  # JPEG, or PNG for a photo with transparency
    fallback_type: str  # "image/jpeg" or "image/png"

    @property
    def width(self) -> int:
        return self.fallback[-1].width

    @property
    def height(self) -> int:
        return self.fallback[-1].height

    @property
    def src(self) -> str:
        """The fallback for browsers without srcset: the widest file at most 960 pixels wide."""
        fitting = [s for s in self.fallback if s.width <= 960]
        return (fitting[-1] if fitting else self.fallback[0]).url

    @property
    def webp_srcset(self) -> str:
        return _srcset(self.webp)

    @property
    def fallback_srcset(self) -> str:
        return _srcset(self.fallback)

    def html(self, alt: str, sizes: str, loading: str = "lazy", attributes=()) -> Markup:
        return picture_html(self.webp_srcset, self.fallback_srcset, self.src, self.width,
                            self.height, alt, sizes, loading, attributes)


def _srcset(sources) -> str:
    # Each url is percent-encoded (_publish), so a name's spaces and commas cannot split an entry.
    return ", ".join(f"{s.url} {s.width}w" for s in sources)


def _short_stem(stem: str, limit: int = 100) -> str:
    """The photo's name, cut to `limit` UTF-8 bytes: a derived name adds about 21 bytes, and a
    file name may have at most 255 (the key in the name keeps cut names apart)."""
    return stem.encode("utf-8")[:limit].decode("utf-8", "ignore")


class ResponsiveImages:
    """Shared by every generator of one Pelican run (it lives in the run's context)."""

    def __init__(self, content_root: Path, output_root: Path, cache_root: Path, siteurl: str):
        self.content_root = content_root.resolve()
        self.project_root = self.content_root.parent
        self.output_root = output_root
        self.cache_root = cache_root
        self.siteurl = siteurl.rstrip("/")
        self.prose_sizes = DEFAULTS["LANDHUB_IMAGES_PROSE_SIZES"]
        self.problems: list[str] = []  # from story text; the build stops on them at the end
        self._made: dict[Path, PictureSet] = {}

    @classmethod
    def from_settings(cls, settings: dict, output_path: str) -> "ResponsiveImages":
        content = Path(settings["PATH"]).resolve()
        cache = Path(settings.get("LANDHUB_IMAGES_CACHE_PATH", DEFAULTS["LANDHUB_IMAGES_CACHE_PATH"]))
        made = cls(content, Path(output_path), cache if cache.is_absolute() else content.parent / cache,
                   settings.get("SITEURL", ""))
        made.prose_sizes = settings.get("LANDHUB_IMAGES_PROSE_SIZES", made.prose_sizes)
        return made

    def display(self, path: Path) -> str:
        try:
            return path.relative_to(self.project_root).as_posix()
        except ValueError:
            return path.as_posix()

    # --- one photo --------------------------------------------------------------------------

    def picture_set(self, reference: str, source_path: str | Path | None = None) -> PictureSet:
        """The published set for a photo under content/.

        `reference` is a path inside content/ ("images/spaces/x/desk.jpg", with or without a
        leading slash) or a Pelican link ("{static}/images/stories/x.jpg"; a relative {static}
        link is read from the folder of `source_path`, the story's file). Raises ImageProblem.
        """
        path = self.local_path(reference, source_path, plain_relative=True)
        if path is None:
            raise ImageProblem(f"`{reference}` is not a file under content/; put the photo in "
                               "content/images/ and link it as /images/...")
        if path in self._made:
            return self._made[path]
        shown = self.display(path)
        if path.suffix.lower() not in FORMAT_OF_SUFFIX:
            raise ImageProblem(f"{shown}: photos must be JPEG, PNG or WebP files (.jpg, .png, .webp)")
        if not path.is_file():
            raise ImageProblem(f"{shown}: there is no such file")
        try:
            made = rendition(path, self.cache_root, check=image_problem)
        except (OSError, ValueError, SyntaxError) as error:  # passed the checks, failed to decode
            raise ImageProblem(f"{shown}: its pixels cannot be read ({error}); export the photo "
                               "again") from error
        if isinstance(made, str):
            raise ImageProblem(f"{shown}: {made}")
        self._made[path] = picture = self._publish(path, made)
        return picture

    def local_path(self, reference: str, source_path=None, plain_relative=False) -> Path | None:
        """The file a reference names, or None for a web address or a page-relative link.

        Raises ImageProblem for a path that leads out of content/.
        """
        text = (reference or "").strip()
        placeholder = _PLACEHOLDER.match(text)
        if placeholder:
            text = text[placeholder.end():]
            relative = not text.startswith("/") and source_path is not None
            base = Path(source_path).resolve().parent if relative else self.content_root
        elif text.startswith("/") and not text.startswith("//"):
            base = self.content_root
        elif plain_relative and text and not urlsplit(text).scheme:
            base = self.content_root
        else:
            return None
        parts = urlsplit(text)
        if parts.scheme or parts.netloc:
            return None
        path = (base / unquote(parts.path).lstrip("/")).resolve()
        if not path.is_relative_to(self.content_root):
            raise ImageProblem(f"`{reference}` points outside content/")
        return path

    def _publish(self, path: Path, made: Rendition) -> PictureSet:
        """Copy the variants to output/ beside where the original would have been."""
        folder = path.parent.relative_to(self.content_root)
        target = self.output_root / folder
        target.mkdir(parents=True, exist_ok=True)
        by_kind: dict[str, list[Source]] = {}
        for variant in made.variants:
            # The key in the name: a changed photo gets a new address, so no cache serves the old one.
            name = f"{_short_stem(path.stem)}-{variant.width}-{made.key[:10]}.{variant.kind}"
            shutil.copyfile(made.folder / variant.file_name, target / name)
            url = f"{self.siteurl}/{quote((folder / name).as_posix())}"
            by_kind.setdefault(variant.kind, []).append(Source(url, variant.width, variant.height))
        kind = made.fallback_kind
        return PictureSet(tuple(by_kind["webp"]), tuple(by_kind[kind]), _MEDIA_TYPE[kind])

    # --- photos in story text ---------------------------------------------------------------

    def rewrite_html(self, html: str, source_path: str) -> str:
        """Every <img> of a local photo becomes a <picture>; problems are kept in self.problems."""
        shown = self.display(Path(source_path).resolve())

        def replace(attributes: dict[str, str]) -> str | None:
            src = attributes.get("src", "")
            try:
                if self.local_path(src, source_path) is None:
                    return None  # a web address: not ours to change
                alt = attributes.get("alt", "").strip()
                picture = self.picture_set(src, source_path)
            except ImageProblem as problem:
                self.problems.append(f"{shown}: image `{src}`: {problem}")
                return None
            if not alt:
                self.problems.append(f"{shown}: image `{src}`: has no alt text; write what the "
                                     "photo shows: ![what the photo shows](" + src + ")")
                return None
            kept = [(name, attributes[name]) for name in _COPIED_ATTRIBUTES if name in attributes]
            return picture.html(alt, self.prose_sizes, attributes=kept)

        return replace_img_tags(html, replace)
