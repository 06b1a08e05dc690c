"""Host <-> switch cross-checks on every switch platform, broken and fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from bondlint.cli import app

runner = CliRunner()
CROSSCHECK = FIXTURES / "crosscheck"
PLATFORMS = ("ios", "nxos", "eos", "junos-set", "junos-braces")
# Which host of fixtures/crosscheck/hosts/broken shows which cross-check (generate.py).
EXPECTED = {
    "BL030": {"db01", "db02"},
    "BL031": {"db14"},
    "BL032": {"db03"},
    "BL033": {"db04"},
    "BL034": {"db05"},
    "BL035": {"db06"},
    "BL036": {"db07"},
    "BL037": {"db08"},
    "BL038": {"db09"},
    "BL039": {"db10"},
    "BL040": {"db11"},
    "BL041": {"db12"},
    "BL042": {"db13"},
}
CROSS_CHECKS = {f"BL{n:03d}" for n in range(30, 44)}


def scan(*paths: Path) -> dict:
    result = runner.invoke(app, ["scan", "--format", "json", "--fail-on", "never", *map(str, paths)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_broken_reports_every_cross_check(platform: str) -> None:
    report = scan(CROSSCHECK / "hosts" / "broken", CROSSCHECK / platform / "broken")
    assert report["switches"] == ["leaf1", "leaf2"]
    found: dict[str, set[str]] = {}
    for finding in report["findings"]:
        found.setdefault(finding["rule"], set()).add(finding["host"])
    assert {rule: hosts for rule, hosts in found.items() if rule in CROSS_CHECKS} == EXPECTED
    others = {(rule, host) for rule, hosts in found.items() if rule not in CROSS_CHECKS for host in hosts}
    assert others <= FIXED_NOTES, f"unexpected findings: {others - FIXED_NOTES}"


# Best-practice notes the fixed hosts still earn: active-backup across two switches with
# MII monitoring only (catalog check 16) cannot see a switch losing its uplink.
FIXED_NOTES = {("BL111", host) for host in ("db06", "db07", "db11", "db12", "db13")}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_fixed_reports_no_cross_check_and_nothing_above_a_note(platform: str) -> None:
    report = scan(CROSSCHECK / "hosts" / "fixed", CROSSCHECK / platform / "fixed")
    assert {(f["rule"], f["host"]) for f in report["findings"]} == FIXED_NOTES
    assert {f["severity"] for f in report["findings"]} == {"note"}
    assert len(report["hosts"]) == 14


@pytest.mark.parametrize("platform", PLATFORMS)
def test_findings_name_both_ends_with_both_locations(platform: str) -> None:
    report = scan(CROSSCHECK / "hosts" / "broken", CROSSCHECK / platform / "broken")
    # One finding for the bond however many of its switch ports lack LACP (one cause).
    (finding,) = [f for f in report["findings"] if f["rule"] == "BL030" and f["host"] == "db01"]
    # Primary: the host line that sets the mode; related: each switch port's line.
    assert finding["path"].endswith("db01/etc/NetworkManager/system-connections/bond0.nmconnection")
    keyfile = CROSSCHECK / "hosts/broken/db01/etc/NetworkManager/system-connections/bond0.nmconnection"
    assert keyfile.read_text().splitlines()[finding["line"] - 1] == "mode=802.3ad"
    first, second = finding["related"]
    assert "/switches/leaf1." in first["path"]
    switch_line = (Path.cwd() / first["path"]).read_text().splitlines()[first["line"] - 1]
    assert any(name in switch_line for name in ("1/0/1", "Ethernet1", "Ethernet1/1", "xe-0/0/1")), switch_line
    assert finding["message"].startswith("db01 bond0 (802.3ad) ↔ leaf1")
    assert "do not all run LACP" in finding["message"]
    # The related locations say what is there: the switch port, its host port, its setting.
    assert first["message"].startswith("leaf1 ") and "(host port eno1): " in first["message"]
    assert "channel none" in first["message"]
    assert "(host port eno2): " in second["message"]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_related_locations_describe_each_switch_port(platform: str) -> None:
    report = scan(CROSSCHECK / "hosts" / "broken", CROSSCHECK / platform / "broken")
    by_host = {(f["rule"], f["host"]): f for f in report["findings"]}
    # Two switches without a shared multi-chassis id: both switch ports are listed.
    mlag = by_host[("BL034", "db05")]
    assert "(ids: none)" in mlag["message"]
    assert sorted(r["message"].split(" ")[0] for r in mlag["related"]) == ["leaf1", "leaf2"]
    assert all("(host port eno" in r["message"] and "channel " in r["message"] for r in mlag["related"])
    # VLAN mismatch: each side's VLAN, not the finding's message again.
    vlans = by_host[("BL035", "db06")]
    described = [r["message"] for r in vlans["related"]]
    assert any(m.endswith("access vlan 201") for m in described), described
    assert vlans["message"] not in described
    # Member count: the host's port count and every switch-side member by name.
    count = by_host[("BL039", "db10")]["message"]
    assert count.startswith("db10 bond0 (802.3ad) has 2 ports cabled to 3 switch-side channel members (")


def _filer(tmp_path: Path, mc_ae: bool) -> Path:
    """A host dual-homed to two QFX switches, joined by its real lldpctl capture."""
    from conftest import corpus_path

    capture = corpus_path("switch", "lldp-host", "netbox-agent-lldpctl-keyvalue-qfx.txt")
    host = tmp_path / "filer"
    (host / "etc/NetworkManager/system-connections").mkdir(parents=True)
    (host / "etc/hostname").write_text("filer\n")
    (host / "lldpctl_neighbors").write_bytes(capture.read_bytes())
    (host / "etc/NetworkManager/system-connections/bond0.nmconnection").write_text(
        "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n[bond]\nmode=802.3ad\nmiimon=100\nlacp_rate=fast\n"
    )
    for index, port in enumerate(("eth0", "eth1")):
        # Pinned by MAC: ethN names are otherwise unstable (unstable-port-names).
        (host / f"etc/NetworkManager/system-connections/{port}.nmconnection").write_text(
            f"[connection]\nid={port}\ntype=ethernet\ninterface-name={port}\ncontroller=bond0\nport-type=bond\n\n"
            f"[ethernet]\nmac-address=3c:fd:fe:00:00:0{index}\n"
        )
    (host / "proc/net/bonding").mkdir(parents=True)
    (host / "proc/net/bonding/bond0").write_text(
        "Bonding Mode: IEEE 802.3ad Dynamic link aggregation\nMII Status: up\nMII Polling Interval (ms): 100\n\n"
        "802.3ad info\nLACP rate: fast\nActive Aggregator Info:\n\tAggregator ID: 1\n\tNumber of ports: 2\n"
        "\tPartner Mac Address: 02:00:00:00:00:01\n\n"
        "Slave Interface: eth0\nMII Status: up\nAggregator ID: 1\n\n"
        "Slave Interface: eth1\nMII Status: up\nAggregator ID: 1\n"
    )
    switches = tmp_path / "switches"
    switches.mkdir()
    for name in ("sw-filer-f05", "sw-filer-f06"):
        lines = [
            f"set system host-name {name}",
            "set interfaces xe-0/0/1 ether-options 802.3ad ae1",
            "set interfaces ae1 aggregated-ether-options lacp active",
            "set interfaces ae1 aggregated-ether-options lacp periodic fast",
            "set interfaces ae1 unit 0 family ethernet-switching interface-mode access",
            "set interfaces ae1 unit 0 family ethernet-switching vlan members 296",
            "set protocols rstp interface ae1 edge",
        ]
        if mc_ae:
            lines.append("set interfaces ae1 aggregated-ether-options mc-ae mc-ae-id 1")
        (switches / f"{name}.set").write_text("\n".join(lines) + "\n")
    return tmp_path


def test_join_by_host_lldp_across_two_real_switches(tmp_path: Path) -> None:
    report = scan(_filer(tmp_path, mc_ae=False))
    (finding,) = [f for f in report["findings"] if f["rule"] == "BL034"]
    assert finding["host"] == "filer" and "sw-filer-f05" in finding["message"] and "sw-filer-f06" in finding["message"]
    assert not [f for f in report["findings"] if f["rule"] in ("BL042", "BL043", "BL030")]


def test_join_by_host_lldp_mlag_is_clean(tmp_path: Path) -> None:
    report = scan(_filer(tmp_path, mc_ae=True))
    assert [f["rule"] for f in report["findings"]] == []


def _bond_facing(
    tmp_path: Path, parameters: str, switches: dict[str, str], links: list[tuple[str, str]], mtu: str = ""
) -> dict:
    """Host h (netplan on NetworkManager, bond0 over eno1 and eno2 with ``parameters``),
    the switch configurations ``switches`` (file name -> text) and a wiring file cabling
    eno1 and eno2 to ``links`` (switch, port); the scan's report."""
    (tmp_path / "h" / "etc" / "netplan").mkdir(parents=True)
    (tmp_path / "h" / "etc" / "hostname").write_text("h\n")
    (tmp_path / "h" / "etc" / "netplan" / "bond.yaml").write_text(
        "network:\n  version: 2\n  renderer: NetworkManager\n  bonds:\n    bond0:\n"
        + (f"      mtu: {mtu}\n" if mtu else "")
        + f"      interfaces: [eno1, eno2]\n      parameters: {{{parameters}}}\n"
    )
    for name, text in switches.items():
        (tmp_path / name).write_text(text)
    cabled = "".join(
        f"  - {{host: h, host_port: {nic}, switch: {switch}, switch_port: {port}}}\n"
        for nic, (switch, port) in zip(("eno1", "eno2"), links, strict=True)
    )
    (tmp_path / "wiring.yaml").write_text("links:\n" + cabled)
    return scan(tmp_path)


