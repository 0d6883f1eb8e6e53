"""A space page offers a correction without GitHub too: an e-mail to the editors naming the file."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from site_helpers import expected_spaces, page, settings


def test_every_space_page_has_an_e_mail_naming_its_file(real_site):
    editors = settings()["LANDHUB_EDITORS_EMAIL"]
    for space in expected_spaces():
        soup = page(real_site, f"/spaces/{space.slug}/")
        links = [a["href"] for a in soup.select("footer.verify a[href^='mailto:']")]
        assert len(links) == 1, space.slug
        address = urlsplit(links[0])
        assert address.path == editors
        assert parse_qs(address.query) == {"subject": [f"Rettelse til spaces/{space.slug}.yaml"]}


def test_the_editors_pages_name_the_configured_address(real_site):
    """Markdown pages write the address out; they must not drift from LANDHUB_EDITORS_EMAIL."""
    editors = settings()["LANDHUB_EDITORS_EMAIL"]
    about = page(real_site, "/om-landhub/")
    written = {urlsplit(a["href"]).path for a in about.select("main a[href^='mailto:']")}
    assert written == {editors}


def test_contributing_names_the_configured_address():
    import re

    from site_helpers import ROOT

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert set(re.findall(r"[\w.+-]+@landhub\.dk", text)) == {settings()["LANDHUB_EDITORS_EMAIL"]}
