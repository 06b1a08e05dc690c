"""Cisco IOS / NX-OS / Arista EOS running-config parser: corpus, stated expectations,
hand-written constructs, robustness and scale.

The corpus' ``*.expected.yml`` / ``*.expected.json`` files belong to the ntc-templates and
napalm show-command samples, which are not running-configs (this parser must not claim
them); the expectations that concern configs are the MANIFEST ``expected`` column, the
comments of Batfish's NX-OS tests and the descriptions of Batfish's EOS allowed-VLAN test.
"""

from __future__ import annotations

import dataclasses
import pickle
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from conftest import CORPUS, corpus_path, manifest_rows
from harness import check_result
from hypothesis import given, settings
from hypothesis import strategies as st

from bondlint.sources import cisco_cli
from bondlint.sources.base import Located, Location, ParseResult, SwitchConfig, SwitchInterface
from bondlint.sources.cisco_cli import claims, parse
from bondlint.sources.text import new_located, new_location

SWITCH = "switch"
PLATFORM_DIRS = ("ios", "nxos", "eos")
ALL_VLANS = frozenset(range(1, 4095))

# --------------------------------------------------------------------------------------
# helpers


def config_of(result: ParseResult) -> SwitchConfig:
    """The one SwitchConfig, which comes first."""
    assert result.facts, result.diagnostics
    config = result.facts[0]
    assert isinstance(config, SwitchConfig)
    assert sum(isinstance(fact, SwitchConfig) for fact in result.facts) == 1
    return config


def ports_of(result: ParseResult) -> dict[str, SwitchInterface]:
    """Interfaces by name (each name once)."""
    ports = [fact for fact in result.facts if isinstance(fact, SwitchInterface)]
    table = {port.name.value: port for port in ports}
    assert len(table) == len(ports), "an interface was reported twice"
    return table


def located(values: dict[str, Located[str]]) -> dict[str, tuple[str, int]]:
    return {key: (item.value, item.location.line) for key, item in values.items()}


def plain(values: dict[str, Located[str]]) -> dict[str, str]:
    return {key: item.value for key, item in values.items()}


def parse_lines(*lines: str, path: str = "switch.cfg") -> ParseResult:
    """Parse hand-written lines; line N of the text is ``lines[N - 1]``."""
    return parse("\n".join(lines) + "\n", path)


def corpus_configs() -> list[Path]:
    """Every IOS/NX-OS/EOS running-config of the corpus (show outputs excluded)."""
    found = []
    for platform in PLATFORM_DIRS:
        for path in sorted((CORPUS / SWITCH / platform).glob("*")):
            if not path.name.startswith(("ntc-", "napalm-")):
                found.append(path)
    return found


def show_outputs() -> list[Path]:
    found = []
    for platform in PLATFORM_DIRS:
        found += sorted((CORPUS / SWITCH / platform).glob("ntc-*"))
        found += sorted((CORPUS / SWITCH / platform).glob("napalm-*"))
    return found


