"""What each kind of suppression says in the reports: a suppressions-file entry is SARIF
``external`` (a comment is ``inSource``), a comment naming no rule is reported with a
did-you-mean, an unused entry is told to be removed or corrected (not a comment's
``sed``), and an audit's JSON and GitLab fingerprints are its SARIF's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from conftest import FIXTURES
from test_suppressions_file import lacp_repo, report, run, write

KEYFILE = """[connection]
id=bond0
type=bond
interface-name=bond0

# bondlint: ignore {rules} lab bond, rebuilt weekly
[bond]
mode=active-backup
miimon=100
"""


def sarif(*args: str, cwd: Path) -> dict:
    result = run("scan", "--format", "sarif", *args, cwd=cwd)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_an_entry_of_the_suppressions_file_is_an_external_suppression(tmp_path: Path) -> None:
    repo = lacp_repo(tmp_path, " ! bondlint: ignore BL038 vendor default kept (CHG-1)\n")
    write(repo, '  - {rule: BL038, port: eno2, reason: "pulled config, no comments (CHG-9)"}\n')
    log = sarif("--select", "BL038,BL051", "--include-suppressed", ".", cwd=repo)
    kinds = sorted(
        (s["kind"], s.get("justification"), json.dumps(s.get("location"), sort_keys=True))
        for result in log["runs"][0]["results"]
        for s in result.get("suppressions", [])
    )
    entry_at = {
        "physicalLocation": {
            "artifactLocation": {"uri": ".bondlint-suppressions.yaml", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 2},
        }
    }
    assert kinds == [
        ("external", "pulled config, no comments (CHG-9)", json.dumps(entry_at, sort_keys=True)),
        ("inSource", "vendor default kept (CHG-1)", "null"),
    ]


def test_a_comment_naming_no_rule_is_reported_with_a_did_you_mean(tmp_path: Path) -> None:
    (tmp_path / "bond0.nmconnection").write_text(KEYFILE.format(rules="no-link-monitorin"))
    found = report(".", cwd=tmp_path)
    assert [(f["rule"], f["line"], f["message"]) for f in found["findings"] if f["rule"] == "BL051"] == [
        ("BL051", 6, "suppression of no-link-monitorin names no rule: did you mean no-link-monitoring?")
    ]
    # Beside a rule it does suppress, the typo is still reported.
    (tmp_path / "bond0.nmconnection").write_text(KEYFILE.format(rules="BL009,no-link-monitorin"))
    found = report("--select", "BL009,BL051", ".", cwd=tmp_path)  # BL009 is opt-in
    assert [f["rule"] for f in found["suppressed"]] == ["BL009"]
    assert [(f["rule"], f["line"], f["message"]) for f in found["findings"] if f["rule"] == "BL051"] == [
        (
            "BL051",
            6,
            "suppression of BL009, no-link-monitorin names no rule with no-link-monitorin:"
            " did you mean no-link-monitoring?",
        )
    ]
    # A rule that exists but did not run (--select) is no typo, and unused means nothing then.
    (tmp_path / "bond0.nmconnection").write_text(KEYFILE.format(rules="BL009"))
    assert report("--select", "BL001,BL051", ".", cwd=tmp_path)["findings"] == []


def test_an_unused_entry_is_told_to_be_removed_or_corrected(tmp_path: Path) -> None:
    repo = lacp_repo(tmp_path)
    write(repo, "  - {rule: BL038, bond: bond1, reason: no such bond}\n")
    (found,) = [f for f in report("--select", "BL038,BL051", ".", cwd=repo)["findings"] if f["rule"] == "BL051"]
    assert (found["rule"], found["path"], found["line"]) == ("BL051", ".bondlint-suppressions.yaml", 2)
    assert found["message"] == "suppression of BL038 matches no finding: remove the entry or correct what it names"
    text = run("scan", "--select", "BL038,BL051", ".", cwd=repo).stdout
    assert "sed -i" not in text and "matches no finding: remove the entry or correct" in text
    # A comment is still told to go or to move.
    (tmp_path / "k").mkdir()
    (tmp_path / "k" / "bond0.nmconnection").write_text(KEYFILE.format(rules="BL001"))
    (unused,) = report("--select", "BL001,BL051", ".", cwd=tmp_path / "k")["findings"]
    assert unused["message"] == "suppression of BL001 matches no finding: remove it or move it to the line it means"


def test_an_audit_json_and_gitlab_fingerprint_is_its_sarif_fingerprint(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "sosreport", tmp_path / "fleet")

    def audit(form: str) -> Any:
        done = run("audit", "--jobs", "1", "--format", form, "fleet", cwd=tmp_path)
        assert done.exit_code in (0, 1), done.output
        return json.loads(done.stdout)

    log = audit("sarif")
    results = log["runs"][0]["results"]
    shown = {(r["ruleId"], r["partialFingerprints"]["bondlint/v1"]) for r in results}
    # The fixture's findings are read inside the bundles: located by host, not by bundle.
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert shown and not any("sosreport-" in uri for uri in uris)
    as_json = {(f["rule"], f["fingerprint"]) for f in audit("json")["findings"]}
    assert as_json == shown
    assert {issue["fingerprint"] for issue in audit("gitlab")} == {fingerprint for _, fingerprint in shown}
