"""NetworkManager keyfile parser: shared corpus, hand-written edge cases, robustness."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

import pytest
from conftest import corpus_path, rows_of_kind

from bondlint.sources import nm_keyfile
from bondlint.sources.base import (
    LAYER_NETWORKMANAGER,
    BondDefinition,
    Location,
    ParseResult,
    PortDefinition,
)

ROWS = rows_of_kind("host", "nm-keyfile")
CLOUD_INIT_BOND_UUID = "54317911-f840-516b-a10d-82cb4c1f075c"


@dataclass(frozen=True)
class Expect:
    """What one corpus file must yield: kind "bond", "port" or None (neither)."""

    kind: str | None
    interface: str | None = None
    controller: str | None = None
    options: dict[str, str] | None = None  # compared exactly when given


NETPLAN = "netplan/run_NetworkManager_system-connections_netplan-"
NETPLAN_PRIMARY = ".nmconnection__TestNetworkManager.test_bond_primary_member.txt"
NETPLAN_PARAMS = ".nmconnection__TestNetworkManager.test_bond_with_params_all_members_active.txt"

CORPUS_TABLE: dict[str, Expect] = {
    "cloud-init/bond_v1__nm_cloud-init-bond0.nmconnection.txt": Expect(
        "bond",
        "bond0",
        # cloud-init drops miimon from its input and keeps insertion order.
        options={
            "mode": "active-backup",
            "xmit_hash_policy": "layer3+4",
            "num_grat_arp": "5",
            "downdelay": "10",
            "updelay": "20",
            "fail_over_mac": "active",
            "primary_reselect": "always",
            "primary": "bond0s0",
        },
    ),
    "cloud-init/bond_v1__nm_cloud-init-bond0s0.nmconnection.txt": Expect("port", None, CLOUD_INIT_BOND_UUID),
    "cloud-init/bond_v1__nm_cloud-init-bond0s1.nmconnection.txt": Expect("port", None, CLOUD_INIT_BOND_UUID),
    "cloud-init/large_v1__nm_cloud-init-bond0.nmconnection.txt": Expect(
        "bond", "bond0", options={"mode": "active-backup", "xmit_hash_policy": "layer3+4"}
    ),
    f"{NETPLAN}bn0{NETPLAN_PRIMARY}": Expect("bond", "bn0", options={"mode": "active-backup", "primary": "eno1"}),
    f"{NETPLAN}bn0{NETPLAN_PARAMS}": Expect(
        "bond",
        "bn0",
        options={
            "mode": "802.3ad",
            "lacp_rate": "slow",
            "miimon": "10",
            "min_links": "10",
            "xmit_hash_policy": "none",
            "ad_select": "none",
            "all_slaves_active": "1",
            "arp_interval": "10",
            "arp_ip_target": "10.10.10.10,20.20.20.20",
            "arp_validate": "all",
            "arp_all_targets": "all",
            "updelay": "10",
            "downdelay": "10",
            "fail_over_mac": "none",
            "num_grat_arp": "10",
            "num_unsol_na": "10",
            "packets_per_slave": "10",
            "primary_reselect": "none",
            "resend_igmp": "10",
            "lp_interval": "10",
        },
    ),
    f"{NETPLAN}eno1{NETPLAN_PRIMARY}": Expect("port", "eno1", "bn0"),
    f"{NETPLAN}eno1{NETPLAN_PARAMS}": Expect("port", "eno1", "bn0"),
    f"{NETPLAN}switchport{NETPLAN_PRIMARY}": Expect("port", "enp2s1", "bn0"),
    f"{NETPLAN}switchport{NETPLAN_PARAMS}": Expect("port", "enp2s1", "bn0"),
    "networkmanager-ci/bond-bond0.nmconnection.txt": Expect("bond", "bond0", options={"mode": "active-backup"}),
    "networkmanager-ci/bond-port-eth1-port-ovs-clone.nmconnection.txt": Expect(
        "port", "eth1", "1141ecb1-06e5-4e55-a224-228307d3adc6"
    ),
    "networkmanager-ci/bond-port-eth1.nmconnection.txt": Expect("port", "eth1", "bond0"),
    # Bridge ports (controller=br0, port-type=bridge): not bonding.
    "networkmanager/keyfile_Test_minimal_port_1_bridge-port_controller.txt": Expect(None),
    "networkmanager/keyfile_Test_minimal_port_3_bridge-port_controller.txt": Expect(None),
}


def parse(text: str, path: str = "test.nmconnection") -> ParseResult:
    return nm_keyfile.parse(text, path)


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
    assert result.diagnostics == []
    if expect.kind is None:
        assert result.facts == []
        return
    fact = only(result)
    assert fact.format == "nm-keyfile" and fact.layer == LAYER_NETWORKMANAGER
    assert (fact.interface.value if fact.interface else None) == expect.interface
    if expect.kind == "bond":
        assert isinstance(fact, BondDefinition)
        assert values(fact.options) == expect.options
        assert fact.options_location is not None
    else:
        assert isinstance(fact, PortDefinition)
        assert fact.controller.value == expect.controller
        assert fact.port_type is not None and fact.port_type.value == "bond"
    # No keyfile row carries `expected` JSON; the table above is the whole oracle.
    assert row["expected_json"] is None


def test_corpus_table_matches_manifest() -> None:
    corpus_path("host", "MANIFEST.tsv")
    assert {row["file"] for row in ROWS} == set(CORPUS_TABLE)


def test_cloud_init_bond_details() -> None:
    name = "cloud-init/bond_v1__nm_cloud-init-bond0.nmconnection.txt"
    text = corpus_path("host", name).read_text(encoding="utf-8")
    bond = only(parse(text, name))
    assert isinstance(bond, BondDefinition)
    assert bond.location == Location(name, 3)
    assert bond.options_location == Location(name, 13)
    assert bond.options["mode"].location == Location(name, 14)
    assert bond.profile_id and bond.profile_id.value == "cloud-init bond0"
    assert bond.uuid and bond.uuid.value == CLOUD_INIT_BOND_UUID
    assert bond.mtu and bond.mtu.value == "9000"
    origin = bond.extra["user.org.freedesktop.NetworkManager.origin"]
    assert origin.value == "cloud-init" and origin.location.line == 11
    assert bond.extra["ipv4.method"].value == "manual"
    assert "miimon" not in bond.options


def test_profile_without_final_newline() -> None:
    name = "networkmanager-ci/bond-port-eth1.nmconnection.txt"
    text = corpus_path("host", name).read_text(encoding="utf-8")
    assert not text.endswith("\n")
    port = only(parse(text, name))
    assert isinstance(port, PortDefinition)
    assert port.controller.location == Location(name, 6)
    assert port.extra["connection.slave-type"].value == "bond"


# --- edge cases --------------------------------------------------------------------------

BOND = """\
# a comment
[connection]
id=bond0
type=bond
interface-name=bond0