def rel(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@cache
def corpus_result(name: str) -> ParseResult:
    path = corpus_path(SWITCH, name)
    return parse(path.read_text(encoding="utf-8"), str(path))


def head_of(path: Path) -> str:
    return path.read_bytes()[:1024].decode("utf-8", errors="replace")


# --------------------------------------------------------------------------------------
# 1. every corpus config: claimed, parsed, no diagnostics, platform = its folder


def test_corpus_has_configs() -> None:
    corpus_path(SWITCH, "MANIFEST.tsv")
    # 9 IOS, 6 NX-OS (the three TrainingNexus files are not in the shared copy), 12 EOS.
    assert len(corpus_configs()) == 27


@pytest.mark.parametrize("path", corpus_configs(), ids=rel)
def test_corpus_config_is_claimed_and_parses_clean(path: Path) -> None:
    assert claims(PurePosixPath(path), head_of(path))
    assert not claims(PurePosixPath(path), "")  # never on the name alone
    result = parse(path.read_text(encoding="utf-8"), str(path))
    assert result.diagnostics == []
    config = config_of(result)
    assert config.values["platform"].value == path.parent.name
    assert config.format == cisco_cli.FORMAT
    for fact in result.facts[1:]:
        assert isinstance(fact, SwitchInterface)
        assert fact.format == cisco_cli.FORMAT
        assert fact.switch == config.values.get("hostname")
        assert fact.name.location == fact.location


@pytest.mark.parametrize("path", show_outputs(), ids=rel)
def test_show_outputs_are_not_claimed(path: Path) -> None:
    assert not claims(PurePosixPath(path), head_of(path))


# --------------------------------------------------------------------------------------
# 2. per-file facts, written from reading each file.  Interfaces listed are compared
#    whole: every key with its value and line, so a stray key fails too.

Table = dict[str, dict[str, tuple[str, int]]]


class Expect:
    """What one corpus config yields."""

    def __init__(
        self,
        platform: tuple[str, int],
        hostname: tuple[str, int] | None,
        count: int,
        interfaces: Table,
        settings: dict[str, tuple[str, int]] | None = None,
        locations: dict[str, int] | None = None,
    ) -> None:
        self.platform = platform
        self.hostname = hostname
        self.count = count
        self.interfaces = interfaces
        self.settings = settings or {}
        self.locations = locations or {}


CORPUS_TABLE: dict[str, Expect] = {
    # -- IOS -----------------------------------------------------------------------
    "ios/batfish-cisco_interface-grammar-catalog.cfg": Expect(
        ("ios", 26),  # "channel-group 1 mode auto": PAgP is IOS-only
        ("cisco_interface", 2),
        24,
        {
            # Every variant in one stanza: the last line of each kind wins; "no
            # description" (34) removes the description of 33; nested blocks
            # (ethernet udld, port security, service instance, tx-queue) are not read.
            "Ethernet0": {
                "channel_group": ("Port-channel1", 31),
                "channel_mode": ("passive", 31),
                "lacp_suspend_individual": ("no", 159),
                "mtu": ("1500", 169),
                "shutdown": ("no", 213),  # 214 "no shutdown lan" is another command
                "edge": ("yes", 238),  # portfast trunk, after disable/edge/network
                "edge_trunk": ("yes", 238),
                "speed": ("basic-6.0 9.0 12.0 18.0 24.0 36.0 48.0 54.0", 242),
                "switchport": ("yes", 250),
                "mode": ("trunk", 258),
                "native_vlan": ("6", 261),
            },
            "Ethernet1/11": {},  # "interface ethernet 1/11": space and lower case
            "Ethernet1/12": {"access_vlan": ("3", 336)},  # sub-command left at column 0
            "Tunnel0": {},
            "Vlan4094": {},  # "interface vlan4094"
            "Cable1/2/3:4": {},  # "interface Cable 1/2/3:4"
        },
        locations={"Ethernet1/11": 287, "Ethernet1/12": 335, "Cable1/2/3:4": 281},
    ),
    "ios/batfish-ios-access-vlan.cfg": Expect(
        ("ios", 2),  # !RANCID-CONTENT-TYPE: cisco
        ("ios-access-vlan", 4),
        4,
        {
            "Ethernet1": {"mode": ("access", 8)},
            "Ethernet2": {"mode": ("access", 11), "access_vlan": ("3", 12)},
            "Ethernet3": {"switchport": ("no", 16)},
            "Ethernet4": {"mode": ("trunk", 19)},
        },
    ),
    "ios/batfish-ios-interface-reenter.cfg": Expect(
        ("ios", 5),  # FastEthernet
        ("ios-interface-reenter", 2),
        2,
        # Each interface is entered twice; one fact each, located at the first stanza.
        {"FastEthernet0/0": {"mtu": ("2000", 6)}, "Ethernet0": {"mtu": ("3000", 13)}},
        locations={"FastEthernet0/0": 5, "Ethernet0": 12},
    ),
    "ios/batfish-ios-native-vlan.cfg": Expect(
        ("ios", 2),
        ("ios-native-vlan", 4),
        3,
        {
            "Ethernet1": {"switchport": ("no", 8)},
            "Ethernet2": {"mode": ("trunk", 13), "native_vlan": ("3", 14)},
            "Ethernet3": {"mode": ("trunk", 18)},  # native VLAN left to the default
        },
    ),
    "ios/batfish-ios-portchannel-eigrp.cfg": Expect(
        ("ios", 11),  # GigabitEthernet
        ("ios-portchannel-eigrp", 2),
        4,
        {
            "Port-channel23": {},
            "GigabitEthernet1": {
                "channel_group": ("Port-channel23", 12),
                "channel_mode": ("active", 12),
            },
            "GigabitEthernet2": {
                "channel_group": ("Port-channel23", 15),
                "channel_mode": ("active", 15),
            },
        },
    ),
    "ios/batfish-ios-portchannel-subinterface.cfg": Expect(
        # Nothing in the text names a platform (Port-Channel is EOS's spelling, the
        # two-space indent NX-OS's habit): only the folder it sits in decides.
        ("ios", 0),
        ("ios-portchannel-subinterface", 2),
        3,
        {
            "Ethernet1": {"shutdown": ("no", 5), "channel_group": ("Port-channel1", 6)},
            "Port-channel1": {"description": ("foo", 8)},
            "Port-channel1.1": {},  # a sub-interface is its own interface
        },
    ),
    "ios/batfish-ios_switchport_mode.cfg": Expect(
        ("ios", 23),  # switchport trunk encapsulation
        ("ios_switchport_mode", 2),
        7,
        {
            "Ethernet0/0": {"shutdown": ("no", 5)},
            "Ethernet0/3": {
                "switchport": ("yes", 17),
                "mode": ("trunk", 18),
                "shutdown": ("no", 19),
            },
            # "allowed vlan 1, 2": a space after the comma.
            "Ethernet0/4": {
                "switchport": ("yes", 22),
                "allowed_vlans": ("1-2", 24),
                "shutdown": ("no", 25),
            },
            "Ethernet0/6": {
                "switchport": ("yes", 34),
                "allowed_vlans": ("5-6", 36),
                "shutdown": ("no", 37),
            },
        },
    ),
    "ios/ciscoconfparse-sample_02.ios": Expect(
        ("ios", 1),  # version 12.0
        ("Foo", 7),
        28,
        {
            "FastEthernet0/1": {
                "description": ("", 24),  # an empty description is a description
                "speed": ("100", 26),
                "access_vlan": ("532", 27),
            },
            # " interface FastEthernet0/6": the header itself is indented.
            "FastEthernet0/6": {
                "description": ("", 61),
                "access_vlan": ("24", 62),
                "edge": ("yes", 63),
            },
            "FastEthernet0/10": {
                "shutdown": ("yes", 87),
                "speed": ("100", 89),
                "access_vlan": ("532", 90),
                "edge": ("yes", 91),
            },
            "FastEthernet0/21": {
                "description": ("", 166),
                "shutdown": ("yes", 167),
                "speed": ("100", 169),
                "edge": ("yes", 170),
            },
            "GigabitEthernet0/1": {"description": ("", 193), "mode": ("trunk", 194)},
            "Vlan1": {"shutdown": ("yes", 205)},
        },
        locations={"FastEthernet0/6": 60, "FastEthernet0/10": 86, "GigabitEthernet0/1": 192},
    ),
    "ios/ciscoconfparse-sample_06-large.ios": Expect(
        ("ios", 12286),  # the first GigabitEthernet; no hostname, no version line
        None,
        4718,
        {
            # "interface GigabitEthernet 1/1": a space before the number.
            "GigabitEthernet1/1": {
                "switchport": ("yes", 12287),
                "mode": ("trunk", 12289),
                "allowed_vlans": ("1-2605", 12290),
            },
            "GigabitEthernet1/3": {
                "switchport": ("yes", 12302),
                "access_vlan": ("1244", 12303),
                "mode": ("access", 12304),
                "edge": ("yes", 12306),
            },
            "Vlan4094": {
                "shutdown": ("no", 39412),
                "description": ("Layer3 SVI: vlan 4094", 39414),
            },
        },
        locations={"GigabitEthernet1/1": 12286, "GigabitEthernet1/3": 12301, "Vlan4094": 39411},
    ),
    # -- NX-OS ---------------------------------------------------------------------
    "nxos/batfish-nxos_interface_properties.cfg": Expect(
        ("nxos", 1),
        ("nxos_interface_properties", 3),
        5,
        {
            "Ethernet1/1": {
                "shutdown": ("no", 18),
                "switchport": ("no", 19),
                "description": (
                    (
                        "here is a description with punctuation! and IP address 1.2.3.4/24 "
                        "and trailing whitespace    "  # kept verbatim, as NX-OS does
                    ),
                    27,
                ),
                "mtu": ("9216", 51),
                "vpc_peer_link": ("yes", 59),
                "mlag_id": ("1101", 60),
            },
            # "no description" (69) drops 68; "no switchport access vlan 7" (76) resets
            # the access VLAN whatever number it names.
            "Ethernet1/2": {"switchport": ("yes", 74)},
            "Ethernet1/3": {},
            "Ethernet100/100": {
                "description": ("only for unused syntax, no tests", 85),
                "switchport": ("no", 141),
            },
            "Management0": {},  # mgmt0, in netutils' canonical spelling
        },
    ),
    "nxos/batfish-nxos_interface_show_all_1.cfg": Expect(
        ("nxos", 1),
        ("nxos_interface_show_all_1", 3),
        1,
        {
            # show running-config all: explicit defaults; the sentinel description (64)
            # comes after an indented comment, still inside the stanza.
            "Ethernet1/21": {
                "speed": ("auto", 9),
                "lacp_rate": ("normal", 11),
                "switchport": ("yes", 23),
                "mode": ("access", 24),
                "edge": ("yes", 35),
                "mtu": ("1500", 44),
                "shutdown": ("no", 62),
                "description": ("Made it to the end of Ethernet1/21", 64),
            }
        },
    ),
    "nxos/batfish-nxos_interface_spanning_tree.cfg": Expect(
        ("nxos", 1),
        ("nxos_interface_spanning_tree", 3),
        4,
        {
            "Ethernet1/1": {"edge": ("yes", 10)},
            "Ethernet1/2": {"mode": ("trunk", 13), "edge": ("yes", 15), "edge_trunk": ("yes", 15)},  # edge trunk
            "Ethernet1/3": {"edge": ("no", 19)},  # network
            "Ethernet1/4": {"edge": ("no", 22)},  # normal
        },
    ),
    "nxos/batfish-nxos_interface_switchport.cfg": Expect(
        ("nxos", 1),
        ("nxos_interface_switchport", 3),
        23,
        {
            "Port-channel1": {},  # "interface port-channel1"
            "Port-channel2.1": {},
            "Ethernet1/9": {"mode": ("trunk", 172), "allowed_vlans": ("1,3-4094", 173)},
            "Ethernet1/16": {"switchport": ("yes", 242), "mode": ("monitor", 243)},
        },
        settings={
            "system_default_switchport": ("yes", 8),
            "system_default_switchport_shutdown": ("no", 9),
        },
    ),
    "nxos/batfish-nxos_port_channel.cfg": Expect(
        ("nxos", 1),
        ("nxos_port_channel", 3),
        17,
        {
            # "channel-group 2" bare: NX-OS's static LAG, printed without a mode.
            "Ethernet1/2": {"shutdown": ("yes", 24), "channel_group": ("Port-channel2", 25)},
            # "interface Ethernet1/6-7": one fact per port, both at the range line.
            "Ethernet1/6": {
                "switchport": ("no", 51),
                "shutdown": ("no", 52),
                "channel_group": ("Port-channel4", 54),
            },
            "Ethernet1/7": {
                "switchport": ("no", 51),
                "shutdown": ("no", 52),
                "channel_group": ("Port-channel4", 54),
            },
            # Own stanza (one-space indent, then a two-space "bandwidth"), then the range
            # "Ethernet1/8-9 … channel-group 5 force": force is not a mode.
            "Ethernet1/8": {
                "switchport": ("no", 60),
                "shutdown": ("no", 61),
                "channel_group": ("Port-channel5", 70),
            },
            "Ethernet1/9": {"shutdown": ("no", 65), "channel_group": ("Port-channel5", 70)},
            "Port-channel6": {},  # "interface port-channel 6"
            "Ethernet1/12": {
                "channel_group": ("Port-channel7", 87),
                "channel_mode": ("active", 87),
            },
        },
        locations={"Ethernet1/6": 50, "Ethernet1/7": 50, "Ethernet1/8": 59, "Port-channel6": 75},
        settings={
            "system_default_switchport": ("yes", 7),
            "system_default_switchport_shutdown": ("no", 8),
        },
    ),
    "nxos/ciscoconfparse-sample_01.nxos": Expect(
        ("nxos", 1),  # version 6.2(12)
        ("sample_nxos_01", 3),
        82,
        {
            "Port-channel50": {
                "description": ("", 430),
                "switchport": ("yes", 431),
                "mode": ("trunk", 432),
                "mlag_id": ("50", 433),  # vpc 50
            },
            "Port-channel101": {
                "description": ("", 490),
                "switchport": ("yes", 491),
                "mode": ("trunk", 492),
                "edge": ("no", 493),  # port type network
                "vpc_peer_link": ("yes", 494),
            },
            "Port-channel3991": {
                "description": ("", 508),
                "switchport": ("yes", 509),
                "mode": ("trunk", 510),
                "allowed_vlans": ("11", 511),
                "mlag_id": ("3991", 512),
            },
            # A FEX uplink: bare channel-group, no mode.
            "Ethernet2/1": {
                "description": ("", 519),
                "switchport": ("yes", 520),
                "mode": ("fex-fabric", 521),
                "mtu": ("9216", 523),
                "channel_group": ("Port-channel112", 524),
                "shutdown": ("no", 525),
            },
            "Ethernet7/23": {
                "description": ("", 795),
                "channel_group": ("Port-channel80", 796),
                "channel_mode": ("active", 796),
                "shutdown": ("no", 797),
            },
            # hsrp sub-blocks (preempt, priority, ip …) are not the SVI's lines.
            "Vlan249": {"description": ("", 177), "shutdown": ("no", 178)},
            "Loopback1": {"description": ("", 803)},  # "interface loopback1"
        },
        settings={"vpc_domain": ("4", 143)},
    ),
    # -- EOS -----------------------------------------------------------------------
    "eos/avd-eos_cli_config_gen-ethernet-interfaces.cfg": Expect(
        ("eos", 6),  # l2 mtu
        None,
        89,
        {
            # Every switchport variant on one port; its "comment … EOF" block (63-65) is
            # skipped.  Routed at the end ("no switchport", 21).
            "Ethernet1": {
                "description": ("P2P_LINK_TO_DC1-SPINE1_Ethernet1", 3),
                "mtu": ("1500", 4),
                "l2_mtu": ("8000", 6),
                "speed": ("forced 100gfull", 8),
                "access_vlan": ("200", 9),
                "native_vlan": ("tag", 10),
                "allowed_vlans": ("110-111,210-211", 15),
                "mode": ("dot1q-tunnel", 16),
                "switchport": ("no", 21),
                "link_tracking": ("upstream", 62),
                "link_tracking_group": ("EVPN_MH_ES1", 62),
            },
            "Ethernet4": {
                "description": ("Molecule IPv6", 123),
                "shutdown": ("yes", 124),
                "mtu": ("9100", 125),
                "switchport": ("no", 126),
            },
            "Ethernet7": {
                "description": ("Molecule L2", 187),
                "shutdown": ("no", 188),
                "mtu": ("7000", 189),
                "switchport": ("yes", 190),
                "edge": ("yes", 207),
            },
            "Ethernet8.101": {"description": ("to WAN-ISP-01 Ethernet2.101 - VRF-C1", 220)},
            "Ethernet13": {
                "description": ("interface_in_mode_access_with_voice", 256),
                "native_vlan": ("100", 259),
                "mode": ("trunk phone", 262),
                "switchport": ("yes", 263),
            },
            # "evpn ethernet-segment" and its indented lines are a nested block.
            "Ethernet27": {
                "description": ("EVPN-Vxlan single-active redundancy", 381),
                "switchport": ("yes", 382),
            },
            "Ethernet46": {
                "description": ("native-vlan-tag-precedence", 511),
                "native_vlan": ("tag", 512),
                "mode": ("trunk", 513),
                "switchport": ("yes", 514),
            },
        },
    ),
    "eos/avd-eos_cli_config_gen-mlag-configuration.cfg": Expect(
        ("eos", 7),  # mlag configuration
        None,
        1,
        {"Management1": {"description": ("OOB_MANAGEMENT", 3)}},
        settings={"mlag_domain": ("sw1-sw2-mlag-domain", 8)},
    ),
    "eos/avd-eos_cli_config_gen-port-channel-interfaces.cfg": Expect(
        ("eos", 6),  # switchport trunk group
        None,
        75,
        {
            "Port-channel5": {
                "description": ("DC1_L2LEAF1_Po1", 13),
                "allowed_vlans": ("110,201", 15),
                "mode": ("trunk", 16),
                "switchport": ("yes", 17),
                "l2_mtu": ("8000", 31),
                "mlag_id": ("5", 33),
                "link_tracking": ("downstream", 37),
                "link_tracking_group": ("EVPN_MH_ES1", 37),
            },
            "Port-channel50": {
                "description": ("SRV-POD03_PortChanne1", 141),
                "allowed_vlans": ("1-4000", 142),
                "mode": ("trunk", 143),
                "switchport": ("yes", 144),
                "lacp_system_id": ("0303.0202.0101", 149),  # after the evpn sub-block
            },
            "Port-channel104": {
                "description": ("LACP fallback individual", 252),
                "allowed_vlans": ("112", 253),
                "mode": ("trunk", 254),
                "switchport": ("yes", 255),
                "lacp_fallback": ("individual", 256),
            },
            "Port-channel111.1000": {
                "description": ("L2 Subinterface", 340),
                "lacp_system_id": ("0303.0202.0101", 349),
            },
            "Port-channel115": {
                "description": ("native-vlan-tag-precedence", 375),
                "native_vlan": ("tag", 376),
                "mode": ("trunk", 377),
                "switchport": ("yes", 378),
            },
            "Ethernet10/4": {
                "description": ("LAG Member LACP fallback", 518),
                "allowed_vlans": ("100", 519),
                "mode": ("trunk", 520),
                "switchport": ("yes", 521),
                "channel_group": ("Port-channel104", 522),
                "channel_mode": ("active", 522),
                "edge": ("yes", 523),
            },
            # "lacp timer fast" (newer EOS); "lacp timer multiplier 30" is not a rate.
            "Ethernet15": {
                "description": ("DC1-AGG03_Ethernet1", 545),
                "channel_group": ("Port-channel15", 546),
                "channel_mode": ("active", 546),
                "lacp_rate": ("fast", 547),
            },
            "Ethernet16": {
                "description": ("DC1-AGG04_Ethernet1", 551),
                "channel_group": ("Port-channel16", 552),
                "channel_mode": ("active", 552),
                "lacp_rate": ("normal", 553),
            },
        },
    ),
    "eos/avd-l2ls-fabric-LEAF1.cfg": Expect(
        ("eos", 10),  # transceiver qsfp default-mode
        ("LEAF1", 14),
        9,
        {
            "Port-channel1": {
                "description": ("L2_SPINES_Port-Channel1", 45),
                "shutdown": ("no", 46),
                "allowed_vlans": ("10,20", 47),
                "mode": ("trunk", 48),
                "switchport": ("yes", 49),
                "mlag_id": ("1", 50),
            },
            "Ethernet1": {
                "description": ("L2_SPINE1_Ethernet1", 60),
                "shutdown": ("no", 61),
                "channel_group": ("Port-channel1", 62),
                "channel_mode": ("active", 62),
            },
            # The plain (non-LAG) host port of the manifest.
            "Ethernet3": {
                "description": ("SERVER_HostA_Eth1", 70),
                "shutdown": ("no", 71),
                "access_vlan": ("10", 72),
                "mode": ("access", 73),
                "switchport": ("yes", 74),
                "edge": ("yes", 75),
            },
            # "no ip routing vrf MGMT" (99) at column 0 ends the stanza.
            "Vlan4094": {
                "description": ("MLAG", 94),
                "shutdown": ("no", 95),
                "mtu": ("1500", 96),
            },
        },
        settings={"mlag_domain": ("RACK1", 102)},
    ),
    "eos/avd-single-dc-l3ls-dc1-leaf1a.cfg": Expect(
        ("eos", 8),  # daemon TerminAttr
        ("dc1-leaf1a", 18),
        23,
        {
            "Port-channel5": {
                "description": ("SERVER_dc1-leaf1-server1_Bond1", 80),
                "shutdown": ("no", 81),
                "native_vlan": ("4092", 82),
                "allowed_vlans": ("11-12,21-22", 83),
                "mode": ("trunk", 84),
                "switchport": ("yes", 85),
                "mlag_id": ("5", 86),
                "edge": ("yes", 87),
            },
            "Ethernet5": {
                "description": ("SERVER_dc1-leaf1-server1_PCI1", 122),
                "shutdown": ("no", 123),
                "channel_group": ("Port-channel5", 124),
                "channel_mode": ("active", 124),
            },
        },
        settings={"mlag_domain": ("DC1_L3_LEAF1", 242)},
    ),
    "eos/avd-single-dc-l3ls-dc1-leaf1b.cfg": Expect(
        ("eos", 8),
        ("dc1-leaf1b", 18),
        23,
        {
            "Ethernet5": {
                "description": ("SERVER_dc1-leaf1-server1_PCI2", 122),
                "shutdown": ("no", 123),
                "channel_group": ("Port-channel5", 124),
                "channel_mode": ("active", 124),
            },
        },
        settings={"mlag_domain": ("DC1_L3_LEAF1", 242)},
    ),
    "eos/batfish-arista_interface_show_run_all_2.cfg": Expect(
        ("eos", 1),
        ("arista_interface_show_run_all_2", 8),
        4,
        {
            # show running-config all: "no channel-group", "no l2 mtu", "spanning-tree
            # portfast auto" (the default) all leave their keys unset.
            "Ethernet1/1": {
                "shutdown": ("no", 11),
                "mtu": ("9212", 13),
                "speed": ("forced 100gfull", 22),
                "switchport": ("no", 31),
                "lacp_rate": ("normal", 84),
                "description": ("Made it to the end of Ethernet1/1", 218),
            },
            "Ethernet1/3": {
                "shutdown": ("no", 222),
                "access_vlan": ("1", 240),
                "native_vlan": ("1", 241),
                "allowed_vlans": ("all", 244),  # 1-4094 is all of them
                "mode": ("access", 245),
                "switchport": ("yes", 249),
                "lacp_rate": ("normal", 308),
                "description": ("Made it to the end of Ethernet1/3", 472),
            },
        },
    ),
    "eos/batfish-eos-allowed-vlans.cfg": Expect(
        ("eos", 1),  # "! boot system flash:/EOS-4.19.1F.swi"
        ("eos-allowed-vlans", 3),
        10,
        {},  # see test_eos_allowed_vlans_match_descriptions
    ),
    "eos/batfish-eos-mlag-new-interface-names.cfg": Expect(
        ("eos", 1),
        ("eos-mlag-new-interface-names", 3),
        0,  # an mlag block and nothing else: no domain-id, no interface
        {},
    ),
    "eos/batfish-eos-mlag.cfg": Expect(
        ("eos", 1),
        ("eos-mlag", 3),
        1,
        {"Port-channel1": {"mlag_id": ("5", 14)}},
        settings={"mlag_domain": ("MLAG_DOMAIN_ID", 6)},
    ),
    "eos/batfish-eos-port-channel.cfg": Expect(
        ("eos", 3),  # boot system flash fake.swi
        ("eos-port-channel", 2),
        6,
        {
            "Ethernet0": {
                "channel_group": ("Port-channel1", 6),
                "channel_mode": ("active", 6),
                "speed": ("forced 40gfull", 7),
            },
            "Port-channel2": {},  # a port-channel with no members
        },
    ),
    "eos/batfish-eos_mlag-unit.cfg": Expect(
        ("eos", 1),
        ("eos_mlag", 3),
        2,
        {
            "Port-channel1": {"description": ("to MLAG PEER", 10), "mode": ("trunk", 11)},
            "Port-channel2": {"switchport": ("no", 14), "mlag_id": ("2", 15)},
        },
        # The mlag block's own "shutdown" / "no shutdown" (29-30) are not a port's.
        settings={"mlag_domain": ("MLAG_DOMAIN", 19)},
    ),
}


def test_corpus_table_covers_every_config() -> None:
    corpus_path(SWITCH, "MANIFEST.tsv")  # skips without the shared corpus
    assert sorted(CORPUS_TABLE) == sorted(rel(path) for path in corpus_configs())


@pytest.mark.parametrize("name", sorted(CORPUS_TABLE))
def test_corpus_file(name: str) -> None:
    expect = CORPUS_TABLE[name]
    result = corpus_result(name)
    config = config_of(result)
    ports = ports_of(result)
    platform = config.values["platform"]
    assert (platform.value, platform.location.line) == expect.platform
    hostname = config.values["hostname"]
    source = config.values["hostname_source"].value
    if expect.hostname is None:
        # No hostname line, no prompt: the file's name (line 0) names the switch.
        assert (hostname.value, hostname.location.line) == (Path(name).stem, 0)
        assert source == "file name"
        assert config.location.line == 1
    else:
        assert (hostname.value, hostname.location.line) == expect.hostname
        assert source == "hostname line"
        assert config.location == hostname.location
    assert len(ports) == expect.count
    for key, want in expect.settings.items():
        assert located({key: config.values[key]})[key] == want, key
    settings_keys = set(config.values) - {"hostname", "hostname_source", "platform"}
    assert settings_keys == set(expect.settings)
    for port_name, port_values in expect.interfaces.items():
        assert port_name in ports, sorted(ports)[:20]
        assert located(ports[port_name].values) == port_values, port_name
    for port_name, line in expect.locations.items():
        assert ports[port_name].location.line == line, port_name


def test_large_ios_config_counts_match_the_manifest() -> None:
    """MANIFEST: "314 access+portfast ports, 310 trunks" among 4,718 interfaces."""
    ports = ports_of(corpus_result("ios/ciscoconfparse-sample_06-large.ios")).values()
    edge = [p for p in ports if "edge" in p.values]
    trunks = [p for p in ports if p.values.get("mode", Located("", p.location)).value == "trunk"]
    assert len(edge) == 314
    assert all(p.values["mode"].value == "access" for p in edge)
    assert len(trunks) == 310
    assert all("allowed_vlans" in p.values for p in trunks)
    assert sum(p.name.value.startswith("Vlan") for p in ports) == 4094


def test_nxos_port_profile_and_vdc_lines_are_not_interfaces() -> None:
    """sample_01's allowed-vlan continuation lines sit in a port-profile, not a port."""
    ports = ports_of(corpus_result("nxos/ciscoconfparse-sample_01.nxos"))
    values = {name: plain(port.values) for name, port in ports.items()}
    allowed = {name: v["allowed_vlans"] for name, v in values.items() if "allowed_vlans" in v}
    assert allowed == {"Port-channel3991": "11"}
    # "vdc … / allocate interface Ethernet1/1-48" is not an interface stanza.
    assert "Ethernet1/1" not in ports and "Ethernet1/2" not in ports


def test_eos_mlag_pair_agrees() -> None:
    """The two AVD leaves give their server port-channel the same mlag id and domain."""
    a = corpus_result("eos/avd-single-dc-l3ls-dc1-leaf1a.cfg")
    b = corpus_result("eos/avd-single-dc-l3ls-dc1-leaf1b.cfg")
    assert config_of(a).values["mlag_domain"].value == config_of(b).values["mlag_domain"].value
    pa, pb = ports_of(a)["Port-channel5"], ports_of(b)["Port-channel5"]
    assert plain(pa.values) == plain(pb.values)
    assert pa.switch is not None and pa.switch.value == "dc1-leaf1a"
    assert pb.switch is not None and pb.switch.value == "dc1-leaf1b"


# --------------------------------------------------------------------------------------
# 3. expectations stated by the corpus, in Batfish's vocabulary


def vlan_set(text: str) -> frozenset[int]:
    """An allowed list as a set, read with netutils (independent of the parser)."""
    from netutils.vlan import vlanconfig_to_list

    if text == "all":
        return ALL_VLANS
    if text == "none":
        return frozenset()
    return frozenset(vlanconfig_to_list(text))


def vlan_text(vlans: frozenset[int]) -> str:
    from netutils.vlan import vlanlist_to_config

    if not vlans:
        return "none"
    return vlanlist_to_config(sorted(vlans), first_line_len=10**6, min_grouping_size=2)[0]


def nxos_expected_name(written: str) -> str:
    """How an NX-OS name in a comment is reported (port-channel1 -> Port-channel1)."""
    for prefix, canonical in (("port-channel", "Port-channel"), ("mgmt", "Management")):
        if written.startswith(prefix):
            return canonical + written[len(prefix) :]
    return written


def batfish_comments(text: str) -> dict[str, dict[str, str]]:
    """The ``! - key = value`` comments above each ``interface`` line."""
    found: dict[str, dict[str, str]] = {}
    pending: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("! - ") and " = " in stripped:
            key, _, value = stripped[4:].partition(" = ")
            pending[key.strip()] = value.strip()
        elif line.startswith("interface "):
            found[nxos_expected_name(line.split(None, 1)[1].strip())] = pending
            pending = {}
    return found


def as_batfish_nxos(port: SwitchInterface, config: SwitchConfig, defined: frozenset[int]) -> dict[str, str]:
    """The port with NX-OS defaults applied, in the words of Batfish's comments.

    Written from NX-OS's rules, not from the parser: Ethernet and port-channel ports
    follow ``system default switchport``; loopback, mgmt and sub-interfaces are never
    switchports; a sub-interface starts shut; VLAN lists only hold defined VLANs.
    """
    values = plain(port.values)
    name = port.name.value
    capable = name.startswith(("Ethernet", "Port-channel")) and "." not in name
    default = config.values["system_default_switchport"].value == "yes"
    switchport = capable and values.get("switchport", "yes" if default else "no") == "yes"
    out = {"switchport": str(switchport).lower()}
    shut_default = "yes" if "." in name else "no"
    out["shutdown"] = str(values.get("shutdown", shut_default) == "yes").lower()
    mode = values.get("mode", "access") if switchport else "none"
    out["switchport mode"] = mode
    if mode == "access":
        vlan = values.get("access_vlan", "1")
        out["switchport access vlan"] = vlan if int(vlan) in defined else "null"
    if mode == "trunk":
        out["switchport native vlan"] = values.get("native_vlan", "1")
        allowed = vlan_set(values.get("allowed_vlans", "all"))
        out["switchport allowed vlans"] = vlan_text(allowed & defined)
    return out


def batfish_value(key: str, text: str) -> str:
    """Batfish's comment value in the projection's spelling."""
    text = text.split(" (")[0].strip()  # "1-5 (all active VLANs)"
    if key == "switchport mode":
        return text.lower()
    if key == "switchport allowed vlans":
        return "none" if text == "{}" else text.replace(" ", "")
    return text


# Comment keys not compared: "active" is Batfish's topology verdict (VLAN state, members,
# management blacklist), not configuration; bondlint does not read sub-interface
# encapsulation ("encapsulation vlan").
NOT_COMPARED = {"active", "encapsulation vlan"}


def test_nxos_switchport_comments_and_manifest() -> None:
    name = "nxos/batfish-nxos_interface_switchport.cfg"
    text = corpus_path(SWITCH, name).read_text(encoding="utf-8")
    result = corpus_result(name)
    config, ports = config_of(result), ports_of(result)
    defined = frozenset(range(1, 6))  # line 13: "vlan 1-5"
    stated = batfish_comments(text)
    compared = 0
    for port_name, expectations in stated.items():
        projection = as_batfish_nxos(ports[port_name], config, defined)
        for key, value in expectations.items():
            if key in NOT_COMPARED:
                continue
            assert projection.get(key) == batfish_value(key, value), f"{port_name} {key}"
            compared += 1
    assert compared >= 60
    # conftest types rows as str -> str, but expected_json holds the parsed JSON.
    row: dict[str, Any] = next(row for row in manifest_rows(SWITCH) if row["file"] == name)
    manifest = row["expected_json"]
    assert manifest is not None and manifest.pop("expected_in_comments") is True
    for key, want in manifest.items():
        port_name, _, what = key.rpartition(".")
        assert what == "allowed"
        projection = as_batfish_nxos(ports[port_name], config, defined)
        assert projection["switchport allowed vlans"] == want, key


def test_nxos_port_channel_comments() -> None:
    """The comments of Batfish's nxos_port_channel test, one by one."""
    ports = ports_of(corpus_result("nxos/batfish-nxos_port_channel.cfg"))

    def shut(name: str) -> bool:
        return plain(ports[name].values).get("shutdown") == "yes"

    def group(name: str) -> str | None:
        return plain(ports[name].values).get("channel_group")

    # "port-channel with no members: shutdown = false (default)"; "lacp min-links = 2"
    # is not compared: bondlint does not read min-links.
    assert not shut("Port-channel1")
    assert [n for n in ports if group(n) == "Port-channel1"] == []
    # "port-channel with shutdown member": Ethernet1/2 is its only member, and shut.
    assert not shut("Port-channel2")
    assert [n for n in ports if group(n) == "Port-channel2"] == ["Ethernet1/2"]
    assert shut("Ethernet1/2")
    # "active members (2/3 active)": three members, one shut.
    members = [n for n in ports if group(n) == "Port-channel3"]
    assert members == ["Ethernet1/3", "Ethernet1/4", "Ethernet1/5"]
    assert [n for n in members if shut(n)] == ["Ethernet1/5"]
    # Ranges with channel-group 4 / 5 force / 6 force: every port of the range joins.
    # Batfish also creates the missing port-channel and copies settings for "force";
    # that is a conversion, not configuration, and bondlint does not do it.
    assert [n for n in ports if group(n) == "Port-channel4"] == ["Ethernet1/6", "Ethernet1/7"]
    assert [n for n in ports if group(n) == "Port-channel5"] == ["Ethernet1/8", "Ethernet1/9"]
    assert [n for n in ports if group(n) == "Port-channel6"] == ["Ethernet1/10", "Ethernet1/11"]
    assert "Port-channel4" not in ports and "Port-channel5" not in ports
    # "! LACP active" / "! not running LACP" / "! LACP passive" inside the stanzas.
    seven = [n for n in ports if group(n) == "Port-channel7"]
    modes = {n: plain(ports[n].values)["channel_mode"] for n in seven}
    assert modes == {"Ethernet1/12": "active", "Ethernet1/13": "on", "Ethernet1/14": "passive"}
    bare = ("Ethernet1/2", "Ethernet1/8", "Ethernet1/10")  # "channel-group N" / "… force"
    assert all("channel_mode" not in ports[n].values for n in bare)


# Each Port-Channel's description states the rule; the value follows from its lines.
EOS_DESCRIPTIONS = {
    "fixed allowed VLANs": "1-2",
    "fixed allowed VLANs, out of order": "2-3",
    "no allowed vlans, out of order": "none",
    "no allowed vlans": "none",
    "default allowed vlans": "all",  # no line at all: the default
    "fixed, add, remove vlans": "1,3-4",
    "default and add is a no-op": "all",
    "except": "1-6,8-4094",
    "all": "all",
    "no means defaults": "all",
}


def test_eos_allowed_vlans_match_descriptions() -> None:
    name = "eos/batfish-eos-allowed-vlans.cfg"
    corpus_path(SWITCH, "MANIFEST.tsv")  # skips without the shared corpus
    corpus_path(SWITCH, name)
    row: dict[str, Any] = next(row for row in manifest_rows(SWITCH) if row["file"] == name)
    assert row["expected_json"] == {"expected_in_descriptions": True}
    ports = ports_of(corpus_result(name))
    assert len(ports) == len(EOS_DESCRIPTIONS)
    for port in ports.values():
        values = plain(port.values)
        effective = values.get("allowed_vlans", "all")
        assert effective == EOS_DESCRIPTIONS[values["description"]], port.name.value
        assert values["mode"] == "trunk"
    # Lines: the last line that changed the list.
    assert ports["Port-channel6"].values["allowed_vlans"].location.line == 33
    assert ports["Port-channel10"].values["allowed_vlans"].location.line == 55
    assert "allowed_vlans" not in ports["Port-channel5"].values


def test_every_manifest_expectation_for_configs_is_checked() -> None:
    """Only the two files above carry MANIFEST expectations among the configs."""
    corpus_path(SWITCH, "MANIFEST.tsv")  # skips without the shared corpus
    names = {rel(path) for path in corpus_configs()}
    with_expectations = {row["file"] for row in manifest_rows(SWITCH) if row["file"] in names and row["expected_json"]}
    assert with_expectations == {
        "nxos/batfish-nxos_interface_switchport.cfg",
        "nxos/batfish-nxos_port_channel.cfg",
        "eos/batfish-eos-allowed-vlans.cfg",
    }


# --------------------------------------------------------------------------------------
# 4. hand-written constructs


def one_port(result: ParseResult, name: str) -> dict[str, tuple[str, int]]:
    ports = ports_of(result)
    assert name in ports, sorted(ports)
    return located(ports[name].values)


def test_interface_reentry_merges_and_later_lines_win() -> None:
    result = parse_lines(
        "hostname sw1",  # 1
        "interface GigabitEthernet1/0/1",  # 2
        " description first",  # 3
        " switchport mode access",  # 4
        " switchport access vlan 10",  # 5
        "!",  # 6
        "interface Gi1/0/1",  # 7: the same port, abbreviated
        " description second",  # 8
        " no switchport access vlan",  # 9
    )
    ports = ports_of(result)
    assert list(ports) == ["GigabitEthernet1/0/1"]
    assert ports["GigabitEthernet1/0/1"].location.line == 2
    assert located(ports["GigabitEthernet1/0/1"].values) == {
        "description": ("second", 8),
        "mode": ("access", 4),
    }


def test_interface_name_spellings() -> None:
    result = parse_lines(
        "interface GigabitEthernet 1/3",  # 1
        "interface port-channel10",  # 2
        "interface Port-Channel11",  # 3
        "interface port-channel 12",  # 4
        "interface ethernet 1/11",  # 5
        "interface Port-channel10.100",  # 6
        "interface Gi0/1.5",  # 7
        "interface Te1/1",  # 8
        "interface vlan 20",  # 9
        "interface Serial0/0.1 point-to-point",  # 10
    )
    assert [(p.name.value, p.location.line) for p in ports_of(result).values()] == [
        ("GigabitEthernet1/3", 1),
        ("Port-channel10", 2),
        ("Port-channel11", 3),
        ("Port-channel12", 4),
        ("Ethernet1/11", 5),
        ("Port-channel10.100", 6),
        ("GigabitEthernet0/1.5", 7),
        ("TenGigabitEthernet1/1", 8),
        ("Vlan20", 9),
        ("Serial0/0.1", 10),
    ]


def test_hand_written_ranges_expand_at_the_range_line() -> None:
    result = parse_lines(
        "interface Ethernet1/6-7",  # 1  NX-OS
        "  channel-group 4 mode active",  # 2
        "interface Ethernet1-3,5",  # 3  EOS list: 5 is an Ethernet too
        "   switchport access vlan 9",  # 4
        "interface range GigabitEthernet1/0/1 - 2, GigabitEthernet1/0/9",  # 5  IOS
        " spanning-tree portfast",  # 6
        "define interface-range SERVERS Te1/1/1 - 2",  # 7
        "interface range macro SERVERS",  # 8
        " mtu 9000",  # 9
    )
    ports = ports_of(result)
    assert {n: (p.location.line, located(p.values)) for n, p in ports.items()} == {
        "Ethernet1/6": (1, {"channel_group": ("Port-channel4", 2), "channel_mode": ("active", 2)}),
        "Ethernet1/7": (1, {"channel_group": ("Port-channel4", 2), "channel_mode": ("active", 2)}),
        "Ethernet1": (3, {"access_vlan": ("9", 4)}),
        "Ethernet2": (3, {"access_vlan": ("9", 4)}),
        "Ethernet3": (3, {"access_vlan": ("9", 4)}),
        "Ethernet5": (3, {"access_vlan": ("9", 4)}),
        "GigabitEthernet1/0/1": (5, {"edge": ("yes", 6)}),
        "GigabitEthernet1/0/2": (5, {"edge": ("yes", 6)}),
        "GigabitEthernet1/0/9": (5, {"edge": ("yes", 6)}),
        "TenGigabitEthernet1/1/1": (8, {"mtu": ("9000", 9)}),
        "TenGigabitEthernet1/1/2": (8, {"mtu": ("9000", 9)}),
    }
    assert result.diagnostics == []


def test_range_then_own_stanza_merge_per_port() -> None:
    result = parse_lines(
        "interface Ethernet1/1-2",  # 1
        "  switchport trunk allowed vlan 10-20",  # 2
        "interface Ethernet1/2",  # 3
        "  switchport trunk allowed vlan remove 15",  # 4
    )
    assert one_port(result, "Ethernet1/1") == {"allowed_vlans": ("10-20", 2)}
    assert one_port(result, "Ethernet1/2") == {"allowed_vlans": ("10-14,16-20", 4)}


def test_allowed_vlan_operations_in_order() -> None:
    result = parse_lines(
        "interface Ethernet1",  # 1
        "  switchport trunk allowed vlan 11,14-15,192,301",  # 2
        "  switchport trunk allowed vlan add 2064,2128, 2140",  # 3: continuation, a space
        "  switchport trunk allowed vlan add 16",  # 4: joins 14-15
        "interface Ethernet2",  # 5
        "  switchport trunk allowed vlan except 1-9",  # 6
        "  switchport trunk allowed vlan remove 4000-4094",  # 7
        "interface Ethernet3",  # 8
        "  switchport trunk allowed vlan none",  # 9
        "  switchport trunk allowed vlan add 5",  # 10
        "interface Ethernet4",  # 11
        "  switchport trunk allowed vlan 7",  # 12
        "  no switchport trunk allowed vlan",  # 13
        "interface Ethernet5",  # 14
        "  switchport trunk allowed vlan remove 1",  # 15: from the default, all
        "interface Ethernet6",  # 16
        "  switchport trunk allowed vlan 1-4094",  # 17
        "interface Ethernet7",  # 18
        "  switchport trunk allowed vlan all",  # 19
        "  switchport trunk allowed vlan remove 1-4094",  # 20
    )
    assert one_port(result, "Ethernet1") == {"allowed_vlans": ("11,14-16,192,301,2064,2128,2140", 4)}
    assert one_port(result, "Ethernet2") == {"allowed_vlans": ("10-3999", 7)}
    assert one_port(result, "Ethernet3") == {"allowed_vlans": ("5", 10)}
    assert one_port(result, "Ethernet4") == {"allowed_vlans": ("all", 13)}
    assert one_port(result, "Ethernet5") == {"allowed_vlans": ("2-4094", 15)}
    assert one_port(result, "Ethernet6") == {"allowed_vlans": ("all", 17)}
    assert one_port(result, "Ethernet7") == {"allowed_vlans": ("none", 20)}


def test_unreadable_vlan_list_is_reported_and_ignored() -> None:
    result = parse_lines(
        "interface Ethernet1",  # 1
        "  switchport trunk allowed vlan 10",  # 2
        "  switchport trunk allowed vlan add 5000",  # 3: out of range
        "  switchport trunk allowed vlan add 9-3",  # 4: backwards
        "  switchport trunk allowed vlan",  # 5: truncated
    )
    assert one_port(result, "Ethernet1") == {"allowed_vlans": ("10", 2)}
    assert [d.location.line for d in result.diagnostics] == [3, 4, 5]
    assert all("VLAN list" in d.message for d in result.diagnostics)


def test_channel_group_forms() -> None:
    result = parse_lines(
        "feature lacp",  # 1
        "interface Ethernet1/1",  # 2
        "  channel-group 10",  # 3: NX-OS static, printed without a mode
        "interface Ethernet1/2",  # 4
        "  channel-group 10 mode active",  # 5
        "  channel-group 10 force",  # 6: force is not a mode; the bare form wins
        "interface Ethernet1/3",  # 7
        "  channel-group 11 force mode passive",  # 8
        "interface Ethernet1/4",  # 9
        "  channel-group 12 mode desirable non-silent",  # 10
        "  no channel-group",  # 11
        "interface Ethernet1/5",  # 12
        "  channel-group 13 mode on",  # 13
    )
    assert one_port(result, "Ethernet1/1") == {"channel_group": ("Port-channel10", 3)}
    assert one_port(result, "Ethernet1/2") == {"channel_group": ("Port-channel10", 6)}
    assert one_port(result, "Ethernet1/3") == {
        "channel_group": ("Port-channel11", 8),
        "channel_mode": ("passive", 8),
    }
    assert one_port(result, "Ethernet1/4") == {}
    assert one_port(result, "Ethernet1/5") == {
        "channel_group": ("Port-channel13", 13),
        "channel_mode": ("on", 13),
    }


def test_lacp_rate_spellings() -> None:
    result = parse_lines(
        "interface Ethernet1",  # 1
        "   lacp timer fast",  # 2: EOS, newer
        "interface Ethernet2",  # 3
        "   lacp rate fast",  # 4: IOS/NX-OS, older EOS
        "interface Ethernet3",  # 5
        "   lacp timer fast",  # 6
        "   lacp timer multiplier 30",  # 7: not a rate
        "   no lacp timer",  # 8
        "interface Port-Channel1",  # 9
        "   port-channel lacp fallback static",  # 10
        "   port-channel lacp fallback timeout 50",  # 11
        "   lacp system-id 0001.0002.0003",  # 12
        "   no lacp suspend-individual",  # 13
    )
    assert one_port(result, "Ethernet1") == {"lacp_rate": ("fast", 2)}
    assert one_port(result, "Ethernet2") == {"lacp_rate": ("fast", 4)}
    assert one_port(result, "Ethernet3") == {}
    assert one_port(result, "Port-channel1") == {
        "lacp_fallback": ("static", 10),
        "lacp_system_id": ("0001.0002.0003", 12),
        "lacp_suspend_individual": ("no", 13),
    }


def test_edge_spellings() -> None:
    result = parse_lines(
        "interface Gi1",  # 1
        " spanning-tree portfast edge trunk",  # 2
        "interface Gi2",  # 3
        " spanning-tree portfast disable",  # 4
        "interface Gi3",  # 5
        " spanning-tree portfast network",  # 6
        "interface Ethernet4",  # 7
        "  spanning-tree port type edge trunk",  # 8
        "interface Ethernet5",  # 9
        "   spanning-tree portfast",  # 10
        "   spanning-tree portfast auto",  # 11: EOS's default, printed by show run all
        "interface Gi6",  # 12
        " spanning-tree portfast",  # 13
        " no spanning-tree portfast",  # 14
        "interface Gi7",  # 15
        " spanning-tree bpduguard enable",  # 16: not edge
    )
    edges = {n: plain(p.values).get("edge") for n, p in ports_of(result).items()}
    assert edges == {
        "GigabitEthernet1": "yes",
        "GigabitEthernet2": "no",
        "GigabitEthernet3": "no",
        "Ethernet4": "yes",
        "Ethernet5": None,
        "GigabitEthernet6": None,
        "GigabitEthernet7": None,
    }


def test_mlag_vpc_and_global_settings() -> None:
    result = parse_lines(
        "feature vpc",  # 1
        "system default switchport",  # 2
        "system default switchport shutdown",  # 3
        "spanning-tree port type edge default",  # 4
        "spanning-tree port type edge bpduguard default",  # 5: bpduguard, not edge
        "spanning-tree vlan 1-4094 forward-time 4",  # 6
        "system jumbomtu 9216",  # 7
        "vpc domain 10",  # 8
        "  peer-keepalive destination 10.0.0.2 source 10.0.0.1 vrf management",  # 9
        "  shutdown",  # 10: the domain's, not a port's
        "interface port-channel1",  # 11
        "  vpc peer-link",  # 12
        "interface port-channel20",  # 13
        "  vpc 20",  # 14
        "switchname nx1",  # 15: the hostname after the interfaces
    )
    config = config_of(result)
    assert located(config.values) == {
        "hostname": ("nx1", 15),
        "hostname_source": ("hostname line", 15),
        "platform": ("nxos", 1),
        "system_default_switchport": ("yes", 2),
        "system_default_switchport_shutdown": ("yes", 3),
        "portfast_default": ("yes", 4),
        "forward_delay": ("4", 6),
        "mtu": ("9216", 7),
        "vpc_domain": ("10", 8),
    }
    assert config.location.line == 15
    ports = ports_of(result)
    assert located(ports["Port-channel1"].values) == {"vpc_peer_link": ("yes", 12)}
    assert located(ports["Port-channel20"].values) == {"mlag_id": ("20", 14)}
    assert all(p.switch == config.values["hostname"] for p in ports.values())


def test_ios_globals() -> None:
    result = parse_lines(
        "version 15.2",  # 1
        "hostname cat1",  # 2
        "spanning-tree portfast edge default",  # 3
        "spanning-tree portfast bpduguard default",  # 4
        "system mtu jumbo 9000",  # 5
        "system mtu routing 1500",  # 6: routing MTU, not L2
    )
    assert located(config_of(result).values) == {
        "hostname": ("cat1", 2),
        "hostname_source": ("hostname line", 2),
        "platform": ("ios", 1),
        "portfast_default": ("yes", 3),
        "mtu": ("9000", 5),
    }


def test_eos_mlag_block() -> None:
    result = parse_lines(
        "! device: leaf1 (DCS-7050SX3-48YC12, EOS-4.28.3M)",  # 1
        "hostname leaf1",  # 2
        "mlag configuration",  # 3
        "   domain-id RACK1",  # 4
        "   peer-link Port-Channel10",  # 5
        "   shutdown",  # 6
        "interface Port-Channel5",  # 7
        "   mlag 5",  # 8
        "   l2 mtu 9214",  # 9
    )
    config = config_of(result)
    assert located(config.values) == {
        "hostname": ("leaf1", 2),
        "hostname_source": ("hostname line", 2),
        "platform": ("eos", 1),
        "mlag_domain": ("RACK1", 4),
    }
    assert one_port(result, "Port-channel5") == {"mlag_id": ("5", 8), "l2_mtu": ("9214", 9)}


def test_banners_are_skipped() -> None:
    result = parse_lines(
        "hostname sw1",  # 1
        "banner motd ^C",  # 2
        "interface GigabitEthernet9/9",  # 3: banner text, not config
        " shutdown",  # 4
        "^C",  # 5
        "banner login ^CCNo entry^C",  # 6: one line, text starts right after the ^C
        "banner exec #",  # 7: any delimiter
        "hostname fake",  # 8
        "#",  # 9
        "banner motd \x03",  # 10: the ETX byte some tools save
        "interface Gi9/8",  # 11
        "\x03",  # 12
        "banner login",  # 13: EOS, ends at EOF
        "interface Ethernet99",  # 14
        "EOF",  # 15
        "interface Gi1/0/1",  # 16
        " shutdown",  # 17
    )
    config = config_of(result)
    assert config.values["hostname"].value == "sw1"
    assert list(ports_of(result)) == ["GigabitEthernet1/0/1"]
    assert one_port(result, "GigabitEthernet1/0/1") == {"shutdown": ("yes", 17)}
    assert result.diagnostics == []


def test_unterminated_banner_is_reported() -> None:
    result = parse_lines("hostname sw1", "banner motd ^C", "text", "interface Gi1/0/1")
    assert ports_of(result) == {}
    assert [(d.location.line, "never ends" in d.message) for d in result.diagnostics] == [(2, True)]


def test_eos_comment_block_and_ios_macro_are_skipped() -> None:
    result = parse_lines(
        "interface Ethernet1",  # 1
        "   comment",  # 2
        "   shutdown",  # 3: comment text
        "   EOF",  # 4
        "   description real",  # 5
        "macro name ACCESS",  # 6
        "switchport mode trunk",  # 7: macro body, column 0
        "@",  # 8
        "interface Ethernet2",  # 9
    )
    assert one_port(result, "Ethernet1") == {"description": ("real", 5)}
    assert one_port(result, "Ethernet2") == {}


def test_other_blocks_are_not_interfaces() -> None:
    result = parse_lines(
        "vlan 10",  # 1
        " name servers",  # 2
        " shutdown",  # 3
        "router ospf 1",  # 4
        " passive-interface default",  # 5
        " interface Gi0/0",  # 6: inside a router block (IOS-XR style)
        "line vty 0 4",  # 7
        " description not-a-port",  # 8
        "port-profile type ethernet VM",  # 9
        "  switchport mode trunk",  # 10
        "interface Vlan10",  # 11
        "  hsrp 10",  # 12
        "    ip 10.0.0.1",  # 13
        "    shutdown",  # 14: the HSRP group's, not the SVI's
        "  vrrp 20",  # 15
        "    no shutdown",  # 16
        "  description svi",  # 17
    )
    assert list(ports_of(result)) == ["Vlan10"]
    assert one_port(result, "Vlan10") == {"description": ("svi", 17)}


def test_sloppy_indentation_under_a_leaf_is_still_the_port() -> None:
    # Batfish's nxos_port_channel writes " no shutdown" then "  bandwidth …".
    result = parse_lines(
        "interface Ethernet1/8",  # 1
        " no switchport",  # 2
        "  channel-group 5 mode active",  # 3
        "interface Ethernet1/9",  # 4
        "  udld",  # 5: not ours, may open a block
        "    shutdown",  # 6: so this one is not read
        "  shutdown",  # 7
    )
    assert one_port(result, "Ethernet1/8") == {
        "switchport": ("no", 2),
        "channel_group": ("Port-channel5", 3),
        "channel_mode": ("active", 3),
    }
    assert one_port(result, "Ethernet1/9") == {"shutdown": ("yes", 7)}


def test_comments_crlf_tabs_and_bom() -> None:
    text = (
        "\ufeff!\r\n"  # 1
        "# a hash comment\r\n"  # 2
        "hostname sw1\r\n"  # 3
        "interface Ethernet1\r\n"  # 4
        "\tdescription  tabbed  \r\n"  # 5: trailing blanks kept, CR dropped
        "\t! indented comment\r\n"  # 6
        "\tswitchport access vlan 7\r\n"  # 7
        "end\r\n"  # 8
    )
    result = parse(text, "sw1.cfg")
    assert config_of(result).values["hostname"].value == "sw1"
    assert one_port(result, "Ethernet1") == {
        "description": ("tabbed  ", 5),
        "access_vlan": ("7", 7),
    }
    assert result.diagnostics == []


def test_mode_names_and_negations() -> None:
    result = parse_lines(
        "interface Gi1",  # 1
        " switchport mode dynamic desirable",  # 2
        "interface Ethernet2",  # 3
        "   switchport mode trunk phone",  # 4
        "interface Ethernet3",  # 5
        "  switchport mode monitor buffer-limit 36000 packets",  # 6
        "interface Ethernet4",  # 7
        "   switchport mode trunk",  # 8
        "   no switchport mode",  # 9
        "   switchport trunk native vlan tag",  # 10
        "   shutdown",  # 11
        "   default shutdown",  # 12
        "   mtu 9214",  # 13
        "   no mtu",  # 14
        "   speed forced 25gfull",  # 15
    )
    assert one_port(result, "GigabitEthernet1") == {"mode": ("dynamic desirable", 2)}
    assert one_port(result, "Ethernet2") == {"mode": ("trunk phone", 4)}
    assert one_port(result, "Ethernet3") == {"mode": ("monitor", 6)}
    assert one_port(result, "Ethernet4") == {
        "native_vlan": ("tag", 10),
        "speed": ("forced 25gfull", 15),
    }


COMMON_LINES = [
    "shutdown",
    "no shutdown",
    "default shutdown",
    "switchport",
    "no switchport",
    "switchport mode access",
    "switchport mode trunk",
    "switchport access vlan 42",
    "switchport trunk native vlan 42",
    "switchport trunk allowed vlan add 42",
    "mtu 42",
    "spanning-tree portfast",
    "spanning-tree portfast edge",
    "spanning-tree portfast disable",
    "spanning-tree portfast trunk",
    "spanning-tree port type edge trunk",
    "no lacp suspend-individual",
    "lacp rate fast",
    "lacp timer normal",
    "channel-group 5 mode active",
    "channel-group 5 mode desirable",
    "no channel-group",
    "vpc 10",
    "link state group 2 downstream",
    "no link tracking group g1",
    "ip address 10.0.0.1/24",
    "description to db01  eth0 ",
    "description ",
]


@pytest.mark.parametrize("line", COMMON_LINES)
def test_a_line_read_again_does_what_it_did_the_first_time(line: str) -> None:
    """The reader keeps what each sub-command line does and reads the line again by one
    lookup (a description by its start, at the indentation of the lines before it).  A
    line read again must do what it did when it was read word by word, the first body
    line of the file (nothing known yet), values, lines and platform evidence alike."""
    context = (
        "  spanning-tree portfast trunk",
        "  link state group 2 downstream",
        "  switchport trunk allowed vlan 1-10",
    )
    for before in ((), context):  # alone (read first word by word), after lines it changes
        first = parse_lines("interface Ethernet1", *before, f"  {line}", path="a/x.cfg")
        again = parse_lines(
            "interface Ethernet1", *before, f"  {line}", "interface Ethernet2", *before, f"  {line}", path="a/x.cfg"
        )
        shift = 1 + len(before) + 1  # Ethernet2's lines come that much later
        expected = {key: (value, number + shift) for key, (value, number) in one_port(first, "Ethernet1").items()}
        assert one_port(again, "Ethernet2") == expected
        assert one_port(again, "Ethernet1") == one_port(first, "Ethernet1")
        assert config_of(again).values["platform"] == config_of(first).values["platform"]


def test_an_indented_interface_line_read_again_may_open_a_stanza() -> None:
    """``  interface X`` deeper than the sub-commands, under one of ours, is no stanza
    there; the same line where a stanza may start opens one."""
    result = parse_lines(
        "interface Ethernet2",  # 1
        " switchport mode access",  # 2
        "  interface Ethernet1",  # 3: under a sub-command
        "interface Ethernet3",  # 4
        "  interface Ethernet1",  # 5: a stanza may start here
        " shutdown",  # 6
    )
    assert set(ports_of(result)) == {"Ethernet1", "Ethernet2", "Ethernet3"}
    assert one_port(result, "Ethernet1") == {"shutdown": ("yes", 6)}
    assert one_port(result, "Ethernet2") == {"mode": ("access", 2)}


def test_a_later_portfast_line_ends_portfast_trunk_however_it_is_read() -> None:
    """``spanning-tree portfast [edge|disable]`` after ``portfast trunk``: the edge
    setting no longer holds while the port trunks, whether the line was read word by word
    or looked up whole.  (The whole-line table this parser had put only ``edge`` and
    kept ``edge_trunk``; its word-by-word handler dropped it.)"""
    lines = []
    for number, later in enumerate(["spanning-tree portfast", "spanning-tree portfast edge"] * 2, start=1):
        lines += [f"interface Ethernet{number}", " spanning-tree portfast trunk", f" {later}"]
    lines += ["interface Ethernet5", " spanning-tree portfast trunk", " spanning-tree portfast disable"]
    ports = ports_of(parse_lines(*lines))
    assert {name: plain(port.values) for name, port in ports.items()} == {
        **{f"Ethernet{number}": {"edge": "yes"} for number in range(1, 5)},
        "Ethernet5": {"edge": "no"},
    }


def test_interfaces_indented_differently_read_alike() -> None:
    """Each interface tries the last one's indentation first; another one still reads."""
    result = parse_lines(
        "interface Ethernet1",  # 1
        " description one",  # 2
        " switchport access vlan 10",  # 3
        " shutdown",  # 4
        "interface Ethernet2",  # 5
        "   description two",  # 6: three blanks now
        "   switchport access vlan 20",  # 7
        "    shutdown",  # 8: deeper, under a leaf command: still the port's
        "   vrrp 1",  # 9: opens a block
        "    shutdown",  # 10: the block's
        "interface Ethernet3",  # 11
        " description three  ",  # 12: one blank again; trailing blanks kept
        " no shutdown",  # 13
        " mtu 9214\r",  # 14
        "interface Ethernet4",  # 15
        " switchport trunk native vlan 7 tagged",  # 16: more than one word after
        " switchport access vlan  30",  # 17: two blanks
    )
    assert one_port(result, "Ethernet1") == {
        "description": ("one", 2),
        "access_vlan": ("10", 3),
        "shutdown": ("yes", 4),
    }
    assert one_port(result, "Ethernet2") == {
        "description": ("two", 6),
        "access_vlan": ("20", 7),
        "shutdown": ("yes", 8),
    }
    assert one_port(result, "Ethernet3") == {
        "description": ("three  ", 12),
        "shutdown": ("no", 13),
        "mtu": ("9214", 14),
    }
    assert one_port(result, "Ethernet4") == {"native_vlan": ("7", 16), "access_vlan": ("30", 17)}


def test_fast_located_values_are_the_dataclasses_themselves() -> None:
    """``text.new_located``/``new_location`` (the hot paths' constructors) build the very
    objects the dataclasses do."""
    made = new_located("x", new_location("a.cfg", 3))
    plain = Located("x", Location("a.cfg", 3))
    assert type(made) is Located and type(made.location) is Location
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    assert made.location < Location("a.cfg", 4)
    assert pickle.loads(pickle.dumps(made)) == plain
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.value = "y"  # type: ignore[misc]


# --------------------------------------------------------------------------------------
# 5. damage, platform evidence and claims


def test_truncated_interface_line_and_binary_garbage() -> None:
    result = parse_lines(
        "hostname sw1",  # 1
        "interface",  # 2: truncated
        " shutdown",  # 3: belongs to nothing
        "interface Ethernet1",  # 4
        " desc\x00\x01\x02ription x",  # 5: binary damage
        " mtu 9000",  # 6
        "interface Ethernet1/1-99999",  # 7: no such range
    )
    assert one_port(result, "Ethernet1") == {"mtu": ("9000", 6)}
    assert [d.location.line for d in result.diagnostics] == [2, 5, 7]
    assert "truncated" in result.diagnostics[0].message
    assert "binary" in result.diagnostics[1].message


def test_empty_and_foreign_text() -> None:
    for text in ("", "   \n\n"):
        result = parse(text, "x.cfg")
        assert result.facts == []
        assert [d.location.line for d in result.diagnostics] == [1]
    result = parse("just some words\nand more\n", "x.cfg")
    assert result.facts == []
    assert "not a running-config" in result.diagnostics[0].message


@pytest.mark.parametrize(
    ("lines", "path", "platform", "line"),
    [
        # RANCID's header is what the archiver was told: it outweighs everything.
        (["!RANCID-CONTENT-TYPE: arista", "feature lacp", "interface Fa0/1"], "a.cfg", "eos", 1),
        (["!Command: show running-config", "!Time: Mon Jan 1", "version 9.3(8)"], "a", "nxos", 1),
        (["! Command: show running-config", "! device: s1 (DCS-7280, EOS-4.30)"], "a", "eos", 1),
        (["version 15.2", "service timestamps debug datetime msec"], "a.cfg", "ios", 1),
        (["hostname x", "interface Ethernet1", "  switchport"], "a.cfg", "nxos", 3),  # indent
        (["hostname x", "interface Ethernet1", "   switchport"], "a.cfg", "eos", 3),
        (["hostname x"], "a.cfg", "ios", 0),  # nothing to go by: IOS, cited as the file
        (["hostname x"], "x/leaf.nxos", "nxos", 0),
        (["hostname x", "vrf context management"], "x/eos/leaf.cfg", "nxos", 2),  # content wins
    ],
)
def test_platform_evidence(lines: list[str], path: str, platform: str, line: int) -> None:
    found = config_of(parse_lines(*lines, path=path)).values["platform"]
    assert (found.value, found.location.line) == (platform, line)


IOS_HEAD = "!\nversion 15.2\nhostname sw1\n!\ninterface GigabitEthernet1/0/1\n switchport\n"
NM_KEYFILE = "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n"
NETWORKD = "[Match]\nName=eth0\n\n[Network]\nBond=bond0\n"
IFUPDOWN = "auto bond0\niface bond0 inet manual\n    bond-slaves eth0 eth1\n"
JUNOS = "interfaces {\n    xe-0/0/1 {\n        ether-options {\n            802.3ad ae0;\n"
FRR = "frr version 8.4\nfrr defaults traditional\nhostname leaf1\n!\ninterface swp1\n ip ospf 1\n"


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("sw1.cfg", IOS_HEAD, True),
        ("sw1.conf", IOS_HEAD, True),
        ("running-config", IOS_HEAD, True),
        ("sw1-startup-config", IOS_HEAD, True),
        ("show_running-config.txt", IOS_HEAD, True),
        ("show_run_all", IOS_HEAD, True),
        ("leaf.eos", IOS_HEAD, True),
        ("sw1.cfg", "", False),  # the by-name round never claims
        # Under any other name the head must say so itself: interface stanzas with
        # switch-only sub-commands (switchport) do, a bare "version"/"hostname" does not.
        ("sw1.txt", IOS_HEAD, True),
        ("sw1.txt", "!\nversion 15.2\nhostname sw1\n!\n", False),
        ("notes.txt", "interface eth0\n ip address 10.0.0.1/24\n", False),
        ("bond0.conf", NM_KEYFILE, False),
        ("10-bond.conf", NETWORKD, False),
        ("interfaces.conf", IFUPDOWN, False),
        ("juniper.conf", JUNOS, False),
        ("frr.conf", IOS_HEAD, False),
        ("leaf.conf", FRR, False),
        ("modprobe-bonding.conf", "options bonding mode=4 miimon=100\n", False),
    ],
)
def test_claims(name: str, head: str, expected: bool) -> None:
    assert claims(PurePosixPath("etc") / name, head) is expected


