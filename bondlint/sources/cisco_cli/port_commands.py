"""Interface sub-commands that are neither switchport, channel nor MLAG statements
(description, shutdown, MTU, speed, edge ports, link-state tracking, EOS ``comment``),
and the table of every interface sub-command by its first word."""

from __future__ import annotations

from bondlint.sources.cisco_cli import channels, mlag, switchport
from bondlint.sources.cisco_cli.effects import NOTHING, Effect, Handler, drop, noted, put, put_value
from bondlint.sources.cisco_cli.platform import EOS, IOS, NXOS

_NOT_EDGE = Effect(puts=(("edge", "no"),), drops=("edge_trunk",))


def description(words: list[str], negation: str, raw: str) -> Effect:
    return drop("description") if negation else put_value("description", description_text(raw))


def description_text(raw: str) -> str:
    """What follows ``description``, verbatim to the end of the line: NX-OS keeps
    trailing blanks, so only CR goes."""
    text = raw.rstrip("\r\n")
    at = text.find("description")
    return text[at + len("description") :].lstrip()


def _shutdown(words: list[str], negation: str, raw: str) -> Effect | None:
    if len(words) != 1:
        return None  # "no shutdown lan" (NX-OS) and friends are other commands
    if negation == "default":
        return drop("shutdown")
    return put_value("shutdown", "no" if negation else "yes")


def _mtu(words: list[str], negation: str, raw: str) -> Effect | None:
    if negation:
        return drop("mtu")
    return put_value("mtu", words[1]) if len(words) > 1 else None


def _l2(words: list[str], negation: str, raw: str) -> Effect | None:
    if words[1:2] != ["mtu"]:
        return None
    if negation:
        return noted(drop("l2_mtu"), EOS, "l2 mtu")
    return noted(put_value("l2_mtu", words[2]) if len(words) > 2 else NOTHING, EOS, "l2 mtu")


def _speed(words: list[str], negation: str, raw: str) -> Effect | None:
    if negation:
        return drop("speed")
    if len(words) < 2:
        return None
    effect = put_value("speed", " ".join(words[1:]))
    return noted(effect, EOS, "speed forced") if words[1] == "forced" else effect


def _spanning_tree(words: list[str], negation: str, raw: str) -> Effect | None:
    sub = words[1] if len(words) > 1 else ""
    if sub == "portfast":
        option = words[2] if len(words) > 2 else ""
        if negation or option == "auto":
            return drop("edge", "edge_trunk")  # EOS "portfast auto" is its default: nothing said
        if option in ("", "edge", "trunk"):
            return _edge(words)
        return _NOT_EDGE if option in ("disable", "network") else None
    if sub == "port" and words[2:3] == ["type"]:
        kind = words[3] if len(words) > 3 else ""
        if negation:
            effect = drop("edge", "edge_trunk")
        elif kind == "edge":
            effect = _edge(words)
        else:
            effect = _NOT_EDGE if kind in ("network", "normal") else NOTHING
        return noted(effect, NXOS, "port type")
    return None


def _edge(words: list[str]) -> Effect:
    """An edge port; IOS ``portfast [edge] trunk`` / NX-OS ``port type edge trunk``: also
    while the port trunks (plain portfast does not, on those platforms)."""
    if words[-1] == "trunk":
        return put(("edge", "yes"), ("edge_trunk", "yes"))
    return Effect(puts=(("edge", "yes"),), drops=("edge_trunk",))


def _link_tracking(words: list[str], negation: str, raw: str) -> Effect | None:
    """Link-state tracking membership: IOS ``link state group [N] upstream|downstream``
    (group 1 when N is left out), EOS ``link tracking group NAME upstream|downstream``."""
    rest = words[1:]
    if rest[:2] == ["state", "group"]:
        platform, kind = IOS, "link state group"
        group, direction = (rest[2], rest[3:4]) if len(rest) > 3 else ("1", rest[2:3])
        if negation and len(rest) == 2:
            group = ""  # "no link state group": whatever group the port is in
    elif rest[:2] == ["tracking", "group"]:
        platform, kind = EOS, "link tracking group"
        group, direction = (rest[2], rest[3:4]) if len(rest) > 2 else ("", [])
    else:
        return None
    if negation:
        effect = Effect(untrack=group)
    elif direction in (["upstream"], ["downstream"]) and group:
        effect = put(("link_tracking", direction[0]), ("link_tracking_group", group))
    else:
        effect = NOTHING
    return noted(effect, platform, kind)


def _eos_comment(words: list[str], negation: str, raw: str) -> Effect | None:
    if len(words) == 1 and not negation:
        return Effect(skip=("EOF", False, "EOS 'comment' block"))
    return None


INTERFACE_COMMANDS: dict[str, Handler] = {
    "description": description,
    "shutdown": _shutdown,
    "switchport": switchport.switchport,
    "mtu": _mtu,
    "l2": _l2,
    "channel-group": channels.channel_group,
    "lacp": channels.lacp,
    "spanning-tree": _spanning_tree,
    "vpc": mlag.vpc,
    "mlag": mlag.mlag,
    "port-channel": channels.port_channel,
    "speed": _speed,
    "link": _link_tracking,
    "comment": _eos_comment,
}
