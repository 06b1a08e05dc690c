"""What each kind of suppression says in the reports: a suppressions-file entry is SARIF
``external`` (a comment is ``inSource``); and an audit's JSON and GitLab fingerprints are
its SARIF's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from conftest import FIXTURES
from test_suppressions_file import lacp_repo, run, write


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
