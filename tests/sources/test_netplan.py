"""netplan YAML parser: corpus, generator pairs, renderers and units, robustness."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

import pytest
from conftest import corpus_path, rows_of_kind

from bondlint.sources import netplan, networkd, nm_keyfile
from bondlint.sources.base import (
    LAYER_NETPLAN_NETWORKD,
    LAYER_NETPLAN_NM,
    BondDefinition,
    Location,
    ParseResult,
    PortDefinition,
    VlanDefinition,
)
from bondlint.sources.netplan import PARAMETERS

ROWS = rows_of_kind("host", "netplan-yaml")
NOT_OURS = rows_of_kind("host", "cloud-init-netconfig", "nmstate-yaml")
DEFAULT = "networkd (default)"


@dataclass(frozen=True)
class Bond:
    """One bond a corpus file must yield."""

    interface: str
    renderer: str
    options: dict[str, str]
    ports: list[str]
    extra: dict[str, str] = field(default_factory=dict)  # compared on these keys only


GENERATOR = "netplan/netplan_generator-input_"
# Bare netplan numbers are milliseconds; learn-packet-interval is seconds.
NETWORKD_PARAMS = {
    "mode": "802.3ad",
    "lacp_rate": "fast",
    "miimon": "10",
    "min_links": "10",
    "updelay": "20",
    "downdelay": "30",
    "all_slaves_active": "1",
    "xmit_hash_policy": "none",
    "ad_select": "none",
    "arp_interval": "15",
    "arp_validate": "all",
    "arp_all_targets": "all",
    "fail_over_mac": "none",
    "num_grat_arp": "10",  # from the misspelt "gratuitious-arp"
    "packets_per_slave": "10",
    "primary_reselect": "none",
    "resend_igmp": "10",
    "lp_interval": "10",
    "arp_ip_target": "10.10.10.10,20.20.20.20",
}

CORPUS_TABLE: dict[str, list[Bond]] = {
    # Members matched by MAC and renamed (set-name) to their own ids.
    "cloud-init/bond_v1__netplan.yaml": [
        Bond(
            "bond0",
            DEFAULT,
            {
                "downdelay": "10",
                "fail_over_mac": "active",
                "num_grat_arp": "5",
                "miimon": "100",
                "mode": "active-backup",
                "primary": "bond0s0",
                "primary_reselect": "always",
                "xmit_hash_policy": "layer3+4",
                "updelay": "20",
            },
            ["bond0s0", "bond0s1"],
            {
                "macaddress": "aa:bb:cc:dd:e8:ff",
                "port.bond0s0.macaddress": "aa:bb:cc:dd:e8:00",
                "port.bond0s1.macaddress": "aa:bb:cc:dd:e8:01",
            },
        )
    ],
    # The member id differs from the device name set-name gives it.
    "netplan/netplan_doc_creating-link-aggregation_isp-bond0.yaml": [
        Bond(
            "isp-bond0",
            DEFAULT,
            {},
            ["netplan-isp"],
            {
                "port.netplan-isp.netplan-id": "netplan-isp-interface",
                "port.netplan-isp.macaddress": "00:16:3e:0c:97:8a",
            },
        )
    ],
    "netplan/netplan_doc_multi-nic_bond-vlan-bridge.yaml": [
        Bond("bond0", DEFAULT, {"mode": "802.3ad", "miimon": "1000"}, ["eno2", "eno3", "eno4"])
    ],
    "netplan/netplan_examples_bonding.yaml": [
        Bond(
            "bond0",
            "networkd",
            {"mode": "active-backup", "primary": "enp3s0", "miimon": "100"},
            ["enp3s0", "enp4s0"],
        )
    ],
    "netplan/netplan_examples_bonding_router.yaml": [
        Bond("bond-lan", "networkd", {"mode": "802.3ad", "miimon": "1"}, ["enp2s0", "enp3s0"]),
        Bond(
            "bond-wan",
            "networkd",
            {"mode": "active-backup", "miimon": "1", "num_grat_arp": "5"},
            ["enp1s0", "enp4s0"],
        ),
        Bond(
            "bond-conntrack",
            "networkd",
            {"mode": "balance-rr", "miimon": "1"},
            ["enp5s0", "enp6s0"],
        ),
    ],
    # "switchport" is matched by exact name: the device is enp2s1.
    f"{GENERATOR}TestNetworkManager_test_bond_primary_member.yaml": [
        Bond(
            "bn0",
            "NetworkManager",
            {"mode": "active-backup", "primary": "eno1"},
            ["eno1", "enp2s1"],
            {"port.enp2s1.netplan-id": "switchport"},
        )
    ],
    f"{GENERATOR}TestNetworkManager_test_bond_with_params_all_members_active.yaml": [
        Bond(
            "bn0",
            "NetworkManager",
            {
                "mode": "802.3ad",
                "lacp_rate": "slow",
                "miimon": "10",
                "min_links": "10",
                "updelay": "10",
                "downdelay": "10",
                "all_slaves_active": "1",
                "xmit_hash_policy": "none",
                "ad_select": "none",
                "arp_interval": "10",
                "arp_validate": "all",
                "arp_all_targets": "all",
                "arp_ip_target": "10.10.10.10,20.20.20.20",
                "fail_over_mac": "none",
                "num_grat_arp": "10",
                "num_unsol_na": "10",  # nm.c writes gratuitous-arp under both names
                "packets_per_slave": "10",
                "primary_reselect": "none",
                "resend_igmp": "10",
                "lp_interval": "10",
            },
            ["eno1", "enp2s1"],
        )
    ],
    # "switchports" is matched by driver: only the id is known.
    f"{GENERATOR}TestNetworkd_test_bond_primary_member.yaml": [
        Bond("bn0", DEFAULT, {"mode": "active-backup", "primary": "eno1"}, ["eno1", "switchports"])
    ],
    f"{GENERATOR}TestNetworkd_test_bond_with_parameters.yaml": [
        Bond("bn0", DEFAULT, NETWORKD_PARAMS, ["eno1", "switchports"])
    ],
    f"{GENERATOR}TestNetworkd_test_bond_with_parameters_all_members_active.yaml": [
        Bond("bn0", DEFAULT, NETWORKD_PARAMS, ["eno1", "switchports"])
    ],
    # No parameters at all: the kernel's balance-rr applies (the model's business).
    "netplan/netplan_tests_ctests_fixtures_bond.yaml": [Bond("bond0", "networkd", {}, ["eth0"])],
}


def parse(text: str, path: str = "/etc/netplan/50-bond.yaml") -> ParseResult:
    return netplan.parse(text, path)


def bonds(result: ParseResult) -> list[BondDefinition]:
    assert all(isinstance(fact, BondDefinition | VlanDefinition) for fact in result.facts), result.facts
    return [fact for fact in result.facts if isinstance(fact, BondDefinition)]


def only(result: ParseResult) -> BondDefinition:
    found = bonds(result)
    assert len(found) == 1, found
    return found[0]


def values(mapping: dict) -> dict[str, str]:
    return {key: located.value for key, located in mapping.items()}


def lines(mapping: dict) -> dict[str, tuple[str, int]]:
    return {key: (located.value, located.location.line) for key, located in mapping.items()}


def read(name: str) -> str:
    return corpus_path("host", name).read_text(encoding="utf-8", errors="replace")


# --- corpus ------------------------------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_corpus_file(row: dict[str, str]) -> None:
    result = parse(read(row["file"]), row["file"])
    assert result.diagnostics == []
    found = bonds(result)
    expected = CORPUS_TABLE[row["file"]]
    assert [bond.interface.value for bond in found if bond.interface] == [bond.interface for bond in expected]
    for bond, expect in zip(found, expected, strict=True):
        assert bond.format == "netplan"
        networkd_renderer = expect.renderer != "NetworkManager"
        assert bond.layer == (LAYER_NETPLAN_NETWORKD if networkd_renderer else LAYER_NETPLAN_NM)
        assert bond.extra["renderer"].value == expect.renderer
        assert values(bond.options) == expect.options
        assert [port.value for port in bond.port_names] == expect.ports
        assert {key: bond.extra[key].value for key in expect.extra} == expect.extra
    manifest = row["expected_json"]
    if manifest is not None:  # only netplan_examples_bonding.yaml has one
        by_name = {bond.interface.value: bond for bond in found if bond.interface}
        for key, value in manifest.items():
            if key.endswith(".interfaces"):
                ports = by_name[key.removesuffix(".interfaces")].port_names
                assert [port.value for port in ports] == value
            else:  # a bare key is a parameter of the file's only bond
                assert values(only(result).options)[key] == value


def test_corpus_table_matches_manifest() -> None:
    corpus_path("host", "MANIFEST.tsv")
    assert {row["file"] for row in ROWS} == set(CORPUS_TABLE)


def test_cloud_init_bond_locations() -> None:
    name = "cloud-init/bond_v1__netplan.yaml"
    bond = only(parse(read(name), name))
    assert bond.location == Location(name, 13)
    assert bond.interface and bond.interface.location == Location(name, 13)
    assert bond.options_location == Location(name, 23)
    assert lines(bond.options)["mode"] == ("active-backup", 28)
    assert [port.location.line for port in bond.port_names] == [19, 20]
    assert bond.mtu and (bond.mtu.value, bond.mtu.location.line) == ("9000", 22)
    assert bond.extra["renderer"].location == Location(name, 13)  # the default: at the bond
    assert bond.extra["port.bond0s0.macaddress"].location == Location(name, 6)


def test_flow_style_members_share_a_line() -> None:
    name = "netplan/netplan_examples_bonding_router.yaml"
    wan = bonds(parse(read(name), name))[1]
    assert [port.location.line for port in wan.port_names] == [29, 29]
    assert wan.extra["renderer"].location == Location(name, 3)


@pytest.mark.parametrize("row", NOT_OURS, ids=[row["file"] for row in NOT_OURS])
def test_other_yaml_is_not_claimed_and_does_not_crash(row: dict[str, str]) -> None:
    text = read(row["file"])
    assert not netplan.claims(PurePosixPath("/etc/cloud") / row["file"], text[:1024])
    result = parse(text, row["file"])
    assert result.facts == []
    assert [d.message for d in result.diagnostics] == ["no network: mapping; not a netplan configuration"]


# --- generator input versus generated output ---------------------------------------------

RUN_NETWORKD = "netplan/run_systemd_network_10-netplan-"
RUN_NM = "netplan/run_NetworkManager_system-connections_netplan-"


def _networkd_facts(test: str, unit: str) -> list:
    name = f"{RUN_NETWORKD}{unit}__TestNetworkd.{test}.txt"
    return networkd.parse(read(name), name).facts


@pytest.mark.parametrize("test", ["test_bond_with_parameters", "test_bond_with_parameters_all_members_active"])
def test_networkd_pair_options_equal(test: str) -> None:
    ours = only(parse(read(f"{GENERATOR}TestNetworkd_{test}.yaml")))
    [generated] = _networkd_facts(test, "bn0.netdev")
    assert isinstance(generated, BondDefinition)
    assert values(ours.options) == values(generated.options)
    assert ours.interface and generated.interface
    assert ours.interface.value == generated.interface.value


def test_networkd_pair_primary_lives_on_the_port() -> None:
    test = "test_bond_primary_member"
    ours = only(parse(read(f"{GENERATOR}TestNetworkd_{test}.yaml")))
    [generated] = _networkd_facts(test, "bn0.netdev")
    assert isinstance(generated, BondDefinition)
    # netplan writes no Primary= in [Bond]; it marks the member's .network PrimarySlave=.
    ours_options = values(ours.options)
    assert ours_options.pop("primary") == "eno1"
    assert ours_options == values(generated.options)
    [eno1] = _networkd_facts(test, "eno1.network")
    assert isinstance(eno1, PortDefinition) and eno1.interface
    assert eno1.interface.value == "eno1" and eno1.extra["PrimarySlave"].value == "true"
    # The driver-matched member has no name on either side; netplan's id is all we have.
    [switchports] = _networkd_facts(test, "switchports.network")
    assert isinstance(switchports, PortDefinition) and switchports.interface is None
    assert [port.value for port in ours.port_names] == ["eno1", "switchports"]


def _nm_facts(test: str, profile: str) -> list:
    name = f"{RUN_NM}{profile}.nmconnection__TestNetworkManager.{test}.txt"
    return nm_keyfile.parse(read(name), name).facts


@pytest.mark.parametrize(
    ("test", "extra_in_keyfile"),
    [
        ("test_bond_primary_member", {}),
        # netplan's NM writer (nm.c) puts gratuitous-arp under both names of the one
        # kernel parameter, num_grat_arp and num_unsol_na; the parser does the same.
        ("test_bond_with_params_all_members_active", {}),
    ],
)
def test_networkmanager_pair_options_equal(test: str, extra_in_keyfile: dict) -> None:
    ours = only(parse(read(f"{GENERATOR}TestNetworkManager_{test}.yaml")))
    [generated] = _nm_facts(test, "bn0")
    assert isinstance(generated, BondDefinition)
    assert values(ours.options) | extra_in_keyfile == values(generated.options)
    # Members: the ports' profiles name the devices netplan's ids resolve to.
    port_names = set()
    for profile in ("eno1", "switchport"):
        [port] = _nm_facts(test, profile)
        assert isinstance(port, PortDefinition) and port.interface
        assert port.controller.value == "bn0"
        port_names.add(port.interface.value)
    assert {port.value for port in ours.port_names} == port_names


# --- renderers ---------------------------------------------------------------------------

BOND = """\
network:
  version: 2
{global_renderer}  ethernets:
    eno1: {{}}
  bonds:
{section_renderer}    bond0:
{bond_renderer}      interfaces: [eno1]
      parameters:
        mode: active-backup
        mii-monitor-interval: {miimon}
