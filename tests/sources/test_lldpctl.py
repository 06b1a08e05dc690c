"""Tests for the lldpctl/lldpcli neighbor parser: corpus, the four output forms, damage."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import Any

import pytest
from conftest import corpus_path, manifest_rows
from harness import check
from hypothesis import given, settings
from hypothesis import strategies as st
from timing import assert_parse_linear

from bondlint.sources import lldpctl
from bondlint.sources.base import LldpNeighbor, ParseResult
from bondlint.sources.lldpctl import claims, parse

LLDP_HOST = "lldp-host"

# --------------------------------------------------------------------------------------
# helpers


def neighbors(result: ParseResult) -> list[LldpNeighbor]:
    facts = [fact for fact in result.facts if isinstance(fact, LldpNeighbor)]
    assert len(facts) == len(result.facts)
    return facts


def by_interface(result: ParseResult) -> dict[str, LldpNeighbor]:
    """Neighbors keyed by local interface (fails when one interface has several)."""
    facts = neighbors(result)
    table = {fact.local_interface.value: fact for fact in facts}
    assert len(table) == len(facts), [fact.local_interface.value for fact in facts]
    return table


def plain(fact: LldpNeighbor) -> dict[str, str]:
    return {key: item.value for key, item in fact.values.items()}


def lines_of(fact: LldpNeighbor) -> dict[str, int]:
    return {key: item.location.line for key, item in fact.values.items()}


def summary(result: ParseResult) -> list[tuple[str, dict[str, str]]]:
    """(interface, values) per neighbor in order, locations dropped."""
    return [(fact.local_interface.value, plain(fact)) for fact in neighbors(result)]


def corpus_text(name: str) -> str:
    return corpus_path("switch", LLDP_HOST, name).read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------
# 1. the real captures (netbox-agent fixtures)

# Read off the files and their MANIFEST descriptions; None = the key must be absent.
CORPUS_EXPECTED: dict[str, dict[str, dict[str, str | None]]] = {
    "netbox-agent-lldpctl-keyvalue-cumulus.txt": {
        "eno1": {
            "chassis_name": "toto-chassis.dc42",
            "chassis_id": "e4:f0:04:b6:47:32",
            "chassis_id_type": "mac",
            "port_id": "swp46",
            "port_id_type": "ifname",
            "port_descr": "BXVWNR2:lom2",
            "switch_port": "swp46",
            "mgmt_ip": "10.160.20.18",
            "capabilities": "bridge,router",
            "ttl": "120",
            "chassis_descr": "Cumulus Linux version 3.7.3 running on Dell EMC S4100",
            "pvid": None,
            "mfs": None,
            "aggregation": None,
        },
        "eno2d1": {
            # The hand edit turned this block's chassis.name into an eno1 line.
            "chassis_name": None,
            "chassis_id": "e4:f0:04:b6:4e:32",
            "port_descr": "BXVWNR2:lom1",
            "switch_port": "swp46",
            "mgmt_ip": "10.160.20.17",
            "pvid": None,
            "mfs": None,
            "aggregation": None,
        },
    },
    "netbox-agent-lldpctl-keyvalue-dedibox1.txt": {
        "enp1s0f0": {
            "chassis_name": "s120-f3-2.itx4",
            "switch_port": "RJ-9",
            "port_id_type": "ifname",
            "ttl": "120",  # lldpd before 1.0 printed the TTL under port.
            "mgmt_ip": "10.48.16.15",
            "pvid": None,
            "mfs": None,
            "aggregation": None,
            "capabilities": None,
        },
    },
    "netbox-agent-lldpctl-keyvalue-dedibox2.txt": {
        "eno1": {
            "chassis_name": "s35-b12.dc3",
            "switch_port": "Gi1/0/29",
            "port_descr": "GigabitEthernet1/0/29",
            "pvid": "140",
            "vlans": "140",
            "capabilities": "bridge",
            "mgmt_ip": "10.43.31.35",
            "chassis_descr": (
                "Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), "
                "Version 15.0(2a)EX5, RELEASE SOFTWARE (fc3)"
            ),
            "mfs": None,
            "aggregation": None,
        },
    },
    "netbox-agent-lldpctl-keyvalue-qfx.txt": {
        "eth0": {
            "chassis_name": "sw-filer-f06.dc42",
            "port_id": "512",
            "port_id_type": "local",
            "switch_port": "xe-0/0/1",
            "mfs": "1514",
            "pvid": "296",
            "vlans": "296",
            "aggregation": None,
        },
        "eth1": {
            "chassis_name": "sw-filer-f05.dc42",
            "chassis_id": "40:a6:77:7c:fb:20",
            "switch_port": "xe-0/0/1",
            "mfs": "1514",
            "pvid": "296",
            "aggregation": None,
        },
    },
    "netbox-agent-lldpctl-keyvalue-vlan223.txt": {
        "eth0": {"vlans": "300", "pvid": "300", "switch_port": None, "chassis_name": None},
        "eth1": {"vlans": "300", "pvid": None, "switch_port": None},
    },
}


@pytest.mark.parametrize("name", sorted(CORPUS_EXPECTED))
def test_corpus_file(name: str) -> None:
    result = parse(corpus_text(name), name)
    table = by_interface(result)
    assert sorted(table) == sorted(CORPUS_EXPECTED[name])
    for interface, expected in CORPUS_EXPECTED[name].items():
        values = plain(table[interface])
        for key, want in expected.items():
            assert values.get(key) == want, f"{interface}.{key}"
    # Only the hand-edited Cumulus capture has anything to report.
    if "cumulus" not in name:
        assert result.diagnostics == []


def test_every_corpus_file_is_covered() -> None:
    folder = corpus_path("switch", LLDP_HOST)
    assert sorted(path.name for path in folder.iterdir()) == sorted(CORPUS_EXPECTED)


def test_every_corpus_file_is_claimed_by_name_and_by_content() -> None:
    for name in CORPUS_EXPECTED:
        head = corpus_text(name)[:1024]
        assert claims(PurePosixPath(name), head)
        assert claims(PurePosixPath("capture.txt"), head)


def lldp_host_rows() -> list[dict[str, Any]]:
    """MANIFEST rows of the lldp-host folder (they carry no [tag] prefix to select by)."""
    return [row for row in manifest_rows("switch") if row["file"].startswith(LLDP_HOST + "/")]


def netbox_projection(result: ParseResult, call: str) -> Any:
    """netbox-agent's LLDP accessors, rebuilt from our facts.

    ``get_switch_port(if)`` -> the switch port name; ``get_switch_vlan(if)`` ->
    ``{vid: {"pvid": True}}`` for the PVID and ``{vid: {}}`` for the other VLANs.
    """
    match = re.fullmatch(r"(\w+)\((.+)\)", call)
    assert match, f"unknown manifest key {call!r}"
    function, interface = match.groups()
    fact = by_interface(result)[interface]
    values = plain(fact)
    if function == "get_switch_port":
        return values.get("switch_port")
    if function == "get_switch_vlan":
        pvid = values.get("pvid")
        vlans = [vid for vid in values.get("vlans", "").split(",") if vid]
        return {vid: ({"pvid": True} if vid == pvid else {}) for vid in vlans}
    raise AssertionError(f"manifest key {call!r}: no projection for {function}")


def test_manifest_expected_values() -> None:
    corpus_path("switch", "MANIFEST.tsv")  # skips without the shared corpus
    rows = [row for row in lldp_host_rows() if row["expected_json"]]
    checked = 0
    for row in rows:
        path = corpus_path("switch", row["file"])
        result = parse(path.read_text(encoding="utf-8"), row["file"])
        for call, want in row["expected_json"].items():
            assert netbox_projection(result, call) == want, f"{row['file']}: {call}"
            checked += 1
    assert checked == 4  # dedibox1 port, qfx port, vlan223 eth0 and eth1


def test_cumulus_stray_line_is_reported_and_kept_with_its_interface() -> None:
    name = "netbox-agent-lldpctl-keyvalue-cumulus.txt"
    result = parse(corpus_text(name), name)
    table = by_interface(result)
    # Line 33 (lldp.eno1.chassis.name inside the eno2d1 block) neither splits eno2d1
    # nor opens a second eno1 neighbor; it repeats eno1's value, so line 5 stays.
    assert len(result.facts) == 2
    assert table["eno1"].values["chassis_name"].location.line == 5
    assert table["eno2d1"].location.line == 29
    assert table["eno2d1"].values["mgmt_ip"].location.line == 36
    assert [d.location.line for d in result.diagnostics] == [33]
    assert "eno1" in result.diagnostics[0].message
    assert "eno2d1" in result.diagnostics[0].message


def test_continuation_lines_attach_to_the_previous_key() -> None:
    name = "netbox-agent-lldpctl-keyvalue-dedibox2.txt"
    result = parse(corpus_text(name), name)
    assert result.diagnostics == []
    eno1 = by_interface(result)["eno1"]
    assert lines_of(eno1)["chassis_descr"] == 6
    assert lines_of(eno1)["mgmt_ip"] == 10  # the first key after three run-on lines
    assert lines_of(eno1)["pvid"] == 24
    assert lines_of(eno1)["switch_port"] == 13
    assert eno1.location.line == 1


def test_junos_local_port_id_uses_the_description_and_its_line() -> None:
    name = "netbox-agent-lldpctl-keyvalue-qfx.txt"
    eth1 = by_interface(parse(corpus_text(name), name))["eth1"]
    assert eth1.values["switch_port"].value == "xe-0/0/1"
    assert eth1.values["switch_port"].location.line == 30
    assert eth1.values["port_id"].location.line == 29
    assert eth1.local_interface.location.line == 20


def test_comment_and_blank_line_in_hand_edited_fragment() -> None:
    name = "netbox-agent-lldpctl-keyvalue-vlan223.txt"
    result = parse(corpus_text(name), name)
    assert result.diagnostics == []
    assert by_interface(result)["eth1"].location.line == 6


# --------------------------------------------------------------------------------------
# 2. one neighbor set in all four forms
#
# eth0: Arista leaf (ifname port, LAG member, two VLANs, PVID 10, jumbo MFS);
# eth1: a Cisco switch (multi-line SysDescr, PVID-only VLAN TLV) and, on the same
#       interface, a Linux host (MAC port ID, ifname-like PortDescr);
# eth2: Junos QFX (ifIndex as a local port ID, name only in PortDescr).

KEYVALUE = """\
lldp.eth0.via=LLDP
lldp.eth0.rid=1
lldp.eth0.age=0 day, 02:11:40
lldp.eth0.chassis.mac=28:99:3a:4d:12:01
lldp.eth0.chassis.name=leaf1a.dc1
lldp.eth0.chassis.descr=Arista Networks EOS version 4.27.0F running on an Arista Networks DCS-7050SX3-48YC8
lldp.eth0.chassis.mgmt-ip=192.0.2.11
lldp.eth0.chassis.mgmt-iface=999001
lldp.eth0.chassis.mgmt-ip=2001:db8::11
lldp.eth0.chassis.mgmt-iface=999001
lldp.eth0.chassis.Bridge.enabled=on
lldp.eth0.chassis.Router.enabled=on
lldp.eth0.port.ifname=Ethernet5
lldp.eth0.port.descr=server42 bond0 port 1
lldp.eth0.port.ttl=120
lldp.eth0.port.mfs=9236
lldp.eth0.port.aggregation=1000005
lldp.eth0.port.auto-negotiation.supported=no
lldp.eth0.port.auto-negotiation.enabled=no
lldp.eth0.port.auto-negotiation.current=10GigBaseLR - R fiber over 1310 nm optics
lldp.eth0.vlan.vlan-id=10
lldp.eth0.vlan.pvid=yes
lldp.eth0.vlan=servers
lldp.eth0.vlan.vlan-id=20
lldp.eth0.vlan=storage
lldp.eth1.via=LLDP
lldp.eth1.rid=2
lldp.eth1.age=0 day, 02:11:38
lldp.eth1.chassis.mac=70:0f:6a:11:22:80
lldp.eth1.chassis.name=sw2.dc1
lldp.eth1.chassis.descr=Cisco IOS Software [Amsterdam], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.3.4, \
RELEASE SOFTWARE (fc3)
Technical Support: http://www.cisco.com/techsupport
Copyright (c) 1986-2021 by Cisco Systems, Inc.
Compiled Fri 10-Sep-21 10:55 by mcpre
lldp.eth1.chassis.mgmt-ip=192.0.2.2
lldp.eth1.chassis.Bridge.enabled=on
lldp.eth1.chassis.Router.enabled=off
lldp.eth1.port.ifname=Te1/0/5
lldp.eth1.port.descr=TenGigabitEthernet1/0/5
lldp.eth1.port.ttl=120
lldp.eth1.vlan.vlan-id=10
lldp.eth1.vlan.pvid=yes
lldp.eth1.via=LLDP
lldp.eth1.rid=3
lldp.eth1.age=0 day, 00:42:05
lldp.eth1.chassis.mac=52:54:00:ab:cd:ef
lldp.eth1.chassis.name=host-b.example.net
lldp.eth1.chassis.descr=Debian GNU/Linux 12 (bookworm) Linux 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 \
(2024-02-01) x86_64
lldp.eth1.chassis.mgmt-ip=198.51.100.7
lldp.eth1.chassis.Bridge.enabled=off
lldp.eth1.chassis.Router.enabled=off
lldp.eth1.chassis.Wlan.enabled=off
lldp.eth1.chassis.Station.enabled=on
lldp.eth1.port.mac=52:54:00:ab:cd:ef
lldp.eth1.port.descr=ens3
lldp.eth1.port.ttl=120
lldp.eth2.via=LLDP
lldp.eth2.rid=4
lldp.eth2.age=12 days, 04:00:10
lldp.eth2.chassis.mac=40:a6:77:7a:72:00
lldp.eth2.chassis.name=qfx-a.dc1
lldp.eth2.chassis.descr=Juniper Networks, Inc. qfx5100-48s-6q Ethernet Switch, kernel JUNOS 18.4R2-S5.4, \
Build date: 2020-07-22 23:09:51 UTC Copyright (c) 1996-2020 Juniper Networks, Inc.
lldp.eth2.chassis.mgmt-ip=192.0.2.30
lldp.eth2.chassis.Bridge.enabled=on
lldp.eth2.chassis.Router.enabled=on
lldp.eth2.port.local=512
lldp.eth2.port.descr=xe-0/0/1
lldp.eth2.port.ttl=120
lldp.eth2.port.mfs=1514
lldp.eth2.vlan.vlan-id=296
lldp.eth2.vlan.pvid=yes
lldp.eth2.vlan=vlan-296
"""

# lldpcli show neighbors details (trailing blanks of the padded labels left out).
DETAILS = """\
-------------------------------------------------------------------------------
LLDP neighbors:
-------------------------------------------------------------------------------
Interface:    eth0, via: LLDP, RID: 1, Time: 0 day, 02:11:40
  Chassis:
    ChassisID:    mac 28:99:3a:4d:12:01
    SysName:      leaf1a.dc1
    SysDescr:     Arista Networks EOS version 4.27.0F running on an Arista Networks DCS-7050SX3-48YC8
    MgmtIP:       192.0.2.11
    MgmtIface:    999001
    MgmtIP:       2001:db8::11
    MgmtIface:    999001
    Capability:   Bridge, on
    Capability:   Router, on
  Port:
    PortID:       ifname Ethernet5
    PortDescr:    server42 bond0 port 1
    TTL:          120
    MFS:          9236
    Port is aggregated. PortAggregID: 1000005
    PMD autoneg:  supported: no, enabled: no
      MAU oper type: 10GigBaseLR - R fiber over 1310 nm optics
  VLAN:         10, pvid: yes servers
  VLAN:         20 storage
