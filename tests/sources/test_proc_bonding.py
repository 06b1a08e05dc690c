"""Tests for the /proc/net/bonding parser: corpus conformance, kernel cross-checks, edge cases."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from conftest import CORPUS, corpus_path, rows_of_kind
from harness import check
from hypothesis import given, settings
from hypothesis import strategies as st
from timing import assert_parse_linear

from bondlint.sources import proc_bonding
from bondlint.sources.base import BondRuntime, Located, Location, ParseResult, PortRuntime
from bondlint.sources.proc_bonding import claims, parse

# --------------------------------------------------------------------------------------
# helpers


def only_bond(result: ParseResult) -> BondRuntime:
    """The single BondRuntime of a result (fails the test otherwise)."""
    assert len(result.facts) == 1, result.diagnostics
    bond = result.facts[0]
    assert isinstance(bond, BondRuntime)
    return bond


def plain(located: dict[str, Located[str]]) -> dict[str, str]:
    return {key: item.value for key, item in located.items()}


def lines_of(located: dict[str, Located[str]]) -> dict[str, int]:
    return {key: item.location.line for key, item in located.items()}


def port(bond: BondRuntime, name: str) -> PortRuntime:
    matches = [p for p in bond.ports if p.name.value == name]
    assert len(matches) == 1, [p.name.value for p in bond.ports]
    return matches[0]


def assert_matches(expected: dict[str, Any], actual: dict[str, Any], where: str = "") -> None:
    """Every key the expected JSON gives must be in the projection with the same value."""
    for key, want in expected.items():
        assert key in actual, f"{where}{key}: not produced by the projection"
        got = actual[key]
        if isinstance(want, dict):
            assert isinstance(got, dict), f"{where}{key}: {got!r} is not a mapping"
            assert_matches(want, got, f"{where}{key}.")
        else:
            assert got == want, f"{where}{key}: expected {want!r}, parsed {got!r}"


# --------------------------------------------------------------------------------------
# projections onto each source project's own vocabulary
#
# The tables below are written out independently of the parser's, so a wrong entry on
# either side shows up as a mismatch instead of cancelling out.

MODE_NUMBERS = {
    "balance-rr": "0",
    "active-backup": "1",
    "balance-xor": "2",
    "broadcast": "3",
    "802.3ad": "4",
    "balance-tlb": "5",
    "balance-alb": "6",
}
PROC_MODE_TEXT = {
    "balance-rr": "load balancing (round-robin)",
    "active-backup": "fault-tolerance (active-backup)",
    "balance-xor": "load balancing (xor)",
    "broadcast": "fault-tolerance (broadcast)",
    "802.3ad": "IEEE 802.3ad Dynamic link aggregation",
    "balance-tlb": "transmit load balancing",
    "balance-alb": "adaptive load balancing",
}
# The number the kernel prints in brackets after the policy name (option index).
XMIT_HASH_IDS = {
    "layer2": "0",
    "layer3+4": "1",
    "layer2+3": "2",
    "encap2+3": "3",
    "encap3+4": "4",
    "vlan+srcmac": "5",
}
# Modes whose dump carries a "Primary Slave" line (bond_procfs.c: bond_uses_primary()).
PRIMARY_MODES = {"active-backup", "balance-tlb", "balance-alb"}


def primary_slave_raw(values: dict[str, str]) -> str | None:
    """The ``Primary Slave`` value as printed ("None" is stored as "", like active_port)."""
    if "primary" in values:
        reselect = values.get("primary_reselect")
        return (values["primary"] or "None") + (f" (primary_reselect {reselect})" if reselect else "")
    return None


def active_slave_raw(values: dict[str, str]) -> str | None:
    if "active_port" not in values:
        return None
    return values["active_port"] or "None"


def as_insights(bond: BondRuntime) -> dict[str, Any]:
    """insights-core ``Bond`` attributes; flat lists in line order, ``data.*`` dotted."""
    values, lacp = plain(bond.values), plain(bond.lacp)
    ports = [(p.name.value, plain(p.values)) for p in bond.ports]

    def speed(raw: str) -> str:
        return "Unknown" if raw == "unknown" else f"{raw} Mbps"

    def duplex(raw: str) -> str:
        return "Unknown" if raw == "unknown" else raw

    out: dict[str, Any] = {
        "file_name": bond.name.value,
        "bond_mode": MODE_NUMBERS.get(values["mode"]) if "mode" in values else None,
        "partner_mac_address": lacp.get("partner_mac"),
        "slave_interface": [name for name, _ in ports],
        "aggregator_id": [lacp[key] for key in ("aggregator_id",) if key in lacp]
        + [pv["aggregator_id"] for _, pv in ports if "aggregator_id" in pv],
        "xmit_hash_policy": values.get("xmit_hash_policy"),
        "active_slave": active_slave_raw(values),
        "mii_status": [values[key] for key in ("mii_status",) if key in values]
        + [pv["mii_status"] for _, pv in ports if "mii_status" in pv],
        "slave_speed": [speed(pv["speed"]) for _, pv in ports if "speed" in pv],
        "slave_duplex": [duplex(pv["duplex"]) for _, pv in ports if "duplex" in pv],
        "slave_link_failure_count": [pv["link_failure_count"] for _, pv in ports if "link_failure_count" in pv],
        "mii_polling_interval": values.get("miimon"),
        "up_delay": values.get("updelay"),
        "down_delay": values.get("downdelay"),
        "arp_polling_interval": values.get("arp_interval"),
        # insights keeps the raw text; /proc separates targets with ", ".
        "arp_ip_target": (values["arp_ip_target"].replace(",", ", ") if "arp_ip_target" in values else None),
        "primary_slave": primary_slave_raw(values),
        "data.mii_status": values.get("mii_status"),
        "data.partner_mac": lacp.get("partner_mac"),
        "data.aggregator_id": lacp.get("aggregator_id"),
    }
    insights_port_keys = {
        "mii_status": "mii_status",
        "link_fail_cnt": "link_failure_count",
        "permanent_hw_addr": "permanent_hw_addr",
        "aggregator_id": "aggregator_id",
    }
    for name, pv in ports:
        for theirs, ours in insights_port_keys.items():
            if ours in pv:
                out[f"data.{name}.{theirs}"] = pv[ours]
        if "speed" in pv:
            out[f"data.{name}.speed"] = speed(pv["speed"])
        if "duplex" in pv:
            out[f"data.{name}.duplex"] = duplex(pv["duplex"])
    return out


def as_augeas(bond: BondRuntime) -> dict[str, Any]:
    """augeas ``Procnetbonding`` lens tree (also used for the kernel-doc example row)."""
    values, lacp = plain(bond.values), plain(bond.lacp)
    mode = values.get("mode", "")
    mode_text = PROC_MODE_TEXT.get(mode, mode)
    if "fail_over_mac" in values:
        mode_text += f" (fail_over_mac {values['fail_over_mac']})"
    out: dict[str, Any] = {
        "driver": values.get("driver_version"),
        "date": values.get("driver_date"),
        "mode": mode_text,
        "primary_slave": primary_slave_raw(values),
        "active_slave": active_slave_raw(values),
        "mii_interval": values.get("miimon"),
        "arp_interval": values.get("arp_interval"),
        "arp_ip_targets": values["arp_ip_target"].split(",") if "arp_ip_target" in values else None,
        "xmit_hash_policy": values.get("xmit_hash_policy"),
        "xmit_hash_id": XMIT_HASH_IDS.get(values.get("xmit_hash_policy", "")),
        "lacp_rate": lacp.get("lacp_rate"),
        "active_aggregator": {
            theirs: lacp[ours]
            for theirs, ours in (
                ("aggregator_id", "aggregator_id"),
                ("ports", "number_of_ports"),
                ("actor_key", "actor_key"),
                ("partner_key", "partner_key"),
                ("partner_mac", "partner_mac"),
            )
            if ours in lacp
        },
        "slaves": {},
        "slave_aggregator_ids": {},
    }
    for p in bond.ports:
        pv = plain(p.values)
        slave = {}
        if "link_failure_count" in pv:
            slave["link_failures"] = pv["link_failure_count"]
        if "permanent_hw_addr" in pv:
            slave["permanent_mac"] = pv["permanent_hw_addr"]
        out["slaves"][p.name.value] = slave
        if "aggregator_id" in pv:
            out["slave_aggregator_ids"][p.name.value] = pv["aggregator_id"]
    return out


def as_telegraf(bond: BondRuntime) -> dict[str, Any]:
    """telegraf ``bond`` input fields (status 1 = MII up) in both nested and dotted form."""
    values = plain(bond.values)

    def status(mii: str) -> int:
        return 1 if mii == "up" else 0

    bond_fields: dict[str, Any] = {}
    if "mii_status" in values:
        bond_fields["status"] = status(values["mii_status"])
    if "active_port" in values:
        bond_fields["active_slave"] = values["active_port"]
    slaves: dict[str, dict[str, int]] = {}
    for p in bond.ports:
        pv = plain(p.values)
        fields: dict[str, int] = {}
        if "link_failure_count" in pv:
            fields["failures"] = int(pv["link_failure_count"])
        if "mii_status" in pv:
            fields["status"] = status(pv["mii_status"])
        if "actor_churned_count" in pv and "partner_churned_count" in pv:
            fields["actor_churned"] = int(pv["actor_churned_count"])
            fields["partner_churned"] = int(pv["partner_churned_count"])
            fields["total_churned"] = fields["actor_churned"] + fields["partner_churned"]
        slaves[p.name.value] = fields
    out: dict[str, Any] = {"bond": bond_fields, "slaves": slaves, "slave_count": len(bond.ports)}
    out.update({f"bond.{key}": value for key, value in bond_fields.items()})
    return out


PROJECTIONS = {
    "insights-core": as_insights,
    "augeas": as_augeas,
    # The kernel-doc row's expected JSON was written in the augeas vocabulary.
    "linux-doc": as_augeas,
    "telegraf": as_telegraf,
}

# --------------------------------------------------------------------------------------
# 1. host corpus rows (MANIFEST)


def proc_rows() -> list[dict[str, str]]:
    """[proc-net-bonding] rows plus the negative samples that are /proc fragments."""
    rows = rows_of_kind("host", "proc-net-bonding")
    negatives = rows_of_kind("host", "negative-sample")
    return rows + [row for row in negatives if "procbond" in row["file"]]


# Lines in the corpus the parser is right not to understand.
EXPECTED_UNKNOWN = {
    # insights-core developers injected a bare "Speed" line into their 2008 sample.
    "insights-core/procbond_802.3ad_v3.2.4_edited-by-tests_bare-Speed-line.txt": ["Speed"],
    # A fragment that starts mid-port-block: its port lines have no port to belong to.
    "insights-core/negative_procbond_fragment_no-header.txt": [
        "Link Failure Count: 0",
        "Permanent HW addr: 00:16:35:5e:02:7e",
        "Aggregator ID:",
    ],
}


@pytest.mark.parametrize("row", proc_rows(), ids=lambda row: row["file"])
def test_manifest_row(row: dict[str, str]) -> None:
    path = corpus_path("host", row["file"])
    text = path.read_text(encoding="utf-8")
    source = row["file"].split("/", 1)[0]
    # insights-core's tests wrap every sample as /proc/net/bonding/bond0 and derive
    # file_name from that path; present the text the same way to check name derivation.
    display = "/proc/net/bonding/bond0" if source == "insights-core" else str(path)
    result = parse(text, display)
    bond = only_bond(result)
    assert [u.value for u in bond.unknown] == EXPECTED_UNKNOWN.get(row["file"], [])

    expected = row["expected_json"]
    if not expected:
        return
    if "raises" in expected:
        # insights raises ParseException; bondlint keeps the text and reports it.
        assert bond.values["mode"].value == "reverse proximity hash combination mode"
        assert bond.values["mode"].location.line == 1
        assert any("unrecognised bonding mode" in d.message for d in result.diagnostics)
        return
    assert_matches(expected, PROJECTIONS[source](bond))


def test_manifest_has_proc_rows() -> None:
    corpus_path("host", "MANIFEST.tsv")
    rows = proc_rows()
    assert len(rows) >= 15
    assert sum(1 for row in rows if row["expected_json"]) >= 12


# --------------------------------------------------------------------------------------
# 2. real kernel dumps against the same host's sysfs


def kernel_dumps() -> list[Path]:
    return sorted((CORPUS / "kernel").glob("*/*/proc_net_bonding_*"))


def read_sysfs(path: Path) -> dict[str, str]:
    """``name=value`` lines of a sysfs capture (value may be empty)."""
    pairs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition("=")
        if sep:
            pairs[name] = value.strip()
    return pairs


def enum_name(sysfs_value: str) -> str:
    """sysfs prints enumerations as ``name number`` (``802.3ad 4``)."""
    return sysfs_value.split()[0] if sysfs_value else ""


@pytest.mark.parametrize("dump", kernel_dumps(), ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}")
def test_kernel_dump_agrees_with_sysfs(dump: Path) -> None:
    bond_name = dump.name.removeprefix("proc_net_bonding_")
    sysfs = read_sysfs(dump.parent / f"sysfs_bonding_{bond_name}.txt")
    result = parse(dump.read_text(encoding="utf-8"), str(dump))
    bond = only_bond(result)
    values, lacp = plain(bond.values), plain(bond.lacp)

    assert result.diagnostics == []
    assert bond.unknown == []
    assert bond.name.value == bond_name  # derived from the proc_net_bonding_ prefix
    assert values["driver_version"] == dump.parent.parent.name
    assert values["mode"] == enum_name(sysfs["mode"])
    for key in ("miimon", "updelay", "downdelay", "peer_notif_delay"):
        assert values[key] == sysfs[key], key
    assert values["mii_status"] == sysfs["mii_status"]
    # ARP lines are printed only when ARP monitoring is on.
    assert values.get("arp_interval", "0") == sysfs["arp_interval"]
    assert values.get("arp_ip_target", "") == ",".join(sysfs["arp_ip_target"].split())
    if "arp_missed_max" in values:
        assert values["arp_missed_max"] == sysfs["arp_missed_max"]
    assert values.get("primary", "") == sysfs["primary"]
    assert values.get("active_port", "") == sysfs["active_slave"]
    if values["mode"] in PRIMARY_MODES:
        assert "active_port" in values  # the line is printed even when it says None
    if values["mode"] == "active-backup":
        # The suffix is printed only when fail_over_mac is not "none".
        assert values.get("fail_over_mac", "none") == enum_name(sysfs["fail_over_mac"])
    if "xmit_hash_policy" in values:
        assert values["xmit_hash_policy"] == enum_name(sysfs["xmit_hash_policy"])

    if values["mode"] == "802.3ad":
        for ours, theirs in (
            ("lacp_active", "lacp_active"),
            ("lacp_rate", "lacp_rate"),
            ("ad_select", "ad_select"),
            ("min_links", "min_links"),
            ("system_priority", "ad_actor_sys_prio"),
            ("aggregator_id", "ad_aggregator"),
            ("number_of_ports", "ad_num_ports"),
            ("actor_key", "ad_actor_key"),
            ("partner_key", "ad_partner_key"),
            ("partner_mac", "ad_partner_mac"),
        ):
            assert lacp[ours] == enum_name(sysfs[theirs]), ours
        # Not compared: system_mac.  /proc prints the MAC in use, sysfs ad_actor_system
        # the administratively set one (00:00:00:00:00:00 = "use the bond's MAC").
    else:
        assert lacp == {}

    assert [p.name.value for p in bond.ports] == sysfs["slaves"].split()
    for p in bond.ports:
        pv = plain(p.values)
        slave = read_sysfs(dump.parent / f"sysfs_bonding_slave_{p.name.value}.txt")
        assert pv["mii_status"] == slave["mii_status"], p.name.value
        assert pv["link_failure_count"] == slave["link_failure_count"]
        assert pv["permanent_hw_addr"] == slave["perm_hwaddr"]
        assert pv["queue_id"] == slave["queue_id"]
        if values["mode"] == "802.3ad":
            assert pv["aggregator_id"] == slave["ad_aggregator_id"]
            assert p.actor_lacp["port_state"].value == slave["ad_actor_oper_port_state"]
            assert p.partner_lacp["port_state"].value == slave["ad_partner_oper_port_state"]
        else:
            assert "aggregator_id" not in pv and slave["ad_aggregator_id"] == "N/A"


def test_kernel_corpus_present() -> None:
    corpus_path("kernel")
    assert len(kernel_dumps()) >= 10


# --------------------------------------------------------------------------------------
# 3. hand-written edge cases

AB_DUMP = """\
Ethernet Channel Bonding Driver: v5.14.0-505.el9.x86_64

