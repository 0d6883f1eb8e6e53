"""`invoke new-story "Title"`: a draft story with today's date and every metadata key to fill in."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from .slugs import slugify
from .vocab import load_vocabulary

DEFAULT_AUTHOR = "Landhub-redaktionen"

# The body is for the editor, in Danish like the story; docs/editors.md explains every key.
BODY = """\
Skriv historien her, i Markdown. Første afsnit fanger læseren; mellemoverskrifter skrives
`## Sådan`.

Linjerne øverst er historiens metadata (se docs/editors.md):

- `Spaces:` stedernes navne som filnavnene i spaces/ uden .yaml, adskilt med komma.
- `Region:` en af de fem regioner, fx Region Nordjylland.
- `Summary:` en eller to sætninger; en historie kan ikke udgives uden.
- `Image:` et billede i content/images/, fx stories/mit-billede.jpg, med `Image_alt:`
  (hvad billedet viser) og `Image_credit:` (fotografen). Slet de tre linjer, hvis der
  ikke er et billede.
- `Status: draft` gør historien til en kladde: den vises kun, når sitet bygges lokalt.
  Slet linjen, når historien skal udgives.
"""


class NewStoryError(ValueError):
    """A plain message for the editor (no traceback)."""


def region_of_spaces(spaces_dir: Path, slugs: list[str]) -> str:
    """The region of the first space named: the usual region of a story about it."""
    vocabulary = load_vocabulary(spaces_dir)
    for slug in slugs:
        path = spaces_dir / f"{slug}.yaml"
        if not path.is_file():
            raise NewStoryError(f"there is no space `{slug}` (no file spaces/{slug}.yaml)")
    if not slugs:
        return ""
    data = yaml.load((spaces_dir / f"{slugs[0]}.yaml").read_text(encoding="utf-8-sig"),
                     Loader=yaml.BaseLoader)
    region = vocabulary.region_of.get(str((data.get("address") or {}).get("municipality", "")))
    return region.name if region else ""


def new_story_text(title: str, today: date, spaces: list[str], region: str,
                   author: str = DEFAULT_AUTHOR) -> str:
    lines = [
        f"Title: {title}",
        f"Date: {today.isoformat()}",
        "Status: draft",
        f"Spaces: {', '.join(spaces)}",
        f"Region: {region}",
        "Summary:",
        "Tags: coworking",
        f"Authors: {author}",
        "Image:",
        "Image_alt:",
        "Image_credit:",
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n\n" + BODY


def write_new_story(folder: Path, spaces_dir: Path, title: str, today: date,
                    spaces: list[str] | None = None, region: str = "") -> Path:
    """Write <folder>/<slug>.md; never over an existing story."""
    title = " ".join(title.split())
    if not title:
        raise NewStoryError("give the story a title: invoke new-story \"Titel\"")
    slug = slugify(title)
    if not slug:
        raise NewStoryError(f"`{title}` gives no file name; use letters or digits in the title")
    spaces = list(spaces or [])
    region = region.strip() or region_of_spaces(spaces_dir, spaces)
    target = folder / f"{slug}.md"
    if target.exists():
        raise NewStoryError(f"{target} already exists; choose another title or edit that file")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(new_story_text(title, today, spaces, region), encoding="utf-8")
    return target