def test_claims_no_other_platform_file() -> None:
    """Junos, Cumulus and SONiC samples, even under a .conf name."""
    folders = ("junos", "cumulus", "sonic")
    others = [path for d in folders for path in sorted(corpus_path(SWITCH, d).glob("*"))]
    for path in others:
        assert not claims(PurePosixPath(path), head_of(path)), path
        assert not claims(PurePosixPath("x.conf"), head_of(path)), path


# --------------------------------------------------------------------------------------
# 6. VLAN arithmetic against netutils, and robustness

vlan_ranges = st.lists(
    st.tuples(st.integers(1, 4094), st.integers(0, 40)).map(lambda t: (t[0], min(4094, sum(t)))),
    min_size=1,
    max_size=8,
)


def spec_of(ranges: list[tuple[int, int]]) -> str:
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)


@settings(max_examples=200, deadline=None)
@given(vlan_ranges, vlan_ranges, st.sampled_from(["add", "remove", "except", "set"]))
def test_vlan_lists_agree_with_netutils(first: list[tuple[int, int]], second: list[tuple[int, int]], op: str) -> None:
    base = vlan_set("".join(spec_of(first).split()))
    more = vlan_set("".join(spec_of(second).split()))
    want = {"add": base | more, "remove": base - more, "except": ALL_VLANS - more, "set": more}[op]
    verb = "" if op == "set" else f"{op} "
    result = parse_lines(
        "interface Ethernet1",
        f"  switchport trunk allowed vlan {spec_of(first)}",
        f"  switchport trunk allowed vlan {verb}{spec_of(second)}",
    )
    got = one_port(result, "Ethernet1")["allowed_vlans"][0]
    assert vlan_set(got) == want
    assert got == ("all" if want == ALL_VLANS else vlan_text(frozenset(want)))


