"""The pull-request check's job summary: problems shown as text, never as Markdown or HTML."""
from __future__ import annotations

from landhub_spaces.pr_summary import main, outside_contribution, summary


def test_all_good_for_a_space_only_pull_request():
    assert summary(0, "", 0, "", ["spaces/new.yaml", "content/images/spaces/new/desk.jpg"]) == (
        "## Landhub check\n\n**Space files:** all good.\n\n**Site build:** all good.\n")


def test_problems_are_escaped_inside_pre():
    log = "spaces/x.yaml:1: name: `<img src=x onerror=alert(1)>` ```\n## not a heading [a](javascript:x)\n"
    text = summary(1, log, 0, "", ["spaces/x.yaml"])
    assert ("<pre>spaces/x.yaml:1: name: `&lt;img src=x onerror=alert(1)&gt;` ```\n"
            "## not a heading [a](javascript:x)</pre>") in text
    assert "<img" not in text


def test_files_outside_the_contribution_folders_need_a_maintainer():
    changed = ["spaces/new.yaml", "spaces/_schema/space.schema.json", "tasks.py",
               ".github/workflows/validate.yml", "content/images/spaces/new/a.jpg", "content/pages/x.md"]
    assert outside_contribution(changed) == [".github/workflows/validate.yml", "content/pages/x.md",
                                             "spaces/_schema/space.schema.json", "tasks.py"]
    assert "**Maintainer review needed:** this pull request changes 4 file(s)" in summary(0, "", 0, "", changed)


def test_the_command_reads_its_files(tmp_path, capsys):
    (tmp_path / "v.log").write_text("spaces/x.yaml:2: status: `opne` is not allowed\n", encoding="utf-8")
    (tmp_path / "changed").write_bytes(b"spaces/x.yaml\0README.md\0")
    assert main(["--validate-code", "1", "--validate-log", str(tmp_path / "v.log"), "--build-code", "0",
                 "--build-log", str(tmp_path / "missing.log"), "--changed", str(tmp_path / "changed")]) == 0
    out = capsys.readouterr().out
    assert "<pre>spaces/x.yaml:2: status: `opne` is not allowed</pre>" in out
    assert "<pre>README.md</pre>" in out
