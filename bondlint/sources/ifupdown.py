"""Debian/Ubuntu ifupdown: ``/etc/network/interfaces`` and ``interfaces.d/*``.

An ``iface <name> <family> <method>`` stanza is followed by option lines until the next
stanza keyword.  ifenslave reads the ``bond-*`` options: a bond stanza carries its options
and, in one style, its ports in ``bond-slaves``; in the other style ``bond-slaves none``
and each port stanza names its bond in ``bond-master``.  Option names are the kernel's
with a ``bond-`` prefix; ifupdown turns ``-`` into ``_`` when it exports them, so
``bond-xmit-hash-policy`` and ``bond_xmit_hash_policy`` are the same option.
``source`` lines are recorded but not followed: discovery reads those files itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from bondlint.sources.base import (
    LAYER_CUMULUS,
    LAYER_IFUPDOWN,
    LAYER_IFUPDOWN2,
    BondDefinition,
    Fact,
    Located,
    Location,
    ParseResult,
    PortDefinition,
)
from bondlint.sources.text import (
    LIST_OPTIONS,
    DiagnosticLog,
    add_option,
    bad_line_message,
    looks_binary,
    numbered_lines,
)

FORMAT = "ifupdown"

_SOURCE_KEYWORDS = frozenset({"source", "source-directory", "source-dir"})
# Stanza keywords that end the current iface stanza and take no option lines.
_PLAIN_KEYWORDS = frozenset({"auto", "no-auto-down", "no-scripts", "rename"}) | _SOURCE_KEYWORDS
_PORT_LISTS = frozenset({"bond-slaves", "slaves"})  # "slaves": ifenslave-2.6 and Proxmox
_NO_PORTS = frozenset({"none", "all"})  # "all" lets ifenslave pick every Ethernet device
_EXTRA_OPTIONS = frozenset({"hwaddress", "address", "gateway", "bond-slaves", "slaves", "clag-id"})
_BACKUP_SUFFIXES = (
    *("~", ".bak", ".orig", ".old", ".save", ".swp"),
    *(".dpkg-old", ".dpkg-dist", ".dpkg-new", ".ucf-old", ".ucf-dist", ".ucf-new"),
)
_IFACE_HEAD = re.compile(r"^[ \t]*iface[ \t]+\S+[ \t]+inet6?\b", re.MULTILINE)


@dataclass(slots=True)
class _Stanza:
    """One ``iface`` stanza: its header and its options in file order."""

    name: Located[str]
    header: Located[str]  # "<family> <method>" as written
    options: list[tuple[str, Located[str]]] = field(default_factory=list)


def claims(path: PurePosixPath, head: str) -> bool:
    """``interfaces``, files in ``network/interfaces.d/``, or text with an ``iface`` line."""
    name = path.name
    if name.endswith(_BACKUP_SUFFIXES):
        return False  # ifupdown never reads editor and dpkg leftovers
    if name == "interfaces":
        return True
    if path.parent.name == "interfaces.d" and path.parent.parent.name == "network":
        return True
    return bool(_IFACE_HEAD.search(head))


def parse(text: str, path: str) -> ParseResult:
    """Read one interfaces file; never raises."""
    log = DiagnosticLog(path)
    stanzas: list[_Stanza] = []
    marks: dict[str, Located[str]] = {}  # interface -> the auto / allow-* line naming it
    sources: dict[str, Located[str]] = {}
    current: _Stanza | None = None
    in_mapping = False
    for number, line in _logical_lines(text):
        if not line or line.startswith("#"):
            continue
        words = line.split()
        keyword, rest = words[0], line[len(words[0]) :].strip()
        here = Location(path, number)
        if looks_binary(line):
            log.add(number, bad_line_message(line, "an interfaces line"))
        elif keyword == "iface":
            current, in_mapping = _iface(words, here, log), False
            if current is not None:
                stanzas.append(current)
        elif keyword in ("mapping", "vlan"):  # ifupdown2 "vlan" stanzas hold bridge VLAN options
            current, in_mapping = None, True
        elif keyword in _PLAIN_KEYWORDS or keyword.startswith("allow-"):
            current, in_mapping = None, False
            if keyword in _SOURCE_KEYWORDS:
                _record_source(sources, keyword, Located(rest, here))
            elif keyword == "auto" or keyword.startswith("allow-"):
                for name in words[1:]:
                    marks.setdefault(name, Located(keyword, here))
        elif current is not None:
            current.options.append((_option_name(keyword), Located(rest, here)))
        elif not in_mapping:  # a mapping's "script" and "map" lines are its own
            log.add(number, f"option {keyword!r} outside an iface stanza: ifupdown rejects it")
    layer = _layer(stanzas)
    facts: list[Fact] = []
    for stanza in stanzas:
        facts.extend(_facts(stanza, marks, sources, log, layer))
    return ParseResult(facts=facts, diagnostics=log.result())


# Options only ifupdown2 on Cumulus Linux reads (its MLAG, clagd, and LACP bypass): the
# file configures a Cumulus switch. (Port names prove nothing: DSA boards name ports swpN.)
_CUMULUS_OPTIONS = frozenset(
    {"clag-id", "clagd-peer-ip", "clagd-sys-mac", "clagd-backup-ip", "clagd-priority", "bond-lacp-bypass-allow"}
)
# Options only ifupdown2 reads (classic ifupdown has no VLAN-aware bridge keywords).
_IFUPDOWN2_OPTIONS = frozenset({"bridge-vlan-aware", "bridge-vids", "bridge-pvid", "bridge-access"})


def _layer(stanzas: list[_Stanza]) -> str:
    """Which tool applies the file: ifupdown2 on Cumulus Linux, ifupdown2 (a stanza
    without family and method, or its own keywords), or classic ifupdown/ifenslave."""
    ifupdown2 = False
    for stanza in stanzas:
        ifupdown2 = ifupdown2 or not stanza.header.value
        for name, value in stanza.options:
            if name in _CUMULUS_OPTIONS:
                return LAYER_CUMULUS
            if name in _IFUPDOWN2_OPTIONS or (name in _PORT_LISTS and value.value.split()[:1] in (["glob"], ["regex"])):
                ifupdown2 = True
    return LAYER_IFUPDOWN2 if ifupdown2 else LAYER_IFUPDOWN


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Stripped lines with ``\\`` continuations joined, numbered by their first line."""
    lines: list[tuple[int, str]] = []
    parts: list[str] = []  # the pieces of a continued line so far
    start = 0  # the line it began on
    for number, raw in numbered_lines(text):
        line = raw.strip()
        if not parts:
            start = number
        if line.endswith("\\"):
            parts.append(line[:-1].strip())
            continue
        parts.append(line)
        lines.append((start, " ".join(part for part in parts if part)))
        parts = []
    if parts:
        lines.append((start, " ".join(part for part in parts if part)))
    return lines


