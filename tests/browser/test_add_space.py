"""The add-your-space form in Chromium: the file it shows passes the Python validator, its
messages come from the schema's rules, and its GitHub link carries exactly that file.

github.com is never reached: the test answers that request itself and reads its URL.
"""
from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from landhub_spaces.loader import load_space_file
from landhub_spaces.slugs import slugify
from landhub_spaces.validation import validate_spaces
from site_helpers import ROOT, SPACES, settings

PAGE = "/tilfoej-dit-sted/"
FORM = "#add-space-form"
SUBMIT = "#add-space-form button[type=submit]"
NEW_FILE = f"{settings()['LANDHUB_REPO_URL']}/new/main"


def open_form(open_tab, real_server):
    tab = open_tab(real_server)
    tab.goto(PAGE)
    tab.page.wait_for_selector(f"{FORM}:not([hidden])", timeout=15_000)
    return tab


def fill_required(page, name="Kontorhuset Hurup", website="https://kontorhuset-hurup.example.dk/"):
    page.fill("#f-name", name)
    page.fill("#f-address-postcode", "7760")
    page.fill("#f-address-town", "Hurup")
    page.select_option("#f-address-municipality", "Thisted")
    page.fill("#f-location-lat", "56.7494")
    page.fill("#f-location-lon", "8.4195")
    page.select_option("#f-location-precision", "town")
    page.fill("#f-description-da", "Et lille kontorfællesskab midt i byen.")
    page.fill("#f-website", website)


def make_file(tab) -> str:
    tab.page.click(SUBMIT)
    tab.page.wait_for_selector("#add-result:not([hidden])", timeout=5_000)
    return tab.page.text_content("#add-yaml")


def python_problems(tmp_path, slug: str, text: str) -> list[str]:
    """The file as the PR check sees it: the real validator, against the real spaces/."""
    path = tmp_path / f"{slug}.yaml"
    path.write_text(text, encoding="utf-8")
    result = validate_spaces(SPACES, date.today(), None, [path])
    return [str(p) for p in result.problems]


