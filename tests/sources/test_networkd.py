"""systemd-networkd parser (.netdev / .network): corpus, units, edge cases, robustness."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

import pytest
from conftest import corpus_path, corpus_texts_of, rows_of_kind
from fuzzing import damaged
from hypothesis import given, settings
from hypothesis import strategies as st

from bondlint.sources import networkd
from bondlint.sources.base import (
    LAYER_NETWORKD,
    BondDefinition,
    Location,
    ParseResult,
    PortDefinition,
)

ROWS = rows_of_kind("host", "systemd-networkd")


@dataclass(frozen=True)
class Expect:
    """What one corpus file must yield: kind "bond", "port" or None (neither)."""

    kind: str | None
    interface: str | None = None
    controller: str | None = None
    options: dict[str, str] | None = None  # compared exactly when given
    extra: dict[str, str] | None = None  # compared exactly when given


RUN = "netplan/run_systemd_network_10-netplan-"
PRIMARY = "__TestNetworkd.test_bond_primary_member.txt"
PARAMS = "__TestNetworkd.test_bond_with_parameters.txt"
ALL_ACTIVE = "__TestNetworkd.test_bond_with_parameters_all_members_active.txt"
OPENSTACK = "cloud-init/networkd_openstack_net_config_v1__10-cloud-init-"

# netplan's networkd writer: bare netplan numbers became "10ms"; converted back to ms here.
NETPLAN_PARAMS = {
    "mode": "802.3ad",
    "lacp_rate": "fast",
    "miimon": "10",
    "min_links": "10",
    "xmit_hash_policy": "none",
    "ad_select": "none",
    "all_slaves_active": "1",
    "arp_interval": "15",
    "arp_ip_target": "10.10.10.10,20.20.20.20",
    "arp_validate": "all",
    "arp_all_targets": "all",
    "updelay": "20",
    "downdelay": "30",
    "fail_over_mac": "none",
    "num_grat_arp": "10",
    "packets_per_slave": "10",
    "primary_reselect": "none",
    "resend_igmp": "10",
    "lp_interval": "10",  # LearnPacketIntervalSec=10: seconds, and lp_interval is seconds
}

CORPUS_TABLE: dict[str, Expect] = {
    # netplan writes the primary on the member's .network (PrimarySlave=), not in [Bond].
    f"{RUN}bn0.netdev{PRIMARY}": Expect(
        "bond", "bn0", options={"mode": "active-backup"}, extra={"Kind": "bond"}
    ),
    f"{RUN}bn0.netdev{PARAMS}": Expect("bond", "bn0", options=NETPLAN_PARAMS),
    f"{RUN}bn0.netdev{ALL_ACTIVE}": Expect("bond", "bn0", options=NETPLAN_PARAMS),
    # The bond's own .network (addressing) declares no membership.
    f"{RUN}bn0.network{PRIMARY}": Expect(None),
    f"{RUN}bn0.network{PARAMS}": Expect(None),
    f"{RUN}bn0.network{ALL_ACTIVE}": Expect(None),
    f"{RUN}eno1.network{PRIMARY}": Expect("port", "eno1", "bn0", extra={"PrimarySlave": "true"}),
    f"{RUN}eno1.network{PARAMS}": Expect("port", "eno1", "bn0", extra={}),
    f"{RUN}eno1.network{ALL_ACTIVE}": Expect("port", "eno1", "bn0", extra={}),
    # Matched by driver only: no interface name; the match is kept for the model.
    f"{RUN}switchports.network{PRIMARY}": Expect(
        "port", None, "bn0", extra={"Match.Driver": "yayroute"}
    ),
    f"{RUN}switchports.network{PARAMS}": Expect(
        "port", None, "bn0", extra={"Match.Driver": "yayroute"}
    ),
    f"{RUN}switchports.network{ALL_ACTIVE}": Expect(
        "port", None, "bn0", extra={"Match.Driver": "yayroute"}
    ),
    # cloud-init sorts sections: [Bond] comes before [NetDev].
    f"{OPENSTACK}bond0.netdev": Expect(
        "bond",
        "bond0",
        options={"mode": "active-backup"},
        extra={"Kind": "bond", "MACAddress": "01:00:00:00:00:01"},
    ),
    f"{OPENSTACK}bond0.network": Expect(None),
    f"{OPENSTACK}slot1port1.network": Expect(
        "port", "slot1port1", "bond0", extra={"Match.MACAddress": "00:00:00:00:00:01"}
    ),
    # Test-authored odd values: ARPAllTargets=ff stays as written for the model to refuse.
    "cloud-init/networkd_photon_net_config_v2__10-cloud-init-bond0.netdev": Expect(
        "bond",
        "bond0",
        options={
            "arp_all_targets": "ff",
            "all_slaves_active": "1",  # AllSlavesActive=true
            "lacp_rate": "fast",
            "lp_interval": "12",
            "miimon": "100",  # MIIMonitorSec=100ms
            "mode": "802.3ad",
            "packets_per_slave": "42",
            "xmit_hash_policy": "layer2+3",
        },
    ),
}


def parse(text: str, path: str = "/etc/systemd/network/bond0.netdev") -> ParseResult:
    return networkd.parse(text, path)


def only(result: ParseResult) -> BondDefinition | PortDefinition:
    assert len(result.facts) == 1, result.facts
    fact = result.facts[0]
    assert isinstance(fact, BondDefinition | PortDefinition)
    return fact


def values(mapping: dict) -> dict[str, str]:
    return {key: located.value for key, located in mapping.items()}


def lines(mapping: dict) -> dict[str, tuple[str, int]]:
    return {key: (located.value, located.location.line) for key, located in mapping.items()}


# --- corpus ------------------------------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_corpus_file(row: dict[str, str]) -> None:
    text = corpus_path("host", row["file"]).read_text(encoding="utf-8", errors="replace")
    result = parse(text, row["file"])
    expect = CORPUS_TABLE[row["file"]]
    assert result.diagnostics == []
    # No networkd row carries `expected` JSON; the table above is the whole oracle.
    assert row["expected_json"] is None
    if expect.kind is None:
        assert result.facts == []
        return
    fact = only(result)
    assert fact.format == "networkd" and fact.layer == LAYER_NETWORKD
    assert (fact.interface.value if fact.interface else None) == expect.interface
    if expect.extra is not None:
        assert values(fact.extra) == expect.extra
    if expect.kind == "bond":
        assert isinstance(fact, BondDefinition)
        assert values(fact.options) == expect.options
        assert fact.options_location is not None
    else:
        assert isinstance(fact, PortDefinition)
        assert fact.controller.value == expect.controller


def test_corpus_table_matches_manifest() -> None:
    corpus_path("host", "MANIFEST.tsv")
    assert {row["file"] for row in ROWS} == set(CORPUS_TABLE)


def test_cloud_init_sections_in_any_order() -> None:
    name = f"{OPENSTACK}bond0.netdev"
    bond = only(parse(corpus_path("host", name).read_text(encoding="utf-8"), name))
    assert isinstance(bond, BondDefinition)
    assert bond.location == Location(name, 4)  # [NetDev], after [Bond]
    assert bond.options_location == Location(name, 1)
    assert bond.interface and bond.interface.location == Location(name, 8)
    assert bond.mtu and (bond.mtu.value, bond.mtu.location.line) == ("1500", 7)


def test_netplan_output_locations() -> None:
    name = f"{RUN}bn0.netdev{PARAMS}"
    bond = only(parse(corpus_path("host", name).read_text(encoding="utf-8"), name))
    assert isinstance(bond, BondDefinition)
    assert bond.location == Location(name, 1)
    assert bond.options_location == Location(name, 5)
    assert lines(bond.options)["miimon"] == ("10", 8)
    assert lines(bond.options)["arp_ip_target"] == ("10.10.10.10,20.20.20.20", 14)


# --- units -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "miimon"),
    [
        ("100ms", "100"),
        ("1s", "1000"),
        ("0.5s", "500"),
        ("1", "1000"),  # a bare number is seconds for networkd's *Sec keys
        ("1min 30s", "90000"),
        ("2 s", "2000"),
        ("1500us", "1"),  # rounded down, as networkd does
        ("100msec", "100"),
        ("0", "0"),
        ("fast", "fast"),  # not a time span: kept for the model to report
        ("infinity", "infinity"),
        ("-5ms", "-5ms"),
    ],
)
def test_time_values_become_milliseconds(written: str, miimon: str) -> None:
    bond = only(parse(f"[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMIIMonitorSec={written}\n"))
    assert isinstance(bond, BondDefinition)
    assert values(bond.options) == {"miimon": miimon}


def test_every_time_key_and_the_seconds_one() -> None:
    text = (
        "[NetDev]\nName=bond0\nKind=bond\n[Bond]\nUpDelaySec=200ms\nDownDelaySec=1s\n"
        "PeerNotifyDelaySec=300ms\nARPIntervalSec=2\nLearnPacketIntervalSec=3\n"
        "[Bond]\nLearnPacketIntervalSec=1min\n"
    )
    bond = only(parse(text))
    assert isinstance(bond, BondDefinition)
    assert lines(bond.options) == {
        "updelay": ("200", 5),
        "downdelay": ("1000", 6),
        "peer_notif_delay": ("300", 7),
        "arp_interval": ("2000", 8),
        "lp_interval": ("60", 11),  # the kernel's lp_interval is seconds; the last one wins
    }


def test_timespan_helper() -> None:
    assert networkd.timespan_usec("1h 2m 3s 4ms 5us") == 3_723_004_005
    assert networkd.timespan_usec("2M") == 2 * 2_629_800 * 1_000_000
    assert networkd.timespan_usec("10", default_unit="ms") == 10_000
    assert networkd.timespan_usec("1" * 40) is None
    assert networkd.timespan_usec("") is None
    assert networkd.timespan_usec("5 parsecs") is None


# --- keys and syntax ---------------------------------------------------------------------

FULL = """\
# hand-written bond
[NetDev]
Name=bond1
Kind=bond
MTUBytes=9000