"""


def bond_text(miimon: str = "100", global_: str = "", section: str = "", bond: str = "") -> str:
    return BOND.format(
        global_renderer=f"  renderer: {global_}\n" if global_ else "",
        section_renderer=f"    renderer: {section}\n" if section else "",
        bond_renderer=f"      renderer: {bond}\n" if bond else "",
        miimon=miimon,
    )


def test_default_renderer_is_networkd_at_the_bond_line() -> None:
    bond = only(parse(bond_text()))
    assert bond.layer == LAYER_NETPLAN_NETWORKD
    assert lines(bond.extra) == {"renderer": (DEFAULT, 6)}
    assert bond.location.line == 6 and bond.options_location
    assert bond.options_location.line == 8


@pytest.mark.parametrize(
    ("global_", "section", "bond", "renderer", "line"),
    [
        ("NetworkManager", "", "", "NetworkManager", 3),
        ("NetworkManager", "networkd", "", "networkd", 7),
        ("networkd", "NetworkManager", "", "NetworkManager", 7),
        ("networkd", "NetworkManager", "networkd", "networkd", 9),
        ("", "", "NetworkManager", "NetworkManager", 7),
    ],
)
def test_renderer_precedence(global_: str, section: str, bond: str, renderer: str, line: int) -> None:
    result = parse(bond_text(global_=global_, section=section, bond=bond))
    found = only(result)
    assert result.diagnostics == []
    assert lines(found.extra)["renderer"] == (renderer, line)
    nm = renderer == "NetworkManager"
    assert found.layer == (LAYER_NETPLAN_NM if nm else LAYER_NETPLAN_NETWORKD)


@pytest.mark.parametrize(
    ("written", "networkd_value", "nm_value"),
    [
        ("100", "100", "100"),  # bare: milliseconds under both renderers
        ("1s", "1000", "1s"),  # NetworkManager receives "1s" verbatim and rejects it
        ("10ms", "10", "10ms"),
        ("1.5", "1500", "1.5"),  # not all digits: networkd reads seconds
        ("'250'", "250", "250"),
        ("soon", "soon", "soon"),
    ],
)
def test_interval_suffix_per_renderer(written: str, networkd_value: str, nm_value: str) -> None:
    under_networkd = only(parse(bond_text(miimon=written)))
    under_nm = only(parse(bond_text(miimon=written, global_="NetworkManager")))
    assert values(under_networkd.options)["miimon"] == networkd_value
    assert values(under_nm.options)["miimon"] == nm_value


def test_every_interval_and_learn_packet_interval() -> None:
    text = (
        "network:\n  renderer: {r}\n  bonds:\n    b:\n      parameters:\n"
        "        arp-interval: 2s\n        up-delay: 300ms\n        down-delay: 1s\n"
        "        learn-packet-interval: 1min\n"
    )
    assert values(only(parse(text.format(r="networkd"))).options) == {
        "arp_interval": "2000",
        "updelay": "300",
        "downdelay": "1000",
        "lp_interval": "60",  # seconds: LearnPacketIntervalSec=1min
    }
    assert values(only(parse(text.format(r="NetworkManager"))).options) == {
        "arp_interval": "2s",
        "updelay": "300ms",
        "downdelay": "1s",
        "lp_interval": "1min",
    }


def test_unknown_renderer_is_reported() -> None:
    result = parse(bond_text(global_="systemd"))
    bond = only(result)
    assert bond.layer == LAYER_NETPLAN_NETWORKD
    assert [d.location.line for d in result.diagnostics] == [3]
    assert "unknown renderer" in result.diagnostics[0].message


# --- members -----------------------------------------------------------------------------

MEMBERS = """\
network:
  ethernets:
    lan-a:
      match:
        macaddress: "52:54:00:00:00:01"
      set-name: lan0
    lan-b:
      match:
        name: enp9s0
    lan-c:
      match:
        name: "enp1*"
    lan-d:
      match:
        driver: ixgbe
    lan-e: {{}}
  bonds:
    bond0:
      renderer: {renderer}
      interfaces:
        - lan-a
        - lan-b
        - lan-c
        - lan-d
        - lan-e
        - elsewhere
      parameters:
        primary: lan-a