-------------------------------------------------------------------------------
Interface:    eth1, via: LLDP, RID: 2, Time: 0 day, 02:11:38
  Chassis:
    ChassisID:    mac 70:0f:6a:11:22:80
    SysName:      sw2.dc1
    SysDescr:     Cisco IOS Software [Amsterdam], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.3.4, \
RELEASE SOFTWARE (fc3)
                  Technical Support: http://www.cisco.com/techsupport
                  Copyright (c) 1986-2021 by Cisco Systems, Inc.
                  Compiled Fri 10-Sep-21 10:55 by mcpre
    MgmtIP:       192.0.2.2
    Capability:   Bridge, on
    Capability:   Router, off
  Port:
    PortID:       ifname Te1/0/5
    PortDescr:    TenGigabitEthernet1/0/5
    TTL:          120
  VLAN:         10, pvid: yes
-------------------------------------------------------------------------------
Interface:    eth1, via: LLDP, RID: 3, Time: 0 day, 00:42:05
  Chassis:
    ChassisID:    mac 52:54:00:ab:cd:ef
    SysName:      host-b.example.net
    SysDescr:     Debian GNU/Linux 12 (bookworm) Linux 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 \
(2024-02-01) x86_64
    MgmtIP:       198.51.100.7
    Capability:   Bridge, off
    Capability:   Router, off
    Capability:   Wlan, off
    Capability:   Station, on
  Port:
    PortID:       mac 52:54:00:ab:cd:ef
    PortDescr:    ens3
    TTL:          120
