"""Every story metadata rule of docs/editors.md, in real builds.

One site holds one bad story per rule; its one build must stop and name each of them at its
file and line, in the same form as a bad space file. Another site holds stories that follow
every rule and must build, showing what the metadata asks for.
"""
from __future__ import annotations

import contextlib
import io
import re

import pytest

from site_helpers import SyntheticSite, good_space_text, page, png_bytes, text_of

SPACE = "cowork-klitmoeller"  # in Thisted: Region Nordjylland


def story(*header: str, body: str = "Tekst.") -> str:
    return "\n".join(header) + "\n\n" + body + "\n"


# file name -> (text, line, field, words the message must hold)
BAD_STORIES = {
    "ukendt-sted.md": (story("Title: Ukendt sted", "Date: 2026-10-01", f"Spaces: {SPACE}, ingen-saadan",
                             "Summary: Kort."),
                       3, "Spaces", "there is no space `ingen-saadan`"),
    "ukendt-region.md": (story("Title: Ukendt region", "Date: 2026-10-01", "Summary: Kort.",
                               "Region: Nordjylland"),
                         4, "Region", "`Nordjylland` is not one of the five regions; write one of: "
                                      "Region Hovedstaden, Region Sjælland"),
    "forkert-region.md": (story("Title: Forkert region", "Date: 2026-10-01", f"Spaces: {SPACE}",
                                "Region: Region Sjælland", "Summary: Kort."),
                          4, "Region", "the spaces it names are in Region Nordjylland"),
    "billede-uden-alt.md": (story("Title: Uden alt", "Date: 2026-10-01", "Summary: Kort.",
                                  "Image: stories/hero.png", "Image_credit: Anne Fotograf"),
                            4, "Image_alt", "needs `Image_alt:`"),
    "billede-uden-kredit.md": (story("Title: Uden kredit", "Date: 2026-10-01", "Summary: Kort.",
                                     "Image: stories/hero.png", "Image_alt: Et kontor med udsigt"),
                               4, "Image_credit", "needs `Image_credit:`"),
    "billede-mangler.md": (story("Title: Billede mangler", "Date: 2026-10-01", "Summary: Kort.",
                                 "Image_alt: Et kontor", "Image_credit: Anne", "Image: stories/findes-ikke.jpg"),
                           6, "Image", "there is no file content/images/stories/findes-ikke.jpg"),
    "billede-oedelagt.md": (story("Title: Ødelagt billede", "Date: 2026-10-01", "Summary: Kort.",
                                  "Image: stories/broken.png", "Image_alt: Et kontor", "Image_credit: Anne"),
                            4, "Image", "`broken.png` is not a JPEG, PNG or WebP image"),
    "billede-svg.md": (story("Title: SVG", "Date: 2026-10-01", "Summary: Kort.", "Image: stories/hero.svg",
                             "Image_alt: Et kontor", "Image_credit: Anne"),
                       4, "Image", "is not a JPEG, PNG or WebP file"),
    "billede-udenfor.md": (story("Title: Udenfor", "Date: 2026-10-01", "Summary: Kort.",
                                 "Image: ../../pelicanconf.png", "Image_alt: Et kontor", "Image_credit: Anne"),
                           4, "Image", "must be a path inside content/images/"),
    "alt-uden-billede.md": (story("Title: Alt uden billede", "Date: 2026-10-01", "Summary: Kort.",
                                  "Image_alt: Et kontor"),
                            4, "Image_alt", "is given without `Image:`"),
    "uden-resume.md": (story("Title: Uden resumé", "Date: 2026-10-01"),
                       1, "Summary", "a published story needs `Summary:`"),
    "langt-resume.md": (story("Title: Langt resumé", "Date: 2026-10-01", "Summary: " + "ord " * 80),
                        3, "Summary", "is 319 characters; keep it under 300"),
    "skjult.md": (story("Title: Skjult", "Date: 2026-10-01", "Summary: Kort.", "Status: hidden"),
                  4, "Status", "`hidden` is not used for stories"),
    "ukendt-status.md": (story("Title: Ukendt status", "Date: 2026-10-01", "Status: udkast", "Summary: Kort."),
                         3, "Status", "`udkast` is not a status"),
    "uden-dato.md": (story("Title: Uden dato", "Summary: Kort."), 1, "Date", "needs a `Date: YYYY-MM-DD` line"),
    "uden-titel.md": (story("Date: 2026-10-01", "Summary: Kort."), 1, "Title", "needs a `Title:` line"),
    "daarlig-dato.md": (story("Title: Dårlig dato", "Date: i går", "Summary: Kort."),
                        2, "file", "Pelican could not read this story"),
    "tomt-emne.md": (story("Title: Tomt emne", "Date: 2026-10-01", "Summary: Kort.", "Tags: coworking, !!!"),
                     4, "Tags", "`!!!` gives no address for its page"),
    # Drafts follow the same rules (publishing one must not break the build).
    "kladde-ukendt-sted.md": (story("Title: Kladde", "Date: 2026-10-01", "Status: draft", "Spaces: ingen-kladde"),
                              4, "Spaces", "there is no space `ingen-kladde`"),
}
LINE = re.compile(r"content/stories/([\w.-]+):(\d+): ([\w.]+): (.*)")