AB = "mode: active-backup, mii-monitor-interval: 100"
LACP = "mode: 802.3ad, mii-monitor-interval: 100, lacp-rate: fast"


@pytest.mark.parametrize(("port_lines", "shut"), [("", True), (" no shutdown\n", False), (" shutdown\n", True)])
def test_nxos_default_switchport_shutdown_applies_to_ports_without_their_own_line(
    tmp_path: Path, port_lines: str, shut: bool
) -> None:
    """NX-OS ``system default switchport shutdown``: a switchport is down unless it says
    ``no shutdown`` (domain review: the setting was parsed but never applied)."""
    ports = "".join(
        f"interface Ethernet1/{n}\n  switchport\n  switchport mode access\n  switchport access vlan 200\n"
        f"  spanning-tree port type edge\n{port_lines.replace(' ', '  ', 1)}\n"
        for n in (1, 2)
    )
    config = "hostname leaf1\nfeature lacp\nsystem default switchport\nsystem default switchport shutdown\n\n" + ports
    report = _bond_facing(tmp_path, AB, {"leaf1.cfg": config}, [("leaf1", "Eth1/1"), ("leaf1", "Eth1/2")])
    found = [f for f in report["findings"] if f["rule"] == "BL036"]
    assert bool(found) is shut, report["findings"]
    if shut and not port_lines:  # the evidence is the switch-wide default's line
        lines = [(f["path"], f["line"]) for f in found] + [(r["path"], r["line"]) for f in found for r in f["related"]]
        assert any(path.endswith("leaf1.cfg") and line == 4 for path, line in lines), lines