"""


def test_member_ids_resolve_to_device_names() -> None:
    bond = only(parse(MEMBERS.format(renderer="networkd")))
    assert [(port.value, port.location.line) for port in bond.port_names] == [
        ("lan0", 21),  # set-name renames the matched device
        ("enp9s0", 22),  # an exact match name
        ("lan-c", 23),  # a glob: the id is all that is known
        ("lan-d", 24),  # a driver match
        ("lan-e", 25),  # no match: the id is the name
        ("elsewhere", 26),  # defined in another file, if anywhere
    ]
    assert lines(bond.extra) == {
        "renderer": ("networkd", 19),
        "port.lan0.netplan-id": ("lan-a", 21),
        "port.lan0.macaddress": ("52:54:00:00:00:01", 5),
        "port.enp9s0.netplan-id": ("lan-b", 22),
    }
    # networkd marks the renamed device primary through its own .network file.
    assert lines(bond.options) == {"primary": ("lan0", 28)}


def test_primary_is_verbatim_for_networkmanager() -> None:
    bond = only(parse(MEMBERS.format(renderer="NetworkManager")))
    assert values(bond.options) == {"primary": "lan-a"}  # NM's keyfile gets the id


# --- parameters --------------------------------------------------------------------------


def test_every_parameter_name() -> None:
    text = """\
