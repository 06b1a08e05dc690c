"""Tests for the ip link/addr parser: corpus rows, real-kernel cross-checks, edge cases, fuzzing."""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from conftest import CORPUS, corpus_path, rows_of_kind
from timing import assert_parse_linear

from bondlint.sources import ip_link, proc_bonding
from bondlint.sources.base import (
    BondRuntime,
    InterfaceRuntime,
    Located,
    ParseResult,
)
from bondlint.sources.ip_link import claims, parse

# --------------------------------------------------------------------------------------
# helpers


def plain(located: dict[str, Located[str]]) -> dict[str, str]:
    return {key: item.value for key, item in located.items()}


def lines_of(located: dict[str, Located[str]]) -> dict[str, int]:
    return {key: item.location.line for key, item in located.items()}


def interfaces(result: ParseResult) -> dict[str, InterfaceRuntime]:
    found = [fact for fact in result.facts if isinstance(fact, InterfaceRuntime)]
    named = {fact.name.value: fact for fact in found}
    assert len(named) == len(found), "interface listed twice"
    return named


def bonds(result: ParseResult) -> dict[str, BondRuntime]:
    return {fact.name.value: fact for fact in result.facts if isinstance(fact, BondRuntime)}


def only_bond(result: ParseResult) -> BondRuntime:
    found = bonds(result)
    assert len(found) == 1, result.facts
    return next(iter(found.values()))


def diagnostic_lines(result: ParseResult) -> list[int]:
    return [diagnostic.location.line for diagnostic in result.diagnostics]


# --------------------------------------------------------------------------------------
# 1. host corpus rows (MANIFEST), projected onto insights-core's IpLinkInfo vocabulary
#
# The reverse tables are written out here, independently of the parser's, so a wrong
# entry on either side shows up as a mismatch.

IP_BOND_NAMES = {
    "mode": "mode",
    "active_port": "active_slave",
    "miimon": "miimon",
    "updelay": "updelay",
    "downdelay": "downdelay",
    "peer_notif_delay": "peer_notify_delay",
    "use_carrier": "use_carrier",
    "arp_interval": "arp_interval",
    "arp_missed_max": "arp_missed_max",
    "arp_ip_target": "arp_ip_target",
    "arp_validate": "arp_validate",
    "primary_reselect": "primary_reselect",
    "xmit_hash_policy": "xmit_hash_policy",
}
IP_PORT_NAMES = {
    "slave_state": "state",
    "mii_status": "mii_status",
    "link_failure_count": "link_failure_count",
    "permanent_hw_addr": "perm_hwaddr",
    "queue_id": "queue_id",
}


def raw_options(values: dict[str, str], names: dict[str, str], prefix: str) -> str:
    """Rebuild the option text insights keeps raw (``bond mode active-backup miimon 100 …``)."""
    words = [prefix]
    for ours, theirs in names.items():
        if ours in values:
            words += [theirs, values[ours].upper() if ours == "slave_state" else values[ours]]
    return " ".join(words)


def as_insights(result: ParseResult) -> dict[str, Any]:
    """insights-core ``IpLinkInfo``/``IpAddr`` attributes, ``<ifname>.<key>`` dotted."""
    out: dict[str, Any] = {
        "active": [name for name, fact in interfaces(result).items() if fact.values["admin"].value == "up"]
    }
    for name, fact in interfaces(result).items():
        values = plain(fact.values)
        for key in ("mac", "master", "admin", "carrier"):
            if key in values:
                out[f"{name}.{key}"] = values[key]
        if values.get("slave_kind") == "bond_slave":
            out[f"{name}.bond_slave_options"] = raw_options(values, IP_PORT_NAMES, "bond_slave")
    for name, bond in bonds(result).items():
        out[f"{name}.bond_options"] = raw_options(plain(bond.values), IP_BOND_NAMES, "bond")
    return out


def check_insights(expected: dict[str, Any], actual: dict[str, Any]) -> None:
    for key, want in expected.items():
        name, _, attribute = key.partition(".")
        if attribute == "vf_enabled":
            continue  # SR-IOV VF lines are not read: VFs play no part in bonding
        if attribute == "flags":
            # bondlint keeps what the flags mean, not the list: UP -> admin, carrier from
            # NO-CARRIER / LOWER_UP.
            assert actual[f"{name}.admin"] == ("up" if "UP" in want else "down")
            if "NO-CARRIER" in want:
                assert actual[f"{name}.carrier"] == "down"
            elif "LOWER_UP" in want:
                assert actual[f"{name}.carrier"] == "up"
            continue
        if key.endswith(" contains"):
            text = actual[key.removesuffix(" contains")]
            for fragment in want if isinstance(want, list) else [want]:
                assert fragment in text, f"{key}: {fragment!r} not in {text!r}"
            continue
        assert actual.get(key) == want, f"{key}: expected {want!r}, parsed {actual.get(key)!r}"


def ip_rows() -> list[dict[str, str]]:
    negatives = rows_of_kind("host", "negative-sample")
    return rows_of_kind("host", "ip-link/addr") + [r for r in negatives if "ip_link" in r["file"]]


# Diagnostics the corpus files deserve, by line.
EXPECTED_DIAGNOSTICS = {
    # Three "Message truncated" lines before the first interface: reported once.
    "insights-core/ip_addr_slave-with-master-bond1_vlan-on-bond.txt": [1],
    # "bond_slave state ACTIVE mii_status" ends before mii_status has a value.
    "insights-core/negative_ip_link_truncated_bond_slave.txt": [4],
}