# --------------------------------------------------------------------------------------
# 7. scale: the §5 speed-anchor shape (counts only; timing belongs to bench/)


def generated_config(channels: int = 2000, physical: int = 10000) -> str:
    """2,000 port-channels and 10,000 access ports; the first 4,000 are LAG members."""
    lines = ["!", "hostname perf-sw", "!"]
    lines += [f"vlan {v}\n name VLAN_{v}\n!" for v in range(1, 401)]
    for channel in range(1, channels + 1):
        lines.append(
            f"interface Port-channel{channel}\n description po{channel}\n"
            f" switchport mode access\n switchport access vlan {channel % 400 + 1}\n"
            " spanning-tree portfast\n no shutdown\n!"
        )
    modes = ("active", "passive", "on")
    for index in range(physical):
        stack, port = divmod(index, 48)
        stanza = [
            f"interface GigabitEthernet{stack + 1}/0/{port + 1}",
            f" description host{index}",
            " switchport mode access",
            f" switchport access vlan {index % 400 + 1}",
            " spanning-tree portfast",
        ]
        if index < 2 * channels:
            stanza.append(f" channel-group {index // 2 + 1} mode {modes[index % 3]}")
        lines.append("\n".join([*stanza, " no shutdown", "!"]))
    lines.append("end")
    return "\n".join(lines) + "\n"