def field_errors(page) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries(
        [...document.querySelectorAll('.field-error:not([hidden])')]
          .map(e => [e.id.replace(/-error$/, ''), e.textContent]))""")


def test_a_full_form_makes_a_file_the_validator_accepts(open_tab, real_server, tmp_path):
    tab = open_form(open_tab, real_server)
    page = tab.page
    name = 'Kontor & Café "Ærø": Huset'
    fill_required(page, name=name)
    page.fill("#f-address-street", "Vestergade 3")
    page.fill("#f-description-da", "Første linje.\n\nAnden linje med **fed** tekst.")
    page.fill("#f-description-en", "A shared office.")
    page.fill("#f-email", "info@kontorhuset-hurup.example.dk")
    page.fill("#f-phone", "+45 12 34 56 78")
    page.fill("#f-opening-hours", "Mo-Fr 08:00-17:00; Sa 10:00-14:00")
    page.fill("#f-prices-day-pass", "125")
    page.fill("#f-prices-month-flex", "900")
    page.check("#f-amenity-kitchen")
    page.check("#f-amenity-fiber")
    page.fill("#f-desks", "12")
    page.select_option("#f-organisation", "association")
    page.fill("#f-founded", "2019")
    page.fill("#f-public-transport", "Bus 322 stopper 200 m væk")
    page.fill("#f-links-booking", "https://kontorhuset-hurup.example.dk/book")

    text = make_file(tab)
    slug = slugify(name)
    assert slug == "kontor-cafe-aeroe-huset"
    assert page.text_content("#add-result-lead").startswith(f"Filen hedder spaces/{slug}.yaml.")
    assert text.startswith("# yaml-language-server: $schema=./_schema/space.schema.json\n")
    assert python_problems(tmp_path, slug, text) == []

    data = load_space_file(tmp_path / f"{slug}.yaml").data
    assert data["name"] == name
    assert data["description"]["da"] == "Første linje.\n\nAnden linje med **fed** tekst.\n"
    assert data["address"] == {"street": "Vestergade 3", "postcode": "7760", "town": "Hurup",
                               "municipality": "Thisted"}
    assert data["location"] == {"lat": 56.7494, "lon": 8.4195, "precision": "town"}
    assert data["prices"] == {"day_pass": 125, "month_flex": 900}
    assert data["amenities"] == ["fiber", "kitchen"]  # in the schema's order
    assert (data["desks"], data["founded"], data["organisation"]) == (12, 2019, "association")
    assert data["last_verified"] == date.today().isoformat()
    tab.assert_clean()


def test_the_github_link_carries_the_file_and_is_never_followed_to_github(open_tab, real_server):
    tab = open_form(open_tab, real_server)
    fill_required(tab.page)
    text = make_file(tab)
    expected = f"{NEW_FILE}?filename=spaces/kontorhuset-hurup.yaml&value={quote(text, safe=chr(39) + '()*!~.-_')}"
    assert tab.page.get_attribute("#add-github", "href") == expected

    asked = []

    def answer(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/plain", body="GitHub, answered by the test")

    tab.context.route("https://github.com/**", answer)  # registered last, so it runs first
    with tab.context.expect_page() as new_tab:
        tab.page.click("#add-github")
    new_tab.value.wait_for_load_state()
    assert asked == [expected]
    query = parse_qs(urlsplit(asked[0]).query)
    assert query == {"filename": ["spaces/kontorhuset-hurup.yaml"], "value": [text]}
    tab.assert_clean()


def test_without_github_the_file_goes_by_e_mail_to_the_editors(open_tab, real_server):
    tab = open_form(open_tab, real_server)
    fill_required(tab.page)
    text = make_file(tab)
    href = tab.page.get_attribute("#add-email", "href")
    address, _, query = href.partition("?")
    assert address == f"mailto:{settings()['LANDHUB_EDITORS_EMAIL']}"
    fields = parse_qs(query)
    assert fields["body"] == [text]  # the very file the page shows, newlines and all
    assert "spaces/kontorhuset-hurup.yaml" in fields["subject"][0]
    # the page also names the address for anyone who would rather write than fill in the form
    assert tab.page.locator(f"a[href='mailto:{settings()['LANDHUB_EDITORS_EMAIL']}']").count() == 1
    tab.assert_clean()


def test_an_empty_form_lists_what_is_missing(open_tab, real_server):
    tab = open_form(open_tab, real_server)
    tab.page.click(SUBMIT)
    summary = tab.page.inner_text("#add-errors-list").splitlines()
    assert summary == [
        "Stedets navn: Skal udfyldes.", "Postnummer: Skal udfyldes.", "By: Skal udfyldes.",
        "Kommune: Skal udfyldes.", "Breddegrad: Skal udfyldes.", "Længdegrad: Skal udfyldes.",
        "Beskrivelse på dansk: Skal udfyldes.",
        "Kontakt (mindst én): Giv mindst én måde at kontakte stedet på (hjemmeside, e-mail eller telefon).",
    ]
    assert tab.page.evaluate("document.activeElement.id") == "add-errors"
    assert tab.page.is_hidden("#add-result")
    assert tab.page.get_attribute("#f-name", "aria-invalid") == "true"
    tab.assert_clean()


@pytest.mark.parametrize("field, value, message", [
    ("#f-location-lat", "57,04", "Brug punktum i stedet for komma, fx 57.0407."),
    ("#f-address-postcode", "770", "Tjek feltet: Fire cifre, fx 7700."),
    ("#f-website", "javascript:alert(1)", "Tjek feltet: Hele adressen, fx https://example.dk/"),
    ("#f-desks", "12.5", "Skriv et helt tal uden decimaler."),
    ("#f-prices-day-pass", "125 kr.", "Skriv et helt tal uden decimaler."),
    ("#f-email", "Info <info@example.dk>", "Tjek feltet: Stedets egen e-mail, fx info@example.dk"),
    ("#f-phone", "1234", "Tjek feltet: Otte cifre, gerne med +45, fx +45 12 34 56 78"),
    ("#f-name", "X", "Skal være mindst 2 tegn."),
    ("#f-name", "🙂🙂", "Navnet skal indeholde mindst ét bogstav eller tal."),
    ("#f-last-verified", "2999-01-01", "Datoen må ikke ligge i fremtiden."),
])
def test_a_bad_value_gets_its_message_and_no_file(open_tab, real_server, field, value, message):
    tab = open_form(open_tab, real_server)
    fill_required(tab.page)
    tab.page.fill(field, value)
    tab.page.click(SUBMIT)
    assert field_errors(tab.page) == {field.lstrip("#"): message}
    assert tab.page.is_hidden("#add-result")
    tab.assert_clean()


@pytest.mark.parametrize("lat, lon, message", [
    # inside the schema's ranges, south of Denmark's box
    ("54.4", "8.4195", "Punktet ligger ikke i Danmark. Tjek det på et kort (bredde 54,5-57,8, længde 8,0-15,2)."),
    ("8.4195", "56.7494", "Bredde og længde ser ud til at være byttet om. I Danmark er bredden 54,5-57,8 "
                          "og længden 8,0-15,2."),
])
def test_a_point_outside_denmark_gets_one_message(open_tab, real_server, lat, lon, message):
    tab = open_form(open_tab, real_server)
    fill_required(tab.page)
    tab.page.fill("#f-location-lat", lat)
    tab.page.fill("#f-location-lon", lon)
    tab.page.click(SUBMIT)
    assert field_errors(tab.page) == {"f-location-lat": message, "f-location-lon": message}
    tab.assert_clean()


def test_markup_in_a_name_stays_text_and_the_file_is_valid(open_tab, real_server, tmp_path):
    tab = open_form(open_tab, real_server)
    name = "<img src=x onerror=alert(1)> `${alert(1)}`"
    fill_required(tab.page, name=name)
    text = make_file(tab)
    assert tab.page.locator("#add-yaml img").count() == 0
    assert python_problems(tmp_path, slugify(name), text) == []
    assert load_space_file(tmp_path / f"{slugify(name)}.yaml").data["name"] == name
    tab.assert_clean()  # no dialog: nothing ran


@pytest.mark.parametrize("name", ["Cowork Klitmøller", "ÆBLEHUSET på Ærø", "Straße Café Žižkov",
                                  "Huset ½ & ¾", "Øster   Hurup -- Kontor"])
def test_the_file_name_is_the_one_the_validator_expects(open_tab, real_server, tmp_path, name):
    tab = open_form(open_tab, real_server)
    fill_required(tab.page, name=name, website=f"https://{slugify(name)}.example.dk/")
    text = make_file(tab)
    assert tab.page.text_content("#add-result-lead").startswith(f"Filen hedder spaces/{slugify(name)}.yaml.")
    assert python_problems(tmp_path, slugify(name), text) == []
    tab.assert_clean()


def test_the_form_follows_edits_after_the_file_is_made(open_tab, real_server):
    tab = open_form(open_tab, real_server)
    fill_required(tab.page)
    first = make_file(tab)
    tab.page.fill("#f-address-town", "Hurup Thy")
    assert tab.page.text_content("#add-yaml") == first.replace("town: Hurup\n", "town: Hurup Thy\n")
    tab.page.fill("#f-address-town", "")
    assert tab.page.is_hidden("#add-result")
    tab.assert_clean()


@pytest.mark.parametrize("width", [360, 1280])
def test_axe_finds_nothing_empty_with_errors_and_with_the_file(open_tab, real_server, width):
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.is_file():
        pytest.fail(f"{axe} is missing: run `make setup` (npm ci installs axe-core).", pytrace=False)
    tab = open_tab(real_server, viewport={"width": width, "height": 800})
    tab.goto(PAGE)
    tab.page.wait_for_selector(f"{FORM}:not([hidden])", timeout=15_000)
    tab.page.evaluate(axe.read_text(encoding="utf-8"))
    run = ("async () => (await axe.run(document, {resultTypes: ['violations']}))"
           ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))")
    assert tab.page.evaluate(run) == []
    tab.page.click(SUBMIT)
    assert tab.page.evaluate(run) == []
    fill_required(tab.page)
    make_file(tab)
    assert tab.page.evaluate(run) == []
    tab.assert_clean()
