"""Photo file names as the contract says them: any plain name in the space's folder ending in
.jpg/.jpeg/.png/.webp, so "Mit kontor.jpg" or "kontor-ø, vest.png" are accepted; paths, hidden
names, invisible characters and SVG are refused with file:line messages. The JSON-LD image URL
and the published files' URLs are percent-encoded."""
from __future__ import annotations

import json
from urllib.parse import unquote

import pytest

from landhub_images.responsive import _short_stem
from landhub_spaces.model import Photo
from landhub_spaces.structured_data import space_json_ld

from site_helpers import yaml_quote

from .test_validation import FILE, NAME, PHOTOS, changed

HINT = ("write a file name like desk.jpg or Mit kontor.jpg (JPEG, PNG or WebP; no folders, no SVG, "
        "not starting with a dot, on one line of ordinary characters)")
STRANGERS = ("Mit kontor.jpg", "kontor-ø, vest.png", "a&b.webp", "100% #1?.JPEG", "-x.jpg")


def with_photo(name: str, quote=yaml_quote) -> str:
    return changed(PHOTOS, f"photos:\n  - file: {quote(name)}\n    alt: Et kontor\n")


@pytest.mark.parametrize("name", STRANGERS)
def test_names_the_contract_allows_are_accepted(site, name):
    site.add_image("cowork-klitmoeller", name)
    [space] = site.validate([site.write(NAME, with_photo(name))]).spaces
    assert space.photos == (Photo(name, "Et kontor", None),)


@pytest.mark.parametrize("name", [
    "../other-space/desk.jpg", "sub/desk.jpg", "sub\\desk.jpg", "..", ".", ".jpg", ".hidden.jpg",
    " desk.jpg", "desk\x01.jpg", "desk\u202e.jpg", "desk\u200b.jpg", "plan.svg", "desk.jpg.svg",
    "desk.gif", "x" * 120 + ".jpg",
])
def test_paths_hidden_invisible_and_svg_are_refused(site, name):
    # JSON's \u escapes: YAML itself refuses a raw control character before the schema sees it
    problems = site.problems(NAME, with_photo(name, json.dumps))
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{FILE}:33: photos[0].file: ")
    if len(name) <= 120:  # the long one is told its length as well
        assert problems[0].endswith(HINT)


def test_json_ld_image_url_is_percent_encoded(space_with_photos):
    data = space_json_ld(space_with_photos, "https://landhub.dk/s/", "https://landhub.dk")
    assert data["image"] == [
        "https://landhub.dk/images/spaces/cowork-klitmoeller/Mit%20kontor.jpg",
        "https://landhub.dk/images/spaces/cowork-klitmoeller/kontor-%C3%B8%2C%20vest.png",
        "https://landhub.dk/images/spaces/cowork-klitmoeller/a%26b.webp",
        "https://landhub.dk/images/spaces/cowork-klitmoeller/100%25%20%231%3F.JPEG",
    ]
    assert [unquote(url.rsplit("/", 1)[1]) for url in data["image"]] == list(STRANGERS[:4])


def test_json_ld_names_the_published_files_when_it_has_them(space_with_photos):
    urls = ("/images/spaces/cowork-klitmoeller/Mit%20kontor-960-0123456789.jpg",
            "https://cdn.example/a.jpg", "/b.png", "/c.png")
    data = space_json_ld(space_with_photos, "https://landhub.dk/s/", "https://landhub.dk", urls)
    assert data["image"] == ["https://landhub.dk/images/spaces/cowork-klitmoeller/Mit%20kontor-960-0123456789.jpg",
                             "https://cdn.example/a.jpg", "https://landhub.dk/b.png",
                             "https://landhub.dk/c.png"]


@pytest.fixture
def space_with_photos(site):
    for name in STRANGERS[:4]:
        site.add_image("cowork-klitmoeller", name)
    text = changed(PHOTOS, "photos:\n" + "".join(
        f"  - file: {yaml_quote(name)}\n    alt: Et kontor\n" for name in STRANGERS[:4]))
    [space] = site.validate([site.write(NAME, text)]).spaces
    return space


def test_derived_names_stay_within_a_file_name_s_length():
    assert _short_stem("desk") == "desk"
    long = "ø" * 120  # 240 bytes: with "-1440-<key>.webp" more than 255
    cut = _short_stem(long)
    assert len(cut.encode("utf-8")) <= 100 and long.startswith(cut) and cut
