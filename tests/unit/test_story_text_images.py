"""story_html.foreign_images: the images the sanitiser drops because they live elsewhere."""
from __future__ import annotations

import pytest

from landhub_spaces.story_html import foreign_images, sanitise_story_html


@pytest.mark.parametrize("html, found", [
    ('<p><img alt="a" src="https://example.org/a.jpg?x=1&amp;y=2"></p>', ["https://example.org/a.jpg?x=1&y=2"]),
    ('<img src=" HTTP://example.org/a.png">', ["HTTP://example.org/a.png"]),
    ('<img src="//example.org/a.png" /><img src="//example.org/a.png">', ["//example.org/a.png"]),
    ('<img src="data:image/png;base64,AAAA">', ["data:image/png;base64,AAAA"]),
    ('<img src="/images/stories/a.png" alt="a"><img src="{static}/images/b.png">', []),
    ('<a href="https://example.org/a.jpg">a link may point anywhere</a>', []),
    ('<!-- <img src="https://example.org/a.png"> -->', []),
    ('<img src="javascript:alert(1)">', []),  # script, not an image: dropped without a word
])
def test_foreign_images(html, found):
    assert foreign_images(html) == found


def test_every_image_it_finds_is_one_the_sanitiser_drops():
    html = '<p><img alt="a" src="https://example.org/a.jpg"><img alt="b" src="data:image/png;base64,AA"></p>'
    assert len(foreign_images(html)) == 2
    assert "<img" not in sanitise_story_html(html)