-------------------------------------------------------------------------------
Interface:    eth2, via: LLDP, RID: 4, Time: 12 days, 04:00:10
  Chassis:
    ChassisID:    mac 40:a6:77:7a:72:00
    SysName:      qfx-a.dc1
    SysDescr:     Juniper Networks, Inc. qfx5100-48s-6q Ethernet Switch, kernel JUNOS 18.4R2-S5.4, \
Build date: 2020-07-22 23:09:51 UTC Copyright (c) 1996-2020 Juniper Networks, Inc.
    MgmtIP:       192.0.2.30
    Capability:   Bridge, on
    Capability:   Router, on
  Port:
    PortID:       local 512
    PortDescr:    xe-0/0/1
    TTL:          120
    MFS:          1514
  VLAN:         296, pvid: yes vlan-296
-------------------------------------------------------------------------------
"""

# lldpcli -f json: several neighbors, so "interface" stays a list; one-item lists
# (eth1's single mgmt-ip, its single VLAN) collapse; SysName is hoisted into a key.
JSON = """\
{
  "lldp": {
    "interface": [
      {
        "eth0": {
          "via": "LLDP",
          "rid": "1",
          "age": "0 day, 02:11:40",
          "chassis": {
            "leaf1a.dc1": {
              "id": {
                "type": "mac",
                "value": "28:99:3a:4d:12:01"
              },
              "descr": "Arista Networks EOS version 4.27.0F running on an Arista Networks DCS-7050SX3-48YC8",
              "mgmt-ip": [
                "192.0.2.11",
                "2001:db8::11"
              ],
              "mgmt-iface": [
                "999001",
                "999001"
              ],
              "capability": [
                {
                  "type": "Bridge",
                  "enabled": true
                },
                {
                  "type": "Router",
                  "enabled": true
                }
              ]
            }
          },
          "port": {
            "id": {
              "type": "ifname",
              "value": "Ethernet5"
            },
            "descr": "server42 bond0 port 1",
            "ttl": "120",
            "mfs": "9236",
            "aggregation": "1000005",
            "auto-negotiation": {
              "supported": false,
              "enabled": false,
              "current": "10GigBaseLR - R fiber over 1310 nm optics"
            }
          },
          "vlan": [
            {
              "vlan-id": "10",
              "pvid": true,
              "value": "servers"
            },
            {
              "vlan-id": "20",
              "value": "storage"
            }
          ]
        }
      },
      {
        "eth1": {
          "via": "LLDP",
          "rid": "2",
          "age": "0 day, 02:11:38",
          "chassis": {
            "sw2.dc1": {
              "id": {
                "type": "mac",
                "value": "70:0f:6a:11:22:80"
              },
              "descr": "Cisco IOS Software [Amsterdam], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.3.4, \
RELEASE SOFTWARE (fc3)\\nTechnical Support: http://www.cisco.com/techsupport\\nCopyright (c) 1986-2021 by Cisco \
Systems, Inc.\\nCompiled Fri 10-Sep-21 10:55 by mcpre",
              "mgmt-ip": "192.0.2.2",
              "capability": [
                {
                  "type": "Bridge",
                  "enabled": true
                },
                {
                  "type": "Router",
                  "enabled": false
                }
              ]
            }
          },
          "port": {
            "id": {
              "type": "ifname",
              "value": "Te1/0/5"
            },
            "descr": "TenGigabitEthernet1/0/5",
            "ttl": "120"
          },
          "vlan": {
            "vlan-id": "10",
            "pvid": true
          }
        }
      },
      {
        "eth1": {
          "via": "LLDP",
          "rid": "3",
          "age": "0 day, 00:42:05",
          "chassis": {
            "host-b.example.net": {
              "id": {
                "type": "mac",
                "value": "52:54:00:ab:cd:ef"
              },
              "descr": "Debian GNU/Linux 12 (bookworm) Linux 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 \
(2024-02-01) x86_64",
              "mgmt-ip": "198.51.100.7",
              "capability": [
                {
                  "type": "Bridge",
                  "enabled": false
                },
                {
                  "type": "Router",
                  "enabled": false
                },
                {
                  "type": "Wlan",
                  "enabled": false
                },
                {
                  "type": "Station",
                  "enabled": true
                }
              ]
            }
          },
          "port": {
            "id": {
              "type": "mac",
              "value": "52:54:00:ab:cd:ef"
            },
            "descr": "ens3",
            "ttl": "120"
          }
        }
      },
      {
        "eth2": {
          "via": "LLDP",
          "rid": "4",
          "age": "12 days, 04:00:10",
          "chassis": {
            "qfx-a.dc1": {
              "id": {
                "type": "mac",
                "value": "40:a6:77:7a:72:00"
              },
              "descr": "Juniper Networks, Inc. qfx5100-48s-6q Ethernet Switch, kernel JUNOS 18.4R2-S5.4, \
Build date: 2020-07-22 23:09:51 UTC Copyright (c) 1996-2020 Juniper Networks, Inc.",
              "mgmt-ip": "192.0.2.30",
              "capability": [
                {
                  "type": "Bridge",
                  "enabled": true
                },
                {
                  "type": "Router",
                  "enabled": true
                }
              ]
            }
          },
          "port": {
            "id": {
              "type": "local",
              "value": "512"
            },
            "descr": "xe-0/0/1",
            "ttl": "120",
            "mfs": "1514"
          },
          "vlan": {
            "vlan-id": "296",
            "pvid": true,
            "value": "vlan-296"
          }
        }
      }
    ]
  }
}
"""

# lldpcli -f json0: every element a list, every leaf a {"value": …} object, "name" kept.
JSON0 = """\
{
  "lldp": [
    {
      "interface": [
        {
          "name": "eth0",
          "via": "LLDP",
          "rid": "1",
          "age": "0 day, 02:11:40",
          "chassis": [
            {
              "id": [{"type": "mac", "value": "28:99:3a:4d:12:01"}],
              "name": [{"value": "leaf1a.dc1"}],
              "descr": [{"value": "Arista Networks EOS version 4.27.0F running on an Arista Networks \
DCS-7050SX3-48YC8"}],
              "mgmt-ip": [{"value": "192.0.2.11"}, {"value": "2001:db8::11"}],
              "mgmt-iface": [{"value": "999001"}, {"value": "999001"}],
              "capability": [
                {"type": "Bridge", "enabled": true},
                {"type": "Router", "enabled": true}
              ]
            }
          ],
          "port": [
            {
              "id": [{"type": "ifname", "value": "Ethernet5"}],
              "descr": [{"value": "server42 bond0 port 1"}],
              "ttl": [{"value": "120"}],
              "mfs": [{"value": "9236"}],
              "aggregation": [{"value": "1000005"}],
              "auto-negotiation": [
                {
                  "supported": false,
                  "enabled": false,
                  "current": [{"value": "10GigBaseLR - R fiber over 1310 nm optics"}]
                }
              ]
            }
          ],
          "vlan": [
            {"vlan-id": "10", "pvid": true, "value": "servers"},
            {"vlan-id": "20", "value": "storage"}
          ]
        },
        {
          "name": "eth1",
          "via": "LLDP",
          "rid": "2",
          "age": "0 day, 02:11:38",
          "chassis": [
            {
              "id": [{"type": "mac", "value": "70:0f:6a:11:22:80"}],
              "name": [{"value": "sw2.dc1"}],
              "descr": [{"value": "Cisco IOS Software [Amsterdam], Catalyst L3 Switch Software (CAT9K_IOSXE), \
Version 17.3.4, RELEASE SOFTWARE (fc3)\\nTechnical Support: http://www.cisco.com/techsupport\\nCopyright (c) \
1986-2021 by Cisco Systems, Inc.\\nCompiled Fri 10-Sep-21 10:55 by mcpre"}],
              "mgmt-ip": [{"value": "192.0.2.2"}],
              "capability": [
                {"type": "Bridge", "enabled": true},
                {"type": "Router", "enabled": false}
              ]
            }
          ],
          "port": [
            {
              "id": [{"type": "ifname", "value": "Te1/0/5"}],
              "descr": [{"value": "TenGigabitEthernet1/0/5"}],
              "ttl": [{"value": "120"}]
            }
          ],
          "vlan": [
            {"vlan-id": "10", "pvid": true}
          ]
        },
        {
          "name": "eth1",
          "via": "LLDP",
          "rid": "3",
          "age": "0 day, 00:42:05",
          "chassis": [
            {
              "id": [{"type": "mac", "value": "52:54:00:ab:cd:ef"}],
              "name": [{"value": "host-b.example.net"}],
              "descr": [{"value": "Debian GNU/Linux 12 (bookworm) Linux 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian \
6.1.76-1 (2024-02-01) x86_64"}],
              "mgmt-ip": [{"value": "198.51.100.7"}],
              "capability": [
                {"type": "Bridge", "enabled": false},
                {"type": "Router", "enabled": false},
                {"type": "Wlan", "enabled": false},
                {"type": "Station", "enabled": true}
              ]
            }
          ],
          "port": [
            {
              "id": [{"type": "mac", "value": "52:54:00:ab:cd:ef"}],
              "descr": [{"value": "ens3"}],
              "ttl": [{"value": "120"}]
            }
          ]
        },
        {
          "name": "eth2",
          "via": "LLDP",
          "rid": "4",
          "age": "12 days, 04:00:10",
          "chassis": [
            {
              "id": [{"type": "mac", "value": "40:a6:77:7a:72:00"}],
              "name": [{"value": "qfx-a.dc1"}],
              "descr": [{"value": "Juniper Networks, Inc. qfx5100-48s-6q Ethernet Switch, kernel JUNOS 18.4R2-S5.4, \
Build date: 2020-07-22 23:09:51 UTC Copyright (c) 1996-2020 Juniper Networks, Inc."}],
              "mgmt-ip": [{"value": "192.0.2.30"}],
              "capability": [
                {"type": "Bridge", "enabled": true},
                {"type": "Router", "enabled": true}
              ]
            }
          ],
          "port": [
            {
              "id": [{"type": "local", "value": "512"}],
              "descr": [{"value": "xe-0/0/1"}],
              "ttl": [{"value": "120"}],
              "mfs": [{"value": "1514"}]
            }
          ],
          "vlan": [
            {"vlan-id": "296", "pvid": true, "value": "vlan-296"}
          ]
        }
      ]
    }
  ]
}
"""

CISCO_DESCR = (
    "Cisco IOS Software [Amsterdam], Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.3.4, RELEASE SOFTWARE (fc3)"
)
EXPECTED_SET: list[tuple[str, dict[str, str]]] = [
    (
        "eth0",
        {
            "chassis_id": "28:99:3a:4d:12:01",
            "chassis_id_type": "mac",
            "chassis_name": "leaf1a.dc1",
            "chassis_descr": ("Arista Networks EOS version 4.27.0F running on an Arista Networks DCS-7050SX3-48YC8"),
            "mgmt_ip": "192.0.2.11",
            "capabilities": "bridge,router",
            "port_id": "Ethernet5",
            "port_id_type": "ifname",
            "port_descr": "server42 bond0 port 1",
            "ttl": "120",
            "mfs": "9236",
            "aggregation": "1000005",
            "pvid": "10",
            "vlans": "10,20",
            "switch_port": "Ethernet5",
        },
    ),
    (
        "eth1",
        {
            "chassis_id": "70:0f:6a:11:22:80",
            "chassis_id_type": "mac",
            "chassis_name": "sw2.dc1",
            "chassis_descr": CISCO_DESCR,
            "mgmt_ip": "192.0.2.2",
            "capabilities": "bridge",
            "port_id": "Te1/0/5",
            "port_id_type": "ifname",
            "port_descr": "TenGigabitEthernet1/0/5",
            "ttl": "120",
            "pvid": "10",
            "vlans": "10",
            "switch_port": "Te1/0/5",
        },
    ),
    (
        "eth1",
        {
            "chassis_id": "52:54:00:ab:cd:ef",
            "chassis_id_type": "mac",
            "chassis_name": "host-b.example.net",
            "chassis_descr": (
                "Debian GNU/Linux 12 (bookworm) Linux 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC "
                "Debian 6.1.76-1 (2024-02-01) x86_64"
            ),
            "mgmt_ip": "198.51.100.7",
            "capabilities": "station",
            "port_id": "52:54:00:ab:cd:ef",
            "port_id_type": "mac",
            "port_descr": "ens3",
            "ttl": "120",
            "switch_port": "ens3",
        },
    ),
    (
        "eth2",
        {
            "chassis_id": "40:a6:77:7a:72:00",
            "chassis_id_type": "mac",
            "chassis_name": "qfx-a.dc1",
            "chassis_descr": (
                "Juniper Networks, Inc. qfx5100-48s-6q Ethernet Switch, kernel JUNOS "
                "18.4R2-S5.4, Build date: 2020-07-22 23:09:51 UTC Copyright (c) 1996-2020 "
                "Juniper Networks, Inc."
            ),
            "mgmt_ip": "192.0.2.30",
            "capabilities": "bridge,router",
            "port_id": "512",
            "port_id_type": "local",
            "port_descr": "xe-0/0/1",
            "ttl": "120",
            "mfs": "1514",
            "pvid": "296",
            "vlans": "296",
            "switch_port": "xe-0/0/1",
        },
    ),
]
FORMS = {"keyvalue": KEYVALUE, "details": DETAILS, "json": JSON, "json0": JSON0}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_each_form_gives_the_expected_neighbors(form: str) -> None:
    result = parse(FORMS[form], f"lldpcli-{form}")
    assert result.diagnostics == []
    assert summary(result) == EXPECTED_SET


def test_all_four_forms_agree() -> None:
    summaries = {form: summary(parse(text, form)) for form, text in FORMS.items()}
    assert summaries["details"] == summaries["keyvalue"]
    assert summaries["json"] == summaries["keyvalue"]
    assert summaries["json0"] == summaries["keyvalue"]


def test_hand_written_json_samples_have_the_writers_shapes() -> None:
    # Guard the hand-written JSON against typos: valid, and json0 has lists everywhere.
    assert isinstance(json.loads(JSON)["lldp"]["interface"], list)
    json0 = json.loads(JSON0)
    assert isinstance(json0["lldp"], list)
    assert all(isinstance(item["chassis"], list) for item in json0["lldp"][0]["interface"])


def test_keyvalue_line_numbers() -> None:
    facts = neighbors(parse(KEYVALUE, "kv"))
    eth0, cisco, host, eth2 = facts
    assert eth0.location.line == 1 and eth0.local_interface.location.line == 1
    assert lines_of(eth0)["mgmt_ip"] == 7
    assert lines_of(eth0)["capabilities"] == 11
    assert lines_of(eth0)["aggregation"] == 17
    assert lines_of(eth0)["vlans"] == 21 and lines_of(eth0)["pvid"] == 21
    assert cisco.location.line == 26
    assert lines_of(cisco)["mgmt_ip"] == 35  # after three run-on lines of SysDescr
    assert host.location.line == 43
    assert lines_of(host)["switch_port"] == 55  # port.descr, not port.mac
    assert lines_of(eth2)["switch_port"] == 67
    assert lines_of(eth2)["port_id"] == 66


def test_details_line_numbers() -> None:
    eth0, cisco, host, eth2 = neighbors(parse(DETAILS, "details"))
    assert eth0.location.line == 4
    assert lines_of(eth0)["chassis_id"] == 6
    assert lines_of(eth0)["aggregation"] == 20
    assert lines_of(eth0)["pvid"] == 23 and lines_of(eth0)["vlans"] == 23
    assert cisco.location.line == 26
    assert lines_of(cisco)["chassis_descr"] == 30
    assert lines_of(cisco)["mgmt_ip"] == 34
    assert host.location.line == 43
    assert eth2.location.line == 58
    assert lines_of(eth2)["switch_port"] == 68


def test_json_values_sit_at_the_interface_line() -> None:
    expected_lines = {"json": [5, 65, 104, 147], "json0": [6, 45, 73, 100]}
    for form, want in expected_lines.items():
        facts = neighbors(parse(FORMS[form], form))
        assert [fact.location.line for fact in facts] == want, form
        text_lines = FORMS[form].split("\n")
        for fact in facts:
            assert f'"{fact.local_interface.value}"' in text_lines[fact.location.line - 1]
            assert {item.location.line for item in fact.values.values()} == {fact.location.line}


# --------------------------------------------------------------------------------------
# 3. JSON shapes


def test_json_single_neighbor_collapses_everything() -> None:
    # One interface, one capability, one address: lldpcli -f json prints objects and
    # strings where json0 prints one-item lists.  The chassis has no SysName here, so
    # nothing is hoisted and the chassis object holds the fields directly.
    text = """\
{
  "lldp": {
    "interface": {
      "eno1": {
        "via": "LLDP",
        "rid": "1",
        "age": "3 days, 01:02:03",
        "chassis": {
          "id": {
            "type": "local",
            "value": "FOC1234X0AB"
          },
          "mgmt-ip": "10.0.0.5",
          "capability": {
            "type": "Bridge",
            "enabled": true
          }
        },
        "port": {
          "id": {
            "type": "local",
            "value": "Gi0/1"
          },
          "ttl": "120"
        }
      }
    }
  }
}
"""
    result = parse(text, "one.json")
    assert result.diagnostics == []
    (fact,) = neighbors(result)
    assert fact.location.line == 4
    assert plain(fact) == {
        "chassis_id": "FOC1234X0AB",
        "chassis_id_type": "local",
        "mgmt_ip": "10.0.0.5",
        "capabilities": "bridge",
        "port_id": "Gi0/1",
        "port_id_type": "local",
        "ttl": "120",
        "switch_port": "Gi0/1",  # local ID without a description: the ID itself
    }


def test_json_without_neighbors() -> None:
    for text in ('{\n  "lldp": {}\n}\n', '{"lldp": [{}]}', '{"lldp": [{"interface": []}]}'):
        assert parse(text, "empty.json") == ParseResult()


def test_json_two_documents_and_trailing_junk() -> None:
    port = '{"id": {"type": "ifname", "value": "swp1"}}'
    one = f'{{"lldp": {{"interface": {{"eth0": {{"port": {port}}}}}}}}}'
    port0 = '[{"id": [{"type": "ifname", "value": "swp2"}]}]'
    two = f'{{"lldp": [{{"interface": [{{"name": "eth1", "port": {port0}}}]}}]}}'
    assert json.loads(one) and json.loads(two)
    result = parse(f"{one}\n{two}\nlldpcli: done\n", "two.json")
    found = [(f.local_interface.value, plain(f)["switch_port"]) for f in neighbors(result)]
    assert found == [("eth0", "swp1"), ("eth1", "swp2")]
    assert [fact.location.line for fact in neighbors(result)] == [1, 2]
    assert [d.location.line for d in result.diagnostics] == [3]


def test_json_truncated_reports_the_line() -> None:
    text = "\n".join(JSON.split("\n")[:40])
    result = parse(text, "cut.json")
    assert result.facts == []
    assert len(result.diagnostics) == 1
    assert result.diagnostics[0].location.line == 40
    assert "not valid JSON" in result.diagnostics[0].message


def test_json_other_documents_and_deep_nesting() -> None:
    assert parse('{"lldp-x": 1}', "x").diagnostics[0].location.line == 1
    assert parse('{"lldp": [1, "a", null, {"interface": [3, {"eth0": 4}]}]}', "x").facts == []
    deep = "{" + '"lldp": ' + "[" * 100_000 + "]" * 100_000 + "}"
    result = parse(deep, "deep.json")
    assert result.facts == [] and len(result.diagnostics) == 1


def test_json_lines_fall_back_to_the_document_start() -> None:
    # Interface names written with escapes are not found in the text: document line.
    text = '\n\n{"lldp": {"interface": {"eth\\u0030": {"port": {"descr": "xe-0/0/2"}}}}}'
    (fact,) = neighbors(parse(text, "x"))
    assert fact.local_interface.value == "eth0"
    assert fact.location.line == 3


# --------------------------------------------------------------------------------------
# 4. keyvalue details


def test_dotted_interface_names() -> None:
    text = (
        "lldp.eth0.100.via=LLDP\n"
        "lldp.eth0.100.port.ifname=swp3\n"
        "lldp.vlan.200.chassis.name=sw9\n"
        "lldp.bond0.port.descr=x\n"
    )
    result = parse(text, "kv")
    assert result.diagnostics == []
    interfaces = [fact.local_interface.value for fact in neighbors(result)]
    assert interfaces == ["eth0.100", "vlan.200", "bond0"]


def test_several_neighbors_on_one_interface() -> None:
    text = (
        "lldp.eth0.via=LLDP\nlldp.eth0.rid=1\nlldp.eth0.chassis.name=a\n"
        "lldp.eth0.via=CDPv2\nlldp.eth0.rid=2\nlldp.eth0.chassis.name=b\n"
        # A deleted via line still splits on the repeated rid.
        "lldp.eth0.rid=3\nlldp.eth0.chassis.name=c\n"
    )
    result = parse(text, "kv")
    assert result.diagnostics == []
    facts = neighbors(result)
    assert [(f.location.line, f.values["chassis_name"].value) for f in facts] == [
        (1, "a"),
        (4, "b"),
        (7, "c"),
    ]


def test_bad_keyvalue_lines_are_reported_with_their_line() -> None:
    text = (
        "lldp.eth0.via=LLDP\n"
        "\n"
        "this is not keyvalue\n"
        "lldp.eth0.port.ifname\n"
        "lldp.=x\n"
        "lldp.eth0.chassis.name=sw1\n"
        "lldp.eth0.chassis.name=sw2\n"
        "# a comment\n"
        "lldp.eth0.port.ifname=Ethernet1\n"
    )
    result = parse(text, "kv")
    assert [d.location.line for d in result.diagnostics] == [3, 4, 5, 7]
    assert "not an lldp.<interface>.<key>=value line" in result.diagnostics[0].message
    assert "keeping the first" in result.diagnostics[3].message
    (fact,) = neighbors(result)
    assert plain(fact)["chassis_name"] == "sw1"
    assert plain(fact)["switch_port"] == "Ethernet1"


def test_diagnostics_are_capped() -> None:
    text = "lldp.eth0.via=LLDP\n\n" + "junk\n" * 500
    result = parse(text, "kv")
    assert len(result.diagnostics) == 21
    assert "480 more problems" in result.diagnostics[-1].message


def test_binary_lines_and_bom() -> None:
    text = "\ufefflldp.eth0.port.ifname=swp1\r\nlldp.eth0.\x00\x01=\r\n"
    result = parse(text, "kv")
    assert [(f.local_interface.value, plain(f)["switch_port"]) for f in neighbors(result)] == [("eth0", "swp1")]
    assert [d.location.line for d in result.diagnostics] == [2]
    assert "binary" in result.diagnostics[0].message


def test_capabilities_advertised_but_none_enabled() -> None:
    text = "lldp.eth0.chassis.Bridge.enabled=off\nlldp.eth0.chassis.Router.enabled=off\n"
    (fact,) = neighbors(parse(text, "kv"))
    assert fact.values["capabilities"].value == ""
    assert fact.values["capabilities"].location.line == 1


def test_vlan_without_id_or_pvid_without_vlan() -> None:
    text = (
        "lldp.eth0.vlan.pvid=yes\n"  # no VLAN to qualify yet
        "lldp.eth0.vlan.vlan-id=\n"
        "lldp.eth0.vlan.vlan-id=5\n"
        "lldp.eth0.vlan.vlan-id=5\n"
    )
    (fact,) = neighbors(parse(text, "kv"))
    assert plain(fact) == {"vlans": "5"}


def test_neighbor_with_only_its_opening_lines_is_dropped() -> None:
    assert parse("lldp.eth0.via=LLDP\nlldp.eth0.rid=1\n", "kv").facts == []


# --------------------------------------------------------------------------------------
# 5. text view details


def test_details_with_padding_blanks_and_crlf() -> None:
    padded = re.sub(r"^(  (?:Chassis|Port):)$", r"\1     ", DETAILS, flags=re.MULTILINE)
    assert padded != DETAILS
    result = parse(padded.replace("\n", "\r\n"), "details")
    assert result.diagnostics == []
    assert summary(result) == EXPECTED_SET


def test_details_summary_view_and_other_sections() -> None:
    text = """\