@pytest.mark.parametrize("row", ip_rows(), ids=lambda row: row["file"])
def test_manifest_row(row: dict[str, str]) -> None:
    path = corpus_path("host", row["file"])
    assert claims(PurePosixPath(path.name), path.read_text(encoding="utf-8")[:1024])
    result = parse(path.read_text(encoding="utf-8"), str(path))
    assert diagnostic_lines(result) == EXPECTED_DIAGNOSTICS.get(row["file"], [])
    assert interfaces(result)
    if row["expected_json"]:
        check_insights(row["expected_json"], as_insights(result))


def test_manifest_has_ip_rows() -> None:
    corpus_path("host", "MANIFEST.tsv")
    assert len(ip_rows()) >= 5


def test_corpus_active_backup_bond_and_ports() -> None:
    path = corpus_path("host", "insights-core", "ip_-d_-s_link_active-backup_bond0.txt")
    result = parse(path.read_text(encoding="utf-8"), "ip_-s_-d_link")
    bond = only_bond(result)
    assert bond.location.line == 25 and bond.name.location.line == 23
    assert plain(bond.values) | plain(bond.lacp) == {
        "mode": "active-backup",
        "active_port": "enp1s0",
        "miimon": "100",
        "updelay": "0",
        "downdelay": "0",
        "peer_notif_delay": "0",
        "use_carrier": "1",
        "arp_interval": "0",
        "arp_missed_max": "2",
        "arp_validate": "none",
        "arp_all_targets": "any",
        "primary_reselect": "always",
        "fail_over_mac": "none",
        "xmit_hash_policy": "layer2",
        "resend_igmp": "1",
        "num_grat_arp": "1",
        "all_slaves_active": "0",
        "min_links": "0",
        "lp_interval": "1",
        "packets_per_slave": "1",
        "lacp_active": "on",
        "lacp_rate": "slow",
        "coupled_control": "on",
        "ad_select": "stable",
        "tlb_dynamic_lb": "1",
    }
    assert "primary" not in bond.values  # not printed when unset
    assert set(bond.lacp) == {"lacp_active", "lacp_rate", "ad_select", "min_links"}
    assert bond.ports == []
    backup = interfaces(result)["enp2s0"]
    assert plain(backup.values) == {
        "admin": "up",
        "carrier": "up",
        "mtu": "1500",
        "master": "bond0",
        "operstate": "up",
        "mac": "52:54:00:36:37:ea",
        "permaddr": "52:54:00:c9:b9:47",
        "slave_kind": "bond_slave",
        "slave_state": "backup",
        "mii_status": "up",
        "link_failure_count": "0",
        "permanent_hw_addr": "52:54:00:c9:b9:47",
        "queue_id": "0",
        "prio": "0",
    }
    assert lines_of(backup.values)["permaddr"] == 16
    assert lines_of(backup.values)["slave_state"] == 17
    assert list(interfaces(result)) == ["lo", "enp1s0", "enp2s0", "bond0"]


def test_corpus_wrapped_line_keeps_the_next_interfaces() -> None:
    path = corpus_path("host", "insights-core", "ip_-s_-d_link_bond-slave_wrapped-line.txt")
    result = parse(path.read_text(encoding="utf-8"), "ip_-s_-d_link")
    found = interfaces(result)
    assert list(found) == ["lo", "ens1f0", "ens1f1", "ens1f1v64"]
    assert found["ens1f1"].values["mac"].value == "b4:96:91:e5:c8:a9"  # not a vf's MAC
    assert found["ens1f0"].values["master"].value == "bond1"
    assert "ad_aggregator_id" not in found["ens1f0"].values  # not an 802.3ad port
    assert result.diagnostics == []


def test_corpus_ovs_host_kinds() -> None:
    path = corpus_path("host", "insights-core", "ip_-s_-d_link_802.3ad_slaves_ovs-host.txt")
    found = interfaces(parse(path.read_text(encoding="utf-8"), "ip_-s_-d_link"))
    assert plain(found["vxlan_sys_4789"].values)["kind"] == "vxlan"
    assert plain(found["vxlan_sys_4789"].values)["slave_kind"] == "openvswitch_slave"
    assert "gre0" in found and "gre0@NONE" not in found
    port = plain(found["eth0_2"].values)
    assert port["ad_aggregator_id"] == "1"
    assert port["ad_actor_oper_port_state"] == "63"
    assert port["ad_partner_oper_port_state"] == "61"
    assert port["permanent_hw_addr"] == "00:90:fa:8d:36:22"
    assert "kind" not in port  # a physical NIC has no link-kind line


# --------------------------------------------------------------------------------------
# 2. real kernel captures against the same host's /proc/net/bonding


def kernel_folders() -> list[Path]:
    return sorted(path.parent for path in (CORPUS / "kernel").glob("*/*/proc_net_bonding_*"))


def peers_taken_down(folder: Path) -> set[str]:
    """Ports whose far end commands.txt brought down (``ip [-n ns] link set peer-X down``)."""
    commands = (folder / "commands.txt").read_text(encoding="utf-8")
    return set(re.findall(r"^ip (?:-n \S+ )?link set peer-(\S+) down$", commands, re.MULTILINE))


def proc_reference(folder: Path) -> BondRuntime:
    dump = next(folder.glob("proc_net_bonding_*"))
    bond = proc_bonding.parse(dump.read_text(encoding="utf-8"), str(dump)).facts[0]
    assert isinstance(bond, BondRuntime)
    return bond


def parse_file(path: Path) -> ParseResult:
    result = parse(path.read_text(encoding="utf-8"), str(path))
    assert result.diagnostics == []
    return result


