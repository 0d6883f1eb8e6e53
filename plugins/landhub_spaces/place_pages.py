"""The directory, region and municipality pages: which pages there are, what each lists, and
where they are written. No page lists more than a page size of spaces, however many there are.

- The directory (/spaces/) names every region and municipality with its count. A site whose
  spaces all fit on one page shows them there, under their municipality; a bigger one shows
  the first page of an A–Å list whose further pages are /a-z/2/, /a-z/3/, ... (outside
  /spaces/, where any valid slug, "page" or "2" included, is a space's page).
- A region page lists its municipalities with counts, and their spaces when they fit.
- A municipality page lists its spaces; more than a page size continue at
  /municipalities/<slug>/2/ (nothing else is written under a municipality's folder).

Each page is written through the render cache (render_cache.py) with the plain values its
template reads (PageWrite.inputs): the *_inputs functions below name every attribute the
templates (directory.html, directory_page.html, region.html, municipality.html and the
_macros.html lists) read of these objects. A template that reads one more must add it here.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from unidecode import unidecode

from .slugs import slugify

# Danish order: æ, ø, å after z (these three stand for them in the key), and aa is å.
_AFTER_Z = (("æ", "{"), ("ø", "|"), ("å", "}"))
_LETTER_OF_KEY = {"{": "Æ", "|": "Ø", "}": "Å"}
_ANCHOR_OF_LETTER = {"Æ": "ae", "Ø": "oe", "Å": "aa"}
OTHER_LETTER = "#"  # names that begin with a digit or a sign


# name -> alphabetical_key(name): asked again for every list, letter and page a name is on.
_KEYS: dict[str, str] = {}


def _key_of(name: str) -> str:
    # æ, ø, å by replace: translate looks every character up in a dict (3.5 -> 11 ms at 10,000)
    text = unicodedata.normalize("NFC", name).casefold().replace("aa", "å")
    for letter, after in _AFTER_Z:
        text = text.replace(letter, after)
    return text if text.isascii() else unidecode(text).lower()  # é -> e


def alphabetical_key(name: str) -> str:
    """A key that sorts names as a Danish reader looks them up: "Aalborg" under Å, after "Ærø"."""
    key = _KEYS.get(name)
    if key is None:
        key = _KEYS[name] = _key_of(name)
    return key


_LETTERS: dict[str, str] = {}  # name -> first_letter(name), asked for every list a name is on


def first_letter(name: str) -> str:
    """The letter a name is filed under in the A–Å list: "A".."Z", "Æ", "Ø", "Å", or OTHER_LETTER."""
    letter = _LETTERS.get(name)
    if letter is None:
        head = alphabetical_key(name).lstrip()[:1]
        letter = _LETTERS[name] = head.upper() if "a" <= head <= "z" else _LETTER_OF_KEY.get(head, OTHER_LETTER)
    return letter


def letter_anchor(letter: str) -> str:
    """The id of a letter's heading: letter-a, letter-ae, letter-other."""
    return "letter-" + (_ANCHOR_OF_LETTER.get(letter) or ("other" if letter == OTHER_LETTER else letter.lower()))


def a_to_z(spaces: list) -> list:
    """Spaces in Danish alphabetical order of their names; the slug (unique) breaks ties."""
    key = alphabetical_key
    order = sorted((key(page.name), page.slug, index) for index, page in enumerate(spaces))
    return [spaces[index] for _, _, index in order]


