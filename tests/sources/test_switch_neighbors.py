"""Switch-side LLDP/CDP neighbor tables: corpus against ntc-templates and napalm, the
five text shapes, prompts, line numbers, claims and robustness."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from conftest import corpus_path, manifest_rows
from harness import check
from hypothesis import given, settings
from hypothesis import strategies as st
from timing import assert_parse_linear

from bondlint.sources import switch_neighbors
from bondlint.sources.base import LldpNeighbor, ParseResult
from bondlint.sources.switch_neighbors import claims, parse

SWITCH = "switch"

# --------------------------------------------------------------------------------------
# helpers


def neighbors(result: ParseResult) -> list[LldpNeighbor]:
    facts = [fact for fact in result.facts if isinstance(fact, LldpNeighbor)]
    assert len(facts) == len(result.facts)
    return facts


def plain(fact: LldpNeighbor) -> dict[str, str]:
    return {key: item.value for key, item in fact.values.items()}


def lines_of(fact: LldpNeighbor) -> dict[str, int]:
    return {key: item.location.line for key, item in fact.values.items()}


def canonical(name: str) -> str:
    from netutils.interface import canonical_interface_name

    return canonical_interface_name(name)


def mac(value: str) -> str:
    """Any 12-hex-digit MAC spelling -> lldpd's; other text unchanged."""
    digits = value.replace(".", "").replace(":", "").replace("-", "").lower()
    if len(digits) == 12 and all(c in "0123456789abcdef" for c in digits):
        return ":".join(digits[i : i + 2] for i in range(0, 12, 2))
    return value


def corpus_file(relative: str) -> Path:
    return corpus_path(SWITCH, *relative.split("/"))


def load_yaml(path: Path) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------
# 1. ntc-templates expectations, record by record and key by key

NTC_FILES = {
    "ios/ntc-cisco_ios-show_lldp_neighbors_detail1": "ios-lldp",
    "ios/ntc-cisco_ios-show_cdp_neighbors_detail": "cdp",
    "nxos/ntc-cisco_nxos-show_lldp_neighbors_detail": "nxos-lldp",
    "nxos/ntc-cisco_nxos-show_cdp_neighbors_detail": "cdp",
    "eos/ntc-arista_eos-show_lldp_neighbors_detail": "eos",
    "junos/ntc-juniper_junos-show_lldp_neighbors_ae7": "junos",
}

# Cisco's capability codes as lldpd names them (ntc keeps the codes as printed).
CODES = {"B": "bridge", "R": "router", "W": "wlan", "T": "tel", "S": "station", "O": "other"}

# ntc keys not compared, and why.  Every other key of every record is compared.
NTC_SKIPPED = {
    "platform": "CDP hardware model: no LLDP counterpart, not kept",
    "age": "time since the neighbor was heard: changes with every capture",
    "interface_ip": "CDP interface address: mgmt_ip only when no management address is given",
    # LLDP-MED inventory and PoE fields: not read; ntc leaves them empty in this corpus.
    **{
        key: "LLDP-MED/PoE detail, not read"
        for key in (
            "fw_revision",
            "hw_revision",
            "mac_address",
            "manufacturer",
            "serial",
            "sw_revision",
            "power_class",
            "power_device_type",
            "power_pair",
            "power_priority",
            "power_requested",
            "power_source",
        )
    },
}

# Where ntc and bondlint disagree on purpose: (file, record index, key) -> our value.
NTC_DIFFERENCES = {
    # EOS prints every management address; ntc keeps the last, bondlint the first (as lldpctl).
    ("eos/ntc-arista_eos-show_lldp_neighbors_detail", 14, "mgmt_address"): "172.16.2.222",
    ("eos/ntc-arista_eos-show_lldp_neighbors_detail", 15, "mgmt_address"): "172.16.2.221",
    # NX-OS CDP without "System Name": ntc leaves the name empty, bondlint falls back to
    # the Device ID (a host running lldpd sends its hostname there).
    ("nxos/ntc-cisco_nxos-show_cdp_neighbors_detail", 0, "neighbor_name"): "PERIMETER",
}


def capabilities_of(ntc: str, kind: str) -> str:
    if kind == "cdp":  # as lldpd reads CDP: router, bridge, else station
        words = ntc.split()
        names = ["router"] * ("Router" in words) + ["bridge"] * ("Switch" in words)
        names = names or ["station"]
    else:
        names = [CODES[code.strip()] for code in ntc.split(",") if code.strip()]
    return ",".join(dict.fromkeys(names))


def ntc_projection(fact: LldpNeighbor, key: str, kind: str, count: int) -> str:
    """What ntc-templates calls ``key``, rebuilt from our fact ("" when absent)."""
    values = plain(fact)
    if key == "local_interface":
        return fact.local_interface.value
    if key == "neighbor_interface":
        # IOS's template reads the port description; the others read the port ID.
        return values.get("port_descr" if kind == "ios-lldp" else "port_id", "")
    if key == "neighbor_port_id":
        return values.get("port_id", "")
    if key == "capabilities":
        return values.get("capabilities", "")
    if key == "neighbor_count":  # EOS "detected N LLDP neighbors"
        return str(count)
    simple = {
        "neighbor_name": "chassis_name",
        "chassis_id": "chassis_id",
        "mgmt_address": "mgmt_ip",
        "vlan_id": "pvid",
        "neighbor_description": "chassis_descr",
        "parent_interface": "parent_interface",
    }
    return values.get(simple[key], "")


def ntc_expected(key: str, value: str, kind: str) -> str:
    """ntc's value in bondlint's spelling: canonical ports, lldpd MACs and capabilities."""
    if key == "local_interface":
        return value if kind == "junos" else canonical(value)
    if key in ("chassis_id", "neighbor_port_id") or (key == "neighbor_interface" and kind != "ios-lldp"):
        return mac(value)
    if key == "capabilities":
        return capabilities_of(value, kind)
    if key == "mgmt_address" and mac(value) != value:
        return ""  # EOS "Management Address Subtype: Ethernet": a MAC, not an address
    return value