def _mtu_case(tmp_path: Path, switch_config: str, port_name: str) -> list[dict]:
    """A 9000-byte active-backup bond cabled to two ports of ``switch_config``: its BL040s."""
    links = [("leaf1", port_name.format(1)), ("leaf1", port_name.format(2))]
    report = _bond_facing(tmp_path, AB, {"leaf1.cfg": switch_config}, links, mtu="9000")
    return [f for f in report["findings"] if f["rule"] == "BL040"]


EOS_PORTS = "".join(
    f"interface Ethernet{n}\n   switchport access vlan 200\n   spanning-tree portfast\n{{mtu}}!\n" for n in (1, 2)
)
IOS_PORTS = "".join(
    f"interface GigabitEthernet1/0/{n}\n switchport mode access\n switchport access vlan 200\n"
    " spanning-tree portfast\n!\n"
    for n in (1, 2)
)


@pytest.mark.parametrize(
    ("config", "port", "smaller"),
    [
        # EOS: "mtu" is the routed MTU; a switchport passes jumbo frames unless "l2 mtu" says less.
        (
            "hostname leaf1\nmlag configuration\n   domain-id d\n!\n" + EOS_PORTS.replace("{mtu}", "   mtu 1500\n"),
            "Ethernet{}",
            False,
        ),
        (
            "hostname leaf1\nmlag configuration\n   domain-id d\n!\n" + EOS_PORTS.replace("{mtu}", ""),
            "Ethernet{}",
            False,
        ),
        (
            "hostname leaf1\nmlag configuration\n   domain-id d\n!\n" + EOS_PORTS.replace("{mtu}", "   l2 mtu 1500\n"),
            "Ethernet{}",
            True,
        ),
        # Older Catalysts: the L2 MTU is switch-wide.
        ("hostname leaf1\nsystem mtu jumbo 9000\n!\n" + IOS_PORTS, "Gi1/0/{}", False),
        ("hostname leaf1\n!\n" + IOS_PORTS, "Gi1/0/{}", True),
    ],
)
def test_switch_mtu_follows_each_platforms_meaning(tmp_path: Path, config: str, port: str, smaller: bool) -> None:
    """Domain review: EOS's L3 "mtu" was read as the switchport's, and IOS "system mtu" ignored."""
    assert bool(_mtu_case(tmp_path, config, port)) is smaller


