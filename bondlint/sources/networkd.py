"""systemd-networkd ``.netdev`` and ``.network`` files: bonds and their ports.

A ``.netdev`` with ``[NetDev] Kind=bond`` creates a bond named by ``Name=``; its ``[Bond]``
section holds the options under networkd's own names, converted here to kernel names.
A ``.network`` whose ``[Network]`` section has ``Bond=<bond>`` makes the interfaces it
matches (``[Match] Name=``) ports of that bond.  Sections may come in any order.

Time values are networkd syntax (``100ms``, ``1s``, a bare number is seconds), so they
are converted here to what networkd hands the kernel: milliseconds, except the learning
packet interval, which the kernel takes in seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import PurePosixPath

from bondlint.sources.base import (
    LAYER_NETWORKD,
    BondDefinition,
    Fact,
    Located,
    Location,
    ParseResult,
    PortDefinition,
)
from bondlint.sources.text import DiagnosticLog, bad_line_message, numbered_lines

FORMAT = "networkd"

_SUFFIXES = (".netdev", ".network")
_COMMENT_STARTS = ("#", ";")
_SECTION_HEADER = re.compile(r"\[([^\[\]]+)\]")

# [Bond] key -> (kernel option, how networkd reads the value).
_MS, _SECONDS, _BOOL, _LIST, _TEXT = "ms", "seconds", "bool", "list", "text"
BOND_KEYS: dict[str, tuple[str, str]] = {
    "Mode": ("mode", _TEXT),
    "TransmitHashPolicy": ("xmit_hash_policy", _TEXT),
    "LACPTransmitRate": ("lacp_rate", _TEXT),
    "MIIMonitorSec": ("miimon", _MS),
    "UpDelaySec": ("updelay", _MS),
    "DownDelaySec": ("downdelay", _MS),
    "PeerNotifyDelaySec": ("peer_notif_delay", _MS),
    "ARPIntervalSec": ("arp_interval", _MS),
    "ARPIPTargets": ("arp_ip_target", _LIST),
    "ARPValidate": ("arp_validate", _TEXT),
    "ARPAllTargets": ("arp_all_targets", _TEXT),
    "ARPMissedMax": ("arp_missed_max", _TEXT),
    "PrimaryReselectPolicy": ("primary_reselect", _TEXT),
    "FailOverMACPolicy": ("fail_over_mac", _TEXT),
    "AdSelect": ("ad_select", _TEXT),
    "AdActorSystemPriority": ("ad_actor_sys_prio", _TEXT),
    "AdUserPortKey": ("ad_user_port_key", _TEXT),
    "AdActorSystem": ("ad_actor_system", _TEXT),
    "MinLinks": ("min_links", _TEXT),
    "AllSlavesActive": ("all_slaves_active", _BOOL),
    "PacketsPerSlave": ("packets_per_slave", _TEXT),
    "GratuitousARP": ("num_grat_arp", _TEXT),
    "ResendIGMP": ("resend_igmp", _TEXT),
    "LearnPacketIntervalSec": ("lp_interval", _SECONDS),
}
_KERNEL_NAMES = frozenset(kernel for kernel, _ in BOND_KEYS.values())

# systemd's parse_boolean spellings.
TRUE_WORDS = frozenset({"1", "yes", "y", "true", "t", "on"})
FALSE_WORDS = frozenset({"0", "no", "n", "false", "f", "off"})

# systemd's time units in microseconds (time-util.c); "m" is minutes, "M" months.
_USEC_PER_SEC = 1_000_000
_TIME_UNITS: dict[str, int] = {
    **dict.fromkeys(("usec", "us", "\u00b5s", "\u03bcs"), 1),
    **dict.fromkeys(("msec", "ms"), 1_000),
    **dict.fromkeys(("seconds", "second", "sec", "s"), _USEC_PER_SEC),
    **dict.fromkeys(("minutes", "minute", "min", "m"), 60 * _USEC_PER_SEC),
    **dict.fromkeys(("hours", "hour", "hr", "h"), 3600 * _USEC_PER_SEC),
    **dict.fromkeys(("days", "day", "d"), 86400 * _USEC_PER_SEC),
    **dict.fromkeys(("weeks", "week", "w"), 7 * 86400 * _USEC_PER_SEC),
    **dict.fromkeys(("months", "month", "M"), 2_629_800 * _USEC_PER_SEC),
    **dict.fromkeys(("years", "year", "y"), 31_557_600 * _USEC_PER_SEC),
}
# systemd keeps time spans in 64 bits; a longer number is an error there too.
_MAX_DIGITS = 24
_TIME_PART = re.compile(r"[ \t]*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)[ \t]*([^0-9\s.]*)")


def timespan_usec(text: str, default_unit: str = "s") -> int | None:
    """A systemd time span (``1min 30s``, ``0.5s``, ``100``) in microseconds, or None.

    A number without a unit takes ``default_unit`` (seconds for networkd's ``*Sec`` keys).
    """
    text = text.strip()
    if not text:
        return None
    total = Fraction(0)
    position = 0
    while position < len(text):
        match = _TIME_PART.match(text, position)
        if not match:
            return None
        unit = _TIME_UNITS.get(match[2] or default_unit)
        if unit is None or len(match[1]) > _MAX_DIGITS:
            return None
        total += Fraction(match[1]) * unit
        position = match.end()
    return int(total)


def converted_time(raw: str, unit_usec: int, default_unit: str = "s") -> str:
    """``raw`` as an integer count of ``unit_usec`` (rounded down, as networkd does).

    A value networkd cannot read is kept as written so the model reports it.
    """
    usec = timespan_usec(raw, default_unit)
    return raw if usec is None else str(usec // unit_usec)


@dataclass(slots=True)
class _Unit:
    """What one file says, by section: the first header of each and every key's value."""

    headers: dict[str, Location] = field(default_factory=dict)
    values: dict[tuple[str, str], Located[str]] = field(default_factory=dict)
    # Keys whose repetitions accumulate (lists); an empty assignment clears them.
    lists: dict[tuple[str, str], list[Located[str]]] = field(default_factory=dict)


_LIST_KEYS = frozenset({("Bond", "ARPIPTargets"), ("Match", "Name")})


def claims(path: PurePosixPath, head: str) -> bool:
    """``*.netdev`` and ``*.network`` files whose head (when given) looks like INI text."""
    return path.suffix in _SUFFIXES and (not head or _looks_ini(head))


def parse(text: str, path: str) -> ParseResult:
    """Read one ``.netdev`` or ``.network`` file; never raises."""
    log = DiagnosticLog(path)
    unit = _read_unit(text, path, log)
    facts: list[Fact] = []
    bond = _bond(unit, path, log)
    if bond is not None:
        facts.append(bond)
    port = _port(unit)
    if port is not None:
        facts.append(port)
    return ParseResult(facts=facts, diagnostics=log.result())


def _looks_ini(head: str) -> bool:
    """The first meaningful line is a ``[Section]`` header (or there is none yet)."""
    for _, raw in numbered_lines(head):
        line = raw.strip()
        if line and not line.startswith(_COMMENT_STARTS):
            return bool(_SECTION_HEADER.fullmatch(line))
    return True


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Stripped lines with ``\\`` continuations joined, numbered by their first line.

    As in systemd, the backslash becomes a space and comment lines inside a
    continuation are skipped.
    """
    lines: list[tuple[int, str]] = []
    parts: list[str] = []  # the pieces of a continued line so far
    start = 0  # the line it began on
    for number, raw in numbered_lines(text):
        line = raw.strip()
        if parts and line.startswith(_COMMENT_STARTS):
            continue
        if not parts:
            start = number
        if line.endswith("\\") and not line.startswith(_COMMENT_STARTS):
            parts.append(line[:-1] + " ")
            continue
        parts.append(line)
        lines.append((start, "".join(parts)))
        parts = []
    if parts:
        lines.append((start, "".join(parts).rstrip()))
    return lines


def _read_unit(text: str, path: str, log: DiagnosticLog) -> _Unit:
    """Sections and keys of one unit file; bad lines become diagnostics."""
    unit = _Unit()
    section: str | None = None
    for number, line in _logical_lines(text):
        if not line or line.startswith(_COMMENT_STARTS):
            continue
        header = _SECTION_HEADER.fullmatch(line)
        if header:
            section = header[1]
            unit.headers.setdefault(section, Location(path, number))
            continue
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key or any(char.isspace() for char in key):
            log.add(number, bad_line_message(line, "a [Section] header or Key=value line"))
        elif section is None:
            log.add(number, f"{key}= outside any [Section]: systemd-networkd ignores it")
        else:
            located = Located(value.strip(), Location(path, number))
            _store(unit, section, key, located)
    return unit


def _store(unit: _Unit, section: str, key: str, value: Located[str]) -> None:
    """A repeated key replaces the earlier one, except list keys, which accumulate."""
    if (section, key) not in _LIST_KEYS:
        unit.values[(section, key)] = value
    elif not value.value:
        unit.lists[(section, key)] = []  # an empty assignment resets the list
    else:
        unit.lists.setdefault((section, key), []).append(value)


def _bond(unit: _Unit, path: str, log: DiagnosticLog) -> BondDefinition | None:
    """The bond a ``[NetDev] Kind=bond`` file creates."""
    kind = unit.values.get(("NetDev", "Kind"))
    if kind is None or kind.value != "bond":
        if kind is None and "Bond" in unit.headers:
            log.add(
                unit.headers["Bond"].line,
                "[Bond] section without [NetDev] Kind=bond: systemd-networkd creates no bond",
            )
        return None
    name = unit.values.get(("NetDev", "Name"))
    if name is None or not name.value:
        log.add(kind.location.line, "Kind=bond without Name=: systemd-networkd rejects the file")
        name = None
    extra = {
        key: value
        for (section, key), value in unit.values.items()
        if section == "NetDev" and key in ("Kind", "MACAddress") and value.value
    }
    mtu = unit.values.get(("NetDev", "MTUBytes"))
    return BondDefinition(
        format=FORMAT,
        layer=LAYER_NETWORKD,
        location=unit.headers.get("NetDev", kind.location),
        interface=name,
        options=_bond_options(unit, log),
        options_location=unit.headers.get("Bond"),
        mtu=mtu if mtu is not None and mtu.value else None,
        extra=extra,
    )


def _bond_options(unit: _Unit, log: DiagnosticLog) -> dict[str, Located[str]]:
    """``[Bond]`` keys as kernel options, with networkd's units and booleans converted."""
    options: dict[str, Located[str]] = {}
    targets = unit.lists.get(("Bond", "ARPIPTargets"))
    for (section, key), located in unit.values.items():
        if section != "Bond" or not located.value:
            continue
        known = BOND_KEYS.get(key)
        if known is None:
            if key in _KERNEL_NAMES:
                log.add(
                    located.location.line,
                    f"{key}= is a kernel option name, not a [Bond] key: systemd-networkd"
                    " ignores it",
                )
            else:
                options[key] = located  # kept so the model reports the unknown option
            continue
        kernel, how = known
        options[kernel] = Located(_convert(located.value, how), located.location)
    if targets:
        words = [word for target in targets for word in target.value.split()]
        options["arp_ip_target"] = Located(",".join(words), targets[0].location)
    return options


def _convert(value: str, how: str) -> str:
    """One ``[Bond]`` value as the kernel receives it."""
    if how == _MS:
        return converted_time(value, 1_000)
    if how == _SECONDS:
        return converted_time(value, _USEC_PER_SEC)
    if how == _BOOL:
        word = value.lower()
        return "1" if word in TRUE_WORDS else "0" if word in FALSE_WORDS else value
    return value


def _port(unit: _Unit) -> PortDefinition | None:
    """The bond port a ``.network`` with ``[Network] Bond=`` declares."""
    controller = unit.values.get(("Network", "Bond"))
    if controller is None or not controller.value:
        return None
    names = unit.lists.get(("Match", "Name")) or []
    words = [(word, name.location) for name in names for word in name.value.split()]
    interface = Located(words[0][0], words[0][1]) if words else None
    extra: dict[str, Located[str]] = {}
    for key in ("PrimarySlave", "ActiveSlave"):
        value = unit.values.get(("Network", key))
        if value is not None and value.value.lower() in TRUE_WORDS:
            extra[key] = value
    for (section, key), value in unit.values.items():
        if section == "Match" and value.value:
            extra[f"Match.{key}"] = value  # MACAddress, Driver, Path … identify the port
    if len(words) > 1:
        extra["Match.Name"] = Located(" ".join(word for word, _ in words), names[0].location)
    mtu = unit.values.get(("Link", "MTUBytes"))
    return PortDefinition(
        format=FORMAT,
        layer=LAYER_NETWORKD,
        location=unit.headers.get("Match", unit.headers.get("Network", controller.location)),
        controller=controller,
        interface=interface,
        mtu=mtu if mtu is not None and mtu.value else None,
        extra=extra,
    )
