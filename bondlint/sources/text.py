"""Small text helpers shared by the line-oriented parsers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from bondlint.sources.base import Diagnostic, Located, Location


def numbered_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, line)`` with 1-based numbers and CR/LF removed.

    ``str.splitlines`` is avoided on purpose: it also splits on form feeds, vertical tabs
    and Unicode separators, which would shift line numbers away from what editors show.
    """
    for number, line in enumerate(text.split("\n"), start=1):
        yield number, line.rstrip("\r")


# A VLAN device named ``<parent>.<id>`` (``bond0.100``): group 1 the parent, group 2 the
# id without leading zeros (``eth0.0042`` is VLAN 42).  ifcfg-rh, the ifupdown tools and
# the kernel's own VLAN naming all read such a name as parent and id.
DOTTED_VLAN = re.compile(r"(\S+)\.0*([0-9]{1,4})")

# Kernel bond options whose value is a list of addresses; formats disagree on the separator.
LIST_OPTIONS = frozenset({"arp_ip_target", "ns_ip6_target"})

# More diagnostics than this per file only repeat the same damage.
DIAGNOSTIC_LIMIT = 20


def looks_binary(line: str) -> bool:
    """True when ``line`` holds control characters no text configuration contains.

    U+FFFD (an undecodable byte) is not enough: a Latin-1 name in a UTF-8 read shows it.
    """
    return any(ord(char) < 32 and char != "\t" for char in line)


def add_option(options: dict[str, Located[str]], key: str, value: Located[str]) -> None:
    """Record a bond option; a repeated address-list option extends the list, others replace.

    Repetition is how sysfs-style inputs (``arp_ip_target=+a arp_ip_target=+b``) add targets.
    """
    previous = options.get(key)
    if key in LIST_OPTIONS and previous is not None and previous.value and value.value:
        value = Located(f"{previous.value},{value.value}", previous.location)
    options[key] = value


class DiagnosticLog:
    """Collects a file's diagnostics, keeping the first ``limit`` and counting the rest."""

    def __init__(self, path: str, limit: int = DIAGNOSTIC_LIMIT) -> None:
        self.path = path
        self.limit = limit
        self.items: list[Diagnostic] = []
        self.suppressed = 0

    def add(self, line: int, message: str) -> None:
        """Record ``message`` at ``line`` (1-based; 0 = the whole file)."""
        if len(self.items) < self.limit:
            self.items.append(Diagnostic(Location(self.path, line), message))
        else:
            self.suppressed += 1

    def result(self) -> list[Diagnostic]:
        """The kept diagnostics, plus one summary line when some were suppressed."""
        if not self.suppressed:
            return list(self.items)
        more = Diagnostic(Location(self.path), f"{self.suppressed} more problems in this file not shown")
        return [*self.items, more]


def present(values: Mapping[str, Located[str]], key: str) -> Located[str] | None:
    """The value of ``key`` unless it is missing or empty (both mean "not set")."""
    value = values.get(key)
    return value if value is not None and value.value else None


def bad_line_message(line: str, expected: str) -> str:
    """Why a line was skipped: binary damage, or not the ``expected`` kind of line."""
    if looks_binary(line):
        return "binary data, not text"
    return f"not {expected}: {line[:60]!r}"


# -- Located values by the hundred thousand ---------------------------------------------
#
# A frozen dataclass's generated __init__ assigns each field through object.__setattr__
# (to get past the class's own __setattr__), which makes ``Location(path, line)`` and
# ``Located(value, location)`` cost about twice what filling their two slots directly
# does.  A 10,000-port switch config holds over 100,000 values, each with its own
# ``Location`` (one per line), and building them was a quarter of its parse.  These
# build the very same objects (class, fields, equality, hash, repr, pickling) by filling
# the slots; should either class ever gain a field or a ``__post_init__``, they are the
# classes themselves again.


def _slot_setters(cls: type, names: tuple[str, ...]) -> tuple[Callable[[Any, Any], None], ...]:
    """The slots' own setters, when ``cls`` is a slotted dataclass of just ``names``."""
    fields = tuple(getattr(cls, "__dataclass_fields__", {}))
    if fields != names or getattr(cls, "__slots__", ()) != names or hasattr(cls, "__post_init__"):
        return ()
    return tuple(vars(cls)[name].__set__ for name in names)


def _fast_constructors() -> tuple[
    Callable[[str, int], Location],
    Callable[[Any, Location], Located[Any]],
    Callable[[Any, str, int], Located[Any]],
]:
    location_slots = _slot_setters(Location, ("path", "line"))
    located_slots = _slot_setters(Located, ("value", "location"))
    if not (location_slots and located_slots):
        return Location, Located, lambda value, path, line: Located(value, Location(path, line))
    new = object.__new__
    set_path, set_line = location_slots
    set_value, set_location = located_slots

    def location(path: str, line: int) -> Location:
        made: Location = new(Location)
        set_path(made, path)
        set_line(made, line)
        return made

    def located(value: Any, location: Location) -> Located[Any]:
        made: Located[Any] = new(Located)
        set_value(made, value)
        set_location(made, location)
        return made

    def located_at(value: Any, path: str, line: int) -> Located[Any]:
        where: Location = new(Location)  # location(), inlined: a value alone on its line
        set_path(where, path)
        set_line(where, line)
        made: Located[Any] = new(Located)
        set_value(made, value)
        set_location(made, where)
        return made

    return location, located, located_at


# ``Location(path, line)``, ``Located(value, location)`` and ``Located(value,
# Location(path, line))``: the same objects, built faster.
new_location, new_located, new_located_at = _fast_constructors()
