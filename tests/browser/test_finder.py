"""The finder (/find/) in Chromium, on a small site whose every answer can be worked out by hand
(tests/finder_site.py): position, typed town, shareable addresses, each filter, open now on a
fixed clock, denied geolocation, the keyboard, a phone's width, and JavaScript off."""
from __future__ import annotations

import json
import math
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from finder_site import BY_SLUG, LISTED, WEDNESDAY_10, WEDNESDAY_18, write_finder_site
from landhub_spaces.exports import read_spaces_json
from landhub_spaces.geography import distance_km
from landhub_spaces.slugs import fold
from site_helpers import ROOT

STRINGS = yaml.safe_load((ROOT / "theme" / "strings" / "da.yaml").read_text(encoding="utf-8"))
HOURS = STRINGS["hours_js"]
WORDS = STRINGS["finder_js"]
KLITMOELLER = (57.04072, 8.49144)  # GeoNames' point for the town, as in towns.json
NEXOE = (55.06067, 15.13058)
# Far from any browser's own zone, so only Europe/Copenhagen can give the expected answers.
OTHER_ZONE = "America/New_York"


@pytest.fixture(scope="module")
def finder_site(tmp_path_factory):
    site = write_finder_site(tmp_path_factory.mktemp("finder-site"))
    assert site.build() == 0, "the finder's test site does not build"
    return site


@pytest.fixture(scope="module")
def server(finder_site, serve_folder):
    return serve_folder(finder_site.output)


def nearest_first(lat: float, lon: float, spaces=LISTED) -> list[str]:
    """The expected order, worked out here with the build's Python haversine."""
    return [s.slug for s in sorted(spaces, key=lambda s: (distance_km(lat, lon, s.lat, s.lon), s.slug))]


def km_text(lat, lon, space) -> str:
    km = distance_km(lat, lon, space.lat, space.lon)
    return f"{math.floor(km * 10 + 0.5) / 10:.1f}".replace(".", ",") + " km"


def open_finder(open_tab, server, query="", clock=WEDNESDAY_10, **options):
    options.setdefault("timezone_id", OTHER_ZONE)
    tab = open_tab(server, **options)
    tab.page.clock.set_fixed_time(clock)
    tab.goto("/find/" + query)
    tab.page.wait_for_selector("#finder[data-ready=true]", timeout=15_000)
    return tab


def listed(tab) -> list[str]:
    return tab.page.eval_on_selector_all("#finder-list > li", "items => items.map(i => i.dataset.slug)")


def query(tab) -> dict[str, list[str]]:
    return parse_qs(urlsplit(tab.page.url).query)


def wait_for_first(tab, slug: str) -> None:
    """Until the list is ranked from a place (its items show a distance) with `slug` first.
    Before a place is chosen the list is in name order, and may begin with the same space."""
    tab.page.wait_for_function(
        """slug => {
          const first = document.querySelector('#finder-list > li');
          return first?.dataset.slug === slug && first.querySelector('.finder-distance') !== null;
        }""", arg=slug, timeout=10_000)


def item(tab, slug: str):
    return tab.page.locator(f'#finder-list > li[data-slug="{slug}"]')


# ---- Where from: position, typed town, address ----------------------------------------------

def test_my_location_puts_the_nearest_space_first(open_tab, server):
    point = (57.05, 8.50)  # just north of Klitmøller
    tab = open_finder(open_tab, server, geolocation={"latitude": point[0], "longitude": point[1]},
                      permissions=["geolocation"])
    tab.page.get_by_role("button", name=STRINGS["finder_use_location"]).click()
    wait_for_first(tab, "havhuset-klitmoeller")
    assert listed(tab) == nearest_first(*point)
    assert query(tab) == {"lat": ["57.05"], "lon": ["8.5"]}
    count = tab.page.locator("#finder-count")
    assert count.get_attribute("role") == "status"
    assert count.inner_text() == WORDS["count_near"].format(
        count=WORDS["count_many"].format(n=len(LISTED)), place=WORDS["my_location"])
    vorupoer = BY_SLUG["vorupoer-kontor"]
    assert item(tab, vorupoer.slug).locator(".finder-distance").inner_text() == km_text(*point, vorupoer)
    tab.assert_clean()