# Bond keys /proc and ip both print, compared one to one.
SHARED_BOND_KEYS = ("mode", "miimon", "updelay", "downdelay", "peer_notif_delay")
SHARED_LACP_KEYS = (
    "lacp_active",
    "lacp_rate",
    "ad_select",
    "aggregator_id",
    "number_of_ports",
    "actor_key",
    "partner_key",
    "partner_mac",
    "min_links",
)


@pytest.mark.parametrize("folder", kernel_folders(), ids=lambda p: p.name)
def test_kernel_ip_agrees_with_proc(folder: Path) -> None:
    reference = proc_reference(folder)
    name = reference.name.value
    proc = plain(reference.values)
    text = parse_file(folder / f"ip_-d_link_show_{name}")
    parsed = parse_file(folder / f"ip_-d_-j_link_show_{name}")
    for result in (text, parsed):
        bond = only_bond(result)
        values, lacp = plain(bond.values), plain(bond.lacp)
        assert bond.name.value == name and bond.ports == []
        for key in SHARED_BOND_KEYS:
            assert values[key] == proc[key], key
        # /proc prints the ARP lines only when ARP monitoring is on.
        assert values["arp_interval"] == proc.get("arp_interval", "0")
        assert values.get("arp_ip_target", "") == proc.get("arp_ip_target", "")
        if "arp_missed_max" in proc:
            assert values["arp_missed_max"] == proc["arp_missed_max"]
        # ip prints neither when there is none; /proc prints "None" (kept as "").
        assert values.get("active_port", "") == proc.get("active_port", "")
        assert values.get("primary", "") == proc.get("primary", "")
        if "xmit_hash_policy" in proc:
            assert values["xmit_hash_policy"] == proc["xmit_hash_policy"]
        if proc["mode"] == "active-backup":
            assert values["fail_over_mac"] == proc.get("fail_over_mac", "none")
        if proc["mode"] == "802.3ad":
            proc_lacp = plain(reference.lacp)
            for key in SHARED_LACP_KEYS:
                assert lacp[key] == proc_lacp[key], key
        else:
            assert "aggregator_id" not in lacp
        assert interfaces(result)[name].values["kind"].value == "bond"
    # The JSON form says exactly what the text form says.
    assert plain(only_bond(parsed).values) == plain(only_bond(text).values)
    assert plain(only_bond(parsed).lacp) == plain(only_bond(text).lacp)
    text_bond_if, json_bond_if = interfaces(text)[name], interfaces(parsed)[name]
    assert plain(json_bond_if.values) == plain(text_bond_if.values)

    down = peers_taken_down(folder)
    for port in reference.ports:
        port_name = port.name.value
        expected = plain(port.values)
        detailed = interfaces(parse_file(folder / f"ip_-d_link_show_{port_name}"))[port_name]
        short = interfaces(parse_file(folder / f"ip_link_show_{port_name}"))[port_name]
        values = plain(detailed.values)
        assert values["master"] == short.values["master"].value == name
        assert values["slave_kind"] == "bond_slave" and values["kind"] == "veth"
        for key in ("mii_status", "link_failure_count", "permanent_hw_addr", "queue_id"):
            assert values[key] == expected[key], (port_name, key)
        if proc["mode"] == "802.3ad":
            assert values["ad_aggregator_id"] == expected["aggregator_id"]
            assert values["ad_actor_oper_port_state"] == port.actor_lacp["port_state"].value
        else:
            assert "ad_aggregator_id" not in values
        if proc["mode"] == "active-backup":
            active = port_name == proc["active_port"]
            assert values["slave_state"] == ("active" if active else "backup")
        carrier = "down" if port_name in down else "up"
        assert values["carrier"] == short.values["carrier"].value == carrier, port_name
        peer = interfaces(parse_file(folder / f"ip_link_show_peer-{port_name}"))
        assert peer[f"peer-{port_name}"].values["admin"].value == ("down" if port_name in down else "up")
    addresses = interfaces(parse_file(folder / f"ip_addr_show_{name}"))
    assert list(addresses) == [name]
    assert addresses[name].values["carrier"].value == "up"


def test_kernel_corpus_present() -> None:
    corpus_path("kernel")
    assert len(kernel_folders()) >= 10
    assert any(peers_taken_down(folder) for folder in kernel_folders())


def test_kernel_json_line_numbers() -> None:
    path = corpus_path("kernel", "6.1.0-56-amd64", "8023ad-defaults", "ip_-d_-j_link_show_bond0")
    result = parse_file(path)
    assert {fact.location.line for fact in result.facts} == {1}  # compact JSON: one line


# --------------------------------------------------------------------------------------
# 3. hand-written cases