@dataclass
class ListPage:
    """One page of a list of spaces cut into pages of at most a page size."""

    number: int  # from 1
    url: str
    save_as: str
    spaces: list
    pages: list["ListPage"] = field(default_factory=list, repr=False)  # all pages of the list, this one too

    @property
    def count(self) -> int:
        return len(self.pages)

    @property
    def previous(self) -> "ListPage | None":
        return self.pages[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> "ListPage | None":
        return self.pages[self.number] if self.number < self.count else None

    def window(self, around: int = 2) -> list["ListPage | None"]:
        """The pages to link by number: the first, the last and `around` either side of this
        one; None where numbers are left out. A fixed number of links, however long the list."""
        shown = {1, self.count, *range(self.number - around, self.number + around + 1)}
        out: list[ListPage | None] = []
        for number in sorted(n for n in shown if 1 <= n <= self.count):
            if out and out[-1] is not None and number > out[-1].number + 1:
                out.append(None)
            out.append(self.pages[number - 1])
        return out

    def letter_groups(self) -> list[tuple[str, str, list]]:
        """[(letter, anchor, spaces), ...] of this page, in order."""
        groups: list[tuple[str, str, list]] = []
        for space in self.spaces:
            letter = first_letter(space.name)
            if not groups or groups[-1][0] != letter:
                groups.append((letter, letter_anchor(letter), []))
            groups[-1][2].append(space)
        return groups


def paginate(spaces: list, page_size: int, first: tuple[str, str], pattern: tuple[str, str],
             **values) -> list[ListPage]:
    """Pages of at most page_size spaces: the first at first=(url, save_as), page n at
    pattern=(url, save_as) formatted with number=n and values. An empty list is one empty page."""
    chunks = [spaces[start:start + page_size] for start in range(0, len(spaces), page_size)] or [[]]
    pages: list[ListPage] = []
    for number, chunk in enumerate(chunks, start=1):
        url, save_as = first if number == 1 else (p.format(number=number, **values) for p in pattern)
        pages.append(ListPage(number, url, save_as, chunk, pages))
    return pages


@dataclass
class PlacePage:
    """A region or a municipality page: a named group of spaces."""

    name: str
    slug: str
    url: str
    save_as: str
    spaces: list
    region: "PlacePage | None" = None  # for a municipality, its region
    municipalities: list["PlacePage"] = field(default_factory=list)  # for a region
    pages: list[ListPage] = field(default_factory=list)  # for a municipality, its list in pages
    shows_spaces: bool = True  # a region page lists the spaces themselves only when they fit


@dataclass
class Directory:
    """Everything the directory, region and municipality pages show."""

    regions: list[PlacePage]
    pages: list[ListPage]  # the A–Å list; page 1 is the directory page itself
    letters: list[tuple[str, str, ListPage]]  # (letter, anchor, the page where it begins)
    total: int
    grouped: bool  # every space fits on one page: listed under its municipality, no A–Å list


def _letter_index(pages: list[ListPage]) -> list[tuple[str, str, ListPage]]:
    """(letter, anchor, page) of each letter's first page, as the pages' letter_groups give them."""
    seen: dict[str, tuple[str, str, ListPage]] = {}
    for page in pages:
        for space in page.spaces:
            letter = first_letter(space.name)
            if letter not in seen:
                seen[letter] = (letter, letter_anchor(letter), page)
    return list(seen.values())


def build_directory(space_pages: list, regions, settings: dict) -> Directory:
    """Region pages in vocabulary order, each with its municipalities (only those with spaces,
    A–Å), and the directory's A–Å list in pages of DIRECTORY_PAGE_SIZE."""
    size = settings["DIRECTORY_PAGE_SIZE"]
    by_name = a_to_z(space_pages)
    by_region: dict[str, list] = {}
    by_municipality: dict[str, list] = {}
    municipalities_in: dict[str, dict[str, None]] = {}  # region -> its spaces' municipalities
    for space in by_name:  # one pass: each list stays A–Å
        address = space.address
        by_region.setdefault(address.region, []).append(space)
        by_municipality.setdefault(address.municipality, []).append(space)
        municipalities_in.setdefault(address.region, {})[address.municipality] = None
    out = []
    for region in regions:
        in_region = by_region.get(region.name)
        if not in_region:
            continue
        page = PlacePage(region.name, region.slug, settings["REGION_URL"].format(slug=region.slug),
                         settings["REGION_SAVE_AS"].format(slug=region.slug), in_region,
                         shows_spaces=len(in_region) <= size)
        for municipality in sorted(municipalities_in[region.name], key=alphabetical_key):
            slug = slugify(municipality)
            spaces = by_municipality[municipality]
            first = (settings["MUNICIPALITY_URL"].format(slug=slug), settings["MUNICIPALITY_SAVE_AS"].format(slug=slug))
            page.municipalities.append(PlacePage(
                municipality, slug, *first, spaces, region=page,
                pages=paginate(spaces, size, first,
                               (settings["MUNICIPALITY_PAGE_URL"], settings["MUNICIPALITY_PAGE_SAVE_AS"]),
                               slug=slug)))
        out.append(page)
    pages = paginate(by_name, size, (settings["DIRECTORY_URL"], settings["DIRECTORY_SAVE_AS"]),
                     (settings["DIRECTORY_PAGE_URL"], settings["DIRECTORY_PAGE_SAVE_AS"]))
    return Directory(out, pages, _letter_index(pages), len(by_name), grouped=len(by_name) <= size)


def listed(page) -> tuple:
    """What a list of spaces (_macros.html space_list) reads of each one: its address, and the
    name, town and status a SpacePage passes through from its Space (read there directly)."""
    space = getattr(page, "space", page)
    return (page.url, space.name, space.address.town, space.status)


def listed_rows(spaces) -> tuple:
    """listed of each space: what a list page's key names of its spaces."""
    return tuple(map(listed, spaces))


def listing_inputs(listing: ListPage, rows=listed_rows) -> tuple:
    """A list page: its number, every page's address (count, previous, next and the numbered
    links follow from them) and its spaces (their letters follow from their names).
    rows: listed_rows, or its like made from rows worked out once (every space is on several
    lists): a plain value naming each space's listed, in order."""
    return (listing.number, tuple(p.url for p in listing.pages), rows(listing.spaces))


def place_inputs(place: PlacePage, with_spaces: bool, rows=listed_rows) -> tuple:
    """A municipality as a region or directory page names it: link, count, maybe its spaces."""
    return (place.name, place.slug, place.url, len(place.spaces),
            rows(place.spaces) if with_spaces else None)


def region_inputs(region: PlacePage, with_spaces: bool, rows=listed_rows) -> tuple:
    return (region.name, region.slug, region.url, len(region.spaces), region.shows_spaces,
            tuple(place_inputs(m, with_spaces, rows) for m in region.municipalities))


def letters_inputs(directory: Directory) -> tuple:
    return tuple((letter, anchor, where.url) for letter, anchor, where in directory.letters)


@dataclass(frozen=True)
class PageWrite:
    """One file to write: where, with which template, what the template gets (values), and the
    plain values naming everything it reads of them (inputs, the page's render cache key)."""

    save_as: str
    url: str
    template: str
    values: dict
    inputs: tuple


def page_writes(directory: Directory, editors_pages: tuple = ()) -> list[PageWrite]:
    """Every directory, A–Å, region and municipality page, in a fixed order. editors_pages:
    (slug, url) of Pelican's pages, which the directory page looks up (find_page)."""
    first, *more = directory.pages
    letters = letters_inputs(directory)
    # Each space's row written out once (repr), and a list's rows joined by a newline (a repr
    # holds none): the keys' repr then copies one string a list instead of writing out 10,000
    # rows' tuples of strings twice (directory and municipality pages).
    texts = {id(space): repr(listed(space)) for page in directory.pages for space in page.spaces}  # every space
    rows = lambda spaces: "\n".join([texts[id(space)] for space in spaces])  # noqa: E731
    writes = [PageWrite(first.save_as, first.url, "directory", {"listing": first},
                        (directory.grouped, directory.total, letters, listing_inputs(first, rows), editors_pages,
                         tuple(region_inputs(r, directory.grouped, rows) for r in directory.regions)))]
    writes += [PageWrite(p.save_as, p.url, "directory_page", {"listing": p}, (letters, listing_inputs(p, rows)))
               for p in more]
    for region in directory.regions:
        writes.append(PageWrite(region.save_as, region.url, "region", {"region": region},
                                region_inputs(region, region.shows_spaces, rows)))
        for municipality in region.municipalities:
            named = (municipality.name, municipality.slug, municipality.url, region.name, region.slug, region.url)
            writes += [PageWrite(p.save_as, p.url, "municipality",
                                 {"municipality": municipality, "region": region, "listing": p},
                                 (named, listing_inputs(p, rows)))
                       for p in municipality.pages]
    return writes
