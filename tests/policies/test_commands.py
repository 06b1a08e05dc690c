"""Fix commands that can be pasted: each finding's commands name its own bond, ports,
switch, interfaces and channel, are valid line by line for their platform, and never
hold a hazard (a hole, a ';' separator, a full bond.options replacement)."""

from __future__ import annotations

import json
import re
import textwrap
from functools import cache
from pathlib import Path

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from bondlint.cli import app
from bondlint.model.entity import Entity
from bondlint.policies.commands import SWITCH_MODES, FixCommands, render_commands
from bondlint.policies.engine import CompiledPolicy
from bondlint.policies.loader import PolicyError, builtin_policy_dir, load_policies
from bondlint.policy_examples import run_examples
from bondlint.sources.base import Location

CROSSCHECK = FIXTURES / "crosscheck"
PLATFORMS = ("ios", "nxos", "eos", "junos-set", "junos-braces")
POLICIES = load_policies([builtin_policy_dir()])
WITH_COMMANDS = [p for p in POLICIES if p.commands]
CATALOG = [CompiledPolicy(p) for p in POLICIES]
# What db02 (802.3ad facing the static channel 2 on leaf1's third and fourth ports) and
# db01 (802.3ad facing two plain access ports, no channel yet) must be told, per platform.
DB02 = {
    "ios": ("GigabitEthernet1/0/3", "GigabitEthernet1/0/4", "interface Port-channel2", "channel-group 2 mode active"),
    "nxos": ("Ethernet1/3", "Ethernet1/4", "interface port-channel2", "channel-group 2 mode active"),
    "eos": ("Ethernet3", "Ethernet4", "interface Port-Channel2", "channel-group 2 mode active"),
    "junos-set": ("xe-0/0/3", "xe-0/0/4", "set interfaces ae2 aggregated-ether-options lacp active", "802.3ad ae2"),
    "junos-braces": ("xe-0/0/3", "xe-0/0/4", "set interfaces ae2 aggregated-ether-options lacp active", "802.3ad ae2"),
}
FULL_BOND_OPTIONS = re.compile(r'(?<![+-])\bbond\.options\s+"')


@cache
def crosscheck_findings(platform: str) -> tuple[dict, ...]:
    result = CliRunner().invoke(
        app,
        [
            "scan",
            "--format",
            "json",
            "--fail-on",
            "never",
            str(CROSSCHECK / "hosts" / "broken"),
            str(CROSSCHECK / platform / "broken"),
        ],
    )
    assert result.exit_code == 0, result.output
    return tuple(json.loads(result.stdout)["findings"])


def one(platform: str, rule: str, host: str) -> dict:
    (finding,) = [f for f in crosscheck_findings(platform) if f["rule"] == rule and f["host"] == host]
    return finding