S_D_LINK = """\
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0 addrgenmode eui64
    RX:  bytes packets errors dropped  missed   mcast
         1200      12      0       0       0       0
    TX:  bytes packets errors dropped carrier collsns
         1200      12      0       0       0       0
2: ens3f0: <NO-CARRIER,BROADCAST,MULTICAST,SLAVE,UP> mtu 9000 qdisc mq master bond0 state DOWN mode DEFAULT \
group default qlen 1000
    link/ether 3c:fd:fe:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 9702
    bond_slave state BACKUP mii_status GOING_BACK link_failure_count 7 perm_hwaddr 3c:fd:fe:00:00:01 queue_id 2 \
prio 5 addrgenmode none numtxqueues 64
    RX:  bytes packets errors dropped  missed   mcast
             0       0      0       0       0       0
    altname enp59s0f0
3: ens3f1: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 9000 qdisc mq master bond0 state UP mode DEFAULT \
group default qlen 1000
    link/ether 3c:fd:fe:00:00:01 brd ff:ff:ff:ff:ff:ff permaddr 3c:fd:fe:00:00:02 promiscuity 0
    bond_slave state ACTIVE mii_status UP link_failure_count 0 perm_hwaddr 3c:fd:fe:00:00:02 queue_id 0 addrgenmode none
4: bond0: <BROADCAST,MULTICAST,MASTER,UP,LOWER_UP> mtu 9000 qdisc noqueue state UP mode DEFAULT group default qlen 1000
    link/ether 3c:fd:fe:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65535
    bond mode active-backup active_slave ens3f1 miimon 0 updelay 0 downdelay 0 use_carrier 1 arp_interval 1000 \
arp_ip_target 10.0.0.1,10.0.0.2 ns_ip6_target 2001:db8::1 arp_validate all arp_all_targets all primary ens3f0 \
primary_reselect failure fail_over_mac follow xmit_hash_policy layer2 resend_igmp 1 num_grat_arp 3 \
all_slaves_active 0 min_links 0 lp_interval 1 packets_per_slave 1 lacp_rate slow ad_select stable tlb_dynamic_lb 1 \
addrgenmode eui64
5: bond0.100@bond0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9000 qdisc noqueue state UP mode DEFAULT \
group default qlen 1000
    link/ether 3c:fd:fe:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0
    vlan protocol 802.1Q id 100 <REORDER_HDR> addrgenmode eui64
"""


def test_full_s_d_link_with_line_numbers() -> None:
    result = parse(S_D_LINK, "ip_-s_-d_link")
    assert result.diagnostics == []
    found = interfaces(result)
    assert list(found) == ["lo", "ens3f0", "ens3f1", "bond0", "bond0.100"]
    down = found["ens3f0"]
    assert down.location.line == 7 and down.name.location.line == 7
    assert plain(down.values) == {
        "admin": "up",
        "carrier": "down",
        "mtu": "9000",
        "master": "bond0",
        "operstate": "down",
        "mac": "3c:fd:fe:00:00:01",
        "slave_kind": "bond_slave",
        "slave_state": "backup",
        "mii_status": "going back",
        "link_failure_count": "7",
        "permanent_hw_addr": "3c:fd:fe:00:00:01",
        "queue_id": "2",
        "prio": "5",
    }
    assert lines_of(down.values) == {
        "admin": 7,
        "carrier": 7,
        "mtu": 7,
        "master": 7,
        "operstate": 7,
        "mac": 8,
        "slave_kind": 9,
        "slave_state": 9,
        "mii_status": 9,
        "link_failure_count": 9,
        "permanent_hw_addr": 9,
        "queue_id": 9,
        "prio": 9,
    }
    assert plain(found["ens3f1"].values)["permaddr"] == "3c:fd:fe:00:00:02"
    assert lines_of(found["ens3f1"].values)["permaddr"] == 14
    assert plain(found["lo"].values) == {
        "admin": "up",
        "carrier": "up",
        "mtu": "65536",
        "operstate": "unknown",
    }
    vlan = plain(found["bond0.100"].values)
    assert vlan["kind"] == "vlan" and "master" not in vlan
    assert found["bond0.100"].name.value == "bond0.100"

    bond = only_bond(result)
    assert bond.location.line == 18 and bond.name.location.line == 16
    assert plain(bond.values) == {
        "mode": "active-backup",
        "active_port": "ens3f1",
        "miimon": "0",
        "updelay": "0",
        "downdelay": "0",
        "use_carrier": "1",
        "arp_interval": "1000",
        "arp_ip_target": "10.0.0.1,10.0.0.2",
        "ns_ip6_target": "2001:db8::1",
        "arp_validate": "all",
        "arp_all_targets": "all",
        "primary": "ens3f0",
        "primary_reselect": "failure",
        "fail_over_mac": "follow",
        "xmit_hash_policy": "layer2",
        "resend_igmp": "1",
        "num_grat_arp": "3",
        "all_slaves_active": "0",
        "lp_interval": "1",
        "packets_per_slave": "1",
        "tlb_dynamic_lb": "1",
    }
    assert plain(bond.lacp) == {"min_links": "0", "lacp_rate": "slow", "ad_select": "stable"}
    assert set(lines_of(bond.values).values()) == {18}
    assert found["bond0"].values["kind"].location.line == 18
    # Facts come in document order: the bond right after its interface.
    assert [type(fact).__name__ for fact in result.facts] == [
        "InterfaceRuntime",
        "InterfaceRuntime",
        "InterfaceRuntime",
        "InterfaceRuntime",
        "BondRuntime",
        "InterfaceRuntime",
    ]


LACP_BOND_LINE = (
    "    bond mode 802.3ad miimon 100 updelay 0 downdelay 0 peer_notify_delay 0 use_carrier 1 "
    "arp_interval 0 arp_missed_max 2 arp_validate none arp_all_targets any primary_reselect "
    "always fail_over_mac none xmit_hash_policy layer3+4 resend_igmp 1 num_grat_arp 1 "
    "all_slaves_active 0 min_links 1 lp_interval 1 packets_per_slave 1 lacp_active on "
    "lacp_rate fast ad_select bandwidth ad_aggregator 2 ad_num_ports 2 ad_actor_key 9 "
    "ad_partner_key 32769 ad_partner_mac 00:1c:73:aa:bb:cc ad_actor_sys_prio 65535 "
    "ad_user_port_key 0 ad_actor_system 00:00:00:00:00:00 tlb_dynamic_lb 1 addrgenmode none"
)