Bonding Mode: fault-tolerance (active-backup) (fail_over_mac follow)
Primary Slave: eth1 (primary_reselect better)
Currently Active Slave: None
MII Status: down
MII Polling Interval (ms): 0
Up Delay (ms): 0
Down Delay (ms): 0
Peer Notification Delay (ms): 0
ARP Polling Interval (ms): 500
ARP Missed Max: 3
ARP IP target/s (n.n.n.n form): 10.0.0.1, 10.0.0.2
NS IPv6 target/s (XX::XX form): 2001:db8::1, fe80::2

Slave Interface: eth1
MII Status: going back
Speed: 25000 Mbps
Duplex: half
Link Failure Count: 7
Permanent HW addr: 52:54:00:aa:bb:01
Slave queue ID: 2
"""

LACP_DUMP = """\
Ethernet Channel Bonding Driver: v6.8.0-142-generic

Bonding Mode: IEEE 802.3ad Dynamic link aggregation
Transmit Hash Policy: layer3+4 (1)
MII Status: up
MII Polling Interval (ms): 100
Up Delay (ms): 0
Down Delay (ms): 0
Peer Notification Delay (ms): 0

802.3ad info
LACP active: on
LACP rate: fast
Min links: 1
Aggregator selection policy (ad_select): bandwidth
System priority: 100
System MAC address: 52:54:00:00:00:10
Active Aggregator Info:
\tAggregator ID: 5
\tNumber of ports: 2
\tActor Key: 15
\tPartner Key: 33
\tPartner Mac Address: 00:11:22:33:44:55

