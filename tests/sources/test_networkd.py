"""systemd-networkd parser (.netdev / .network): corpus, units, edge cases, robustness."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePosixPath

import pytest
from conftest import corpus_path, rows_of_kind

from bondlint.sources import networkd
from bondlint.sources.base import (
    LAYER_NETWORKD,
    BondDefinition,
    Located,
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
    f"{RUN}bn0.netdev{PRIMARY}": Expect("bond", "bn0", options={"mode": "active-backup"}, extra={"Kind": "bond"}),
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
    f"{RUN}switchports.network{PRIMARY}": Expect("port", None, "bn0", extra={"Match.Driver": "yayroute"}),
    f"{RUN}switchports.network{PARAMS}": Expect("port", None, "bn0", extra={"Match.Driver": "yayroute"}),
    f"{RUN}switchports.network{ALL_ACTIVE}": Expect("port", None, "bn0", extra={"Match.Driver": "yayroute"}),
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
    text = "[NetDev]\nKind=bond\nName=b\n[Bond]\nMode=balance-rr\n; a comment\n  # indented comment\nMode = 802.3ad  \n"
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
    result = parse("[NetDev]\nKind=bond\n[Bond]\nMode=active-backup\n")
    bond = only(result)
    assert bond.interface is None
    assert [d.location.line for d in result.diagnostics] == [2]


def test_port_with_several_names_and_active_slave() -> None:
    text = (
        "[Match]\nName=eth0 eth1\nName=eth2\n\n[Link]\nMTUBytes=9000\n"
        "[Network]\nBond=bond0\nPrimarySlave=no\nActiveSlave=yes\n"
    )
    ports = parse(text, "/etc/systemd/network/20-ports.network").facts
    # Every name of the list is a port of bond0, each at the line that names it.
    assert [(p.interface.value, p.interface.location.line) for p in ports] == [("eth0", 2), ("eth1", 2), ("eth2", 3)]
    for port in ports:
        assert isinstance(port, PortDefinition)
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


# --- audit against systemd's documentation and source -----------------------------------
#
# Keys: systemd src/network/netdev/netdev-gperf.gperf ("Bond." lines) and the [Bond]
# section of man/systemd.netdev.xml; values: src/shared/bond-util.c string tables; what
# networkd sends: src/network/netdev/bond.c.  See docs/formats/networkd.md.

# Every [Bond] key of the newest systemd, with a value of each key's own syntax.
EVERY_BOND_KEY = {
    "Mode": ("802.3ad", "mode", "802.3ad"),
    "TransmitHashPolicy": ("encap3+4", "xmit_hash_policy", "encap3+4"),
    "LACPTransmitRate": ("fast", "lacp_rate", "fast"),
    "MIIMonitorSec": ("100ms", "miimon", "100"),
    "PeerNotifyDelaySec": ("200ms", "peer_notif_delay", "200"),
    "UpDelaySec": ("300ms", "updelay", "300"),
    "DownDelaySec": ("400ms", "downdelay", "400"),
    "LearnPacketIntervalSec": ("5s", "lp_interval", "5"),
    "AdSelect": ("count", "ad_select", "count"),
    "AdActorSystemPriority": ("1000", "ad_actor_sys_prio", "1000"),
    "AdUserPortKey": ("1023", "ad_user_port_key", "1023"),
    "AdActorSystem": ("02:00:00:00:00:02", "ad_actor_system", "02:00:00:00:00:02"),
    "FailOverMACPolicy": ("active", "fail_over_mac", "active"),
    "ARPValidate": ("backup", "arp_validate", "backup"),
    "ARPIntervalSec": ("1s", "arp_interval", "1000"),
    "ARPIPTargets": ("192.168.0.1 192.168.0.2", "arp_ip_target", "192.168.0.1,192.168.0.2"),
    "ARPAllTargets": ("all", "arp_all_targets", "all"),
    "PrimaryReselectPolicy": ("failure", "primary_reselect", "failure"),
    "ResendIGMP": ("4", "resend_igmp", "4"),
    "PacketsPerSlave": ("7", "packets_per_slave", "7"),
    "GratuitousARP": ("5", "num_grat_arp", "5"),
    "AllSlavesActive": ("yes", "all_slaves_active", "1"),
    "DynamicTransmitLoadBalancing": ("off", "tlb_dynamic_lb", "0"),
    "MinLinks": ("2", "min_links", "2"),
    "ARPMissedMax": ("3", "arp_missed_max", "3"),
}


def _bond_file(body: str) -> str:
    return f"[NetDev]\nName=bond99\nKind=bond\n\n[Bond]\n{body}"


def test_every_documented_bond_key_is_known() -> None:
    """No documented [Bond] key is left for the model to call an unknown option."""
    assert set(EVERY_BOND_KEY) == set(networkd.BOND_KEYS)
    body = "".join(f"{key}={written}\n" for key, (written, _, _) in EVERY_BOND_KEY.items())
    result = parse(_bond_file(body))
    bond = only(result)
    assert isinstance(bond, BondDefinition)
    assert result.diagnostics == []
    assert values(bond.options) == {kernel: value for _, kernel, value in EVERY_BOND_KEY.values()}


def test_every_option_the_model_reads_as_valid() -> None:
    """Each documented key becomes a kernel option the model knows, with a valid value."""
    from bondlint.model.options import normalize_option

    body = "".join(f"{key}={written}\n" for key, (written, _, _) in EVERY_BOND_KEY.items())
    bond = only(parse(_bond_file(body)))
    problems = {key: normalize_option(key, found.value).problem for key, found in bond.options.items()}
    assert {key: problem for key, problem in problems.items() if problem} == {}


@pytest.mark.parametrize("key", sorted(networkd.ENUM_VALUES))
def test_every_enum_spelling_networkd_accepts(key: str) -> None:
    """Every spelling of bond-util.c's tables passes unchanged: they are the kernel's names."""
    from bondlint.model.options import normalize_option

    kernel = networkd.BOND_KEYS[key][0]
    for word in networkd.ENUM_VALUES[key]:
        result = parse(_bond_file(f"{key}={word}\n"))
        assert result.diagnostics == [], word
        assert values(only(result).options) == {kernel: word}
        assert normalize_option(kernel, word).value == word


@pytest.mark.parametrize(
    ("line", "kernel"),
    [
        ("Mode=1", "mode"),  # the kernel takes numbers; networkd's table does not
        ("Mode=active-backup 1", "mode"),
        ("TransmitHashPolicy=vlan+srcmac", "xmit_hash_policy"),  # kernel 5.12; no networkd name
        ("ARPValidate=filter_active", "arp_validate"),
        ("LACPTransmitRate=1", "lacp_rate"),
        ("TransmitHashPolicy=default", "xmit_hash_policy"),  # the kernel's table has "default"
    ],
)
def test_kernel_spellings_networkd_refuses(line: str, kernel: str) -> None:
    """networkd logs "Failed to parse" and ignores these: the kernel default stays."""
    result = parse(_bond_file(f"MIIMonitorSec=1s\n{line}\n"))
    bond = only(result)
    assert values(bond.options) == {"miimon": "1000"}
    assert [d.location.line for d in result.diagnostics] == [7]
    assert line.split("=")[0] in result.diagnostics[0].message
    assert kernel in result.diagnostics[0].message


def test_values_nobody_accepts_are_kept_for_the_model() -> None:
    # netplan writes TransmitHashPolicy=none; neither networkd nor the kernel takes it.
    bond = only(parse(_bond_file("TransmitHashPolicy=none\nMode=Active-Backup\n")))
    assert values(bond.options) == {"xmit_hash_policy": "none", "mode": "Active-Backup"}


@pytest.mark.parametrize("word", sorted(networkd.TRUE_WORDS | networkd.FALSE_WORDS | {"YES", "Off"}))
def test_booleans(word: str) -> None:
    expected = "1" if word.lower() in networkd.TRUE_WORDS else "0"
    bond = only(parse(_bond_file(f"AllSlavesActive={word}\nDynamicTransmitLoadBalancing={word}\n")))
    assert values(bond.options) == {"all_slaves_active": expected, "tlb_dynamic_lb": expected}


def test_arp_missed_max_zero_is_unset() -> None:
    # bond.c sends IFLA_BOND_MISSED_MAX only when > 0; the kernel refuses 0 itself.
    assert values(only(parse(_bond_file("ARPMissedMax=0\n"))).options) == {}


@pytest.mark.parametrize(("written", "mtu"), [("9000", "9000"), ("9K", "9216"), ("1M", "1048576"), ("jumbo", "jumbo")])
def test_netdev_mtu_suffixes(written: str, mtu: str) -> None:
    bond = only(parse(f"[NetDev]\nName=b\nKind=bond\nMTUBytes={written}\n"))
    assert bond.mtu is not None and bond.mtu.value == mtu


# After systemd test/test-network/conf/25-bond.netdev and 25-bond-active-backup-slave.netdev
# (written here, not copied): [Match] conditions, [NetDev] Description/MACAddress and keys of
# other sections are never bond options.
NETDEV_WITH_EVERYTHING = """\
[Match]
Host=!buildhost
Virtualization=no