-------------------------------------------------------------------------------
LLDP interfaces:
-------------------------------------------------------------------------------
Interface:    eth0, via: unknown, Time: 0 day, 00:00:12
  Chassis:
    ChassisID:    mac 00:00:00:00:00:01
  Port:
    PortID:       mac 00:00:00:00:00:01
-------------------------------------------------------------------------------
LLDP neighbors:
-------------------------------------------------------------------------------
Interface:    eth1, via: LLDP
  Chassis:
    ChassisID:    mac 00:00:00:00:00:02
    SysName:      sw-b
  Port:
    PortID:       ifname swp7
    PortDescr:    to host-a
-------------------------------------------------------------------------------
"""
    result = parse(text, "details")
    # The local "interfaces" section is not a neighbor table: read as nothing, and no
    # diagnostic either (it is not damage: a BL000 would mislead).
    assert result.diagnostics == []
    (fact,) = neighbors(result)
    assert fact.local_interface.value == "eth1" and fact.location.line == 12
    assert plain(fact)["switch_port"] == "swp7"
    assert plain(fact)["chassis_name"] == "sw-b"


def test_details_without_header_and_med_capabilities() -> None:
    text = """\
Interface:    eth3, via: LLDP, RID: 9, Time: 0 day, 00:01:00
  Chassis:
    ChassisID:    ip 192.0.2.9
    Capability:   Bridge, on
  Port:
    PortID:       ifalias uplink-7
    PortDescr:    GigabitEthernet 0/7
  LLDP-MED:
    Device Type:  Network Connectivity Device
    Capability:   Capabilities, yes
    Capability:   Policy, yes
