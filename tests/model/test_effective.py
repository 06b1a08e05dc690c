"""Each layer's documented defaults (../shared/reference/bonding-rules.md §0.2)."""

from __future__ import annotations

import pytest

from bondlint.model.effective import not_created_reason, resolve
from bondlint.model.host import HostFacts, build_entities
from bondlint.model.options import INTEGER_OPTIONS, NOT_IN_NETWORKMANAGER, OptionValue, normalize_option
from bondlint.sources import ifcfg
from bondlint.sources.base import (
    LAYER_CUMULUS,
    LAYER_INITSCRIPTS,
    LAYER_NETWORKD,
    LAYER_NETWORKMANAGER,
    LAYER_WICKED,
    BondDefinition,
    Location,
)


def values(layer: str, **options: object) -> dict[str, object]:
    return {key: found.value for key, found in resolve(layer, options).items()}


@pytest.mark.parametrize(
    ("layer", "mode", "miimon"),
    [
        (LAYER_NETWORKMANAGER, "active-backup", 100),
        (LAYER_NETWORKMANAGER, "802.3ad", 100),
        (LAYER_INITSCRIPTS, "active-backup", 0),
        (LAYER_INITSCRIPTS, "balance-rr", 0),
        (LAYER_INITSCRIPTS, "802.3ad", 100),
        (LAYER_NETWORKD, "balance-tlb", 100),
        (LAYER_NETWORKD, "balance-alb", 100),
        (LAYER_NETWORKD, "active-backup", 0),
        (LAYER_NETWORKD, "broadcast", 0),
    ],
)
def test_miimon_default_depends_on_layer_and_mode(layer: str, mode: str, miimon: int) -> None:
    assert values(layer, mode=mode)["miimon"] == miimon


def test_networkmanager_uses_zero_when_only_arp_is_set() -> None:
    result = values(LAYER_NETWORKMANAGER, mode="active-backup", arp_interval=1000, arp_ip_target=["192.0.2.1"])
    assert result["miimon"] == 0 and result["arp_interval"] == 1000


def test_both_monitors_networkmanager_keeps_mii_initscripts_keeps_arp() -> None:
    nm = values(LAYER_NETWORKMANAGER, mode="active-backup", miimon=100, arp_interval=1000)
    assert (nm["miimon"], nm["arp_interval"]) == (100, 0)
    legacy = values(LAYER_INITSCRIPTS, mode="active-backup", miimon=100, arp_interval=1000)
    assert (legacy["miimon"], legacy["arp_interval"]) == (0, 1000)


def test_arp_refused_in_lacp_mode() -> None:
    result = values(LAYER_INITSCRIPTS, mode="802.3ad", arp_interval=1000)
    assert result["arp_interval"] == 0 and result["miimon"] == 100


def test_missing_mode_is_balance_rr_and_origin_says_why() -> None:
    resolved = resolve(LAYER_INITSCRIPTS, {})
    assert resolved["mode"].value == "balance-rr" and resolved["mode"].option is None
    assert "kernel default" in resolved["miimon"].origin


def test_delays_round_down_and_vanish_without_mii() -> None:
    result = values(LAYER_NETWORKMANAGER, mode="active-backup", miimon=100, updelay=250, downdelay=300)
    assert (result["updelay"], result["downdelay"]) == (200, 300)
    result = values(LAYER_INITSCRIPTS, mode="active-backup", updelay=200)
    assert result["updelay"] == 0


def test_primary_only_in_primary_modes() -> None:
    assert values(LAYER_NETWORKMANAGER, mode="active-backup", primary="eno1")["primary"] == "eno1"
    assert "primary" not in values(LAYER_NETWORKMANAGER, mode="802.3ad", primary="eno1")


