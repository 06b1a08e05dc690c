"""bondlint plan: the failover test per bond, from both ends' configuration (issue 19)."""

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


def plan_json(*args: str) -> list[dict]:
    result = runner.invoke(app, ["plan", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["plans"]


def by_host(plans: list[dict]) -> dict[str, dict]:
    return {p["host"]: p for p in plans}


def step_lines(plan: dict, title: str) -> list[str]:
    (step,) = [s for s in plan["steps"] if s["title"].startswith(title)]
    return [line.strip() for line in step["lines"]]


def test_broken_runbook_says_first_that_the_test_is_an_outage_with_the_fix() -> None:
    plans = plan_json(str(RUNBOOK / "broken"))
    assert len(plans) == 3  # keyfile, ifcfg and sosreport capture: one host each
    for plan in plans:
        assert not plan["testable"]
        assert plan["detection_ms"] is None
        # Only the warning: no step that shuts a port.
        assert [s["title"] for s in plan["steps"]] == ["Do not test yet"]
        first = plan["blockers"][0]
        assert "no link monitor" in first and "miimon=0" in first
        assert "set miimon=100" in first
    keyfile = by_host(plans)["db01"]["blockers"][0]
    # The fix points at the miimon=0 line, in the applying tool's words.
    path = "fixtures/runbook/broken/keyfile/etc/NetworkManager/system-connections/bond0.nmconnection"
    assert f"{path}:10" in keyfile
    assert (Path.cwd() / path).read_text().splitlines()[9] == "miimon=0"
    assert 'nmcli connection modify bond0 +bond.options "miimon=100"' in keyfile
    assert "BONDING_OPTS" in by_host(plans)["db02"]["blockers"][0]


def test_broken_runbook_text_puts_the_warning_before_anything_else() -> None:
    result = runner.invoke(app, ["plan", "--host", "db01", str(RUNBOOK / "broken")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "db01 bond0 (active-backup): DO NOT TEST YET"
    assert lines[1].startswith("  ! bond0 has no link monitor")
    assert "shutdown" not in result.stdout and "ip link set" not in result.stdout


def test_fixed_runbook_fails_the_active_port_on_the_host_when_the_switch_is_unknown() -> None:
    plans = by_host(plan_json(str(RUNBOOK / "fixed")))
    assert set(plans) == {"db01", "db02", "db03"}
    for plan in plans.values():
        assert plan["testable"], plan["blockers"]
        assert plan["fail_port"] == "eno1"
        assert plan["new_active"] == "eno2"
        assert plan["detection_ms"] == 100
        assert plan["switch_port"] is None
        assert plan["commands"]["down"] == ["ip link set dev eno1 down"]
        assert "ip link set dev eno1 down" in step_lines(plan, "Fail eno1")
    # db03 is a capture of the running bond: its timers are the kernel's.
    assert plans["db03"]["timers_from"] == "the running kernel"
    assert plans["db01"]["timers_from"] == "the persisted configuration as NetworkManager applies it"
    expect = step_lines(plans["db03"], "Expect")
    assert expect[0].startswith("detection: at most 100 ms: miimon 100 ms + downdelay 0 ms")
    after = step_lines(plans["db03"], "Capture after")
    assert "proof: 'Currently Active Slave: eno2'" in after
    back = step_lines(plans["db03"], "Fail back")
    assert "ip link set dev eno1 up" in back
    assert any("primary_reselect=always" in line for line in back)


# Per platform: (the switch port db06's eno1 is cabled to, the lines that shut it).
SHUT = {
    "eos": ("leaf1:Et10", ["configure", "interface Ethernet10", "shutdown", "end"]),
    "ios": ("leaf1:Gi1/0/10", ["configure terminal", "interface GigabitEthernet1/0/10", "shutdown", "end"]),
    "nxos": ("leaf1:Eth1/10", ["configure terminal", "interface Ethernet1/10", "shutdown", "end"]),
    "junos-set": ("leaf1:xe-0/0/10", ["configure", "set interfaces xe-0/0/10 disable", "commit"]),
    "junos-braces": ("leaf1:xe-0/0/10", ["configure", "set interfaces xe-0/0/10 disable", "commit"]),
}


@pytest.mark.parametrize("platform", sorted(SHUT))
def test_cross_check_fixtures_name_the_switch_port_and_its_command(platform: str) -> None:
    plans = by_host(plan_json(str(CROSSCHECK / "hosts" / "fixed"), str(CROSSCHECK / platform / "fixed")))
    assert len(plans) == 14
    assert all(p["testable"] for p in plans.values())
    # active-backup across two switches, primary eno1.
    plan = plans["db06"]
    switch_port, lines = SHUT[platform]
    assert (plan["fail_port"], plan["switch_port"], plan["new_active"]) == ("eno1", switch_port, "eno2")
    assert plan["commands"]["where"] == "switch leaf1"
    assert plan["commands"]["down"] == lines
    assert plan["detection_ms"] == 100
    # An edge port forwards at link-up: failing back costs nothing.
    assert plan["failback_interruption_ms"] == 0
    # 802.3ad: the aggregator stays with the other port.
    lacp = plans["db01"]
    assert lacp["fail_port"] == "eno1" and lacp["new_active"] == "eno2"
    assert any("aggregator stays with eno2" in line for line in step_lines(lacp, "Expect"))


def test_broken_cross_check_host_with_a_non_edge_port_gets_the_failback_gap() -> None:
    """db12's switch port runs spanning tree without portfast: with updelay 0 the bond
    sends into the returning port for the whole forwarding delay."""
    plans = by_host(plan_json(str(CROSSCHECK / "hosts" / "broken"), str(CROSSCHECK / "ios" / "broken")))
    plan = plans["db12"]
    assert plan["failback_interruption_ms"] == 30000
    assert any(
        "shorter than leaf1:Gi1/0/19's forwarding delay of 30 s" in line for line in step_lines(plan, "Fail back")
    )


def test_markdown_is_a_checklist_with_commands_in_fences() -> None:
    result = runner.invoke(
        app,
        [
            "plan",
            "--format",
            "markdown",
            "--host",
            "db06",
            *(str(CROSSCHECK / p) for p in ("hosts/fixed", "eos/fixed")),
        ],
    )
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Failover test plan")
    assert "## db06 bond0 \\(active-backup\\)" in text
    assert "```sh\n   configure\n   interface Ethernet10\n   shutdown\n   end\n   ```" in text
    assert "- [ ] new active port: eno2" in text


def test_an_unknown_host_or_bond_is_a_usage_error() -> None:
    result = runner.invoke(app, ["plan", "--host", "nope", str(RUNBOOK / "fixed")])
    assert result.exit_code == 2
    assert "no bond matches --host nope" in result.output


def test_a_running_monitor_the_persisted_config_lacks_is_said_first(tmp_path: Path) -> None:
    """The running bond polls (the fixed capture), its keyfile says miimon=0 (the broken
    one): the test would pass today, the next reboot removes the monitor."""
    host = tmp_path / "db01"
    shutil.copytree(RUNBOOK / "broken" / "keyfile" / "etc", host / "etc")
    shutil.copytree(RUNBOOK / "fixed" / "capture" / "proc", host / "proc")
    (plan,) = plan_json(str(host))
    assert plan["testable"] and plan["timers_from"] == "the running kernel"
    assert plan["detection_ms"] == 100
    (warning,) = plan["warnings"]
    assert "after a reboot it has none" in warning
    assert "bond0.nmconnection:10" in warning
    text = runner.invoke(app, ["plan", str(host)]).stdout.splitlines()
    assert text[1].startswith("  ! bond0 runs with a link monitor that its persisted configuration lacks")


def test_names_from_the_inputs_are_escaped_and_quoted(tmp_path: Path) -> None:
    host = tmp_path / "x"
    shutil.copytree(RUNBOOK / "fixed" / "keyfile" / "etc", host / "etc")
    (host / "etc" / "hostname").write_text("ev\x1b[2Jil`x`[a](b)\n")
    port = host / "etc" / "NetworkManager" / "system-connections" / "bond0-port-eno1.nmconnection"
    port.write_text(port.read_text().replace("interface-name=eno1", "interface-name=eno1;reboot"))
    text = runner.invoke(app, ["plan", str(host)]).stdout
    assert "\x1b" not in text
    assert "ev\\x1b[2Jil`x`[a](b) bond0 (active-backup)" in text
    assert "ip link set dev 'eno1;reboot' down" in text
    markdown = runner.invoke(app, ["plan", "--format", "markdown", str(host)]).stdout
    assert "\x1b" not in markdown
    assert "## ev\\\\x1b\\[2Jil\\`x\\`\\[a\\]\\(b\\) bond0" in markdown