def _edge_case(tmp_path: Path, config: str, port_name: str) -> list[dict]:
    """An active-backup bond without updelay on two trunk ports of ``config``: its BL041s."""
    links = [("leaf1", port_name.format(1)), ("leaf1", port_name.format(2))]
    report = _bond_facing(tmp_path, AB, {"leaf1.cfg": config}, links)
    return [f for f in report["findings"] if f["rule"] == "BL041"]


def _trunks(indent: str, name: str, edge: str) -> str:
    return "".join(f"interface {name.format(n)}\n{indent}switchport mode trunk\n{indent}{edge}\n!\n" for n in (1, 2))


@pytest.mark.parametrize(
    ("config", "port", "not_edge"),
    [
        ("hostname leaf1\n!\n" + _trunks(" ", "GigabitEthernet1/0/{}", "spanning-tree portfast"), "Gi1/0/{}", True),
        (
            "hostname leaf1\n!\n" + _trunks(" ", "GigabitEthernet1/0/{}", "spanning-tree portfast trunk"),
            "Gi1/0/{}",
            False,
        ),
        (
            "hostname leaf1\n!\n" + _trunks(" ", "GigabitEthernet1/0/{}", "spanning-tree portfast edge trunk"),
            "Gi1/0/{}",
            False,
        ),
        (
            "hostname leaf1\nfeature lacp\n!\n" + _trunks("  ", "Ethernet1/{}", "spanning-tree port type edge"),
            "Eth1/{}",
            True,
        ),
        (
            "hostname leaf1\nfeature lacp\n!\n" + _trunks("  ", "Ethernet1/{}", "spanning-tree port type edge trunk"),
            "Eth1/{}",
            False,
        ),
    ],
)
def test_plain_portfast_does_not_make_a_trunk_an_edge_port(
    tmp_path: Path, config: str, port: str, not_edge: bool
) -> None:
    """IOS portfast and NX-OS port type edge need their trunk keyword on a trunking port
    (domain review: they were taken as edge)."""
    assert bool(_edge_case(tmp_path, config, port)) is not_edge