def test_lacp_bond_line() -> None:
    text = (
        "7: bond1: <BROADCAST,MULTICAST,MASTER,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n"
        "    link/ether 00:00:5e:00:53:01 brd ff:ff:ff:ff:ff:ff promiscuity 0\n"
        f"{LACP_BOND_LINE}\n"
    )
    bond = only_bond(parse(text, "x"))
    assert plain(bond.lacp) == {
        "min_links": "1",
        "lacp_active": "on",
        "lacp_rate": "fast",
        "ad_select": "bandwidth",
        "aggregator_id": "2",
        "number_of_ports": "2",
        "actor_key": "9",
        "partner_key": "32769",
        "partner_mac": "00:1c:73:aa:bb:cc",
        "ad_actor_sys_prio": "65535",
        "ad_user_port_key": "0",
        "ad_actor_system": "00:00:00:00:00:00",
    }
    assert bond.values["xmit_hash_policy"].value == "layer3+4"
    assert bond.lacp["min_links"].value == "1"
    assert "active_port" not in bond.values


def test_one_line_form() -> None:
    text = (
        "2: eth0: <NO-CARRIER,BROADCAST,MULTICAST,SLAVE,UP> mtu 1500 qdisc mq master bond0 "
        "state DOWN mode DEFAULT group default qlen 1000\\    link/ether 52:54:00:00:00:01 brd "
        "ff:ff:ff:ff:ff:ff promiscuity 0 \\    bond_slave state BACKUP mii_status DOWN "
        "link_failure_count 2 perm_hwaddr 52:54:00:00:00:01 queue_id 0\n"
        "3: bond0: <BROADCAST,MULTICAST,MASTER,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP "
        "mode DEFAULT\\    link/ether 52:54:00:00:00:01 brd ff:ff:ff:ff:ff:ff\\    bond mode "
        "balance-xor miimon 100 xmit_hash_policy layer2+3\n"
    )
    result = parse(text, "ip_-o_-d_link")
    assert result.diagnostics == []
    port = interfaces(result)["eth0"]
    assert plain(port.values) == {
        "admin": "up",
        "carrier": "down",
        "mtu": "1500",
        "master": "bond0",
        "operstate": "down",
        "mac": "52:54:00:00:00:01",
        "slave_kind": "bond_slave",
        "slave_state": "backup",
        "mii_status": "down",
        "link_failure_count": "2",
        "permanent_hw_addr": "52:54:00:00:00:01",
        "queue_id": "0",
    }
    assert set(lines_of(port.values).values()) == {1}
    bond = only_bond(result)
    assert bond.location.line == 2
    assert plain(bond.values) == {
        "mode": "balance-xor",
        "miimon": "100",
        "xmit_hash_policy": "layer2+3",
    }


def test_one_line_address_records_are_skipped() -> None:
    text = (
        "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n"
        "4: bond0    inet 192.0.2.10/24 brd 192.0.2.255 scope global bond0\\       "
        "valid_lft forever preferred_lft forever\n"
        "4: bond0    inet6 fe80::1/64 scope link \\       valid_lft forever preferred_lft forever\n"
    )
    result = parse(text, "ip_-o_addr")
    assert result.facts == [] and result.diagnostics == []


def test_d_address_form() -> None:
    text = (
        "4: bond0: <BROADCAST,MULTICAST,MASTER,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP "
        "group default qlen 1000\n"
        "    link/ether 52:54:00:00:00:10 brd ff:ff:ff:ff:ff:ff promiscuity 0\n"
        "    bond mode balance-alb miimon 100 updelay 200 downdelay 200 use_carrier 1\n"
        "    inet 192.0.2.10/24 brd 192.0.2.255 scope global bond0\n"
        "       valid_lft forever preferred_lft forever\n"
        "    inet6 fe80::5054:ff:fe00:10/64 scope link\n"
        "       valid_lft forever preferred_lft forever\n"
    )
    result = parse(text, "ip_-d_address")
    assert result.diagnostics == []
    assert plain(only_bond(result).values) == {
        "mode": "balance-alb",
        "miimon": "100",
        "updelay": "200",
        "downdelay": "200",
        "use_carrier": "1",
    }
    assert plain(interfaces(result)["bond0"].values)["kind"] == "bond"


def test_hard_wraps_inside_header_and_port_line() -> None:
    text = (
        "2: eth0: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 qdisc mq master bo\n"
        "nd0 state UP mode DEFAULT group default qlen 1000\n"
        "    link/ether 52:54:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n"
        "    bond_slave state ACTIVE mii_status UP link_failure_c\n"
        "ount 3 perm_hwaddr 52:54:00:00:00:01 queue_id 0\n"
        "3: eth1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN\n"
    )
    result = parse(text, "x")
    assert result.diagnostics == []
    port = interfaces(result)["eth0"]
    assert port.values["master"].value == "bond0"
    assert port.values["operstate"].location.line == 1  # where the wrapped line starts
    assert port.values["link_failure_count"].value == "3"
    assert port.values["link_failure_count"].location.line == 4
    assert plain(interfaces(result)["eth1"].values)["admin"] == "down"


