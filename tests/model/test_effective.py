"""Each layer's documented defaults (../shared/reference/bonding-rules.md §0.2)."""

from __future__ import annotations

import pytest

from bondlint.model.effective import resolve
from bondlint.model.options import normalize_mode, normalize_option
from bondlint.sources.base import LAYER_CUMULUS, LAYER_INITSCRIPTS, LAYER_NETWORKD, LAYER_NETWORKMANAGER


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


def test_normalize_mode() -> None:
    assert normalize_mode("4") == "802.3ad"
    assert normalize_mode("7") is None


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
    assert (effective["mode"].value, effective["miimon"].value, effective["lacp_rate"].value) == ("802.3ad", 100, "fast")
    assert effective["mode"].origin == "not set: ifupdown2/Cumulus Linux writes mode=802.3ad"
    written = resolve(LAYER_CUMULUS, {"mode": "balance-xor", "miimon": 50, "lacp_rate": "slow"})
    assert (written["mode"].value, written["miimon"].value, written["lacp_rate"].value) == ("balance-xor", 50, "slow")
    # ARP monitoring written: no miimon default on top of it.
    assert resolve(LAYER_CUMULUS, {"mode": "active-backup", "arp_interval": 1000})["miimon"].value == 0
