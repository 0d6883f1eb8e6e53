"""The "Tilføj dit sted" page and the rules file its form reads, in the real build."""
from __future__ import annotations

import json

import yaml

from site_helpers import ROOT, page, settings, text_of

SCHEMA = json.loads((ROOT / "spaces" / "_schema" / "space.schema.json").read_text(encoding="utf-8"))
MUNICIPALITIES = yaml.safe_load((ROOT / "spaces" / "_vocab" / "municipalities.yaml").read_text(encoding="utf-8"))
AMENITIES = yaml.safe_load((ROOT / "spaces" / "_vocab" / "amenities.yaml").read_text(encoding="utf-8"))
PAGE = "tilfoej-dit-sted/"


def rules(real_site) -> dict:
    return json.loads((real_site / "space-rules.json").read_text(encoding="utf-8"))


def test_the_rules_are_the_schema_and_vocabularies(real_site):
    found = rules(real_site)
    schema = found["schema"]
    # the schema's rules and field order, only the prose left out
    assert list(schema["properties"]) == list(SCHEMA["properties"])
    assert schema["properties"]["address"]["properties"]["postcode"]["pattern"] == \
        SCHEMA["properties"]["address"]["properties"]["postcode"]["pattern"]
    assert schema["required"] == SCHEMA["required"]
    assert "description" in schema["properties"] and "description" not in schema["properties"]["name"]
    names = sorted(m for region in MUNICIPALITIES["regions"] for m in region["municipalities"])
    assert found["municipalities"] == names and len(names) == 98
    assert found["amenities"] == {key: label["da"] for key, label in AMENITIES.items()}
    assert found["contact"] == ["website", "email", "phone"]
    assert found["slug"]["letters"]["ø"] == "oe" and found["slug"]["letters"]["é"] == "e"
    assert found["schema_comment"] == "# yaml-language-server: $schema=./_schema/space.schema.json"


def test_the_page_keeps_its_text_and_has_the_form(real_site):
    soup = page(real_site, PAGE)
    text = text_of(soup.main)
    assert "Driver du et kontorfællesskab eller et coworking-sted på landet?" in text
    assert "Sådan gør du uden formularen" in text and "Gode råd" in text
    form = soup.find("form", id="add-space-form")
    assert form.has_attr("hidden") and form.has_attr("novalidate")  # shown by the script
    assert form["data-rules"] == f"{settings()['SITEURL']}/space-rules.json"
    assert form["data-new-file-url"] == "https://github.com/landhub-dk/landhub/new/main"
    issue = soup.find("a", href="https://github.com/landhub-dk/landhub/issues/new?template=add-space.yml")
    assert issue is not None
    # choices come from the schema and the vocabularies
    municipality = form.find("select", id="f-address-municipality")
    assert [o["value"] for o in municipality.find_all("option")][1:] == \
        [m for region in MUNICIPALITIES["regions"] for m in region["municipalities"]]
    assert [o["label"] for o in municipality.find_all("optgroup")] == [r["name"] for r in MUNICIPALITIES["regions"]]
    assert [i["value"] for i in form.find_all("input", attrs={"name": "amenities"})] == \
        SCHEMA["properties"]["amenities"]["items"]["enum"]
    assert [o["value"] for o in form.find("select", id="f-status").find_all("option")] == \
        SCHEMA["properties"]["status"]["enum"]
    # every field has a label, and every input the schema requires says so
    for control in form.find_all(["input", "select", "textarea"]):
        assert soup.find("label", attrs={"for": control["id"]}), control["id"]
    for name in ("name", "address.postcode", "address.town", "location.lat", "description.da", "last_verified"):
        assert form.find(attrs={"name": name})["aria-required"] == "true", name


def test_the_script_is_a_file_and_nothing_inline(real_site):
    soup = page(real_site, PAGE)
    scripts = soup.find_all("script")
    assert [s.get("src") for s in scripts if s.get("src", "").endswith("add-space.js")] == ["/theme/js/add-space.js"]
    for script in scripts:
        assert script.get("src") or script.get("type") in ("application/ld+json", "application/json"), script
    for tag in soup.find_all(True):
        assert not any(attr.startswith("on") for attr in tag.attrs), tag.name
        assert "style" not in tag.attrs, tag.name
    assert (real_site / "theme" / "js" / "add-space.js").is_file()
    assert (real_site / "theme" / "css" / "add-space.css").is_file()
