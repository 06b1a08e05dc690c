"""Port-channel membership and LACP: ``channel-group N mode …``, ``lacp rate``/``timer``,
``lacp suspend-individual``, ``lacp system-id`` and EOS ``port-channel lacp fallback``."""

from __future__ import annotations

from bondlint.sources.cisco_cli.effects import NOTHING, Effect, drop, noted, put, put_value
from bondlint.sources.cisco_cli.platform import EOS, IOS
from bondlint.sources.vlan_list import is_number

_CHANNEL_MODES = frozenset({"active", "passive", "on", "auto", "desirable"})


def channel_group(words: list[str], negation: str, raw: str) -> Effect | None:
    if negation:
        return drop("channel_group", "channel_mode")
    if len(words) < 2 or not is_number(words[1]):
        return None
    group = ("channel_group", f"Port-channel{words[1]}")
    mode = words[words.index("mode") + 1] if "mode" in words[:-1] else ""
    if mode not in _CHANNEL_MODES:
        # A bare "channel-group N" (NX-OS static) or "… force": no mode, so a mode an
        # earlier line gave no longer holds.
        return Effect(puts=(group,), drops=("channel_mode",))
    effect = put(group, ("channel_mode", mode))
    return noted(effect, IOS, "PAgP") if mode in ("auto", "desirable") else effect


def lacp(words: list[str], negation: str, raw: str) -> Effect | None:
    sub = words[1] if len(words) > 1 else ""
    if sub in ("rate", "timer"):
        effect = _lacp_rate(words, negation)
        return noted(effect, EOS, "lacp timer") if sub == "timer" else effect
    if sub == "suspend-individual":
        if negation == "default":
            return drop("lacp_suspend_individual")
        return put_value("lacp_suspend_individual", "no" if negation else "yes")
    if sub == "system-id":
        if negation:
            return drop("lacp_system_id")
        return put_value("lacp_system_id", words[2]) if len(words) > 2 else None
    return None


def _lacp_rate(words: list[str], negation: str) -> Effect:
    if negation:
        return drop("lacp_rate")
    if len(words) > 2 and words[2] in ("fast", "normal"):
        return put_value("lacp_rate", words[2])
    return NOTHING


def port_channel(words: list[str], negation: str, raw: str) -> Effect | None:
    """EOS ``port-channel lacp fallback [individual|static]``."""
    if words[1:3] != ["lacp", "fallback"]:
        return None
    option = words[3] if len(words) > 3 else ""
    if negation and not option:
        effect = drop("lacp_fallback")
    elif option in ("individual", "static"):
        effect = drop("lacp_fallback") if negation else put_value("lacp_fallback", option)
    else:
        effect = NOTHING
    return noted(effect, EOS, "lacp fallback")