@pytest.mark.parametrize("stem", sorted(NTC_FILES))
def test_ntc_records(stem: str) -> None:
    kind = NTC_FILES[stem]
    raw = corpus_file(stem + ".raw")
    expected = load_yaml(corpus_file(stem + ".expected.yml"))["parsed_sample"]
    result = parse(raw.read_text(encoding="utf-8"), raw.name)
    assert result.diagnostics == []
    facts = neighbors(result)
    assert len(facts) == len(expected)
    # EOS: neighbors per "Interface X detected N" block (Management1 has two blocks).
    per_block: dict[int, int] = {}
    for fact in facts:
        block = fact.local_interface.location.line
        per_block[block] = per_block.get(block, 0) + 1
    protocol = "switch-cdp" if kind == "cdp" else "switch-lldp"
    for index, (fact, record) in enumerate(zip(facts, expected, strict=True)):
        assert fact.format == protocol
        assert fact.local_system is None  # ntc samples carry no prompt
        count = per_block[fact.local_interface.location.line]
        for key, value in record.items():
            if key in NTC_SKIPPED:
                continue
            want = NTC_DIFFERENCES.get((stem, index, key), ntc_expected(key, value, kind))
            got = ntc_projection(fact, key, kind, count)
            assert got == want, f"record {index} {key}: {got!r} != {want!r} (ntc {value!r})"


def test_ntc_differences_are_real() -> None:
    """Each listed difference is a case where ntc's own value differs from ours."""
    for (stem, index, key), ours in NTC_DIFFERENCES.items():
        record = load_yaml(corpus_file(stem + ".expected.yml"))["parsed_sample"][index]
        assert ntc_expected(key, record[key], NTC_FILES[stem]) != ours


# --------------------------------------------------------------------------------------
# 2. napalm expectations (NX-OS text, EOS eAPI JSON)

NAPALM_STEMS = {
    "nxos/napalm-nxos_ssh-show_lldp_neighbors_detail": ".txt",
    "eos/napalm-eos-show_lldp_neighbors_detail-issue903": ".json",
}
NAPALM_FILES = {stem + suffix: stem + ".expected.json" for stem, suffix in NAPALM_STEMS.items()}
NAPALM_KEYS = {
    "remote_port": "port_id",
    "remote_port_description": "port_descr",
    "remote_system_name": "chassis_name",
    "remote_system_description": "chassis_descr",
    "remote_chassis_id": "chassis_id",
}
NAPALM_SKIPPED = {
    # bondlint keeps the enabled capabilities only (what lldpctl keeps).
    "remote_system_capab": "supported capabilities, not kept",
}


@pytest.mark.parametrize("name", sorted(NAPALM_FILES))
def test_napalm_records(name: str) -> None:
    path = corpus_file(name)
    expected: dict[str, list[dict[str, Any]]] = json.loads(corpus_file(NAPALM_FILES[name]).read_text(encoding="utf-8"))
    result = parse(path.read_text(encoding="utf-8"), path.name)
    assert result.diagnostics == []
    facts = neighbors(result)
    assert sorted(fact.local_interface.value for fact in facts) == sorted(expected)
    eapi = name.endswith(".json")
    for fact in facts:
        (record,) = expected[fact.local_interface.value]
        values = plain(fact)
        for key, want in record.items():
            if key in NAPALM_SKIPPED:
                continue
            if key == "parent_interface":
                # napalm's EOS driver names the port itself here (a quirk); NX-OS gives "".
                assert "parent_interface" not in values
                assert want == (fact.local_interface.value if eapi else "")
            elif key == "remote_system_enable_capab":
                assert values["capabilities"] == ",".join(want)
            elif key == "remote_chassis_id" and eapi:
                # The eAPI mock holds an 11-digit "00c.297b.d2a8"; napalm pads it while
                # reformatting, bondlint keeps an ID that is not a MAC as written.
                assert values["chassis_id"] == "00c.297b.d2a8"
                assert mac(want) == "00:0c:29:7b:d2:a8"
            else:
                assert values.get(NAPALM_KEYS[key]) == mac(want), f"{fact.local_interface.value} {key}"


def test_napalm_nxos_misplaced_vlan_line_stays_in_its_record() -> None:
    """The mock moved one "Vlan ID: not advertised" below the blank lines: still record 2's."""
    path = corpus_file("nxos/napalm-nxos_ssh-show_lldp_neighbors_detail.txt")
    facts = neighbors(parse(path.read_text(encoding="utf-8"), path.name))
    assert [fact.location.line for fact in facts] == [6, 19, 32, 45, 58, 71, 87]
    assert [plain(fact).get("pvid") for fact in facts] == [None, None, None, None, "0", "1", None]


def test_eapi_values_sit_at_the_interface_key() -> None:
    path = corpus_file("eos/napalm-eos-show_lldp_neighbors_detail-issue903.json")
    (fact,) = neighbors(parse(path.read_text(encoding="utf-8"), path.name))
    assert fact.location.line == 3
    assert set(lines_of(fact).values()) == {3}
    assert plain(fact)["port_id_type"] == "mac"
    assert plain(fact)["mgmt_ip"] == "10.199.1.22"


