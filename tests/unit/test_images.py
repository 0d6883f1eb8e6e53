"""landhub_images: photo files refused at the byte level, and clean, deterministic responsive sets.

Every image is made here with Pillow in tmp_path. The refusals go through the real validator
(validate_spaces), so each message is asserted as a contributor sees it: file:line: field.
"""
from __future__ import annotations

import random
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from landhub_images.cache import rendition
from landhub_images.encode import clean_pixels, encode_all, widths_for
from landhub_images.markup import replace_img_tags
from landhub_images.responsive import ImageProblem, ResponsiveImages

from .helpers import edit, good_text

FILE = "spaces/cowork-klitmoeller.yaml"
NAME = "cowork-klitmoeller.yaml"
SLUG = "cowork-klitmoeller"
MAKE = b"LandhubTestCam"
XMP = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>secret place</x:xmpmeta>"
COMMENT = b"taken at home"
RED, BLUE = (255, 0, 0), (0, 0, 255)
SMALLER = "save it smaller (about 2000 pixels wide is plenty)"


# --- images made for the tests -----------------------------------------------------------------

def camera_jpeg(size=(1600, 1200), orientation=6, profile=True) -> bytes:
    """A phone photo: red top-left quarter, blue elsewhere, stored sideways (EXIF orientation 6:
    turn 90 degrees clockwise to show it), with GPS, camera make, XMP, a comment and a profile."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1] // 2))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = MAKE.decode()
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (56.0, 57.0, 30.0), 3: "E", 4: (8.0, 29.0, 10.0)})
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes() if profile else None
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=95, exif=exif, icc_profile=srgb, xmp=XMP, comment=COMMENT)
    return buffer.getvalue()


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def noise(size=(400, 300)) -> Image.Image:
    return Image.frombytes("RGB", size, random.Random(1).randbytes(size[0] * size[1] * 3))


def responsive(tmp_path: Path) -> ResponsiveImages:
    return ResponsiveImages(tmp_path / "content", tmp_path / "output", tmp_path / "cache", "")


def put(tmp_path: Path, relative: str, data: bytes) -> Path:
    path = tmp_path / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def published_files(picture) -> list[str]:
    return [s.url for s in picture.webp + picture.fallback]


# --- refused photos: each with its exact message -------------------------------------------------

def photo_problems(site, name: str, data: bytes) -> list[str]:
    """The good space file with its photo swapped for `name` holding `data`."""
    folder = site.images / SLUG
    (folder / name).write_bytes(data)  # a new file: the `site` fixture removes it afterwards
    return site.problems(NAME, edit(good_text(), "  - file: desk.jpg", f"  - file: {name}"))


SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
       b"<rect width='9' height='9'/></svg>\n")


@pytest.mark.parametrize("name, data, message", [
    ("photo.jpg", SVG, "`photo.jpg` is an SVG drawing, not a photo; photos must be JPEG, PNG or "
     "WebP images (an SVG can carry script)"),
    ("photo.jpg", random.Random(7).randbytes(4096), "`photo.jpg` is not a JPEG, PNG or WebP image "
     "(its bytes are not a picture Pillow can read); export the photo again as JPEG"),
    ("photo.jpg", b"<html><body>a web page</body></html>", "`photo.jpg` is not a JPEG, PNG or "
     "WebP image (its bytes are not a picture Pillow can read); export the photo again as JPEG"),
    ("photo.jpg", encoded(noise(), "PNG"), "`photo.jpg` is a PNG image, but its name ends in "
     ".jpg; rename it to photo.png"),
    ("photo.webp", encoded(noise(), "JPEG"), "`photo.webp` is a JPEG image, but its name ends in "
     ".webp; rename it to photo.jpg"),
    ("photo.jpg", encoded(noise(), "GIF"), "`photo.jpg` is a GIF image; photos must be JPEG, PNG "
     "or WebP: save it as one of those"),
    ("photo.jpg", encoded(noise(), "JPEG", quality=90)[:20_000], "`photo.jpg` is damaged or cut "
     "short (its pixels cannot be read); export the photo again"),
    ("photo.webp", encoded(noise(), "WEBP", save_all=True, append_images=[noise().rotate(90)]),
     "`photo.webp` is an animation; use a still photo"),
])
def test_a_file_that_is_not_the_photo_its_name_says_is_refused(site, name, data, message):
    assert photo_problems(site, name, data) == [f"{FILE}:33: photos[0].file: {message}"]


def test_a_file_over_5_mb_is_refused_before_it_is_opened(site):
    data = encoded(noise(), "JPEG")
    data += bytes(6 * 1024 * 1024 - len(data))
    assert photo_problems(site, "photo.jpg", data) == [
        f"{FILE}:33: photos[0].file: `photo.jpg` is 6.0 MB; a photo may be at most 5 MB: {SMALLER}"]


@pytest.mark.parametrize("size", [
    (9000, 5000),  # 45 megapixels: over the limit, where Pillow only warns
    (20_000, 20_000),  # 400 megapixels in a 50 KB file: a decompression bomb Pillow refuses to open
])
def test_a_photo_over_40_megapixels_is_refused_without_decoding_it(site, size):
    data = encoded(Image.new("1", size), "PNG")
    assert len(data) < 100_000, "the point is a small file that claims many pixels"
    assert photo_problems(site, "photo.png", data) == [
        f"{FILE}:33: photos[0].file: `photo.png` is larger than 40 megapixels; {SMALLER}"]


def test_pillow_refuses_to_open_a_bomb_once_the_plugin_is_loaded(tmp_path):
    import landhub_images.verify  # noqa: F401  (sets the limit)

    assert Image.MAX_IMAGE_PIXELS == 40_000_000
    bomb = put(tmp_path, "bomb.png", encoded(Image.new("1", (20_000, 20_000)), "PNG"))
    with pytest.raises(Image.DecompressionBombError):
        Image.open(bomb)


@pytest.mark.parametrize("name, data", [
    ("photo.jpg", camera_jpeg()),
    ("photo.JPEG", encoded(noise(), "JPEG")),
    ("photo.png", encoded(noise().convert("RGBA"), "PNG")),
    ("photo.webp", encoded(noise(), "WEBP")),
    # what many cameras write: a JPEG with a second picture inside, read by Pillow as MPO
    ("photo.jpg", encoded(noise(), "MPO", save_all=True, append_images=[noise()])),
])
def test_real_photos_pass(site, name, data):
    assert photo_problems(site, name, data) == []


# --- the published files: clean, upright, the right sizes, the same bytes every time -----------

@pytest.fixture(params=[True, False], ids=["with-colour-profile", "without"])
def camera_set(tmp_path, request):
    put(tmp_path, "images/spaces/x/desk.jpg", camera_jpeg(profile=request.param))
    images = responsive(tmp_path)
    return images, images.picture_set("images/spaces/x/desk.jpg")


def test_published_files_carry_no_exif_gps_xmp_comment_or_profile(tmp_path, camera_set):
    _, picture = camera_set
    assert len(published_files(picture)) == 6
    for url in published_files(picture):
        data = (tmp_path / "output" / url.lstrip("/")).read_bytes()
        for secret in (b"Exif", MAKE, b"xmpmeta", COMMENT, b"ICC_PROFILE", b"ICCP"):
            assert secret not in data, (url, secret)
        with Image.open(BytesIO(data)) as image:
            assert len(image.getexif()) == 0, url
            assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info), (url, image.info)


def test_orientation_is_applied_and_sizes_follow_the_upright_photo(tmp_path, camera_set):
    _, picture = camera_set
    # 1600 x 1200 stored sideways is 1200 x 1600 upright: 480, 960, and its own 1200 (not 1440)
    assert [(s.width, s.height) for s in picture.webp] == [(480, 640), (960, 1280), (1200, 1600)]
    assert [(s.width, s.height) for s in picture.fallback] == [(480, 640), (960, 1280), (1200, 1600)]
    assert (picture.width, picture.height, picture.fallback_type) == (1200, 1600, "image/jpeg")
    for url in published_files(picture):
        with Image.open(tmp_path / "output" / url.lstrip("/")) as image:
            width, height = image.size
            rgb = image.convert("RGB")
            # turned clockwise, the red top-left quarter of the stored image is now top-right
            top_right = rgb.getpixel((width * 3 // 4, height // 4))
            top_left = rgb.getpixel((width // 4, height // 4))
        assert top_right[0] > 200 and top_right[2] < 60, (url, top_right)
        assert top_left[2] > 200 and top_left[0] < 60, (url, top_left)


def test_names_carry_width_and_content_key_beside_where_the_original_was(camera_set):
    _, picture = camera_set
    webp = [s.url for s in picture.webp]
    assert all(u.startswith("/images/spaces/x/desk-") for u in webp)
    assert [u.split("-")[1] for u in webp] == ["480", "960", "1200"]
    assert len({u.rsplit("-", 1)[1].split(".")[0] for u in published_files(picture)}) == 1
    assert picture.src == "/images/spaces/x/desk-960-" + webp[1].rsplit("-", 1)[1].replace(".webp", ".jpg")
    assert picture.webp_srcset == ", ".join(f"{u} {w}w" for u, w in zip(webp, (480, 960, 1200)))


def test_the_same_photo_gives_the_same_bytes(tmp_path):
    data = camera_jpeg()
    first = [(e.width, e.kind, e.data) for e in encode_all(clean_pixels(data))]
    second = [(e.width, e.kind, e.data) for e in encode_all(clean_pixels(data))]
    assert first == second
    # and through the whole path, with separate caches and outputs
    outputs = []
    for run in ("a", "b"):
        put(tmp_path / run, "images/spaces/x/desk.jpg", data)
        picture = responsive(tmp_path / run).picture_set("/images/spaces/x/desk.jpg")
        outputs.append({u: (tmp_path / run / "output" / u.lstrip("/")).read_bytes()
                        for u in published_files(picture)})
    assert outputs[0] == outputs[1]


def test_a_warm_cache_is_used_and_a_changed_photo_is_encoded_again(tmp_path):
    source = put(tmp_path, "desk.jpg", camera_jpeg())
    checked = []

    def check(path):
        checked.append(path)
        return None

    first = rendition(source, tmp_path / "cache", check=check)
    again = rendition(source, tmp_path / "cache", check=check)
    assert checked == [source], "a cached photo is not checked or encoded again"
    assert again == first
    source.write_bytes(camera_jpeg(orientation=1))
    changed = rendition(source, tmp_path / "cache", check=check)
    assert len(checked) == 2 and changed.key != first.key
    assert (changed.largest.width, changed.largest.height) == (1440, 1080)


def test_a_damaged_cache_folder_is_made_again(tmp_path):
    source = put(tmp_path, "desk.jpg", camera_jpeg())
    first = rendition(source, tmp_path / "cache")
    (first.folder / first.variants[0].file_name).unlink()
    again = rendition(source, tmp_path / "cache")
    assert all((again.folder / v.file_name).is_file() for v in again.variants)


def test_never_upscaled():
    assert widths_for(300) == [300]
    assert widths_for(480) == [480]
    assert widths_for(1000) == [480, 960, 1000]
    assert widths_for(6000) == [480, 960, 1440]


def test_transparency_keeps_a_png_fallback_and_an_opaque_png_becomes_jpeg(tmp_path):
    see_through = Image.new("RGBA", (600, 400), (0, 128, 0, 255))
    see_through.paste((0, 0, 0, 0), (0, 0, 100, 100))
    put(tmp_path, "images/a.png", encoded(see_through, "PNG"))
    put(tmp_path, "images/b.png", encoded(Image.new("RGBA", (600, 400), (0, 128, 0, 255)), "PNG"))
    images = responsive(tmp_path)
    alpha, opaque = images.picture_set("images/a.png"), images.picture_set("images/b.png")
    assert alpha.fallback_type == "image/png" and alpha.src.endswith(".png")
    assert opaque.fallback_type == "image/jpeg" and opaque.src.endswith(".jpg")
    with Image.open(tmp_path / "output" / alpha.webp[0].url.lstrip("/")) as image:
        assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0


def test_a_missing_or_wrong_file_is_an_image_problem(tmp_path):
    images = responsive(tmp_path)
    put(tmp_path, "images/plan.jpg", SVG)
    with pytest.raises(ImageProblem, match=r"^content/images/none\.jpg: there is no such file$"):
        images.picture_set("images/none.jpg")
    with pytest.raises(ImageProblem, match=r"^content/images/plan\.jpg: `plan\.jpg` is an SVG drawing"):
        images.picture_set("images/plan.jpg")
    with pytest.raises(ImageProblem, match=r"^`/\.\./secret\.jpg` points outside content/$"):
        images.picture_set("/../secret.jpg")


# --- <img> in story text becomes <picture> ---------------------------------------------------------

STORY_HTML = ('<p>Hav <img alt="Havet &quot;ved&quot; Klitmøller" src="/images/stories/hav.jpg" '
              'title="Havet"> og <img alt="Samme" src="{static}/images/stories/hav.jpg">, '
              '<img alt="Et kort" src="https://example.org/map.png"></p>')


def test_story_images_become_pictures_and_web_addresses_are_left_alone(tmp_path):
    put(tmp_path, "images/stories/hav.jpg", camera_jpeg(orientation=1))
    story = put(tmp_path, "stories/hav.md", b"")
    images = responsive(tmp_path)
    out = images.rewrite_html(STORY_HTML, str(story))
    assert images.problems == []
    assert out.count("<picture>") == 2 and "{static}" not in out
    assert '<img alt="Et kort" src="https://example.org/map.png">' in out
    picture = images.picture_set("images/stories/hav.jpg")
    assert str(picture.html('Havet "ved" Klitmøller', images.prose_sizes,
                            attributes=[("title", "Havet")])) in out
    assert 'alt="Havet &#34;ved&#34; Klitmøller"' in out
    assert 'width="1440" height="1080"' in out and 'loading="lazy"' in out


def test_story_image_problems_name_the_story_and_the_link(tmp_path):
    put(tmp_path, "images/stories/plan.jpg", SVG)
    put(tmp_path, "images/stories/hav.jpg", camera_jpeg(orientation=1))
    story = put(tmp_path, "stories/hav.md", b"")
    images = responsive(tmp_path)
    html = ('<img alt="x" src="/images/stories/none.jpg"><img alt="Plan" src="{static}/images/stories/plan.jpg">'
            '<img alt="" src="/images/stories/hav.jpg"><img alt="Diagram" src="/images/stories/d.svg">')
    out = images.rewrite_html(html, str(story))
    assert out == html, "a tag with a problem is left as it was; the build stops on the problems"
    assert images.problems == [
        "content/stories/hav.md: image `/images/stories/none.jpg`: content/images/stories/none.jpg: "
        "there is no such file",
        "content/stories/hav.md: image `{static}/images/stories/plan.jpg`: content/images/stories/"
        "plan.jpg: `plan.jpg` is an SVG drawing, not a photo; photos must be JPEG, PNG or WebP "
        "images (an SVG can carry script)",
        "content/stories/hav.md: image `/images/stories/hav.jpg`: has no alt text; write what the "
        "photo shows: ![what the photo shows](/images/stories/hav.jpg)",
        "content/stories/hav.md: image `/images/stories/d.svg`: content/images/stories/d.svg: "
        "photos must be JPEG, PNG or WebP files (.jpg, .png, .webp)",
    ]


def test_img_tags_are_found_with_quoted_angle_brackets_and_any_case():
    seen = []
    html = '<IMG SRC="a.jpg" alt="1 > 0"><img src=\'b.jpg\' alt="x" /><p>img</p>'
    out = replace_img_tags(html, lambda attrs: seen.append(attrs) or "[pic]")
    assert out == "[pic][pic]<p>img</p>"
    assert seen == [{"src": "a.jpg", "alt": "1 > 0"}, {"src": "b.jpg", "alt": "x"}]
