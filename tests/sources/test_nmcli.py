"""nmcli connection show parser: corpus, hand-written bond captures, robustness."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

import pytest
from conftest import corpus_path, rows_of_kind

from bondlint.sources import nmcli
from bondlint.sources.base import (
    LAYER_NETWORKMANAGER,
    BondDefinition,
    Location,
    ParseResult,
    PortDefinition,
)

ROWS = rows_of_kind("host", "nmcli-output")
BOND_UUID = "1141ecb1-06e5-4e55-a224-228307d3adc6"
SOS_PATH = "sos_commands/networkmanager/nmcli_con_show_id_bond0"


@dataclass(frozen=True)
class Expect:
    """What one corpus file yields: no nmcli sample in the corpus is a bond or a port."""

    profile_id: str | None  # the connection.id when it is a `connection show` profile
    diagnostics: int  # how many lines are reported as not nmcli properties


CORPUS_TABLE: dict[str, Expect] = {
    # `nmcli conn show` table: header and four rows are not property lines.
    "insights-core/nmcli_conn_show_table_team_version-warning.txt": Expect(None, 5 + 1),
    # `nmcli dev show`: GENERAL.*/IP4.* only, no connection.* properties.
    "insights-core/nmcli_dev_show_multi-device.txt": Expect(None, 1),
    "networkmanager/nmcli_--terse_con_show_ethernet.txt": Expect("ethernet", 0),
    # `-g all` prints values only; nothing can be attributed to a property.
    "networkmanager/nmcli_-g_all_con_show_con-gsm1.txt": Expect(None, 1),
    "networkmanager/nmcli_con_show_con-xx1_pretty-default-mode_wifi.txt": Expect("con-xx1", 0),
}

# Both MANIFEST `expected` objects describe the table and `dev show` forms, which are
# device/inventory listings for other parsers, not profiles: nothing here to project.
NOT_PROFILE_OUTPUT = {
    "insights-core/nmcli_conn_show_table_team_version-warning.txt",
    "insights-core/nmcli_dev_show_multi-device.txt",
}

BOND_OPTIONS = "mode=active-backup,arp_interval=1000,arp_ip_target=10.0.0.1 10.0.0.2,primary=eth1"
PRETTY_BOND = f"""\
connection.id:                          bond0
connection.uuid:                        1141ecb1-06e5-4e55-a224-228307d3adc6
connection.stable-id:                   --
connection.type:                        bond
connection.interface-name:              bond0
connection.autoconnect:                 yes
connection.autoconnect-priority:        0
connection.autoconnect-retries:         -1 (default)
connection.controller:                  --
connection.master:                      --
connection.slave-type:                  --
connection.port-type:                   --
connection.autoconnect-slaves:          1 (yes)
connection.autoconnect-ports:           1 (yes)
connection.ip-ping-addresses-require-all:-1 (default)
802-3-ethernet.mtu:                     9000
802-3-ethernet.cloned-mac-address:      --
802-3-ethernet.generate-mac-address-mask:--
bond.options:                           {BOND_OPTIONS}
ipv4.method:                            manual
ipv4.route-table:                       0 (unspec)
GENERAL.NAME:                           bond0
GENERAL.STATE:                          activated
IP4.ADDRESS[1]:                         192.0.2.10/24
"""

TERSE_PORT = f"""\
connection.id:bond0-port1
connection.uuid:0b2a6c2e-6a57-4ef4-92a0-fb3c8d2b0a11
connection.type:802-3-ethernet
connection.interface-name:eth1
connection.autoconnect:yes
connection.controller:{BOND_UUID}
connection.master:{BOND_UUID}
connection.slave-type:bond
connection.port-type:bond
802-3-ethernet.mtu:auto
802-3-ethernet.mac-address:52\\:54\\:00\\:12\\:34\\:56
bond-port.queue-id:0
bond-port.prio:0
"""


def parse(text: str, path: str = SOS_PATH) -> ParseResult:
    return nmcli.parse(text, path)


def only(result: ParseResult) -> BondDefinition | PortDefinition:
    assert len(result.facts) == 1, result.facts
    fact = result.facts[0]
    assert isinstance(fact, BondDefinition | PortDefinition)
    return fact


def values(mapping: dict) -> dict[str, str]:
    return {key: located.value for key, located in mapping.items()}


# --- corpus ------------------------------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_corpus_file(row: dict[str, str]) -> None:
    text = corpus_path("host", row["file"]).read_text(encoding="utf-8", errors="replace")
    result = parse(text, row["file"])
    expect = CORPUS_TABLE[row["file"]]
    assert result.facts == []  # an ethernet, a wifi and three non-profile listings
    assert len(result.diagnostics) == expect.diagnostics
    if row["expected_json"] is not None:
        assert row["file"] in NOT_PROFILE_OUTPUT


def test_corpus_table_matches_manifest() -> None:
    corpus_path("host", "MANIFEST.tsv")
    assert {row["file"] for row in ROWS} == set(CORPUS_TABLE)


@pytest.mark.parametrize(
    "name",
    [
        "networkmanager/nmcli_--terse_con_show_ethernet.txt",
        "networkmanager/nmcli_con_show_con-xx1_pretty-default-mode_wifi.txt",
    ],
)
def test_corpus_profiles_are_claimed_and_read_as_profiles(name: str) -> None:
    text = corpus_path("host", name).read_text(encoding="utf-8")
    assert nmcli.claims(PurePosixPath(name), text[:1024])
    # Turn the profile into a bond port in place: the same text must then yield a port.
    ported = text.replace("connection.master:                      --", "connection.master:bond0")
    ported = ported.replace("connection.master:\n", "connection.master:bond0\n")
    port = only(parse(ported, name))
    assert isinstance(port, PortDefinition)
    assert port.controller.value == "bond0"
    assert port.port_type is None  # slave-type/port-type are empty: the model decides
    assert port.profile_id and port.profile_id.value == CORPUS_TABLE[name].profile_id


# --- hand-written captures -----------------------------------------------------------------


def test_pretty_bond() -> None:
    path = "nmcli_con_show_id_bond0"
    result = parse(PRETTY_BOND, path)
    assert result.diagnostics == []
    bond = only(result)
    assert isinstance(bond, BondDefinition)
    assert bond.format == "nmcli-connection" and bond.layer == LAYER_NETWORKMANAGER
    assert bond.location == Location(path, 1)
    assert bond.interface and (bond.interface.value, bond.interface.location.line) == ("bond0", 5)
    assert bond.profile_id and bond.profile_id.value == "bond0"
    assert bond.uuid and bond.uuid.value == BOND_UUID
    assert values(bond.options) == {
        "mode": "active-backup",
        "arp_interval": "1000",
        "arp_ip_target": "10.0.0.1,10.0.0.2",
        "primary": "eth1",
    }
    assert bond.options_location == Location(path, 19)
    assert {option.location.line for option in bond.options.values()} == {19}
    assert bond.mtu and (bond.mtu.value, bond.mtu.location.line) == ("9000", 16)
    assert values(bond.extra) == {
        "connection.type": "bond",
        "connection.autoconnect": "yes",
        "connection.autoconnect-priority": "0",
        "connection.autoconnect-slaves": "1",
        "connection.autoconnect-ports": "1",
        "ipv4.method": "manual",
        "GENERAL.STATE": "activated",
    }


def test_terse_port_with_uuid_controller() -> None:
    result = parse(TERSE_PORT)
    assert result.diagnostics == []
    port = only(result)
    assert isinstance(port, PortDefinition)
    assert port.controller.value == BOND_UUID and port.controller.location.line == 6
    assert port.port_type and (port.port_type.value, port.port_type.location.line) == ("bond", 9)
    assert port.interface and port.interface.value == "eth1"
    assert port.extra["ethernet.mac-address"].value == "52:54:00:12:34:56"
    assert port.extra["bond-port.queue-id"].value == "0"
    assert port.mtu and port.mtu.value == "auto"  # nmcli's word for "not set"


def test_terse_bond_keeps_parentheses() -> None:
    text = "connection.id:bond (old)\nconnection.type:bond\nbond.options:mode=4,miimon=100\n"
    bond = only(parse(text))
    assert isinstance(bond, BondDefinition)
    assert bond.profile_id and bond.profile_id.value == "bond (old)"
    assert values(bond.options) == {"mode": "4", "miimon": "100"}


def test_old_nmcli_with_only_master_and_commas_in_targets() -> None:
    text = (
        "connection.id:                          bond0\n"
        "connection.type:                        bond\n"
        "connection.master:                      --\n"
        "bond.options:                           mode=1,"
        "arp_ip_target=10.0.0.1,10.0.0.2,arp_interval=100\n"
    )
    bond = only(parse(text))
    assert isinstance(bond, BondDefinition)
    assert values(bond.options) == {
        "mode": "1",
        "arp_ip_target": "10.0.0.1,10.0.0.2",
        "arp_interval": "100",
    }


def test_escaped_comma_and_bad_item_in_bond_options() -> None:
    text = "connection.type:bond\nbond.options:mode=4,weird,primary=a\\,b\n"
    result = parse(text)
    bond = only(result)
    assert isinstance(bond, BondDefinition)
    assert values(bond.options) == {"mode": "4", "primary": "a,b"}
    assert [d.location.line for d in result.diagnostics] == [2]


def test_pretty_port_with_both_aliases() -> None:
    text = (
        "connection.id:                          bond0-port1\n"
        "connection.type:                        802-3-ethernet\n"
        "connection.interface-name:              eth1\n"
        f"connection.controller:                  {BOND_UUID}\n"
        f"connection.master:                      {BOND_UUID}\n"
        "connection.slave-type:                  bond\n"
        "connection.port-type:                   bond\n"
    )
    result = parse(text)
    assert result.diagnostics == []
    port = only(result)
    assert isinstance(port, PortDefinition)
    assert port.controller.location.line == 4 and port.port_type is not None


def test_localized_values_are_kept_raw() -> None:
    text = (
        "connection.id:                          enp0s3\n"
        "connection.type:                        802-3-ethernet\n"
        "connection.autoconnect:                 igen\n"
        "connection.master:                      bond0\n"
        "connection.slave-type:                  bond\n"
        "GENERAL.STATE:                          aktiválva\n"
    )
    port = only(parse(text))
    assert port.extra["connection.autoconnect"].value == "igen"
    assert port.extra["GENERAL.STATE"].value == "aktiválva"


def test_two_profiles_in_one_output() -> None:
    result = parse(PRETTY_BOND + "\n" + TERSE_PORT.replace(":", ":  ", 1))
    kinds = [type(fact).__name__ for fact in result.facts]
    assert kinds == ["BondDefinition", "PortDefinition"]
    assert result.facts[1].location.line == 26


def test_team_profile_is_a_team_not_a_bond() -> None:
    from bondlint.sources.base import TeamDefinition

    (team,) = parse("connection.id:team0\nconnection.type:team\nteam.config:{}\n").facts
    assert isinstance(team, TeamDefinition) and team.name.value == "team0"


@pytest.mark.parametrize(
    "text",
    [
        "connection.id:p\nconnection.type:802-3-ethernet\nconnection.master:br0\nconnection.slave-type:bridge\n",
        "connection.id:p\nconnection.type:802-3-ethernet\nconnection.master:--\n",
    ],
    ids=["bridge-port", "ethernet"],
)
def test_profiles_that_are_not_bonding(text: str) -> None:
    assert parse(text) == ParseResult()


def test_output_without_connection_properties() -> None:
    result = parse("Error: bond0 - no such connection profile.\n")
    assert result.facts == []
    assert [d.location.line for d in result.diagnostics] == [0]


def test_garbage_is_reported_not_raised() -> None:
    result = parse(PRETTY_BOND + "\x00\x01\x02garbage\n" * 40)
    assert isinstance(only(result), BondDefinition)
    assert len(result.diagnostics) == 21
    assert result.diagnostics[0].location.line == 25


@pytest.mark.parametrize(
    ("name", "head", "claimed"),
    [
        ("nmcli_con_show_id_bond0", "connection.id:  bond0\n", True),
        ("nmcli_connection_show_conf_x", "Warning: x\nconnection.type:bond\n", True),
        ("nmcli_con_show_id_bond0", "not output\n", False),
        ("nmcli_dev_show", "GENERAL.DEVICE:   em1\n", False),
        ("nmcli_conn_show", "NAME  UUID  TYPE  DEVICE\n", False),
        ("bond0.txt", "connection.id:bond0\n", True),
        ("bond0.txt", "connection.type:bond\n", False),
    ],
)
def test_claims(name: str, head: str, claimed: bool) -> None:
    assert nmcli.claims(PurePosixPath("sos_commands/networkmanager") / name, head) is claimed


# --- audit against nmcli's output code ---------------------------------------------------
#
# Shapes follow NetworkManager's src/tests/client/test-client.check-on-disk/test_004.expected
# (`nmcli --pretty con s con-vpn-1` in C and pl_PL locales, `nmcli --terse con s …`) and
# nm-meta-setting-desc.c's _get_fcn_bond_options; the bond values are our own.

RULE_EQ = "=" * 79
RULE_DASH = "-" * 79


def _pretty_capture(title: str, autoconnect: str) -> str:
    return f"""\
{RULE_EQ}
                    {title}
{RULE_EQ}
connection.id:                          bond0
connection.uuid:                        {BOND_UUID}
connection.type:                        bond
connection.interface-name:              bond0
connection.autoconnect:                 {autoconnect}
connection.autoconnect-ports:           1 (yes)
{RULE_DASH}
bond.options:                           mode=802.3ad,lacp_rate=fast,miimon=100
{RULE_DASH}
{RULE_EQ}
       Active connection details ({BOND_UUID})
{RULE_EQ}
GENERAL.NAME:                           bond0
GENERAL.STATE:                          activated
{RULE_DASH}
"""


@pytest.mark.parametrize(
    ("title", "autoconnect"),
    [
        ("Connection profile details (bond0)", "yes"),
        ("Szczegóły profilu połączenia (bond0)", "tak"),  # pl_PL: titles and yes/no translated
        ("Connection profile details (bond:0)", "yes"),  # a colon in the title is no property
    ],
)
def test_pretty_mode_frames_are_no_diagnostics(title: str, autoconnect: str) -> None:
    result = parse(_pretty_capture(title, autoconnect))
    assert result.diagnostics == []
    bond = only(result)
    assert isinstance(bond, BondDefinition)
    assert bond.location.line == 4
    assert values(bond.options) == {"mode": "802.3ad", "lacp_rate": "fast", "miimon": "100"}
    assert bond.options_location and bond.options_location.line == 11
    assert bond.extra["connection.autoconnect"].value == autoconnect
    assert bond.extra["connection.autoconnect-ports"].value == "1"


def test_free_text_properties_keep_their_parentheses_in_pretty_output() -> None:
    text = (
        "connection.id:                          2 (old)\n"
        "connection.type:                        bond\n"
        "connection.interface-name:              bond0\n"
        "connection.autoconnect-priority:        -1 (default)\n"
    )
    bond = only(parse(text))
    assert bond.profile_id and bond.profile_id.value == "2 (old)"
    assert bond.extra["connection.autoconnect-priority"].value == "-1"


def test_terse_escapes_in_bond_options() -> None:
    # --terse escapes ":" and "\\" in values; bond.options escapes "," and "\\" inside an
    # option value and shows arp_ip_target/ns_ip6_target with blanks between addresses.
    text = (
        "connection.id:bond0\nconnection.type:bond\nconnection.interface-name:bond0\n"
        "bond.options:mode=active-backup,arp_interval=1000,"
        "ns_ip6_target=2001\\:db8\\:\\:1 2001\\:db8\\:\\:2,primary=eno1\n"
    )
    result = parse(text)
    assert result.diagnostics == []
    assert values(only(result).options) == {
        "mode": "active-backup",
        "arp_interval": "1000",
        "ns_ip6_target": "2001:db8::1,2001:db8::2",
        "primary": "eno1",
    }