Slave Interface: eth9
MII Status: up
Speed: 10000 Mbps
Duplex: full
Link Failure Count: 0
Permanent HW addr: 52:54:00:00:00:19
Slave queue ID: 0
Aggregator ID: 5
Actor Churn State: none
Partner Churn State: none
Actor Churned Count: 0
Partner Churned Count: 0
details actor lacp pdu:
    system priority: 200
    system mac address: 52:54:00:00:00:10
    port key: 15
    port priority: 255
    port number: 1
    port state: 63
details partner lacp pdu:
    system priority: 300
    system mac address: 00:11:22:33:44:55
    oper key: 33
    port priority: 128
    port number: 7
    port state: 61
"""


def test_bond_level_values_and_lines() -> None:
    path = "host1/proc/net/bonding/bond7"
    bond = only_bond(parse(AB_DUMP, path))
    assert bond.name.value == "bond7"
    assert bond.name.location == Location(path, 0)
    assert bond.location.line == 3
    assert plain(bond.values) == {
        "driver_version": "5.14.0-505.el9.x86_64",
        "mode": "active-backup",
        "fail_over_mac": "follow",
        "primary": "eth1",
        "primary_reselect": "better",
        "active_port": "",
        "mii_status": "down",
        "miimon": "0",
        "updelay": "0",
        "downdelay": "0",
        "peer_notif_delay": "0",
        "arp_interval": "500",
        "arp_missed_max": "3",
        "arp_ip_target": "10.0.0.1,10.0.0.2",
        "ns_ip6_target": "2001:db8::1,fe80::2",
    }
    assert lines_of(bond.values) == {
        "driver_version": 1,
        "mode": 3,
        "fail_over_mac": 3,
        "primary": 4,
        "primary_reselect": 4,
        "active_port": 5,
        "mii_status": 6,
        "miimon": 7,
        "updelay": 8,
        "downdelay": 9,
        "peer_notif_delay": 10,
        "arp_interval": 11,
        "arp_missed_max": 12,
        "arp_ip_target": 13,
        "ns_ip6_target": 14,
    }
    assert all(item.location.path == path for item in bond.values.values())
    eth1 = port(bond, "eth1")
    assert eth1.name.location.line == 16
    assert plain(eth1.values) == {
        "mii_status": "going back",
        "speed": "25000",
        "duplex": "half",
        "link_failure_count": "7",
        "permanent_hw_addr": "52:54:00:aa:bb:01",
        "queue_id": "2",
    }
    assert eth1.values["queue_id"].location.line == 22
    assert bond.lacp == {} and bond.unknown == []


def test_lacp_blocks_and_three_system_priorities() -> None:
    bond = only_bond(parse(LACP_DUMP, "bond0"))
    assert plain(bond.lacp) == {
        "lacp_active": "on",
        "lacp_rate": "fast",
        "min_links": "1",
        "ad_select": "bandwidth",
        "system_priority": "100",
        "system_mac": "52:54:00:00:00:10",
        "aggregator_id": "5",
        "number_of_ports": "2",
        "actor_key": "15",
        "partner_key": "33",
        "partner_mac": "00:11:22:33:44:55",
    }
    assert bond.lacp["aggregator_id"].location.line == 19
    assert bond.values["xmit_hash_policy"].value == "layer3+4"
    eth9 = port(bond, "eth9")
    assert eth9.values["aggregator_id"].value == "5"
    assert eth9.values["aggregator_id"].location.line == 32
    assert plain(eth9.actor_lacp) == {
        "system_priority": "200",
        "system_mac": "52:54:00:00:00:10",
        "port_key": "15",
        "port_priority": "255",
        "port_number": "1",
        "port_state": "63",
    }
    assert plain(eth9.partner_lacp) == {
        "system_priority": "300",
        "system_mac": "00:11:22:33:44:55",
        "oper_key": "33",
        "port_priority": "128",
        "port_number": "7",
        "port_state": "61",
    }
    assert eth9.partner_lacp["system_priority"].location.line == 45
    assert bond.unknown == []


def test_indentation_variants_read_the_same() -> None:
    reference = only_bond(parse(LACP_DUMP, "bond0"))
    for indent in ("        ", "\t\t\t\t", " \t "):
        text = LACP_DUMP.replace("\t", indent).replace("    system", indent + "system")
        bond = only_bond(parse(text, "bond0"))
        assert plain(bond.lacp) == plain(reference.lacp), repr(indent)
        assert plain(port(bond, "eth9").actor_lacp) == plain(port(reference, "eth9").actor_lacp)


def test_crlf_trailing_spaces_and_single_space_lines() -> None:
    reference = only_bond(parse(AB_DUMP, "bond0"))
    text = "\r\n".join(line + "  " if line else " " for line in AB_DUMP.split("\n"))
    bond = only_bond(parse(text, "bond0"))
    assert plain(bond.values) == plain(reference.values)
    assert lines_of(bond.values) == lines_of(reference.values)
    assert plain(port(bond, "eth1").values) == plain(port(reference, "eth1").values)
    assert bond.unknown == []


def test_double_blank_lines_and_bom() -> None:
    text = "\ufeff" + LACP_DUMP.replace("\n\n", "\n\n\n")
    bond = only_bond(parse(text, "bond0"))
    assert bond.values["driver_version"].value == "6.8.0-142-generic"
    assert bond.lacp["partner_mac"].value == "00:11:22:33:44:55"
    assert port(bond, "eth9").partner_lacp["port_state"].location.line == 53
    assert bond.unknown == []


def test_missing_header_starts_at_mode() -> None:
    text = "Bonding Mode: adaptive load balancing\nPrimary Slave: None\nCurrently Active Slave: em1\n"
    result = parse(text, "bond1")
    bond = only_bond(result)
    assert result.diagnostics == []
    assert bond.location.line == 1
    assert plain(bond.values) == {"mode": "balance-alb", "primary": "", "active_port": "em1"}
    assert "driver_version" not in bond.values
    assert bond.unknown == []


def test_dump_starting_mid_file() -> None:
    text = "ast Active Slave: eth0\nUp Delay (ms): 0\n\nSlave Interface: eth0\nMII Status: up\n"
    result = parse(text, "bond0")
    bond = only_bond(result)
    assert [(u.value, u.location.line) for u in bond.unknown] == [("ast Active Slave: eth0", 1)]
    assert bond.values["updelay"].location.line == 2
    assert port(bond, "eth0").values["mii_status"].value == "up"
    assert any("Bonding Mode" in d.message for d in result.diagnostics)


def test_empty_file() -> None:
    result = parse("", "bond0")
    assert result.facts == []
    assert len(result.diagnostics) == 1
    assert result.diagnostics[0].location.line == 1
    assert result.diagnostics[0].message.startswith("not a bonding dump")
    assert "empty" in result.diagnostics[0].message


def test_whitespace_only_file() -> None:
    result = parse(" \n\t\n\r\n", "bond0")
    assert result.facts == [] and len(result.diagnostics) == 1


def test_binary_bytes_decoded_as_latin1() -> None:
    text = (bytes(range(256)) * 8).decode("latin-1")
    result = parse(text, "/tmp/blob")
    assert result.facts == []
    assert len(result.diagnostics) == 1
    assert result.diagnostics[0].location.line == 1
    assert result.diagnostics[0].message.startswith("not a bonding dump")


def test_unrelated_text_is_not_a_dump() -> None:
    result = parse("[connection]\nid=bond0\ntype=bond\n", "bond0.nmconnection")
    assert result.facts == []
    assert result.diagnostics[0].message.startswith("not a bonding dump")


def test_unknown_lines_kept_with_line_numbers() -> None:
    text = AB_DUMP.replace("Up Delay (ms): 0\n", "Up Delay (ms): 0\nFrobnication Level: 11\n")
    text = text.replace("Slave queue ID: 2\n", "Slave queue ID: 2\n  some future line  \nSpeed\n")
    bond = only_bond(parse(text, "p"))
    assert [(u.value, u.location.line, u.location.path) for u in bond.unknown] == [
        ("Frobnication Level: 11", 9, "p"),
        ("some future line", 24, "p"),
        ("Speed", 25, "p"),
    ]
    assert bond.values["downdelay"].location.line == 10


def test_unknown_mode_kept_verbatim_with_diagnostic() -> None:
    result = parse("Bonding Mode: teleport (quantum) (fail_over_mac active)\n", "bond0")
    bond = only_bond(result)
    assert bond.values["mode"].value == "teleport (quantum) (fail_over_mac active)"
    assert "fail_over_mac" not in bond.values
    assert [d.location.line for d in result.diagnostics] == [1]


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("load balancing (round-robin)", "balance-rr"),
        ("fault-tolerance (active-backup)", "active-backup"),
        ("load balancing (xor)", "balance-xor"),
        ("fault-tolerance (broadcast)", "broadcast"),
        ("IEEE 802.3ad Dynamic link aggregation", "802.3ad"),
        ("transmit load balancing", "balance-tlb"),
        ("adaptive load balancing", "balance-alb"),
    ],
)
def test_every_mode_text(text: str, mode: str) -> None:
    result = parse(f"Bonding Mode: {text}\n", "bond0")
    assert only_bond(result).values["mode"].value == mode
    assert result.diagnostics == []


def test_fail_over_mac_active() -> None:
    text = "Bonding Mode: fault-tolerance (active-backup) (fail_over_mac active)\n"
    bond = only_bond(parse(text, "b"))
    assert plain(bond.values) == {"mode": "active-backup", "fail_over_mac": "active"}


def test_round_robin_2004_driver_with_active_slave() -> None:
    text = (
        "Ethernet Channel Bonding Driver: 2.6.1 (October 29, 2004)\n"
        "Bonding Mode: load balancing (round-robin)\n"
        "Currently Active Slave: eth0\n"
    )
    bond = only_bond(parse(text, "bond0"))
    assert plain(bond.values) == {
        "driver_version": "2.6.1",
        "driver_date": "October 29, 2004",
        "mode": "balance-rr",
        "active_port": "eth0",
    }


def test_ports_in_any_order_empty_blocks_and_empty_values() -> None:
    text = (
        "Bonding Mode: IEEE 802.3ad Dynamic link aggregation\n"
        "\n802.3ad info\nLACP rate: slow\nbond bond0 has no active aggregator\n"
        "\nSlave Interface: eth3\n"
        "\nSlave Interface: eth1\nAggregator ID:\nSpeed: Unknown\nDuplex: Unknown\n"
        "\nSlave Interface: eth2\nAggregator ID: N/A\n"
    )
    bond = only_bond(parse(text, "bond0"))
    assert [p.name.value for p in bond.ports] == ["eth3", "eth1", "eth2"]
    assert port(bond, "eth3").values == {}
    assert plain(port(bond, "eth1").values) == {
        "aggregator_id": "",
        "speed": "unknown",
        "duplex": "unknown",
    }
    assert port(bond, "eth2").values["aggregator_id"].value == "N/A"
    assert bond.lacp["no_active_aggregator"].value == "yes"
    assert bond.lacp["no_active_aggregator"].location.line == 5
    assert bond.unknown == []


def test_bond_with_no_ports() -> None:
    text = "Ethernet Channel Bonding Driver: v3.7.1 (April 27, 2011)\n\nBonding Mode: adaptive load balancing\n"
    bond = only_bond(parse(text, "bond0"))
    assert bond.ports == []
    assert bond.values["mode"].value == "balance-alb"


def test_orphan_port_lines_are_unknown() -> None:
    result = parse("Link Failure Count: 0\nAggregator ID:\n", "bond0")
    bond = only_bond(result)
    assert [u.location.line for u in bond.unknown] == [1, 2]
    assert bond.ports == [] and bond.values == {}
    assert any("Slave Interface" in d.message for d in result.diagnostics)


def test_blank_line_closes_the_aggregator_block() -> None:
    text = "802.3ad info\nActive Aggregator Info:\n\tAggregator ID: 1\n\nAggregator ID: 2\n"
    bond = only_bond(parse(text, "b"))
    assert bond.lacp["aggregator_id"].value == "1"
    assert [(u.value, u.location.line) for u in bond.unknown] == [("Aggregator ID: 2", 5)]


def test_port_listed_twice_is_reported() -> None:
    text = "Bonding Mode: load balancing (xor)\nSlave Interface: eth0\n\nSlave Interface: eth0\n"
    result = parse(text, "b")
    assert [p.name.location.line for p in only_bond(result).ports] == [2, 4]
    messages = [(d.location.line, d.message) for d in result.diagnostics]
    assert messages == [(4, "port eth0 listed twice")]


def test_slave_interface_without_name() -> None:
    result = parse("Bonding Mode: load balancing (xor)\nSlave Interface:\nMII Status: up\n", "b")
    bond = only_bond(result)
    assert bond.ports == []
    assert "mii_status" not in bond.values  # the port's status must not become the bond's
    assert [u.value for u in bond.unknown] == ["MII Status: up"]


def test_pdu_header_without_port_is_unknown() -> None:
    bond = only_bond(parse("Bonding Mode: load balancing (xor)\ndetails actor lacp pdu:\n", "b"))
    assert [u.value for u in bond.unknown] == ["details actor lacp pdu:"]


def test_repeated_key_keeps_first_and_reports() -> None:
    text = "Bonding Mode: load balancing (xor)\nMII Polling Interval (ms): 100\nMII Polling Interval (ms): 200\n"
    result = parse(text, "b")
    bond = only_bond(result)
    assert bond.values["miimon"].value == "100"
    assert [d.location.line for d in result.diagnostics] == [3]


def test_concatenated_dumps_read_only_the_first() -> None:
    result = parse(AB_DUMP + "\n" + LACP_DUMP, "bonds.txt")
    bond = only_bond(result)
    assert bond.values["mode"].value == "active-backup"
    assert [p.name.value for p in bond.ports] == ["eth1"]
    second_header = AB_DUMP.count("\n") + 2
    assert bond.unknown[0].location.line == second_header
    assert any(d.location.line == second_header and "second" in d.message for d in result.diagnostics)


def test_empty_target_lists() -> None:
    text = (
        "Bonding Mode: fault-tolerance (active-backup)\n"
        "NS IPv6 target/s (xx::xx form):\n"
        "ARP IP target/s (n.n.n.n form): \n"
    )
    bond = only_bond(parse(text, "b"))
    assert bond.values["ns_ip6_target"].value == ""
    assert bond.values["arp_ip_target"].value == ""


def test_bond_name_from_argument_and_path() -> None:
    assert only_bond(parse(AB_DUMP, "x/proc_net_bonding_bond3")).name.value == "bond3"
    overridden = parse(AB_DUMP, "x/proc_net_bonding_bond3", bond_name="bondX")
    assert only_bond(overridden).name.value == "bondX"
    assert only_bond(parse(AB_DUMP, "sos/proc/net/bonding/bond.100")).name.value == "bond.100"


@pytest.mark.parametrize(
    ("path", "head", "expected"),
    [
        ("sosreport-h/proc/net/bonding/bond0", "", True),
        ("/proc/net/bonding/bond-lan", "garbage", True),
        ("capture/proc_net_bonding_bond0", "", True),
        ("x/bond.txt", "\n\nEthernet Channel Bonding Driver: v3.7.1 (April 27, 2011)\n", True),
        ("x/bond.txt", "Bonding Mode: load balancing (xor)\nMII Status: up\n", True),
        ("x/bond.txt", "  \tBonding Mode: load balancing (xor)\n", True),
        ("x/proc/net/bonding", "", False),
        ("network-scripts/ifcfg-bond0", "DEVICE=bond0\nBONDING_OPTS='mode=4'\n", False),
        ("x/nmcli.txt", "bond.options: mode=802.3ad\n", False),
    ],
)
def test_claims(path: str, head: str, expected: bool) -> None:
    assert claims(PurePosixPath(path), head) is expected


def test_format_name() -> None:
    assert proc_bonding.FORMAT == "proc-net-bonding"
    assert only_bond(parse(AB_DUMP, "b")).format == "proc-net-bonding"


@pytest.mark.slow
def test_linear_time() -> None:
    """Eight times the ports costs about eight times the time, not sixty-four, and so does
    a very long line (no regex backtracking): growth ratios, never seconds (tests/timing.py)."""
    block = "Slave Interface: eth{n}\nMII Status: up\nSpeed: 1000 Mbps\nLink Failure Count: 0\n\n"
    head = "Bonding Mode: load balancing (xor)\n\n"
    assert_parse_linear(parse, lambda count: head + "".join(block.format(n=n) for n in range(count)), 1_250, "b")
    assert_parse_linear(parse, lambda n: "Bonding Mode: " + "a " * n + "(fail_over_mac", 25_000, "b")
    assert_parse_linear(parse, lambda n: "Primary Slave: " + " " * 10 + "(primary_reselect " * n, 6_250, "b")


# --------------------------------------------------------------------------------------
# 4. properties: never raise, always a well-formed result


LINE_PIECES = [
    "Ethernet Channel Bonding Driver: v3.7.1 (April 27, 2011)",
    "Bonding Mode: fault-tolerance (active-backup) (fail_over_mac active)",
    "Bonding Mode: IEEE 802.3ad Dynamic link aggregation",
    "Primary Slave: eth0 (primary_reselect always)",
    "Currently Active Slave: None",
    "802.3ad info",
    "Active Aggregator Info:",
    "\tAggregator ID: 1",
    "bond bond0 has no active aggregator",
    "Slave Interface: eth0",
    "Slave Interface:",
    "MII Status: up",
    "Speed",
    "Speed: 1000 Mbps",
    "details actor lacp pdu:",
    "details partner lacp pdu:",
    "    system priority: 65535",
    "System priority: 1",
    "    oper key: 1",
    "NS IPv6 target/s (xx::xx form):",
    "",
    " ",
]


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.lists(st.sampled_from(LINE_PIECES) | st.text(max_size=30), max_size=40),
    st.sampled_from(["\n", "\r\n"]),
)
def test_shuffled_dump_lines_never_raise(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    check(proc_bonding, text, "fuzz")


# --------------------------------------------------------------------------------------
# head / tail -n +1 captures: several dumps, each after a "==> path <==" header
# --------------------------------------------------------------------------------------

# Shape of `head -n 50 /proc/net/bonding/*` as sosreport-less support tickets paste it
# (coreutils head: a header per file, a blank line between files); text written here.
HEAD_TWO_BONDS = """\
==> /proc/net/bonding/bond0 <==
Ethernet Channel Bonding Driver: v5.14.0-362.8.1.el9_3.x86_64