def test_ten_thousand_interfaces() -> None:
    text = generated_config()
    result = parse(text, "perf.cfg")
    assert result.diagnostics == []
    config = config_of(result)
    assert config.values["hostname"].value == "perf-sw"
    assert config.values["platform"].value == "ios"
    ports = ports_of(result)
    assert len(ports) == 12_000
    channels = [p for n, p in ports.items() if n.startswith("Port-channel")]
    members = [p for p in ports.values() if "channel_group" in p.values]
    assert len(channels) == 2000
    assert len(members) == 4000
    modes = [p.values["channel_mode"].value for p in members]
    assert (modes.count("active"), modes.count("passive"), modes.count("on")) == (1334, 1333, 1333)
    per_channel: dict[str, int] = {}
    for member in members:
        group = member.values["channel_group"].value
        per_channel[group] = per_channel.get(group, 0) + 1
    assert set(per_channel) == {p.name.value for p in channels}
    assert set(per_channel.values()) == {2}
    for port in ports.values():
        assert set(port.values) >= {"description", "mode", "access_vlan", "edge", "shutdown"}
        assert port.values["edge"].value == "yes"
        assert port.values["shutdown"].value == "no"
    last = ports["GigabitEthernet209/0/16"]
    assert plain(last.values) == {
        "description": "host9999",
        "mode": "access",
        "access_vlan": str(9999 % 400 + 1),
        "edge": "yes",
        "shutdown": "no",
    }
    assert last.values["description"].location.line == last.location.line + 1


