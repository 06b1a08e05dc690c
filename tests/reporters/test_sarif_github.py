"""SARIF as GitHub code scanning documents it: limits, help that renders, fingerprints it
reads, what is uploaded (suppressed and baselined findings left out), fleet results that
match from one collection to the next, helpUri only when configured, the fixes hook."""

from __future__ import annotations

import gzip
import json
import shutil
import tarfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, SHARED
from typer.testing import CliRunner

from bondlint.cli import app
from bondlint.policies.engine import Finding, Related
from bondlint.policies.loader import Policy, builtin_policy_dir, load_policies
from bondlint.reporters import Report, sarif
from bondlint.reporters.fleet import BundlePlaces
from bondlint.reporters.sarif_github import (
    CUT,
    MAX_FULL_DESCRIPTION,
    MAX_GZIP_BYTES,
    MAX_LOCATIONS,
    MAX_RESULTS_PER_RUN,
    MAX_RULE_NAME,
    MAX_RULES_PER_RUN,
    MAX_RUNS_PER_FILE,
    MAX_SHORT_DESCRIPTION,
    SHOWN_LOCATIONS_PER_RESULT,
    SHOWN_TAGS_PER_RULE,
    fit,
    help_markdown,
    length,
)
from bondlint.results import ScanResult
from bondlint.sources.base import Location

runner = CliRunner()
SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"
SOSREPORT = FIXTURES / "sosreport" / "sosreport-db04-2026-11-24-xkqzmfa"
BUILTIN = load_policies([builtin_policy_dir()])


