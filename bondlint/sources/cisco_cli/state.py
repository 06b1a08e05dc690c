"""What the reader knows while it reads: the ports and the open stanza, the switch-wide
settings, platform evidence, a block being skipped; and the facts it all makes."""

from __future__ import annotations

from collections.abc import Callable

from bondlint.sources.base import Fact, Located, Location, ParseResult, SwitchConfig, SwitchInterface
from bondlint.sources.cisco_cli.capture import NAME_FROM_HOSTNAME, NAME_FROM_PROMPT, name_from_path
from bondlint.sources.cisco_cli.effects import AllowedChange, Effect
from bondlint.sources.cisco_cli.interface_names import CanonicalNames
from bondlint.sources.cisco_cli.platform import STRONG, Evidence
from bondlint.sources.cisco_cli.switchport import change_allowed
from bondlint.sources.text import DiagnosticLog, new_located, new_location
from bondlint.sources.vlan_list import Intervals, render

FORMAT = "cisco-cli"

# Stanza contexts: where a line stands.
TOP, INTERFACE, MLAG, OTHER = 0, 1, 2, 3


class Port:
    """One interface being read; ``allowed`` is folded into ``values`` at the end."""

    __slots__ = ("allowed", "allowed_at", "location", "name", "values")

    def __init__(self, name: Located[str], location: Location) -> None:
        self.name = name
        self.location = location
        self.values: dict[str, Located[str]] = {}
        self.allowed: Intervals | None = None
        self.allowed_at: Location | None = None


class State:
    def __init__(self, path: str) -> None:
        self.path = path
        self.log = DiagnosticLog(path)
        self.ports: dict[str, Port] = {}
        self.current: list[Port] = []  # the ports of the open interface stanza (one list, refilled)
        self.context = TOP
        self.hostname: Located[str] | None = None
        self.prompt: Located[str] | None = None  # the first device prompt's name
        self.settings: dict[str, Located[str]] = {}
        self.evidence = Evidence()
        self.names = CanonicalNames(self.evidence)
        self.recognised = False
        self.skip_until = ""  # a banner / comment / macro terminator being looked for
        self.skip_anywhere = False  # the terminator may sit inside a line (banners)
        self.skip_from = 0
        self.skip_what = ""
        self.macros: dict[str, str] = {}  # IOS "define interface-range" macros
        self._location_line = 0
        self._location = Location(path, 0)

    def here(self, number: int) -> Location:
        """One shared ``Location`` per line (a range line serves many interfaces)."""
        if self._location_line != number:
            self._location = new_location(self.path, number)
            self._location_line = number
        return self._location

    def note_platform(self, platform: str, kind: str, weight: int, number: int) -> None:
        """Record evidence that ``platform`` wrote the file (each kind counts once)."""
        self.evidence.note(platform, kind, weight, number)

    def setting(self, key: str, value: str, number: int) -> None:
        """A switch-wide value for the ``SwitchConfig``."""
        self.recognised = True
        self.settings[key] = Located(value, self.here(number))

    def skip_to(self, until: str, anywhere: bool, number: int, what: str) -> None:
        """Ignore lines up to ``until`` (a whole line, or ``anywhere`` in one)."""
        self.skip_until = until
        self.skip_anywhere = anywhere
        self.skip_from = number
        self.skip_what = what

    def apply(self, effect: Effect, number: int) -> None:
        """What one sub-command does to every port of the open stanza (nothing when the
        stanza's interface line named none)."""
        ports = self.current
        if not ports:
            return
        for key in effect.drops:
            for port in ports:
                port.values.pop(key, None)
        for key, text in effect.puts:
            value = new_located(text, self.here(number))
            for port in ports:
                port.values[key] = value
        for platform, kind in effect.evidence:
            self.evidence.note(platform, kind, STRONG, number)
        if effect.allowed is not None:
            self._allowed(effect.allowed, number)
        if effect.untrack is not None:
            self._untrack(effect.untrack)
        if effect.skip is not None:
            self.skip_to(*effect.skip[:2], number, effect.skip[2])
        if effect.problem:
            self.log.add(number, effect.problem)

    def _allowed(self, change: AllowedChange, number: int) -> None:
        """``switchport trunk allowed vlan …``: applied in order, per interface."""
        location = self.here(number)
        for port in self.current:
            port.allowed = change_allowed(port.allowed, change)
            port.allowed_at = location

    def _untrack(self, group: str) -> None:
        """Leave the link-state group ``group`` ("": any): "no link state group 2
        downstream" keeps a port in group 1."""
        for port in self.current:
            current = port.values.get("link_tracking_group")
            if current is not None and (not group or current.value == group):
                port.values.pop("link_tracking", None)
                port.values.pop("link_tracking_group", None)

    # -- the end -----------------------------------------------------------------------

    def _name(self) -> tuple[Located[str], str]:
        """The switch's name and where it comes from: the ``hostname`` line, else the
        capture's device prompt, else the file's name (line 0)."""
        if self.hostname is not None:
            return self.hostname, NAME_FROM_HOSTNAME
        if self.prompt is not None:
            return self.prompt, NAME_FROM_PROMPT
        name, source = name_from_path(self.path)
        return Located(name, Location(self.path, 0)), source

    def result(self) -> ParseResult:
        """The facts read, plus a diagnostic for anything left open or unrecognised."""
        if self.skip_until:
            self.log.add(
                self.skip_from,
                f"{self.skip_what} never ends (no {self.skip_until!r}); the rest of the file was skipped",
            )
        if not (self.recognised or self.settings or self.hostname or self.evidence.any()):
            self.log.add(1, "not a running-config: no interface, hostname or global line found")
            return ParseResult(diagnostics=self.log.result())
        values: dict[str, Located[str]] = {}
        switch, source = self._name()
        values["hostname"] = switch
        values["hostname_source"] = Located(source, switch.location)
        values["platform"] = self.evidence.decide(self.path)
        values.update(self.settings)
        where = switch.location if switch.location.line else Location(self.path, 1)
        facts: list[Fact] = [SwitchConfig(format=FORMAT, location=where, values=values)]
        for port in self.ports.values():
            if port.allowed is not None and port.allowed_at is not None:
                port.values["allowed_vlans"] = Located(render(port.allowed), port.allowed_at)
            # (format, name, location, switch, values): keywords cost twice as much here
            facts.append(SwitchInterface(FORMAT, port.name, port.location, switch, port.values))
        return ParseResult(facts=facts, diagnostics=self.log.result())


# A column-0 line: (state, words without no/default, "no"/"default"/"", line, number).
GlobalHandler = Callable[[State, list[str], str, str, int], None]
