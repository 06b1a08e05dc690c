"""ifupdown parser (/etc/network/interfaces): corpus, both bond styles, edge cases."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest
from conftest import corpus_path, rows_of_kind

from bondlint.model.options import KNOWN_OPTIONS, normalize_option
from bondlint.sources import ifupdown
from bondlint.sources.base import (
    LAYER_CUMULUS,
    LAYER_IFUPDOWN,
    LAYER_IFUPDOWN2,
    LAYER_IFUPDOWN_NG,
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
        "source /etc/network/interfaces.d/*\nsource-directory interfaces.d\nsource /etc/network/extra\n" + SLAVES_STYLE
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


@pytest.mark.parametrize(
    ("stanza", "layer"),
    [
        ("iface server1\n    bond-slaves swp1\n    clag-id 1\n", LAYER_CUMULUS),  # Cumulus MLAG
        ("iface bond1 inet manual\n    bond-slaves swp1 swp2\n    bond-lacp-bypass-allow yes\n", LAYER_CUMULUS),
        ("iface bond1\n    bond-slaves glob swp19-20\n    bond-mode 802.3ad\n", LAYER_IFUPDOWN2),
        # Proxmox: a VLAN-aware bridge on the bond is ifupdown2, not a Cumulus switch.
        (
            "iface bond0 inet manual\n    bond-slaves eno1 eno2\niface vmbr0 inet static\n    bridge-ports bond0\n"
            "    bridge-vlan-aware yes\n",
            LAYER_IFUPDOWN2,
        ),
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


# --- every documented keyword of each tool ----------------------------------------------
# (keyword as written, kernel option, value as written, value bondlint keeps). Sources:
# ifenslave 2.13 if-pre-up.d/ifenslave (Debian bookworm), CumulusNetworks/ifupdown2
# ifupdown2/addons/bond.py (_modinfo attrs), ifupdown-ng/ifupdown-ng doc/interfaces-bond.scd.
_COMMON = [
    ("bond-mode", "mode", "active-backup", "active-backup"),
    ("bond-miimon", "miimon", "100", "100"),
    ("bond-updelay", "updelay", "200", "200"),
    ("bond-downdelay", "downdelay", "200", "200"),
    ("bond-arp-interval", "arp_interval", "0", "0"),
    ("bond-arp-ip-target", "arp_ip_target", "192.0.2.1", "192.0.2.1"),
    ("bond-use-carrier", "use_carrier", "1", "1"),
    ("bond-num-grat-arp", "num_grat_arp", "3", "3"),
    ("bond-num-unsol-na", "num_unsol_na", "3", "3"),
    ("bond-xmit-hash-policy", "xmit_hash_policy", "layer2+3", "layer2+3"),
    ("bond-lacp-rate", "lacp_rate", "fast", "fast"),
    ("bond-primary", "primary", "eth0", "eth0"),
    ("bond-primary-reselect", "primary_reselect", "failure", "failure"),
]
CLASSIC_KEYWORDS = [
    *_COMMON,
    ("bond-ad-select", "ad_select", "bandwidth", "bandwidth"),
    ("bond-tlb-dynamic-lb", "tlb_dynamic_lb", "0", "0"),
    ("bond-packets-per-slave", "packets_per_slave", "2", "2"),
    ("bond-arp-validate", "arp_validate", "all", "all"),
    ("bond-fail-over-mac", "fail_over_mac", "active", "active"),
    ("bond-active-slave", "active_slave", "eth1", "eth1"),
]
IFUPDOWN2_KEYWORDS = [
    *_COMMON,
    ("bond-min-links", "min_links", "1", "1"),
    ("bond-ad-actor-sys-prio", "ad_actor_sys_prio", "100", "100"),
    ("bond-ad-sys-priority", "ad_actor_sys_prio", "100", "100"),  # deprecated spelling
    ("bond-ad-actor-system", "ad_actor_system", "02:00:00:00:00:01", "02:00:00:00:00:01"),
    ("bond-ad-sys-mac-addr", "ad_actor_system", "02:00:00:00:00:01", "02:00:00:00:00:01"),
    ("es-sys-mac", "ad_actor_system", "02:00:00:00:00:42", "02:00:00:00:00:42"),
]
NG_KEYWORDS = [
    *_COMMON,
    ("bond-min-links", "min_links", "1", "1"),
    ("bond-all-slaves-active", "all_slaves_active", "1", "1"),
    ("bond-packets-per-slave", "packets_per_slave", "0", "0"),
    ("bond-lp-interval", "lp_interval", "2", "2"),
    ("bond-resend-igmp", "resend_igmp", "0", "0"),
    ("bond-ad-select", "ad_select", "count", "count"),
    ("bond-ad-actor-sys-prio", "ad_actor_sys_prio", "100", "100"),
    ("bond-ad-sys-priority", "ad_actor_sys_prio", "100", "100"),  # remapped by ifupdown-ng
    ("bond-ad-user-port-key", "ad_user_port_key", "7", "7"),
    ("bond-fail-over-mac", "fail_over_mac", "follow", "follow"),
    ("bond-arp-validate", "arp_validate", "filter", "filter"),
    ("bond-arp-all-targets", "arp_all_targets", "all", "all"),
    # Not in interfaces-bond(5) but handed to `ip link`, which takes them.
    ("bond-peer-notify-delay", "peer_notif_delay", "200", "200"),
    ("bond-lacp-active", "lacp_active", "on", "on"),
    ("bond-arp-missed-max", "arp_missed_max", "3", "3"),
    ("bond-ns-ip6-target", "ns_ip6_target", "2001:db8::1", "2001:db8::1"),
]
_STANZA = {
    # classic: family and method, ports in bond-slaves (Debian wiki Bonding, ifenslave examples)
    LAYER_IFUPDOWN: "auto bond0\niface bond0 inet manual\n    bond-slaves eth0 eth1\n",
    # ifupdown2: no family (ifupdown2 docs/examples/vlan_aware_bridges/interfaces.with_bonds)
    LAYER_IFUPDOWN2: "auto bond0\niface bond0\n    bond-slaves eth0 eth1\n",
    # ifupdown-ng: interfaces-bond(5) EXAMPLES
    LAYER_IFUPDOWN_NG: "auto bond0\niface bond0\n\tbond-members eth0 eth1\n",
}


@pytest.mark.parametrize(
    ("layer", "row"),
    [(LAYER_IFUPDOWN, row) for row in CLASSIC_KEYWORDS]
    + [(LAYER_IFUPDOWN2, row) for row in IFUPDOWN2_KEYWORDS]
    + [(LAYER_IFUPDOWN_NG, row) for row in NG_KEYWORDS],
    ids=lambda value: value if isinstance(value, str) else value[0],
)
def test_every_documented_keyword_is_read(layer: str, row: tuple[str, str, str, str]) -> None:
    keyword, option, written, kept = row
    result = parse(_STANZA[layer] + f"    {keyword} {written}\n")
    assert result.diagnostics == []
    [bond] = result.facts
    assert isinstance(bond, BondDefinition) and bond.layer == layer
    assert lines(bond.options) == {option: (kept, 4)}
    assert [p.value for p in bond.port_names] == ["eth0", "eth1"]
    assert not [key for key in bond.extra if key.startswith(("unknown.", "not-applied."))]
    # The model knows the option: no unknown-option finding for a documented keyword.
    assert normalize_option(option, kept).kind != "unknown-option"


@pytest.mark.parametrize(
    ("layer", "keyword"),
    [
        # ifenslave's script has no variable for these: the kernel default stays.
        *((LAYER_IFUPDOWN, k) for k in ("bond-min-links", "bond-ad-actor-sys-prio", "bond-arp-all-targets")),
        *((LAYER_IFUPDOWN, k) for k in ("bond-all-slaves-active", "bond-ad-user-port-key", "bond-lp-interval")),
        # ifupdown2's bond addon has no attribute for these (it logs "unsupported keyword").
        *((LAYER_IFUPDOWN2, k) for k in ("bond-fail-over-mac", "bond-ad-select", "bond-arp-validate")),
        *((LAYER_IFUPDOWN2, k) for k in ("bond-active-slave", "bond-master", "bond-queue-id")),
        # ifupdown-ng: documented, but `ip link` calls it peer_notify_delay and refuses it;
        # "slaves" is documented as an alias but only bond-slaves is remapped.
        *((LAYER_IFUPDOWN_NG, k) for k in ("bond-peer-notif-delay", "slaves", "bond-master")),
    ],
)
def test_keywords_the_tool_does_not_read_are_set_aside(layer: str, keyword: str) -> None:
    [bond] = parse(_STANZA[layer] + f"    {keyword} 1\n").facts
    assert isinstance(bond, BondDefinition) and bond.layer == layer
    assert bond.options == {}
    assert lines(bond.extra)[f"not-applied.{keyword}"] == ("1", 4)
    assert [p.value for p in bond.port_names] == ["eth0", "eth1"]


@pytest.mark.parametrize("layer", [LAYER_IFUPDOWN, LAYER_IFUPDOWN2, LAYER_IFUPDOWN_NG])
def test_a_keyword_no_tool_knows_is_named_never_an_option(layer: str) -> None:
    result = parse(_STANZA[layer] + "    bond-miimom 100\n    bond_give_up yes\n")
    assert result.diagnostics == []
    [bond] = result.facts
    assert isinstance(bond, BondDefinition) and bond.options == {}
    assert lines(bond.extra)["unknown.bond-miimom"] == ("100", 4)
    assert lines(bond.extra)["unknown.bond-give-up"] == ("yes", 5)


# --- ifupdown-ng -------------------------------------------------------------------------

# Shape of ifupdown-ng doc/interfaces-bond.scd EXAMPLES: no family, bond-members, two
# address lines, a comment line inside the stanza.
NG_EXAMPLE = """\
auto bond0
iface bond0
\tbond-members eth0 eth1
\tbond-mode 802.3ad
\tbond-xmit-hash-policy layer3+4
\tbond-min-links 1
\t#
\taddress 192.0.2.42/24
\taddress 2001:db8::42/64
"""


def test_ifupdown_ng_interfaces_bond_example() -> None:
    result = parse(NG_EXAMPLE)
    assert result.diagnostics == []
    [bond] = result.facts
    assert isinstance(bond, BondDefinition) and bond.layer == LAYER_IFUPDOWN_NG
    assert [(p.value, p.location.line) for p in bond.port_names] == [("eth0", 3), ("eth1", 3)]
    assert lines(bond.options) == {"mode": ("802.3ad", 4), "xmit_hash_policy": ("layer3+4", 5), "min_links": ("1", 6)}
    assert values(bond.extra)["bond-members"] == "eth0 eth1"


def test_ifupdown_ng_use_bond_with_requires_only_has_no_ports() -> None:
    # Shape of ifupdown-ng tests/fixtures/bonded-bridge.interfaces (and interfaces(5)'s
    # example): since commit 9ee3a87 "requires" no longer enslaves, only bond-members does.
    text = (
        "iface bond0\n\tuse bond\n\n\trequires eth0 eth1\n\tbond-mode 802.3ad\n"
        "\tbond-xmit-hash-policy layer2+3\n\nauto br0\niface br0\n\tuse bridge\n\n\trequires bond0\n"
        "\taddress 203.0.113.2/24\n"
    )
    result = parse(text)
    assert result.diagnostics == []
    [bond] = result.facts  # br0 is a bridge: nothing
    assert isinstance(bond, BondDefinition) and bond.layer == LAYER_IFUPDOWN_NG
    assert bond.port_names == []
    assert lines(bond.extra)["requires"] == ("eth0 eth1", 4)
    assert values(bond.options) == {"mode": "802.3ad", "xmit_hash_policy": "layer2+3"}


def test_ifupdown_ng_use_bond_alone_is_a_bond() -> None:
    [bond] = parse("iface bond1\n  use bond\n  bond-members eno1 eno2\n").facts
    assert isinstance(bond, BondDefinition) and bond.options == {}
    [bond] = parse("iface bond1\n  use bond\n").facts
    assert isinstance(bond, BondDefinition) and bond.port_names == []


def test_ifupdown_ng_compat_spellings() -> None:
    text = "iface bond0\n  bond-slaves eth0 eth1\n  bond-ad-sys-priority 1000\n  use bond\n"
    [bond] = parse(text).facts
    assert isinstance(bond, BondDefinition) and bond.layer == LAYER_IFUPDOWN_NG
    assert [p.value for p in bond.port_names] == ["eth0", "eth1"]
    assert values(bond.options) == {"ad_actor_sys_prio": "1000"}


def test_ifupdown_ng_options_after_auto_and_end_of_line_comments() -> None:
    # ifupdown-ng attaches option lines to the interface of the last "auto" line and ends
    # every line at an unescaped '#'.
    text = "auto bond0\n  bond-members eth0 eth1 # uplinks\n  bond-miimon 100 # ms\n"
    result = parse(text)
    assert result.diagnostics == []
    [bond] = result.facts
    assert isinstance(bond, BondDefinition) and bond.layer == LAYER_IFUPDOWN_NG
    assert [p.value for p in bond.port_names] == ["eth0", "eth1"]
    assert lines(bond.options) == {"miimon": ("100", 3)}
    assert lines(bond.extra)["auto"] == ("bond0", 1)


def test_classic_keeps_end_of_line_comments_in_the_value() -> None:
    # interfaces(5): "end-of-line comments are NOT supported"; the value is invalid as written.
    [bond] = parse("iface bond0 inet manual\n  bond-slaves eth0 eth1\n  bond-miimon 100 # ms\n").facts
    assert isinstance(bond, BondDefinition) and bond.layer == LAYER_IFUPDOWN
    assert values(bond.options) == {"miimon": "100 # ms"}


# --- classic ifenslave details -----------------------------------------------------------


def test_classic_primary_list_and_queue_ids() -> None:
    # ifenslave: the first bond-primary word that is a port wins; bond-queue-id is written
    # port by port to the bond's iface_queue_id (shape of Debian's ifenslave examples).
    text = (
        "auto bond0\niface bond0 inet static\n    address 192.0.2.10/24\n    bond-slaves eth0 eth1\n"
        "    bond-mode active-backup\n    bond-miimon 100\n    bond-primary eth0 eth1\n"
        "    bond-queue-id eth0:1 eth1:2\n"
    )
    [bond] = parse(text).facts
    assert isinstance(bond, BondDefinition) and bond.layer == LAYER_IFUPDOWN
    assert lines(bond.options)["primary"] == ("eth0", 7)
    assert values(bond.extra)["bond-primary"] == "eth0 eth1"
    assert lines(bond.extra)["bond-queue-id"] == ("eth0:1 eth1:2", 8)


@pytest.mark.parametrize("keyword", ["bond_mode", "BOND_MODE", "Bond-Mode", "bond-mode"])
def test_classic_spellings_of_one_keyword(keyword: str) -> None:
    # ifupdown exports options upper-cased with '-' as '_' (interfaces(5), execute.c).
    [bond] = parse(f"iface bond0 inet manual\n  bond-slaves none\n  {keyword} 4\n").facts
    assert isinstance(bond, BondDefinition)
    assert values(bond.options) == {"mode": "4"}


# --- ifupdown2 details -------------------------------------------------------------------


def test_ifupdown2_port_alias_and_per_word_glob() -> None:
    # bond-ports is an alias of bond-slaves; "glob" applies to the next word only.
    [bond] = parse("iface bond0\n  bond-ports glob swp1-2 swp10-11 glob swp20-21\n").facts
    assert isinstance(bond, BondDefinition) and bond.layer == LAYER_IFUPDOWN2
    assert [p.value for p in bond.port_names] == ["swp1", "swp2", "swp10-11", "swp20", "swp21"]


def test_ifupdown2_has_no_bond_master() -> None:
    text = "iface eth0\n  bond-master bond0\niface bond0\n  bond-slaves eth1 eth2\n"
    facts = parse(text).facts
    assert [type(fact) for fact in facts] == [BondDefinition]
    assert values(facts[0].extra) == {"bond-slaves": "eth1 eth2"}
    assert "bond-master" not in values(facts[0].extra)


def test_every_option_read_is_one_the_model_knows() -> None:
    tables = (
        (LAYER_IFUPDOWN, CLASSIC_KEYWORDS),
        (LAYER_IFUPDOWN2, IFUPDOWN2_KEYWORDS),
        (LAYER_IFUPDOWN_NG, NG_KEYWORDS),
    )
    for layer, rows in tables:
        text = _STANZA[layer] + "".join(f"    {keyword} {written}\n" for keyword, _, written, _ in rows)
        [bond] = parse(text).facts
        assert isinstance(bond, BondDefinition)
        assert set(bond.options) == {option for _, option, _, _ in rows}
        assert set(bond.options) <= KNOWN_OPTIONS


@pytest.mark.parametrize("name", ["bond0.0100", "bond0.00100"])
def test_dotted_vlan_name_with_leading_zeros(name: str) -> None:
    """The vlan package, ifupdown2 and ifupdown-ng read ``bond0.0100`` as VLAN 100 on bond0."""
    [vlan] = parse(f"iface {name} inet manual\n").facts
    assert (vlan.parent.value, vlan.vlan_id.value, vlan.name.value) == ("bond0", "100", name)