def test_the_position_is_rounded_before_it_reaches_the_address(open_tab, server):
    tab = open_finder(open_tab, server, geolocation={"latitude": 55.061234, "longitude": 15.130987},
                      permissions=["geolocation"])
    tab.page.locator("#finder-locate").click()
    wait_for_first(tab, "nexoe-vaerksted")
    assert query(tab) == {"lat": ["55.061"], "lon": ["15.131"]}  # about 100 m, not the doorstep
    tab.assert_clean()


@pytest.mark.parametrize("typed", ["Nexø", "Nexoe", "nexo", "NEXØ"])
def test_a_typed_town_puts_the_nearest_space_first(open_tab, server, typed):
    tab = open_finder(open_tab, server)
    tab.page.locator("#finder-town").fill(typed)
    tab.page.locator("#finder-town").press("Enter")
    wait_for_first(tab, "nexoe-vaerksted")
    assert listed(tab) == nearest_first(*NEXOE)
    assert query(tab) == {"near": ["Nexø"]}  # the town's own name, whatever was typed
    assert tab.page.locator("#finder-town").input_value() == "Nexø"
    tab.assert_clean()


def test_an_unknown_town_says_so(open_tab, server):
    tab = open_finder(open_tab, server, "?near=Klitmøller")
    tab.page.locator("#finder-town").fill("Xyzzyby")
    tab.page.locator("#finder-town").press("Enter")
    message = tab.page.locator("#finder-message")
    assert message.inner_text() == WORDS["town_unknown"].format(text="Xyzzyby")
    assert message.get_attribute("role") == "status"
    assert listed(tab) == nearest_first(*KLITMOELLER)  # the last good search stays
    tab.assert_clean()


@pytest.mark.parametrize("address, first, origin", [
    ("?near=Klitm%C3%B8ller", "havhuset-klitmoeller", KLITMOELLER),
    ("?near=klitmoeller", "havhuset-klitmoeller", KLITMOELLER),
    ("?near=%C3%85benr%C3%A5", "aabenraa-faellesskab", (55.04434, 9.41741)),
    ("?lat=55.06&lon=15.13", "nexoe-vaerksted", (55.06, 15.13)),
])
def test_an_address_reproduces_the_list(open_tab, server, address, first, origin):
    tab = open_finder(open_tab, server, address)
    assert listed(tab)[0] == first
    assert listed(tab) == nearest_first(*origin)
    again = open_finder(open_tab, server, "?" + urlsplit(tab.page.url).query)
    assert listed(again) == listed(tab)
    tab.assert_clean()
    again.assert_clean()


def test_only_open_spaces_are_listed_in_name_order_before_a_place_is_chosen(open_tab, server):
    tab = open_finder(open_tab, server)
    assert sorted(listed(tab)) == sorted(s.slug for s in LISTED)
    assert "planlagt-thisted" not in listed(tab) and "lukket-hanstholm" not in listed(tab)
    # Danish order: Æ, Ø and Å come after Z, in that order
    assert [BY_SLUG[slug].name for slug in listed(tab)] == [
        "Havhuset Klitmøller", "Nexø Værksted", "Vorupør Kontor", "Ærø Kontor", "Åbenrå Fællesskab"]
    assert tab.page.locator(".finder-distance").count() == 0
    tab.assert_clean()


# ---- Filters ----------------------------------------------------------------------------------