def test_parse_leaves_the_garbage_collector_as_it_was() -> None:
    import gc

    assert gc.isenabled()
    parse("interface Ethernet1\n shutdown\n", "x.cfg")
    assert gc.isenabled()
    gc.disable()
    try:
        parse("interface Ethernet1\n shutdown\n", "x.cfg")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_results_are_plain_facts() -> None:
    """Nothing of the reader's internals leaks into a fact."""
    result = parse_lines("interface Ethernet1", "  switchport trunk allowed vlan 1-3")
    port = ports_of(result)["Ethernet1"]
    assert type(port.values) is dict
    assert all(type(item) is Located for item in port.values.values())
    # No hostname line, no prompt: the file's name names the switch, cited as line 0.
    assert port.switch == Located("switch", Location("switch.cfg", 0))
    check_result(cisco_cli, result, "interface Ethernet1\n  switchport trunk allowed vlan 1-3\n", "switch.cfg")


# --------------------------------------------------------------------------------------
# link-state tracking (IOS "link state", EOS "link tracking")


def test_link_state_tracking_ios_and_eos() -> None:
    ios = "\n".join(
        [
            "hostname leaf1",  # 1
            "link state track 1",  # 2
            "link state track 2",  # 3
            "no link state track 2",  # 4
            "interface TenGigabitEthernet1/1/1",  # 5
            " link state group 1 upstream",  # 6
            "interface GigabitEthernet1/0/11",  # 7
            " link state group downstream",  # 8: the group number defaults to 1
            "interface GigabitEthernet1/0/12",  # 9
            " link state group 2 downstream",  # 10
            " no link state group 2 downstream",  # 11
            "interface GigabitEthernet1/0/13",  # 12
            " link state group 1 sideways",  # 13: not a direction
            "interface GigabitEthernet1/0/14",  # 14
            " link state group 1 downstream",  # 15
            " no link state group 2 downstream",  # 16: another group: 1 stays
        ]
    )
    result = parse(ios, "leaf1.cfg")
    assert located(config_of(result).values)["link_tracking_groups"] == ("1", 4)
    assert plain(config_of(result).values)["platform"] == "ios"
    ports = ports_of(result)
    assert located(ports["TenGigabitEthernet1/1/1"].values) == {
        "link_tracking": ("upstream", 6),
        "link_tracking_group": ("1", 6),
    }
    assert located(ports["GigabitEthernet1/0/11"].values) == {
        "link_tracking": ("downstream", 8),
        "link_tracking_group": ("1", 8),
    }
    assert ports["GigabitEthernet1/0/12"].values == {}
    assert ports["GigabitEthernet1/0/13"].values == {}
    assert located(ports["GigabitEthernet1/0/14"].values)["link_tracking"] == ("downstream", 15)

    eos = "\n".join(
        [
            "hostname leaf2",  # 1
            "link tracking group HOSTS",  # 2
            "   recovery delay 60",  # 3
            "interface Ethernet49",  # 4
            "   link tracking group HOSTS upstream",  # 5
            "interface Ethernet11",  # 6
            "   link tracking group HOSTS downstream",  # 7
            "interface Ethernet12",  # 8
            "   link tracking group HOSTS downstream",  # 9
            "   no link tracking group",  # 10: whichever group
        ]
    )
    result = parse(eos, "leaf2.cfg")
    assert located(config_of(result).values)["link_tracking_groups"] == ("HOSTS", 2)
    assert plain(config_of(result).values)["platform"] == "eos"
    assert located(ports_of(result)["Ethernet11"].values) == {
        "link_tracking": ("downstream", 7),
        "link_tracking_group": ("HOSTS", 7),
    }
    assert ports_of(result)["Ethernet12"].values == {}


