"""Photos in a real build: <picture> with WebP and a fallback, sizes set, files published without
metadata, originals never published, bad files stopping the build with file:line messages."""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from site_helpers import SyntheticSite, good_space_text, page

SLUG = "cowork-klitmoeller"
MAKE = "LandhubTestCam"
PHOTOS = ("photos:\n  - file: desk.jpg\n    alt: Skriveborde ved vinduet\n"
          "    credit: Anna Jensen")  # photos[0].file is line 17 of good_space_text
STORY = """Title: Havet ved Klitmøller
Date: 2026-10-01
Spaces: cowork-klitmoeller
Summary: Et kort resumé.

Udsigten fra skrivebordet:

![Havet en grå dag]({image})
"""


def camera_jpeg() -> bytes:
    """1600 x 1200 stored sideways (EXIF orientation 6), with a GPS position and a camera make."""
    image = Image.new("RGB", (1600, 1200), (40, 90, 160))
    image.paste((220, 60, 40), (0, 0, 800, 600))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = MAKE
    exif.get_ifd(0x8825).update({1: "N", 2: (57.0, 2.0, 28.0), 3: "E", 4: (8.0, 29.0, 29.0)})
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def photo_site(root: Path, story_image: str = "/images/stories/hav.jpg") -> SyntheticSite:
    site = SyntheticSite(root)
    site.write_space(f"{SLUG}.yaml", good_space_text("Cowork Klitmøller", photos=PHOTOS))
    for folder, name in ((f"spaces/{SLUG}", "desk.jpg"), ("stories", "hav.jpg")):
        (site.content / "images" / folder).mkdir(parents=True, exist_ok=True)
        (site.content / "images" / folder / name).write_bytes(camera_jpeg())
    site.write_story("havet.md", STORY.format(image=story_image))
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> SyntheticSite:
    site = photo_site(tmp_path_factory.mktemp("photo-site"))
    assert site.build() == 0
    return site


def local(site: SyntheticSite, url: str) -> Path:
    assert url.startswith("/"), url  # SITEURL is empty in development
    return site.output / url.lstrip("/")


def srcset_urls(srcset: str) -> list[tuple[str, str]]:
    return [tuple(item.split()) for item in srcset.split(", ")]


def test_space_page_shows_a_picture_with_webp_and_a_sized_jpeg(built):
    [figure] = page(built.output, f"spaces/{SLUG}/").select(".photos figure")
    picture = figure.find("picture")
    [source] = picture.find_all("source")
    img = picture.find("img")
    assert source["type"] == "image/webp"
    # stored 1600 x 1200 sideways: 1200 x 1600 upright, so 480, 960 and its own 1200 pixels
    assert [w for _, w in srcset_urls(source["srcset"])] == ["480w", "960w", "1200w"]
    assert [w for _, w in srcset_urls(img["srcset"])] == ["480w", "960w", "1200w"]
    assert all(u.endswith(".webp") for u, _ in srcset_urls(source["srcset"]))
    assert all(u.endswith(".jpg") for u, _ in srcset_urls(img["srcset"]))
    assert source["sizes"] == img["sizes"] and "100vw" in img["sizes"]
    assert (img["width"], img["height"]) == ("1200", "1600")
    assert img["alt"] == "Skriveborde ved vinduet" and img["loading"] == "lazy"
    assert img["src"] in [u for u, _ in srcset_urls(img["srcset"])] and "-960-" in img["src"]
    assert figure.find("figcaption") is not None


def test_every_published_photo_file_exists_and_carries_no_metadata(built):
    urls = set()
    for path in (f"spaces/{SLUG}/", "stories/havet/"):
        for picture in page(built.output, path).find_all("picture"):
            urls.update(u for u, _ in srcset_urls(picture.find("source")["srcset"]))
            urls.update(u for u, _ in srcset_urls(picture.find("img")["srcset"]))
            urls.add(picture.find("img")["src"])
    assert len(urls) == 12  # 3 widths x 2 formats, for the space photo and the story photo
    for url in sorted(urls):
        data = local(built, url).read_bytes()
        assert b"Exif" not in data and MAKE.encode() not in data, url
        with Image.open(BytesIO(data)) as image:
            assert len(image.getexif()) == 0 and "exif" not in image.info, url
            assert image.width in (480, 960, 1200), url


def test_the_originals_are_not_published(built):
    originals = {camera_jpeg()}
    published = [p for p in (built.output / "images").rglob("*") if p.is_file()]
    assert published, "the photos' variants are under output/images/"
    assert not (built.output / "images" / "spaces" / SLUG / "desk.jpg").exists()
    assert not (built.output / "images" / "stories" / "hav.jpg").exists()
    for path in published:
        assert path.read_bytes() not in originals, path
        assert b"Exif" not in path.read_bytes(), path


def test_story_text_images_become_pictures(built):
    body = page(built.output, "stories/havet/").select_one(".story-body")
    [picture] = body.find_all("picture")
    img = picture.find("img")
    assert picture.find("source")["type"] == "image/webp"
    assert img["alt"] == "Havet en grå dag" and (img["width"], img["height"]) == ("1200", "1600")
    assert img["src"].startswith("/images/stories/hav-960-")
    assert "{static}" not in str(body)


def test_a_rebuild_uses_the_cache_and_writes_the_same_bytes(built, tmp_path):
    cache = built.root / ".cache" / "images"
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*")}
    first = {p.relative_to(built.output): p.read_bytes() for p in (built.output / "images").rglob("*.*")}
    second_output = tmp_path / "again"
    from site_helpers import build

    assert build(second_output, built.overrides()) == 0
    again = {p.relative_to(second_output): p.read_bytes() for p in (second_output / "images").rglob("*.*")}
    assert again == first
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*")} == before, "nothing was encoded again"


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>'


def test_an_svg_behind_a_jpg_name_stops_the_build_at_its_line(tmp_path, capfd):
    site = photo_site(tmp_path)
    (site.content / "images" / "spaces" / SLUG / "desk.jpg").write_bytes(SVG)
    assert site.build() == 1
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert (f"spaces/{SLUG}.yaml:17: photos[0].file: `desk.jpg` is an SVG drawing, not a photo; "
            "photos must be JPEG, PNG or WebP images (an SVG can carry script)") in err


def test_a_missing_story_image_stops_the_build_naming_the_story(tmp_path, capfd):
    site = photo_site(tmp_path, story_image="{static}/images/stories/hav-2.jpg")
    assert site.build() == 1
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert ("content/stories/havet.md: image `{static}/images/stories/hav-2.jpg`: "
            "content/images/stories/hav-2.jpg: there is no such file") in err