def _iface(words: list[str], here: Location, log: DiagnosticLog) -> _Stanza | None:
    """The stanza an ``iface`` line opens (ifupdown2 allows the family and method out)."""
    if len(words) < 2:
        log.add(here.line, "iface line without an interface name")
        return None
    return _Stanza(name=Located(words[1], here), header=Located(" ".join(words[2:]), here))


def _option_name(keyword: str) -> str:
    """An option name as ifupdown exports it, in its dashed spelling."""
    return keyword.lower().replace("_", "-")


def _record_source(sources: dict[str, Located[str]], keyword: str, value: Located[str]) -> None:
    """Keep ``source`` patterns (space-joined when repeated, at the first line)."""
    previous = sources.get(keyword)
    if previous is not None:
        value = Located(f"{previous.value} {value.value}", previous.location)
    sources[keyword] = value


def _facts(
    stanza: _Stanza,
    marks: dict[str, Located[str]],
    sources: dict[str, Located[str]],
    log: DiagnosticLog,
    layer: str,
) -> list[Fact]:
    """The bond and/or bond port one stanza defines, applied by ``layer``."""
    options: dict[str, Located[str]] = {}
    ports: list[Located[str]] = []
    master: Located[str] | None = None
    mtu: Located[str] | None = None
    extra: dict[str, Located[str]] = dict(sources)
    if stanza.header.value:
        extra["iface"] = stanza.header
    mark = marks.get(stanza.name.value)
    if mark is not None:
        extra[mark.value] = Located(stanza.name.value, mark.location)
    for name, value in stanza.options:
        if name in _EXTRA_OPTIONS and value.value:
            extra[name] = value
        if name == "mtu":
            mtu = value
        elif name in _PORT_LISTS:
            words = value.value.split()
            if words and words[0].lower() not in _NO_PORTS:
                ports = [Located(word, value.location) for word in _port_words(words)]
            else:
                ports = []
        elif name == "bond-master":
            master = _bond_master(value, log)
        elif name.startswith("bond-") and len(name) > len("bond-"):
            kernel = name[len("bond-") :].replace("-", "_")
            if kernel in LIST_OPTIONS:
                value = Located(",".join(value.value.replace(",", " ").split()), value.location)
            if value.value:
                add_option(options, kernel, value)
    lists_ports = any(name in _PORT_LISTS for name, _ in stanza.options)
    facts: list[Fact] = []
    if master is not None:
        # ifenslave reads these when a port brings its bond up; cloud-init repeats them here.
        port_extra = extra | {f"option.{key}": value for key, value in options.items()}
        facts.append(
            PortDefinition(
                format=FORMAT,
                layer=layer,
                location=stanza.name.location,
                controller=master,
                interface=stanza.name,
                mtu=mtu,
                extra=port_extra,
            )
        )
    if lists_ports or (options and master is None):
        facts.append(
            BondDefinition(
                format=FORMAT,
                layer=layer,
                location=stanza.name.location,
                interface=stanza.name,
                options=options,
                options_location=stanza.name.location,
                port_names=ports,
                mtu=mtu,
                extra=extra,
            )
        )
    return facts


_GLOB_RANGE = re.compile(r"([^\d\s]+)(\d+)-(\d+)$")
_MAX_GLOB = 512


def _port_words(words: list[str]) -> list[str]:
    """Port names of a port list; ifupdown2's ``glob swp1-4`` names swp1 … swp4 (a
    ``regex`` pattern names ports this file cannot list: kept as written)."""
    if words[0] not in ("glob", "regex"):
        return words
    names: list[str] = []
    for word in words[1:]:
        match = _GLOB_RANGE.match(word) if words[0] == "glob" else None
        if match is None or not int(match[2]) <= int(match[3]) <= int(match[2]) + _MAX_GLOB:
            names.append(word)
        else:
            names.extend(f"{match[1]}{n}" for n in range(int(match[2]), int(match[3]) + 1))
    return names


def _bond_master(value: Located[str], log: DiagnosticLog) -> Located[str] | None:
    """The bond a ``bond-master`` line names (its first word)."""
    words = value.value.split()
    if not words:
        log.add(value.location.line, "bond-master without a bond name")
        return None
    if len(words) > 1:
        log.add(value.location.line, f"bond-master names {len(words)} bonds; ifenslave uses one")
    return Located(words[0], value.location)
