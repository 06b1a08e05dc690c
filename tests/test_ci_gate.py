"""What a CI gate and a pre-commit hook rely on: changed-only, suppressions, baselines."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from conftest import FIXTURES, SHARED, invoke_in
from typer.testing import CliRunner

from bondlint.cli import app

runner = CliRunner()
BOND = (
    "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n{comment}[bond]\nmode=active-backup\nmiimon={miimon}\n"
)


def scan(*args: str, cwd: Path):
    return invoke_in(cwd, "scan", *args)


def host(tmp_path: Path, comment: str = "", miimon: int = 0) -> Path:
    folder = tmp_path / "hosts" / "db01"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bond0.nmconnection").write_text(BOND.format(comment=comment, miimon=miimon))
    (folder / "eno1.nmconnection").write_text(
        "[connection]\nid=eno1\ntype=ethernet\ninterface-name=eno1\ncontroller=bond9\nport-type=bond\n"
    )
    return folder


def test_changed_only_reads_siblings_but_reports_the_changed_file(tmp_path: Path) -> None:
    host(tmp_path)
    result = scan("--changed-only", "--format", "json", "hosts/db01/bond0.nmconnection", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert {f["path"] for f in report["findings"]} == {"hosts/db01/bond0.nmconnection"}
    assert report["summary"]["inputs"] == 2  # the sibling port profile was read
    every = json.loads(
        scan(
            "--changed-only", "--all-findings", "--format", "json", "hosts/db01/bond0.nmconnection", cwd=tmp_path
        ).stdout
    )
    assert "hosts/db01/eno1.nmconnection" in {f["path"] for f in every["findings"]}


def _netconfig_repo(tmp_path: Path) -> Path:
    """A config repository as the README lays it out: hosts/, switches/, wiring.yaml, a
    setup.cfg, and beside it (outside the repository) an old snapshot of a switch."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    shutil.copytree(FIXTURES / "crosscheck" / "hosts" / "broken" / "db01", repo / "hosts" / "db01")
    shutil.copytree(FIXTURES / "crosscheck" / "ios" / "broken" / "switches", repo / "switches")
    shutil.copy(FIXTURES / "crosscheck" / "ios" / "broken" / "wiring.yaml", repo / "wiring.yaml")
    (repo / "setup.cfg").write_text("[metadata]\nname = netconfig\n")
    (tmp_path / "old" / "switches").mkdir(parents=True)
    shutil.copy(
        FIXTURES / "crosscheck" / "junos-set" / "broken" / "switches" / "leaf1.set", tmp_path / "old" / "switches"
    )
    return repo


def test_changed_only_judges_a_host_with_the_repositorys_switch_side(tmp_path: Path) -> None:
    repo = _netconfig_repo(tmp_path)
    keyfile = "hosts/db01/etc/NetworkManager/system-connections/bond0.nmconnection"
    report = json.loads(scan("--changed-only", "--format", "json", keyfile, cwd=repo).stdout)
    assert [(f["rule"], f["path"]) for f in report["findings"]] == [("BL030", keyfile)]  # one per bond
    assert report["switches"] == ["leaf1", "leaf2"]
    # A port profile's change reports what points at it, here nothing; the wiring file's
    # change reports the cross-checks it moves, wherever they are located.
    wiring = json.loads(scan("--changed-only", "--format", "json", "wiring.yaml", cwd=repo).stdout)
    assert {(f["rule"], f["path"]) for f in wiring["findings"]} == {("BL030", keyfile)}
    switch = json.loads(scan("--changed-only", "--format", "json", "switches/leaf1.cfg", cwd=repo).stdout)
    assert {f["rule"] for f in switch["findings"]} == {"BL030"}


def test_changed_only_stays_inside_the_repository(tmp_path: Path) -> None:
    repo = _netconfig_repo(tmp_path)
    result = scan("--changed-only", "--all-findings", "--format", "json", "setup.cfg", cwd=repo)
    report = json.loads(result.stdout)
    read = [item["path"] for item in report["inputs"]]
    assert read and not [path for path in read if path.startswith(("/", ".."))], read
    assert report["switches"] == ["leaf1", "leaf2"]  # the repository's leaf1, not the snapshot's
    # setup.cfg is no switch configuration: its change reports nothing.
    assert json.loads(scan("--changed-only", "--format", "json", "setup.cfg", cwd=repo).stdout)["findings"] == []


