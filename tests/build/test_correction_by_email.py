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
