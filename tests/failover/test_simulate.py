"""bondlint simulate --fail: what one failure does to every bond of the fleet (issue 19)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from bondlint.cli import app

runner = CliRunner()
RUNBOOK = FIXTURES / "runbook"
CROSSCHECK = FIXTURES / "crosscheck"

# The runbook's broken and fixed keyfile hosts, renamed so that one wiring names both,
# cabled eno1 -> leaf1 and eno2 -> leaf2.
WIRING = """\
links:
  - {host: rb-broken, host_port: eno1, switch: leaf1, switch_port: Gi1/0/11}
  - {host: rb-broken, host_port: eno2, switch: leaf2, switch_port: Gi1/0/11}
  - {host: rb-fixed, host_port: eno1, switch: leaf1, switch_port: Gi1/0/12}
  - {host: rb-fixed, host_port: eno2, switch: leaf2, switch_port: Gi1/0/12}
"""

# leaf1 shuts its server ports when its uplink fails (IOS link-state tracking).
LEAF1_TRACKED = """\
hostname leaf1
link state track 1
interface TenGigabitEthernet1/1/1
 link state group 1 upstream
interface GigabitEthernet1/0/11
 switchport mode access
 switchport access vlan 200
 spanning-tree portfast
 link state group 1 downstream
interface GigabitEthernet1/0/12
 switchport mode access
 switchport access vlan 200
 spanning-tree portfast
 link state group 1 downstream
"""


@pytest.fixture
def fleet(tmp_path: Path) -> Path:
    for state in ("broken", "fixed"):
        host = tmp_path / f"rb-{state}"
        shutil.copytree(RUNBOOK / state / "keyfile", host)
        (host / "etc" / "hostname").write_text(f"rb-{state}\n")
    (tmp_path / "net").mkdir()
    (tmp_path / "net" / "wiring.yaml").write_text(WIRING)
    return tmp_path


def simulate(fail: str, *paths: Path, code: int | None = None) -> dict:
    result = runner.invoke(app, ["simulate", "--fail", fail, "--format", "json", *map(str, paths)])
    if code is not None:
        assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def outcomes(report: dict) -> dict[str, dict]:
    return {o["host"]: o for o in report["outcomes"]}


def test_failing_the_switch_of_the_active_port_darkens_miimon_0_and_the_fixed_bond_survives(fleet: Path) -> None:
    report = simulate("leaf1", fleet, code=1)
    found = outcomes(report)
    assert found["rb-broken"]["outcome"] == "dark"
    assert "no link monitor notices" in found["rb-broken"]["reason"]
    assert found["rb-fixed"]["outcome"] == "survives"
    assert found["rb-fixed"]["detection_ms"] == 100
    assert found["rb-fixed"]["reason"] == "fails over to eno2 within 100 ms"
    assert report["counts"] == {"survives": 1, "degraded": 0, "dark": 1, "unknown": 0}


def test_failing_the_backup_side_leaves_both_without_a_backup(fleet: Path) -> None:
    report = simulate("leaf2", fleet, code=0)
    assert {h: o["outcome"] for h, o in outcomes(report).items()} == {"rb-broken": "degraded", "rb-fixed": "degraded"}


def test_one_switch_port_or_host_port_touches_one_bond(fleet: Path) -> None:
    report = simulate("leaf1:GigabitEthernet1/0/12", fleet, code=0)  # long name of Gi1/0/12
    assert list(outcomes(report)) == ["rb-fixed"]
    assert report["untouched"] == 1
    report = simulate("rb-broken:eno1", fleet, code=1)
    assert outcomes(report)["rb-broken"]["outcome"] == "dark"
    assert report["untouched"] == 1


def test_uplinks_are_unknown_without_the_switch_configuration(fleet: Path) -> None:
    report = simulate("leaf1:uplinks", fleet, code=0)
    assert {o["outcome"] for o in report["outcomes"]} == {"unknown"}


def test_uplinks_with_link_state_tracking_shut_the_host_ports(fleet: Path) -> None:
    (fleet / "net" / "leaf1.cfg").write_text(LEAF1_TRACKED)
    found = outcomes(simulate("leaf1:uplinks", fleet, code=1))
    assert found["rb-fixed"]["outcome"] == "survives"
    assert found["rb-fixed"]["failed"] == ["eno1 (down)"]
    assert found["rb-broken"]["outcome"] == "dark"


def test_uplinks_without_tracking_keep_the_link_up_and_blind_the_mii_monitor(fleet: Path) -> None:
    untracked = "\n".join(line for line in LEAF1_TRACKED.splitlines() if "link state" not in line)
    (fleet / "net" / "leaf1.cfg").write_text(untracked + "\n")
    found = outcomes(simulate("leaf1:uplinks", fleet, code=1))
    assert found["rb-fixed"]["outcome"] == "dark"
    assert found["rb-fixed"]["failed"] == ["eno1 (isolated)"]
    assert "the MII monitor sees only the carrier" in found["rb-fixed"]["reason"]


@pytest.mark.parametrize("platform", ["eos", "nxos", "junos-set"])
def test_cross_check_fleet_losing_leaf1(platform: str) -> None:
    report = simulate("leaf1", CROSSCHECK / "hosts" / "fixed", CROSSCHECK / platform / "fixed", code=1)
    found = outcomes(report)
    assert found["db06"]["outcome"] == "survives"  # active-backup across leaf1 and leaf2
    # 802.3ad across both (MLAG; the IOS fixture has no MLAG: both on leaf1): one port left
    assert found["db05"]["outcome"] == "degraded"
    assert found["db05"]["reason"] == "carries on with 1 of 2 ports after 100 ms"
    assert found["db01"]["outcome"] == "dark"  # 802.3ad with both ports on leaf1
    assert "no usable port left" in found["db01"]["reason"]
    assert sum(report["counts"].values()) == 14


def test_text_report_and_summary(fleet: Path) -> None:
    result = runner.invoke(app, ["simulate", "--fail", "leaf1", str(fleet)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "simulated failure: leaf1 (switch)"
    assert any(line.startswith("  DARK      rb-broken bond0 (active-backup): failed eno1 (down)") for line in lines)
    assert lines[-1] == "2 bonds touched: 1 survives, 0 degraded, 1 dark, 0 unknown; 0 untouched"


@pytest.mark.parametrize("spec", ["nowhere", "nowhere:eno1", ":eno1"])
def test_a_spec_naming_nothing_is_a_usage_error(fleet: Path, spec: str) -> None:
    result = runner.invoke(app, ["simulate", "--fail", spec, str(fleet)])
    assert result.exit_code == 2
    assert "bondlint:" in result.output