@pytest.mark.parametrize(
    ("name", "raw", "value", "valid"),
    [
        ("mode", "1", "active-backup", True),
        ("mode", "802.3ad 4", "802.3ad", True),
        ("mode", "balance-XOR", "balance-XOR", False),  # the kernel and NM compare exactly
        ("lacp_rate", "FAST", "FAST", False),
        ("mode", "failover", "failover", False),
        ("lacp_rate", "1", "fast", True),
        ("arp_validate", "6", "filter_backup", True),
        ("miimon", "100", 100, True),
        ("miimon", "100ms", "100ms", False),
        ("num_grat_arp", "300", 300, False),
        ("arp_ip_target", "+10.0.0.1,+10.0.0.2", ["10.0.0.1", "10.0.0.2"], True),
        ("arp_ip_target", "10.0.0.1 10.0.0.2", ["10.0.0.1", "10.0.0.2"], True),
        ("miimom", "100", "100", False),
    ],
)
def test_normalize_option(name: str, raw: str, value: object, valid: bool) -> None:
    normal = normalize_option(name, raw)
    assert normal.value == value
    assert (normal.problem is None) is valid


@pytest.mark.parametrize("layer", ["systemd-networkd", "netplan/systemd-networkd"])
def test_networkd_does_not_send_miimon_zero(layer: str) -> None:
    """MIIMonitorSec=0 / mii-monitor-interval: 0 is not sent: in 802.3ad, tlb and alb the
    mode's forced 100 stands; elsewhere the kernel's 0 does (domain review)."""
    assert values(layer, mode="802.3ad", miimon=0)["miimon"] == 100
    assert values(layer, mode="balance-alb", miimon=0)["miimon"] == 100
    assert values(layer, mode="active-backup", miimon=0)["miimon"] == 0
    assert values(LAYER_INITSCRIPTS, mode="802.3ad", miimon=0)["miimon"] == 0  # sysfs: written after the mode


@pytest.mark.parametrize("layer", ["systemd-networkd", "netplan/systemd-networkd"])
def test_networkd_with_both_monitors_is_refused_not_arp_monitored(layer: str) -> None:
    """One netlink request with miimon and arp_interval is refused whole (domain review):
    not the sysfs outcome (ARP wins), which made delay and arp_validate rules fire."""
    result = resolve(layer, {"mode": "active-backup", "miimon": 100, "arp_interval": 1000, "updelay": 200})
    assert result["arp_interval"].value == 0 and "not created" in result["arp_interval"].origin
    assert result["miimon"].value == 100 and result["updelay"].value == 200
    assert values(LAYER_INITSCRIPTS, mode="active-backup", miimon=100, arp_interval=1000)["miimon"] == 0


def test_wicked_refuses_a_bond_without_monitoring_in_every_mode() -> None:
    """wicked's own validation runs before the kernel sees the bond (domain review)."""
    for mode in ("active-backup", "802.3ad", "balance-alb"):
        result = resolve("wicked", {"mode": mode})
        assert result["miimon"].value == 0 and "not created" in result["miimon"].origin
    assert values("wicked", mode="802.3ad", miimon=100)["miimon"] == 100
    assert values("initscripts", mode="802.3ad")["miimon"] == 100  # the kernel forces it there


def test_cumulus_writes_its_policy_defaults_for_what_the_file_leaves_out() -> None:
    effective = resolve(LAYER_CUMULUS, {})
    assert (effective["mode"].value, effective["miimon"].value, effective["lacp_rate"].value) == (
        "802.3ad",
        100,
        "fast",
    )
    assert effective["mode"].origin == "not set: ifupdown2/Cumulus Linux writes mode=802.3ad"
    written = resolve(LAYER_CUMULUS, {"mode": "balance-xor", "miimon": 50, "lacp_rate": "slow"})
    assert (written["mode"].value, written["miimon"].value, written["lacp_rate"].value) == ("balance-xor", 50, "slow")
    # ARP monitoring written: no miimon default on top of it.
    assert resolve(LAYER_CUMULUS, {"mode": "active-backup", "arp_interval": 1000})["miimon"].value == 0


# --- option values by name and by number (drivers/net/bonding/bond_options.c tables) ------

