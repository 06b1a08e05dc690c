"""The bonding driver's option vocabulary, shared by every capture format.

Files spell values as the kernel accepts them: by name (``active-backup``), by number
(``1``) or, in sysfs, both (``active-backup 1``).  ``normalize_option`` turns any of these
into one canonical value so a rule never needs to know which file a value came from.
Values the kernel would refuse are kept as written and reported as invalid.
Source: Documentation/networking/bonding.rst and bond_options.c (see
../shared/reference/bonding-rules.md §1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bondlint.sources.base import LAYER_CUMULUS, LAYER_IFUPDOWN2

MODES: tuple[str, ...] = (
    "balance-rr",
    "active-backup",
    "balance-xor",
    "broadcast",
    "802.3ad",
    "balance-tlb",
    "balance-alb",
)

# Option name -> allowed names in kernel index order (the number is the index).
ENUM_OPTIONS: dict[str, tuple[str, ...]] = {
    "mode": MODES,
    "xmit_hash_policy": ("layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"),
    "lacp_rate": ("slow", "fast"),
    "lacp_active": ("off", "on"),
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

LIST_OPTIONS = frozenset({"arp_ip_target", "ns_ip6_target"})
TEXT_OPTIONS = frozenset({"primary", "active_slave", "ad_actor_system"})

KNOWN_OPTIONS = frozenset(ENUM_OPTIONS) | frozenset(INTEGER_OPTIONS) | LIST_OPTIONS | TEXT_OPTIONS

_SPLIT_LIST = re.compile(r"[\s,]+")


@dataclass(frozen=True, slots=True)
class OptionValue:
    """A normalised option value; ``problem`` says why the raw text is not valid and
    ``kind`` what sort of problem it is (unknown-option, invalid-value, out-of-range)."""

    value: object
    problem: str | None = None
    kind: str | None = None


def normalize_option(name: str, raw: str) -> OptionValue:
    """Canonical value of one bonding option written as ``raw`` (any format's spelling)."""
    text = raw.strip().strip("'\"").strip()
    if name in ENUM_OPTIONS:
        return _normalize_enum(name, text)
    if name in INTEGER_OPTIONS:
        return _normalize_integer(name, text)
    if name in LIST_OPTIONS:
        items = [item.lstrip("+") for item in _SPLIT_LIST.split(text) if item.lstrip("+")]
        return OptionValue(items)
    if name in KNOWN_OPTIONS:
        return OptionValue(text)
    return OptionValue(text, f"unknown bonding option '{name}'", "unknown-option")


def _normalize_enum(name: str, text: str) -> OptionValue:
    names = ENUM_OPTIONS[name]
    # sysfs prints "active-backup 1"; the name alone decides.
    # Case matters: the kernel and NetworkManager compare option names exactly.
    word = text.split()[0] if text.split() else ""
    if word in names:
        return OptionValue(word)
    if word.isdigit() and int(word) < len(names):
        return OptionValue(names[int(word)])
    allowed = ", ".join(names)
    return OptionValue(text, f"'{text}' is not a valid value for {name} (allowed: {allowed})", "invalid-value")


def _normalize_integer(name: str, text: str) -> OptionValue:
    low, high = INTEGER_OPTIONS[name]
    try:
        number = int(text, 10)
    except ValueError:
        return OptionValue(text, f"'{text}' is not a whole number; {name} takes {low}-{high}", "invalid-value")
    if not low <= number <= high:
        return OptionValue(number, f"{name}={number} is out of range ({low}-{high})", "out-of-range")
    return OptionValue(number)


def normalize_mode(raw: str) -> str | None:
    """Canonical mode name, or None when ``raw`` names no mode."""
    result = _normalize_enum("mode", raw.strip())
    return None if result.problem else str(result.value)


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
