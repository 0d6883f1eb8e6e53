"""A real build of a space whose photos are named "Mit kontor.jpg", "kontor-ø, vest.png",
"a&b.webp" and "100% #1.JPEG": every src and srcset entry is one percent-encoded address of a
published file, and the JSON-LD names each photo by its encoded name."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

from photo_names_site import NAMES, SLUG, write_photo_names_site
from site_helpers import SyntheticSite, page

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> SyntheticSite:
    site = write_photo_names_site(tmp_path_factory.mktemp("photo-names"))
    assert site.build() == 0
    return site

def entries(srcset: str) -> list[list[str]]:
    # how a browser reads srcset: entries split at commas, each a URL and a width
    return [item.split() for item in srcset.split(",")]

def test_every_photo_address_is_encoded_and_its_file_exists(built):
    pictures = page(built.output, f"spaces/{SLUG}/").select(".photos picture")
    assert len(pictures) == len(NAMES)
    for picture, name in zip(pictures, NAMES):
        img, source = picture.find("img"), picture.find("source")
        stem = quote(name.rsplit(".", 1)[0], safe="")
        urls = [img["src"]]
        for srcset in (img["srcset"], source["srcset"]):
            # 640 pixels wide: 480 and its own 640; a split at a name's space or comma would add entries
            assert [entry[1] for entry in entries(srcset) if len(entry) == 2] == ["480w", "640w"], srcset
            assert [len(entry) for entry in entries(srcset)] == [2, 2], srcset
            urls += [entry[0] for entry in entries(srcset)]
        for url in urls:
            assert url.startswith((f"/images/spaces/{SLUG}/{stem}-480-",
                                   f"/images/spaces/{SLUG}/{stem}-640-")), url
            assert not any(c in url for c in " ,&#ø"), url
            path = built.output / unquote(url).lstrip("/")  # the file at the decoded address
            assert path.is_file() and path.name.startswith(name.rsplit(".", 1)[0] + "-"), url

def test_the_json_ld_names_each_photo_by_a_published_file(built):
    # the originals are never published: the JSON-LD names the widest JPEG/PNG of each photo
    script = page(built.output, f"spaces/{SLUG}/").find("script", type="application/ld+json")
    images = json.loads(script.string)["image"]
    assert len(images) == len(NAMES)
    for url, name in zip(images, NAMES):
        assert url.startswith("http") and not any(c in url for c in " ,&#ø"), url
        path = built.output / unquote(urlsplit(url).path).lstrip("/")
        assert path.is_file() and path.name.startswith(name.rsplit(".", 1)[0] + "-640-"), url
        assert path.suffix in (".jpg", ".png"), url