def test_changed_only_a_nested_switch_change_reads_every_host(tmp_path: Path) -> None:
    repo = _netconfig_repo(tmp_path)
    nested = repo / "switches" / "dc1"
    nested.mkdir()
    for name in ("leaf1.cfg", "leaf2.cfg"):
        (repo / "switches" / name).rename(nested / name)
    report = json.loads(scan("--changed-only", "--format", "json", "switches/dc1/leaf1.cfg", cwd=repo).stdout)
    assert {f["rule"] for f in report["findings"]} == {"BL030"}


def test_changed_only_outside_a_repository_walks_nothing_else(tmp_path: Path) -> None:
    repo = _netconfig_repo(tmp_path)
    shutil.rmtree(repo / ".git")
    keyfile = "hosts/db01/etc/NetworkManager/system-connections/bond0.nmconnection"
    report = json.loads(scan("--changed-only", "--format", "json", keyfile, cwd=repo).stdout)
    assert report["switches"] == [] and [item["path"] for item in report["inputs"]] == sorted(
        f"hosts/db01/{p.relative_to(repo / 'hosts' / 'db01').as_posix()}"
        for p in (repo / "hosts" / "db01").rglob("*")
        if p.is_file()
    )


def test_suppression_with_reason_hides_the_finding_and_sarif_keeps_it_only_when_asked(tmp_path: Path) -> None:
    host(tmp_path, comment="# bondlint: ignore no-link-monitoring,BL009 lab bond behind one switch\n")
    result = scan("--format", "json", "--select", "BL001,BL009,BL050,BL051", "hosts", cwd=tmp_path)
    report = json.loads(result.stdout)
    assert report["findings"] == []
    assert {(s["rule"], s["reason"]) for s in report["suppressed"]} == {
        ("BL001", "lab bond behind one switch"),
        ("BL009", "lab bond behind one switch"),
    }
    assert result.exit_code == 0
    sarif = json.loads(scan("--format", "sarif", "--select", "BL001,BL009", "hosts", cwd=tmp_path).stdout)
    assert sarif["runs"][0]["results"] == []  # not uploaded as open alerts
    flag = "--include-suppressed"
    sarif = json.loads(scan("--format", "sarif", flag, "--select", "BL001,BL009", "hosts", cwd=tmp_path).stdout)
    suppressed = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    assert {r["ruleId"] for r in suppressed} == {"BL001", "BL009"}
    assert suppressed[0]["suppressions"] == [{"kind": "inSource", "justification": "lab bond behind one switch"}]


def test_suppression_without_reason_and_unused_suppression_are_reported(tmp_path: Path) -> None:
    host(tmp_path, comment="# bondlint: ignore BL001\n# bondlint: ignore BL003 arp is not used here\n")
    report = json.loads(scan("--format", "json", "--select", "BL001,BL003,BL050,BL051", "hosts", cwd=tmp_path).stdout)
    rules = sorted((f["rule"], f["line"]) for f in report["findings"])
    assert rules == [("BL050", 6), ("BL051", 7)]


def test_trailing_suppression_in_ifcfg_covers_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "h"
    folder.mkdir()
    (folder / "ifcfg-bond0").write_text(
        "DEVICE=bond0\nNM_CONTROLLED=no\n"
        'BONDING_OPTS="mode=1" # bondlint: ignore BL001 initscripts host being retired\n'
    )
    report = json.loads(scan("--format", "json", "--select", "BL001", "h", cwd=tmp_path).stdout)
    assert report["findings"] == [] and [s["rule"] for s in report["suppressed"]] == ["BL001"]


def test_suppression_covers_an_ios_interface(tmp_path: Path) -> None:
    source = FIXTURES / "crosscheck"
    shutil.copytree(source / "hosts" / "broken" / "db01", tmp_path / "hosts" / "db01")
    switches = tmp_path / "sw"
    shutil.copytree(source / "ios" / "broken", switches)
    config = (switches / "switches" / "leaf1.cfg").read_text()
    config = config.replace(
        "interface GigabitEthernet1/0/1\n",
        "! bondlint: ignore BL030 migrating db01 to LACP in CHG-77\ninterface GigabitEthernet1/0/1\n",
        1,
    )
    (switches / "switches" / "leaf1.cfg").write_text(config)
    report = json.loads(scan("--format", "json", "--select", "BL030,BL051", "hosts", "sw", cwd=tmp_path).stdout)
    # The finding's primary line is the host's mode line, its evidence the switch ports: the
    # switch-side comment over the port hides it, and is used (no unused-suppression).
    assert report["findings"] == []
    assert [(f["rule"], f["reason"]) for f in report["suppressed"]] == [("BL030", "migrating db01 to LACP in CHG-77")]