network:
  bonds:
    b:
      parameters:
        mode: balance-alb
        lacp-rate: fast
        mii-monitor-interval: 100
        min-links: 2
        transmit-hash-policy: layer2+3
        ad-select: count
        all-slaves-active: false
        arp-interval: 0
        arp-ip-targets: [192.0.2.1]
        arp-validate: none
        arp-all-targets: any
        up-delay: 200
        down-delay: 0
        fail-over-mac-policy: follow
        gratuitous-arp: 3
        packets-per-slave: 1
        primary-reselect-policy: better
        resend-igmp: 1
        learn-packet-interval: 5
        primary: eth0
"""
    assert values(only(parse(text)).options) == {
        "mode": "balance-alb",
        "lacp_rate": "fast",
        "miimon": "100",
        "min_links": "2",
        "xmit_hash_policy": "layer2+3",
        "ad_select": "count",
        "arp_interval": "0",
        "arp_ip_target": "192.0.2.1",
        "arp_validate": "none",
        "arp_all_targets": "any",
        "updelay": "200",
        "downdelay": "0",
        "fail_over_mac": "follow",
        "num_grat_arp": "3",
        "packets_per_slave": "1",
        "primary_reselect": "better",
        "resend_igmp": "1",
        "lp_interval": "5",
        "primary": "eth0",
    }


@pytest.mark.parametrize(
    ("written", "kernel"),
    [("true", "1"), ("yes", "1"), ("on", "1"), ("False", None), ("n", None), ("maybe", None)],
)
def test_all_members_active_booleans(written: str, kernel: str | None) -> None:
    """parse.c handle_generic_bool; networkd.c and nm.c write the option only when true."""
    text = f"network:\n  bonds:\n    b:\n      parameters:\n        all-members-active: {written}"
    result = parse(text)
    bond = only(result)
    assert values(bond.options) == ({"all_slaves_active": kernel} if kernel else {})
    refused = written == "maybe"  # "invalid boolean value": netplan refuses the file
    assert [d.location.line for d in result.diagnostics] == ([5] if refused else [])
    assert ("not-rendered.all_slaves_active" in bond.extra) is (kernel is None and not refused)


def test_unknown_and_kernel_named_parameters() -> None:
    text = (
        "network:\n  bonds:\n    b:\n      parameters:\n        tlb-dynamic-lb: 1\n"
        "        miimon: 100\n        mode:\n        arp-ip-targets: {a: 1}\n"
    )
    result = parse(text)
    # Unknown keys are kept for the model; a kernel spelling would pass for an option;
    # an empty mode is "unknown bond mode ''" to netplan.
    assert values(only(result).options) == {"tlb-dynamic-lb": "1"}
    assert [d.location.line for d in result.diagnostics] == [6, 7, 8]


PARAMS = "network:\n  renderer: {r}\n  bonds:\n    b:\n      parameters:\n        {key}: {value}\n"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("mode", "1"),  # handle_bond_mode: names only; the kernel would take 1
        ("mode", "default"),
        ("lacp-rate", "1"),  # handle_bond_lacp_rate: 'fast' or 'slow' only
        ("min-links", "two"),  # handle_generic_guint: "invalid unsigned int value"
        ("gratuitous-arp", "-1"),
        ("resend-igmp", "1.5"),
        ("packets-per-member", "0x10"),
        ("arp-ip-targets", "192.0.2.1"),  # a scalar: "expected sequence"
        ("arp-ip-targets", "[2001:db8::1]"),  # is_ip4_address: "malformed address"
        ("arp-ip-targets", "[192.0.2.01]"),  # inet_pton refuses a leading zero
    ],
)
def test_values_netplan_refuses(key: str, value: str) -> None:
    for renderer in ("networkd", "NetworkManager"):
        result = parse(PARAMS.format(r=renderer, key=key, value=value))
        assert [d.location.line for d in result.diagnostics] == [6]
        assert "refuses the whole configuration" in result.diagnostics[0].message
        assert only(result).options == {}


@pytest.mark.parametrize(
    ("key", "value"),
    [("mode", "lacp"), ("lacp-rate", "medium"), ("transmit-hash-policy", "layer5"), ("min-links", "3")],
)
def test_values_left_to_the_model(key: str, value: str) -> None:
    """Words the kernel refuses too are the model's (mode-missing-or-invalid,
    value-out-of-range); strings netplan does not check reach the renderer as written."""
    result = parse(PARAMS.format(r="networkd", key=key, value=value))
    assert result.diagnostics == []
    assert values(only(result).options) == {PARAMETERS[key]: value}


@pytest.mark.parametrize("renderer", ["networkd", "NetworkManager"])
@pytest.mark.parametrize("key", ["gratuitous-arp", "gratuitious-arp", "resend-igmp", "packets-per-member", "min-links"])
def test_zero_is_not_rendered(renderer: str, key: str) -> None:
    """networkd.c and nm.c write these only when non-zero: with 0 the kernel keeps its
    default (num_grat_arp, resend_igmp and packets_per_slave are 1), not 0."""
    result = parse(PARAMS.format(r=renderer, key=key, value="0"))
    bond = only(result)
    assert result.diagnostics == [] and bond.options == {}
    assert lines(bond.extra)[f"not-rendered.{PARAMETERS[key]}"] == ("0", 6)


@pytest.mark.parametrize(
    "body",
    [
        "      parameters:\n        mode: balance-tcp\n",
        "      parameters:\n        mode: balance-slb\n",
        "      openvswitch: {lacp: active}\n      parameters:\n        mode: active-backup\n",
    ],
)
def test_open_vswitch_bonds_are_not_kernel_bonds(body: str) -> None:
    text = "network:\n  bonds:\n    b:\n      interfaces: [eth0, eth1]\n" + body
    result = parse(text)
    assert result.facts == [] and result.diagnostics == []


def test_section_renderer_applies_to_the_bonds_after_it() -> None:
    """parse.c handle_network_type sets the section's backend when it meets renderer:,
    and each definition takes the backend current when it is created."""
    text = (
        "network:\n  bonds:\n    before: {interfaces: [eth0]}\n    renderer: NetworkManager\n"
        "    after: {interfaces: [eth1]}\n"
    )
    before, after = bonds(parse(text))
    assert before.layer == LAYER_NETPLAN_NETWORKD
    assert lines(before.extra)["renderer"] == (DEFAULT, 3)
    assert after.layer == LAYER_NETPLAN_NM
    assert lines(after.extra)["renderer"] == ("NetworkManager", 4)


def test_mtu_and_bond_macaddress() -> None:
    text = "network:\n  bonds:\n    b:\n      mtu: 9000\n      macaddress: 02:00:00:00:00:09\n"
    bond = only(parse(text))
    assert bond.mtu and (bond.mtu.value, bond.mtu.location.line) == ("9000", 4)
    assert lines(bond.extra)["macaddress"] == ("02:00:00:00:00:09", 5)
    assert bond.options == {} and bond.options_location == Location("/etc/netplan/50-bond.yaml", 3)


# --- bad input ---------------------------------------------------------------------------


def test_malformed_yaml_reports_the_line() -> None:
    text = "network:\n  bonds:\n    bond0:\n      interfaces: [eno1\n      mtu: 1\n"
    result = parse(text)
    assert result.facts == []
    [diagnostic] = result.diagnostics
    assert diagnostic.location.line == 5
    assert diagnostic.message.startswith("malformed YAML")


def test_tab_indentation_is_malformed() -> None:
    result = parse("network:\n\tbonds: {}\n")
    assert [d.location.line for d in result.diagnostics] == [2]


def test_duplicate_key_is_reported_and_the_first_read() -> None:
    text = "network:\n  bonds:\n    b:\n      mtu: 1500\n      mtu: 9000\n"
    result = parse(text)
    assert [d.location.line for d in result.diagnostics] == [5]
    bond = only(result)
    assert bond.mtu and bond.mtu.value == "1500"


def test_binary_content() -> None:
    result = parse("network:\n  bonds:\x00\x01\n")
    assert result.facts == []
    assert [d.location.line for d in result.diagnostics] == [2]
    assert "binary" in result.diagnostics[0].message


@pytest.mark.parametrize(
    ("text", "lines_"),
    [
        ("", []),
        ("# only a comment\n", []),
        ("network:\n", []),
        ("network:\n  version: 2\n", []),
        ("network:\n  version: 1\n  config: []\n", [2]),
        ("- a list\n", [0]),
        ("just text\n", [0]),
        ("network: [1, 2]\n", [1]),
        ("network:\n  bonds: [bond0]\n", [2]),
        ("network:\n  bonds:\n    bond0: 5\n", [3]),
        ("network:\n  bonds:\n    bond0:\n      parameters: [1]\n", [4]),
        ("network:\n  bonds:\n    bond0:\n      interfaces: eno1\n", [4]),
        ("network:\n  bonds:\n    ~: {}\n", [3]),
        ("network:\n  bonds:\n    b:\n      interfaces: [{a: 1}, eno1]\n", [4]),
        ("a: &x [*x]\n", [1]),  # refused at the alias: a recursive document
    ],
)
def test_odd_documents(text: str, lines_: list[int]) -> None:
    result = parse(text)
    assert [d.location.line for d in result.diagnostics] == lines_


def test_bond_without_body_and_merge_keys() -> None:
    text = (
        "common: &common\n  mode: 802.3ad\nnetwork:\n  bonds:\n    empty:\n    merged:\n"
        "      parameters:\n        <<: *common\n        up-delay: 100\n"
    )
    empty, merged = bonds(parse(text))
    assert empty.interface and empty.interface.value == "empty" and empty.options == {}
    # A merged key has no line of its own in the merging mapping: it gets the mapping's.
    assert lines(merged.options) == {"updelay": ("100", 9), "mode": ("802.3ad", 8)}


@pytest.mark.parametrize(
    ("path", "head", "claimed"),
    [
        ("/etc/netplan/50-cloud-init.yaml", "network:\n  ethernets: {}\n", True),
        ("/lib/netplan/00-default.yml", "# default\nnetwork:\n  renderer: networkd\n", True),
        ("/run/netplan/x.yaml", "network:\n  version: 2\n", True),
        # The folder alone never decides (a role's defaults file under netplan/).
        ("/etc/netplan/50-cloud-init.yaml", "", False),
        ("/srv/ansible/roles/netplan/defaults.yaml", "netplan_bonds: []\n", False),
        ("/etc/netplan/50-cloud-init.yaml.bak", "", False),
        ("/tmp/capture.txt", "# hi\nnetwork:\n  version: 2\n  bonds: {}\n", True),
        ("/tmp/capture.txt", "network:\n  version: 1\n  config: []\n", False),
        ("/tmp/capture.txt", "version: 2\nnetwork:\n  ethernets: {}\n", False),
        ("/etc/nmstate/bond.yml", "interfaces:\n- name: bond0\n", False),
        ("/etc/cloud/cloud.cfg.d/50.cfg", "network:\n  version: 2\n", True),
    ],
)
def test_claims(path: str, head: str, claimed: bool) -> None:
    assert netplan.claims(PurePosixPath(path), head) is claimed