def test_eapi_odd_shapes() -> None:
    text = json.dumps(
        {
            "lldpNeighbors": {
                "": {"lldpNeighborInfo": [{"systemName": "nameless port"}]},
                "Ethernet7": {"lldpNeighborInfo": "not a list"},
                "Ethernet8": {
                    "lldpNeighborInfo": [
                        {"systemName": "db01\nsecond line", "chassisId": 5, "ttl": 120},
                        {"managementAddresses": [{"address": "0050.5683.1234"}]},
                    ]
                },
            }
        },
        indent=2,
    )
    result = parse(text, "x.json")
    assert result.diagnostics == []
    first, second = neighbors(result)
    assert plain(first) == {"chassis_name": "db01"}  # a number is no chassis ID
    assert plain(second) == {}  # a MAC is no management address
    assert first.location.line == text.split("\n").index('    "Ethernet8": {') + 1
    for broken, line in (('{"lldpNeighbors": [', 1), ('{"lldp": {}}', 1), ('{\n"a": x}', 2)):
        result = parse(broken, "x.json")
        assert result.facts == [] and [d.location.line for d in result.diagnostics] == [line]


# --------------------------------------------------------------------------------------
# 3. every corpus neighbor file: claimed, parsed, counted as the manifest says


def neighbor_rows() -> list[dict[str, Any]]:
    return [
        row
        for row in manifest_rows(SWITCH)
        if ("lldp" in row["file"] or "cdp" in row["file"])
        and "neighbor" in row["file"]
        and ".expected." not in row["file"]
        and not row["file"].startswith("lldp-host/")
    ]


def test_every_corpus_neighbor_file_is_claimed_and_parsed() -> None:
    corpus_path(SWITCH, "MANIFEST.tsv")  # skips without the shared corpus
    rows = neighbor_rows()
    assert len(rows) == 8
    for row in rows:
        path = corpus_path(SWITCH, row["file"])
        text = path.read_text(encoding="utf-8")
        assert claims(PurePosixPath(path.name), text[:1024]), row["file"]
        result = parse(text, row["file"])
        assert result.diagnostics == [], row["file"]
        facts = neighbors(result)
        summary = row["expected_json"]
        if summary and "records" in summary:
            assert len(facts) == summary["records"], row["file"]
        if summary and "interfaces" in summary:
            assert len({f.local_interface.value for f in facts}) == summary["interfaces"]


def test_expected_files_and_host_captures_are_not_claimed() -> None:
    folder = corpus_path(SWITCH)
    for path in sorted(folder.glob("*/*")):
        if ".expected." in path.name or path.parent.name == "lldp-host":
            head = path.read_text(encoding="utf-8")[:1024]
            assert not claims(PurePosixPath(path.name), head), path.name
            # Renamed like a switch capture, lldpctl output is still not ours.
            if path.parent.name == "lldp-host":
                assert not claims(PurePosixPath("show_lldp_neighbors.txt"), head)


# --------------------------------------------------------------------------------------
# 4. hand-written captures: prompts, line numbers, shapes the corpus lacks

IOS_LLDP = """\
leaf1#show lldp neighbors detail
------------------------------------------------
Local Intf: Gi1/0/11
Chassis id: 0050.5683.1234
Port id: 0050.5683.1234
Port Description: eno1
System Name: db01.example.org

System Description:
Red Hat Enterprise Linux 9.4 (Plow) Linux 5.14.0 #1 SMP x86_64

Time remaining: 101 seconds
System Capabilities: B,R,S
Enabled Capabilities: S
Management Addresses:
    IP: 10.0.0.5
    OID:
        1.3.6.1.4.1.
    IPV6: 2001:db8::5
Auto Negotiation - not supported
Vlan ID: 42

------------------------------------------------
Local Intf: Gi1/0/12
Chassis id: 0050.5683.1234
Port id: 0050.5683.1235
Port Description: eno2
System Name: db01.example.org

System Description - not advertised
Time remaining: 99 seconds
System Capabilities: B,R,S
Enabled Capabilities: S
Management Addresses - not advertised
Vlan ID: - not advertised

Total entries displayed: 2

leaf1#
"""


def test_ios_lldp_with_prompt_and_exact_lines() -> None:
    result = parse(IOS_LLDP, "leaf1-lldp-neighbors.txt")
    assert result.diagnostics == []
    first, second = neighbors(result)
    assert first.format == "switch-lldp"
    assert first.local_interface.value == "GigabitEthernet1/0/11"
    assert first.local_interface.location.line == 3
    assert first.location.line == 3
    assert first.local_system is not None
    assert (first.local_system.value, first.local_system.location.line) == ("leaf1", 1)
    assert plain(first) == {
        "chassis_id": "00:50:56:83:12:34",
        "port_id": "00:50:56:83:12:34",
        "port_descr": "eno1",
        "chassis_name": "db01.example.org",
        "chassis_descr": "Red Hat Enterprise Linux 9.4 (Plow) Linux 5.14.0 #1 SMP x86_64",
        "capabilities": "station",
        "mgmt_ip": "10.0.0.5",
        "pvid": "42",
    }
    assert lines_of(first) == {
        "chassis_id": 4,
        "port_id": 5,
        "port_descr": 6,
        "chassis_name": 7,
        "chassis_descr": 10,
        "capabilities": 14,
        "mgmt_ip": 16,
        "pvid": 21,
    }
    assert second.local_interface.value == "GigabitEthernet1/0/12"
    assert second.location.line == 24
    assert "pvid" not in plain(second) and "chassis_descr" not in plain(second)
    assert second.local_system == first.local_system


def test_without_prompt_local_system_is_none() -> None:
    text = IOS_LLDP.replace("leaf1#show lldp neighbors detail\n", "").replace("leaf1#\n", "")
    facts = neighbors(parse(text, "x"))
    assert len(facts) == 2
    assert all(fact.local_system is None for fact in facts)
    assert facts[0].location.line == 2  # one line up: the prompt is gone