def switch_lines(finding: dict, switch: str) -> list[str]:
    steps = [s for s in finding["commands"]["steps"] if s["side"] == "switch" and s["system"] == switch]
    assert len(steps) == 1, finding["commands"]
    return steps[0]["lines"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_static_channel_to_lacp_names_the_findings_own_ports_and_channel(platform: str) -> None:
    first, second, channel_line, member_line = DB02[platform]
    finding = one(platform, "BL030", "db02")
    lines = switch_lines(finding, "leaf1")
    text = "\n".join(lines)
    assert first in text and second in text and channel_line in lines, text
    assert any(member_line in line for line in lines), text
    # Nobody else's port: db01's and db03's ports are not named.
    assert "Ethernet5" not in text and "1/0/5" not in text and "xe-0/0/5" not in text
    if platform.startswith("junos"):
        # A Junos static ae becomes LACP by its lacp stanza; the members stay.
        assert lines[0] == "configure" and lines[-1] == "commit"
    else:
        # Every member leaves the static channel before any joins as LACP (no mixing).
        assert lines[0] == "configure terminal" and lines[-1] == "end"
        removed = [i for i, line in enumerate(lines) if line == "no channel-group"]
        joined = [i for i, line in enumerate(lines) if line == member_line]
        assert len(removed) == 2 and len(joined) == 2 and max(removed) < min(joined), text
        assert lines[lines.index(f"interface {first}") + 1] == "no channel-group"
    # The order of the change and its reason come with it.
    assert "802.3ad" in finding["commands"]["order"] and "LACPDU" in finding["commands"]["order"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_access_ports_to_lacp_create_a_channel_the_switch_does_not_use(platform: str) -> None:
    lines = switch_lines(one(platform, "BL030", "db01"), "leaf1")
    text = "\n".join(lines)
    # leaf1 already has port-channels 2 and up: the new one is 1, on db01's own ports.
    expected = {"ios": "Port-channel1", "nxos": "port-channel1", "eos": "Port-Channel1"}.get(platform, "ae1")
    assert (
        f"interface {expected}" in lines or f"set interfaces {expected} aggregated-ether-options lacp active" in lines
    )
    assert "no channel-group" not in text  # nothing to leave
    if platform.startswith("junos"):
        assert "set interfaces xe-0/0/1 ether-options 802.3ad ae1" in lines
        assert "set interfaces ae1 unit 0 family ethernet-switching vlan members 200" in lines
    else:
        assert "channel-group 1 mode active" in lines and "switchport access vlan 200" in lines


def test_a_bond_half_in_a_channel_joins_that_channel_whole() -> None:
    """eno1 faces a plain port, eno2 a member of Port-channel5: both go to channel 5, never
    one channel per port (a bond's ports on one switch belong in one channel)."""
    result = CliRunner().invoke(
        app,
        ["scan", "--format", "json", "--fail-on", "never", str(FIXTURES / "precision/eos-passive-channel-one-member")],
    )
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "BL030"]
    lines = switch_lines(finding, "leaf3")
    assert [line for line in lines if line.startswith("channel-group")] == ["channel-group 5 mode active"] * 2, lines
    assert "interface Port-Channel5" in lines and "interface Port-Channel1" not in lines, lines


def test_eos_shows_the_leaf2_port_of_its_own_finding() -> None:
    finding = one("eos", "BL036", "db07")
    assert "leaf2" in finding["message"]
    assert switch_lines(finding, "leaf2") == ["configure terminal", "interface Ethernet11", "no shutdown", "end"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_switch_step_is_valid_line_by_line(platform: str) -> None:
    steps = [s for f in crosscheck_findings(platform) for s in (f.get("commands") or {"steps": []})["steps"]]
    switch = [s for s in steps if s["side"] == "switch"]
    assert len(switch) >= 8, f"{platform}: too few switch commands rendered"
    for step in switch:
        enter, leave = SWITCH_MODES[step["target"]]
        lines = step["lines"]
        assert lines[0] == enter and lines[-1] == leave, lines
        for line in lines:
            assert ";" not in line and "{" not in line and "}" not in line, line
            assert line == line.strip() and line, lines
            if step["target"] == "junos":
                assert line in (enter, leave) or line.split()[0] in ("set", "delete"), line


def _rendered(policy) -> list[FixCommands]:
    found = [f.commands for o in run_examples(policy, CATALOG) for f in o.findings if f.commands]
    if any(key in policy.commands for key in SWITCH_MODES):
        for platform in PLATFORMS:
            # The cross-check fixtures show the finding on every platform (the examples use IOS).
            result = crosscheck_findings(platform)
            found += [_from_json(f["commands"]) for f in result if f["rule"] == policy.id and f.get("commands")]
    return found


def _from_json(document: dict) -> FixCommands:
    from bondlint.policies.commands import FixStep

    steps = tuple(FixStep(s["side"], s["target"], s["system"], tuple(s["lines"])) for s in document["steps"])
    return FixCommands(steps, document["order"] or "")


@pytest.mark.parametrize("policy", WITH_COMMANDS, ids=lambda p: p.id)
def test_every_rule_renders_complete_commands_on_its_failing_examples(policy) -> None:
    rendered = _rendered(policy)
    assert rendered, f"{policy.id}: its commands render on none of its failing examples"
    for commands in rendered:
        for step in commands.steps:
            for line in step.lines:
                assert not re.search(r"[{}]", line), f"{policy.id}: a placeholder left unfilled: {line}"
                assert not FULL_BOND_OPTIONS.search(line), f"{policy.id}: a full bond.options replacement: {line}"
                if step.side == "switch":
                    assert ";" not in line, f"{policy.id}: ';' in a switch command: {line}"


def test_the_json_report_adds_commands_and_keeps_every_other_key() -> None:
    findings = crosscheck_findings("eos")
    with_commands = [f for f in findings if "commands" in f]
    assert with_commands and len(with_commands) < len(findings)
    base = {"rule", "name", "severity", "message", "path", "line", "host", "entity", "fingerprint", "related"}
    assert all(base <= set(f) for f in findings)
    assert all(set(f) - base <= {"commands", "ports"} for f in findings)


def _bond(view: dict) -> Entity:
    return Entity(kind="bond", host="db01", name="bond0", anchor=Location("x", 1), view=view)


NM_VIEW = {"config": {"applied_by": "NetworkManager", "format": "nm-keyfile", "profile_id": "bond0", "ports": ["eno1"]}}


@pytest.mark.parametrize(
    ("number", "expected"),
    [(None, "any"), (142, "any"), (144, "1.44"), (150, "1.44"), (146, "1.46")],
)
def test_the_networkmanager_version_the_capture_shows_picks_the_form(number: int | None, expected: str) -> None:
    spec = {"nmcli": {"any": "echo any {bond}", "1.44": "echo 1.44 {bond}", "1.46": "echo 1.46 {bond}"}}
    view = json.loads(json.dumps(NM_VIEW))
    if number is not None:
        view["host_info"] = {"networkmanager_version_number": number}
    if number == 150:
        spec["nmcli"].pop("1.46")
    commands = render_commands(spec, _bond(view), "/effective/miimon")
    assert commands is not None and commands.steps[0].lines == (f"echo {expected} bond0",)


def test_a_version_only_form_is_left_out_when_the_capture_shows_an_older_one() -> None:
    spec = {"nmcli": {"1.44": 'nmcli connection modify {profile} +bond.options "lacp_active=on"'}}
    view = {**NM_VIEW, "host_info": {"networkmanager_version_number": 142}}
    assert render_commands(spec, _bond(view), "/effective/lacp_active") is None
    view["host_info"] = {"networkmanager_version_number": 144}
    commands = render_commands(spec, _bond(view), "/effective/lacp_active")
    assert commands is not None
    assert commands.one_line() == 'nmcli connection modify bond0 +bond.options "lacp_active=on"'


def test_hostile_names_are_quoted_or_never_rendered() -> None:
    spec = {"nmcli": "nmcli connection up {profile}", "eos": "interface {switch_port}\nno shutdown"}
    view = json.loads(json.dumps(NM_VIEW))
    view["config"]["profile_id"] = "bond0$(reboot)"
    port = {"switch": "leaf1", "platform": "eos", "configured": True, "interface": "Ethernet1\nreload now"}
    view["switch_ports"] = [port]
    commands = render_commands(spec, _bond(view), "/switch_ports/0/shutdown")
    assert commands is not None
    assert [s.target for s in commands.steps] == ["nmcli"]  # the switch step is left out whole
    assert commands.steps[0].lines == ("nmcli connection up 'bond0$(reboot)'",)
    port["interface"] = "Ethernet1;reload"
    assert [s.target for s in render_commands(spec, _bond(view), "/switch_ports/0/shutdown").steps] == ["nmcli"]


def test_a_missing_value_leaves_the_step_out_and_an_optional_line_alone() -> None:
    spec = {"nmcli": "nmcli connection modify {profile} +bond.options primary={effective.primary}"}
    assert render_commands(spec, _bond(json.loads(json.dumps(NM_VIEW))), "/effective/primary") is None
    spec = {"nmcli": "? echo {effective.primary}\necho {bond}"}
    commands = render_commands(spec, _bond(json.loads(json.dumps(NM_VIEW))), "/effective/primary")
    assert commands is not None and commands.steps[0].lines == ("echo bond0",)


def test_no_nmcli_for_a_bond_networkmanager_does_not_own() -> None:
    view = {"config": {"applied_by": "initscripts", "format": "ifcfg", "ports": ["eno1"]}}
    assert render_commands({"nmcli": "nmcli connection up {profile}"}, _bond(view), "/effective/miimon") is None


POLICY = """\
    id: XX001
    name: hazard
    severity: warning
    title: A hazard
    description: d
    remediation: r
    references: [https://example.org]
    applies-to: bond
    require: {{properties: {{effective: {{properties: {{miimon: {{minimum: 1}}}}}}}}}}
    message: bond {{name}}
    commands:
      {commands}
    examples:
      - name: a
        files: {{x.nmconnection: "[connection]\\ntype=bond\\ninterface-name=bond0\\n[bond]\\nmiimon=0\\n"}}
        expect: ["x.nmconnection:5"]
      - {{name: b, files: {{x.nmconnection: "[connection]\\ntype=bond\\n"}}, expect: []}}
"""


@pytest.mark.parametrize(
    ("commands", "problem"),
    [
        ('nmcli: nmcli connection modify {profile} bond.options "miimon=100"', "drops those it does not repeat"),
        ("eos: interface {switch_port} ; no shutdown", "';' in a eos command"),
        ("ios: [{once: configure terminal}]", "entered and left for you"),
        ("nmcli: nmcli connection modify {switch_port}", "names a switch port"),
        ("aruba: no shutdown", "aruba"),
    ],
)
def test_the_loader_refuses_a_hazardous_template_at_its_line(tmp_path: Path, commands: str, problem: str) -> None:
    (tmp_path / "XX001.yaml").write_text(textwrap.dedent(POLICY.format(commands=commands)), encoding="utf-8")
    with pytest.raises(PolicyError) as raised:
        load_policies([tmp_path])
    (message,) = raised.value.problems
    assert problem in message and re.match(r".*XX001\.yaml:1[12]: ", message), message


def test_a_valid_template_loads(tmp_path: Path) -> None:
    commands = 'nmcli: nmcli connection modify {profile} +bond.options "miimon=100"'
    (tmp_path / "XX001.yaml").write_text(textwrap.dedent(POLICY.format(commands=commands)), encoding="utf-8")
    (policy,) = load_policies([tmp_path])
    assert policy.commands == {"nmcli": 'nmcli connection modify {profile} +bond.options "miimon=100"'}


def _bl147_commands(extra: dict[str, str]) -> FixCommands | None:
    from bondlint.policy_examples import scan_files

    (policy,) = [p for p in POLICIES if p.id == "BL147"]
    files = dict(next(e for e in policy.examples if e.expect and "eno2.nmconnection" in e.files).files)
    result = scan_files({**files, **extra}, [CompiledPolicy(policy)])
    (finding,) = [f for f in result.findings if f.rule_id == "BL147"]
    return finding.commands


@pytest.mark.parametrize(
    ("captured", "expected"),
    [
        ({}, "connection.autoconnect-slaves 1"),  # unknown version: the name every version reads
        ({"nmcli_--version": "nmcli tool, version 1.42.2\n"}, "connection.autoconnect-slaves 1"),
        ({"nmcli_--version": "nmcli tool, version 1.46.0\n"}, "connection.autoconnect-ports 1"),
        ({"etc/os-release": 'ID="rhel"\nVERSION_ID="8.10"\n'}, "connection.autoconnect-slaves 1"),
        # No version capture: the distribution's usual one (Ubuntu 24.04 ships 1.46).
        ({"etc/os-release": 'ID=ubuntu\nVERSION_ID="24.04"\n'}, "connection.autoconnect-ports 1"),
    ],
)
def test_the_capture_s_networkmanager_version_picks_the_property_name(captured: dict, expected: str) -> None:
    commands = _bl147_commands(captured)
    assert commands is not None
    assert commands.steps[0].lines == (f"nmcli connection modify bond0 {expected}", "nmcli connection up bond0")


@pytest.mark.parametrize(("vlan", "expected"), [("100", "switchport trunk allowed vlan add 100"), ("untagged", None)])
def test_a_vlan_is_added_by_number_only(vlan: str, expected: str | None) -> None:
    (policy,) = [p for p in POLICIES if p.id == "BL044"]
    port = {
        "switch": "leaf1",
        "platform": "ios",
        "configured": True,
        "interface": "GigabitEthernet1/0/11",
        "channel": "Port-channel11",
        "mode": "trunk",
        "host_vlans": [vlan],
    }
    commands = render_commands(policy.commands, _bond({"switch_ports": [port]}), "/switch_ports/0/host_vlans/0")
    if expected is None:
        assert commands is None
    else:
        assert commands is not None
        # On the channel, where a member's VLAN settings live.
        assert commands.steps[0].lines == ("configure terminal", "interface Port-channel11", expected, "end")
