"""systemd-networkd ``.netdev`` and ``.network`` files: bonds and their ports.

A ``.netdev`` with ``[NetDev] Kind=bond`` creates a bond named by ``Name=``; its ``[Bond]``
section holds the options under networkd's own names, converted here to kernel names.
A ``.network`` whose ``[Network]`` section has ``Bond=<bond>`` makes the interfaces it
matches (``[Match] Name=``) ports of that bond.  Sections may come in any order.

Time values are networkd syntax (``100ms``, ``1s``, a bare number is seconds), so they
are converted here to what networkd hands the kernel: milliseconds, except the learning
packet interval, which the kernel takes in seconds.

Keys, value spellings and what networkd sends are checked against systemd's
``src/network/netdev/netdev-gperf.gperf``, ``src/shared/bond-util.c``,
``src/network/netdev/bond.c`` and systemd.netdev(5)/systemd.network(5); see
docs/formats/networkd.md for the table.  Drop-ins (``foo.netdev.d/*.conf``,
``foo.network.d/*.conf``) are parsed on their own and merged into the main file's
facts by ``merge_drop_ins``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
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
    VlanDefinition,
)
from bondlint.sources.registry import Place, SourceFormat
from bondlint.sources.text import DiagnosticLog, bad_line_message, numbered_lines

FORMAT = "networkd"

_SUFFIXES = (".netdev", ".network")
_DROP_IN_DIRS = (".netdev.d", ".network.d")
_COMMENT_STARTS = ("#", ";")
_SECTION_HEADER = re.compile(r"\[([^\[\]]+)\]")

# [Bond] key -> (kernel option, how networkd reads the value).
_MS, _SECONDS, _BOOL, _LIST, _TEXT, _ENUM = "ms", "seconds", "bool", "list", "text", "enum"
BOND_KEYS: dict[str, tuple[str, str]] = {
    "Mode": ("mode", _ENUM),
    "TransmitHashPolicy": ("xmit_hash_policy", _ENUM),
    "LACPTransmitRate": ("lacp_rate", _ENUM),
    "MIIMonitorSec": ("miimon", _MS),
    "UpDelaySec": ("updelay", _MS),
    "DownDelaySec": ("downdelay", _MS),
    "PeerNotifyDelaySec": ("peer_notif_delay", _MS),
    "ARPIntervalSec": ("arp_interval", _MS),
    "ARPIPTargets": ("arp_ip_target", _LIST),
    "ARPValidate": ("arp_validate", _ENUM),
    "ARPAllTargets": ("arp_all_targets", _ENUM),
    "ARPMissedMax": ("arp_missed_max", _TEXT),
    "PrimaryReselectPolicy": ("primary_reselect", _ENUM),
    "FailOverMACPolicy": ("fail_over_mac", _ENUM),
    "AdSelect": ("ad_select", _ENUM),
    "AdActorSystemPriority": ("ad_actor_sys_prio", _TEXT),
    "AdUserPortKey": ("ad_user_port_key", _TEXT),
    "AdActorSystem": ("ad_actor_system", _TEXT),
    "MinLinks": ("min_links", _TEXT),
    "AllSlavesActive": ("all_slaves_active", _BOOL),
    "DynamicTransmitLoadBalancing": ("tlb_dynamic_lb", _BOOL),
    "PacketsPerSlave": ("packets_per_slave", _TEXT),
    "GratuitousARP": ("num_grat_arp", _TEXT),
    "ResendIGMP": ("resend_igmp", _TEXT),
    "LearnPacketIntervalSec": ("lp_interval", _SECONDS),
}
_KERNEL_NAMES = frozenset(kernel for kernel, _ in BOND_KEYS.values())

# The only spellings networkd's enum parsers accept (bond-util.c string tables, compared
# exactly): no numbers, no other case, and no kernel value networkd has no name for
# (vlan+srcmac, the filter* ARP validation modes).  Anything else is logged as "Failed to
# parse ..., ignoring" and the kernel keeps its default.
ENUM_VALUES: dict[str, tuple[str, ...]] = {
    "Mode": ("balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"),
    "TransmitHashPolicy": ("layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4"),
    "LACPTransmitRate": ("slow", "fast"),
    "AdSelect": ("stable", "bandwidth", "count"),
    "FailOverMACPolicy": ("none", "active", "follow"),
    "ARPValidate": ("none", "active", "backup", "all"),
    "ARPAllTargets": ("any", "all"),
    "PrimaryReselectPolicy": ("always", "better", "failure"),
}
# Keys whose 0 networkd treats as "unset": it sends nothing and the kernel keeps its default.
_ZERO_IS_UNSET = frozenset({"ARPMissedMax"})
# Kernel spellings networkd has no name for: written in a .netdev they would pass the
# model's kernel table, so they are reported here instead (with numbers and sysfs's
# "name number" form).
_KERNEL_ONLY_VALUES: dict[str, tuple[str, ...]] = {
    "TransmitHashPolicy": ("vlan+srcmac",),
    "ARPValidate": ("filter", "filter_active", "filter_backup"),
}

# Sections of a .netdev or .network that bondlint reads; every other section (and every
# key of another kind's section) is none of a bond's business and is skipped.
_READ_SECTIONS = frozenset({"NetDev", "Bond", "Match", "Network", "Link", "VLAN"})

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
    # List keys an empty assignment reset (a drop-in's reset also clears the main file's).
    resets: dict[tuple[str, str], bool] = field(default_factory=dict)


_LIST_KEYS = frozenset({("Bond", "ARPIPTargets"), ("Network", "VLAN")})
# systemd.network [Match] keys that take lists (repetitions accumulate, empty resets).
_MATCH_LISTS = frozenset({"Name", "MACAddress", "PermanentMACAddress", "Path", "Driver", "Type", "Kind", "Property"})
_GLOB_CHARS = frozenset("*?[")


SOURCE = SourceFormat(
    name=FORMAT,
    describes="a systemd-networkd file",
    order=100,
    role="definition",
    tool="systemd-networkd",
    names=("*.netdev", "*.network"),
    telltales=(("*.netdev", "a systemd-networkd .netdev file"), ("*.network", "a systemd-networkd .network file")),
    places=(
        Place("etc/systemd/network", ("*.netdev", "*.network"), called="systemd-networkd's folder"),
        Place("run/systemd/network", ("*.netdev", "*.network")),
        Place("usr/lib/systemd/network", ("*.netdev", "*.network")),
        Place("lib/systemd/network", ("*.netdev", "*.network")),
    ),
    hook=r"\.(netdev|network)$",
    definition_rank=4,
)


def claims(path: PurePosixPath, head: str) -> bool:
    """``*.netdev`` and ``*.network`` files, and ``.conf`` drop-ins in their ``.d``
    directories, whose head (when given) looks like INI text."""
    ours = path.suffix in _SUFFIXES or is_drop_in(path)
    return ours and (not head or _looks_ini(head))


def is_drop_in(path: PurePosixPath) -> bool:
    """``foo.netdev.d/*.conf`` or ``foo.network.d/*.conf``: merged into ``foo.netdev``."""
    return path.suffix == ".conf" and path.parent.name.endswith(_DROP_IN_DIRS)


def parse(text: str, path: str) -> ParseResult:
    """Read one ``.netdev`` or ``.network`` file; never raises."""
    log = DiagnosticLog(path)
    unit = _read_unit(text, path, log)
    facts: list[Fact] = []
    drop_in = is_drop_in(PurePosixPath(path))
    main_name = PurePosixPath(path).parent.name[: -len(".d")] if drop_in else None
    bond = _bond(unit, path, log, main_name)
    if bond is not None:
        facts.append(bond)
    facts.extend(_ports(unit, main_name))
    facts.extend(_vlans(unit))
    return ParseResult(facts=facts, diagnostics=log.result())


def _vlans(unit: _Unit) -> list[VlanDefinition]:
    """VLANs: a ``.network``'s ``[Network] VLAN=`` lines put them on the interface it
    matches (one ``[Match] Name=``); a ``.netdev`` with ``Kind=vlan`` gives ``[VLAN] Id=``."""
    found: list[VlanDefinition] = []
    kind = unit.values.get(("NetDev", "Kind"))
    name = unit.values.get(("NetDev", "Name"))
    if kind is not None and kind.value == "vlan" and name is not None and name.value:
        where = unit.headers.get("NetDev", name.location)
        found.append(VlanDefinition(FORMAT, where, None, unit.values.get(("VLAN", "Id")), name))
    names = [w for n in unit.lists.get(("Match", "Name")) or [] for w in n.value.split()]
    if len(names) == 1 and not is_pattern(names[0]) and not names[0].startswith("!"):
        parent = Located(names[0].strip("\"'"), unit.lists[("Match", "Name")][0].location)
        for line in unit.lists.get(("Network", "VLAN")) or []:
            for word in line.value.split():
                found.append(VlanDefinition(FORMAT, line.location, parent, None, Located(word, line.location)))
    return found


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
        elif section in _READ_SECTIONS:
            located = Located(value.strip(), Location(path, number))
            _store(unit, section, key, located)
    return unit


def _store(unit: _Unit, section: str, key: str, value: Located[str]) -> None:
    """A repeated key replaces the earlier one, except list keys, which accumulate."""
    if (section, key) not in _LIST_KEYS and not (section == "Match" and key in _MATCH_LISTS):
        unit.values[(section, key)] = value
    elif not value.value:
        unit.lists[(section, key)] = []  # an empty assignment resets the list
        unit.resets[(section, key)] = True
    else:
        unit.lists.setdefault((section, key), []).append(value)


def _bond(unit: _Unit, path: str, log: DiagnosticLog, drop_in_for: str | None) -> BondDefinition | None:
    """The bond a ``[NetDev] Kind=bond`` file creates (or a drop-in's part of it)."""
    kind = unit.values.get(("NetDev", "Kind"))
    name = unit.values.get(("NetDev", "Name"))
    if drop_in_for is not None:
        # A drop-in is parsed after its .netdev: its [Bond] keys need no Kind= of their own.
        if "Bond" not in unit.headers and not (unit.values.keys() & {("NetDev", "Name"), ("NetDev", "MTUBytes")}):
            return None
        if kind is not None and kind.value != "bond":
            return None
    elif kind is None or kind.value != "bond":
        if kind is None and "Bond" in unit.headers:
            log.add(
                unit.headers["Bond"].line,
                "[Bond] section without [NetDev] Kind=bond: systemd-networkd creates no bond",
            )
        return None
    if drop_in_for is None and kind is not None and (name is None or not name.value):
        log.add(kind.location.line, "Kind=bond without Name=: systemd-networkd rejects the file")
    extra = {
        key: value
        for (section, key), value in unit.values.items()
        if section == "NetDev" and key in ("Kind", "MACAddress") and value.value
    }
    if drop_in_for is not None:
        extra[DROP_IN_KEY] = Located(drop_in_for, Location(path, 0))
        if unit.resets.get(("Bond", "ARPIPTargets")):
            extra[_RESET_KEY] = Located("ARPIPTargets", Location(path, 0))
    anchor = kind.location if kind is not None else Location(path, 1)
    return BondDefinition(
        format=FORMAT,
        layer=LAYER_NETWORKD,
        location=unit.headers.get("NetDev", unit.headers.get("Bond", anchor)),
        interface=name if name is not None and name.value else None,
        options=_bond_options(unit, log),
        options_location=unit.headers.get("Bond"),
        mtu=_mtu(unit.values.get(("NetDev", "MTUBytes"))),
        extra=extra,
    )


# extra keys of a drop-in's facts: the main file it belongs to, and a list it reset.
DROP_IN_KEY = "networkd.drop_in_for"
_RESET_KEY = "networkd.reset"

_SIZE_SUFFIXES = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
_SIZE = re.compile(r"([0-9]+)\s*([KMG]?)")


def _mtu(found: Located[str] | None) -> Located[str] | None:
    """``MTUBytes=`` in bytes: networkd takes K, M and G suffixes (base 1024)."""
    if found is None or not found.value:
        return None
    size = _SIZE.fullmatch(found.value.strip())
    if size is None:
        return found  # kept as written: the model reads no number from it
    return Located(str(int(size[1]) * _SIZE_SUFFIXES[size[2]]), found.location)


def _bond_options(unit: _Unit, log: DiagnosticLog) -> dict[str, Located[str]]:
    """``[Bond]`` keys as kernel options, with networkd's units and booleans converted.

    A key networkd does not know is kept under its own name so the model reports it as an
    unknown option; a value networkd refuses although the kernel would take it (a mode
    number, ``vlan+srcmac``) is left out and reported here, since networkd ignores the line
    and the kernel keeps its default.
    """
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
                    f"{key}= is a kernel option name, not a [Bond] key: systemd-networkd ignores it",
                )
            else:
                options[key] = located  # kept so the model reports the unknown option
            continue
        kernel, how = known
        if how == _ENUM and _refused_kernel_spelling(key, located.value.strip()):
            allowed = ", ".join(ENUM_VALUES[key])
            log.add(
                located.location.line,
                f"{key}={located.value}: systemd-networkd accepts only {allowed} here and"
                f" ignores this line, so the kernel's default {kernel} applies",
            )
            continue
        if key in _ZERO_IS_UNSET and located.value.strip() == "0":
            continue  # networkd sends nothing: the kernel's default stands
        options[kernel] = Located(_convert(located.value, how), located.location)
    if targets:
        words = [word for target in targets for word in target.value.split()]
        options["arp_ip_target"] = Located(",".join(words), targets[0].location)
    return options


def _refused_kernel_spelling(key: str, value: str) -> bool:
    """A value networkd refuses that the kernel's own table would read as valid."""
    if value in ENUM_VALUES[key]:
        return False
    first = value.split()[0] if value.split() else ""
    return (
        first.isdigit()
        or first != value  # sysfs's "active-backup 1"
        or value == "default"  # a word of some kernel tables, not of networkd's
        or value in _KERNEL_ONLY_VALUES.get(key, ())
    )


def _convert(value: str, how: str) -> str:
    """One ``[Bond]`` value as the kernel receives it."""
    if how == _MS:
        return converted_time(value, 1_000)
    if how == _SECONDS:
        return converted_time(value, _USEC_PER_SEC)
    if how == _BOOL:
        word = value.strip().lower()
        return "1" if word in TRUE_WORDS else "0" if word in FALSE_WORDS else value
    return value.strip()


def _ports(unit: _Unit, drop_in_for: str | None) -> list[PortDefinition]:
    """The bond ports a ``.network`` with ``[Network] Bond=`` declares: one per name.

    ``[Match] Name=`` takes several names and globs; each becomes a port (a glob stays a
    pattern for the model to expand).  A list negated with ``!`` names no port: the port
    is kept without a name, its match in ``extra``.  Without ``Name=`` the other match
    keys (MACAddress=, Path=, Driver= ...) identify it.
    """
    controller = unit.values.get(("Network", "Bond"))
    if controller is None or not controller.value:
        if drop_in_for is None or ("Link", "MTUBytes") not in unit.values:
            return []
        # A drop-in that only changes the port's MTU: merged into its .network's ports,
        # dropped when that file declares none (merge_drop_ins).
        controller = Located("", unit.values[("Link", "MTUBytes")].location)
    names = unit.lists.get(("Match", "Name")) or []
    words = [(word.strip("\"'"), name.location) for name in names for word in name.value.split() if word.strip("\"'")]
    negated = bool(words) and words[0][0].startswith("!")
    extra = _port_settings(unit)
    if len(words) > 1 or negated:
        extra["Match.Name"] = Located(" ".join(word for word, _ in words), names[0].location)
    if drop_in_for is not None:
        extra[DROP_IN_KEY] = Located(drop_in_for, Location(controller.location.path, 0))
    mtu = _mtu(unit.values.get(("Link", "MTUBytes")))
    location = unit.headers.get("Match", unit.headers.get("Network", controller.location))
    interfaces: list[Located[str] | None] = (
        [None] if negated or not words else [Located(word, where) for word, where in words]
    )
    return [
        PortDefinition(
            format=FORMAT,
            layer=LAYER_NETWORKD,
            location=location,
            controller=controller,
            interface=interface,
            mtu=mtu,
            extra=dict(extra),
        )
        for interface in interfaces
    ]


def _port_settings(unit: _Unit) -> dict[str, Located[str]]:
    """What a port's ``.network`` says besides its names: its role in the bond, its link
    policy, and the match keys other than ``Name=``."""
    extra: dict[str, Located[str]] = {}
    for key in ("PrimarySlave", "ActiveSlave"):
        value = unit.values.get(("Network", key))
        if value is not None and value.value.lower() in TRUE_WORDS:
            extra[key] = value
    for key in ("ActivationPolicy", "RequiredForOnline"):
        value = unit.values.get(("Link", key))
        if value is not None and value.value:
            extra[key] = value
    for (section, key), found in sorted(unit.lists.items()):
        if section == "Match" and found and key != "Name":
            extra[f"Match.{key}"] = Located(" ".join(v.value for v in found), found[0].location)
    for (section, key), value in unit.values.items():
        if section == "Match" and value.value:
            extra[f"Match.{key}"] = value  # Host=, Virtualization= ...: conditions
    return extra


def is_pattern(name: str) -> bool:
    """A ``[Match] Name=`` word that is a glob (``en*``, ``eth[01]``), not one name."""
    return any(char in _GLOB_CHARS for char in name)


# Where systemd-networkd reads units, highest priority first: a drop-in of the same name
# in a higher directory replaces the lower one (systemd.netdev(5), systemd.network(5)).
_DIRECTORY_PRIORITY = ("/etc/systemd/network/", "/run/systemd/network/", "/usr/local/lib/systemd/network/")


def _priority(path: str) -> int:
    probe = "/" + path.lstrip("/")
    for rank, directory in enumerate(_DIRECTORY_PRIORITY):
        if directory in probe:
            return rank
    return len(_DIRECTORY_PRIORITY)


def merge_drop_ins(facts: list[Fact]) -> list[Fact]:
    """One host's facts with each networkd drop-in merged into its main file's facts.

    systemd parses ``foo.netdev`` and then every ``foo.netdev.d/*.conf`` in file-name order
    (a name in /etc hides the same name in /run or /usr/lib), later values winning, so a
    drop-in's options replace the main file's, its ARP targets add to them unless it
    resets the list, and its ``Bond=``/``MTUBytes=`` apply to every port the main file
    declares.  A drop-in whose main file declares no bond or port stands on its own, except
    an MTU-only port drop-in, which then has nothing to change.
    """
    merged: list[Fact] = []
    drop_ins: dict[str, dict[str, BondDefinition | PortDefinition]] = {}
    for fact in facts:
        target = _drop_in_target(fact)
        if target is None:
            merged.append(fact)
        else:
            assert isinstance(fact, BondDefinition | PortDefinition)
            _keep_drop_in(drop_ins.setdefault(target, {}), fact)
    if not drop_ins:
        return list(facts)
    result: list[Fact] = []
    used: set[int] = set()
    for fact in merged:
        if not isinstance(fact, BondDefinition | PortDefinition) or fact.format != FORMAT:
            result.append(fact)
            continue
        found = drop_ins.get(PurePosixPath(fact.location.path).name, {})
        parts = [part for key, part in sorted(found.items()) if isinstance(part, type(fact))]
        used.update(id(part) for part in parts)
        result.append(_overlay(fact, parts))
    for found in drop_ins.values():
        for part in found.values():
            if id(part) not in used and not (isinstance(part, PortDefinition) and not part.controller.value):
                result.append(part)
    return result


def _keep_drop_in(by_name: dict[str, BondDefinition | PortDefinition], fact: BondDefinition | PortDefinition) -> None:
    """Add one drop-in's fact to its main file's, keyed by kind and file name: of two
    drop-ins with one name, the one in the higher directory hides the other."""
    name = PurePosixPath(fact.location.path).name
    kind = type(fact).__name__
    known = by_name.get(f"{kind}/{name}")
    if known is None or _priority(fact.location.path) < _priority(known.location.path):
        by_name[f"{kind}/{name}"] = fact
    elif isinstance(fact, PortDefinition) and known.location.path == fact.location.path:
        by_name[f"{kind}/{name}/{id(fact)}"] = fact  # another port of the same drop-in


def _drop_in_target(fact: Fact) -> str | None:
    if not isinstance(fact, BondDefinition | PortDefinition) or fact.format != FORMAT:
        return None
    found = fact.extra.get(DROP_IN_KEY)
    return found.value if found is not None else None


def _overlay(
    main: BondDefinition | PortDefinition, parts: list[BondDefinition | PortDefinition]
) -> BondDefinition | PortDefinition:
    """``main`` with each drop-in part applied in order (later values win); every field a
    drop-in does not set is ``main``'s."""
    if not parts:
        return main
    if isinstance(main, BondDefinition):
        return _overlay_bond(main, [part for part in parts if isinstance(part, BondDefinition)])
    return _overlay_port(main, [part for part in parts if isinstance(part, PortDefinition)])


def _overlay_bond(main: BondDefinition, parts: list[BondDefinition]) -> BondDefinition:
    options = dict(main.options)
    extra = dict(main.extra)
    interface, mtu = main.interface, main.mtu
    for part in parts:
        for key, value in part.options.items():
            earlier = options.get(key)
            if key == "arp_ip_target" and earlier is not None and _RESET_KEY not in part.extra:
                value = Located(f"{earlier.value},{value.value}", earlier.location)
            options[key] = value
        if _RESET_KEY in part.extra and "arp_ip_target" not in part.options:
            options.pop("arp_ip_target", None)
        interface = part.interface or interface
        mtu = part.mtu or mtu
        extra.update(_visible(part.extra))
    options_location = main.options_location or next((p.options_location for p in parts if p.options_location), None)
    return replace(main, interface=interface, options=options, options_location=options_location, mtu=mtu, extra=extra)


def _overlay_port(main: PortDefinition, parts: list[PortDefinition]) -> PortDefinition:
    extra = dict(main.extra)
    controller, mtu = main.controller, main.mtu
    for part in parts:
        if part.controller.value:
            controller = part.controller
        mtu = part.mtu or mtu
        extra.update(_visible(part.extra))
    return replace(main, controller=controller, mtu=mtu, extra=extra)


def _visible(extra: dict[str, Located[str]]) -> dict[str, Located[str]]:
    return {key: value for key, value in extra.items() if key not in (DROP_IN_KEY, _RESET_KEY)}


def expand_patterns(ports: list[PortDefinition], names: set[str]) -> list[PortDefinition]:
    """networkd ports whose ``[Match] Name=`` is a glob, one per known interface it matches.

    ``names`` are the interfaces the host's captures know about (not its bonds).  A glob
    that matches none of them is kept as the pattern.
    """
    result: list[PortDefinition] = []
    for port in ports:
        glob = port.interface
        if port.format != FORMAT or glob is None or not is_pattern(glob.value):
            result.append(port)
            continue
        matched = sorted(name for name in names if fnmatchcase(name, glob.value))
        if not matched:
            result.append(port)
            continue
        for name in matched:
            extra = {**port.extra, "Match.Name": glob}
            result.append(replace(port, interface=Located(name, glob.location), extra=extra))
    return result
