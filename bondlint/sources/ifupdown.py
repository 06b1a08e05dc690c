"""Debian/Ubuntu ifupdown: ``/etc/network/interfaces`` and ``interfaces.d/*``.

Three tools read this syntax and each reads its own ``bond-*`` keywords (the full table,
with the sources checked, is docs/formats/ifupdown.md):

* classic ifupdown runs ifenslave's ``if-pre-up.d/ifenslave`` script, which reads a fixed
  list of ``IF_BOND_*`` variables and writes them to sysfs: a bond stanza carries its
  options and, in one style, its ports in ``bond-slaves``; in the other style
  ``bond-slaves none`` and each port stanza names its bond in ``bond-master``.  ifupdown
  exports every option upper-cased with ``-`` turned into ``_``, so ``bond-lacp-rate``,
  ``bond_lacp_rate`` and ``BOND-LACP-RATE`` are one option;
* ifupdown2 (its ``bond`` addon) has its own keyword list, turns ``_`` into ``-`` (case is
  kept), allows a stanza without family and method, and has no ``bond-master``;
* ifupdown-ng lists ports in ``bond-members`` (``bond-slaves`` is remapped to it), marks a
  bond with ``use bond`` (or any ``bond-*`` keyword), and hands every other ``bond-X``
  keyword to ``ip link add … type bond X value``.

A keyword the file's tool does not read is kept in ``extra`` as ``not-applied.<keyword>``
(a keyword no tool reads as ``unknown.<keyword>``), never as a bond option: the tool drops
it, so the bond runs with the default.  ``source`` lines are recorded but not followed:
discovery reads those files itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from bondlint.sources.base import (
    LAYER_CUMULUS,
    LAYER_IFUPDOWN,
    LAYER_IFUPDOWN2,
    LAYER_IFUPDOWN_NG,
    BondDefinition,
    Fact,
    Located,
    Location,
    ParseResult,
    PortDefinition,
    VlanDefinition,
)
from bondlint.sources.registry import Place, SourceFormat
from bondlint.sources.text import (
    DOTTED_VLAN,
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
_NO_PORTS = frozenset({"none", "all"})  # "all" lets ifenslave pick every Ethernet device
_EXTRA_OPTIONS = frozenset({"hwaddress", "address", "gateway", "clag-id", "requires", "use", "link-type"})
_BACKUP_SUFFIXES = (
    *("~", ".bak", ".orig", ".old", ".save", ".swp"),
    *(".dpkg-old", ".dpkg-dist", ".dpkg-new", ".ucf-old", ".ucf-dist", ".ucf-new"),
)
_IFACE_HEAD = re.compile(r"^[ \t]*iface[ \t]+\S+[ \t]+inet6?\b", re.MULTILINE)

# --- what each tool reads ----------------------------------------------------------------
# Keywords are compared in their dashed, lower-case spelling without "bond-".  Sources:
# ifenslave 2.13 etc/network/if-pre-up.d/ifenslave (Debian bookworm), ifupdown2
# ifupdown2/addons/bond.py, ifupdown-ng executors/linux/bond + libifupdown/interface-file.c
# + doc/interfaces-bond.scd, iproute2 6.1 `ip link add type bond help`.

# ifenslave: the IF_BOND_* variables its pre-up script writes to sysfs.
_CLASSIC_OPTIONS = frozenset(
    {
        *("mode", "miimon", "updelay", "downdelay", "arp-interval", "arp-ip-target", "arp-validate"),
        *("use-carrier", "num-grat-arp", "num-unsol-na", "xmit-hash-policy", "ad-select", "lacp-rate"),
        *("tlb-dynamic-lb", "packets-per-slave", "fail-over-mac", "active-slave", "primary"),
        "primary-reselect",
    }
)
# ifupdown2's bond addon: the attributes it turns into netlink (bond-ad-sys-* are its
# deprecated spellings; es-sys-mac, without the prefix, is handled in _kernel_option).
_IFUPDOWN2_OPTIONS = frozenset(
    {
        *("mode", "miimon", "updelay", "downdelay", "arp-interval", "arp-ip-target", "use-carrier"),
        *("num-grat-arp", "num-unsol-na", "xmit-hash-policy", "lacp-rate", "min-links", "primary"),
        *("primary-reselect", "ad-actor-sys-prio", "ad-sys-priority", "ad-actor-system", "ad-sys-mac-addr"),
    }
)
# ifupdown-ng passes bond-X to `ip link add ... type bond X` (dashes as underscores): what
# iproute2 accepts there ("ad-sys-priority" is remapped by ifupdown-ng itself).
_IP_LINK_OPTIONS = frozenset(
    {
        *("mode", "active-slave", "miimon", "updelay", "downdelay", "peer-notify-delay", "use-carrier"),
        *("arp-interval", "arp-validate", "arp-all-targets", "arp-ip-target", "ns-ip6-target", "primary"),
        *("primary-reselect", "fail-over-mac", "xmit-hash-policy", "resend-igmp", "num-grat-arp"),
        *("num-unsol-na", "all-slaves-active", "min-links", "lp-interval", "packets-per-slave"),
        *("tlb-dynamic-lb", "lacp-rate", "lacp-active", "ad-select", "ad-user-port-key"),
        *("ad-actor-sys-prio", "ad-actor-system", "arp-missed-max", "ad-sys-priority"),
    }
)
_OPTIONS_READ = {
    LAYER_IFUPDOWN: _CLASSIC_OPTIONS,
    LAYER_IFUPDOWN2: _IFUPDOWN2_OPTIONS,
    LAYER_CUMULUS: _IFUPDOWN2_OPTIONS,
    LAYER_IFUPDOWN_NG: _IP_LINK_OPTIONS,
}
# Port lists each tool reads on the bond stanza ("slaves": ifenslave's old name; "bond-ports":
# an ifupdown2 alias; ifupdown-ng documents "slaves" too but only remaps "bond-slaves").
_PORT_LISTS_READ = {
    LAYER_IFUPDOWN: frozenset({"bond-slaves", "slaves"}),
    LAYER_IFUPDOWN2: frozenset({"bond-slaves", "bond-ports"}),
    LAYER_CUMULUS: frozenset({"bond-slaves", "bond-ports"}),
    LAYER_IFUPDOWN_NG: frozenset({"bond-members", "bond-slaves"}),
}
_PORT_LISTS = frozenset().union(*_PORT_LISTS_READ.values())
# Documented keywords that are not bond options: where they go instead.
#   bond-master: a port names its bond (ifenslave only);
#   bond-queue-id: ifenslave's per-port "eth0:1 eth1:2" queue ids (kept on the bond);
#   bond-lacp-bypass-allow: ifupdown2/Cumulus LACP bypass, no upstream kernel option;
#   bond-give-up-on-slaves: not a keyword of any tool (it is not in ifenslave's script).
_OTHER_KEYWORDS = frozenset({"master", "queue-id", "lacp-bypass-allow"})
# Of those, what each tool reads and applies (kept in extra under the keyword itself).
_KEPT_READ = {
    LAYER_IFUPDOWN: frozenset({"queue-id"}),
    LAYER_IFUPDOWN2: frozenset({"lacp-bypass-allow"}),
    LAYER_CUMULUS: frozenset({"lacp-bypass-allow"}),
    LAYER_IFUPDOWN_NG: frozenset(),
}
# Documented by ifupdown-ng's interfaces-bond(5) but refused by `ip link` ("peer_notif_delay"
# is not iproute2's word: it says peer_notify_delay), so the whole bond is not created.
_REFUSED_BY_IP = frozenset({"peer-notif-delay"})
_KNOWN_OPTIONS = _CLASSIC_OPTIONS | _IFUPDOWN2_OPTIONS | _IP_LINK_OPTIONS
# Keyword spellings whose kernel option name differs from the keyword.
_KERNEL_NAMES = {
    "ad-sys-priority": "ad_actor_sys_prio",
    "ad-sys-mac-addr": "ad_actor_system",
    "peer-notify-delay": "peer_notif_delay",
    "es-sys-mac": "ad_actor_system",
}


@dataclass(slots=True)
class _Stanza:
    """One ``iface`` stanza: its header and its options in file order."""

    name: Located[str]
    header: Located[str]  # "<family> <method>" as written
    options: list[tuple[str, Located[str]]] = field(default_factory=list)


SOURCE = SourceFormat(
    name=FORMAT,
    describes="an ifupdown interfaces file",
    order=110,
    role="definition",
    tool="ifupdown",
    names=("interfaces", "*/interfaces", "*/interfaces.d/*"),
    telltales=(("interfaces", "an ifupdown interfaces file"),),
    places=(
        Place("etc/network", ("interfaces",)),
        Place("etc/network/interfaces.d", called="ifupdown's folder"),
        Place("interfaces.d", (), called="ifupdown's folder"),
    ),
    hook=r"(^|/)network/interfaces(\.d/[^/]+)?$",
    definition_rank=5,
)


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


# Lines only ifupdown-ng reads: its executors ("use bond"), dependencies, inheritance,
# bond-members, and its "interface"/"template" stanza openers.
_NG_LINE = re.compile(r"^[ \t]*(use|requires|inherit|bond[-_]members|interface|template)[ \t]", re.MULTILINE | re.I)


def parse(text: str, path: str) -> ParseResult:
    """Read one interfaces file; never raises."""
    log = DiagnosticLog(path)
    ng = bool(_NG_LINE.search(text))
    reader = _StanzaReader(path, log, ng)
    for number, line in _logical_lines(text):
        if ng:  # ifupdown-ng ends a line at any '#', not only at the start
            line = line.split("#", 1)[0].strip()
        if line and not line.startswith("#"):
            reader.line(number, line)
    layer = LAYER_IFUPDOWN_NG if ng else _layer(reader.stanzas)
    facts: list[Fact] = []
    for stanza in reader.stanzas:
        facts.extend(_facts(stanza, reader.marks, reader.sources, log, layer))
        vlan = _vlan(stanza)
        if vlan is not None:
            facts.append(vlan)
    return ParseResult(facts=facts, diagnostics=log.result())


@dataclass(slots=True)
class _StanzaReader:
    """The stanzas of one file, line by line, and the ``auto``/``allow-*`` and ``source``
    lines around them."""

    path: str
    log: DiagnosticLog
    ng: bool  # ifupdown-ng's syntax
    stanzas: list[_Stanza] = field(default_factory=list)
    by_name: dict[str, _Stanza] = field(default_factory=dict)
    marks: dict[str, Located[str]] = field(default_factory=dict)  # interface -> the auto / allow-* line naming it
    sources: dict[str, Located[str]] = field(default_factory=dict)
    current: _Stanza | None = None  # the stanza option lines belong to
    in_mapping: bool = False  # in a stanza whose lines are not options

    def line(self, number: int, line: str) -> None:
        """One logical line (not blank, no comment)."""
        words = line.split()
        keyword = words[0]
        here = Location(self.path, number)
        if looks_binary(line):
            self.log.add(number, bad_line_message(line, "an interfaces line"))
        elif keyword == "iface" or (self.ng and keyword == "interface"):
            self.current, self.in_mapping = _iface(words, here, self.log), False
            if self.current is not None:
                self.stanzas.append(self.current)
                self.by_name.setdefault(self.current.name.value, self.current)
        elif keyword in ("mapping", "vlan") or (self.ng and keyword in ("template", "defaults")):
            # mapping: script/map lines; ifupdown2 "vlan": bridge VLAN options; ifupdown-ng
            # templates hold options only the stanzas that inherit them use.
            self.current, self.in_mapping = None, True
        elif keyword in _PLAIN_KEYWORDS or keyword.startswith("allow-"):
            self.current, self.in_mapping = None, False
            self.plain(keyword, words, Located(line[len(keyword) :].strip(), here))
        elif self.current is not None:
            self.current.options.append((_option_name(keyword), Located(line[len(keyword) :].strip(), here)))
        elif not self.in_mapping:  # a mapping's "script" and "map" lines are its own
            self.log.add(number, f"option {keyword!r} outside an iface stanza: ifupdown rejects it")

    def plain(self, keyword: str, words: list[str], rest: Located[str]) -> None:
        """A line that ends the current stanza: ``source``, ``auto``, ``allow-*`` …"""
        if keyword in _SOURCE_KEYWORDS:
            _record_source(self.sources, keyword, rest)
        elif keyword == "auto" or keyword.startswith("allow-"):
            for name in words[1:]:
                self.marks.setdefault(name, Located(keyword, rest.location))
            if self.ng and keyword == "auto" and len(words) > 1:
                self.current = self.auto_stanza(words[1], rest.location)

    def auto_stanza(self, name: str, here: Location) -> _Stanza:
        """ifupdown-ng: option lines after ``auto X`` belong to X (a stanza of its own
        when no ``iface X`` came before)."""
        stanza = self.by_name.get(name)
        if stanza is None:
            stanza = _Stanza(name=Located(name, here), header=Located("", here))
            self.stanzas.append(stanza)
            self.by_name[name] = stanza
        return stanza


def _vlan(stanza: _Stanza) -> VlanDefinition | None:
    """A VLAN stanza: ``vlan-raw-device`` / ``vlan-id`` (the vlan package, ifupdown2,
    ifupdown-ng), else a ``<device>.<id>`` name, which all three read as device and id."""
    options = {name: value for name, value in stanza.options if value.value}
    raw, vid = options.get("vlan-raw-device"), options.get("vlan-id")
    dotted = DOTTED_VLAN.fullmatch(stanza.name.value)
    if raw is None and vid is None and dotted is None:
        return None
    if raw is None and dotted is not None:
        raw = Located(dotted[1], stanza.name.location)
    if vid is None and dotted is not None:
        vid = Located(dotted[2], stanza.name.location)
    return VlanDefinition(FORMAT, stanza.name.location, raw, vid, stanza.name)


# Options only ifupdown2 on Cumulus Linux reads (its MLAG, clagd, and LACP bypass): the
# file configures a Cumulus switch. (Port names prove nothing: DSA boards name ports swpN.)
_CUMULUS_OPTIONS = frozenset(
    {"clag-id", "clagd-peer-ip", "clagd-sys-mac", "clagd-backup-ip", "clagd-priority", "bond-lacp-bypass-allow"}
)
# Options only ifupdown2 reads (classic ifupdown has no VLAN-aware bridge keywords, and the
# bond addon's own spellings).
_IFUPDOWN2_ONLY = frozenset(
    {"bridge-vlan-aware", "bridge-vids", "bridge-pvid", "bridge-access", "bond-ports", "es-sys-mac"}
    | {"bond-ad-sys-priority", "bond-ad-sys-mac-addr"}
)


def _layer(stanzas: list[_Stanza]) -> str:
    """Which tool applies the file: ifupdown2 on Cumulus Linux, ifupdown2 (a stanza
    without family and method, or its own keywords), or classic ifupdown/ifenslave."""
    ifupdown2 = False
    for stanza in stanzas:
        ifupdown2 = ifupdown2 or not stanza.header.value
        for name, value in stanza.options:
            if name in _CUMULUS_OPTIONS:
                return LAYER_CUMULUS
            if name in _IFUPDOWN2_ONLY or (name in _PORT_LISTS and value.value.split()[:1] in (["glob"], ["regex"])):
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
    """The stanza an ``iface`` line opens (ifupdown2 and -ng allow the family and method out)."""
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


def _kernel_option(name: str, layer: str) -> tuple[str, str]:
    """What ``layer`` does with bond keyword ``name`` (dashed): ("option", kernel name);
    ("kept", name) for a keyword it applies that is no bond option; ("not-applied", name)
    for a keyword only another tool reads; ("unknown", name) for one no tool reads."""
    if name == "es-sys-mac":  # ifupdown2's EVPN multihoming system MAC
        if layer in (LAYER_IFUPDOWN2, LAYER_CUMULUS):
            return "option", _KERNEL_NAMES[name]
        return "not-applied", name
    word = name[len("bond-") :]
    if word in _OPTIONS_READ[layer]:
        return "option", _KERNEL_NAMES.get(word, word.replace("-", "_"))
    if word in _KEPT_READ[layer]:
        return "kept", name
    if word in _KNOWN_OPTIONS or word in _OTHER_KEYWORDS or word in _REFUSED_BY_IP:
        return "not-applied", name
    return "unknown", name


def _is_bond_keyword(name: str) -> bool:
    return (name.startswith("bond-") and len(name) > len("bond-")) or name == "es-sys-mac"


def _facts(
    stanza: _Stanza,
    marks: dict[str, Located[str]],
    sources: dict[str, Located[str]],
    log: DiagnosticLog,
    layer: str,
) -> list[Fact]:
    """The bond and/or bond port one stanza defines, applied by ``layer``."""
    extra: dict[str, Located[str]] = dict(sources)
    if stanza.header.value:
        extra["iface"] = stanza.header
    mark = marks.get(stanza.name.value)
    if mark is not None:
        extra[mark.value] = Located(stanza.name.value, mark.location)
    read = _BondOptions(layer, log, extra)
    for name, value in stanza.options:
        read.option(name, value)
    facts: list[Fact] = []
    if read.master is not None:
        # ifenslave reads these when a port brings its bond up; cloud-init repeats them here.
        port_extra = extra | {f"option.{key}": value for key, value in read.options.items()}
        facts.append(
            PortDefinition(
                format=FORMAT,
                layer=layer,
                location=stanza.name.location,
                controller=read.master,
                interface=stanza.name,
                mtu=read.mtu,
                extra=port_extra,
            )
        )
    if read.lists_ports or read.uses_bond or (read.options and read.master is None):
        facts.append(
            BondDefinition(
                format=FORMAT,
                layer=layer,
                location=stanza.name.location,
                interface=stanza.name,
                options=read.options,
                options_location=stanza.name.location,
                port_names=read.ports,
                mtu=read.mtu,
                extra=extra,
            )
        )
    return facts


@dataclass(slots=True)
class _BondOptions:
    """What one stanza's option lines say about a bond, as ``layer`` applies them."""

    layer: str
    log: DiagnosticLog
    extra: dict[str, Located[str]]
    options: dict[str, Located[str]] = field(default_factory=dict)
    ports: list[Located[str]] = field(default_factory=list)
    lists_ports: bool = False  # a port list the layer reads, even "none"
    uses_bond: bool = False  # ifupdown-ng's "use bond"
    master: Located[str] | None = None  # ifenslave's bond-master: the stanza is a port
    mtu: Located[str] | None = None

    def option(self, name: str, value: Located[str]) -> None:
        """One option line (``name`` in its dashed spelling)."""
        if name in _EXTRA_OPTIONS and value.value:
            self.extra[name] = value
        if name == "mtu":
            self.mtu = value
        elif name == "use":
            self.uses_bond = self.uses_bond or "bond" in value.value.split()
        elif name in _PORT_LISTS_READ[self.layer]:
            self.port_list(name, value)
        elif name in _PORT_LISTS:
            self.extra[f"not-applied.{name}"] = value
        elif name == "bond-master" and self.layer == LAYER_IFUPDOWN:
            self.master = _bond_master(value, self.log)
        elif _is_bond_keyword(name):
            self.bond_keyword(name, value)

    def port_list(self, name: str, value: Located[str]) -> None:
        """A port list the layer reads: the last one wins; ``none`` and ``all`` list none."""
        self.extra[name] = value
        self.lists_ports = True
        words = value.value.split()
        if words and words[0].lower() not in _NO_PORTS:
            self.ports = [Located(word, value.location) for word in _port_words(words, self.layer)]
        else:
            self.ports = []

    def bond_keyword(self, name: str, value: Located[str]) -> None:
        """A ``bond-*`` keyword: an option the layer applies, or kept in ``extra``."""
        kind, kernel = _kernel_option(name, self.layer)
        if kind != "option":
            self.extra[name if kind == "kept" else f"{kind}.{kernel}"] = value
            return
        if kernel in LIST_OPTIONS:
            value = Located(",".join(value.value.replace(",", " ").split()), value.location)
        elif kernel == "primary" and self.layer == LAYER_IFUPDOWN and len(value.value.split()) > 1:
            # ifenslave takes the first listed interface that is a port of the bond.
            self.extra[name] = value
            value = Located(value.value.split()[0], value.location)
        if value.value:
            add_option(self.options, kernel, value)


_GLOB_RANGE = re.compile(r"([^\d\s]+)(\d+)-(\d+)$")
_MAX_GLOB = 512


def _port_words(words: list[str], layer: str) -> list[str]:
    """Port names of a port list.  ifupdown2 reads "glob" and "regex" as applying to the
    next word only ("noglob"/"noregex" switch them off): ``glob swp1-4`` names swp1 … swp4;
    a ``regex`` pattern names ports this file cannot list and is kept as written."""
    if layer not in (LAYER_IFUPDOWN2, LAYER_CUMULUS):
        return words
    names: list[str] = []
    mode = ""
    for word in words:
        if word in ("glob", "regex"):
            mode = word
            continue
        if word in ("noglob", "noregex"):
            mode = ""
            continue
        match = _GLOB_RANGE.match(word) if mode == "glob" else None
        if match is None or not int(match[2]) <= int(match[3]) <= int(match[2]) + _MAX_GLOB:
            names.append(word)
        else:
            names.extend(f"{match[1]}{n}" for n in range(int(match[2]), int(match[3]) + 1))
        mode = ""
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
