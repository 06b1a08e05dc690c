"""The bonding driver's option vocabulary, shared by every capture format.

Files spell values as the kernel accepts them: by name (``active-backup``), by number
(``1``) or, in sysfs, both (``active-backup 1``).  ``normalize_option`` turns any of these
into one canonical value so a rule never needs to know which file a value came from.
Values the kernel would refuse are kept as written and reported as invalid.  The kernel
also takes its tables' own words ("off", "on", "maxval", "default" …); NetworkManager and
wicked check values themselves and refuse those (``normalize_option``'s ``layer``).
Source: Documentation/networking/bonding.rst and bond_options.c (see
../shared/reference/bonding-rules.md §1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bondlint.sources.base import (
    LAYER_CUMULUS,
    LAYER_IFUPDOWN2,
    LAYER_NETPLAN_NM,
    LAYER_NETWORKMANAGER,
    LAYER_WICKED,
)

MODES: tuple[str, ...] = (
    "balance-rr",
    "active-backup",
    "balance-xor",
    "broadcast",
    "802.3ad",
    "balance-tlb",
    "balance-alb",
)

_OFF_ON = ("off", "on")

# Option name -> allowed names in kernel order; each name's number is its index (the
# kernel's tables in bond_options.c number these 0, 1, 2 … in this order).  The value
# stays the name.
ENUM_OPTIONS: dict[str, tuple[str, ...]] = {
    "mode": MODES,
    # vlan+srcmac was added in 2021 (BOND_XMIT_POLICY_VLAN_SRCMAC = 5); older kernels refuse it.
    "xmit_hash_policy": ("layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"),
    "lacp_rate": ("slow", "fast"),
    "lacp_active": _OFF_ON,  # commit 3a755cd8 (Aug 2021, Linux 5.15)
    "ad_select": ("stable", "bandwidth", "count"),
    "arp_validate": (
        "none",
        "active",
        "backup",
        "all",
        "filter",
        "filter_active",
        "filter_backup",
    ),
    "arp_all_targets": ("any", "all"),
    "primary_reselect": ("always", "better", "failure"),
    "fail_over_mac": ("none", "active", "follow"),
    "coupled_control": _OFF_ON,  # commit 240fd405 (2024), netlink only; 802.3ad
    "broadcast_neighbor": _OFF_ON,  # 2025 net-next series; 802.3ad
}

# The name the kernel takes for the word "default" (its table's BOND_VALFLAG_DEFAULT
# entry).  lacp_rate's table has no default entry: "lacp_rate=default" is refused.
ENUM_DEFAULTS: dict[str, str] = {
    "mode": "balance-rr",
    "xmit_hash_policy": "layer2",
    "lacp_active": "on",
    "ad_select": "stable",
    "arp_validate": "none",
    "arp_all_targets": "any",
    "primary_reselect": "always",
    "fail_over_mac": "none",
    "coupled_control": "on",
    "broadcast_neighbor": "off",
}

# Option name -> (minimum, maximum) inclusive, for integer options.
INTEGER_OPTIONS: dict[str, tuple[int, int]] = {
    "miimon": (0, 2**31 - 1),
    "arp_interval": (0, 2**31 - 1),
    "updelay": (0, 2**31 - 1),
    "downdelay": (0, 2**31 - 1),
    "peer_notif_delay": (0, 300000),
    "arp_missed_max": (1, 255),  # 0 is refused by the kernel; NetworkManager reads it as "default"
    "min_links": (0, 2**31 - 1),
    "num_grat_arp": (0, 255),
    "num_unsol_na": (0, 255),
    "resend_igmp": (0, 255),
    "packets_per_slave": (0, 65535),
    "lp_interval": (1, 2**31 - 1),
    "ad_actor_sys_prio": (1, 65535),
    "ad_user_port_key": (0, 1023),
    "tlb_dynamic_lb": (0, 1),
    "all_slaves_active": (0, 1),
    "use_carrier": (0, 1),
    "max_bonds": (0, 2**31 - 1),
    "tx_queues": (1, 255),
    "balance-slb": (0, 1),
}

_INT_MAX = 2**31 - 1
_INTMAX_NAMES = {"off": 0, "maxval": _INT_MAX, "default": 0}
_PEER_NOTIF_NAMES = {"off": 0, "maxval": 255, "default": 1}
# Words the kernel's value tables accept for integer options, and the number each means
# (bond_options.c: "off", "on", "minval", "maxval", and "default" where the table flags
# one entry as the default).  Module-only parameters (max_bonds, tx_queues) and
# NetworkManager's balance-slb take digits only.
INTEGER_NAMES: dict[str, dict[str, int]] = {
    "miimon": _INTMAX_NAMES,
    "arp_interval": _INTMAX_NAMES,
    "updelay": _INTMAX_NAMES,
    "downdelay": _INTMAX_NAMES,
    "min_links": _INTMAX_NAMES,
    "peer_notif_delay": {"off": 0, "maxval": 300000},
    "arp_missed_max": {"minval": 1, "maxval": 255, "default": 2},
    "num_grat_arp": _PEER_NOTIF_NAMES,
    "num_unsol_na": _PEER_NOTIF_NAMES,
    "resend_igmp": _PEER_NOTIF_NAMES,
    "packets_per_slave": {"default": 1, "maxval": 65535},
    "lp_interval": {"minval": 1, "maxval": _INT_MAX, "default": 1},
    "ad_actor_sys_prio": {"minval": 1, "maxval": 65535, "default": 65535},
    "ad_user_port_key": {"minval": 0, "maxval": 1023, "default": 0},
    "tlb_dynamic_lb": {"off": 0, "on": 1, "default": 1},
    "all_slaves_active": {"off": 0, "on": 1, "default": 0},
    "use_carrier": {"off": 0, "on": 1, "default": 1},
}

# Layers that check a value themselves before the kernel sees it, and take only digits
# for integer options and a table name or its number for the others: NetworkManager
# (nm-setting-bond.c option meta: INT and BOTH types) and wicked (ni_bonding_set_option:
# ni_parse_uint, ni_parse_uint_maybe_mapped).  The kernel's own words ("off", "maxval",
# "default" …) are refused there; layers that write sysfs or module parameters pass them on.
KERNEL_WORDS_REFUSED_BY = frozenset({LAYER_NETWORKMANAGER, LAYER_NETPLAN_NM, LAYER_WICKED})

# Kernel options NetworkManager's option table (nm-setting-bond.c, up to 1.59) lacks: a
# keyfile or nmcli profile that sets one loses it with a warning. max_bonds and tx_queues
# are module parameters only.
NOT_IN_NETWORKMANAGER = frozenset({"coupled_control", "broadcast_neighbor", "max_bonds", "tx_queues"})
LIST_OPTIONS = frozenset({"arp_ip_target", "ns_ip6_target"})
TEXT_OPTIONS = frozenset({"primary", "active_slave", "ad_actor_system"})

KNOWN_OPTIONS = frozenset(ENUM_OPTIONS) | frozenset(INTEGER_OPTIONS) | LIST_OPTIONS | TEXT_OPTIONS

_SPLIT_LIST = re.compile(r"[\s,]+")
# The kernel reads a value as a number when it holds only digits and blanks (the first
# number counts: group 1), else it compares its first word with the table's names.
_NUMERIC = re.compile(r"([0-9]+)[0-9 \t\n\r\f\v]*")


@dataclass(frozen=True, slots=True)
class OptionValue:
    """A normalised option value; ``problem`` says why the raw text is not valid and
    ``kind`` what sort of problem it is (unknown-option, invalid-value, out-of-range)."""

    value: object
    problem: str | None = None
    kind: str | None = None


def normalize_option(name: str, raw: str, layer: str | None = None) -> OptionValue:
    """Canonical value of one bonding option written as ``raw`` (any format's spelling).

    ``layer`` is the tool that applies the value (None: the kernel itself); a layer in
    KERNEL_WORDS_REFUSED_BY refuses the kernel's extra words.
    """
    text = raw.strip().strip("'\"").strip()
    if layer in (LAYER_NETWORKMANAGER, LAYER_NETPLAN_NM) and name in NOT_IN_NETWORKMANAGER:
        return OptionValue(
            text,
            f"NetworkManager's bond option table has no '{name}' (the kernel's alone): it drops the option",
            "unknown-option",
        )
    words = layer not in KERNEL_WORDS_REFUSED_BY
    if name in ENUM_OPTIONS:
        return _normalize_enum(name, text, words, layer)
    if name in INTEGER_OPTIONS:
        return _normalize_integer(name, text, words, layer)
    if name in LIST_OPTIONS:
        items = [item.lstrip("+") for item in _SPLIT_LIST.split(text) if item.lstrip("+")]
        return OptionValue(items)
    if name in KNOWN_OPTIONS:
        return OptionValue(text)
    return OptionValue(text, f"unknown bonding option '{name}'", "unknown-option")


def _normalize_enum(name: str, text: str, words: bool = True, layer: str | None = None) -> OptionValue:
    """A name, its number, or "default" (bond_opt_parse); sysfs prints "active-backup 1",
    where the name decides.  Case matters: the kernel and NetworkManager compare names
    exactly."""
    names = ENUM_OPTIONS[name]
    if (numeric := _NUMERIC.fullmatch(text)) is not None:
        number = int(numeric[1])
        if number < len(names):
            return OptionValue(names[number])
    elif text:
        word = text.split()[0]
        if word in names:
            return OptionValue(word)
        if word == "default" and name in ENUM_DEFAULTS:
            if not words:
                return _kernel_word(name, text, layer)
            return OptionValue(ENUM_DEFAULTS[name])
    allowed = ", ".join(f"{value} ({number})" for number, value in enumerate(names))
    return OptionValue(text, f"'{text}' is not a valid value for {name} (allowed: {allowed})", "invalid-value")


def _normalize_integer(name: str, text: str, words: bool = True, layer: str | None = None) -> OptionValue:
    low, high = INTEGER_OPTIONS[name]
    names = INTEGER_NAMES.get(name, {})
    if (numeric := _NUMERIC.fullmatch(text)) is not None:
        number = int(numeric[1])
    elif text and text.split()[0] in names:
        if not words:
            return _kernel_word(name, text, layer)
        return OptionValue(names[text.split()[0]])
    else:
        spelled = f" or one of {', '.join(names)}" if names and words else ""
        return OptionValue(text, f"'{text}' is not a whole number; {name} takes {low}-{high}{spelled}", "invalid-value")
    if not low <= number <= high:
        return OptionValue(number, f"{name}={number} is out of range ({low}-{high})", "out-of-range")
    return OptionValue(number)


def _kernel_word(name: str, text: str, layer: str | None) -> OptionValue:
    problem = (
        f"'{text}' is a word only the kernel takes for {name}; {layer} refuses it (it takes digits or a value name)"
    )
    return OptionValue(text, problem, "invalid-value")


# Options NetworkManager accepts as 0 meaning "leave the kernel's default" (it writes
# nothing), although the kernel itself refuses 0 (bonding-rules.md §1).
NM_ZERO_IS_DEFAULT = frozenset({"arp_missed_max"})

# Words a layer turns into the kernel's value before it writes the option (layer ->
# option -> written word -> value): ifupdown2 takes bond-use-carrier yes/no and writes 1/0.
_IFUPDOWN2_WORDS = {"use_carrier": {"yes": "1", "no": "0"}}
LAYER_VALUE_ALIASES: dict[str, dict[str, dict[str, str]]] = {
    LAYER_IFUPDOWN2: _IFUPDOWN2_WORDS,
    LAYER_CUMULUS: _IFUPDOWN2_WORDS,
}


def kernel_default(option: str) -> Any:
    """The value the bonding driver gives ``option`` when nothing sets it (its value
    table's default entry; ``lacp_rate``'s table has none: slow), or None when unknown."""
    if option == "lacp_rate":
        return "slow"
    if option in ENUM_DEFAULTS:
        return ENUM_DEFAULTS[option]
    return INTEGER_NAMES.get(option, {}).get("default")
