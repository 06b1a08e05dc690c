"""The commands that take a port down and bring it back, per switch platform.

On the switch side the test shuts the switch port the host port is cabled to (what a
failing switch port or cable does to the host: its carrier goes away). Cisco IOS,
NX-OS and Arista EOS share the configuration-mode syntax; Junos disables the interface
in its candidate configuration and commits. Where no configuration of the switch was
read, the host side is the fallback: ``ip link set dev PORT down`` takes the port's
link down on the host (the bond sees carrier go away the same way).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from bondlint.failover.facts import SwitchEnd

# Platforms as the switch parsers name them (model/network.py), and their config mode.
CISCO_LIKE = {"ios": "configure terminal", "nxos": "configure terminal", "eos": "configure"}


@dataclass(frozen=True, slots=True)
class Commands:
    where: str  # "switch leaf1" / "host db01"
    down: tuple[str, ...]
    up: tuple[str, ...]


def switch_commands(end: SwitchEnd) -> Commands | None:
    """The shut and no-shut lines for ``end``'s switch port, or None when its platform is
    unknown (its configuration was not read)."""
    interface = end.interface
    if end.platform in CISCO_LIKE:
        enter = CISCO_LIKE[end.platform]
        return Commands(
            where=f"switch {end.switch}",
            down=(enter, f"interface {interface}", "shutdown", "end"),
            up=(enter, f"interface {interface}", "no shutdown", "end"),
        )
    if end.platform == "junos":
        return Commands(
            where=f"switch {end.switch}",
            down=("configure", f"set interfaces {interface} disable", "commit"),
            up=("configure", f"delete interfaces {interface} disable", "commit"),
        )
    return None


def host_commands(host: str, port: str) -> Commands:
    """Take the port's link down on the host itself (quoted for the shell)."""
    quoted = shlex.quote(port)
    return Commands(
        where=f"host {host}",
        down=(f"ip link set dev {quoted} down",),
        up=(f"ip link set dev {quoted} up",),
    )


def commands_for(host: str, port: str, end: SwitchEnd | None) -> Commands:
    """The switch's commands when its platform is known, else the host's."""
    found = switch_commands(end) if end is not None else None
    return found if found is not None else host_commands(host, port)
