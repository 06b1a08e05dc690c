"""Output of ``ethtool <dev>`` (link settings) and ``ethtool -i <dev>`` (driver information).

Plain output is a ``Settings for <dev>:`` header and ``Label: value`` lines, some of them
wrapped onto indented continuation lines; only the link-state labels are read.  ``-i``
output has no header, so the device comes from the capture's file name
(``sos_commands/networking/ethtool_-i_<dev>``).  A capture of a failing command ("Cannot
get device settings: No such device", "bad command line argument(s)") is a faithful
record of that failure: it yields nothing and is not reported as damage.  Other ethtool
subcommands (``-k``, ``-g`` …) are recognised by their header and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from bondlint.sources.base import Fact, InterfaceRuntime, Located, Location, ParseResult
from bondlint.sources.registry import Place, SourceFormat
from bondlint.sources.text import DiagnosticLog, looks_binary, numbered_lines

FORMAT = "ethtool"

FILE_PREFIX = "ethtool_"
_SETTINGS = "Settings"
# "Settings for eth0:", "Features for bond0:", "Ring parameters for bond0.102@bond0:" …
_HEADER = re.compile(r"(?P<what>[A-Za-z][A-Za-z -]*?) for (?P<name>\S+):")
_OTHER_HEADERS = frozenset({"NIC statistics:"})
# How ethtool (and the shell around it) reports a failure; any of these in a capture
# means the command ran and failed.
_ERROR_PREFIXES = (
    "Cannot ",
    "ethtool: ",
    "For more information run ethtool",
    "No data available",
    "netlink error",
    "Operation not ",
    "No such device",
)
_ERROR_SUFFIXES = ("command not found", "No such device", "Operation not supported")
# `ethtool_bond0.102_bond0` is how sos stores `ethtool bond0.102@bond0` ("@" became "_").
_MANGLED_VLAN = re.compile(r"(?P<parent>.+)\.(?P<id>\d+)_(?P=parent)")
_SPEED = re.compile(r"(\d+)\s*Mb/s")


def _carrier(value: str) -> str | None:
    return {"yes": "up", "no": "down"}.get(value.lower())


def _speed(value: str) -> str | None:
    """``10000Mb/s`` -> ``10000``; ``Unknown!`` -> ``unknown``; anything else as written."""
    match = _SPEED.fullmatch(value)
    if match:
        return match.group(1)
    return "unknown" if value.lower().startswith("unknown") else value or None


def _duplex(value: str) -> str | None:
    """``Full`` -> ``full``; ``Unknown! (255)`` -> ``unknown``."""
    return "unknown" if value.lower().startswith("unknown") else value.lower() or None


def _as_is(value: str) -> str | None:
    return value or None  # ethtool -i prints "bus-info:" with nothing after it


def _lower(value: str) -> str | None:
    return value.lower() or None


@dataclass(frozen=True, slots=True)
class _Field:
    key: str
    convert: Callable[[str], str | None]


# Labels lower-cased.  Settings labels and `ethtool -i` labels never collide.
_FIELDS: dict[str, _Field] = {
    "link detected": _Field("carrier", _carrier),
    "speed": _Field("speed", _speed),
    "duplex": _Field("duplex", _duplex),
    "port": _Field("port", _as_is),
    "auto-negotiation": _Field("auto_negotiation", _lower),
    "driver": _Field("driver", _as_is),
    "version": _Field("driver_version", _as_is),
    "firmware-version": _Field("firmware_version", _as_is),
    "bus-info": _Field("bus_info", _as_is),
}


SOURCE = SourceFormat(
    name=FORMAT,
    describes="an ethtool capture",
    order=40,
    role="runtime",
    names=("*ethtool_*",),
    # Per-interface captures: ``ethtool_eno1`` (the link) and ``ethtool_-i_eno1`` (the driver);
    # sos's other ``ethtool_-X_`` outputs (statistics, rings, offloads) say nothing of bonding.
    places=(Place("sos_commands/networking", ("ethtool_[!-]*", "ethtool_-i_*")),),
    interface_rank=1,
)


def claims(path: PurePosixPath, head: str) -> bool:
    """``ethtool_<dev>`` / ``ethtool_-i_<dev>`` captures, or text starting ``Settings for``."""
    name = path.name
    if name.startswith(FILE_PREFIX):
        rest = name[len(FILE_PREFIX) :]
        return not rest.startswith("-") or rest.startswith("-i_")
    for line in head.lstrip("\ufeff").split("\n"):
        if line.strip():
            header = _HEADER.fullmatch(line.strip())
            return header is not None and header.group("what") == _SETTINGS
    return False


def interface_from_path(path: str) -> str | None:
    """The device a capture names: ``ethtool_-i_bond0`` -> ``bond0``, undoing sos mangling.

    ``bond0.102@bond0`` (a literal "@", as insights-core names files) and sos's
    ``bond0.102_bond0`` both become ``bond0.102``; other "_" are kept (``eth0_1`` is a name).
    """
    name = PurePosixPath(path).name
    if not name.startswith(FILE_PREFIX):
        return None
    rest = name[len(FILE_PREFIX) :]
    if rest.startswith("-"):
        _option, separator, rest = rest.partition("_")
        if not separator:
            return None
    if "@" in rest:
        rest = rest.partition("@")[0]
    else:
        mangled = _MANGLED_VLAN.fullmatch(rest)
        if mangled:
            rest = f"{mangled.group('parent')}.{mangled.group('id')}"
    return rest or None


def _is_error(line: str) -> bool:
    return line.startswith(_ERROR_PREFIXES) or line.endswith(_ERROR_SUFFIXES)


@dataclass(slots=True)
class _Block:
    """One device's lines: a ``Settings for`` block, or the headerless start of the file."""

    fact: InterfaceRuntime | None  # None: headerless, and the file name gives no device
    header_line: int = 0
    failed: bool = False  # an error line followed the header