# --------------------------------------------------------------------------------------
# captures as people save them: fragments, prompts, preambles (hand-written fixtures)

# Mirrors the shape of genieparser's IOS-XE ShowRunInterface golden outputs
# (src/genie/libs/parser/iosxe/tests/ShowRunInterface/cli/equal/*_output.txt: one
# stanza, then "end", no hostname) with the device prompt and the "Building
# configuration..." / "Current configuration : N bytes" preamble IOS prints first (Cisco
# IOS configuration guide, "show running-config interface").
IOS_RUN_INTERFACE = """\
leaf1#show running-config interface GigabitEthernet1/0/11
Building configuration...

Current configuration : 161 bytes
!
interface GigabitEthernet1/0/11
 description db01 eno1
 switchport access vlan 200
 switchport mode access
 spanning-tree portfast
end

leaf1#
"""
# "show running-config | section interface" (Cisco IOS "Using the CLI", output
# filtering): interface stanzas only, no "!" between them, no hostname, no prompt.
IOS_SECTION = """\
interface Port-channel10
 switchport mode trunk
 switchport trunk allowed vlan 100,200
interface GigabitEthernet1/0/1
 switchport mode trunk
 channel-group 10 mode active
interface GigabitEthernet1/0/2
 switchport mode trunk
 channel-group 10 mode active
"""
# "show run | include" keeps matching lines with their indentation (same guide).
IOS_INCLUDE = """\
leaf3#sh run | include ^interface|channel-group
interface GigabitEthernet1/0/1
 channel-group 10 mode active
interface GigabitEthernet1/0/2
 channel-group 10 mode on
leaf3#
"""
# NX-OS "show running-config interface" (shape of ntc-templates' and genieparser's NX-OS
# samples: "!Command:" / "!Time:" stamps, a "version" line, two-space indentation),
# typed at a config-mode prompt.
NXOS_RUN_INTERFACE = """\
leaf2(config)# show running-config interface Ethernet1/9

!Command: show running-config interface Ethernet1/9
!Time: Tue Mar 10 14:05:00 2020

version 9.3(3) Bios:version 05.39

interface Ethernet1/9
  description db01 eno2
  switchport mode trunk
  channel-group 10 mode active

"""
# Arista EOS "show running-config interfaces Ethernet1" at the unprivileged prompt
# (Arista EOS user manual: three-space indentation, no preamble).
EOS_RUN_INTERFACE = """\
leaf4>show running-config interfaces Ethernet1
interface Ethernet1
   description db01 eno1
   channel-group 10 mode active
"""