CDP = """\
Device ID: db01.example.org
Entry address(es):
  IP address: 10.0.0.5
Platform: Linux,  Capabilities: Host
Interface: GigabitEthernet1/0/11,  Port ID (outgoing port): eno1
Holdtime : 150 sec

Version :
lldpd 1.0.16
Linux 5.14.0

advertisement version: 2
Native VLAN: 42
Duplex: full

-------------------------
Device ID: db01.example.org
Entry address(es):
  IP address: 10.0.0.5
Platform: Linux,  Capabilities: Host
Interface: GigabitEthernet1/0/12,  Port ID (outgoing port): eno2
Holdtime : 150 sec

-------------------------
Device ID: spine1(FDO12345678)
Entry address(es):
  IP address: 10.0.0.1
Platform: N9K-C93180YC-EX, Capabilities: Router Switch IGMP Filtering Supports-STP-Dispute
Interface: TenGigabitEthernet1/1/1,  Port ID (outgoing port): Ethernet1/49
Holdtime : 170 sec
Management address(es):
  IP address: 10.255.0.1

Total cdp entries displayed : 3
leaf1#
"""


def test_cdp_several_records_and_a_trailing_prompt() -> None:
    result = parse(CDP, "leaf1_show_cdp_neighbors_detail.txt")
    assert result.diagnostics == []
    facts = neighbors(result)
    assert [f.format for f in facts] == ["switch-cdp"] * 3
    assert [f.location.line for f in facts] == [1, 17, 25]
    assert [f.local_interface.value for f in facts] == [
        "GigabitEthernet1/0/11",
        "GigabitEthernet1/0/12",
        "TenGigabitEthernet1/1/1",
    ]
    assert [f.local_interface.location.line for f in facts] == [5, 21, 29]
    # The only prompt follows the output: it still names the switch.
    assert {f.local_system.value for f in facts if f.local_system} == {"leaf1"}
    db, db2, spine = (plain(f) for f in facts)
    assert db == {
        "chassis_id": "db01.example.org",
        "chassis_name": "db01.example.org",
        "mgmt_ip": "10.0.0.5",
        "capabilities": "station",
        "port_id": "eno1",
        "chassis_descr": "lldpd 1.0.16",
        "pvid": "42",
    }
    assert lines_of(facts[0])["mgmt_ip"] == 3  # the entry address stands in
    assert db2["port_id"] == "eno2"
    assert spine["chassis_name"] == "spine1"  # NX-OS appends the serial to its Device ID
    assert spine["chassis_id"] == "spine1(FDO12345678)"
    assert spine["capabilities"] == "router,bridge"
    assert (spine["mgmt_ip"], lines_of(facts[2])["mgmt_ip"]) == ("10.255.0.1", 32)


NXOS_LLDP = """\
Capability codes:
  (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device
  (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other
Device ID            Local Intf      Hold-time  Capability  Port ID

Chassis id: 5254.0012.3401
Port id: eno1
Local Port id: Eth1/5
Port Description: Intel X710
System Name: db01
System Description: Debian GNU/Linux 12 (bookworm) Linux 6.1.0-18-amd64
Time remaining: 108 seconds
System Capabilities: B, W, R, S
Enabled Capabilities: S
Management Address: 192.0.2.15
Management Address IPV6: not advertised
Vlan ID: not advertised


Chassis id: 5254.0012.3401
Port id: eno2
Local Port id: Eth1/6
System Name: db01
Enabled Capabilities: S
Vlan ID: 10

Total entries displayed: 2
"""


def test_nxos_records_open_at_chassis_id() -> None:
    facts = neighbors(parse(NXOS_LLDP, "x"))
    assert [(f.location.line, f.local_interface.value) for f in facts] == [
        (6, "Ethernet1/5"),
        (20, "Ethernet1/6"),
    ]
    assert facts[0].local_interface.location.line == 8
    assert plain(facts[0])["port_id"] == "eno1"
    assert plain(facts[0])["capabilities"] == "station"
    assert "pvid" not in plain(facts[0])
    assert plain(facts[1])["pvid"] == "10"


EOS = """\
leaf1#show lldp neighbors detail
Interface Ethernet5 detected 1 LLDP neighbors:

  Neighbor 5254.0012.3401/"eno1", age 3 seconds
  Discovered 1 day, 2:03:04 ago; Last changed 1 day, 2:03:04 ago
  - Chassis ID type: MAC address (4)
    Chassis ID     : 5254.0012.3401
  - Port ID type: Interface name (5)
    Port ID     : "eno1"
  - Time To Live: 120 seconds
  - Port Description: "Intel X710"
  - System Name: "db01"
  - System Capabilities : Bridge, WLAN Access Point, Router, Station Only
    Enabled Capabilities: Station Only
  - Management Address Subtype: IPv4 (1)
    Management Address        : 192.0.2.15
  - IEEE802.1 Port VLAN ID: 10
  - IEEE802.1/IEEE802.3 Link Aggregation
    Link Aggregation Status: Capable, Enabled (0x03)
    Port ID                : 7
  - IEEE802.3 Maximum Frame Size: 9000 bytes

Interface Ethernet6 detected 1 LLDP neighbors:

  Neighbor 5254.0012.3402/5254.0012.3402, age 3 seconds
  - IEEE802.1/IEEE802.3 Link Aggregation
    Link Aggregation Status: Capable, Disabled (0x01)
    Port ID                : 0
"""


