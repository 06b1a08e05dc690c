"""SARIF output: the official 2.1.0 schema, Microsoft's validator, stable fingerprints."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from conftest import FIXTURES, SHARED, required_tool
from typer.testing import CliRunner

from bondlint.cli import app

runner = CliRunner()
SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"


def sarif_of(*paths: str | Path) -> dict:
    result = runner.invoke(app, ["scan", "--format", "sarif", "--fail-on", "never", *map(str, paths)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_validates_against_official_schema() -> None:
    if not SARIF_SCHEMA.exists():
        pytest.skip("shared SARIF schema not available")
    from jsonschema import Draft4Validator

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = sarif_of(FIXTURES / "runbook")
    errors = sorted(Draft4Validator(schema).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_results_carry_rules_locations_related_and_fingerprints() -> None:
    log = sarif_of(FIXTURES / "runbook" / "broken" / "capture")
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    for rule in rules:
        assert "helpUri" not in rule  # no docs-url configured: no link to a page that may not exist
        assert rule["help"]["markdown"] and rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    bl001 = next(r for r in run["results"] if r["ruleId"] == "BL001")
    assert rules[bl001["ruleIndex"]]["id"] == "BL001"
    location = bl001["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("nmcli_con_show_id_bond0")
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert not location["artifactLocation"]["uri"].startswith("/")
    assert location["region"]["startLine"] == 29
    related = bl001["relatedLocations"][0]
    assert related["physicalLocation"]["artifactLocation"]["uri"].endswith("proc/net/bonding/bond0")
    assert related["physicalLocation"]["region"]["startLine"] == 7
    assert "running kernel" in related["message"]["text"]
    assert len(bl001["partialFingerprints"]["bondlint/v1"]) == 32
    assert bl001["partialFingerprints"]["primaryLocationLineHash"] == bl001["partialFingerprints"]["bondlint/v1"]


def test_messages_link_every_related_location() -> None:
    """GitHub code scanning shows a related location only when the message links to it."""
    log = sarif_of(FIXTURES / "crosscheck" / "hosts" / "broken", FIXTURES / "crosscheck" / "ios" / "broken")
    results = log["runs"][0]["results"]
    with_related = [r for r in results if r.get("relatedLocations")]
    assert with_related
    for result in with_related:
        text = result["message"]["text"]
        for related in result["relatedLocations"]:
            name = related["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1]
            line = related["physicalLocation"]["region"]["startLine"]
            assert f"[{name}:{line}]({related['id']})" in text, text
    plain = [r for r in results if not r.get("relatedLocations")]
    assert all("](" not in r["message"]["text"] for r in plain)


def test_fingerprints_survive_unrelated_line_moves(tmp_path: Path) -> None:
    source = FIXTURES / "runbook" / "broken" / "keyfile"
    copy = tmp_path / "db01"
    shutil.copytree(source, copy)
    before = {r["ruleId"]: r for r in sarif_of(copy)["runs"][0]["results"]}
    keyfile = copy / "etc/NetworkManager/system-connections/bond0.nmconnection"
    keyfile.write_text("# a comment added above\n# and another\n" + keyfile.read_text())
    after = {r["ruleId"]: r for r in sarif_of(copy)["runs"][0]["results"]}
    assert before.keys() == after.keys() and before
    for rule_id in before:
        old, new = before[rule_id], after[rule_id]
        assert new["locations"][0]["physicalLocation"]["region"]["startLine"] == (
            old["locations"][0]["physicalLocation"]["region"]["startLine"] + 2
        )
        assert new["partialFingerprints"] == old["partialFingerprints"]


def test_paths_outside_the_working_directory_are_file_uris(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(FIXTURES / "runbook" / "broken" / "keyfile", tmp_path / "db01")
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    log = sarif_of(tmp_path / "db01")
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert (
        uri.startswith("file:///")
        and "uriBaseId" not in log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    )


def _multitool() -> str | None:
    configured = os.environ.get("BONDLINT_SARIF_MULTITOOL")
    if configured and Path(configured).exists():
        return configured
    return shutil.which("sarif-multitool")


@pytest.mark.integration
def test_microsoft_sarif_multitool_finds_no_errors_or_warnings(tmp_path: Path) -> None:
    tool = required_tool(_multitool(), "Microsoft's sarif-multitool", "npm install @microsoft/sarif-multitool")
    # A log with every kind of result: plain, related locations, suppressed, baselined.
    shutil.copytree(FIXTURES / "runbook" / "broken", tmp_path / "fleet")
    shutil.copytree(FIXTURES / "crosscheck" / "hosts" / "broken" / "db01", tmp_path / "fleet" / "db01")
    shutil.copytree(FIXTURES / "crosscheck" / "nxos" / "broken", tmp_path / "fleet" / "switches")
    keyfile = tmp_path / "fleet/keyfile/etc/NetworkManager/system-connections/bond0.nmconnection"
    keyfile.write_text(
        keyfile.read_text().replace("[bond]", "# bondlint: ignore BL001 lab host, never in production\n[bond]")
    )
    baseline = tmp_path / "baseline.json"
    assert (
        runner.invoke(
            app, ["baseline", "create", "--select", "BL001", str(tmp_path / "fleet"), "-o", str(baseline)]
        ).exit_code
        == 0
    )
    result = runner.invoke(
        app,
        [
            *("scan", "--format", "sarif", "--fail-on", "never", "--include-suppressed"),
            *("--baseline", str(baseline), "--docs-url", "https://docs.example.org/bondlint/rules"),
            str(tmp_path / "fleet"),
        ],
    )
    log = json.loads(result.stdout)
    states = {r.get("baselineState") for r in log["runs"][0]["results"]}
    assert {"new", "unchanged"} <= states and any(r.get("suppressions") for r in log["runs"][0]["results"])
    # And an audit's: a sosreport tree and a tarball, results located by host.
    bundles = tmp_path / "bundles"
    sosreport = FIXTURES / "sosreport" / "sosreport-db04-2026-11-24-xkqzmfa"
    shutil.copytree(sosreport, bundles / sosreport.name)
    with tarfile.open(bundles / "sosreport-db04-2026-12-01-abcdefg.tar.xz", "w:xz") as bundle:
        bundle.add(sosreport, arcname="sosreport-db04-2026-12-01-abcdefg")
    audited = runner.invoke(app, ["audit", "--jobs", "1", "--format", "sarif", "--fail-on", "never", str(bundles)])
    documents = {"runbook.sarif": sarif_of(FIXTURES / "runbook"), "mixed.sarif": log}
    documents["audit.sarif"] = json.loads(audited.stdout)
    documents["fixes.sarif"] = _with_fixes(tmp_path / "fixable")
    for name, document in documents.items():
        target = tmp_path / name
        target.write_text(json.dumps(document), encoding="utf-8")
        verdict = tmp_path / f"verdict-{name}"
        done = subprocess.run(
            [tool, "validate", str(target), "--rule-kind", "Sarif;Gh", "--output", str(verdict)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        results = json.loads(verdict.read_text(encoding="utf-8"))["runs"][0]["results"]
        problems = [r for r in results if r.get("level", "warning") in ("error", "warning")]
        assert not problems, [(r["ruleId"], r["message"]) for r in problems]


def _with_fixes(root: Path) -> dict:
    """A log whose results carry the SARIF fixes bondlint fix plans for them."""
    from bondlint.discovery import discover
    from bondlint.fix.output import finding_replacements
    from bondlint.fix.plan import plan_fixes
    from bondlint.pipeline import run
    from bondlint.policies.engine import CompiledPolicy
    from bondlint.policies.loader import builtin_policy_dir, load_policies
    from bondlint.reporters import Report, sarif

    shutil.copytree(FIXTURES / "runbook" / "broken" / "keyfile", root / "db01")
    policies = [p for p in load_policies([builtin_policy_dir()]) if p.enabled]
    result = run(discover([root]), [CompiledPolicy(p) for p in policies])
    fixes = finding_replacements(plan_fixes(discover([root]), policies, unsafe=False))
    log = json.loads(sarif.render(Report(result=result, policies=tuple(policies), tool_version="1", fixes=fixes)))
    assert any("fixes" in r for r in log["runs"][0]["results"])
    return log
