"""The theme's strings are compiled into the templates (template_constants.py): an edited
strings file still shows on the next build's pages, with every cache on, as it does without."""
from __future__ import annotations

import shutil
from pathlib import Path

from landhub_spaces.template_cache import FOLDER
from site_helpers import ROOT, SyntheticSite, build, good_space_text, page


def tree(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes()
            for p in sorted(output.rglob("*")) if p.is_file()}


class OwnStringsSite(SyntheticSite):
    """The real settings file and theme copied into the site, so its strings file is its own
    (pelicanconf.py reads theme/strings/da.yaml next to itself)."""

    def __init__(self, root: Path):
        super().__init__(root)
        self.write_space("alfa-hub.yaml", good_space_text("Alfa Hub"))
        shutil.copytree(ROOT / "theme", root / "theme")
        shutil.copy(ROOT / "pelicanconf.py", root / "pelicanconf.py")
        self.strings = root / "theme" / "strings" / "da.yaml"

    def build_into(self, output: Path, cache: bool, monkeypatch) -> dict[str, bytes]:
        if cache:
            monkeypatch.delenv("LANDHUB_NO_CACHE", raising=False)
        else:
            monkeypatch.setenv("LANDHUB_NO_CACHE", "1")
        overrides = {**self.overrides(), "PLUGIN_PATHS": [str(ROOT / "plugins")]}
        assert build(output, overrides, settings_file=self.root / "pelicanconf.py") == 0
        return tree(output)

    def edit_strings(self, old: str, new: str) -> None:
        text = self.strings.read_text(encoding="utf-8")
        assert old in text
        self.strings.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edited_strings_file_shows_on_the_next_build(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    site = OwnStringsSite(tmp_path / "site")
    warm_out, cold_out = tmp_path / "warm", tmp_path / "cold"
    compiled = site.root / ".cache" / FOLDER

    first = site.build_into(warm_out, True, monkeypatch)
    assert first == site.build_into(cold_out, False, monkeypatch)
    heading = page(warm_out, "spaces/alfa-hub/").find(id="h-address")
    assert heading.get_text() == "Adresse"
    kept = set(compiled.glob("*.cache"))
    assert kept, "the templates' compiled code is kept"

    # Text with markup in it: escaped as the page would escape it.
    site.edit_strings("address: Adresse\n", 'address: "Post & <adresse>"\n')
    site.edit_strings("footer_data: ", "footer_data: Nyt – ")
    warm = site.build_into(warm_out, True, monkeypatch)
    assert warm == site.build_into(cold_out, False, monkeypatch)
    space = page(warm_out, "spaces/alfa-hub/")
    assert space.find(id="h-address").get_text() == "Post & <adresse>"
    assert "Post &amp; &lt;adresse&gt;" in warm["spaces/alfa-hub/index.html"].decode()
    assert space.select_one(".site-footer p").get_text().startswith("Nyt – ")  # base.html's, too
    assert warm != first
    assert set(compiled.glob("*.cache")) - kept, "compiled again for the new strings"

    # And back: the first strings' code is found again, the pages are the first build's.
    site.edit_strings('address: "Post & <adresse>"\n', "address: Adresse\n")
    site.edit_strings("footer_data: Nyt – ", "footer_data: ")
    assert site.build_into(warm_out, True, monkeypatch) == first