def _junos_leaf(name: str, esi: bool) -> str:
    lines = [f"set system host-name {name}", "set vlans v200 vlan-id 200"]
    lines += [f"set interfaces xe-0/0/{n} ether-options 802.3ad ae0" for n in (1,)]
    lines += [
        "set interfaces ae0 aggregated-ether-options lacp active",
        "set interfaces ae0 aggregated-ether-options lacp system-id 00:00:00:00:00:01",
        "set interfaces ae0 unit 0 family ethernet-switching interface-mode access",
        "set interfaces ae0 unit 0 family ethernet-switching vlan members v200",
        "set protocols rstp interface ae0 edge",
    ]
    if esi:
        lines += ["set interfaces ae0 esi 00:11:22:33:44:55:66:77:88:99", "set interfaces ae0 esi all-active"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("esi", [True, False])
def test_an_evpn_esi_lag_is_a_multi_chassis_lag(tmp_path: Path, esi: bool) -> None:
    """Junos ESI-LAG (same ESI and LACP system id on both leaves) is one LACP partner for
    the host, like MLAG / vPC / MC-AE (domain review: BL034 was a false positive)."""
    switches = {f"{leaf}.set": _junos_leaf(leaf, esi) for leaf in ("leaf1", "leaf2")}
    report = _bond_facing(tmp_path, LACP, switches, [("leaf1", "xe-0/0/1"), ("leaf2", "xe-0/0/1")])
    rules = {f["rule"] for f in report["findings"]}
    assert ("BL034" in rules) is not esi, rules


def _mcae_leaf(name: str, system_id: str) -> str:
    return (
        "\n".join(
            [
                f"set system host-name {name}",
                "set vlans v200 vlan-id 200",
                "set interfaces xe-0/0/1 ether-options 802.3ad ae0",
                "set interfaces ae0 aggregated-ether-options lacp active",
                f"set interfaces ae0 aggregated-ether-options lacp system-id {system_id}",
                "set interfaces ae0 aggregated-ether-options lacp admin-key 3",
                "set interfaces ae0 aggregated-ether-options mc-ae mc-ae-id 11",
                "set interfaces ae0 unit 0 family ethernet-switching interface-mode access",
                "set interfaces ae0 unit 0 family ethernet-switching vlan members v200",
                "set protocols rstp interface ae0 edge",
            ]
        )
        + "\n"
    )


@pytest.mark.parametrize(("second", "mismatch"), [("00:00:00:00:00:01", False), ("00:00:00:00:00:02", True)])
def test_mc_ae_peers_need_the_same_lacp_system_id(tmp_path: Path, second: str, mismatch: bool) -> None:
    """Catalog rule 63: Junos MC-AE peers form one LACP partner only with the same
    system-id and admin-key (domain review: the values were parsed, never compared)."""
    switches = {"leaf1.set": _mcae_leaf("leaf1", "00:00:00:00:00:01"), "leaf2.set": _mcae_leaf("leaf2", second)}
    report = _bond_facing(tmp_path, LACP, switches, [("leaf1", "xe-0/0/1"), ("leaf2", "xe-0/0/1")])
    found = [f for f in report["findings"] if f["rule"] == "BL034"]
    assert bool(found) is mismatch, found
    if mismatch:
        assert "system-id 00:00:00:00:00:02" in found[0]["message"]


def _junos_access_leaf(protocols: str) -> str:
    """Junos leaf1: xe-0/0/1 and xe-0/0/2 access ports in VLAN 200, then ``protocols``."""
    return (
        "set system host-name leaf1\nset vlans v200 vlan-id 200\n"
        + "".join(
            f"set interfaces xe-0/0/{n} unit 0 family ethernet-switching interface-mode access\n"
            f"set interfaces xe-0/0/{n} unit 0 family ethernet-switching vlan members v200\n"
            for n in (1, 2)
        )
        + protocols
    )


@pytest.mark.parametrize(("protocols", "not_edge"), [("", False), ("set protocols rstp interface ae9 edge\n", True)])
def test_a_junos_switch_running_no_spanning_tree_has_no_learning_delay(
    tmp_path: Path, protocols: str, not_edge: bool
) -> None:
    """Without protocols rstp|mstp|vstp|stp a Junos switch runs no spanning tree, so a
    port coming back forwards at once (domain review: BL041 was a false positive)."""
    leaf = _junos_access_leaf(protocols)
    report = _bond_facing(tmp_path, AB, {"leaf1.set": leaf}, [("leaf1", "xe-0/0/1"), ("leaf1", "xe-0/0/2")])
    assert bool([f for f in report["findings"] if f["rule"] == "BL041"]) is not_edge


def test_host_lldp_joins_ports_known_only_from_the_persisted_config(tmp_path: Path) -> None:
    """A config repo with the host's lldpctl capture but no runtime dump: LLDP still
    says where each port is cabled (it used to be read only for running ports)."""
    host = tmp_path / "web2"
    keyfiles = host / "etc" / "NetworkManager" / "system-connections"
    keyfiles.mkdir(parents=True)
    (host / "etc" / "hostname").write_text("web2\n")
    (keyfiles / "bond0.nmconnection").write_text(
        "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n[bond]\nmode=802.3ad\nmiimon=100\n"
    )
    lldp = []
    for index, port in enumerate(("ens1f0", "ens1f1")):
        (keyfiles / f"bond0-{port}.nmconnection").write_text(
            f"[connection]\nid=bond0-{port}\ntype=ethernet\ninterface-name={port}\ncontroller=bond0\nport-type=bond\n"
        )
        lldp += [
            f"lldp.{port}.via=LLDP",
            f"lldp.{port}.chassis.name=sw1.example.net",
            f"lldp.{port}.port.ifname=Gi1/0/{10 + index}",
        ]
    (host / "lldpctl_neighbors").write_text("\n".join(lldp) + "\n")
    switch = tmp_path / "switches" / "sw1.cfg"
    switch.parent.mkdir()
    switch.write_text(
        "hostname sw1\n!\n"
        + "".join(
            f"interface GigabitEthernet1/0/{n}\n switchport mode access\n switchport access vlan 10\n!\n"
            for n in (10, 11)
        )
    )
    report = scan(tmp_path)
    (bl030,) = [f for f in report["findings"] if f["rule"] == "BL030"]  # one cause, one finding
    access = sorted(r["message"].split(" (host port")[0] for r in bl030["related"])
    assert access == ["sw1.example.net Gi1/0/10", "sw1.example.net Gi1/0/11"]
    assert not [f for f in report["findings"] if f["rule"] == "BL042"]
    related = [r for f in report["findings"] if f["rule"] == "BL030" for r in f["related"]]
    assert related and all(r["path"].endswith("switches/sw1.cfg") for r in related)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_cross_check_points_at_both_ends(platform: str) -> None:
    """Primary at one end (the host's mode line, or the switch line to fix), the other end
    among the related locations."""
    report = scan(CROSSCHECK / "hosts" / "broken", CROSSCHECK / platform / "broken")
    for finding in report["findings"]:
        if finding["rule"] not in CROSS_CHECKS or finding["rule"] in ("BL042", "BL043"):
            continue  # a port not joined / not configured has no other end to show
        on_host = "/hosts/" in finding["path"]
        others = {"/hosts/" in r["path"] for r in finding["related"]}
        assert (not on_host) in others, (finding["rule"], finding["host"], finding["path"], finding["related"])


@pytest.mark.parametrize("platform", ["junos-set", "junos-braces"])
def test_a_comparison_points_at_the_switch_line_it_compares(platform: str) -> None:
    """lacp_rate_matches sits at the ae's "lacp periodic slow", not the member's first line."""
    report = scan(CROSSCHECK / "hosts" / "broken", CROSSCHECK / platform / "broken")
    rates = [f for f in report["findings"] if f["rule"] == "BL038"]
    assert rates
    for finding in rates:
        (related,) = finding["related"]
        line = (Path.cwd() / related["path"]).read_text().splitlines()[related["line"] - 1]
        assert "periodic slow" in line, line


@pytest.mark.parametrize(
    ("protocol", "updelay", "flagged"),
    [("rstp", 0, True), ("rstp", 5000, False), ("mstp", 5000, False), ("stp", 5000, True), ("stp", 30000, False)],
)
def test_junos_rstp_detects_edge_ports_after_three_seconds(
    tmp_path: Path, protocol: str, updelay: int, flagged: bool
) -> None:
    """RSTP's automatic edge detection (Juniper documents it) makes a host port forward
    about 3 s after link-up; legacy STP waits 2 x forward delay (30 s)."""
    leaf = _junos_access_leaf(f"set protocols {protocol} bridge-priority 4k\n")
    parameters = f"{AB}, up-delay: {updelay}"
    report = _bond_facing(tmp_path, parameters, {"leaf1.set": leaf}, [("leaf1", "xe-0/0/1"), ("leaf1", "xe-0/0/2")])
    found = [f for f in report["findings"] if f["rule"] == "BL041"]
    assert bool(found) is flagged, found
    if found:
        wait = 3 if protocol != "stp" else 30
        assert f"it forwards {wait} s after link-up" in found[0]["message"]