def test_eos_detail_with_prompt_tlv_sections_and_the_neighbor_line() -> None:
    result = parse(EOS, "x")
    assert result.diagnostics == []
    first, second = neighbors(result)
    assert (first.location.line, first.local_interface.location.line) == (4, 2)
    assert first.local_system is not None and first.local_system.value == "leaf1"
    assert plain(first) == {
        "chassis_id_type": "mac",
        "chassis_id": "52:54:00:12:34:01",
        "port_id_type": "ifname",
        "port_id": "eno1",
        "port_descr": "Intel X710",
        "chassis_name": "db01",
        "capabilities": "station",
        "mgmt_ip": "192.0.2.15",
        "pvid": "10",
        "aggregation": "7",
        "mfs": "9000",
    }
    assert lines_of(first)["port_id"] == 9
    assert lines_of(first)["aggregation"] == 20
    # Only the Neighbor line is left: it gives the IDs; a disabled aggregation gives none.
    assert plain(second) == {"chassis_id": "52:54:00:12:34:02", "port_id": "52:54:00:12:34:02"}
    assert set(lines_of(second).values()) == {25}


JUNOS_DETAIL = """\
{master:0}
admin@leaf1> show lldp neighbors interface xe-0/0/1 detail
LLDP Neighbor Information:
Local Information:
Index: 7 Time to live: 120 Time mark: Sat Jun 10 03:25:16 2017 Age: 11 secs
Local Interface    : xe-0/0/1
Parent Interface   : ae0
Local Port ID      : 601
Ageout Count       : 0

Neighbour Information:
Chassis type       : Mac address
Chassis ID         : 52:54:00:12:34:01
Port type          : Mac address
Port ID            : 52:54:00:12:34:02
Port description   : eno1
System name        : db01

System Description :  Linux 6.1.0-18-amd64 #1 SMP Debian x86_64

System capabilities
        Supported  : Bridge WLAN Access Point Router Station Only
        Enabled    : Station Only

Management Info
        Type              : IPv4
        Address           : 192.0.2.15
        Port ID           : 2
        Subtype           : 1

Organization Info
        OUI      : IEEE 802.3 Private (0x00120f)
        Subtype  : Link Aggregation (3)

LLDP Neighbor Information:
Local Information:
Local Interface    : xe-0/0/2
Parent Interface   : -
Local Port ID      : 602

Neighbour Information:
Chassis ID         : 52:54:00:12:34:01
Port ID            : eno2

{master:0}
admin@leaf1>
"""


def test_junos_detail_blocks() -> None:
    result = parse(JUNOS_DETAIL, "leaf1.show_lldp_neighbors_detail")
    assert result.diagnostics == []
    first, second = neighbors(result)
    assert first.local_interface.value == "xe-0/0/1"  # Junos names as written
    assert (first.location.line, first.local_interface.location.line) == (3, 6)
    assert first.local_system is not None
    assert (first.local_system.value, first.local_system.location.line) == ("leaf1", 2)
    assert plain(first) == {
        "parent_interface": "ae0",
        "chassis_id_type": "mac",
        "chassis_id": "52:54:00:12:34:01",
        "port_id_type": "mac",
        "port_id": "52:54:00:12:34:02",  # not Management Info's "Port ID : 2"
        "port_descr": "eno1",
        "chassis_name": "db01",
        "chassis_descr": "Linux 6.1.0-18-amd64 #1 SMP Debian x86_64",
        "capabilities": "station",
        "mgmt_ip": "192.0.2.15",
    }
    assert lines_of(first)["capabilities"] == 23
    assert second.location.line == 35
    assert second.local_interface.value == "xe-0/0/2"
    assert plain(second) == {"chassis_id": "52:54:00:12:34:01", "port_id": "eno2"}


JUNOS_TABLE = """\
user@sw1> show lldp neighbors
Local Interface    Chassis Id          Port info          System Name
ge-0/0/0.0         00:1a:1e:12:34:56   ge-0/0/1           core-sw01
ge-0/0/10.0        38:ca:84:56:4e:47   eno1
ge-0/0/22.0        6c:0b:5e:5b:e1:69   Port 1             phone-22
ge-0/0/23.0        6c:0b:5e:5b:e1:70   5254.0012.3401     db01

user@sw1> show lldp neighbors
Local Interface    Parent Interface    Chassis Id          Port info          System Name
xe-0/0/1           ae0                 52:54:00:12:34:01   eno1               db01
xe-0/0/2           -                   52:54:00:12:34:01   eno2-with-a-long-name db01
"""


def test_junos_tables_with_and_without_parent_interface() -> None:
    result = parse(JUNOS_TABLE, "x")
    assert result.diagnostics == []
    facts = neighbors(result)
    rows = [(f.location.line, f.local_interface.value, plain(f)) for f in facts]
    assert rows == [
        (
            3,
            "ge-0/0/0.0",
            {"chassis_id": "00:1a:1e:12:34:56", "port_id": "ge-0/0/1", "chassis_name": "core-sw01"},
        ),
        (4, "ge-0/0/10.0", {"chassis_id": "38:ca:84:56:4e:47", "port_id": "eno1"}),
        (
            5,
            "ge-0/0/22.0",
            {"chassis_id": "6c:0b:5e:5b:e1:69", "port_id": "Port 1", "chassis_name": "phone-22"},
        ),
        (
            6,
            "ge-0/0/23.0",
            {
                "chassis_id": "6c:0b:5e:5b:e1:70",
                "port_id": "52:54:00:12:34:01",
                "chassis_name": "db01",
            },
        ),
        (
            10,
            "xe-0/0/1",
            {
                "parent_interface": "ae0",
                "chassis_id": "52:54:00:12:34:01",
                "port_id": "eno1",
                "chassis_name": "db01",
            },
        ),
        (
            11,
            "xe-0/0/2",
            {
                "chassis_id": "52:54:00:12:34:01",
                "port_id": "eno2-with-a-long-name",
                "chassis_name": "db01",
            },
        ),
    ]
    assert [f.local_system.value for f in facts if f.local_system] == ["sw1"] * 6


def test_two_switches_in_one_capture() -> None:
    text = IOS_LLDP + IOS_LLDP.replace("leaf1", "leaf2")
    facts = neighbors(parse(text, "x"))
    assert [f.local_system.value for f in facts if f.local_system] == [
        "leaf1",
        "leaf1",
        "leaf2",
        "leaf2",
    ]


