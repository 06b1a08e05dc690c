"""ifupdown parser (/etc/network/interfaces): corpus, both bond styles, edge cases."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest
from conftest import corpus_path, corpus_texts_of, rows_of_kind
from fuzzing import damaged
from hypothesis import given, settings
from hypothesis import strategies as st

from bondlint.sources import ifupdown
from bondlint.sources.base import (
    LAYER_CUMULUS,
    LAYER_IFUPDOWN,
    LAYER_IFUPDOWN2,
    BondDefinition,
    Location,
    ParseResult,
    PortDefinition,
)

ROWS = rows_of_kind("host", "debian-interfaces")
PATH = "/etc/network/interfaces"
CLOUD_INIT = "cloud-init/bond_v1__etc_network_interfaces.txt"
CLOUD_INIT_OPTIONS = {
    "downdelay": "10",
    "fail_over_mac": "active",
    "miimon": "100",
    "mode": "active-backup",
    "num_grat_arp": "5",
    "primary": "bond0s0",
    "primary_reselect": "always",
    "updelay": "20",
    "xmit_hash_policy": "layer3+4",
}
# (kind, interface, controller or None, options or None) per fact, in file order.
CORPUS_TABLE: dict[str, list[tuple[str, str, str | None, dict[str, str] | None]]] = {
    # bond-master style, options repeated on every port; the control-alias stanzas
    # (second address, inet6) carry no bond options and yield nothing.
    CLOUD_INIT: [
        ("port", "bond0s0", "bond0", None),
        ("port", "bond0s1", "bond0", None),
        ("bond", "bond0", None, CLOUD_INIT_OPTIONS),
    ],
}


def parse(text: str, path: str = PATH) -> ParseResult:
    return ifupdown.parse(text, path)


def values(mapping: dict) -> dict[str, str]:
    return {key: located.value for key, located in mapping.items()}


def lines(mapping: dict) -> dict[str, tuple[str, int]]:
    return {key: (located.value, located.location.line) for key, located in mapping.items()}


def summary(fact: BondDefinition | PortDefinition) -> tuple:
    name = fact.interface.value if fact.interface else None
    if isinstance(fact, BondDefinition):
        return ("bond", name, None, values(fact.options))
    return ("port", name, fact.controller.value, None)


# --- corpus ------------------------------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_corpus_file(row: dict[str, str]) -> None:
    text = corpus_path("host", row["file"]).read_text(encoding="utf-8", errors="replace")
    result = parse(text, row["file"])
    assert result.diagnostics == []
    assert all(f.format == "ifupdown" and f.layer == LAYER_IFUPDOWN for f in result.facts)
    assert [summary(fact) for fact in result.facts] == CORPUS_TABLE[row["file"]]
    # No ifupdown row carries `expected` JSON; the table above is the whole oracle.
    assert row["expected_json"] is None


def test_corpus_table_matches_manifest() -> None:
    corpus_path("host", "MANIFEST.tsv")
    assert {row["file"] for row in ROWS} == set(CORPUS_TABLE)


def test_cloud_init_repeats_bond_options_on_ports() -> None:
    text = corpus_path("host", CLOUD_INIT).read_text(encoding="utf-8")
    port, _, bond = parse(text, CLOUD_INIT).facts
    assert isinstance(port, PortDefinition) and isinstance(bond, BondDefinition)
    assert port.location == Location(CLOUD_INIT, 5)
    assert port.controller.location == Location(CLOUD_INIT, 8)
    # A port's copy of the options is kept apart from the bond's own options.
    repeated = {key: value for key, value in values(port.extra).items() if "." in key}
    assert repeated == {f"option.{key}": value for key, value in CLOUD_INIT_OPTIONS.items()}
    assert values(port.extra)["auto"] == "bond0s0"
    assert bond.location == bond.options_location == Location(CLOUD_INIT, 31)
    assert bond.port_names == []  # "bond-slaves none"
    assert lines(bond.extra)["bond-slaves"] == ("none", 41)
    assert lines(bond.options)["mode"] == ("active-backup", 37)
    assert bond.mtu and (bond.mtu.value, bond.mtu.location.line) == ("9000", 45)
    assert lines(bond.extra)["hwaddress"] == ("aa:bb:cc:dd:e8:ff", 44)
    assert lines(bond.extra)["iface"] == ("inet static", 31)


# --- both styles -------------------------------------------------------------------------

SLAVES_STYLE = """\
# The bond lists its ports
auto bond0
iface bond0 inet static
    address 10.0.0.2/24
    bond-slaves eth0  eth1
    bond-mode 802.3ad
    bond-miimon 100
    bond-lacp-rate fast
    bond-xmit_hash_policy layer3+4
    bond-updelay 200
    bond-downdelay 200
    bond-arp-ip-target 10.0.0.1  10.0.0.254
    bond-min-links 1
    mtu 9000