orphan line
"""
    result = parse(text, "details")
    (fact,) = neighbors(result)
    assert plain(fact)["capabilities"] == "bridge"
    assert plain(fact)["chassis_id_type"] == "ip"
    assert plain(fact)["switch_port"] == "GigabitEthernet 0/7"
    assert [d.location.line for d in result.diagnostics] == [12]


def test_details_field_outside_a_block() -> None:
    text = "-" * 79 + "\n    SysName:      lost\nInterface:    ,\n"
    result = parse(text, "details")
    assert result.facts == []
    assert [d.location.line for d in result.diagnostics] == [2, 3]


# --------------------------------------------------------------------------------------
# 6. switch port choice


@pytest.mark.parametrize(
    ("port_lines", "expected"),
    [
        ("port.ifname=swp46\nlldp.e.port.descr=BXVWNR2:lom2", "swp46"),
        ("port.local=512\nlldp.e.port.descr=xe-0/0/1", "xe-0/0/1"),
        ("port.local=512\nlldp.e.port.descr=uplink to core", "uplink to core"),
        ("port.local=512", "512"),
        ("port.mac=52:54:00:00:00:01\nlldp.e.port.descr=eth1", "eth1"),
        ("port.mac=52:54:00:00:00:01\nlldp.e.port.descr=BXVWNR2:lom1", "52:54:00:00:00:01"),
        ("port.ifalias=server-7\nlldp.e.port.descr=Ethernet1/1/3", "Ethernet1/1/3"),
        ("port.mac=aa:bb:cc:dd:ee:ff\nlldp.e.port.descr=24", "aa:bb:cc:dd:ee:ff"),
        ("port.descr=et-0/0/48:1", "et-0/0/48:1"),
        ("port.descr=just a description", None),
    ],
)
def test_switch_port_choice(port_lines: str, expected: str | None) -> None:
    (fact,) = neighbors(parse(f"lldp.e.{port_lines}\n", "kv"))
    assert plain(fact).get("switch_port") == expected


# --------------------------------------------------------------------------------------
# 7. claims and whole-file cases


@pytest.mark.parametrize(
    ("path", "head", "expected"),
    [
        ("sos_commands/lldp/lldpcli_show_neighbors_details", "", True),
        ("x/lldpctl-f_keyvalue", "", True),
        # "show lldp neighbors" is also a switch command: the name alone is not enough.
        ("x/lldp_neighbors.json", "", False),
        ("x/host-LLDP-Neighbors.txt", "", False),
        ("x/lldp_neighbors.json", '{"lldp": {}}', True),
        ("x/show_lldp_neighbors_detail.raw", "Capability codes:\n    (R) Router\n", False),
        ("x/lldpcli_show_interfaces", "", False),
        ("x/lldpcli_show_statistics", "", False),
        ("x/out.txt", "lldp.eth0.via=LLDP\nlldp.eth0.rid=1\n", True),
        ("x/out.txt", "\n# capture\nlldp.eth0.vlan.vlan-id=300\n", True),
        ("x/out.txt", "-" * 79 + "\nLLDP neighbors:\n" + "-" * 79 + "\n", True),
        ("x/out.txt", "-" * 79 + "\r\nLLDP neighbors:\r\n", True),
        ("x/out.txt", '{\n  "lldp": {\n    "interface": {', True),
        ("x/out.txt", '\ufeff{"lldp": [', True),
        ("x/out.txt", '{"lldpd": 1}', False),
        ("x/out.txt", "lldp.enabled=yes\n", False),
        ("x/out.txt", "-" * 79 + "\nLLDP statistics:\n", False),
        ("x/out.txt", "Bonding Mode: IEEE 802.3ad Dynamic link aggregation\n", False),
        ("x/out.txt", "", False),
    ],
)
def test_claims(path: str, head: str, expected: bool) -> None:
    assert claims(PurePosixPath(path), head) is expected


def test_format_name() -> None:
    assert lldpctl.FORMAT == "lldpctl"
    assert {fact.format for fact in neighbors(parse(KEYVALUE, "kv"))} == {"lldpctl"}


def test_empty_capture_means_no_neighbors() -> None:
    # lldpctl -f keyvalue prints nothing at all when no neighbor is known.
    assert parse("", "kv") == ParseResult()
    assert parse("\n  \n", "kv") == ParseResult()
    header_only = "-" * 79 + "\nLLDP neighbors:\n" + "-" * 79 + "\n"
    assert parse(header_only, "details") == ParseResult()


def test_unrelated_text_gives_one_diagnostic() -> None:
    result = parse("Bonding Mode: fault-tolerance (active-backup)\nMII Status: up\n", "x")
    assert result.facts == []
    assert [d.location.line for d in result.diagnostics] == [1]


@pytest.mark.slow
def test_linear_time() -> None:
    """Eight times the neighbors costs about eight times the time, not sixty-four, and so
    do long lines of dots or dashes (no regex backtracking): growth ratios, never seconds
    (tests/timing.py)."""

    def keyvalue(count: int) -> str:
        return "".join(KEYVALUE.replace("lldp.eth", f"lldp.p{n}eth") for n in range(count // 4))

    def as_json(count: int) -> str:
        body = json.loads(JSON)["lldp"]["interface"] * (count // 4)
        return json.dumps({"lldp": {"interface": body}}, indent=2)

    for text_of in (keyvalue, as_json):
        assert_parse_linear(parse, text_of, 250, "big")
    assert_parse_linear(parse, lambda n: "lldp." + "a." * n, 25_000)
    assert_parse_linear(parse, lambda n: "lldp." + "a." * n + "=1", 25_000)
    assert_parse_linear(parse, lambda n: "-" * n + "\n" + "Interface: " + " " * n, 50_000)
    claims(PurePosixPath("x"), "-" * 1000 + "\n")


# --------------------------------------------------------------------------------------
# 8. properties: never raise, always a well-formed result


SAMPLE_LINES = sorted({line for text in FORMS.values() for line in text.split("\n")})


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.lists(st.sampled_from(SAMPLE_LINES) | st.text(max_size=30), max_size=40),
    st.sampled_from(["\n", "\r\n"]),
)
def test_shuffled_sample_lines_never_raise(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    check(lldpctl, text, "fuzz")


JSON_KEYS = ["lldp", "interface", "name", "value", "chassis", "id", "type", "descr", "port"]
JSON_KEYS += ["vlan", "vlan-id", "pvid", "capability", "enabled", "mgmt-ip", "eth0", ""]
JSON_TREES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.sampled_from(JSON_KEYS) | st.text(max_size=4),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(JSON_KEYS), children, max_size=4),
    max_leaves=40,
)


@settings(max_examples=200, deadline=None, database=None)
@given(JSON_TREES, st.booleans())
def test_any_json_shape_under_lldp_never_raises(tree: object, indent: bool) -> None:
    text = json.dumps({"lldp": tree}, indent=2 if indent else None)
    check(lldpctl, text, "fuzz.json")


# --------------------------------------------------------------------------------------
# lldpd's own "lldpcli show interfaces": the host's interfaces, no neighbor

# The shape lldpd's client/display.c prints for "show interfaces" (the local port, its
# protocol "unknown", an administrative status, the host's own chassis): lldpd's
# documentation (lldpcli(8), "show interfaces") and the project's text writer.  Its
# chassis is the host itself: read as a neighbor it would "join" eno1 to the host's own
# eno1.
LOCAL_TEXT = """\
-------------------------------------------------------------------------------
LLDP interfaces:
-------------------------------------------------------------------------------
Interface:    eno1, via: unknown, Time: 0 day, 02:11:40
  Chassis:
    ChassisID:    mac 52:54:00:aa:bb:01
    SysName:      db01.example.org
    SysDescr:     Rocky Linux 9.3 Linux 5.14.0 x86_64
    MgmtIP:       192.0.2.11
    Capability:   Bridge, off
    Capability:   Station, on
  Port:
    PortID:       mac 52:54:00:aa:bb:01
    PortDescr:    eno1
  TTL:          120