@pytest.mark.parametrize(
    ("prompt", "host"),
    [
        ("leaf1#show lldp neighbors detail", "leaf1"),
        ("leaf1# sh cdp neighbors detail", "leaf1"),
        ("leaf1.example.org>show lldp neighbors detail", "leaf1.example.org"),
        ("sw-03(config)#show lldp neighbors detail", "sw-03"),
        ("admin@qfx-01> show lldp neighbors", "qfx-01"),
        ("7050-leaf#", "7050-leaf"),
    ],
)
def test_prompts(prompt: str, host: str) -> None:
    text = f"{prompt}\nLocal Intf: Gi1/0/1\nChassis id: 0050.5683.1234\n"
    (fact,) = neighbors(parse(text, "x"))
    assert fact.local_system is not None and fact.local_system.value == host


@pytest.mark.parametrize("line", ["leaf1#terminal length 0", "1>", "Linux 2.6.32 #1 SMP", "Port id: a>b"])
def test_not_prompts(line: str) -> None:
    text = f"{line}\nLocal Intf: Gi1/0/1\nChassis id: 0050.5683.1234\n"
    (fact,) = neighbors(parse(text, "x"))
    assert fact.local_system is None


# --------------------------------------------------------------------------------------
# 5. values


@pytest.mark.parametrize(
    ("text", "cdp", "expected"),
    [
        ("B,R", False, "bridge,router"),
        ("B, W, R, S", False, "bridge,wlan,router,station"),
        ("Bridge, WLAN Access Point, Router, Station Only", False, "bridge,wlan,router,station"),
        ("Bridge WLAN Access Point Router Station Only", False, "bridge,wlan,router,station"),
        ("Telephone, DOCSIS Cable Device, Repeater, Other", False, "tel,docsis,repeater,other"),
        ("", False, ""),
        ("Customer Bridge", False, "bridge"),
        ("Router Switch IGMP Filtering Supports-STP-Dispute", True, "router,bridge"),
        ("Trans-Bridge Source-Route-Bridge Host Phone", True, "bridge"),
        ("Host Phone", True, "station"),
        ("Switch Router", True, "router,bridge"),
    ],
)
def test_capabilities(text: str, cdp: bool, expected: str) -> None:
    # Read from CDP's Platform line or LLDP's Enabled Capabilities line.
    if cdp:
        capture = "Device ID: sw2\nInterface: Gi1/0/1,  Port ID (outgoing port): eth0\n"
        capture += f"Platform: x,  Capabilities: {text}\n"
    else:
        capture = f"Local Intf: Gi1/0/1\nChassis id: 0050.5683.1234\nEnabled Capabilities: {text}\n"
    (fact,) = neighbors(parse(capture, "x"))
    assert plain(fact).get("capabilities", "") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("000c.297b.d2a8", "00:0c:29:7b:d2:a8"),
        ("00-0C-29-7B-D2-A8", "00:0c:29:7b:d2:a8"),
        ("00:0C:29:7B:D2:A8", "00:0c:29:7b:d2:a8"),
        ("00c.297b.d2a8", "00c.297b.d2a8"),
        ("00:0c:29-7b:d2:a8", "00:0c:29-7b:d2:a8"),
        ("eno1", "eno1"),
    ],
)
def test_mac_ids_are_written_as_lldpd_writes_them(value: str, expected: str) -> None:
    (fact,) = neighbors(parse(f"Local Intf: Gi1/0/1\nChassis id: {value}\nPort id: {value}\n", "x"))
    assert (plain(fact)["chassis_id"], plain(fact)["port_id"]) == (expected, expected)


def test_empty_outputs_are_valid_captures() -> None:
    for text in (
        "Total entries displayed: 0\n",
        "leaf1#show cdp neighbors detail\n\nTotal cdp entries displayed : 0\n",
        "Interface Et1 detected 0 LLDP neighbors:\n\nInterface Et2 detected 0 LLDP neighbors:\n",
        "Local Interface    Parent Interface    Chassis Id    Port info    System Name\n",
        NXOS_LLDP.split("\n\n")[0] + "\n",
        "",
    ):
        result = parse(text, "x")
        assert result.facts == [] and result.diagnostics == [], text


def test_unrelated_text_gives_one_diagnostic() -> None:
    result = parse("Bonding Mode: fault-tolerance (active-backup)\nMII Status: up\n", "x")
    assert result.facts == []
    assert [d.location.line for d in result.diagnostics] == [1]


def test_problems_are_reported_with_their_line() -> None:
    text = (
        "Port id: eno9\n"  # 1: before any record
        "Local Intf: Gi1/0/1\n"  # 2
        "Chassis id: 0050.5683.1234\n"
        "Port id: eno1\n"
        "Port id: eno2\n"  # 5: a second, different port ID
        "\x00\x01binary\n"  # 6
        "------------------------\n"
        "Chassis id: 0050.5683.9999\n"  # 8: NX-OS style record whose port line is lost
        "Port id: eno3\n"
    )
    result = parse(text, "x")
    (fact,) = neighbors(result)
    assert plain(fact)["port_id"] == "eno1"
    assert [d.location.line for d in result.diagnostics] == [1, 5, 6, 8]
    assert "outside" in result.diagnostics[0].message
    assert "keeping the first" in result.diagnostics[1].message
    assert "binary" in result.diagnostics[2].message
    assert "without a local interface" in result.diagnostics[3].message


def test_crlf_bom_and_indented_paste() -> None:
    text = "\ufeff" + "\r\n".join("   " + line for line in IOS_LLDP.split("\n"))
    facts = neighbors(parse(text, "x"))
    assert [plain(f)["port_descr"] for f in facts] == ["eno1", "eno2"]
    assert plain(facts[0])["mgmt_ip"] == "10.0.0.5"
    assert facts[0].local_system is not None