def test_truncated_lines_keep_what_is_readable() -> None:
    text = (
        "2: enp2s0: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 qdisc fq_codel master\n"
        "    link/ether 52:54:00:36:37:eb brd ff:ff:ff:ff:ff:ff\n"
        "3: enp3s0: <BROADCAST,MULTI\n"
        "4: enp4s\n"
        "5: bond0: <MASTER,UP> mtu 1500 state UP\n"
        "    link/ether 52:54:00:36:37:eb\n"
        "    bond mode\n"
    )
    result = parse(text, "x")
    found = interfaces(result)
    assert list(found) == ["enp2s0", "enp3s0", "bond0"]
    assert plain(found["enp2s0"].values) == {
        "admin": "up",
        "carrier": "up",
        "mtu": "1500",
        "mac": "52:54:00:36:37:eb",
    }
    assert found["enp3s0"].values == {}
    assert found["bond0"].values["kind"].value == "bond"
    assert bonds(result) == {}  # a bond line with no readable option makes no bond fact
    assert diagnostic_lines(result) == [1, 3, 4, 7]
    assert "master" in result.diagnostics[0].message


@pytest.mark.parametrize(
    "text",
    [
        'Device "bond9" does not exist.\n',
        'Cannot find device "bond9"\n',
        'Error: argument "bond9" is wrong: Device does not exist\n',
        "bash: ip: command not found\n",
        "",
        "\n\n",
        "[]\n",
    ],
)
def test_recorded_failures_and_empty_captures(text: str) -> None:
    result = parse(text, "ip_-d_link_show_bond9")
    assert result.facts == [] and result.diagnostics == []


def test_not_ip_output() -> None:
    result = parse("[connection]\nid=bond0\n", "x")
    assert result.facts == []
    assert diagnostic_lines(result) == [1]
    assert "not ip link output" in result.diagnostics[0].message


def test_stray_text_before_the_first_interface_reported_once() -> None:
    text = "Message truncated\nMessage truncated\n1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536\n"
    result = parse(text, "x")
    assert list(interfaces(result)) == ["lo"]
    assert diagnostic_lines(result) == [1]


def test_crlf_and_bom() -> None:
    text = "\ufeff" + S_D_LINK.replace("\n", "\r\n")
    result = parse(text, "x")
    assert result.diagnostics == []
    assert only_bond(result).values["tlb_dynamic_lb"].value == "1"
    assert interfaces(result)["lo"].location.line == 1


def test_unresolved_active_slave_index_and_veth_names() -> None:
    text = (
        "9: eth0@if8: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 master bond0 state UP\n"
        "    link/ether 52:54:00:00:00:10 brd ff:ff:ff:ff:ff:ff link-netns sw\n"
        "    veth\n"
        "    bond_slave state ACTIVE mii_status GOING_DOWN\n"
    )
    found = interfaces(parse(text, "x"))
    assert list(found) == ["eth0"]
    values = plain(found["eth0"].values)
    assert values["kind"] == "veth" and values["slave_kind"] == "bond_slave"
    assert values["mii_status"] == "going down"


# -- JSON ----------------------------------------------------------------------------

JSON_LINKS = [
    {
        "ifindex": 3,
        "ifname": "eth1",
        "flags": ["NO-CARRIER", "BROADCAST", "MULTICAST", "SLAVE", "UP"],
        "mtu": 1500,
        "operstate": "DOWN",
        "master": "bond0",
        "link_type": "ether",
        "address": "52:54:00:00:00:11",
        "permaddr": "52:54:00:00:00:21",
        "linkinfo": {
            "info_slave_kind": "bond_slave",
            "info_slave_data": {
                "state": "BACKUP",
                "mii_status": "GOING_DOWN",
                "link_failure_count": 4,
                "perm_hwaddr": "52:54:00:00:00:21",
                "queue_id": 0,
                "ad_aggregator_id": 2,
                "ad_actor_oper_port_state": 69,
                "ad_actor_oper_port_state_str": ["active", "aggregating", "defaulted"],
                "ad_partner_oper_port_state": 1,
            },
        },
    },
    {
        "ifindex": 4,
        "ifname": "bond0",
        "flags": ["BROADCAST", "MULTICAST", "MASTER", "UP"],
        "mtu": 1500,
        "operstate": "DOWN",
        "link_type": "ether",
        "address": "52:54:00:00:00:10",
        "linkinfo": {
            "info_kind": "bond",
            "info_data": {
                "mode": "active-backup",
                "active_slave_index": 17,
                "miimon": 100,
                "arp_ip_target": ["10.0.0.1", "10.0.0.2"],
                "arp_validate": None,
                "primary": "eth1",
                "num_peer_notif": 2,
                "ad_lacp_active": "on",
                "ad_lacp_rate": "fast",
                "ad_info": {"aggregator": 1, "num_ports": 2, "partner_mac": "00:00:00:00:00:00"},
                "coupled_control": True,
            },
        },
    },
]


def test_pretty_json_with_line_numbers() -> None:
    text = json.dumps(JSON_LINKS, indent=4)
    result = parse(text, "ip_-d_-j_-p_link")
    assert result.diagnostics == []
    lines = text.split("\n")
    port = interfaces(result)["eth1"]
    assert lines[port.location.line - 1].strip() == '"ifname": "eth1",'
    assert plain(port.values) == {
        "admin": "up",
        "carrier": "down",
        "mtu": "1500",
        "operstate": "down",
        "master": "bond0",
        "mac": "52:54:00:00:00:11",
        "permaddr": "52:54:00:00:00:21",
        "slave_kind": "bond_slave",
        "slave_state": "backup",
        "mii_status": "going down",
        "link_failure_count": "4",
        "permanent_hw_addr": "52:54:00:00:00:21",
        "queue_id": "0",
        "ad_aggregator_id": "2",
        "ad_actor_oper_port_state": "69",
        "ad_partner_oper_port_state": "1",
    }
    assert set(lines_of(port.values).values()) == {port.location.line}
    bond = only_bond(result)
    assert lines[bond.location.line - 1].strip() == '"ifname": "bond0",'
    assert plain(bond.values) == {
        "mode": "active-backup",
        "active_port": "17",
        "miimon": "100",
        "arp_ip_target": "10.0.0.1,10.0.0.2",
        "arp_validate": "none",
        "primary": "eth1",
        "num_grat_arp": "2",
        "coupled_control": "on",
    }
    assert plain(bond.lacp) == {
        "lacp_active": "on",
        "lacp_rate": "fast",
        "aggregator_id": "1",
        "number_of_ports": "2",
        "partner_mac": "00:00:00:00:00:00",
    }
    assert "carrier" not in interfaces(result)["bond0"].values  # neither flag is set


