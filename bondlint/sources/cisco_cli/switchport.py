"""``switchport`` statements: the port's mode, access VLAN, native VLAN and trunk
allowed-VLAN list (every ``add``/``remove``/``except`` line folded into one list)."""

from __future__ import annotations

from bondlint.sources import vlan_list
from bondlint.sources.cisco_cli.effects import NOTHING, AllowedChange, Effect, drop, noted, put_value
from bondlint.sources.cisco_cli.platform import EOS, IOS
from bondlint.sources.vlan_list import Intervals


def switchport(words: list[str], negation: str, raw: str) -> Effect | None:
    if len(words) == 1:
        if negation == "default":
            return drop("switchport")
        return put_value("switchport", "no" if negation else "yes")
    sub = words[1]
    if sub == "mode":
        return _mode(words, negation)
    if sub == "access":
        return _access_vlan(words, negation)
    if sub == "trunk" and len(words) > 3 and words[3] == "vlan":
        return _trunk_vlan(words, negation)
    if sub == "nonnegotiate" or words[1:3] == ["trunk", "encapsulation"]:
        return noted(NOTHING, IOS, "switchport " + sub)
    if words[1:3] == ["trunk", "group"]:
        return noted(NOTHING, EOS, "trunk group")
    return None


def _mode(words: list[str], negation: str) -> Effect | None:
    if negation:
        return drop("mode")
    return put_value("mode", _mode_name(words[2:])) if len(words) > 2 else None


def _mode_name(words: list[str]) -> str:
    """``trunk`` / ``dynamic desirable`` / ``trunk phone`` / ``monitor`` (options dropped)."""
    if len(words) > 1 and (words[0] in ("dynamic", "private-vlan") or (words[0] == "trunk" and words[1] == "phone")):
        return f"{words[0]} {words[1]}"
    return words[0]


def _access_vlan(words: list[str], negation: str) -> Effect | None:
    if words[2:3] != ["vlan"]:
        return None
    if negation:
        return drop("access_vlan")
    return put_value("access_vlan", words[3]) if len(words) > 3 else None


def _trunk_vlan(words: list[str], negation: str) -> Effect | None:
    """``switchport trunk allowed vlan …`` / ``switchport trunk native vlan N``."""
    if words[2] == "allowed":
        return _allowed(words[4:], negation)
    if words[2] != "native":
        return None
    if negation:
        return drop("native_vlan")
    return put_value("native_vlan", words[4]) if len(words) > 4 else None


def _allowed(words: list[str], negation: str) -> Effect:
    """``switchport trunk allowed vlan [add|remove|except] LIST``; ``no …``: back to the
    default, all VLANs."""
    if negation:
        return Effect(allowed=AllowedChange("set", vlan_list.ALL))
    operation = words[0] if words else ""
    if operation in ("add", "remove", "except"):
        words = words[1:]
    else:
        operation = "set"
    vlans = vlan_list.parse(" ".join(words)) if words else None
    if vlans is None:
        return Effect(problem=f"unreadable VLAN list {' '.join(words)[:60]!r}; line ignored")
    return Effect(allowed=AllowedChange(operation, vlans))


def change_allowed(allowed: Intervals | None, change: AllowedChange) -> Intervals:
    """A port's allowed list (None: not written yet, all VLANs) after ``change``."""
    base = allowed if allowed is not None else vlan_list.ALL
    if change.operation == "add":
        return vlan_list.union(base, change.vlans)
    if change.operation == "remove":
        return vlan_list.subtract(base, change.vlans)
    if change.operation == "except":
        return vlan_list.subtract(vlan_list.ALL, change.vlans)
    return change.vlans