FILTERS = [
    # (name, how to set it in the page, address parameters, the spaces that stay)
    ("open now", [("check", "#filter-open")], {"open": ["1"]},
     {"havhuset-klitmoeller", "nexoe-vaerksted"}),  # Wednesday 10:00: Mo-Fr 8-17 and 24/7
    ("day pass", [("check", "#filter-daypass")], {"daypass": ["1"]},
     {"havhuset-klitmoeller", "vorupoer-kontor", "aabenraa-faellesskab", "aeroe-kontor"}),
    ("highest price", [("fill", "#filter-maxprice", "100")], {"maxprice": ["100"]},
     {"havhuset-klitmoeller", "aabenraa-faellesskab"}),
    ("one amenity", [("check", "#filter-amenity-fiber")], {"amenity": ["fiber"]},
     {"havhuset-klitmoeller", "aabenraa-faellesskab", "nexoe-vaerksted"}),
    ("two amenities", [("check", "#filter-amenity-fiber"), ("check", "#filter-amenity-meeting_room")],
     {"amenity": ["fiber", "meeting_room"]}, {"havhuset-klitmoeller"}),
    ("region", [("select", "#filter-region", "region-syddanmark")], {"region": ["region-syddanmark"]},
     {"aabenraa-faellesskab", "aeroe-kontor"}),
]


@pytest.mark.parametrize("name, actions, params, expected", FILTERS, ids=[f[0] for f in FILTERS])
def test_each_filter_narrows_the_list(open_tab, server, name, actions, params, expected):
    tab = open_finder(open_tab, server, "?near=Klitm%C3%B8ller")
    details = tab.page.locator("#finder-filters")
    if not details.evaluate("d => d.open"):  # open from 60em, as here; closed on a phone
        details.locator("summary").click()
    for action in actions:
        kind, selector, *value = action
        field = tab.page.locator(selector)
        if kind == "check":
            field.check()
        elif kind == "fill":
            field.fill(value[0])
        else:
            field.select_option(value[0])
    remaining = [s for s in LISTED if s.slug in expected]
    tab.page.wait_for_function("n => document.querySelectorAll('#finder-list > li').length === n",
                               arg=len(remaining), timeout=10_000)
    assert listed(tab) == nearest_first(*KLITMOELLER, spaces=remaining)
    assert query(tab) == {"near": ["Klitmøller"], **params}
    count = WORDS["count_one"] if len(remaining) == 1 else WORDS["count_many"].format(n=len(remaining))
    assert tab.page.locator("#finder-count").inner_text().startswith(count + ",")
    # the shared address gives the same list
    again = open_finder(open_tab, server, "?" + urlsplit(tab.page.url).query)
    assert listed(again) == listed(tab)
    tab.assert_clean()
    again.assert_clean()


def test_counts_beside_the_filters_follow_the_other_filters(open_tab, server):
    tab = open_finder(open_tab, server, "?near=Klitm%C3%B8ller")
    facet = lambda key: tab.page.locator(f'.facet-count[data-facet="{key}"]').inner_text()  # noqa: E731
    assert facet("open") == "(2)"
    assert facet("daypass") == "(4)"
    assert facet("amenity:fiber") == "(3)"
    assert facet("amenity:kitchen") == "(2)"
    assert facet("amenity:shower") == "(0)"
    region = tab.page.locator("#filter-region option[value=region-syddanmark]").inner_text()
    assert region == "Region Syddanmark (2)"
    tab.page.locator("#filter-daypass").check()
    tab.page.wait_for_function("() => location.search.includes('daypass=1')")
    assert facet("amenity:fiber") == "(2)"  # Nexø has fibre but no day pass
    assert facet("open") == "(1)"
    assert tab.page.locator("#filter-region option[value='']").inner_text().endswith("(4)")
    tab.page.get_by_role("button", name=STRINGS["finder_reset"]).click()
    tab.page.wait_for_function("() => !location.search.includes('daypass')")
    assert len(listed(tab)) == len(LISTED)
    tab.assert_clean()


# ---- Open now, on a fixed clock -------------------------------------------------------------