def test_truncated_json_keeps_complete_objects() -> None:
    text = json.dumps(JSON_LINKS, indent=2)
    cut = text[: text.index('"ifname": "bond0"') + 10]
    result = parse(cut, "x")
    assert list(interfaces(result)) == ["eth1"]
    assert len(result.diagnostics) == 1
    assert "malformed JSON" in result.diagnostics[0].message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"ifname": "eth0"}', "not closed"),
        ('[{"ifname": 5}]', "without an ifname"),
        ('[{"ifname": "eth0"}, 2]', "not an interface"),
        ('[{"a": ' + "[" * 100_000, "malformed JSON"),  # deeper than the decoder recurses
    ],
)
def test_bad_json(text: str, message: str) -> None:
    result = parse(text, "x")
    assert message in result.diagnostics[0].message


def test_json_odd_values_are_skipped() -> None:
    item = {
        "ifname": "bond0@x",
        "flags": "UP",
        "mtu": {"a": 1},
        "linkinfo": {"info_kind": "bond", "info_data": {"mode": ["a", {"b": 1}], "miimon": 1.5}},
    }
    result = parse(json.dumps([item]), "x")
    assert interfaces(result)["bond0"].values["kind"].value == "bond"
    assert plain(only_bond(result).values) == {"miimon": "1.5"}


@pytest.mark.parametrize(
    ("path", "head", "expected"),
    [
        ("sos_commands/networking/ip_-s_-d_link", "", True),
        ("sos_commands/networking/ip_-d_address", "", True),
        ("sos_commands/networking/ip_-o_addr", "", True),
        ("sos_commands/networking/ip_address", "", True),
        ("sos_commands/networking/ip_link", "", True),
        ("capture/ip_-d_-j_link_show_bond0", "", True),
        ("capture/ip_link_show_peer-eth0", "", True),
        ("x/links.txt", "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue\n", True),
        ("x/links.json", '[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK"]}]', True),
        ("sos_commands/networking/ip_route", "default via 10.0.0.1 dev eth0\n", False),
        ("sos_commands/networking/ip_maddr", "1:\tlo\n", False),
        ("sos_commands/networking/ip_-br_link", "", False),
        ("x/proc_net_bonding_bond0", "Bonding Mode: load balancing (xor)\n", False),
    ],
)
def test_claims(path: str, head: str, expected: bool) -> None:
    assert claims(PurePosixPath(path), head) is expected


def test_format_name() -> None:
    assert ip_link.FORMAT == "ip-link"
    assert {fact.format for fact in parse(S_D_LINK, "x").facts} == {"ip-link"}


@pytest.mark.slow
def test_linear_time() -> None:
    """Eight times the interfaces, or a hostile line eight times as long, costs about
    eight times the time, not sixty-four (growth ratios, never seconds: tests/timing.py)."""
    block = (
        "{n}: eth{n}: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 master bond0 state UP\n"
        "    link/ether 52:54:00:00:00:01 brd ff:ff:ff:ff:ff:ff\n"
        "    bond_slave state ACTIVE mii_status UP link_failure_count 0 queue_id 0\n"
    )
    assert_parse_linear(parse, lambda count: "".join(block.format(n=n) for n in range(count)), 1_250)
    assert_parse_linear(parse, lambda n: "1: lo: <UP> mtu 1\n" + "x" * 2 * n + "\n" + "y\n" * n, 12_500)
    assert_parse_linear(parse, lambda n: "1: lo: <UP> " + "master " * n, 12_500)
    assert_parse_linear(parse, lambda count: json.dumps([{"ifname": f"e{n}"} for n in range(count)]), 2_500)


# --------------------------------------------------------------------------------------
# audit against iproute2's print functions across versions (ip/iplink_bond.c,
# ip/iplink_bond_slave.c): every spelling a real iproute2 printed reads the same


def test_iproute2_3_13_arp_all_target_and_numeric_mii_status() -> None:
    # iproute2 3.13 (2014): "arp_all_target" without the s (fixed by 32ad31fb) and the
    # port's mii_status printed twice, as a number first (fixed by 574e7488).
    text = (
        "5: bond0: <BROADCAST,MULTICAST,MASTER,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group "
        "default\n"
        "    link/ether 52:54:00:00:00:10 brd ff:ff:ff:ff:ff:ff promiscuity 0\n"
        "    bond mode active-backup miimon 100 updelay 0 downdelay 0 use_carrier 1 arp_interval 0 "
        "arp_validate none arp_all_target any primary_reselect always fail_over_mac none\n"
        "6: eth0: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast master bond0 state UP mode DEFAULT "
        "group default qlen 1000\n"
        "    link/ether 52:54:00:00:00:10 brd ff:ff:ff:ff:ff:ff promiscuity 0\n"
        "    bond_slave state BACKUP mii_status 2 mii_status DOWN link_failure_count 1 perm_hwaddr 52:54:00:00:00:10 "
        "queue_id 0\n"
    )
    result = parse(text, "ip_-d_link")
    assert result.diagnostics == []
    assert only_bond(result).values["arp_all_targets"].value == "any"
    assert interfaces(result)["eth0"].values["mii_status"].value == "down"