def test_baseline_reports_only_new_findings_and_marks_sarif(tmp_path: Path) -> None:
    host(tmp_path)
    os.chdir(tmp_path)
    try:
        created = runner.invoke(app, ["baseline", "create", "hosts", "-o", "baseline.json"])
    finally:
        os.chdir(Path(__file__).resolve().parent.parent)
    assert created.exit_code == 0
    recorded = json.loads((tmp_path / "baseline.json").read_text())["findings"]
    assert recorded and all(len(e["fingerprint"]) == 32 for e in recorded)
    quiet = scan("--baseline", "baseline.json", "hosts", cwd=tmp_path)
    assert quiet.exit_code == 0 and quiet.stdout.startswith("0 findings")
    (tmp_path / "hosts/db01/bond0.nmconnection").write_text(
        "# moved down by a comment\n" + BOND.format(comment="", miimon=0)
    )
    (tmp_path / "hosts/db01/eno2.nmconnection").write_text(
        "[connection]\nid=eno2\ntype=ethernet\ninterface-name=eno2\ncontroller=bond7\nport-type=bond\n"
    )
    loud = scan("--format", "json", "--baseline", "baseline.json", "hosts", cwd=tmp_path)
    assert [f["path"] for f in json.loads(loud.stdout)["findings"]] == ["hosts/db01/eno2.nmconnection"]
    assert loud.exit_code == 1
    sarif = json.loads(
        scan("--format", "sarif", "--include-suppressed", "--baseline", "baseline.json", "hosts", cwd=tmp_path).stdout
    )
    states = {
        r["ruleId"] + ":" + r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r["baselineState"]
        for r in sarif["runs"][0]["results"]
    }
    assert states["BL017:hosts/db01/eno2.nmconnection"] == "new"
    assert states["BL001:hosts/db01/bond0.nmconnection"] == "unchanged"


def test_a_baseline_matches_from_any_directory_of_the_repository(tmp_path: Path) -> None:
    """Fingerprints name files relative to the repository: running from its parent, from a
    subfolder, or with absolute paths matches the same baseline."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    host(repo)
    os.chdir(repo)
    try:
        assert runner.invoke(app, ["baseline", "create", ".", "-o", "baseline.json"]).exit_code == 0
    finally:
        os.chdir(Path(__file__).resolve().parent.parent)
    for cwd, target, baseline in (
        (repo, ".", "baseline.json"),
        (tmp_path, "repo", "repo/baseline.json"),
        (repo / "hosts", "..", "../baseline.json"),
        (tmp_path, str(repo), str(repo / "baseline.json")),
    ):
        result = scan("--format", "json", "--baseline", baseline, target, cwd=cwd)
        report = json.loads(result.stdout)
        assert result.exit_code == 0 and report["findings"] == [], (cwd, target)
        assert report["summary"]["baselined"] > 0
    # Another format version is refused, not silently read.
    (repo / "other.json").write_text('{"bondlint_baseline": 3, "findings": []}')
    refused = scan("--baseline", "other.json", ".", cwd=repo)
    assert refused.exit_code == 2 and "format 3" in refused.output


def test_suppressed_and_baselined_sarif_validates(tmp_path: Path) -> None:
    schema_path = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if not schema_path.exists():
        import pytest

        pytest.skip("shared SARIF schema not available")
    from jsonschema import Draft4Validator

    host(tmp_path, comment="# bondlint: ignore BL001 lab bond\n")
    runner.invoke(app, ["baseline", "create", str(tmp_path / "hosts"), "-o", str(tmp_path / "b.json")])
    sarif = json.loads(scan("--format", "sarif", "--baseline", "b.json", "hosts", cwd=tmp_path).stdout)
    assert not list(Draft4Validator(json.loads(schema_path.read_text())).iter_errors(sarif))


def test_gitlab_code_quality_report(tmp_path: Path) -> None:
    host(tmp_path)
    issues = json.loads(scan("--format", "gitlab", "--select", "BL001", "hosts", cwd=tmp_path).stdout)
    assert issues == [
        {
            "check_name": "BL001",
            "description": issues[0]["description"],
            "fingerprint": issues[0]["fingerprint"],
            "location": {"lines": {"begin": 8}, "path": "hosts/db01/bond0.nmconnection"},
            "severity": "major",
        }
    ]
    assert issues[0]["description"].startswith("BL001 [no-link-monitoring] bond bond0 has no link monitoring")
