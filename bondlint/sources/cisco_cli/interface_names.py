"""Interface names as ``interface`` lines write them: lists and ranges expanded
(``interface range Gi1/0/1 - 24, Gi1/0/30``, EOS ``interface Ethernet1-4,7``, IOS
``define interface-range`` macros) and every name in netutils' canonical long form
(``Gi1/0/1`` -> ``GigabitEthernet1/0/1``), computed once per interface type."""

from __future__ import annotations

import re
from collections.abc import Callable

from bondlint.sources.cisco_cli.platform import Evidence

# What netutils' split_interface strips to find the type (``heads``' keys): digits and
# separators.
NUMBER_CHARS = "/\\0123456789.: "
_INTERFACE_RANGE = re.compile(r"(.*?)([0-9]+)-([0-9]+)")
_MAX_RANGE = 4096  # more ports than any chassis: a typo, not a range
_MAX_HEADER = 512


def is_range(name: str) -> bool:
    """A dash right after a digit (``Ethernet1/6-7``); ``Port-channel10`` has none."""
    dash = name.rfind("-")
    return dash > 0 and name[dash - 1].isdigit()


def expand(spec: str, macros: dict[str, str]) -> tuple[list[str], str]:
    """The interfaces an ``interface`` line names, ranges and lists expanded, as written;
    or no name and why."""
    if not spec:
        return [], "'interface' without a name (truncated line?)"
    if len(spec) > _MAX_HEADER:
        return [], f"interface line too long to be one: {spec[:40]!r}…"
    if spec.startswith("range "):
        spec = spec[6:].strip()
        if spec.startswith("macro "):
            macro = spec[6:].strip()
            if macro not in macros:
                return [], f"interface-range macro {macro!r} is not defined"
            spec = macros[macro]
    names: list[str] = []
    prefix = ""
    for piece in spec.split(","):
        name = _join_name(piece)
        if not name:
            return [], f"unreadable interface list {spec[:60]!r}"
        if name[0].isdigit():
            if not prefix:
                return [], f"interface {name!r} has no type"
            name = prefix + name  # EOS "Ethernet1-4,7": 7 is an Ethernet too
        else:
            prefix = _type_prefix(name)
        expanded = _range(name)
        if not expanded:
            return [], f"unreadable interface range {name!r}"
        names.extend(expanded)
    return names, ""


def _range(name: str) -> list[str]:
    """``Ethernet1/6-7`` -> both ports; a name without a range -> itself; a range too
    long for any chassis -> nothing."""
    match = _INTERFACE_RANGE.fullmatch(name) if "-" in name else None
    if match is None or not match[1] or match[1][-1] == "-":
        return [name]
    start, end = int(match[2]), int(match[3])
    if not start <= end <= start + _MAX_RANGE:
        return []
    return [f"{match[1]}{index}" for index in range(start, end + 1)]


def _join_name(piece: str) -> str:
    """``GigabitEthernet 1/3`` -> ``GigabitEthernet1/3``; drops a trailing keyword
    (``Serial0/0.1 point-to-point``); ``Gi1/0/1 - 24`` -> ``Gi1/0/1-24``."""
    words = piece.split()
    if not words:
        return ""
    name = words[0]
    for word in words[1:]:
        if name[-1].isdigit() and word[0].isalpha():
            break
        name += word
    return name


def _type_prefix(name: str) -> str:
    """What comes before the first digit: ``Ethernet`` of ``Ethernet1/6-7``."""
    for index, char in enumerate(name):
        if char.isdigit():
            return name[:index]
    return name


class CanonicalNames:
    """Canonical long names, through netutils once per interface type as written; the
    types seen are platform evidence."""

    __slots__ = ("_canonical_name", "_evidence", "_folded", "heads")

    def __init__(self, evidence: Evidence) -> None:
        self.heads: dict[str, str] = {}  # interface type as written -> canonical type
        self._evidence = evidence
        self._canonical_name: Callable[[str], str] | None = None
        self._folded: dict[str, str] = {}

    def learn(self, name: str, head: str, number: int) -> str:
        """netutils' long form of a type not seen yet (``heads`` has those seen), kept;
        netutils is imported on the first name (~60 ms)."""
        if self._canonical_name is None:
            from netutils.constants import BASE_INTERFACES
            from netutils.interface import canonical_interface_name

            self._canonical_name = canonical_interface_name
            self._folded = {long.lower(): long for long in BASE_INTERFACES.values()}
        tail = name[len(head) :]
        full = self._canonical_name(name)  # only raises with verify=True
        long_head = full[: len(full) - len(tail)] if full.endswith(tail) else head
        if long_head == head:
            long_head = self._folded.get(head.lower(), head)  # "ethernet" -> "Ethernet"
        if long_head == "VLAN":
            long_head = "Vlan"  # all three platforms print "Vlan10"; netutils says "VLAN"
        self._evidence.interface_type(head, long_head, number)
        self.heads[head] = long_head
        return long_head
