"""A site with more spaces than fit on a list page, for the directory's pages (place_pages.py).

250 synthetic spaces (plugins/landhub_bench/synthetic.py: valid files all over the country)
plus a page and a half of spaces in Thisted, so one municipality needs two pages, and three
spaces whose slugs ("page", "a-z", "24") look like a list page's address. Built with a small
page size, so the A–Å list has enough pages to leave numbers out of its page links.
"""
from __future__ import annotations

from pathlib import Path

from site_helpers import SPACES, SyntheticSite, build, good_space_text

PAGE_SIZE = 20
SYNTHETIC = 250
IN_THISTED = 30  # more than PAGE_SIZE: Thisted's page continues on a second one
LOOKALIKES = ("Page", "A-Z", "24")  # slugs page, a-z, 24


def write_paged_site(root: Path) -> SyntheticSite:
    from landhub_bench.synthetic import write_synthetic_spaces

    site = SyntheticSite(root)
    write_synthetic_spaces(site.spaces, SYNTHETIC, SPACES)
    names = [f"Thisted Kontor {i}" for i in range(1, IN_THISTED + 1)] + list(LOOKALIKES)
    for number, name in enumerate(names):
        slug = name.lower().replace(" ", "-")
        site.write_space(f"{slug}.yaml", good_space_text(
            name, website=f"website: https://{slug.replace('-', '')}.example.org/",
            location=f"location:\n  lat: {56.9 + number / 1000:.4f}\n  lon: 8.5"))
    return site


def build_paged_site(site: SyntheticSite) -> int:
    return build(site.output, {**site.overrides(), "DIRECTORY_PAGE_SIZE": PAGE_SIZE})