def test_iproute2_4_2_newline_after_oper_port_state() -> None:
    # iproute2 4.2-4.4 (2015): ad_actor/partner_oper_port_state ended with "\n" instead of
    # a blank (7d6bc3b8, fixed by e6c38e2c), so the rest of the line starts at column 0.
    text = (
        "3: eth0: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 qdisc mq master bond0 state UP mode DEFAULT group "
        "default qlen 1000\n"
        "    link/ether 52:54:00:00:00:10 brd ff:ff:ff:ff:ff:ff promiscuity 0 \n"
        "    bond_slave state ACTIVE mii_status UP link_failure_count 0 perm_hwaddr 52:54:00:00:00:10 queue_id 0 "
        "ad_aggregator_id 1 ad_actor_oper_port_state 61\n"
        "ad_partner_oper_port_state 63\n"
        "addrgenmode eui64 \n"
    )
    result = parse(text, "ip_-d_link")
    values = plain(interfaces(result)["eth0"].values)
    assert values["ad_actor_oper_port_state"] == "61"
    assert values["ad_partner_oper_port_state"] == "63"
    assert result.diagnostics == []


def test_hard_wrap_inside_a_number_is_still_glued() -> None:
    # A paste wrapped mid-value keeps being joined without a blank.
    text = (
        "3: eth0: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 master bond0 state UP\n"
        "    link/ether 52:54:00:00:00:10 brd ff:ff:ff:ff:ff:ff\n"
        "    bond_slave state ACTIVE mii_status UP link_failure_count 1\n"
        "2 queue_id 0\n"
    )
    assert interfaces(parse(text, "ip"))["eth0"].values["link_failure_count"].value == "12"


def test_iproute2_6_18_attributes_read_or_stepped_over() -> None:
    # iproute2 6.18 (2025): broadcast_neighbor (1f792493), actor_port_prio (41b981c1);
    # 2026: churn states by enum name (e092ff4c).
    text = (
        "7: bond0: <BROADCAST,MULTICAST,MASTER,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default "
        "qlen 1000\n"
        "    link/ether 52:54:00:00:00:10 brd ff:ff:ff:ff:ff:ff promiscuity 0 allmulti 0 minmtu 68 maxmtu 65535 \n"
        "    bond mode 802.3ad miimon 100 updelay 0 downdelay 0 peer_notify_delay 0 use_carrier 1 arp_interval 0 "
        "arp_missed_max 2 arp_validate none arp_all_targets any primary_reselect always fail_over_mac none "
        "xmit_hash_policy layer2 resend_igmp 1 num_grat_arp 1 all_slaves_active 0 min_links 0 lp_interval 1 "
        "packets_per_slave 1 lacp_active on lacp_rate slow coupled_control on broadcast_neighbor off "
        "ad_select stable \n"
        "8: eth0: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 qdisc noqueue master bond0 state UP mode DEFAULT "
        "group default qlen 1000\n"
        "    link/ether 52:54:00:00:00:10 brd ff:ff:ff:ff:ff:ff promiscuity 0 allmulti 0 minmtu 68 maxmtu 65535 \n"
        "    bond_slave state ACTIVE mii_status UP link_failure_count 0 perm_hwaddr 52:54:00:00:00:10 queue_id 0 "
        "prio 0 ad_aggregator_id 1 ad_actor_oper_port_state 61 ad_actor_oper_port_state_str "
        "<active,aggregating,in_sync,collecting,distributing> "
        "ad_partner_oper_port_state 61 ad_partner_oper_port_state_str "
        "<active,aggregating,in_sync,collecting,distributing> "
        "churn_actor_state NO_CHURN churn_partner_state MONITOR actor_port_prio 255 \n"
    )
    result = parse(text, "ip_-d_link")
    bond = only_bond(result)
    assert bond.values["coupled_control"].value == "on"
    assert bond.lacp["ad_select"].value == "stable"  # read past the unknown pair
    assert "broadcast_neighbor" not in bond.values  # not in the view schema: stepped over
    port = plain(interfaces(result)["eth0"].values)
    assert port["actor_churn_state"] == "none"
    assert port["partner_churn_state"] == "monitoring"
    assert "actor_port_prio" not in port


def test_json_new_attributes() -> None:
    # ip -j -d link (iproute2 6.18+): booleans for coupled_control/broadcast_neighbor.
    data = [
        {
            "ifname": "bond0",
            "flags": ["MASTER", "UP", "LOWER_UP"],
            "linkinfo": {
                "info_kind": "bond",
                "info_data": {"mode": "802.3ad", "coupled_control": True, "broadcast_neighbor": False},
            },
        },
        {
            "ifname": "eth0",
            "flags": ["SLAVE", "UP", "LOWER_UP"],
            "master": "bond0",
            "linkinfo": {
                "info_slave_kind": "bond_slave",
                "info_slave_data": {
                    "state": "ACTIVE",
                    "mii_status": "GOING_BACK",
                    "churn_actor_state": "CHURN",
                    "actor_port_prio": 255,
                },
            },
        },
    ]
    result = parse(json.dumps(data, indent=2), "ip_-j_-d_link")
    bond = only_bond(result)
    assert plain(bond.values) == {"mode": "802.3ad", "coupled_control": "on"}
    port = plain(interfaces(result)["eth0"].values)
    assert port["mii_status"] == "going back"
    assert port["actor_churn_state"] == "churned"
    assert "actor_port_prio" not in port