[Bond]
Mode=active-backup
TransmitHashPolicy=layer3+4
LACPTransmitRate=slow
ARPValidate=all
ARPAllTargets=any
ARPMissedMax=3
PrimaryReselectPolicy=better
FailOverMACPolicy=follow
AdSelect=bandwidth
AdActorSystemPriority=100
AdUserPortKey=5
AdActorSystem=02:00:00:00:00:01
MinLinks=1
AllSlavesActive=no
PacketsPerSlave=0
GratuitousARP=3
ResendIGMP=2
"""


def test_every_plain_bond_key_maps_to_its_kernel_name() -> None:
    bond = only(parse(FULL))
    assert isinstance(bond, BondDefinition)
    assert values(bond.options) == {
        "mode": "active-backup",
        "xmit_hash_policy": "layer3+4",
        "lacp_rate": "slow",
        "arp_validate": "all",
        "arp_all_targets": "any",
        "arp_missed_max": "3",
        "primary_reselect": "better",
        "fail_over_mac": "follow",
        "ad_select": "bandwidth",
        "ad_actor_sys_prio": "100",
        "ad_user_port_key": "5",
        "ad_actor_system": "02:00:00:00:00:01",
        "min_links": "1",
        "all_slaves_active": "0",
        "packets_per_slave": "0",
        "num_grat_arp": "3",
        "resend_igmp": "2",
    }
    assert bond.location == Location("/etc/systemd/network/bond0.netdev", 2)
    assert bond.mtu and bond.mtu.value == "9000"


def test_arp_targets_accumulate_and_reset() -> None:
    text = (
        "[NetDev]\nKind=bond\nName=b\n[Bond]\nARPIPTargets=1.1.1.1\n"
        "ARPIPTargets=\nARPIPTargets=2.2.2.2  3.3.3.3\nARPIPTargets=4.4.4.4\n"
    )
    bond = only(parse(text))
    assert isinstance(bond, BondDefinition)
    assert lines(bond.options) == {"arp_ip_target": ("2.2.2.2,3.3.3.3,4.4.4.4", 7)}


def test_repeated_key_last_wins_and_comments() -> None:
    text = (
        "[NetDev]\nKind=bond\nName=b\n[Bond]\nMode=balance-rr\n; a comment\n"
        "  # indented comment\nMode = 802.3ad  \n"
    )
    bond = only(parse(text))
    assert lines(bond.options) == {"mode": ("802.3ad", 8)}


def test_line_continuation() -> None:
    text = "[NetDev]\nKind=bond\nName=b\n[Bond]\nARPIPTargets=1.1.1.1 \\\n# skipped\n 2.2.2.2\n"
    bond = only(parse(text))
    assert lines(bond.options) == {"arp_ip_target": ("1.1.1.1,2.2.2.2", 5)}


def test_unknown_bond_keys() -> None:
    text = "[NetDev]\nKind=bond\nName=b\n[Bond]\nMIIMonitor=100\nmiimon=100\n"
    result = parse(text)
    bond = only(result)
    # A typo is kept for the model to report; a kernel name would pass for an option.
    assert values(bond.options) == {"MIIMonitor": "100"}
    assert [d.location.line for d in result.diagnostics] == [6]


def test_other_netdev_kinds_are_not_bonds() -> None:
    assert parse("[NetDev]\nName=br0\nKind=bridge\n") == ParseResult()


def test_bond_section_without_kind() -> None:
    result = parse("[NetDev]\nName=b\n[Bond]\nMode=1\n")
    assert result.facts == []
    assert [d.location.line for d in result.diagnostics] == [3]


def test_bond_without_name() -> None:
    result = parse("[NetDev]\nKind=bond\n[Bond]\nMode=1\n")
    bond = only(result)
    assert bond.interface is None
    assert [d.location.line for d in result.diagnostics] == [2]


def test_port_with_several_names_and_active_slave() -> None:
    text = (
        "[Match]\nName=eth0 eth1\nName=eth2\n\n[Link]\nMTUBytes=9000\n"
        "[Network]\nBond=bond0\nPrimarySlave=no\nActiveSlave=yes\n"
    )
    port = only(parse(text, "/etc/systemd/network/20-ports.network"))
    assert isinstance(port, PortDefinition)
    assert port.interface and (port.interface.value, port.interface.location.line) == ("eth0", 2)
    assert port.controller.location.line == 8
    assert port.location.line == 1
    assert values(port.extra) == {"ActiveSlave": "yes", "Match.Name": "eth0 eth1 eth2"}
    assert port.mtu and port.mtu.value == "9000"


def test_port_name_glob_is_kept() -> None:
    port = only(parse("[Match]\nName=en*\n[Network]\nBond=bond0\n"))
    assert port.interface and port.interface.value == "en*"


def test_empty_bond_assignment_is_no_port() -> None:
    assert parse("[Match]\nName=eth0\n[Network]\nBond=\n").facts == []


def test_bad_lines_are_reported() -> None:
    text = "Kind=bond\n[NetDev]\nKind=bond\nName=b\nno equals here\n[Bond\n\x00\x01junk\n"
    result = parse(text)
    assert isinstance(only(result), BondDefinition)
    assert [d.location.line for d in result.diagnostics] == [1, 5, 6, 7]
    assert "binary" in result.diagnostics[-1].message


def test_crlf() -> None:
    bond = only(parse("[NetDev]\r\nKind=bond\r\nName=b\r\n[Bond]\r\nMIIMonitorSec=1s\r\n"))
    assert values(bond.options) == {"miimon": "1000"}


@pytest.mark.parametrize(
    ("name", "head", "claimed"),
    [
        ("10-netplan-bn0.netdev", "", True),
        ("10-netplan-eno1.network", "[Match]\nName=eno1\n", True),
        ("bond0.netdev", "# comment\n\n[NetDev]\n", True),
        ("bond0.netdev", "\x7fELF binary", False),
        ("bond0.link", "[Match]\n", False),
        ("bond0.nmconnection", "[connection]\n", False),
        ("bond0.netdev.txt", "[NetDev]\n", False),
    ],
)
def test_claims(name: str, head: str, claimed: bool) -> None:
    assert networkd.claims(PurePosixPath("/run/systemd/network") / name, head) is claimed


# --- robustness --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    texts = corpus_texts_of(ROWS)
    if not texts:
        pytest.skip("no networkd corpus")
    return texts + [FULL]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    assert isinstance(parse(text), ParseResult)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_damaged_corpus_never_raises(corpus_texts: list[str], data: st.DataObject) -> None:
    assert isinstance(parse(damaged(data, corpus_texts)), ParseResult)
