"""Fleet audit joined to the switch side: switch configs and wiring read once, every
bundle's hosts cross-checked against them exactly as ``scan`` cross-checks loose files."""

from __future__ import annotations

import json
import shutil
import tarfile
from collections import Counter
from pathlib import Path

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from bondlint.cli import app

runner = CliRunner()
CROSSCHECK = FIXTURES / "crosscheck"
CROSS_RULES = {f"BL0{n}" for n in range(30, 44)}


def sosreports(hosts: Path, root: Path) -> Path:
    """Each host capture of ``hosts`` as a sosreport: trees, and every third one a tarball."""
    fleet = root / "fleet"
    fleet.mkdir()
    for index, capture in enumerate(sorted(p for p in hosts.iterdir() if p.is_dir())):
        name = f"sosreport-{capture.name}-2026-11-24"
        tree = root / "staging" / name if index % 3 == 0 else fleet / name
        shutil.copytree(capture, tree)
        (tree / "sos_commands").mkdir()
        (tree / "version.txt").write_text("sosreport: 4.8.1\n")
        (tree / "hostname").write_text(f"{capture.name}\n")
        if index % 3 == 0:
            with tarfile.open(fleet / f"{name}.tar.xz", "w:xz") as bundle:
                bundle.add(tree, arcname=name)
    return fleet


def invoke(*args: str) -> dict:
    result = runner.invoke(app, [*args, "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def crosschecks(report: dict) -> Counter:
    return Counter((f["host"], f["rule"], f["message"]) for f in report["findings"] if f["rule"] in CROSS_RULES)


@pytest.mark.parametrize("platform", ["ios", "nxos", "eos", "junos-set", "junos-braces"])
def test_audit_cross_checks_every_bundle_like_scan_does(tmp_path: Path, platform: str) -> None:
    network = CROSSCHECK / platform / "broken"
    fleet = sosreports(CROSSCHECK / "hosts" / "broken", tmp_path)
    audited = invoke("audit", "--jobs", "1", "--network", str(network), str(fleet))
    scanned = invoke("scan", str(CROSSCHECK / "hosts" / "broken"), str(network))
    assert crosschecks(audited) and crosschecks(audited) == crosschecks(scanned)
    # The switch line is evidence on the host's finding, wherever the bundle is.
    # Each finding is located in a bundle (or on the switch, where the fix is), with the
    # same switch lines as related evidence as when the loose files are scanned.
    switch_files = tuple(p.relative_to(network).as_posix() for p in network.rglob("*") if p.is_file())
    assert switch_evidence(audited, switch_files) == switch_evidence(scanned, switch_files)
    crossed = [f for f in audited["findings"] if f["rule"] in CROSS_RULES]
    assert all("/sosreport-db" in f["path"] or f["path"].endswith(switch_files) for f in crossed)
    assert sum(len(lines) for lines in switch_evidence(audited, switch_files).values()) >= len(crossed) // 2


def switch_evidence(report: dict, switch_files: tuple[str, ...]) -> dict:
    """Per cross-check finding, the switch-side lines among its related locations."""
    evidence: dict = {}
    for f in report["findings"]:
        if f["rule"] in CROSS_RULES:
            lines = sorted(
                (next(s for s in switch_files if r["path"].endswith(s)), r["line"])
                for r in f["related"]
                if r["path"].endswith(switch_files)
            )
            evidence.setdefault((f["host"], f["rule"], f["message"]), []).extend(lines)
    return evidence


def test_the_correctly_cabled_fleet_has_no_cross_check_findings(tmp_path: Path) -> None:
    fleet = sosreports(CROSSCHECK / "hosts" / "fixed", tmp_path)
    audited = invoke("audit", "--jobs", "2", "--network", str(CROSSCHECK / "ios" / "fixed"), str(fleet))
    assert not [f for f in audited["findings"] if f["rule"] in CROSS_RULES - {"BL111"}]
    assert len(audited["hosts"]) == len([p for p in (CROSSCHECK / "hosts" / "fixed").iterdir() if p.is_dir()])


def test_parallel_and_serial_network_audits_are_byte_identical(tmp_path: Path) -> None:
    fleet = sosreports(CROSSCHECK / "hosts" / "broken", tmp_path)
    network = str(CROSSCHECK / "nxos" / "broken")
    outputs = [
        runner.invoke(
            app, ["audit", "--jobs", jobs, "--network", network, "--format", "sarif", "--fail-on", "never", str(fleet)]
        ).stdout
        for jobs in ("1", "2")
    ]
    assert outputs[0] and outputs[0] == outputs[1]


def test_a_malformed_switch_input_is_reported_once_not_per_bundle(tmp_path: Path) -> None:
    fleet = sosreports(CROSSCHECK / "hosts" / "broken", tmp_path)
    network = tmp_path / "network"
    shutil.copytree(CROSSCHECK / "ios" / "broken", network)
    (network / "wiring.yaml").write_text("links:\n  - {host: db01, host_port: eno1\n")
    audited = invoke("audit", "--jobs", "2", "--network", str(network), str(fleet))
    broken = [f for f in audited["findings"] if f["rule"] == "BL000" and f["path"].endswith("wiring.yaml")]
    assert len(broken) == 1
    # The switch configs still join what the wiring file no longer can: LLDP-less hosts stay unjoined.
    assert audited["hosts"] and not [h for h in audited["hosts"] if h.startswith("leaf")]


def test_a_missing_network_path_is_a_usage_error(tmp_path: Path) -> None:
    fleet = sosreports(CROSSCHECK / "hosts" / "broken", tmp_path)
    result = runner.invoke(app, ["audit", "--network", str(tmp_path / "nope"), str(fleet)])
    assert result.exit_code == 2 and "no such file or directory" in result.stderr