# --------------------------------------------------------------------------------------
# 6. claims


@pytest.mark.parametrize(
    ("name", "head", "claimed"),
    [
        ("show_lldp_neighbors_detail.txt", IOS_LLDP, True),
        ("leaf1-cdp-neighbors.log", CDP, True),
        ("show lldp neighbors detail", NXOS_LLDP, True),
        ("eos_lldp_neighbors.txt", EOS, True),
        ("junos-lldp-neighbours.txt", JUNOS_TABLE, True),
        ("lldp_neighbors.txt", JUNOS_DETAIL, True),
        ("lldp_neighbors.json", '{\n  "lldpNeighbors": {}\n}', True),
        ("lldp_neighbors.txt", "leaf1#show lldp neighbors detail\n", True),
        ("lldp_neighbors.txt", "Total entries displayed: 0\n", True),
        # the name must say LLDP/CDP and neighbors
        ("capture.txt", IOS_LLDP, False),
        ("show_lldp_interface.txt", IOS_LLDP, False),
        # the text must look like one of the outputs
        ("lldp_neighbors.txt", "hello\n", False),
        (
            "lldp_neighbors.yml",
            "parsed_sample:\n  - chassis_id: x\n    local_interface: y\n",
            False,
        ),
        # lldpctl's shapes and names belong to bondlint.sources.lldpctl
        ("lldpctl_neighbors.txt", IOS_LLDP, False),
        (
            "lldp_neighbors.txt",
            "lldp.eth0.via=LLDP\nlldp.eth0.chassis.mac=00:11:22:33:44:55\n",
            False,
        ),
        (
            "lldp_neighbors.txt",
            "-------------------------------------------\nLLDP neighbors:\n",
            False,
        ),
        ("lldp_neighbors.json", '{"lldp": {"interface": []}}', False),
    ],
)
def test_claims(name: str, head: str, claimed: bool) -> None:
    assert claims(PurePosixPath(name), head[:1024]) is claimed


def test_format_names() -> None:
    assert switch_neighbors.FORMAT == "switch-neighbors"
    assert (switch_neighbors.LLDP_FORMAT, switch_neighbors.CDP_FORMAT) == (
        "switch-lldp",
        "switch-cdp",
    )


# --------------------------------------------------------------------------------------
# 7. cost


@pytest.mark.slow
def test_linear_time() -> None:
    """Eight times the records costs about eight times the time, not sixty-four, and so do
    long lines (no regex backtracking): growth ratios, never seconds (tests/timing.py)."""
    for sample in (IOS_LLDP, CDP, EOS, NXOS_LLDP, JUNOS_DETAIL, JUNOS_TABLE):
        assert_parse_linear(parse, lambda count, sample=sample: sample * count, 25, "big")
    for build in (
        lambda n: "Device ID: x\nInterface: a" + " " * n + "b",
        lambda n: "Device ID: x\nPlatform: a" + " " * n + "b," + " " * n,
        lambda n: "Interface X detected 1 LLDP neighbors:\nNeighbor a/" + ", " * n,
        lambda n: "a" * 2 * n + "#",
        lambda n: "a@" * n,
        lambda n: "- Chassis ID type: a" + " " * n + "(1",
        lambda n: "Local Interface  Chassis Id  Port info  System Name\nx y " + "a  " * (n // 2),
        lambda n: "Device ID: " + "(a" * n,
    ):
        assert_parse_linear(parse, build, 25_000)
    claims(PurePosixPath("lldp_neighbors"), "-" * 1024)


# --------------------------------------------------------------------------------------
# 8. properties: never raise, always a well-formed result


SAMPLES = (IOS_LLDP, CDP, NXOS_LLDP, EOS, JUNOS_DETAIL, JUNOS_TABLE)
SAMPLE_LINES = sorted({line for text in SAMPLES for line in text.split("\n")})


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.lists(st.sampled_from(SAMPLE_LINES) | st.text(max_size=30), max_size=40),
    st.sampled_from(["\n", "\r\n"]),
)
def test_shuffled_sample_lines_never_raise(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    check(switch_neighbors, text, "fuzz")


EAPI_KEYS = ["lldpNeighbors", "lldpNeighborInfo", "neighborInterfaceInfo", "systemName"]
EAPI_KEYS += ["chassisId", "interfaceId", "managementAddresses", "address", "systemCapabilities"]
EAPI_KEYS += ["linkAggregationStatus", "Ethernet1", "bridge", ""]
JSON_TREES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.sampled_from(EAPI_KEYS) | st.text(max_size=4),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(EAPI_KEYS), children, max_size=4),
    max_leaves=40,
)


@settings(max_examples=200, deadline=None, database=None)
@given(JSON_TREES, st.booleans())
def test_any_json_shape_never_raises(tree: object, indent: bool) -> None:
    text = json.dumps({"lldpNeighbors": tree}, indent=2 if indent else None)
    check(switch_neighbors, text, "fuzz.json")


# --------------------------------------------------------------------------------------
# NX-OS and IOS-XR detail variants (hand-written fixtures)