# Every entry of the kernel's named tables: (option, name, number).  Read from bond_opts[]
# and its *_tbl arrays in bond_options.c (mainline, 2025); the numbers are the uapi
# constants of include/uapi/linux/if_bonding.h and include/net/bonding.h.
KERNEL_TABLES = [
    *[
        ("mode", name, n)
        for n, name in enumerate(
            ["balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"]
        )
    ],
    *[
        ("xmit_hash_policy", name, n)
        for n, name in enumerate(["layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"])
    ],
    ("lacp_rate", "slow", 0),
    ("lacp_rate", "fast", 1),
    ("lacp_active", "off", 0),
    ("lacp_active", "on", 1),
    ("ad_select", "stable", 0),
    ("ad_select", "bandwidth", 1),
    ("ad_select", "count", 2),
    *[
        ("arp_validate", name, n)
        for n, name in enumerate(["none", "active", "backup", "all", "filter", "filter_active", "filter_backup"])
    ],
    ("arp_all_targets", "any", 0),
    ("arp_all_targets", "all", 1),
    ("primary_reselect", "always", 0),
    ("primary_reselect", "better", 1),
    ("primary_reselect", "failure", 2),
    ("fail_over_mac", "none", 0),
    ("fail_over_mac", "active", 1),
    ("fail_over_mac", "follow", 2),
    ("coupled_control", "off", 0),
    ("coupled_control", "on", 1),
    ("broadcast_neighbor", "off", 0),
    ("broadcast_neighbor", "on", 1),
]


@pytest.mark.parametrize(("option", "name", "number"), KERNEL_TABLES)
def test_every_kernel_table_entry_by_name_number_and_sysfs_form(option: str, name: str, number: int) -> None:
    for spelled in (name, str(number), f"{name} {number}", f" {number}\n"):
        normal = normalize_option(option, spelled)
        assert (normal.value, normal.problem) == (name, None), spelled
    if option in NOT_IN_NETWORKMANAGER:  # the kernel's alone: NetworkManager drops it
        assert normalize_option(option, str(number), LAYER_NETWORKMANAGER).kind == "unknown-option"
    else:
        assert normalize_option(option, str(number), LAYER_NETWORKMANAGER).value == name  # NM's BOTH type
    # One past the table, and the name in another case, are refused.
    past = max(n for o, _, n in KERNEL_TABLES if o == option) + 1
    assert normalize_option(option, str(past)).kind == "invalid-value"
    assert normalize_option(option, name.upper()).kind == "invalid-value"


@pytest.mark.parametrize(
    ("option", "raw", "value"),
    [
        # Integer options' named table entries (off/on/minval/maxval/default).
        ("miimon", "off", 0),
        ("miimon", "maxval", 2**31 - 1),
        ("updelay", "default", 0),
        ("use_carrier", "on", 1),
        ("use_carrier", "off", 0),
        ("all_slaves_active", "on", 1),
        ("tlb_dynamic_lb", "off", 0),
        ("num_grat_arp", "default", 1),
        ("resend_igmp", "maxval", 255),
        ("packets_per_slave", "default", 1),
        ("lp_interval", "minval", 1),
        ("ad_actor_sys_prio", "default", 65535),
        ("ad_user_port_key", "maxval", 1023),
        ("arp_missed_max", "default", 2),
        ("peer_notif_delay", "maxval", 300000),
        # "default" names the table's default entry.
        ("mode", "default", "balance-rr"),
        ("lacp_active", "default", "on"),
        ("coupled_control", "default", "on"),
        ("xmit_hash_policy", "default", "layer2"),
    ],
)
def test_kernel_words_for_values(option: str, raw: str, value: object) -> None:
    assert normalize_option(option, raw) == OptionValue(value)
    assert normalize_option(option, raw, LAYER_INITSCRIPTS) == OptionValue(value)  # written to sysfs
    # NetworkManager and wicked parse digits (or a value name) themselves.
    for layer in (LAYER_NETWORKMANAGER, LAYER_WICKED):
        refused = normalize_option(option, raw, layer)
        if layer == LAYER_NETWORKMANAGER and option in NOT_IN_NETWORKMANAGER:
            assert refused.kind == "unknown-option" and "NetworkManager" in str(refused.problem)
        else:
            assert refused.kind == "invalid-value" and layer in str(refused.problem)