@pytest.mark.parametrize(
    ("text", "path", "name", "source", "line", "platform", "ports"),
    [
        (IOS_RUN_INTERFACE, "captures/gi1-0-11.txt", "leaf1", "prompt", 1, "ios", {"GigabitEthernet1/0/11"}),
        (IOS_SECTION, "captures/leaf9_show_run.txt", "leaf9", "file name", 0, "ios",
         {"Port-channel10", "GigabitEthernet1/0/1", "GigabitEthernet1/0/2"}),
        (IOS_INCLUDE, "x/out.log", "leaf3", "prompt", 1, "ios", {"GigabitEthernet1/0/1", "GigabitEthernet1/0/2"}),
        (NXOS_RUN_INTERFACE, "leaf2-eth1-9", "leaf2", "prompt", 1, "nxos", {"Ethernet1/9"}),
        (EOS_RUN_INTERFACE, "captures/e1.txt", "leaf4", "prompt", 1, "eos", {"Ethernet1"}),
    ],
)  # fmt: skip
def test_partial_captures_are_claimed_and_named(
    text: str, path: str, name: str, source: str, line: int, platform: str, ports: set[str]
) -> None:
    assert claims(PurePosixPath(path), text[:1024])
    result = parse(text, path)
    assert result.diagnostics == []
    config = config_of(result)
    hostname = config.values["hostname"]
    assert (hostname.value, hostname.location.line) == (name, line)
    assert config.values["hostname_source"].value == source
    assert config.values["platform"].value == platform
    found = ports_of(result)
    assert set(found) == ports
    assert all(port.switch == hostname for port in found.values())


def test_run_interface_capture_values() -> None:
    """The prompt and preamble are not configuration; the stanza's lines are."""
    ports = ports_of(parse(IOS_RUN_INTERFACE, "gi.txt"))
    assert located(ports["GigabitEthernet1/0/11"].values) == {
        "description": ("db01 eno1", 7),
        "access_vlan": ("200", 8),
        "mode": ("access", 9),
        "edge": ("yes", 10),
    }
    nxos = ports_of(parse(NXOS_RUN_INTERFACE, "n.txt"))["Ethernet1/9"]
    assert located(nxos.values)["channel_group"] == ("Port-channel10", 11)
    include = ports_of(parse(IOS_INCLUDE, "i.txt"))
    assert plain(include["GigabitEthernet1/0/2"].values) == {"channel_group": "Port-channel10", "channel_mode": "on"}


def test_hostname_line_beats_prompt_and_prompt_beats_file_name() -> None:
    text = "core1#show run\nhostname leaf7\n!\ninterface Ethernet1\n switchport\n"
    config = config_of(parse(text, "dc/other.cfg"))
    assert located({k: config.values[k] for k in ("hostname", "hostname_source")}) == {
        "hostname": ("leaf7", 2),
        "hostname_source": ("hostname line", 2),
    }
    config = config_of(parse(IOS_SECTION, "dc/leaf8.cfg"))
    assert config.values["hostname"].value == "leaf8"
    assert config.values["hostname_source"].value == "file name"
    # A name that only says what was captured: the folder names the switch.
    config = config_of(parse(IOS_SECTION, "dc/leaf5/running-config"))
    assert (config.values["hostname"].value, config.values["hostname_source"].value) == ("leaf5", "folder name")


@pytest.mark.parametrize(
    "line",
    [
        "leaf1#show run",
        "leaf1# show running-config interface Ethernet1/9",
        "leaf1(config)#",
        "leaf1(config-if)# sh run int Gi1/0/1",
        "leaf1>show running-config",
        "leaf1#",
    ],
)
def test_prompt_lines_name_the_switch(line: str) -> None:
    config = config_of(parse_lines(line, "interface Ethernet1", " switchport", path="x/cap.txt"))
    assert config.values["hostname"].value == "leaf1"
    assert config.values["hostname_source"].value == "prompt"


@pytest.mark.parametrize(
    ("name", "head"),
    [
        # Linux files with "interface" lines but no switch sub-commands: FRR's vtysh
        # "show running-config" saved as text, and a generic notes file.
        ("vtysh.txt", "frr version 8.4\n!\ninterface eth0\n ip address 10.0.0.1/24\n"),
        ("notes.txt", "interface eno1\n  description uplink\n"),
        ("bond0.txt", "[connection]\nid=bond0\n"),
        ("ip_link.txt", "2: eno1: <BROADCAST,MULTICAST,UP> mtu 1500\n"),
        # A shell prompt is not a device prompt typing "show".
        ("session.log", "root@db01:~# cat /proc/net/bonding/bond0\n"),
        ("session2.log", "db01#ip link\n"),
    ],
)
def test_capture_sniffing_never_claims_linux_text(name: str, head: str) -> None:
    assert not claims(PurePosixPath(name), head)


def test_a_prompt_typing_another_show_command_is_no_configuration() -> None:
    # genieparser's IOS-XE ShowLacpNeighbor / ShowEtherchannelSummary samples, saved with
    # the prompt line: tables, not a running-config (BL052 names them, unread).
    lacp = "sr1000v-2#show lacp neighbor\nFlags:  S - Device is requesting Slow LACPDUs\n\nChannel group 1 neighbors\n"
    assert not claims(PurePosixPath("sr1000v-2_show_lacp_neighbor.txt"), lacp)
    summary = "sr1000v-2#sh etherchannel summary\nFlags:  D - down        P - bundled in port-channel\n"
    assert not claims(PurePosixPath("summary.txt"), summary)
    for command in (
        "show run",
        "sh run",
        "show running-config interface Po10",
        "sh start",
        "more system:running-config",
    ):
        assert claims(PurePosixPath("capture.txt"), f"leaf1#{command}\ninterface Port-channel10\n"), command


def test_interface_stanzas_without_indentation_are_read() -> None:
    # genieparser's NX-OS ShowRunningConfigInterface sample prints stanza bodies at column 0.
    text = (
        "interface port-channel147\ndescription pan-kvm01\nswitchport access vlan 114\n\n"
        "interface Ethernet104/1/23\ndescription pan-kvm01 eno1\nswitchport access vlan 114\nchannel-group 147\n"
    )
    assert claims(PurePosixPath("n5k-a_show_running-config_interface.txt"), text)
    members = {i.name.value: i.values for i in parse(text, "n5k-a.txt").facts if isinstance(i, SwitchInterface)}
    assert members["Ethernet104/1/23"]["channel_group"].value.lower() == "port-channel147"