# NX-OS "show cdp neighbors detail": the shape of ntc-templates'
# tests/cisco_nxos/show_cdp_neighbors_detail samples ("Device ID:" glued to its value with
# a serial in brackets, "Interface address(es):", both ends on the "Interface:" line,
# "Mgmt address(es):").
NXOS_CDP_VARIANT = """\
leaf1# show cdp neighbors detail
----------------------------------------
Device ID:db01(FOC1234X0AB)
System Name: db01

Interface address(es):
    IPv4 Address: 10.0.0.5
Platform: Linux, Capabilities: Host
Interface: Ethernet1/9, Port ID (outgoing port): eth0
Holdtime: 120 sec

Version:
Linux 5.14

Advertisement Version: 2

Mgmt address(es):
    IPv4 Address: 10.0.0.6
"""
# NX-OS "show lldp neighbors detail" (ntc-templates' tests/cisco_nxos/
# show_lldp_neighbors_detail, genieparser's NX-OS ShowLldpNeighborsDetail golden output):
# "Port id:", "Local Port id:", "System Name: null" for a neighbor sending none.
NXOS_LLDP_VARIANT = """\
leaf1# show lldp neighbors detail
Capability codes:
  (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device
  (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other
Device ID            Local Intf      Hold-time  Capability  Port ID

Chassis id: 0050.5682.1234
Port id: eth0
Local Port id: Eth1/9
Port Description: eth0
System Name: null
System Description: null
Time remaining: 100 seconds
System Capabilities: S
Enabled Capabilities: S
Management Address: 10.0.0.5
Management Address IPV6: not advertised
Vlan ID: not advertised

Total entries displayed: 1
"""
# IOS-XR "show lldp neighbors detail" (ntc-templates' tests/cisco_xr/
# show_lldp_neighbors_detail, genieparser's IOS-XR ShowLldpNeighborsDetail): the
# RP/0/RSP0/CPU0:name# prompt, "Local Interface:", "Management Addresses:" with
# "IPv4 address:" below.
XR_LLDP_VARIANT = """\
RP/0/RSP0/CPU0:pe1#show lldp neighbors detail
Capability codes:
        (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device
        (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other

------------------------------------------------
Local Interface: GigabitEthernet0/0/0/1
Chassis id: 0026.9815.c3e6
Port id: eno1
Port Description: eno1
System Name: db01

System Description:
Ubuntu 22.04 Linux 5.15

Time remaining: 102 seconds
Hold Time: 120 seconds
System Capabilities: B,R,S
Enabled Capabilities: S
Management Addresses:
  IPv4 address: 10.5.173.110

Peer MAC Address: 00:26:98:15:c3:e6


Total entries displayed: 1
"""
# IOS-XR "show cdp neighbors detail" (ntc-templates' tests/cisco_xr/
# show_cdp_neighbors_detail): "SysName :", "Entry address(es):" with "IPv4 address:",
# and "Port ID (outgoing port):" on a line of its own below "Interface:".
XR_CDP_VARIANT = """\
RP/0/RSP0/CPU0:pe1#show cdp neighbors detail
-------------------------
Device ID: db01
SysName : db01
Entry address(es):
  IPv4 address: 10.0.0.7
Platform: Linux,  Capabilities: Host
Interface: GigabitEthernet0/0/0/2
Port ID (outgoing port): eno2
Holdtime : 139 sec

Version :
Linux 5.15

advertisement version: 2
"""


@pytest.mark.parametrize(
    ("text", "local", "switch", "expected"),
    [
        (NXOS_CDP_VARIANT, "Ethernet1/9", "leaf1",
         {"chassis_name": "db01", "port_id": "eth0", "mgmt_ip": "10.0.0.6"}),
        (NXOS_LLDP_VARIANT, "Ethernet1/9", "leaf1",
         {"port_id": "eth0", "port_descr": "eth0", "mgmt_ip": "10.0.0.5"}),
        (XR_LLDP_VARIANT, "GigabitEthernet0/0/0/1", "pe1",
         {"chassis_name": "db01", "port_id": "eno1", "port_descr": "eno1", "mgmt_ip": "10.5.173.110"}),
        (XR_CDP_VARIANT, "GigabitEthernet0/0/0/2", "pe1",
         {"chassis_name": "db01", "port_id": "eno2", "mgmt_ip": "10.0.0.7"}),
    ],
    ids=["nxos-cdp", "nxos-lldp", "xr-lldp", "xr-cdp"],
)  # fmt: skip
def test_nxos_and_xr_detail_variants_keep_ports_and_addresses(
    text: str, local: str, switch: str, expected: dict[str, str]
) -> None:
    assert claims(PurePosixPath("leaf1_lldp_neighbors.txt"), text[:1024])
    result = parse(text, "n.txt")
    assert result.diagnostics == []
    (fact,) = neighbors(result)
    assert fact.local_interface.value == local
    assert fact.local_system is not None and fact.local_system.value == switch
    values = plain(fact)
    assert {key: values.get(key) for key in expected} == expected


def test_null_system_name_is_no_name() -> None:
    (fact,) = neighbors(parse(NXOS_LLDP_VARIANT, "n.txt"))
    assert "chassis_name" not in fact.values and "chassis_descr" not in fact.values
    empty = NXOS_LLDP_VARIANT.replace("System Name: null", "System Name:")
    (fact,) = neighbors(parse(empty, "n.txt"))
    assert "chassis_name" not in fact.values


def test_xr_lines_and_the_local_interface_label_is_not_junos_only() -> None:
    (fact,) = neighbors(parse(XR_CDP_VARIANT, "x.txt"))
    assert lines_of(fact)["port_id"] == 9
    assert lines_of(fact)["mgmt_ip"] == 6
    # "Local Interface:" with a Cisco short name is canonicalised (Junos names are not).
    short = XR_LLDP_VARIANT.replace("Local Interface: GigabitEthernet0/0/0/1", "Local Interface: Gi0/0/0/1")
    (fact,) = neighbors(parse(short, "x.txt"))
    assert fact.local_interface.value == "GigabitEthernet0/0/0/1"
    junos = XR_LLDP_VARIANT.replace("Local Interface: GigabitEthernet0/0/0/1", "Local Interface: xe-0/0/1")
    (fact,) = neighbors(parse(junos, "x.txt"))
    assert fact.local_interface.value == "xe-0/0/1"