def test_open_now_follows_the_clock_in_copenhagen(open_tab, server):
    tab = open_finder(open_tab, server, "?near=Klitm%C3%B8ller", clock=WEDNESDAY_10)
    hours = lambda slug: item(tab, slug).locator(".finder-hours").inner_text()  # noqa: E731
    assert hours("havhuset-klitmoeller") == HOURS["open_until"].format(time="17")
    assert hours("vorupoer-kontor") == HOURS["opens_day"].format(day="lørdag", time="10")
    assert hours("nexoe-vaerksted") == HOURS["open_always"]
    assert hours("aabenraa-faellesskab") == HOURS["not_listed"]  # never "closed"
    assert hours("aeroe-kontor") == HOURS["irregular"]
    tab.assert_clean()

    evening = open_finder(open_tab, server, "?near=Klitm%C3%B8ller&open=1", clock=WEDNESDAY_18)
    assert listed(evening) == ["nexoe-vaerksted"]  # only the 24/7 one at 18:00
    evening.page.locator("#filter-open").uncheck()
    evening.page.wait_for_function("() => !location.search.includes('open=1')")
    assert item(evening, "havhuset-klitmoeller").locator(".finder-hours").inner_text() == \
        HOURS["opens_tomorrow"].format(time="8")
    evening.assert_clean()


@pytest.mark.parametrize("slug, clock, expected", [
    ("havhuset-klitmoeller", WEDNESDAY_10, HOURS["open_until"].format(time="17")),
    ("havhuset-klitmoeller", WEDNESDAY_18, HOURS["opens_tomorrow"].format(time="8")),
    ("vorupoer-kontor", WEDNESDAY_10, HOURS["opens_day"].format(day="lørdag", time="10")),
    ("nexoe-vaerksted", WEDNESDAY_18, HOURS["open_always"]),
])
def test_space_page_says_open_now_or_when_it_opens(open_tab, server, finder_site, slug, clock, expected):
    tab = open_tab(server, timezone_id=OTHER_ZONE)
    tab.page.clock.set_fixed_time(clock)
    tab.goto(f"/spaces/{slug}/")
    line = tab.page.locator(".open-now")
    line.wait_for(state="visible", timeout=10_000)
    assert line.inner_text() == expected
    data = read_spaces_json((finder_site.output / "spaces.json").read_text(encoding="utf-8"))
    row = next(space for space in data if space["slug"] == slug)
    assert json.loads(line.get_attribute("data-hours")) == row["hours"]  # the same intervals
    tab.assert_clean()


@pytest.mark.parametrize("slug", ["aabenraa-faellesskab", "aeroe-kontor"])
def test_space_page_without_regular_hours_has_no_open_now_line(open_tab, server, slug):
    tab = open_tab(server)
    tab.goto(f"/spaces/{slug}/")
    assert tab.page.locator(".open-now").count() == 0
    tab.assert_clean()


# ---- Geolocation refused or missing ---------------------------------------------------------

def test_denied_geolocation_shows_the_message(open_tab, server):
    tab = open_finder(open_tab, server, "?near=Klitm%C3%B8ller")
    tab.context.clear_permissions()
    tab.page.locator("#finder-locate").click()
    message = tab.page.locator("#finder-message")
    tab.page.wait_for_function("text => document.getElementById('finder-message').textContent === text",
                               arg=WORDS["geo_denied"], timeout=10_000)
    assert message.is_visible()
    assert listed(tab) == nearest_first(*KLITMOELLER)  # the list stays as it was
    tab.assert_clean()


# ---- Keyboard, screen reader, phone, no JavaScript -------------------------------------------

def test_town_suggestions_work_from_the_keyboard(open_tab, server):
    tab = open_finder(open_tab, server)
    town = tab.page.locator("#finder-town")
    town.focus()
    tab.page.keyboard.type("åbenr")
    assert town.get_attribute("aria-expanded") == "true"
    options = tab.page.locator("#finder-town-list [role=option]")
    assert options.first.inner_text() == "Aabenraa"  # å typed, aa in GeoNames' spelling
    tab.page.keyboard.press("ArrowDown")
    active = town.get_attribute("aria-activedescendant")
    assert tab.page.locator(f"#{active}").inner_text() == "Aabenraa"
    assert tab.page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    tab.page.keyboard.press("Enter")
    wait_for_first(tab, "aabenraa-faellesskab")
    assert town.get_attribute("aria-expanded") == "false"
    assert query(tab) == {"near": ["Aabenraa"]}
    # Escape closes the list without choosing
    town.fill("")
    tab.page.keyboard.type("Nex")
    assert town.get_attribute("aria-expanded") == "true"
    tab.page.keyboard.press("Escape")
    assert town.get_attribute("aria-expanded") == "false"
    assert query(tab) == {"near": ["Aabenraa"]}
    tab.assert_clean()