def build_and_capture(site: SyntheticSite) -> tuple[int, str, str]:
    """The real build; what it prints is kept (build.py prints each problem to stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = site.build()
    return code, out.getvalue(), err.getvalue()


def build_and_read_problems(site: SyntheticSite) -> tuple[int, str, dict]:
    """The build's exit code, its stderr, and {story file: [(line, field, message), ...]}."""
    code, _out, err = build_and_capture(site)
    reported: dict = {}
    for line in err.splitlines():
        match = LINE.search(line)
        if match:
            reported.setdefault(match.group(1), []).append(
                (int(match.group(2)), match.group(3), match.group(4)))
    return code, err, reported


def with_good_space(tmp_path) -> SyntheticSite:
    site = SyntheticSite(tmp_path)
    site.write_space(f"{SPACE}.yaml", good_space_text("Cowork Klitmøller"))
    (site.content / "images" / "stories").mkdir(parents=True)
    (site.content / "images" / "stories" / "hero.png").write_bytes(png_bytes(64, 48))
    (site.content / "images" / "stories" / "hero.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (site.content / "images" / "stories" / "broken.png").write_bytes(b"not a picture at all")
    return site


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    site = with_good_space(tmp_path_factory.mktemp("bad-stories"))
    for name, (text, *_rest) in BAD_STORIES.items():
        site.write_story(name, text)
    return build_and_read_problems(site)


def test_the_build_stops_once_without_a_traceback(bad_build):
    code, err, _reported = bad_build
    assert code == 1
    assert "Traceback" not in err
    assert re.search(r"Build stopped: \d+ problems in \d+ file\(s\) \(spaces and stories\)", err), err


@pytest.mark.parametrize("name", sorted(BAD_STORIES))
def test_each_broken_rule_is_named_at_its_file_and_line(bad_build, name):
    _code, err, reported = bad_build
    _text, line, field, words = BAD_STORIES[name]
    assert name in reported, f"nothing reported for {name}:\n{err}"
    assert any(got_line == line and got_field == field and words in message
               for got_line, got_field, message in reported[name]), (name, reported[name])


def test_only_the_broken_stories_are_reported(bad_build):
    _code, err, reported = bad_build
    assert set(reported) == set(BAD_STORIES), err


# --- stories that follow every rule ------------------------------------------------------------

GOOD_STORY = story(
    "Title: Et år i Klitmøller",
    "Date: 2026-09-01",
    f"Spaces: {SPACE}",
    "Region: Region Nordjylland",
    "Summary: Et år med kontorfællesskabet ved Cold Hawaii.",
    "Tags: coworking, Cold Hawaii",
    "Authors: Anne Redaktør",
    "Image: stories/hero.png",
    "Image_alt: Et lyst kontor med udsigt over klitterne",
    "Image_credit: Anne Fotograf",
    body="Historien om et år.")
NATIONAL_STORY = story("Title: Landet rundt", "Date: 2026-08-01", "Summary: Uden sted og region.")
DRAFT = story("Title: En kladde om Thy", "Date: 2026-10-01", "Status: draft", f"Spaces: {SPACE}",
              "Region: Region Nordjylland", "Summary:", body="Endnu ikke færdig.")


@pytest.fixture(scope="module")
def good_site(tmp_path_factory) -> SyntheticSite:
    site = with_good_space(tmp_path_factory.mktemp("good-stories"))
    site.write_story("et-aar-i-klitmoeller.md", GOOD_STORY)
    site.write_story("landet-rundt.md", NATIONAL_STORY)
    site.write_story("en-kladde-om-thy.md", DRAFT)
    code, _out, err = build_and_capture(site)
    assert code == 0, err
    return site


def test_a_story_that_follows_every_rule_builds_and_shows_its_metadata(good_site):
    soup = page(good_site.output, "stories/et-aar-i-klitmoeller/")
    hero = soup.select_one("figure.story-hero")
    assert hero is not None
    assert hero.find("picture"), "landhub_images' responsive set"
    image = hero.find("img")
    assert image["alt"] == "Et lyst kontor med udsigt over klitterne"
    assert text_of(hero.find("figcaption")) == "Foto: Anne Fotograf"
    urls = [image["src"]] + [part.split()[0] for source in hero.find_all(["source", "img"])
                             for part in source.get("srcset", "").split(",") if part.strip()]
    for url in urls:
        assert (good_site.output / url.lstrip("/")).is_file(), url
    assert not (good_site.output / "images" / "stories" / "hero.png").exists(), "never the original"
    meta = text_of(soup.select_one(".story-meta"))
    assert "Region Nordjylland" in meta and "Cold Hawaii" in meta
    assert "Anne Redaktør" in text_of(soup.select_one(".byline"))
    assert soup.find("meta", attrs={"name": "description"})["content"] == \
        "Et år med kontorfællesskabet ved Cold Hawaii."


def test_the_story_links_its_space_and_the_space_page_lists_the_story(good_site):
    story_page = page(good_site.output, "stories/et-aar-i-klitmoeller/")
    assert story_page.select_one(f'.story-spaces a[href="/spaces/{SPACE}/"]')
    assert story_page.select_one(".story-spaces [data-map]"), "a story about a space shows a map"
    space_page = page(good_site.output, f"spaces/{SPACE}/")
    listed = [a["href"] for a in space_page.select('section[aria-labelledby="h-stories"] a')]
    assert listed == ["/stories/et-aar-i-klitmoeller/"], "published stories only, not the draft"


def test_a_story_without_spaces_or_region_is_fine(good_site):
    soup = page(good_site.output, "stories/landet-rundt/")
    assert soup.select_one(".story-spaces") is None
    assert soup.select_one(".story-meta") is None


def test_a_draft_may_have_no_summary_and_is_shown_in_development(good_site):
    draft = good_site.output / "drafts" / "en-kladde-om-thy" / "index.html"
    assert draft.is_file()
    soup = page(good_site.output, "drafts/en-kladde-om-thy/")
    assert soup.select_one(".draft-banner")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.select_one("article.story").get("data-pagefind-body") is None, "drafts are not searched"
    listed = [a["href"] for a in page(good_site.output, "stories/").select("section.drafts a")]
    assert listed == ["/drafts/en-kladde-om-thy/"]


def test_the_production_build_writes_no_draft_and_names_none(good_site, tmp_path):
    from site_helpers import PUBLISH_SETTINGS_FILE, build

    output = tmp_path / "published"
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = build(output, good_site.overrides(), settings_file=PUBLISH_SETTINGS_FILE)
    assert code == 0, err.getvalue()
    assert not (output / "drafts").exists()
    assert (output / "stories" / "et-aar-i-klitmoeller" / "index.html").is_file()
    for path in output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "en-kladde-om-thy" not in text and "En kladde om Thy" not in text, path
    assert page(output, "stories/").select_one("section.drafts") is None