def parse(text: str, path: str) -> ParseResult:
    """Read link settings and driver facts from one ethtool capture; never raises."""
    reader = _Reader(path)
    for number, raw in numbered_lines(text):
        line = (raw.lstrip("\ufeff") if number == 1 else raw).strip()
        if line:
            reader.feed(number, line)
    return reader.result()


class _Reader:
    """Line by line: headers open blocks, known labels fill the current block's fact."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.log = DiagnosticLog(path)
        self.file_device = interface_from_path(path)
        self.blocks: list[_Block] = []
        self.current: _Block | None = None  # None before the first header or label
        self.skipping = False  # inside another subcommand's block (-k, -g …)
        self.recognised = False
        self.first_line = 0

    def feed(self, number: int, line: str) -> None:
        self.first_line = self.first_line or number
        header = _HEADER.fullmatch(line)
        if header is not None or line in _OTHER_HEADERS:
            self.recognised = True
            self.skipping = header is None or header.group("what") != _SETTINGS
            if header is not None and not self.skipping:
                self._open(header.group("name"), number)
            return
        if _is_error(line):
            self.recognised = True
            if self.current is not None:
                self.current.failed = True
            return
        if self.skipping:
            return
        label, separator, value = line.partition(":")
        field = _FIELDS.get(label.strip().lower()) if separator else None
        if field is None:
            if looks_binary(line):
                self.log.add(number, "binary data, not text")
            return  # other labels and wrapped continuation lines carry nothing we read
        self.recognised = True
        fact = self._headerless(number) if self.current is None else self.current.fact
        converted = field.convert(value.strip())
        if fact is not None and converted is not None:
            fact.values.setdefault(field.key, Located(converted, Location(self.path, number)))

    def result(self) -> ParseResult:
        facts: list[Fact] = []
        for block in self.blocks:
            if block.fact is not None and block.fact.values:
                facts.append(block.fact)
            elif block.header_line and not block.failed:
                problem = "'Settings for' header with no settings after it (truncated?)"
                self.log.add(block.header_line, problem)
        if self.first_line and not self.recognised:
            problem = "no ethtool header, label or error message: not ethtool output"
            self.log.add(self.first_line, problem)
        diagnostics = sorted(self.log.result(), key=lambda diagnostic: diagnostic.location)
        return ParseResult(facts=facts, diagnostics=diagnostics)

    def _open(self, raw_name: str, number: int) -> None:
        """``Settings for X:`` opens X's block; an ``@parent`` suffix is not part of the name."""
        location = Location(self.path, number)
        name = raw_name.partition("@")[0] or raw_name
        self.current = _Block(InterfaceRuntime(FORMAT, Located(name, location), location), number)
        self.blocks.append(self.current)

    def _headerless(self, number: int) -> InterfaceRuntime | None:
        """The fact for labels before any header (``ethtool -i``), named after the file."""
        fact = None
        if self.file_device is None:
            self.log.add(
                number,
                "no 'Settings for' header and no ethtool_<dev> file name: cannot tell which interface this is",
            )
        else:
            name = Located(self.file_device, Location(self.path, 0))
            fact = InterfaceRuntime(FORMAT, name, Location(self.path, number))
        self.current = _Block(fact)
        self.blocks.append(self.current)
        return fact