"""


def test_bond_slaves_style() -> None:
    result = parse(SLAVES_STYLE)
    assert result.diagnostics == []
    [bond] = result.facts
    assert isinstance(bond, BondDefinition)
    assert bond.interface and bond.interface.value == "bond0"
    assert bond.location == Location(PATH, 3)
    assert [(port.value, port.location.line) for port in bond.port_names] == [
        ("eth0", 5),
        ("eth1", 5),
    ]
    assert lines(bond.options) == {
        "mode": ("802.3ad", 6),
        "miimon": ("100", 7),
        "lacp_rate": ("fast", 8),
        "xmit_hash_policy": ("layer3+4", 9),
        "updelay": ("200", 10),
        "downdelay": ("200", 11),
        "arp_ip_target": ("10.0.0.1,10.0.0.254", 12),
    }
    # ifenslave's script has no IF_BOND_MIN_LINKS: the kernel keeps min_links=0.
    assert values(bond.extra) == {
        "iface": "inet static",
        "auto": "bond0",
        "address": "10.0.0.2/24",
        "bond-slaves": "eth0  eth1",
        "not-applied.bond-min-links": "1",
    }


MASTER_STYLE = """\
auto eth0
iface eth0 inet manual
    bond-master bond0
    bond-primary eth0

allow-hotplug eth1
iface eth1 inet manual
bond-master bond0

auto bond0
iface bond0 inet dhcp
    bond-mode active-backup
    bond-miimon 100
    bond-slaves none