@pytest.mark.parametrize(
    ("option", "raw", "kind"),
    [
        ("lacp_rate", "default", "invalid-value"),  # its table flags no default
        ("peer_notif_delay", "default", "invalid-value"),  # no default entry either
        ("max_bonds", "maxval", "invalid-value"),  # a module parameter: digits only
        ("miimon", "+100", "invalid-value"),  # the kernel reads only digits and blanks
        ("miimon", "1_000", "invalid-value"),
        ("miimon", "-1", "invalid-value"),
        ("miimon", "\u0661\u0660\u0660", "invalid-value"),  # Arabic-Indic digits
        ("miimon", "2147483648", "out-of-range"),
        ("peer_notif_delay", "300001", "out-of-range"),
        ("arp_missed_max", "0", "out-of-range"),
        ("lp_interval", "0", "out-of-range"),
        ("ad_actor_sys_prio", "0", "out-of-range"),
        ("ad_actor_sys_prio", "65536", "out-of-range"),
        ("ad_user_port_key", "1024", "out-of-range"),
        ("packets_per_slave", "65536", "out-of-range"),
        ("resend_igmp", "256", "out-of-range"),
        ("use_carrier", "2", "out-of-range"),
        ("mode", "1 active-backup", "invalid-value"),  # a word first: compared as a name
        ("mode", "", "invalid-value"),
    ],
)
def test_values_the_kernel_refuses(option: str, raw: str, kind: str) -> None:
    assert normalize_option(option, raw).kind == kind


def test_integer_bounds_match_the_kernel_tables() -> None:
    for option, (low, high) in INTEGER_OPTIONS.items():
        assert normalize_option(option, str(high)).problem is None
        assert normalize_option(option, str(high + 1)).kind == "out-of-range"
        assert normalize_option(option, str(low)).problem is None
        if low:
            assert normalize_option(option, str(low - 1)).kind == "out-of-range"


# --- bonds the applying layer never creates (config/not_created_reason) -------------------

SUSE = "etc/sysconfig/network/"
RHEL = "etc/sysconfig/network-scripts/"


def definition(text: str, path: str) -> BondDefinition:
    (bond,) = [fact for fact in ifcfg.parse(text, path).facts if isinstance(fact, BondDefinition)]
    return bond


@pytest.mark.parametrize(
    ("path", "text", "words", "line"),
    [
        # wicked (client/suse/compat-suse.c try_bonding): no BONDING_MASTER=yes, no bond.
        (
            SUSE + "ifcfg-bond0",
            "STARTMODE=auto\nBONDING_SLAVE_0=eth0\nBONDING_MODULE_OPTS='mode=1 miimon=100'\n",
            "BONDING_MASTER='yes'",
            1,
        ),
        (SUSE + "ifcfg-bond0", "STARTMODE=auto\nBONDING_MASTER=1\nBONDING_SLAVE_0=eth0\n", "BONDING_MASTER='yes'", 2),
        # ... and no ports: "invalid bonding without BONDING_SLAVEs".
        (
            SUSE + "ifcfg-bond0",
            "STARTMODE=auto\nBONDING_MASTER=yes\nBONDING_MODULE_OPTS='mode=1 miimon=100'\n",
            "BONDING_SLAVEs",
            1,
        ),
        # NetworkManager's ifcfg-rh reader (nms-ifcfg-rh-reader.c).
        (RHEL + "ifcfg-bond0", "TYPE=Bond\nBONDING_OPTS='mode=1 miimon=100'\n", "mandatory DEVICE keyword missing", 1),
        (
            RHEL + "ifcfg-bond0",
            "DEVICE=bond0\nTYPE=Bonding\nBONDING_OPTS='mode=1 miimon=100'\n",
            "does not know TYPE=Bonding",
            2,
        ),
        (RHEL + "ifcfg-bond0", "DEVICE=bond0\nTYPE=Ethernet\nBONDING_MASTER=yes\n", "only allowed in TYPE=bond", 2),
        (RHEL + "ifcfg-bond0", "DEVICE=bond0\nTYPE=ethernet\nBONDING_OPTS=mode=1\n", "TYPE=ethernet profile", 2),
        (RHEL + "ifcfg-bond0", "DEVICE=bond0\nDEVICETYPE=Bond\n", "as an Ethernet profile", 2),
    ],
)
def test_not_created_reason(path: str, text: str, words: str, line: int) -> None:
    reason = not_created_reason(definition(text, path))
    assert reason is not None and words in reason[0]
    assert reason[1].line == line


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (SUSE + "ifcfg-bond0", "STARTMODE=auto\nBONDING_MASTER=On\nBONDING_SLAVE_0=eth0\n"),
        (RHEL + "ifcfg-bond0", "DEVICE=bond0\nTYPE=Bond\n"),
        (
            RHEL + "ifcfg-bond0",
            "DEVICE=bond0\nTYPE=Ethernet\nBONDING_OPTS=mode=1\n",
        ),  # NM: Ethernet + BONDING_OPTS is a bond
        (RHEL + "ifcfg-bond0", "DEVICE=bond0\nBONDING_MASTER=yes\n"),
        (RHEL + "ifcfg-bond0", "DEVICE=bond0\nBONDING_OPTS=mode=1\n"),
        # initscripts build the bond from BONDING_OPTS or from its ports, whatever TYPE says.
        (RHEL + "ifcfg-bond0", "TYPE=Bonding\nNM_CONTROLLED=no\nBONDING_OPTS=mode=1\n"),
    ],
)
def test_created(path: str, text: str) -> None:
    assert not_created_reason(definition(text, path)) is None