-------------------------------------------------------------------------------
"""
LOCAL_KEYVALUE = """\
lldp.eno1.via=unknown
lldp.eno1.age=0 day, 02:11:40
lldp.eno1.chassis.mac=52:54:00:aa:bb:01
lldp.eno1.chassis.name=db01.example.org
lldp.eno1.port.mac=52:54:00:aa:bb:01
lldp.eno1.port.descr=eno1
lldp.eno1.ttl.ttl=120
lldp.eno2.status=RX and TX
lldp.eno2.chassis.mac=52:54:00:aa:bb:01
lldp.eno2.chassis.name=db01.example.org
lldp.eno2.port.ifname=eno2
"""
LOCAL_JSON = json.dumps(
    {
        "lldp": {
            "interface": {
                "eno1": {
                    "via": "unknown",
                    "age": "0 day, 02:11:40",
                    "chassis": {"db01.example.org": {"id": {"type": "mac", "value": "52:54:00:aa:bb:01"}}},
                    "port": {"id": {"type": "ifname", "value": "eno1"}, "descr": "eno1"},
                },
                "eno2": {
                    "status": "RX and TX",
                    "chassis": {"db01.example.org": {"id": {"type": "mac", "value": "52:54:00:aa:bb:01"}}},
                    "port": {"id": {"type": "ifname", "value": "eno2"}},
                },
            }
        }
    },
    indent=2,
)


@pytest.mark.parametrize("text", [LOCAL_TEXT, LOCAL_KEYVALUE, LOCAL_JSON], ids=["text", "keyvalue", "json"])
def test_show_interfaces_is_no_neighbor_table(text: str) -> None:
    # Claimed (so no other parser misreads it), under lldpd's name or by its content …
    assert claims(PurePosixPath("lldpcli_show_interfaces"), text[:1024])
    assert claims(PurePosixPath("capture.txt"), text[:1024])
    # … and read as nothing, without a diagnostic.
    result = parse(text, "lldpcli_show_interfaces")
    assert result.facts == []
    assert result.diagnostics == []


def test_a_neighbor_beside_local_interfaces_is_still_read() -> None:
    text = (
        LOCAL_KEYVALUE
        + "lldp.eno3.via=LLDP\nlldp.eno3.rid=2\nlldp.eno3.chassis.name=leaf1\nlldp.eno3.port.ifname=Ethernet7\n"
    )
    (fact,) = neighbors(parse(text, "kv"))
    assert fact.local_interface.value == "eno3"
    assert plain(fact)["switch_port"] == "Ethernet7"
