"""spaces.json read in Chromium by theme/static/js/spaces-data.js gives every space exactly what
the build put in: the same values as exports.read_spaces_json, slugs made from names included."""
from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from landhub_bench.synthetic import synthetic_space_objects
from landhub_spaces.exports import read_spaces_json, slug_follows_name, spaces_json
from landhub_spaces.slugs import slugify
from site_helpers import ROOT

SCRIPT = ROOT / "theme" / "static" / "js" / "spaces-data.js"
# Plain names (ASCII and æ, ø, å): the browser makes their slugs; every ASCII character once.
PLAIN_NAMES = ["ÆRØ--å 1!", "  Kontor  i  Ø ", "Stationen.Co", "Æblehaven", "Øster Åby 2",
               "x-y_z", "123", "Cowork Klitmøller", "".join(chr(c) for c in range(32, 127)) + "a"]
# The rest carry their slug.
OTHER_NAMES = ["Surf & Work – Silicon VØ", "Café Øst", "Straße Ærø", "Ｆｕｌｌ Ｗｉｄｔｈ"]

READ = """async () => {
  const doc = await (await fetch("/spaces.json")).json();
  return window.LandhubSpacesData.read(doc);
}"""


@pytest.fixture(scope="module")
def data_page(tmp_path_factory, serve_folder, browser):
    folder = tmp_path_factory.mktemp("spaces-data")
    base = synthetic_space_objects(200, ROOT / "spaces")
    odd = [replace(base[i], name=name, slug=slugify(name))
           for i, name in enumerate(PLAIN_NAMES + OTHER_NAMES)]
    odd.append(replace(base[-1], name="Kontoret", slug="et-andet-navn"))  # not the name's own
    odd[0] = replace(odd[0], status="closed", opening_hours=None)
    spaces = base[len(odd):-1] + odd
    text = spaces_json(spaces, {s.slug: f"/spaces/{s.slug}/" for s in spaces})
    (folder / "spaces.json").write_text(text, encoding="utf-8")
    shutil.copyfile(SCRIPT, folder / "spaces-data.js")
    (folder / "index.html").write_text('<!doctype html><title>t</title><script src="spaces-data.js"></script>',
                                       encoding="utf-8")
    server = serve_folder(folder)
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.base + "/")
    yield page, text, spaces
    context.close()


def test_the_browser_reads_every_space_as_python_does(data_page):
    page, text, spaces = data_page
    assert page.evaluate(READ) == read_spaces_json(text)
    assert len(read_spaces_json(text)) == len(spaces)


def test_the_browser_makes_the_left_out_slugs_as_slugify_does(data_page):
    page, text, spaces = data_page
    assert all(slug_follows_name(s) for s in spaces if s.name in PLAIN_NAMES)
    assert not any(slug_follows_name(s) for s in spaces if s.name in OTHER_NAMES)
    made = page.evaluate("names => names.map(window.LandhubSpacesData.slugFromName)", PLAIN_NAMES)
    assert made == [slugify(name) for name in PLAIN_NAMES]


def test_an_older_file_is_refused(data_page):
    page, _, _ = data_page
    message = page.evaluate("""() => {
      try { window.LandhubSpacesData.read({version: 1, columns: [], rows: []}); return "read"; }
      catch (error) { return error.message; }
    }""")
    assert message == "spaces.json version 1, expected 2"
