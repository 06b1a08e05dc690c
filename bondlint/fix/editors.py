"""Which formats a fix edits, and the editor of each: a bond's own definition file only.

Captures (``/proc``, sysfs, ``ip``, ``nmcli`` output, anything inside a sosreport) are
what a system reported, not what it reads: they are never edited; the commands that make
the change on the system are printed instead (``commands_for``).
"""

from __future__ import annotations

from dataclasses import dataclass

from bondlint.fix.changes import CannotEdit, Change
from bondlint.fix.ini import KEYFILE, NETWORKD, edit_ini
from bondlint.fix.words import edit_ifcfg, edit_ifupdown, edit_modprobe
from bondlint.fix.yaml_edit import edit_netplan, edit_nmstate

EDITABLE = frozenset({"nm-keyfile", "ifcfg", "netplan", "networkd", "ifupdown", "nmstate", "modprobe"})


@dataclass(frozen=True, slots=True)
class Target:
    """The file a fix edits: its path as shown, its format, the bond, who applies it,
    and the line of the bond's definition in it (an ifupdown stanza), when known."""

    path: str
    format: str
    bond: str
    applied_by: str
    line: int | None = None


def edit(text: str, target: Target, changes: list[Change]) -> str:
    """``text`` with ``changes`` made in the bond's own syntax; ``CannotEdit`` says why not."""
    fmt = target.format
    if fmt == "nm-keyfile":
        return edit_ini(text, changes, KEYFILE)
    if fmt == "networkd":
        if not target.path.endswith(".netdev"):
            raise CannotEdit("bond options live in the .netdev file, not in a .network file")
        return edit_ini(text, changes, NETWORKD)
    if fmt == "ifcfg":
        return edit_ifcfg(text, changes, wicked=target.applied_by == "wicked")
    if fmt == "modprobe":
        return edit_modprobe(text, changes)
    if fmt == "ifupdown":
        return edit_ifupdown(text, target.bond, changes, target.line)
    if fmt == "netplan":
        return edit_netplan(text, target.bond, changes)
    if fmt == "nmstate":
        return edit_nmstate(text, target.bond, changes)
    raise CannotEdit(f"{fmt} is a capture, not a file the system reads: it is never edited")


def commands_for(bond: str, profile: str | None, applied_by: str | None, changes: list[Change]) -> list[str]:
    """The commands that make ``changes`` on the system a capture came from:
    ``nmcli`` for a NetworkManager profile (each option with ``+``/``-``, so the
    options not named are kept), else the bond's sysfs files (until the next reboot)."""
    if applied_by is not None and "NetworkManager" in applied_by and profile:
        name = _shell_word(profile)
        parts = []
        for change in changes:
            if change.operation == "remove":
                parts.append(f'-bond.options "{change.option}"')
            else:
                parts.append(f'+bond.options "{change.option}={change.text()}"')
        return [f"nmcli connection modify {name} {' '.join(parts)} && nmcli connection up {name}"]
    # The running bond until its next start; an option to remove has no one value that
    # undoes it in sysfs (its default depends on the mode): none is printed.
    device = _shell_word(bond)
    return [
        f"echo {_shell_word(change.text())} > /sys/class/net/{device}/bonding/{change.option}"
        for change in changes
        if change.operation != "remove"
    ]


def _shell_word(text: str) -> str:
    import shlex

    return shlex.quote(text)