[bond]
mode=802.3ad
miimon=100
"""


def test_bond_profile_locations() -> None:
    bond = only(parse(BOND, "/etc/NetworkManager/system-connections/bond0.nmconnection"))
    assert isinstance(bond, BondDefinition)
    path = "/etc/NetworkManager/system-connections/bond0.nmconnection"
    assert bond.location == Location(path, 2)
    assert bond.interface and bond.interface.location == Location(path, 5)
    assert bond.options_location == Location(path, 7)
    assert {k: (v.value, v.location.line) for k, v in bond.options.items()} == {
        "mode": ("802.3ad", 8),
        "miimon": ("100", 9),
    }


def test_repeated_key_last_wins() -> None:
    bond = only(parse(BOND + "miimon=200\n[connection]\nid=renamed\n"))
    assert isinstance(bond, BondDefinition)
    assert (bond.options["miimon"].value, bond.options["miimon"].location.line) == ("200", 10)
    assert bond.profile_id and (bond.profile_id.value, bond.profile_id.location.line) == (
        "renamed",
        12,
    )
    assert bond.location.line == 2  # the first [connection] header anchors the profile


def test_crlf_and_no_final_newline() -> None:
    text = BOND.replace("\n", "\r\n").rstrip("\r\n")
    bond = only(parse(text))
    assert isinstance(bond, BondDefinition)
    assert values(bond.options) == {"mode": "802.3ad", "miimon": "100"}
    assert bond.options["miimon"].location.line == 9
    assert bond.interface and bond.interface.value == "bond0"


def test_whitespace_around_equals_and_indentation() -> None:
    bond = only(parse("[connection]\n type = bond\n\t[bond]\nmode =  active-backup  \n"))
    assert isinstance(bond, BondDefinition)
    assert values(bond.options) == {"mode": "active-backup"}


def test_glib_escapes_are_undone() -> None:
    text = "[connection]\nid=my\\sbond\\\\x\\t\ntype=bond\ninterface-name=bond0\n"
    bond = only(parse(text))
    assert bond.profile_id and bond.profile_id.value == "my bond\\x\t"


@pytest.mark.parametrize("value", ["active\\-backup", "active-backup\\"])
def test_value_glib_cannot_read_is_ignored_and_reported(value: str) -> None:
    # g_key_file_get_string fails on "\-" and on a trailing backslash; NetworkManager's
    # read_hash_of_string then skips the option (nm-keyfile.c: `if (!value) continue`).
    result = parse(f"[connection]\ntype=bond\ninterface-name=bond0\n[bond]\nmode={value}\nmiimon=100\n")
    bond = only(result)
    assert values(bond.options) == {"miimon": "100"}
    assert [d.location.line for d in result.diagnostics] == [5]
    assert "ignores the key" in result.diagnostics[0].message


def test_unreadable_value_in_a_group_bondlint_does_not_read_is_not_reported() -> None:
    result = parse(BOND + "[ipv4]\ndns-search=corp\\.example\n")
    assert result.diagnostics == []


def test_port_controller_given_as_uuid() -> None:
    text = (
        "[connection]\nid=p1\ntype=ethernet\ninterface-name=eth0\n"
        f"controller={CLOUD_INIT_BOND_UUID}\nport-type=bond\n[bond-port]\nqueue-id=2\n"
    )
    port = only(parse(text))
    assert isinstance(port, PortDefinition)
    assert port.controller.value == CLOUD_INIT_BOND_UUID
    assert port.controller.location.line == 5
    assert port.port_type and port.port_type.value == "bond"
    assert port.extra["bond-port.queue-id"].value == "2"


def test_master_and_controller_agreeing() -> None:
    text = (
        "[connection]\nid=Slave1-bond0\ntype=ethernet\ncontroller=bond0\nmaster=bond0\n"
        "port-type=bond\nslave-type=bond\n"
    )
    result = parse(text)
    port = only(result)
    assert isinstance(port, PortDefinition)
    assert port.controller.location.line == 4
    assert result.diagnostics == []
    assert port.extra["connection.master"].value == "bond0"


def test_master_and_controller_disagreeing() -> None:
    text = "[connection]\ntype=ethernet\nmaster=bond1\ncontroller=bond0\nslave-type=bond\n"
    result = parse(text)
    port = only(result)
    assert isinstance(port, PortDefinition)
    assert port.controller.value == "bond0"  # the current name wins, as in NM >= 1.46
    assert [d.location.line for d in result.diagnostics] == [3]
    assert "disagrees" in result.diagnostics[0].message


def test_port_type_and_slave_type_disagreeing() -> None:
    text = "[connection]\ntype=ethernet\nmaster=br0\nport-type=bridge\nslave-type=bond\n"
    result = parse(text)
    assert result.facts == []
    assert [d.location.line for d in result.diagnostics] == [5]


@pytest.mark.parametrize(
    "text",
    [
        "[connection]\ntype=ethernet\ncontroller=br0\nport-type=bridge\n",
        "[connection]\ntype=ethernet\nmaster=team0\nslave-type=team\n",
        "[connection]\ntype=ethernet\nmaster=br0\n[bridge-port]\n",
        "[connection]\ntype=802-3-ethernet\ninterface-name=eth0\n",
        "[connection]\ntype=ovs-port\nmaster=ovsbr0\nslave-type=ovs-bridge\n[ovs-port]\nbond-mode=balance-slb\n",
    ],
    ids=["bridge-port", "team-port", "bridge-port-inferred", "ethernet", "ovs-bond"],
)
def test_profiles_that_are_not_bonding(text: str) -> None:
    assert parse(text) == ParseResult()


def test_team_profile_is_a_team_not_a_bond() -> None:
    from bondlint.sources.base import TeamDefinition

    (team,) = parse("[connection]\ntype=team\ninterface-name=team0\n[team]\nconfig={}\n").facts
    assert isinstance(team, TeamDefinition) and (team.role, team.name.value) == ("team", "team0")


def test_port_type_missing_is_left_to_the_model() -> None:
    port = only(parse("[connection]\ntype=ethernet\nmaster=bond0\n[bond-port]\n"))
    assert isinstance(port, PortDefinition)
    assert port.port_type is None and port.controller.value == "bond0"


def test_long_setting_names_and_mtu() -> None:
    text = (
        "[connection]\ntype=802-3-ethernet\nmaster=bond0\nslave-type=bond\n"
        "[802-3-ethernet]\nmtu=9000\ncloned-mac-address=stable\n"
    )
    port = only(parse(text))
    assert port.mtu and (port.mtu.value, port.mtu.location.line) == ("9000", 6)
    assert port.extra["ethernet.cloned-mac-address"].value == "stable"


def test_type_inferred_from_bond_group() -> None:
    bond = only(parse("[connection]\nid=b\ninterface-name=bond0\n[bond]\nmode=4\n"))
    assert isinstance(bond, BondDefinition)


def test_old_interface_name_in_bond_group() -> None:
    bond = only(parse("[connection]\ntype=bond\n[bond]\ninterface-name=bond7\nmode=1\n"))
    assert isinstance(bond, BondDefinition)
    assert bond.interface and bond.interface.value == "bond7"
    assert values(bond.options) == {"mode": "1"}


def test_bond_that_is_a_bridge_port_is_only_a_bond() -> None:
    text = BOND.replace("type=bond\n", "type=bond\ncontroller=br0\nport-type=bridge\n")
    assert isinstance(only(parse(text)), BondDefinition)


def test_extra_keeps_autoconnect_and_addressing() -> None:
    text = BOND + "[connection]\nautoconnect=false\nautoconnect-ports=1\n[ipv4]\nmethod=manual\n"
    bond = only(parse(text))
    assert values(bond.extra) == {
        "connection.type": "bond",
        "connection.autoconnect": "false",
        "connection.autoconnect-ports": "1",
        "ipv4.method": "manual",
    }


def test_bad_line_is_reported_and_parsing_continues() -> None:
    text = "[connection]\ntype=bond\nthis is not a key\n[bond\nmode=1\n=orphan\ninterface-name=b\n"
    result = parse(text)
    assert [d.location.line for d in result.diagnostics] == [3, 4, 6]
    # GLib refuses such a file as a whole: the message says so.
    assert all("loads no profile" in d.message for d in result.diagnostics)
    bond = only(result)
    assert values(bond.options) == {}
    assert bond.extra["connection.type"].value == "bond"


def test_key_before_any_group() -> None:
    result = parse("type=bond\n[connection]\ntype=bond\ninterface-name=bond0\n")
    assert [d.location.line for d in result.diagnostics] == [1]
    assert isinstance(only(result), BondDefinition)


def test_missing_connection_group() -> None:
    result = parse("[bond]\nmode=1\n")
    assert result.facts == []
    assert [d.location for d in result.diagnostics] == [Location("test.nmconnection")]


def test_binary_garbage_is_capped() -> None:
    garbage = "\n".join(f"\x00\x89PNG\x1a{n}" for n in range(50))
    result = parse(BOND + garbage)
    assert isinstance(only(result), BondDefinition)
    assert len(result.diagnostics) == 21
    assert result.diagnostics[0].location.line == 10
    assert "binary" in result.diagnostics[0].message
    assert result.diagnostics[-1].message.startswith("30 more")


@pytest.mark.parametrize(
    ("name", "head", "claimed"),
    [
        ("bond0.nmconnection", "", True),
        ("netplan-bn0.nmconnection", "[connection]\n", True),
        ("bond0", "# generated\n\n[connection]\nid=x\n", True),
        ("bond0.conf", "[NetDev]\nKind=bond\n", False),
        ("10-netplan-bn0.network", "[Match]\n[connection]\n", False),
        ("notes.txt", "connection=1\n", False),
        # NetworkManager skips editor backups and hidden files in its profile folders.
        ("bond0.nmconnection~", "[connection]\nid=x\n", False),
        (".bond0.nmconnection", "[connection]\nid=x\n", False),
        ("bond0.nmconnection.bak", "[connection]\nid=x\n", True),  # NetworkManager reads it
    ],
)
def test_claims(name: str, head: str, claimed: bool) -> None:
    assert nm_keyfile.claims(PurePosixPath("/x") / name, head) is claimed


# --- audit against NetworkManager's keyfile reader and option table ---------------------
#
# Shapes follow nm-settings-keyfile(5) and the keyfiles NetworkManager writes
# (src/core/settings/plugins/keyfile/tests/keyfiles/); values are our own.

# Every [bond] key nm-setting-bond.c's option table holds (NetworkManager 1.59 main), with
# a value it accepts.  balance-slb is NetworkManager's own, not the kernel's.
NM_BOND_OPTIONS = {
    "mode": "balance-xor",
    "miimon": "100",
    "downdelay": "200",
    "updelay": "200",
    "arp_interval": "0",
    "arp_validate": "none",
    "balance-slb": "1",
    "primary_reselect": "always",
    "fail_over_mac": "none",
    "use_carrier": "1",
    "ad_select": "stable",
    "xmit_hash_policy": "vlan+srcmac",
    "resend_igmp": "1",
    "lacp_rate": "slow",
    "ad_actor_sys_prio": "65535",
    "ad_actor_system": "00:00:5e:00:53:01",
    "ad_user_port_key": "0",
    "all_slaves_active": "0",
    "arp_all_targets": "any",
    "min_links": "0",
    "num_grat_arp": "1",
    "num_unsol_na": "1",
    "packets_per_slave": "1",
    "tlb_dynamic_lb": "1",
    "lp_interval": "1",
    "peer_notif_delay": "0",
    "arp_missed_max": "2",
    "lacp_active": "on",
    "arp_ip_target": "192.0.2.1,192.0.2.2",
    "ns_ip6_target": "2001:db8::1,2001:db8::2",
    "primary": "eno1",
    "active_slave": "eno1",
}


def test_every_networkmanager_bond_option_is_read_as_a_known_valid_option() -> None:
    from bondlint.model.options import normalize_option

    text = "[connection]\nid=b\ntype=bond\ninterface-name=bond0\n[bond]\n"
    text += "".join(f"{key}={value}\n" for key, value in NM_BOND_OPTIONS.items())
    result = parse(text)
    assert result.diagnostics == []
    bond = only(result)
    assert values(bond.options) == NM_BOND_OPTIONS
    problems = {
        key: normalize_option(key, value, LAYER_NETWORKMANAGER).problem for key, value in NM_BOND_OPTIONS.items()
    }
    assert {key: p for key, p in problems.items() if p} == {}


@pytest.mark.parametrize(
    ("line", "kept", "reported"),
    [
        ("autoconnect=false", "false", False),
        ("autoconnect=0", "0", False),
        ("autoconnect=true  ", "true", False),  # GLib allows trailing blanks
        ("autoconnect=no", None, True),  # no GLib boolean: NetworkManager keeps true
        ("autoconnect=False", None, True),  # GLib compares case-sensitively
        ("autoconnect=yes", None, False),  # ignored too, but true is what it meant
        ("autoconnect-ports=1", "1", False),
        ("autoconnect-slaves=0x1", "0x1", False),  # integers are read in base 0
        ("autoconnect-ports=true", None, True),  # enum: -1/0/1 only; default does not start ports
        ("autoconnect-slaves=no", None, False),
    ],
)
def test_keyfile_booleans_and_ternaries_as_networkmanager_reads_them(
    line: str, kept: str | None, reported: bool
) -> None:
    result = parse(BOND.replace("interface-name=bond0\n", f"interface-name=bond0\n{line}\n"))
    bond = only(result)
    key = "connection." + line.partition("=")[0]
    assert (bond.extra[key].value if key in bond.extra else None) == kept
    assert [d.location.line for d in result.diagnostics] == ([6] if reported else [])


def test_address_list_separated_by_blanks_is_ignored_as_networkmanager_does() -> None:
    # nm_utils_bond_option_ip_split splits at commas only; "192.0.2.1 192.0.2.2" is then
    # no IPv4 address and read_hash_of_string drops the option.
    text = BOND + "arp_interval=1000\narp_ip_target=192.0.2.1 192.0.2.2\nns_ip6_target=2001:db8::1, 2001:db8::2\n"
    result = parse(text)
    bond = only(result)
    assert values(bond.options) == {
        "mode": "802.3ad",
        "miimon": "100",
        "arp_interval": "1000",
        "ns_ip6_target": "2001:db8::1, 2001:db8::2",  # blanks around commas are stripped
    }
    assert [d.location.line for d in result.diagnostics] == [11]
    assert "192.0.2.1,192.0.2.2" in result.diagnostics[0].message


def test_bond_without_interface_name_is_refused() -> None:
    result = parse("[connection]\nid=bond0\ntype=bond\n[bond]\nmode=active-backup\n")
    assert isinstance(only(result), BondDefinition)
    assert [d.location.line for d in result.diagnostics] == [1]
    assert "property is missing" in result.diagnostics[0].message


def test_old_interface_name_counts_only_with_a_written_type() -> None:
    # nm_keyfile_read looks for [<connection.type>] interface-name=; without a type there
    # is no group to look in, and the bond has no interface name.
    result = parse("[connection]\nid=b\n[bond]\ninterface-name=bond7\nmode=1\n")
    bond = only(result)
    assert bond.interface is None and values(bond.options) == {"mode": "1"}
    assert [d.location.line for d in result.diagnostics] == [1]
    text = "[connection]\ntype=bond\ninterface-name=bond0\n[bond]\ninterface-name=bond7\n"
    bond = only(parse(text))
    assert bond.interface and (bond.interface.value, bond.interface.location.line) == ("bond0", 3)


def test_semicolon_starts_no_comment() -> None:
    # GLib comments start with "#" only; "; note" is no key=value line and GLib refuses the file.
    result = parse(BOND + "; note\n")
    assert [d.location.line for d in result.diagnostics] == [10]
    assert "loads no profile" in result.diagnostics[0].message


def test_group_header_with_trailing_blanks_and_bond_port_keys() -> None:
    # [bond-port] queue-id (NM 1.34) and prio (NM 1.44) are kept for the port view.
    text = (
        "[connection]\nid=bond0-port1\ntype=ethernet\ninterface-name=eno1\n"
        "controller=bond0\nport-type=bond\n[bond-port]  \nqueue-id=3\nprio=-5\n"
    )
    result = parse(text)
    port = only(result)
    assert result.diagnostics == []
    assert values({k: v for k, v in port.extra.items() if k.startswith("bond-port.")}) == {
        "bond-port.queue-id": "3",
        "bond-port.prio": "-5",
    }


# --- what NetworkManager before 1.46 makes of controller=/port-type= (the port view) ----
# controller/port-type are libnm properties "Since: 1.46" (NEWS 1.46 deprecates master and
# slave-type); an older keyfile reader skips keys it does not know.


def _entities(files: dict[str, str]) -> list:
    from bondlint.discovery import InputFile, group_by_host
    from bondlint.model.host import build_entities
    from bondlint.pipeline import scan_host

    inputs = [InputFile(path=p, host_root="h", read=_reader(t.encode())) for p, t in files.items()]
    (group,) = group_by_host(inputs, name_of=lambda root: root)
    return build_entities(scan_host(group))


def _reader(data: bytes) -> Callable[[int | None], bytes]:
    def read(limit: int | None = None) -> bytes:
        return data if limit is None else data[:limit]

    return read


def _views(files: dict[str, str]) -> list[dict]:
    return [e.view for e in _entities(files)]


PORT_HEAD = "[connection]\nid=bond0-port-eno1\ntype=ethernet\ninterface-name=eno1\n"


def test_port_profile_records_its_groups() -> None:
    port = only(parse(PORT_HEAD + "master=bond0\nport-type=bond\n\n[bond-port]\n\n[ipv4]\nmethod=disabled\n"))
    assert port.extra["settings"].value == "bond-port,connection,ipv4"
    assert port.extra["settings"].location.line == 1


@pytest.mark.parametrize(
    ("keys", "outcome", "line"),
    [
        ("controller=bond0\nport-type=bond\n", "standalone", 5),
        ("port-type=bond\ncontroller=bond0\n", "standalone", 6),  # at the controller= line
        ("controller=bond0\nslave-type=bond\n", "rejected", 5),
        ("master=bond0\nport-type=bond\n", "rejected", 6),
        ("master=bond0\nport-type=bond\n[bond-port]\n", None, 0),  # slave-type inferred
        ("controller=bond0\nmaster=bond0\nport-type=bond\nslave-type=bond\n", None, 0),
        ("master=bond0\nslave-type=bond\n", None, 0),
    ],
)
def test_port_view_before_networkmanager_1_46(keys: str, outcome: str | None, line: int) -> None:
    (port,) = [e for e in _entities({"eno1.nmconnection": PORT_HEAD + keys}) if e.kind == "port"]
    legacy = port.view.get("before_networkmanager_1_46")
    assert (legacy or {}).get("outcome") == outcome
    if outcome is not None:
        assert "never joins" in legacy["described_as"]
        assert port.locate("/before_networkmanager_1_46").line == line


def test_host_view_prefers_the_exact_networkmanager_version() -> None:
    files = {
        "etc/os-release": 'ID=debian\nVERSION_ID="12"\n',
        "sos_commands/dpkg/dpkg_-l": "ii  network-manager 1.46.0-1~bpo12+1 amd64 network management framework\n",
        "eno1.nmconnection": PORT_HEAD + "controller=bond0\nport-type=bond\n",
    }
    info = _views(files)[0]["host_info"]
    assert info["networkmanager_version"] == "1.46.0"
    assert info["networkmanager_version_kind"] == "package"
    assert info["networkmanager_version_exact"] is True
    assert info["networkmanager_version_number"] == 146
    del files["sos_commands/dpkg/dpkg_-l"]
    info = _views(files)[0]["host_info"]
    assert (
        info["networkmanager_version"],
        info["networkmanager_version_exact"],
        info["networkmanager_version_number"],
    ) == ("1.42", False, 142)