def test_every_control_is_reached_with_tab(open_tab, server):
    tab = open_finder(open_tab, server, "?near=Klitm%C3%B8ller", viewport={"width": 1280, "height": 900})
    reached = []
    tab.page.locator("#finder-locate").focus()
    for _ in range(40):
        reached.append(tab.page.evaluate("() => document.activeElement.id || document.activeElement.textContent.trim()"))
        tab.page.keyboard.press("Tab")
    for wanted in ("finder-locate", "finder-town", "filter-open", "filter-daypass", "filter-maxprice",
                   "filter-amenity-fiber", "filter-region", "finder-reset"):
        assert wanted in reached, (wanted, reached)
    assert BY_SLUG["havhuset-klitmoeller"].name in reached  # the first result's link
    tab.assert_clean()


def test_map_shows_the_same_results_as_the_list(open_tab, server):
    tab = open_finder(open_tab, server, "?near=Klitm%C3%B8ller&amenity=fiber")
    tab.wait_for_map("#map-finder")
    titles = tab.page.eval_on_selector_all("#map-finder .finder-marker", "ms => ms.map(m => m.title)")
    assert titles == [f"{i}. {BY_SLUG[slug].name}" for i, slug in enumerate(listed(tab), 1)]
    tab.page.locator("#filter-amenity-fiber").uncheck()
    tab.page.wait_for_function(f"() => document.querySelectorAll('#map-finder .finder-marker').length === {len(LISTED)}")
    tab.assert_clean()


def test_result_shows_name_town_distance_price_and_amenities(open_tab, server):
    tab = open_finder(open_tab, server, "?near=N%C3%B8rre%20Vorup%C3%B8r")
    space = BY_SLUG["havhuset-klitmoeller"]
    result = item(tab, space.slug)
    link = result.locator("h3 a")
    assert link.inner_text() == space.name
    assert link.get_attribute("href").endswith(f"/spaces/{space.slug}/")
    assert result.locator(".finder-town-name").inner_text() == space.town
    assert result.locator(".finder-price").inner_text() == "Dagspas 100 kr."
    assert result.locator(".finder-amenities li").all_inner_texts() == ["Fibernet", "Mødelokale", "Køkken"]
    distance = result.locator(".finder-distance").inner_text()
    assert distance.endswith(" km") and "," in distance and "." not in distance  # "12,3 km"
    assert item(tab, "nexoe-vaerksted").locator(".finder-price").inner_text() == WORDS["no_day_pass"]
    tab.assert_clean()


