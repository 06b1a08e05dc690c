"""ifcfg parser (RHEL initscripts / NM ifcfg-rh, SUSE wicked): corpus, edge cases, robustness."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import pytest
from conftest import corpus_path, rows_of_kind

from bondlint.sources import ifcfg
from bondlint.sources.base import (
    LAYER_INITSCRIPTS,
    LAYER_NETWORKMANAGER,
    LAYER_WICKED,
    BondDefinition,
    Location,
    ParseResult,
    PortDefinition,
    TeamDefinition,
)

ROWS = rows_of_kind("host", "ifcfg-rh", "ifcfg-suse-wicked")
RHEL = "/etc/sysconfig/network-scripts/"
SUSE = "/etc/sysconfig/network/"


@dataclass(frozen=True)
class Expect:
    """What one corpus file must yield: kind "bond", "port" or None (neither).

    ``path`` is the name the file has on a host; corpus names carry a description instead,
    and an ifcfg file without DEVICE takes its interface from its name.
    """

    path: str
    kind: str | None
    interface: str | None = None
    controller: str | None = None
    options: dict[str, str] | None = None  # compared exactly when given
    layer: str = LAYER_NETWORKMANAGER


AB_OPTS = {
    "mode": "active-backup",
    "miimon": "100",
    "downdelay": "10",
    "updelay": "20",
    "primary": "bond0s0",
}
INSIGHTS_XOR = {  # "downdelay =0" is read as meant, with a diagnostic
    "mode": "balance-xor",
    "primary": "eth1",
    "arp_interval": "1000",
    "arp_ip_target": "10.11.96.1",
    "downdelay": "0",
}

CORPUS_TABLE: dict[str, Expect] = {
    "cloud-init/bond_v1__rhel_ifcfg-bond0.txt": Expect(RHEL + "ifcfg-bond0", "bond", "bond0", options=AB_OPTS),
    "cloud-init/bond_v1__rhel_ifcfg-bond0s0.txt": Expect(RHEL + "ifcfg-bond0s0", "port", "bond0s0", "bond0"),
    "cloud-init/bond_v1__rhel_ifcfg-bond0s1.txt": Expect(RHEL + "ifcfg-bond0s1", "port", "bond0s1", "bond0"),
    "cloud-init/bond_v1__suse_ifcfg-bond0.txt": Expect(
        SUSE + "ifcfg-bond0", "bond", "bond0", options=AB_OPTS, layer=LAYER_WICKED
    ),
    # SUSE ports are bare: membership is declared on the bond (BONDING_SLAVE_<n>).
    "cloud-init/bond_v1__suse_ifcfg-bond0s0.txt": Expect(SUSE + "ifcfg-bond0s0", None),
    "cloud-init/large_v1__rhel_ifcfg-bond0.txt": Expect(
        RHEL + "ifcfg-bond0",
        "bond",
        "bond0",
        options={"mode": "active-backup", "xmit_hash_policy": "layer3+4", "miimon": "100"},
    ),
    "galendu_linux/ifcfg-bond0_TYPE-Bond_comment-line.txt": Expect(
        RHEL + "ifcfg-bond0", "bond", "bond0", options={"mode": "1", "miimon": "100"}
    ),
    "galendu_linux/ifcfg-enp0s8_port_all-values-double-quoted_MASTER-unquoted.txt": Expect(
        RHEL + "ifcfg-enp0s8", "port", "enp0s8", "bond0"
    ),
    "galendu_linux/ifcfg-enp0s9_port_unquoted_upper-case-HWADDR.txt": Expect(
        RHEL + "ifcfg-enp0s9", "port", "enp0s9", "bond0"
    ),
    # Team port with DEVICE==eno2: teamd, not bonding.
    "insights-core/ifcfg-=eno2_teamport_DEVICE-double-equals.txt": Expect(RHEL + "ifcfg-=eno2", "team-port", "=eno2"),
    "insights-core/ifcfg-bond0_BONDING_OPTS_invalid-mode-failover.txt": Expect(
        RHEL + "ifcfg-bond0",
        "bond",
        "bond0",
        options={  # "failover" is no mode; judging that is the model's job
            "mode": "failover",
            "primary": "eth1",
            "arp_interval": "1000",
            "arp_ip_target": "10.11.96.1",
        },
    ),
    "insights-core/ifcfg-bond0_BONDING_OPTS_mode1_arp_target-plus.txt": Expect(
        RHEL + "ifcfg-bond0",
        "bond",
        "bond0",
        options={
            "mode": "1",
            "primary": "eth1",
            "arp_interval": "1000",
            "arp_ip_target": "10.11.96.1",
        },
    ),
    "insights-core/ifcfg-bond0_BONDING_OPTS_named-mode_space-before-equals.txt": Expect(
        RHEL + "ifcfg-bond0", "bond", "bond0", options=INSIGHTS_XOR
    ),
    "insights-core/ifcfg-bond0_BONDING_OPTS_spaces-around-equals.txt": Expect(
        RHEL + "ifcfg-bond0", "bond", "bond0", options=INSIGHTS_XOR
    ),
    "insights-core/ifcfg-bond0_DEVICE-quoted_BONDING_OPTS.txt": Expect(
        RHEL + "ifcfg-bond0", "bond", "bond0", options=INSIGHTS_XOR
    ),
    "insights-core/ifcfg-eth0_port_MASTER-quoted.txt": Expect(RHEL + "ifcfg-eth0", "port", "eth0", "bond0"),
    "insights-core/ifcfg-eth2_port_MASTER-quoted_static-ip.txt": Expect(RHEL + "ifcfg-eth2", "port", "eth2", "bond0"),
    "insights-core/ifcfg-team1_TEAM_CONFIG_json.txt": Expect(RHEL + "ifcfg-team1", "team", "team1"),
    "networkmanager-ci/ifcfg-migration_bond-port1.txt": Expect(
        RHEL + "ifcfg-migration_bond-port1", "port", "eth9", "nm-bond"
    ),
    "networkmanager-ci/ifcfg-migration_bond.txt": Expect(
        RHEL + "ifcfg-migration_bond",
        "bond",
        "nm-bond",
        options={
            "mode": "active-backup",
            "arp_all_targets": "1",
            "arp_interval": "1000",
            "arp_ip_target": "10.16.135.254",
            "arp_validate": "6",
        },
    ),
    "networkmanager/ifcfg-Test_Write_Bond_Main.cexpected.txt": Expect(
        RHEL + "ifcfg-Test_Write_Bond_Main",
        "bond",
        "bond0",
        options={"mode": "balance-rr", "downdelay": "5", "miimon": "100", "updelay": "10"},
    ),
    "networkmanager/ifcfg-test-bond-eth-type.txt": Expect(
        RHEL + "ifcfg-test-bond-eth-type",
        "bond",
        "bond0",
        options={"miimon": "213", "mode": "4", "lacp_rate": "1"},
    ),
    "networkmanager/ifcfg-test-bond-main.txt": Expect(
        RHEL + "ifcfg-test-bond-main", "bond", "bond0", options={"miimon": "100"}
    ),
    "networkmanager/ifcfg-test-bond-mode-numeric.txt": Expect(
        RHEL + "ifcfg-test-bond-mode-numeric",
        "bond",
        "bond0",
        options={"mode": "4", "miimon": "100"},
    ),
    "networkmanager/ifcfg-test-bond-port-bond0.txt": Expect(
        RHEL + "ifcfg-test-bond-port-bond0", "port", "eth0", "bond0"
    ),
    "networkmanager/ifcfg-test-bond-port-ib.txt": Expect(RHEL + "ifcfg-test-bond-port-ib", "port", "ib0", "bond0"),
    "networkmanager/ifcfg-test-bond-port.txt": Expect(RHEL + "ifcfg-test-bond-port", "port", "eth0", "bond99"),
}

# Files whose only diagnostic is the blanks-around-'=' note on BONDING_OPTS (line 8).
SPACED_EQUALS_FILES = {
    "insights-core/ifcfg-bond0_BONDING_OPTS_named-mode_space-before-equals.txt",
    "insights-core/ifcfg-bond0_BONDING_OPTS_spaces-around-equals.txt",
    "insights-core/ifcfg-bond0_DEVICE-quoted_BONDING_OPTS.txt",
}

# MANIFEST `expected` keys bondlint does not produce, and why.
SKIPPED_KEYS = {
    "bonding_mode": "insights' interpretation of the mode; bondlint's model interprets modes",
    "has_empty_line": "an insights parser detail, not configuration",
    "raw_bonding_value": "insights keeps quotes and raw spacing; the table checks the words",
    "bond.mode": "NM normalises mode=4 to 802.3ad; sources keep the raw value (table: '4')",
}
# MANIFEST `expected` values that bondlint stores differently on purpose.
ADJUSTED: dict[str, Callable[[Any], Any]] = {
    # The sysfs "+" prefix is stripped, as NetworkManager does.
    "BONDING_OPTS.arp_ip_target": lambda value: value.lstrip("+"),
    # insights keeps the quotes of the raw value; bondlint stores the shell value.
    "raw_device_value": lambda value: ifcfg.shell_value(value)[0],
    "raw_master_value": lambda value: ifcfg.shell_value(value)[0],
    # NM's ifcfg reader reads the queue id as a number; ifcfg text is a string.
    "bond-port.queue-id": str,
}


def project(fact: BondDefinition | PortDefinition, expected: dict[str, Any]) -> dict[str, Any]:
    """Our fact under the names the MANIFEST `expected` JSON uses."""
    names: dict[str, Any] = {"raw_device_value": fact.interface and fact.interface.value}
    if isinstance(fact, BondDefinition):
        options = values(fact.options)
        names |= {"BONDING_OPTS": options, "interface_name": names["raw_device_value"]}
        names |= {f"BONDING_OPTS.{key}": value for key, value in options.items()}
        names |= {f"bond.{key}": value for key, value in options.items()}
        names["connection.type"] = "bond"
        # NM's writer test: the options it was given must all be in the file.
        names["written_from"] = {key: options.get(key) for key in expected.get("written_from", {})}
    else:
        extra = values(fact.extra)
        names |= {"MASTER": fact.controller.value, "controller": fact.controller.value}
        names |= {"raw_master_value": fact.controller.value, "SLAVE": extra.get("SLAVE")}
        names["bond-port.queue-id"] = extra.get("BOND_PORT_QUEUE_ID")
    return names


def parse(text: str, path: str = RHEL + "ifcfg-bond0") -> ParseResult:
    return ifcfg.parse(text, path)


def only(result: ParseResult) -> BondDefinition | PortDefinition:
    assert len(result.facts) == 1, result.facts
    fact = result.facts[0]
    assert isinstance(fact, BondDefinition | PortDefinition)
    return fact


def values(mapping: dict) -> dict[str, str]:
    return {key: located.value for key, located in mapping.items()}


# --- corpus ------------------------------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_corpus_file(row: dict[str, Any]) -> None:
    text = corpus_path("host", row["file"]).read_text(encoding="utf-8", errors="replace")
    expect = CORPUS_TABLE[row["file"]]
    result = parse(text, expect.path)
    if row["file"] in SPACED_EQUALS_FILES:
        assert [d.location.line for d in result.diagnostics] == [8]
    else:
        assert result.diagnostics == []
    if expect.kind is None:
        # Bare SUSE ports: nothing to project the `expected` JSON onto.
        assert result.facts == []
        return
    if expect.kind in ("team", "team-port"):
        # teamd, not bonding: one TeamDefinition so a policy can point at it.
        (team,) = result.facts
        assert isinstance(team, TeamDefinition)
        assert (team.role, team.name.value) == (
            expect.kind.replace("team-", "") if "-" in expect.kind else "team",
            expect.interface,
        )
        return
    fact = only(result)
    assert fact.format == "ifcfg" and fact.layer == expect.layer
    assert fact.interface and fact.interface.value == expect.interface
    if expect.kind == "bond":
        assert isinstance(fact, BondDefinition)
        assert values(fact.options) == expect.options
    else:
        assert isinstance(fact, PortDefinition)
        assert fact.controller.value == expect.controller
    expected = row["expected_json"] or {}
    projected = project(fact, expected)
    for key, value in expected.items():
        if key in SKIPPED_KEYS:
            continue
        assert projected[key] == ADJUSTED.get(key, lambda v: v)(value), key


def test_corpus_table_matches_manifest() -> None:
    corpus_path("host", "MANIFEST.tsv")
    assert {row["file"] for row in ROWS} == set(CORPUS_TABLE)


def test_suse_bond_lists_its_ports() -> None:
    name = "cloud-init/bond_v1__suse_ifcfg-bond0.txt"
    text = corpus_path("host", name).read_text(encoding="utf-8")
    bond = only(parse(text, SUSE + "ifcfg-bond0"))
    assert isinstance(bond, BondDefinition)
    assert [(p.value, p.location.line) for p in bond.port_names] == [("bond0s0", 3), ("bond0s1", 4)]
    assert bond.options_location == Location(SUSE + "ifcfg-bond0", 2)
    # No DEVICE: the interface comes from the file name, i.e. the whole file (line 0).
    assert bond.interface and bond.interface.location == Location(SUSE + "ifcfg-bond0")
    assert bond.extra["STARTMODE"].value == "auto"


def test_cloud_init_rhel_port_list_keys_are_only_extra() -> None:
    name = "cloud-init/bond_v1__rhel_ifcfg-bond0.txt"
    bond = only(parse(corpus_path("host", name).read_text(encoding="utf-8")))
    assert isinstance(bond, BondDefinition)
    assert bond.port_names == []  # initscripts and NM ignore BONDING_SLAVE0=
    assert bond.extra["BONDING_SLAVE0"].value == "bond0s0"
    assert bond.extra["MACADDR"].value == "aa:bb:cc:dd:e8:ff"
    assert bond.mtu and (bond.mtu.value, bond.mtu.location.line) == ("9000", 16)
    assert bond.location.line == 7  # the DEVICE= line
    assert all(option.location.line == 2 for option in bond.options.values())


# --- edge cases --------------------------------------------------------------------------


def test_quoting_styles() -> None:
    text = (
        'DEVICE="bond0"\n'
        "NAME='Bond connection 1'\n"
        "UUID=abc\\ def\n"
        'ZONE="the \\"prod\\" zone"\n'
        "BONDING_OPTS=mode=4\n"
        "MTU=9'0'\"00\"\n"
    )
    result = parse(text)
    assert result.diagnostics == []
    bond = only(result)
    assert isinstance(bond, BondDefinition)
    assert bond.interface and bond.interface.value == "bond0"
    assert bond.profile_id and bond.profile_id.value == "Bond connection 1"
    assert bond.uuid and bond.uuid.value == "abc def"
    assert values(bond.options) == {"mode": "4"}
    assert ifcfg.shell_value('"the \\"prod\\" zone"') == ('the "prod" zone', None)
    assert bond.mtu and bond.mtu.value == "9000"


def test_inline_comments() -> None:
    text = "DEVICE=bond6\t#bond名\nBONDING_OPTS='mode=1 miimon=100' ## primary later\n"
    result = parse(text)
    bond = only(result)
    assert result.diagnostics == []
    assert bond.interface and bond.interface.value == "bond6"
    assert isinstance(bond, BondDefinition)
    assert values(bond.options) == {"mode": "1", "miimon": "100"}


def test_hash_inside_a_word_is_not_a_comment() -> None:
    bond = only(parse("DEVICE=bond#1\nTYPE=Bond\n"))
    assert bond.interface and bond.interface.value == "bond#1"


def test_repeated_key_last_wins() -> None:
    text = "DEVICE=bond0\nBOOTPROTO=dhcp\nBONDING_OPTS=mode=1\nBOOTPROTO=none\n"
    bond = only(parse(text))
    assert (bond.extra["BOOTPROTO"].value, bond.extra["BOOTPROTO"].location.line) == ("none", 4)


def test_crlf_export_and_no_final_newline() -> None:
    text = 'export DEVICE=bond0\r\nTYPE=Bond\r\n  BONDING_OPTS="miimon=100"'
    result = parse(text)
    bond = only(result)
    assert result.diagnostics == []
    assert isinstance(bond, BondDefinition)
    assert bond.options["miimon"].location.line == 3
    assert bond.location.line == 1


def test_html_escaped_quotes() -> None:
    bond = only(parse("DEVICE=bond0\nBONDING_OPTS=&#34;mode=4 miimon=100&#34;\n"))
    assert isinstance(bond, BondDefinition)
    assert values(bond.options) == {"mode": "4", "miimon": "100"}


def test_blanks_around_equals_are_read_and_reported() -> None:
    text = 'DEVICE=bond0\nBONDING_OPTS="mode=1 primary = eth1 arp_interval= 1000 downdelay =0"\n'
    result = parse(text)
    bond = only(result)
    assert isinstance(bond, BondDefinition)
    assert values(bond.options) == {
        "mode": "1",
        "primary": "eth1",
        "arp_interval": "1000",
        "downdelay": "0",
    }
    assert [d.location.line for d in result.diagnostics] == [2]
    assert "'primary = eth1'" in result.diagnostics[0].message


def test_arp_targets_plus_prefix_and_repetition() -> None:
    text = (
        "DEVICE=bond0\n"
        'BONDING_OPTS="arp_interval=1000 arp_ip_target=+10.1.1.1,+10.1.1.2'
        ' arp_ip_target=+10.1.1.3 ns_ip6_target=+fe80::1"\n'
    )
    bond = only(parse(text))
    assert isinstance(bond, BondDefinition)
    assert bond.options["arp_ip_target"].value == "10.1.1.1,10.1.1.2,10.1.1.3"
    assert bond.options["ns_ip6_target"].value == "fe80::1"
    assert bond.options["arp_ip_target"].location.line == 2


def test_words_without_equals_are_reported() -> None:
    result = parse('DEVICE=bond0\nBONDING_OPTS="mode=4 lacp_rate fast miimon="\n')
    bond = only(result)
    assert isinstance(bond, BondDefinition)
    assert values(bond.options) == {"mode": "4"}
    assert [d.location.line for d in result.diagnostics] == [2, 2, 2]
    assert "dropped by NetworkManager" in result.diagnostics[0].message


def test_malformed_lines_are_reported_and_parsing_continues() -> None:
    text = (
        "DEVICE=bond0\n"
        "this line has no assignment\n"
        'NAME="unterminated\n'
        "UUID='also unterminated\n"
        "1BAD=x\n"
        "TYPE=Bond extra words\n"
        "BONDING_OPTS=mode=1\n"
    )
    result = parse(text)
    assert [d.location.line for d in result.diagnostics] == [2, 3, 4, 5, 6]
    bond = only(result)
    assert isinstance(bond, BondDefinition)
    assert bond.profile_id and bond.profile_id.value == "unterminated"  # kept, but reported
    assert bond.extra["TYPE"].value == "Bond"
    assert values(bond.options) == {"mode": "1"}


def test_binary_garbage_gives_diagnostics() -> None:
    garbage = "\n".join("\x00\x01ELF\x7f\x02\x03" for _ in range(30))
    result = parse("DEVICE=eth0\nMASTER=bond0\n" + garbage)
    assert isinstance(only(result), PortDefinition)
    assert len(result.diagnostics) == 21
    assert result.diagnostics[0].location.line == 3
    assert "binary" in result.diagnostics[0].message


@pytest.mark.parametrize(
    ("value", "layer"),
    [
        ("no", LAYER_INITSCRIPTS),
        ('"NO"', LAYER_INITSCRIPTS),
        ("'No'", LAYER_INITSCRIPTS),
        ("yes", LAYER_NETWORKMANAGER),
        (None, LAYER_NETWORKMANAGER),
    ],
)
def test_layer_follows_nm_controlled(value: str | None, layer: str) -> None:
    text = "DEVICE=bond0\nTYPE=Bond\n" + (f"NM_CONTROLLED={value}\n" if value else "")
    bond = only(parse(text))
    assert bond.layer == layer
    if value:
        assert bond.managed and bond.managed.value == ifcfg.shell_value(value)[0]
        assert bond.managed.location.line == 3
    else:
        assert bond.managed is None


@pytest.mark.parametrize(
    "text",
    ["TYPE=bond\n", "BONDING_MASTER=yes\n", "TYPE=Ethernet\nBONDING_OPTS=miimon=100\n"],
)
def test_ways_to_declare_a_bond(text: str) -> None:
    assert isinstance(only(parse("DEVICE=bond0\n" + text)), BondDefinition)


@pytest.mark.parametrize(
    "text",
    [
        "DEVICE=eth0\nTYPE=Ethernet\nBOOTPROTO=dhcp\n",
        "DEVICE=eth1\nBRIDGE=br0\n",
        "DEVICE=eth1\nBONDING_MASTER=no\nMASTER=\n",
        "",
        "# only a comment\n",
    ],
)
def test_files_that_are_not_bonding(text: str) -> None:
    assert parse(text, RHEL + "ifcfg-x") == ParseResult()


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("DEVICE=team0\nDEVICETYPE=Team\nBONDING_OPTS=mode=1\n", "team"),
        ("DEVICE=eth1\nDEVICETYPE=TeamPort\nTEAM_MASTER=team0\n", "port"),
    ],
)
def test_team_files_are_teams_not_bonds(text: str, role: str) -> None:
    (team,) = parse(text, RHEL + "ifcfg-x").facts
    assert isinstance(team, TeamDefinition) and team.role == role


def test_port_prefers_master_uuid() -> None:
    text = "DEVICE=eth0\nMASTER=bond0\nMASTER_UUID=5b367e79-cb47-4bde-9fd7-ae0bc734ab0d\n"
    port = only(parse(text, RHEL + "ifcfg-eth0"))
    assert isinstance(port, PortDefinition)
    assert port.controller.value == "5b367e79-cb47-4bde-9fd7-ae0bc734ab0d"
    assert port.controller.location.line == 3
    assert port.extra["MASTER"].value == "bond0"


def test_port_interface_from_file_name() -> None:
    port = only(parse("MASTER=bond0\nSLAVE=yes\n", RHEL + "ifcfg-enp1s0"))
    assert isinstance(port, PortDefinition)
    assert port.interface and port.interface.value == "enp1s0"
    assert port.location == Location(RHEL + "ifcfg-enp1s0", 1)  # first assignment
    assert port.port_type is None and port.extra["SLAVE"].value == "yes"


def test_wicked_detected_by_keys_and_ports_sorted_by_index() -> None:
    text = (
        "STARTMODE='auto'\nBONDING_MASTER='yes'\n"
        "BONDING_SLAVE_10='eth10'\nBONDING_SLAVE_2='eth2'\n"
        "BONDING_MODULE_OPTS='mode=802.3ad miimon=100 '\n"
    )
    bond = only(parse(text, "etc/ifcfg-bond0"))
    assert isinstance(bond, BondDefinition)
    assert bond.layer == LAYER_WICKED
    assert [p.value for p in bond.port_names] == ["eth2", "eth10"]
    assert values(bond.options) == {"mode": "802.3ad", "miimon": "100"}
    assert bond.options_location and bond.options_location.line == 5


def test_rhel_file_with_suse_port_keys_stays_rhel() -> None:
    text = "DEVICE=bond0\nBONDING_OPTS='mode=1'\nBONDING_SLAVE_0=eth0\n"
    bond = only(parse(text))
    assert isinstance(bond, BondDefinition)
    assert bond.layer == LAYER_NETWORKMANAGER
    assert bond.port_names == []
    assert bond.extra["BONDING_SLAVE_0"].value == "eth0"


@pytest.mark.parametrize(
    ("name", "claimed"),
    [
        ("ifcfg-bond0", True),
        ("ifcfg-eth0:1", True),
        ("ifcfg-lo", False),
        ("ifcfg-", False),
        ("ifcfg-eth0~", False),
        ("ifcfg-eth0.bak", False),
        ("ifcfg-eth0.orig", False),
        ("ifcfg-eth0.rpmnew", False),
        ("ifcfg-eth0.rpmsave", False),
        ("route-eth0", False),
        ("bond0.nmconnection", False),
    ],
)
def test_claims(name: str, claimed: bool) -> None:
    assert ifcfg.claims(PurePosixPath(RHEL) / name, "") is claimed


# --- wicked (SUSE): BONDING_MASTER, BONDING_SLAVE_<n>, BONDING_MODULE_OPTS ----------------

# The example of wicked's ifcfg-bonding(5) (openSUSE/wicked man/src/ifcfg-bonding.5.md),
# retyped: a bond and its two hotplug ports.
WICKED_BOND0 = """\
STARTMODE='onboot'
BOOTPROTO='static'
IPADDR='192.168.0.1/24'
BONDING_MASTER='yes'
BONDING_SLAVE_0='eth0'
BONDING_SLAVE_1='eth1'
BONDING_MODULE_OPTS='mode=active-backup miimon=100'
"""
WICKED_PORT = "STARTMODE='hotplug'\nBOOTPROTO='none'\n#ETHTOOL_OPTIONS='wol g'\n"


def test_wicked_man_page_example() -> None:
    bond = only(parse(WICKED_BOND0, SUSE + "ifcfg-bond0"))
    assert isinstance(bond, BondDefinition) and bond.layer == LAYER_WICKED
    assert [(p.value, p.location.line) for p in bond.port_names] == [("eth0", 5), ("eth1", 6)]
    assert values(bond.options) == {"mode": "active-backup", "miimon": "100"}
    assert (bond.extra["bonding_master"].value, bond.extra["bonding_master"].location.line) == ("yes", 4)
    assert bond.extra["STARTMODE"].value == "onboot" and bond.extra["BOOTPROTO"].value == "static"
    # Ports are bare on SUSE: the bond lists them.
    assert parse(WICKED_PORT, SUSE + "ifcfg-eth0") == ParseResult()


@pytest.mark.parametrize(
    ("master", "expected"),
    [
        ("BONDING_MASTER='yes'\n", "yes"),
        ("BONDING_MASTER=ON\n", "yes"),  # wicked: yes, true, on (any case)
        ("BONDING_MASTER=true\n", "yes"),
        ("BONDING_MASTER='1'\n", "no"),  # initscripts' true, not wicked's
        ("BONDING_MASTER=y\n", "no"),
        ("BONDING_MASTER=no\n", "no"),
        ("", "no"),
    ],
)
def test_wicked_bond_without_bonding_master_is_still_read(master: str, expected: str) -> None:
    """A SUSE file with bond ports or options is meant as a bond even when wicked will
    not create it (it needs BONDING_MASTER='yes'): the definition carries the fact."""
    text = "STARTMODE=auto\nBONDING_SLAVE_0=eth0\n" + master + "BONDING_MODULE_OPTS='mode=1 miimon=100'\n"
    bond = only(parse(text, SUSE + "ifcfg-bond0"))
    assert isinstance(bond, BondDefinition) and bond.layer == LAYER_WICKED
    found = bond.extra["bonding_master"]
    assert found.value == expected
    assert found.location.line == (3 if master else 1)  # the key's line, else the bond's


def test_wicked_ports_only_file_is_a_bond() -> None:
    bond = only(parse("BONDING_SLAVE0=eth0\nBONDING_SLAVE1=eth1\n", SUSE + "ifcfg-bond1"))
    assert isinstance(bond, BondDefinition)
    assert [p.value for p in bond.port_names] == ["eth0", "eth1"] and bond.options == {}
    assert bond.extra["bonding_master"].value == "no"


# --- RHEL: initscripts and NetworkManager's ifcfg-rh reader ------------------------------


@pytest.mark.parametrize("word", ["no", "NO", "n", "false", "False", "f", "0"])
def test_every_false_spelling_of_nm_controlled(word: str) -> None:
    """shvar.c svParseBoolean (and initscripts' is_false) read all of these as false."""
    assert only(parse(f"DEVICE=bond0\nTYPE=Bond\nNM_CONTROLLED={word}\n")).layer == LAYER_INITSCRIPTS


@pytest.mark.parametrize("word", ["yes", "y", "t", "1", "maybe"])
def test_other_nm_controlled_values_leave_networkmanager_in_charge(word: str) -> None:
    assert only(parse(f"DEVICE=bond0\nTYPE=Bond\nNM_CONTROLLED={word}\n")).layer == LAYER_NETWORKMANAGER


def test_bond_without_bonding_opts_is_no_error() -> None:
    """Red Hat's RHEL 7 Networking Guide §7.4 shape: the bond file may leave BONDING_OPTS
    out (the driver's defaults apply), its ports say MASTER=bond0 SLAVE=yes."""
    text = 'DEVICE=bond0\nNAME=bond0\nTYPE=Bond\nBONDING_MASTER=yes\nONBOOT=yes\nBOOTPROTO=none\nNM_CONTROLLED="no"\n'
    result = parse(text)
    assert result.diagnostics == []
    bond = only(result)
    assert isinstance(bond, BondDefinition)
    assert bond.options == {} and bond.options_location is None and bond.layer == LAYER_INITSCRIPTS
    assert bond.extra["bonding_master"].value == "yes" and bond.extra["ONBOOT"].value == "yes"
    port = only(
        parse("DEVICE=eth0\nNAME=bond0-slave\nMASTER=bond0\nSLAVE=yes\nNM_CONTROLLED=no\n", RHEL + "ifcfg-eth0")
    )
    assert isinstance(port, PortDefinition) and port.controller.value == "bond0"


@pytest.mark.parametrize(
    "line",
    [
        'BONDING_OPTS="mode=active-backup miimon=100"',
        "BONDING_OPTS='mode=active-backup miimon=100'",
        "BONDING_OPTS=mode=active-backup\\ miimon=100",
        "BONDING_OPTS=\"mode=active-backup\"' miimon=100'",
        "BONDING_OPTS=$'mode=active-backup miimon=100'",  # NM's writer may use ANSI-C quoting
        'BONDING_OPTS=" mode=active-backup  miimon=100 "',
    ],
)
def test_bonding_opts_quoting_variants(line: str) -> None:
    result = parse(f"DEVICE=bond0\n{line}\n")
    assert result.diagnostics == []
    bond = only(result)
    assert isinstance(bond, BondDefinition)
    assert values(bond.options) == {"mode": "active-backup", "miimon": "100"}


def test_tab_in_bonding_opts_splits_for_initscripts_not_for_networkmanager() -> None:
    """initscripts' `for arg in $BONDING_OPTS` splits at tabs too; NM's reader splits at
    spaces only (nms-ifcfg-rh-reader.c make_bond_setting), so mode takes the rest."""
    text = "DEVICE=bond0\nBONDING_OPTS=$'mode=1\\tmiimon=100 primary=eth0'\n"
    nm = parse(text)
    bond = only(nm)
    assert isinstance(bond, BondDefinition)
    assert values(bond.options) == {"mode": "1\tmiimon=100", "primary": "eth0"}
    assert [d.location.line for d in nm.diagnostics] == [2] and "spaces only" in nm.diagnostics[0].message
    legacy = parse("NM_CONTROLLED=no\n" + text)
    bond = only(legacy)
    assert isinstance(bond, BondDefinition)
    assert values(bond.options) == {"mode": "1", "miimon": "100", "primary": "eth0"}
    assert legacy.diagnostics == []


def test_ansi_c_quoting() -> None:
    assert ifcfg.shell_value("$'a\\tb\\'c'") == ("a\tb'c", None)
    assert ifcfg.shell_value("x$'y'z") == ("xyz", None)
    assert ifcfg.shell_value("$'open") == ("open", "unterminated $'...' quote")
    assert ifcfg.shell_value("$HOME") == ("$HOME", None)  # expansions stay literal