def bond_view(files: dict[str, str]) -> tuple[dict, object]:
    facts = [fact for path, text in files.items() for fact in ifcfg.parse(text, path).facts]
    (bond,) = [e for e in build_entities(HostFacts(name="h", facts=facts)) if e.kind == "bond"]
    return bond.view, bond


def test_view_says_wicked_does_not_create_the_bond() -> None:
    view, entity = bond_view(
        {
            SUSE + "ifcfg-bond0": (
                "STARTMODE='auto'\nBONDING_SLAVE_0='eth0'\nBONDING_MODULE_OPTS='mode=active-backup miimon=100'\n"
            )
        }
    )
    assert "BONDING_MASTER='yes'" in view["config"]["not_created_reason"]
    assert entity.locate("/config/not_created_reason") == Location(SUSE + "ifcfg-bond0", 1)
    assert view["config"]["extra"]["bonding_master"] == "no"
    ok, _ = bond_view({SUSE + "ifcfg-bond0": "STARTMODE='auto'\nBONDING_MASTER='yes'\nBONDING_SLAVE_0='eth0'\n"})
    assert "not_created_reason" not in ok["config"]


@pytest.mark.parametrize(
    ("managed", "miimon", "origin"),
    [("no", 0, "kernel default is miimon=0"), ("yes", 100, "NetworkManager applies its default miimon=100")],
)
def test_bond_from_its_ports_without_bonding_opts(managed: str, miimon: int, origin: str) -> None:
    """initscripts' ifup-eth enslaves MASTER=bond0 SLAVE=yes ports into a bond made by
    install_bonding_driver, which writes nothing when BONDING_OPTS is empty: the driver's
    defaults run (balance-rr, miimon 0).  NetworkManager supplies miimon=100."""
    view, _ = bond_view(
        {
            RHEL + "ifcfg-bond0": f"DEVICE=bond0\nTYPE=Bond\nBONDING_MASTER=yes\nONBOOT=yes\nNM_CONTROLLED={managed}\n",
            RHEL + "ifcfg-eth0": f"DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\nNM_CONTROLLED={managed}\n",
            RHEL + "ifcfg-eth1": f"DEVICE=eth1\nMASTER=bond0\nSLAVE=yes\nNM_CONTROLLED={managed}\n",
        }
    )
    assert view["config"]["options"] == {} and view["config"]["invalid_options"] == {}
    assert view["config"]["ports"] == ["eth0", "eth1"]
    assert (view["effective"]["mode"], view["effective"]["miimon"]) == ("balance-rr", miimon)
    assert origin in view["effective"]["origin"]["miimon"]
    assert "not_created_reason" not in view["config"]


def test_kernel_words_in_the_view_follow_the_layer() -> None:
    """miimon=off is the kernel's 0 (initscripts write it to sysfs); NetworkManager drops it."""
    legacy, _ = bond_view({RHEL + "ifcfg-bond0": "DEVICE=bond0\nNM_CONTROLLED=no\nBONDING_OPTS='mode=1 miimon=off'\n"})
    assert legacy["config"]["options"]["miimon"] == 0
    nm, _ = bond_view({RHEL + "ifcfg-bond0": "DEVICE=bond0\nBONDING_OPTS='mode=1 miimon=off'\n"})
    assert "miimon" in nm["config"]["invalid_options"] and nm["effective"]["miimon"] == 100