Bonding Mode: fault-tolerance (active-backup)
Primary Slave: ens1f0 (primary_reselect always)
Currently Active Slave: ens1f0
MII Status: up
MII Polling Interval (ms): 100
Up Delay (ms): 0
Down Delay (ms): 0

Slave Interface: ens1f0
MII Status: up
Speed: 25000 Mbps

==> /proc/net/bonding/bond1 <==
Ethernet Channel Bonding Driver: v5.14.0-362.8.1.el9_3.x86_64

Bonding Mode: IEEE 802.3ad Dynamic link aggregation
Transmit Hash Policy: layer3+4 (1)
MII Status: up
MII Polling Interval (ms): 0
Up Delay (ms): 0
Down Delay (ms): 0

802.3ad info
LACP rate: fast
"""


def test_head_capture_reads_every_bond_with_its_lines() -> None:
    result = parse(HEAD_TWO_BONDS, "sos_commands/networking/head_proc_net_bonding")
    bonds = {bond.name.value: bond for bond in result.facts if isinstance(bond, BondRuntime)}
    assert sorted(bonds) == ["bond0", "bond1"]
    bond0, bond1 = bonds["bond0"], bonds["bond1"]
    assert bond0.name.location.line == 1 and bond1.name.location.line == 16
    assert (bond0.values["mode"].value, bond0.values["mode"].location.line) == ("active-backup", 4)
    assert (bond0.values["primary"].value, bond0.values["primary"].location.line) == ("ens1f0", 5)
    assert [(p.name.value, p.name.location.line) for p in bond0.ports] == [("ens1f0", 12)]
    assert (bond1.values["mode"].value, bond1.values["mode"].location.line) == ("802.3ad", 19)
    assert (bond1.values["miimon"].value, bond1.values["miimon"].location.line) == ("0", 22)
    assert bond1.lacp["lacp_rate"].location.line == 27 and bond1.ports == []
    assert bond1.location.line == 19 and bond0.unknown == bond1.unknown == []
    # No "second dump" complaint: each section is its own dump.
    assert result.diagnostics == []


def test_tail_form_and_claims_by_header() -> None:
    text = HEAD_TWO_BONDS.replace("==> /proc/net/bonding/", "==> proc/net/bonding/")
    assert [b.name.value for b in parse(text, "tail.txt").facts] == ["bond0", "bond1"]
    assert claims(PurePosixPath("tail.txt"), "==> /proc/net/bonding/bond0 <==\n")
    assert not claims(PurePosixPath("tail.txt"), "==> /etc/hosts <==\n127.0.0.1 localhost\n")


def test_head_capture_problems_are_located_per_section() -> None:
    text = (
        "$ head /proc/net/bonding/*\n"  # the command that made it: no problem
        "Last login: Mon Dec  7 05:00:01 2026\n"  # anything else above the output is reported
        "==> /proc/net/bonding/bond0 <==\n"
        "MII Status: up\n"  # truncated: no mode line
        "\n"
        "==> /proc/net/bonding/bond9 <==\n"
        "\n"
        "==> /proc/net/bonding/bond1 <==\n"
        "Bonding Mode: load balancing (xor)\n"
    )
    result = parse(text, "head.txt")
    assert [b.name.value for b in result.facts] == ["bond0", "bond1"]
    assert [(d.location.line, d.message.split(":")[0]) for d in result.diagnostics] == [
        (2, "text before the first '==> file <==' header is ignored"),
        (3, "no 'Bonding Mode' line"),
        (6, "'/proc/net/bonding/bond9' holds nothing (an empty file, or head/tail could not read it)"),
    ]


def test_a_monitoring_agents_section_header_wraps_a_head_capture_without_a_problem() -> None:
    # Checkmk's agent prints its lnx_bonding section as head(1) output under a header line.
    text = "<<<lnx_bonding:sep(58)>>>\n==> ./bond0 <==\nBonding Mode: fault-tolerance (active-backup)\n"
    result = parse(text, "agent_output.txt")
    assert [b.name.value for b in result.facts] == ["bond0"]
    assert result.diagnostics == []


def test_head_of_real_kernel_dumps() -> None:
    """Every real dump of the kernel corpus, glued the way head(1) prints them, reads as
    each dump read alone (values, ports and lines shifted by the headers)."""
    corpus_path("kernel")
    dumps = kernel_dumps()
    text, offsets = "", []
    for index, dump in enumerate(dumps):
        body = dump.read_text(encoding="utf-8")
        offsets.append(text.count("\n") + 1)
        text += f"{'' if index == 0 else chr(10)}==> /proc/net/bonding/bond{index} <==\n{body.rstrip(chr(10))}\n"
    result = parse(text, "head.txt")
    assert result.diagnostics == []
    assert [b.name.value for b in result.facts] == [f"bond{i}" for i in range(len(dumps))]
    for index, (dump, bond) in enumerate(zip(dumps, result.facts, strict=True)):
        alone = only_bond(parse(dump.read_text(encoding="utf-8"), str(dump)))
        assert isinstance(bond, BondRuntime)
        assert plain(bond.values) == plain(alone.values)
        header = offsets[index] + (1 if index else 0)
        assert bond.name.location.line == header
        shift = {key: line + header for key, line in lines_of(alone.values).items()}
        assert lines_of(bond.values) == shift
        assert [p.name.value for p in bond.ports] == [p.name.value for p in alone.ports]
