"""An image in a story's text that is not a file of this site stops the build at its line.

The sanitiser drops such an image (it would tell another host who reads the story, and the CSP
blocks it anyway); before, the image just went missing. Now the editor reads where and why.
"""
from __future__ import annotations

import pytest

from site_helpers import SyntheticSite, good_space_text, png_bytes
from test_story_metadata import build_and_read_problems, story

HEADER = ("Date: 2026-10-01", "Summary: Kort.")
# file name -> (text, line, the address the message quotes)
FOREIGN = {
    "markdown-https.md": (story("Title: Https", *HEADER, body="Tekst.\n\n![Havet](https://example.org/hav.jpg)"),
                          7, "https://example.org/hav.jpg"),
    "html-http.md": (story("Title: Http", *HEADER, body='Tekst.\n\nMere.\n\n<img src="http://example.org/a.png" alt="a">'),
                     9, "http://example.org/a.png"),
    "uden-skema.md": (story("Title: Uden skema", *HEADER, body="![Havet](//cdn.example.org/hav.jpg)"),
                      5, "//cdn.example.org/hav.jpg"),
    "data-adresse.md": (story("Title: Data", *HEADER, body="Et billede: ![prik](data:image/png;base64,iVBORw0KGgo=)"),
                        5, "data:image/png;base64,iVBORw0KGgo="),
    "kladde.md": (story("Title: Kladde", "Date: 2026-10-01", "Status: draft",
                        body="![Havet](HTTPS://example.org/kladde.jpg)"), 5, "HTTPS://example.org/kladde.jpg"),
}
LOCAL = story("Title: Lokalt billede", *HEADER, body="![Et kontor](/images/stories/kontor.png)\n\n"
              "[Et link til et billede andetsteds](https://example.org/hav.jpg)")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = SyntheticSite(tmp_path_factory.mktemp("story-images"))
    site.write_space("cowork-klitmoeller.yaml", good_space_text("Cowork Klitmøller"))
    (site.content / "images" / "stories").mkdir(parents=True)
    (site.content / "images" / "stories" / "kontor.png").write_bytes(png_bytes(64, 48))
    for name, (text, _line, _src) in FOREIGN.items():
        site.write_story(name, text)
    site.write_story("lokalt.md", LOCAL)
    return build_and_read_problems(site)


def test_the_build_stops_without_a_traceback(built):
    code, err, _reported = built
    assert code == 1 and "Traceback" not in err, err


@pytest.mark.parametrize("name", sorted(FOREIGN))
def test_each_image_from_elsewhere_is_named_at_its_line(built, name):
    _code, err, reported = built
    _text, line, src = FOREIGN[name]
    assert reported.get(name) == [(line, "text", (
        f"the image `{src}` is not a file of this site; story images must be files under "
        "content/images/stories/, shown as ![What it shows](/images/stories/x.jpg): save the image "
        "there (with the owner's permission), or link to it instead"))], err


def test_a_local_image_and_a_link_to_an_image_elsewhere_are_fine(built):
    _code, err, reported = built
    assert "lokalt.md" not in reported and set(reported) == set(FOREIGN), err
