"""Photos named "Mit kontor.jpg", "kontor-ø, vest.png", "a&b.webp" and "100% #1.JPEG", in
Chromium: every photo on the space page loads (WebP, the format Chromium picks) and every
fallback address answers, so no name is split or mangled on its way into src and srcset."""
from __future__ import annotations

import pytest

from photo_names_site import NAMES, SLUG, write_photo_names_site

LOADED = """() => [...document.querySelectorAll('.photos img')].map(img => ({
  alt: img.alt, done: img.complete, width: img.naturalWidth, src: img.currentSrc}))"""
FALLBACKS = """async () => {
  const urls = [];
  for (const img of document.querySelectorAll('.photos img')) {
    urls.push(img.getAttribute('src'));
    for (const entry of img.getAttribute('srcset').split(',')) urls.push(entry.trim().split(' ')[0]);
  }
  const answers = [];
  for (const url of urls) answers.push([url, (await fetch(url)).status]);
  return answers;
}"""


@pytest.fixture(scope="module")
def photo_server(tmp_path_factory, serve_folder):
    site = write_photo_names_site(tmp_path_factory.mktemp("photo-names-browser"))
    assert site.build() == 0
    return serve_folder(site.output)


def test_every_photo_loads_and_every_fallback_answers(open_tab, photo_server):
    # tall enough that no lazy photo waits below the fold
    tab = open_tab(photo_server, viewport={"width": 1200, "height": 4000})
    tab.goto(f"/spaces/{SLUG}/")
    tab.page.wait_for_function("() => [...document.querySelectorAll('.photos img')]"
                               ".every(img => img.complete)", timeout=15_000)
    photos = tab.page.evaluate(LOADED)
    assert [p["alt"] for p in photos] == [f"Foto {i}" for i in range(len(NAMES))]
    for photo in photos:
        assert photo["width"] > 0 and photo["src"].endswith(".webp"), photo
    answers = tab.page.evaluate(FALLBACKS)
    assert len(answers) == 3 * len(NAMES) and all(status == 200 for _, status in answers), answers
    tab.assert_clean()