def test_fits_a_phone_360_px_wide(open_tab, server):
    tab = open_finder(open_tab, server, "?near=Klitm%C3%B8ller&amenity=fiber",
                      viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    assert tab.page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert tab.page.locator("#finder-locate").is_visible()
    assert tab.page.locator("#finder-list > li").first.is_visible()
    tab.assert_clean()


def test_without_javascript_the_page_points_to_the_directory(open_tab, server):
    tab = open_tab(server, java_script_enabled=False)
    tab.goto("/find/")
    link = tab.page.locator(".finder-fallback a")
    assert link.is_visible()
    assert link.get_attribute("href") == "/spaces/"
    assert not tab.page.locator("#finder").is_visible()
    tab.assert_clean()


def test_header_and_home_page_link_the_finder(open_tab, server):
    tab = open_tab(server)
    tab.goto("/")
    tab.page.get_by_role("link", name=STRINGS["home_cta_find"]).click()
    tab.page.wait_for_url("**/find/")
    nav = tab.page.get_by_role("navigation", name=STRINGS["nav_label"])
    assert nav.get_by_role("link", name=STRINGS["nav_find"]).get_attribute("aria-current") == "page"
    tab.assert_clean()


# ---- Folding: the browser and the build agree -------------------------------------------------

TRICKY = ["Aabenraa", "Åbenrå", "ÅBENRÅ", "Nexø", "Nexoe", "Ærø", "Aeroe", "Ærøskøbing", "Sønderborg",
          "Højer", "Tønder", "Nørre Vorupør", "Vorupør", "Faaborg", "Fåborg", "Hals", "Als",
          "Sankt Klemens", "Kerteminde-by", "Skælskør", "Grenå", "Løgstør", "Ålbæk", "Brøndby Strand",
          "Munkebo ", " Ebeltoft", "Slagelse’s", "Malmö", "Flensburg-Mürwik", "Straße", "Łódź",
          "Ølstykke-Stenløse", "Å", "øø", "Café", "A\u030abenra\u030a"]  # the last: å decomposed


def test_browser_fold_agrees_with_the_build(open_tab, server, finder_site):
    towns = json.loads((finder_site.output / "find" / "towns.json").read_text(encoding="utf-8"))
    names = TRICKY + [row[0] for row in towns["rows"]]
    tab = open_finder(open_tab, server)
    folded = tab.page.evaluate("names => names.map(n => window.LandhubFinder.fold(n))", names)
    mismatches = [(n, js, fold(n)) for n, js in zip(names, folded) if js != fold(n)]
    assert not mismatches
    assert len(set(folded[:3])) == 1 and folded[0] == "aabenraa"
    assert folded[3] == folded[4] == "nexoe"
    assert folded[5] == folded[6] == "aeroe"
    tab.assert_clean()


# ---- At scale: synthetic spaces (plugins/landhub_bench/synthetic.py) ---------------------------

@pytest.fixture(scope="module")
def many(tmp_path_factory, serve_folder):
    from landhub_bench.synthetic import synthetic_space_objects, write_synthetic_spaces
    from site_helpers import SyntheticSite

    site = SyntheticSite(tmp_path_factory.mktemp("finder-many"))
    write_synthetic_spaces(site.spaces, 70, ROOT / "spaces", seed=7)
    assert site.build() == 0
    spaces = [s for s in synthetic_space_objects(70, ROOT / "spaces", seed=7) if s.status == "open"]
    return serve_folder(site.output), spaces


def test_browser_ranks_like_the_build_and_shows_more_on_request(open_tab, many):
    server, spaces = many
    origin = (55.04434, 9.41741)  # Aabenraa in towns.json
    expected = [s.slug for s in sorted(spaces, key=lambda s: (
        distance_km(*origin, s.location.lat, s.location.lon), s.slug))]
    tab = open_finder(open_tab, server, "?near=Aabenraa")
    assert listed(tab) == expected[:20]
    assert tab.page.locator("#finder-count").inner_text() == (
        WORDS["count_near"].format(count=WORDS["count_many"].format(n=len(spaces)), place="Aabenraa")
        + " " + WORDS["shown"].format(shown=20, total=len(spaces)))
    more = tab.page.get_by_role("button", name=WORDS["more"])
    more.click()
    assert listed(tab) == expected[:40]
    # the focus goes to the first new result, so a keyboard user carries on from there
    assert tab.page.evaluate("() => document.activeElement.closest('li').dataset.slug") == expected[20]
    assert tab.page.locator("#map-finder .finder-marker").count() == 40
    everything = tab.page.evaluate("""() => {
      const root = document.getElementById('finder');
      return fetch(root.dataset.spaces).then(r => r.json()).then(doc => {
        const spaces = LandhubFinder.readSpaces(doc, JSON.parse(root.dataset.amenities));
        const none = {open: false, daypass: false, maxprice: null, amenities: 0, region: ''};
        return LandhubFinder.rank(spaces, {lat: 55.04434, lon: 9.41741}, none, 0).map(e => e.space.slug);
      });
    }""")
    assert everything == expected
    tab.assert_clean()
