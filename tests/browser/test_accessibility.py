"""axe-core (from npm, node_modules/axe-core) in Chromium: no violations on any kind of page.

Each page is opened as a visitor gets it, after its map or finder has drawn; axe is then put
into the page with page.evaluate (DevTools evaluation, which the site's Content-Security-Policy
does not block, unlike an inline <script> tag) and run with its default rules. A page that is
missing fails: every kind of page listed here must exist.
"""
from __future__ import annotations

import pytest

from site_helpers import ROOT, expected_spaces, slugify

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SPACES = expected_spaces()
SPACE = SPACES[0]
REGION_SLUG = slugify(SPACE.region)  # "Region Nordjylland" -> region-nordjylland
STORY = sorted((ROOT / "content" / "stories").glob("*.md"))[0].stem
CONTENT_PAGE = "om-landhub"

# (id, path, what has to be drawn before axe looks, HTTP status)
PAGES = [
    ("home", "/", "#map-national", 200),
    ("finder", "/find/", "#finder", 200),
    ("finder-results", f"/find/?near={SPACE.town}", "#finder", 200),
    ("space", f"/spaces/{SPACE.slug}/", "#map-space", 200),
    ("directory", "/spaces/", None, 200),
    ("region", f"/regions/{REGION_SLUG}/", "#map-region", 200),
    ("story", f"/stories/{STORY}/", None, 200),
    ("content-page", f"/{CONTENT_PAGE}/", None, 200),
    ("not-found", "/no-such-page/", None, 404),
]
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary),
  }));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make setup` (npm ci installs axe-core).", pytrace=False)
    return AXE.read_text(encoding="utf-8")


def wait_until_drawn(tab, selector: str | None) -> None:
    if selector is None:
        return
    if selector == "#finder":
        tab.page.wait_for_selector("#finder[data-ready]", state="attached", timeout=15_000)
        assert tab.page.get_attribute("#finder", "data-ready") == "true", tab.errors
        # the filters are folded away in a <details>: open them, so axe sees every control
        tab.page.evaluate("() => { const d = document.querySelector('#finder-filters'); if (d) d.open = true; }")
    else:
        tab.wait_for_map(selector)


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines += [f"    {node}" for node in v["nodes"]]
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
@pytest.mark.parametrize("name, path, drawn, status", PAGES, ids=[p[0] for p in PAGES])
def test_axe_finds_no_violations(open_tab, real_server, axe_source, name, path, drawn, status, viewport):
    tab = open_tab(real_server, viewport=VIEWPORTS[viewport])
    tab.goto(path, expect_status=status)
    wait_until_drawn(tab, drawn)
    tab.page.evaluate(axe_source)
    assert tab.page.evaluate("() => typeof axe === 'object' && typeof axe.run === 'function'")
    violations = tab.page.evaluate(RUN_AXE)
    assert not violations, f"{path} at {viewport} width:\n{describe(violations)}"
    tab.assert_clean()


def test_axe_is_the_installed_version():
    """The check is only as good as the rules it runs: the pinned axe-core, from npm."""
    import json

    package = json.loads((ROOT / "node_modules" / "axe-core" / "package.json").read_text(encoding="utf-8"))
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    assert package["version"] == pinned


def test_axe_does_report_a_violation(open_tab, real_server, axe_source):
    """A page made worse on purpose (an image without alt, a field without a label) must fail,
    so a run that finds nothing really looked."""
    tab = open_tab(real_server)
    tab.goto("/spaces/")
    tab.page.evaluate("""() => {
      const main = document.querySelector('main');
      const img = document.createElement('img'); img.src = '/theme/none.png'; main.append(img);
      const input = document.createElement('input'); input.type = 'text'; main.append(input);
    }""")
    tab.page.evaluate(axe_source)
    ids = {v["id"] for v in tab.page.evaluate(RUN_AXE)}
    assert {"image-alt", "label"} <= ids, ids