[NetDev]
Name=bond199
Kind=bond
Description=test bond
MACAddress=00:11:22:33:44:55

[Bond]
Mode=active-backup
MIIMonitorSec=1s

[Bridge]
STP=yes

[X-Local]
Anything=goes
"""


def test_other_sections_and_netdev_keys_are_not_options() -> None:
    result = parse(NETDEV_WITH_EVERYTHING)
    bond = only(result)
    assert result.diagnostics == []
    assert values(bond.options) == {"mode": "active-backup", "miimon": "1000"}
    assert values(bond.extra) == {"Kind": "bond", "MACAddress": "00:11:22:33:44:55"}


def test_unknown_bond_key_is_kept_under_its_own_name() -> None:
    # A key no systemd knows (LACPRate=) stays for the model's unknown-option rule.
    bond = only(parse(_bond_file("LACPRate=fast\n")))
    assert values(bond.options) == {"LACPRate": "fast"}


# After systemd test/test-network/conf/25-bond-slave.network shapes: one .network that makes
# several interfaces ports of one bond.
@pytest.mark.parametrize(
    ("match", "names", "extra_name"),
    [
        ("Name=enp1s0f0 enp1s0f1", ["enp1s0f0", "enp1s0f1"], "enp1s0f0 enp1s0f1"),
        ("Name=enp1s0f0\nName=enp1s0f1", ["enp1s0f0", "enp1s0f1"], "enp1s0f0 enp1s0f1"),
        ("Name=eth* en*", ["eth*", "en*"], "eth* en*"),
        ("Name=dummy98", ["dummy98"], None),
        ("Name=eth0\nName=\nName=eth1", ["eth1"], None),  # an empty Name= resets the list
        ("Name=!eth0 eth1", [None], "!eth0 eth1"),  # negated: every other interface
    ],
)
def test_match_names(match: str, names: list, extra_name: str | None) -> None:
    ports = parse(f"[Match]\n{match}\n\n[Network]\nBond=bond0\n", "/etc/systemd/network/20-p.network").facts
    assert [p.interface.value if p.interface else None for p in ports] == names
    for port in ports:
        assert port.controller.value == "bond0"
        assert (port.extra["Match.Name"].value if "Match.Name" in port.extra else None) == extra_name


def test_match_by_other_keys_and_link_settings() -> None:
    text = (
        "[Match]\nMACAddress=00:11:22:33:44:55\nMACAddress=00:11:22:33:44:66\nDriver=ixgbe\n"
        "PermanentMACAddress=00:11:22:33:44:77\nPath=pci-0000:01:00.*\nType=ether\nKind=!bond\n"
        "[Link]\nMTUBytes=9K\nActivationPolicy=manual\nRequiredForOnline=no\n"
        "[Network]\nBond=bond0\nBindCarrier=eth9\n"
    )
    port = only(parse(text, "/etc/systemd/network/20-p.network"))
    assert isinstance(port, PortDefinition)
    assert port.interface is None
    assert port.mtu and port.mtu.value == "9216"
    assert values(port.extra) == {
        "Match.MACAddress": "00:11:22:33:44:55 00:11:22:33:44:66",
        "Match.Driver": "ixgbe",
        "Match.PermanentMACAddress": "00:11:22:33:44:77",
        "Match.Path": "pci-0000:01:00.*",
        "Match.Type": "ether",
        "Match.Kind": "!bond",
        "ActivationPolicy": "manual",
        "RequiredForOnline": "no",
    }


@pytest.mark.parametrize(
    ("path", "claimed"),
    [
        ("/etc/systemd/network/10-bond0.netdev.d/50-monitor.conf", True),
        ("/usr/lib/systemd/network/20-eth.network.d/mtu.conf", True),
        ("/etc/systemd/network/10-bond0.netdev.d/notes.txt", False),
        ("/etc/systemd/network/foo.d/x.conf", False),
        ("/etc/modprobe.d/bonding.conf", False),
    ],
)
def test_drop_ins_are_claimed(path: str, claimed: bool) -> None:
    assert networkd.claims(PurePosixPath(path), "[Bond]\n") is claimed


def _facts(files: dict[str, str]) -> list:
    facts: list = []
    for path, text in files.items():
        result = networkd.parse(text, path)
        assert result.diagnostics == [], result.diagnostics
        facts.extend(result.facts)
    return networkd.merge_drop_ins(facts)


def test_netdev_drop_ins_merge_in_order() -> None:
    main = "/etc/systemd/network/10-bond0.netdev"
    facts = _facts(
        {
            main: (
                "[NetDev]\nName=bond0\nKind=bond\n[Bond]\nMode=active-backup\nMIIMonitorSec=0\nARPIPTargets=10.0.0.1\n"
            ),
            "/usr/lib/systemd/network/10-bond0.netdev.d/50-mon.conf": "[Bond]\nMIIMonitorSec=5s\n",
            # The same drop-in name in /etc hides the one in /usr/lib.
            "/etc/systemd/network/10-bond0.netdev.d/50-mon.conf": (
                "[Bond]\nMIIMonitorSec=100ms\nARPIPTargets=10.0.0.2\n"
            ),
            "/run/systemd/network/10-bond0.netdev.d/60-mtu.conf": "[NetDev]\nMTUBytes=9000\n[Bond]\nUpDelaySec=200ms\n",
        }
    )
    bond = only(ParseResult(facts=facts))
    assert isinstance(bond, BondDefinition)
    assert bond.interface and bond.interface.value == "bond0"
    assert values(bond.options) == {
        "mode": "active-backup",
        "miimon": "100",
        "arp_ip_target": "10.0.0.1,10.0.0.2",
        "updelay": "200",
    }
    assert lines(bond.options)["miimon"] == ("100", 2)
    assert bond.options["miimon"].location.path == "/etc/systemd/network/10-bond0.netdev.d/50-mon.conf"
    assert bond.mtu and bond.mtu.value == "9000"
    assert "networkd.drop_in_for" not in bond.extra


def test_drop_in_resets_arp_targets() -> None:
    facts = _facts(
        {
            "/etc/systemd/network/b.netdev": "[NetDev]\nName=b\nKind=bond\n[Bond]\nARPIPTargets=10.0.0.1\n",
            "/etc/systemd/network/b.netdev.d/x.conf": "[Bond]\nARPIPTargets=\nARPIPTargets=10.0.0.9\n",
        }
    )
    assert values(only(ParseResult(facts=facts)).options) == {"arp_ip_target": "10.0.0.9"}


def test_network_drop_ins_apply_to_every_port() -> None:
    facts = _facts(
        {
            "/etc/systemd/network/20-ports.network": "[Match]\nName=eth0 eth1\n[Network]\nBond=bond0\n",
            "/etc/systemd/network/20-ports.network.d/mtu.conf": "[Link]\nMTUBytes=9000\n",
            "/etc/systemd/network/20-ports.network.d/zz.conf": "[Network]\nBond=bond1\n",
        }
    )
    assert [(p.interface.value, p.controller.value, p.mtu.value) for p in facts] == [
        ("eth0", "bond1", "9000"),
        ("eth1", "bond1", "9000"),
    ]


def test_mtu_drop_in_without_its_network_is_dropped() -> None:
    assert _facts({"/etc/systemd/network/x.network.d/mtu.conf": "[Link]\nMTUBytes=9000\n"}) == []


def test_glob_ports_expand_to_known_interfaces() -> None:
    port = only(parse("[Match]\nName=en*\n[Network]\nBond=bond0\n", "/etc/systemd/network/p.network"))
    assert isinstance(port, PortDefinition)
    expanded = networkd.expand_patterns([port], {"eno1", "eno2", "lo", "eth0"})
    assert [(p.interface.value, p.extra["Match.Name"].value) for p in expanded] == [("eno1", "en*"), ("eno2", "en*")]
    assert networkd.expand_patterns([port], {"eth0"}) == [port]  # nothing matches: the pattern stays


def _with_identity(fact: BondDefinition | PortDefinition) -> BondDefinition | PortDefinition:
    """``fact`` carrying every field networkd itself never sets (another reader may)."""
    at = Location(fact.location.path, 1)
    common = {"uuid": Located("u-1", at), "profile_id": Located("p-1", at), "managed": Located("yes", at)}
    if isinstance(fact, BondDefinition):
        return replace(fact, port_names=[Located("eth9", at)], **common)
    return replace(fact, port_type=Located("bond", at), **common)


def _identity(fact: BondDefinition | PortDefinition) -> tuple:
    names = [n.value for n in fact.port_names] if isinstance(fact, BondDefinition) else fact.port_type
    return (fact.uuid, fact.profile_id, fact.managed, names)


def test_drop_ins_and_patterns_keep_every_field() -> None:
    bond_path, port_path = "/etc/systemd/network/b.netdev", "/etc/systemd/network/p.network"
    bond = _with_identity(only(parse("[NetDev]\nName=b\nKind=bond\n", bond_path)))
    port = _with_identity(only(parse("[Match]\nName=en*\n[Network]\nBond=b\n", port_path)))
    parts = [
        *parse("[Bond]\nMode=802.3ad\n", bond_path + ".d/x.conf").facts,
        *parse("[Link]\nMTUBytes=9000\n", port_path + ".d/mtu.conf").facts,
    ]
    merged = networkd.merge_drop_ins([bond, port, *parts])
    assert [_identity(fact) for fact in merged] == [_identity(bond), _identity(port)]
    assert merged[0].options["mode"].value == "802.3ad" and merged[1].mtu.value == "9000"
    expanded = networkd.expand_patterns([merged[1]], {"eno1"})
    assert [(p.interface.value, _identity(p)) for p in expanded] == [("eno1", _identity(port))]