"""


def test_bond_master_style() -> None:
    result = parse(MASTER_STYLE)
    assert result.diagnostics == []
    eth0, eth1, bond = result.facts
    assert isinstance(eth0, PortDefinition) and isinstance(eth1, PortDefinition)
    assert (eth0.controller.value, eth0.controller.location.line) == ("bond0", 3)
    assert values(eth0.extra) == {"iface": "inet manual", "auto": "eth0", "option.primary": "eth0"}
    assert eth1.interface and eth1.interface.value == "eth1"
    assert lines(eth1.extra)["allow-hotplug"] == ("eth1", 6)
    assert eth1.controller.location.line == 8  # options need no indentation
    assert isinstance(bond, BondDefinition)
    assert values(bond.options) == {"mode": "active-backup", "miimon": "100"}
    assert bond.port_names == []


def test_mixed_styles_and_legacy_slaves() -> None:
    text = (
        "iface bond1 inet manual\n  slaves eth2 eth3\n  bond_mode balance-alb\n"
        "iface eth4 inet manual\n  bond-master bond1\n"
    )
    bond, port = parse(text).facts
    assert isinstance(bond, BondDefinition) and isinstance(port, PortDefinition)
    assert [p.value for p in bond.port_names] == ["eth2", "eth3"]
    assert values(bond.options) == {"mode": "balance-alb"}
    assert port.controller.value == "bond1"


def test_bond_with_only_a_port_list() -> None:
    [bond] = parse("iface bond0 inet manual\n    bond-slaves none\n").facts
    assert isinstance(bond, BondDefinition) and bond.options == {} and bond.port_names == []


def test_stanza_without_bond_options_is_nothing() -> None:
    text = "auto lo\niface lo inet loopback\niface eth0 inet dhcp\n  mtu 1500\n"
    assert parse(text) == ParseResult()


# --- syntax ------------------------------------------------------------------------------


def test_option_spellings_are_equivalent() -> None:
    text = (
        "iface bond0 inet manual\n bond-xmit-hash-policy layer2\n BOND_XMIT_HASH_POLICY layer3+4\n"
        " bond-arp_ip_target 192.0.2.1,192.0.2.2\n bond-lacp-bypass-allow no\n"
    )
    [bond] = parse(text).facts
    assert isinstance(bond, BondDefinition)
    assert lines(bond.options) == {
        "xmit_hash_policy": ("layer3+4", 3),  # the last spelling wins
        "arp_ip_target": ("192.0.2.1,192.0.2.2", 4),
    }
    # Cumulus LACP bypass has no upstream kernel option: kept aside, not an unknown option.
    assert lines(bond.extra)["bond-lacp-bypass-allow"] == ("no", 5)


def test_line_continuation_and_comments() -> None:
    text = (
        "# iface commented inet manual\niface bond0 inet manual \\\n"
        "  # not a comment: still the iface line\n  bond-slaves eth0 \\\n     eth1\n"
    )
    result = parse(text)
    [bond] = result.facts
    assert isinstance(bond, BondDefinition)
    assert bond.location.line == 2
    assert [(p.value, p.location.line) for p in bond.port_names] == [("eth0", 4), ("eth1", 4)]


def test_sources_are_recorded_not_followed() -> None:
    text = (
        "source /etc/network/interfaces.d/*\nsource-directory interfaces.d\n"
        "source /etc/network/extra\n" + SLAVES_STYLE
    )
    [bond] = parse(text).facts
    assert lines(bond.extra)["source"] == (
        "/etc/network/interfaces.d/* /etc/network/extra",
        1,
    )
    assert lines(bond.extra)["source-directory"] == ("interfaces.d", 2)


def test_mapping_stanza_lines_are_not_options() -> None:
    text = "mapping eth0\n  script /usr/local/sbin/map-scheme\n  map HOME eth0-home\n"
    assert parse(text + MASTER_STYLE).diagnostics == []


def test_misplaced_options_and_bad_lines() -> None:
    text = (
        "bond-mode 4\niface\nauto bond0\n  bond-miimon 100\niface eth0 inet manual\n"
        "  bond-master\n  bond-master bond0 bond1\n  \x00\x01\x02\n"
    )
    result = parse(text)
    assert sorted(d.location.line for d in result.diagnostics) == [1, 2, 4, 6, 7, 8]
    [port] = result.facts
    assert isinstance(port, PortDefinition) and port.controller.value == "bond0"
    assert any("binary" in d.message for d in result.diagnostics)


def test_crlf_and_no_final_newline() -> None:
    [bond] = parse(SLAVES_STYLE.replace("\n", "\r\n").rstrip()).facts
    assert isinstance(bond, BondDefinition)
    assert values(bond.options)["downdelay"] == "200"
    assert bond.mtu and bond.mtu.value == "9000"


@pytest.mark.parametrize(
    ("path", "head", "claimed"),
    [
        ("/etc/network/interfaces", "", True),
        ("/etc/network/interfaces.d/50-cloud-init", "", True),
        ("/etc/network/interfaces.d/bond0.cfg", "", True),
        ("/etc/network/interfaces.dpkg-old", "iface eth0 inet dhcp\n", False),
        ("/etc/network/interfaces~", "", False),
        ("/tmp/paste.txt", "auto bond0\n  iface bond0 inet6 static\n", True),
        ("/tmp/paste.txt", "interface GigabitEthernet0/1\n", False),
        ("/etc/other.d/x", "", False),
    ],
)
def test_claims(path: str, head: str, claimed: bool) -> None:
    assert ifupdown.claims(PurePosixPath(path), head) is claimed


# --- robustness --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    texts = corpus_texts_of(ROWS)
    return texts + [SLAVES_STYLE, MASTER_STYLE]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    assert isinstance(parse(text), ParseResult)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_damaged_corpus_never_raises(corpus_texts: list[str], data: st.DataObject) -> None:
    assert isinstance(parse(damaged(data, corpus_texts)), ParseResult)


@pytest.mark.parametrize(
    ("stanza", "layer"),
    [
        ("iface server1\n    bond-slaves swp1\n    clag-id 1\n", LAYER_CUMULUS),  # Cumulus MLAG
        ("iface bond1 inet manual\n    bond-slaves swp1 swp2\n    bond-lacp-bypass-allow yes\n", LAYER_CUMULUS),
        ("iface bond1\n    bond-slaves glob swp19-20\n    bond-mode 802.3ad\n", LAYER_IFUPDOWN2),
        # Proxmox: a VLAN-aware bridge on the bond is ifupdown2, not a Cumulus switch.
        ("iface bond0 inet manual\n    bond-slaves eno1 eno2\niface vmbr0 inet static\n    bridge-ports bond0\n"
         "    bridge-vlan-aware yes\n", LAYER_IFUPDOWN2),
        ("iface bond0\n    bond-slaves eno1 eno2\n", LAYER_IFUPDOWN2),  # no family and method
        # A DSA board's ports are named swpN too: still classic ifupdown.
        ("iface bond0 inet manual\n    bond-slaves swp0 swp1\n    bond-mode active-backup\n", LAYER_IFUPDOWN),
    ],
)
def test_the_tool_that_applies_the_file(stanza: str, layer: str) -> None:
    result = ifupdown.parse(stanza, "etc/network/interfaces")
    bonds = [fact for fact in result.facts if isinstance(fact, BondDefinition)]
    assert bonds
    assert {bond.layer for bond in bonds} == {layer}


def test_ifupdown2_glob_port_lists_name_each_port() -> None:
    result = ifupdown.parse("iface bond1\n    bond-slaves glob swp19-20 swp30\n    bond-mode 802.3ad\n", PATH)
    (bond,) = [fact for fact in result.facts if isinstance(fact, BondDefinition)]
    assert [port.value for port in bond.port_names] == ["swp19", "swp20", "swp30"]
    assert {port.location.line for port in bond.port_names} == {2}
    # A reversed or huge range is not a range ifupdown2 would expand: kept as written.
    result = ifupdown.parse("iface bond1\n    bond-slaves glob swp5-1 eno1-100000\n", PATH)
    (bond,) = [fact for fact in result.facts if isinstance(fact, BondDefinition)]
    assert [port.value for port in bond.port_names] == ["swp5-1", "eno1-100000"]