def run_cli(*args: str) -> Any:
    result = runner.invoke(app, [*args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def scan_sarif(*args: str | Path) -> Any:
    return run_cli("scan", "--format", "sarif", "--fail-on", "never", *map(str, args))


def audit_sarif(*args: str | Path) -> Any:
    return run_cli("audit", "--jobs", "1", "--format", "sarif", "--fail-on", "never", *map(str, args))


def schema_problems(log: Any) -> list[str]:
    if not SARIF_SCHEMA.exists():
        pytest.skip("shared SARIF schema not available")
    from jsonschema import Draft4Validator

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return [f"{list(e.path)}: {e.message}" for e in Draft4Validator(schema).iter_errors(log)]


def github_problems(log: Any) -> list[str]:
    """Everything in ``log`` past what GitHub's "SARIF support for code scanning" page
    documents (the limits are named in bondlint.reporters.sarif_github)."""
    problems = []
    if len(gzip.compress(json.dumps(log).encode("utf-8"))) > MAX_GZIP_BYTES:
        problems.append("gzip-compressed file over 10 MB")
    if not 1 <= len(log["runs"]) <= MAX_RUNS_PER_FILE:
        problems.append(f"{len(log['runs'])} runs")
    for run in log["runs"]:
        rules = run["tool"]["driver"]["rules"]
        if len(rules) > MAX_RULES_PER_RUN or len(run["results"]) > MAX_RESULTS_PER_RUN:
            problems.append("too many rules or results in a run")
        problems += [problem for rule in rules for problem in rule_problems(rule)]
        problems += [problem for result in run["results"] for problem in result_problems(result, rules)]
    return problems


def rule_problems(rule: Any) -> list[str]:
    where = rule["id"]
    problems = []
    for key, limit in (("shortDescription", MAX_SHORT_DESCRIPTION), ("fullDescription", MAX_FULL_DESCRIPTION)):
        text = rule[key]["text"]
        if not text.strip() or length(text) > limit:
            problems.append(f"{where}: {key} of {length(text)} characters")
    if length(rule.get("name", "")) > MAX_RULE_NAME:
        problems.append(f"{where}: name too long")
    if not rule["help"]["text"].strip() or not rule["help"].get("markdown", "x").strip():
        problems.append(f"{where}: empty help")
    if len(rule.get("properties", {}).get("tags", [])) > SHOWN_TAGS_PER_RULE:
        problems.append(f"{where}: more tags than GitHub shows")
    return problems


def result_problems(result: Any, rules: list[Any]) -> list[str]:
    where = f"{result['ruleId']} at {result['locations'][0]['physicalLocation']['artifactLocation']['uri']}"
    problems = []
    if rules[result["ruleIndex"]]["id"] != result["ruleId"]:
        problems.append(f"{where}: ruleIndex names another rule")
    if not result["message"]["text"].strip():
        problems.append(f"{where}: empty message")
    if not 1 <= len(result["locations"]) <= MAX_LOCATIONS:
        problems.append(f"{where}: {len(result['locations'])} locations")
    if len(result["locations"]) + len(result.get("relatedLocations", [])) > SHOWN_LOCATIONS_PER_RESULT:
        problems.append(f"{where}: more locations than GitHub shows")
    for location in result["locations"] + result.get("relatedLocations", []):
        physical = location["physicalLocation"]
        if not physical["artifactLocation"]["uri"] or physical["region"]["startLine"] < 1:
            problems.append(f"{where}: a location without a file or a line")
    if not result.get("partialFingerprints", {}).get("primaryLocationLineHash"):
        problems.append(f"{where}: no primaryLocationLineHash (the only fingerprint GitHub reads)")
    return problems


def fleet_of(root: Path, name: str, *, tarball: bool) -> Path:
    """One collection of db04: its sosreport tree (named ``name``) or a tarball of it."""
    fleet = root / name.removeprefix("sosreport-")
    if tarball:
        fleet.mkdir(parents=True)
        with tarfile.open(fleet / f"{name}.tar.xz", "w:xz") as bundle:
            bundle.add(SOSREPORT, arcname=name)
    else:
        shutil.copytree(SOSREPORT, fleet / name)
    return fleet


# -- the limits -------------------------------------------------------------------------


def test_every_builtin_rule_fits_githubs_limits_and_loses_no_text() -> None:
    report = Report(result=ScanResult(), policies=tuple(BUILTIN), tool_version="1")
    log = json.loads(sarif.render(report))
    assert github_problems(log) == []
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert len(rules) == len(BUILTIN)
    cut = [p for p in BUILTIN if length(" ".join(p.description.split())) > MAX_FULL_DESCRIPTION]
    assert cut, "no builtin description is over the limit any more: the cut is tested by test_fit below"
    for policy in cut:
        text = rules[policy.id]["fullDescription"]["text"]
        assert text.endswith(CUT) and " ".join(policy.description.split()).startswith(text.removesuffix(CUT))
        # The whole text is still there, in the help GitHub shows beside the alert.
        assert policy.description.strip() in rules[policy.id]["help"]["text"]


def test_a_real_scan_and_a_real_audit_pass_the_schema_and_githubs_limits(tmp_path: Path) -> None:
    fleet = fleet_of(tmp_path, "sosreport-db04-2026-11-24-xkqzmfa", tarball=True)
    shutil.copytree(SOSREPORT, fleet / SOSREPORT.name)
    logs = {
        "scan": scan_sarif(FIXTURES / "runbook", FIXTURES / "crosscheck" / "hosts", FIXTURES / "crosscheck" / "ios"),
        "audit": audit_sarif("--network", FIXTURES / "crosscheck" / "ios" / "broken", fleet),
    }
    for name, log in logs.items():
        assert len(log["runs"][0]["results"]) > 5, name
        assert schema_problems(log) == [], name
        assert github_problems(log) == [], name


def test_fit_cuts_at_a_sentence_within_the_limit_and_counts_utf16() -> None:
    assert fit("short.", 10) == "short."
    text = "First sentence here. " * 80
    fitted = fit(text, 1024)
    assert length(fitted) <= 1024 and fitted.endswith(CUT)
    assert fitted.removesuffix(CUT).endswith("here.")
    emoji = "\U0001f600" * 600  # 1,200 UTF-16 code units in 600 characters
    fitted = fit(emoji, 1024, tail="…")
    assert length(fitted) <= 1024 and fitted.endswith("…")
    assert all(ord(c) < 0xD800 or ord(c) > 0xDFFF for c in fitted)


def test_a_run_over_githubs_result_limit_keeps_the_most_severe(monkeypatch: pytest.MonkeyPatch) -> None:
    policy = next(p for p in BUILTIN if p.id == "BL001")
    findings = [finding(policy, line=n, severity=("note", "error", "warning")[n % 3]) for n in range(1, 10)]
    monkeypatch.setattr(sarif, "MAX_RESULTS_PER_RUN", 4)
    log = json.loads(sarif.render(Report(result=ScanResult(findings=findings), policies=(policy,), tool_version="1")))
    run = log["runs"][0]
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in run["results"]]
    assert lines == [1, 2, 4, 7]  # the three errors (1, 4, 7) and the first warning (2), in their order
    note = run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    assert note.startswith("5 of 9 results left out")


def test_related_locations_are_kept_to_what_github_shows_and_all_linked() -> None:
    policy = next(p for p in BUILTIN if p.id == "BL030")
    related = tuple(Related(Location(f"switches/leaf{n}.cfg", n), f"port {n}") for n in range(1, 131))
    report = Report(
        result=ScanResult(findings=[finding(policy, related=related)]), policies=(policy,), tool_version="1"
    )
    result = json.loads(sarif.render(report))["runs"][0]["results"][0]
    # The primary location and 99 related ones: the 100 GitHub shows.
    assert len(result["relatedLocations"]) == SHOWN_LOCATIONS_PER_RESULT - 1
    assert "[leaf99.cfg:99](99) and 31 more)" in result["message"]["text"]


def finding(policy: Policy, line: int = 1, severity: str | None = None, related: tuple[Related, ...] = ()) -> Finding:
    return Finding(
        rule_id=policy.id,
        rule_name=policy.name,
        severity=severity or policy.severity,
        message=f"a finding at line {line}",
        location=Location("hosts/db01/bond0.nmconnection", line),
        host="db01",
        entity_kind="bond",
        entity_name="bond0",
        subject=f"subject {line}",
        related=related,
    )


# -- help that renders ------------------------------------------------------------------


def rendered(markdown: str) -> list[Any]:
    markdown_it = pytest.importorskip("markdown_it")
    return list(markdown_it.MarkdownIt("commonmark").parse(markdown))


def test_every_fix_command_is_in_a_code_block_and_the_prose_renders_as_written() -> None:
    for policy in BUILTIN:
        tokens = rendered(help_markdown(policy, None))
        fenced = [line.strip() for t in tokens if t.type == "fence" for line in t.content.splitlines()]
        indented = [line.strip() for line in policy.remediation.splitlines() if line[:1] in " \t" and line.strip()]
        assert fenced == indented, policy.id
        inline = " ".join(t.content for t in tokens if t.type == "inline")
        prose = policy.description + "\n".join(
            line for line in policy.remediation.splitlines() if line[:1] not in " \t"
        )
        for line in indented:
            assert line in prose or line not in inline, (policy.id, line)
    # Markdown characters in prose are shown, not acted on: no emphasis, no HTML tag.
    markdown_it = pytest.importorskip("markdown_it")
    for rule, shown in (("BL015", "netplan-*.nmconnection, 10-netplan-*"), ("BL136", "bonds.&lt;id&gt;.parameters")):
        policy = next(p for p in BUILTIN if p.id == rule)
        html = markdown_it.MarkdownIt("commonmark").render(help_markdown(policy, None))
        assert shown in html and "<em>" not in html, rule


def test_help_text_is_plain_and_complete() -> None:
    log = scan_sarif(FIXTURES / "runbook" / "broken")
    bl001 = next(r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "BL001")
    text = bl001["help"]["text"]
    policy = next(p for p in BUILTIN if p.id == "BL001")
    assert text.startswith(policy.description.strip())
    assert "\n\nHow to fix:\n" + policy.remediation.rstrip() + "\n\nReferences:\n- " in text
    assert "**" not in text and "```" not in text
    markdown = bl001["help"]["markdown"]
    assert '```\nnmcli connection modify bond0 +bond.options "miimon=100" && nmcli connection up bond0\n' in markdown


# -- what GitHub reads ------------------------------------------------------------------


def test_the_stable_fingerprint_is_also_primary_location_line_hash() -> None:
    log = scan_sarif(FIXTURES / "runbook" / "broken")
    report = run_cli("scan", "--format", "json", "--fail-on", "never", str(FIXTURES / "runbook" / "broken"))
    fingerprints = {f["fingerprint"] for f in report["findings"]}
    results = log["runs"][0]["results"]
    assert results and len(results) == len(fingerprints)
    for result in results:
        hashes = result["partialFingerprints"]
        assert hashes["primaryLocationLineHash"] == hashes["bondlint/v1"] and hashes["bondlint/v1"] in fingerprints


def suppressed_and_baselined(root: Path) -> tuple[Path, Path]:
    """The broken runbook with an inline suppression of BL001 in its keyfile host and a
    baseline holding every BL001 finding."""
    hosts = root / "hosts"
    shutil.copytree(FIXTURES / "runbook" / "broken", hosts)
    keyfile = hosts / "keyfile/etc/NetworkManager/system-connections/bond0.nmconnection"
    keyfile.write_text(keyfile.read_text().replace("[bond]", "# bondlint: ignore BL001 lab host, one switch\n[bond]"))
    baseline = root / "baseline.json"
    created = runner.invoke(app, ["baseline", "create", "--select", "BL001", str(hosts), "-o", str(baseline)])
    assert created.exit_code == 0, created.output
    return hosts, baseline


def test_suppressed_and_baselined_findings_are_left_out_unless_asked_for(tmp_path: Path) -> None:
    hosts, baseline = suppressed_and_baselined(tmp_path)
    shutil.copytree(hosts / "ifcfg", hosts / "db09")  # another host: findings the baseline does not hold
    (hosts / "db09/etc/hostname").write_text("db09\n")
    every = run_cli("scan", "--format", "json", "--fail-on", "never", "--baseline", str(baseline), str(hosts))
    active = every["findings"]
    assert active and every["suppressed"]
    uploaded = scan_sarif("--baseline", baseline, hosts)["runs"][0]["results"]
    assert len(uploaded) == len(active)
    assert all("suppressions" not in r and r["baselineState"] == "new" for r in uploaded)

    kept = scan_sarif("--baseline", baseline, "--include-suppressed", hosts)
    results = kept["runs"][0]["results"]
    marked = [r for r in results if r.get("suppressions")]
    assert len(results) == len(uploaded) + len(marked) and len(marked) >= len(every["suppressed"])
    kinds = {s["kind"]: s.get("justification") for r in marked for s in r["suppressions"]}
    assert kinds["inSource"] == "lab host, one switch"
    assert "baseline" in kinds["external"]
    assert {r["baselineState"] for r in marked if r["suppressions"][-1]["kind"] == "external"} == {"unchanged"}
    assert schema_problems(kept) == [] and github_problems(kept) == []


def test_include_suppressed_keeps_the_exit_code(tmp_path: Path) -> None:
    hosts, baseline = suppressed_and_baselined(tmp_path)
    codes = {
        flag: runner.invoke(
            app, ["scan", "--select", "BL001", "--baseline", str(baseline), *flag, str(hosts)]
        ).exit_code
        for flag in ((), ("--include-suppressed",))
    }
    assert codes == {(): 0, ("--include-suppressed",): 0}


# -- the fleet --------------------------------------------------------------------------


def test_two_collections_of_a_host_give_the_same_alerts(tmp_path: Path) -> None:
    first = audit_sarif(fleet_of(tmp_path, "sosreport-db04-2026-11-24-xkqzmfa", tarball=True))
    second = audit_sarif(fleet_of(tmp_path, "sosreport-db04-2026-12-08-pqrstuv", tarball=False))

    def alerts(log: Any) -> set[tuple[str, str, int, str]]:
        return {
            (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["partialFingerprints"]["primaryLocationLineHash"],
            )
            for r in log["runs"][0]["results"]
        }

    assert alerts(first) and alerts(first) == alerts(second)
    for log, bundle in ((first, "sosreport-db04-2026-11-24-xkqzmfa.tar.xz"), (second, "sosreport-db04-2026-12-08")):
        for result in log["runs"][0]["results"]:
            uris = [
                location["physicalLocation"]["artifactLocation"]["uri"]
                for location in result["locations"] + result.get("relatedLocations", [])
            ]
            assert all(uri.startswith("db04/") and "sosreport" not in uri for uri in uris), uris
            assert bundle in result["properties"]["bundle"]
    bl018 = next(r for r in first["runs"][0]["results"] if r["ruleId"] == "BL018")
    assert bl018["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "db04/proc/net/bonding/bond0"


def test_bundle_places_name_paths_inside_the_host() -> None:
    place = BundlePlaces([("fleet/sos-a.tar.xz", True), ("fleet/trees/sos-b", False), ("/abs/sos-c", False)])
    assert place("fleet/sos-a.tar.xz!/sosreport-a-1/proc/net/bonding/bond0") == (
        "proc/net/bonding/bond0",
        "fleet/sos-a.tar.xz",
    )
    assert place("fleet/sos-a.tar.xz") == ("", "fleet/sos-a.tar.xz")  # the bundle itself (unreadable)
    assert place("fleet/trees/sos-b/etc/hostname") == ("etc/hostname", "fleet/trees/sos-b")
    assert place("/abs/sos-c/sos_commands/x") == ("sos_commands/x", "/abs/sos-c")
    assert place("switches/leaf1.cfg") is None
    assert place("fleet/trees/sos-bb/etc/hostname") is None
    inside = BundlePlaces([(".", False)])  # bondlint audit . in the sosreport's folder
    assert inside("proc/net/bonding/bond0") == ("proc/net/bonding/bond0", ".")
    assert inside("../switches/leaf1.cfg") is None


def test_a_hostile_host_name_stays_one_path_segment(tmp_path: Path) -> None:
    policy = next(p for p in BUILTIN if p.id == "BL001")
    hostile = replace(finding(policy), location=Location("fleet/sos-a.tar.xz!/root/etc/hostname", 2), host="../x/[y]")
    place = BundlePlaces([("fleet/sos-a.tar.xz", True)])
    report = Report(result=ScanResult(findings=[hostile]), policies=(policy,), tool_version="1", place=place)
    location = json.loads(sarif.render(report))["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "..%2Fx%2F%5By%5D/etc/hostname"}


# -- helpUri ----------------------------------------------------------------------------


def help_uris(log: Any) -> dict[str, str | None]:
    return {rule["id"]: rule.get("helpUri") for rule in log["runs"][0]["tool"]["driver"]["rules"]}


def test_help_uri_is_absent_unless_a_docs_url_is_configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = FIXTURES / "runbook" / "broken"
    assert set(help_uris(scan_sarif(target)).values()) == {None}
    given = help_uris(scan_sarif("--docs-url", "https://docs.example.org/bondlint/rules/", target))
    assert given["BL001"] == "https://docs.example.org/bondlint/rules/BL001.md"
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".bondlint.yaml").write_text("docs-url: https://wiki.example.org/net/bondlint\n")
    configured = help_uris(scan_sarif(target))
    assert configured["BL001"] == "https://wiki.example.org/net/bondlint/BL001.md"
    assert all(uri and uri.endswith(f"/{rule}.md") for rule, uri in configured.items())
    fleet = fleet_of(tmp_path, "sosreport-db04-2026-11-24-xkqzmfa", tarball=False)
    assert help_uris(audit_sarif(fleet))["BL001"] == "https://wiki.example.org/net/bondlint/BL001.md"
    assert (
        help_uris(scan_sarif("--docs-url", "https://other.example/x", target))["BL001"]
        == "https://other.example/x/BL001.md"
    )


def test_a_site_policy_has_no_help_uri_and_a_bad_docs_url_is_refused(tmp_path: Path) -> None:
    source = next(p for p in BUILTIN if p.id == "BL001")
    policy = replace(source, source=str(tmp_path / "site" / "BL900.yaml"))
    report = Report(result=ScanResult(), policies=(policy,), tool_version="1", docs_url="https://docs.example.org")
    assert "helpUri" not in json.loads(sarif.render(report))["runs"][0]["tool"]["driver"]["rules"][0]
    refused = runner.invoke(app, ["scan", "--docs-url", "docs/rules", str(FIXTURES / "runbook" / "broken")])
    assert refused.exit_code == 2 and "--docs-url" in refused.output
    (tmp_path / ".bondlint.yaml").write_text("docs-url: not a url\n")
    bad = runner.invoke(app, ["scan", "--config", str(tmp_path / ".bondlint.yaml"), str(FIXTURES / "runbook")])
    assert bad.exit_code == 2 and "docs-url" in bad.output


# -- fixes ------------------------------------------------------------------------------


def fixed_report(root: Path) -> tuple[Report, dict[str, str]]:
    """The broken keyfile host scanned, with the edits ``bondlint fix`` plans for it, and
    each planned file's text after the fixes."""
    from bondlint.discovery import discover
    from bondlint.fix.output import finding_replacements
    from bondlint.fix.plan import plan_fixes
    from bondlint.pipeline import run
    from bondlint.policies.engine import CompiledPolicy

    shutil.copytree(FIXTURES / "runbook" / "broken" / "keyfile", root / "db01")
    policies = [p for p in BUILTIN if p.enabled]
    plan = plan_fixes(discover([Path("db01")]), policies, unsafe=False)
    result = run(discover([Path("db01")]), [CompiledPolicy(p) for p in policies])
    report = Report(result=result, policies=tuple(policies), tool_version="1", fixes=finding_replacements(plan))
    return report, {file.path: file.after for file in plan.changed}


def applied(text: str, replacements: list[Any]) -> str:
    """``text`` with SARIF replacements made (regions from the last to the first)."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    for item in sorted(replacements, key=lambda r: -r["deletedRegion"]["startLine"]):
        region = item["deletedRegion"]
        begin = offset(region["startLine"], region["startColumn"])
        end = offset(region["endLine"], region["endColumn"])
        text = text[:begin] + item.get("insertedContent", {}).get("text", "") + text[end:]
    return text


def test_a_finding_bondlint_fix_can_fix_carries_its_edit_as_sarif_fixes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    report, after = fixed_report(tmp_path)
    log = json.loads(sarif.render(report))
    assert schema_problems(log) == [] and github_problems(log) == []
    fixed = [r for r in log["runs"][0]["results"] if "fixes" in r]
    assert [r["ruleId"] for r in fixed] == ["BL001"]
    assert fixed[0]["fixes"][0]["description"]["text"] == str(
        next(p for p in BUILTIN if p.id == "BL001").fix["summary"]
    )
    (change,) = fixed[0]["fixes"][0]["artifactChanges"]
    path = "db01/etc/NetworkManager/system-connections/bond0.nmconnection"
    assert change["artifactLocation"] == {"uri": path, "uriBaseId": "%SRCROOT%"}
    # Made on the file as read, the SARIF fix gives what bondlint fix writes.
    assert applied((tmp_path / path).read_text(), change["replacements"]) == after[path]
    assert "miimon=100" in after[path]


def test_a_scan_carries_the_fixes_bondlint_fix_makes_and_none_for_a_capture() -> None:
    log = scan_sarif(FIXTURES / "runbook" / "broken")
    fixed = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1]
        for r in log["runs"][0]["results"]
        if "fixes" in r
    }
    assert fixed == {"bond0.nmconnection", "ifcfg-bond0"}  # the nmcli capture has commands, no edit
