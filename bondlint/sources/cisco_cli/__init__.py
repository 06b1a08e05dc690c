"""Parser for the running-config of Cisco IOS / IOS-XE, Cisco NX-OS and Arista EOS.

The three share one syntax: a line at column 0 opens a stanza (``interface Ethernet1``,
``vlan 10``, ``router bgp 1``) and indented lines belong to it.  One pass reads the
interface stanzas and the few global lines that change interface defaults; every other
stanza is skipped, banners and EOS ``comment`` blocks included.  The platform is decided
at the end from the evidence seen (``feature`` lines, ``! device: … EOS``, ``switchport
nonnegotiate`` …) because nothing read depends on it.  Values stay as written, except
interface names (canonical long form, through netutils) and trunk allowed-VLAN lists
(every ``add``/``remove``/``except`` line folded into one canonical list).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import NamedTuple

from bondlint.sources.base import (
    Fact,
    Located,
    Location,
    ParseResult,
    SwitchConfig,
    SwitchInterface,
)
from bondlint.sources.registry import SourceFormat
from bondlint.sources.text import (
    DiagnosticLog,
    looks_binary,
    new_located,
    new_located_at,
    new_location,
)

FORMAT = "cisco-cli"
# The largest chassis configs are a few MB; anything far bigger is not a running-config.
MAX_BYTES = 64 * 1024 * 1024

# -- which files are ours ------------------------------------------------------------

_NAME_SUFFIXES = (".cfg", ".conf", ".ios", ".nxos", ".eos")
_NAME_ENDINGS = ("running-config", "startup-config")
_NAME_PREFIXES = ("show_run",)  # show_running-config, show_run_all, show_running-config.txt
# FRR / Quagga write the same "!"-and-indent syntax about a Linux host's own interfaces.
_ROUTING_DAEMON_FILES = frozenset(
    {
        "frr.conf",
        "quagga.conf",
        "zebra.conf",
        "bgpd.conf",
        "ospfd.conf",
        "ospf6d.conf",
        "isisd.conf",
        "ripd.conf",
        "ripngd.conf",
        "pimd.conf",
        "ldpd.conf",
        "bfdd.conf",
        "staticd.conf",
        "vtysh.conf",
    }
)
_ROUTING_DAEMON_DIRS = frozenset({"frr", "quagga"})
# First words that only other formats put at column 0 (ifupdown, FRR, Junos set, NCLU).
_FOREIGN_WORDS = frozenset(
    {"iface", "auto", "allow-hotplug", "mapping", "source", "source-directory", "frr", "set", "net"}
)
# Column-0 keywords of a Cisco/Arista running-config that other line formats lack.
_HEAD_KEYWORDS = frozenset(
    {
        "hostname",
        "switchname",
        "version",
        "feature",
        "feature-set",
        "vlan",
        "spanning-tree",
        "service",
        "transceiver",
        "daemon",
        "username",
        "aaa",
        "boot",
        "boot-start-marker",
        "vrf",
        "vpc",
        "mlag",
        "errdisable",
        "snmp-server",
        "ntp",
        "logging",
        "clock",
        "banner",
        "line",
        "enable",
    }
)
_CONFIG_HEADERS = ("Building configuration", "Current configuration")
# Indented sub-commands only a switch's interface stanza holds (FRR, the one Linux format
# with the same syntax, has none of them): with an ``interface`` line they make a capture
# of interface stanzas (``show run | section interface``, ``show run interface X``) ours
# under any file name.
_SWITCH_SUBCOMMANDS = frozenset(
    {"switchport", "channel-group", "channel-protocol", "spanning-tree", "vpc", "mlag", "lacp"}
)
# A device prompt: IOS/NX-OS ``leaf1#``, ``leaf1(config)#``, ``leaf1(config-if)#``, EOS
# ``leaf1>``, and the command typed after it, if any.
_PROMPT = re.compile(r"([A-Za-z0-9][\w.-]*)(?:\([\w-]+\))?[#>] ?(.*)")
# Commands a capture's prompt line may show (abbreviations included: "sh run").
_PROMPT_COMMANDS = frozenset({"sh", "sho", "show", "more", "term", "terminal"})
# The commands that print a configuration: show running-config / startup-config (any
# abbreviation down to "sh run"), IOS-XR/EOS "show configuration", "more system:running-config".
_CONFIG_COMMAND = re.compile(
    r"(?:sh|sho|show)\s+(?:run|runn|runni|runnin|running|running-config|start|startup|startup-config|conf|config|configuration)\b"
    r"|more\s+\S*(?:running|startup)-config",
    re.IGNORECASE,
)

# -- the switch's name when no hostname line gives it ------------------------------------

# File names that say what was captured, not from which switch: the folder names it.
_GENERIC_NAME = re.compile(
    r"(?:show[ _-]?)?(?:run(?:ning)?|start(?:up)?)(?:[ _-]?config(?:uration)?)?(?:[ _-].*)?"
    r"|show[ _-].*|config(?:uration)?|juniper|switch",
    re.IGNORECASE,
)
# The same words after a switch's name: "leaf1_show_run", "leaf1-running-config".
_CAPTURE_SUFFIX = re.compile(
    r"[ _.-](?:show[ _-]?)?(?:run(?:ning)?[ _-]?config(?:uration)?|show[ _-]?run.*|"
    r"startup[ _-]?config|show[ _-]?conf(?:iguration)?.*)$",
    re.IGNORECASE,
)
# Extensions a capture's name may carry ("leaf1.example.org.cfg" keeps its domain).
_CAPTURE_EXTENSIONS = frozenset(
    {".cfg", ".conf", ".ios", ".nxos", ".eos", ".set", ".junos", ".txt", ".log", ".out", ".text", ".gz"}
)
NAME_FROM_HOSTNAME = "hostname line"
NAME_FROM_PROMPT = "prompt"
NAME_FROM_FILE = "file name"
NAME_FROM_FOLDER = "folder name"

# -- platform evidence -------------------------------------------------------------------

_IOS, _NXOS, _EOS = "ios", "nxos", "eos"
_RANCID_TYPES = {"cisco": _IOS, "cisco-nx": _NXOS, "arista": _EOS}
_DECISIVE = 1000  # RANCID's content-type header
_STRONG = 10  # a line only one platform writes
_PATH_HINT = 3  # a parent directory named after the platform: below any content evidence
_WEAK = 1  # a naming or indentation habit
# Tie-break when evidence is equal: IOS is the oldest and most common dialect.
_PLATFORM_ORDER = (_IOS, _NXOS, _EOS)
_PATH_SUFFIXES = {".ios": _IOS, ".nxos": _NXOS, ".eos": _EOS}
# Interface types only IOS / IOS-XE spell out in a running-config.
_IOS_ONLY_TYPES = frozenset(
    {
        "fastethernet",
        "gigabitethernet",
        "tengigabitethernet",
        "twentyfivegige",
        "fortygigabitethernet",
        "hundredgige",
        "hundredgigabitethernet",
        "appgigabitethernet",
    }
)
# Indentation of interface sub-commands each platform prints.
_INDENT_HABIT = {1: _IOS, 2: _NXOS, 3: _EOS}

# -- interface names ---------------------------------------------------------------------

# What netutils' split_interface strips to find the type: digits and separators.
_NUMBER_CHARS = "/\\0123456789.: "
_INTERFACE_RANGE = re.compile(r"(.*?)([0-9]+)-([0-9]+)")
_MAX_RANGE = 4096  # more ports than any chassis: a typo, not a range
_MAX_HEADER = 512

# -- VLAN lists --------------------------------------------------------------------------

_VLAN_MIN, _VLAN_MAX = 1, 4094
_ALL_VLANS: tuple[tuple[int, int], ...] = ((_VLAN_MIN, _VLAN_MAX),)

# -- stanza contexts ---------------------------------------------------------------------

_TOP, _INTERFACE, _MLAG, _OTHER = 0, 1, 2, 3
# Interface sub-commands with no global meaning: a hand-written config that forgot to
# indent them (Batfish's catalog has one) still means the interface above.
_FLAT_INTERFACE_VERBS = frozenset({"switchport", "channel-group", "description", "shutdown"})
# Sub-commands always written alike that set one value, looked up whole before any
# splitting: they are most lines of an access switch.  Each must do what its handler does
# (a test checks); lines that also tell the platform go through their handlers.
_FIXED_LINES: dict[str, tuple[str, str]] = {
    "shutdown": ("shutdown", "yes"),
    "no shutdown": ("shutdown", "no"),
    "switchport": ("switchport", "yes"),
    "no switchport": ("switchport", "no"),
    "switchport mode access": ("mode", "access"),
    "switchport mode trunk": ("mode", "trunk"),
    "spanning-tree portfast": ("edge", "yes"),
    "spanning-tree portfast edge": ("edge", "yes"),
    "spanning-tree portfast disable": ("edge", "no"),
    "no lacp suspend-individual": ("lacp_suspend_individual", "no"),
    "lacp rate fast": ("lacp_rate", "fast"),
    "lacp rate normal": ("lacp_rate", "normal"),
}
# Sub-commands whose value is their last word, by what comes before it: each must do
# what its handler does with one word after these (a test checks).
_LAST_WORD_LINES: dict[str, str] = {
    "switchport access vlan": "access_vlan",
    "switchport trunk native vlan": "native_vlan",
    "mtu": "mtu",
}
_CHANNEL_MODES = frozenset({"active", "passive", "on", "auto", "desirable"})
# What text.looks_binary objects to, CR aside (CRLF files); "c in text" per character is
# ten times faster than one regular expression over a large file.
_CONTROL_CHARS = tuple(chr(code) for code in range(32) if chr(code) not in "\t\n\r")


def claims(path: PurePosixPath, head: str) -> bool:
    """A capture of a Cisco/Arista running-config, whole or in part.

    Under a config-like file name (``.cfg``, ``running-config`` …) a head that reads like a
    running-config is enough.  Under any other name the head must say so itself: the
    ``Building configuration...`` / ``Current configuration`` preamble, a device prompt
    typing ``show …`` (``leaf1#show run``), or ``interface`` stanzas with switch-only
    sub-commands (``switchport``, ``channel-group`` …), as ``show run | section interface``
    prints them.  Called without a head (the by-name round) this never claims.
    """
    name = path.name.lower()
    if name in _ROUTING_DAEMON_FILES or _ROUTING_DAEMON_DIRS.intersection(path.parts):
        return False
    verdict = _head_verdict(head)
    if verdict == _SURE:
        return True
    named = name.endswith(_NAME_SUFFIXES) or name.endswith(_NAME_ENDINGS) or name.startswith(_NAME_PREFIXES)
    return named and verdict == _LIKELY


_NOT_CLI, _LIKELY, _SURE = 0, 1, 2


def _head_verdict(head: str) -> int:
    """``_SURE``: the preamble, a prompt typing ``show``, or interface stanzas with
    switch-only sub-commands; ``_LIKELY``: an ``interface`` line in Cisco company, ``!``
    comments with Cisco keywords, or ``hostname`` with ``version``/``feature`` (an NX-OS
    head has no ``!`` at all)."""
    bang = interface = keyword = switchport = strong = named = versioned = False
    prompted = stanza_keyword = False
    in_interface = False
    for raw in head.split("\n"):
        line = raw.rstrip("\r").lstrip("\ufeff")
        stripped = line.strip()
        if not stripped:
            continue
        if stripped[0] == "!":
            bang = True
            strong = strong or bool(_comment_platform(stripped)[0])
            continue
        if stripped[0] == "#":
            continue
        if stripped[0] == "[" or stripped.endswith(("{", "}", ";")):
            return _NOT_CLI  # INI (keyfile, networkd) or Junos braces
        word = stripped.split(None, 1)[0]
        if line[0] in " \t":
            switchport = switchport or word == "switchport"
            if in_interface and word in _SWITCH_SUBCOMMANDS:
                stanza_keyword = True
            continue
        in_interface = word == "interface"
        if "#" in word or ">" in word:
            prompt = _prompt(line)
            if prompt is not None:
                # A prompt typing "show run…": other show commands (lacp, etherchannel)
                # print tables, not a configuration.
                prompted = prompted or bool(_CONFIG_COMMAND.match(prompt[1]))
                continue
        if word in _FOREIGN_WORDS:
            return False
        # A capture whose stanza bodies lost their indentation (pasted, or genieparser's
        # samples): a switch-only sub-command after an interface line still says so.
        if interface and word in _SWITCH_SUBCOMMANDS:
            stanza_keyword = True
        interface = interface or word == "interface"
        keyword = keyword or word in _HEAD_KEYWORDS
        named = named or word in ("hostname", "switchname")
        versioned = versioned or word in ("version", "feature", "feature-set")
        switchport = switchport or word == "switchport"
        strong = strong or stripped.startswith(_CONFIG_HEADERS)
    if strong or prompted or (interface and stanza_keyword):
        return _SURE
    if (interface and (bang or keyword or switchport)) or (bang and keyword) or (named and versioned):
        return _LIKELY
    return _NOT_CLI


def _prompt(line: str) -> tuple[str, str] | None:
    """The device name of a prompt line (``leaf1#``, ``leaf1(config)# show run``,
    ``leaf1>show running-config``) and the command typed after it; None when the line is
    no prompt (or types something other than ``show``)."""
    match = _PROMPT.fullmatch(line.rstrip())
    if match is None:
        return None
    command = match.group(2).strip()
    if command and command.split(None, 1)[0].lower() not in _PROMPT_COMMANDS:
        return None
    return match.group(1), command


def name_from_path(path: str) -> tuple[str, str]:
    """The switch's name as its capture's file name gives it, and which name that is:
    ``leaf1.cfg`` and ``leaf1_show_run.txt`` -> ("leaf1", "file name"); a name that only
    says what was captured (``running-config``, ``show_run.txt``) -> the folder's."""
    pure = PurePosixPath(path)
    stem = pure.name
    while PurePosixPath(stem).suffix.lower() in _CAPTURE_EXTENSIONS:  # "leaf1.cfg.txt"
        stem = stem[: -len(PurePosixPath(stem).suffix)]
    trimmed = _CAPTURE_SUFFIX.sub("", stem)
    if trimmed and not _GENERIC_NAME.fullmatch(stem):
        return trimmed, NAME_FROM_FILE
    folder = pure.parent.name
    if folder and folder not in (".", ".."):
        return folder, NAME_FROM_FOLDER
    return stem or pure.name, NAME_FROM_FILE


def _comment_platform(comment: str) -> tuple[str, int, str]:
    """The platform a ``!`` comment names, how sure that is, and the kind of evidence."""
    body = comment[1:].strip()
    if body.startswith("RANCID-CONTENT-TYPE:"):
        found = _RANCID_TYPES.get(body.partition(":")[2].strip().lower(), "")
        return found, _DECISIVE, "rancid"  # whoever archived it was told the platform
    if body.startswith("device:") and "EOS-" in body:
        return _EOS, _STRONG, "device"
    if body.startswith("boot system") and ".swi" in body:
        return _EOS, _STRONG, "boot image"
    if comment.startswith(("!Command: show running-config", "!Time:")):
        return _NXOS, _STRONG, "show header"  # NX-OS prints no space after "!"
    if comment.startswith("! Command: show running-config"):
        return _EOS, _STRONG, "show header"
    if body.startswith(("Last configuration change", "NVRAM config last updated")):
        return _IOS, _STRONG, "change stamp"
    return "", 0, ""


def parse(text: str, path: str) -> ParseResult:
    """Read one running-config into a ``SwitchConfig`` and its ``SwitchInterface`` s."""
    reader = _Reader(path)
    if not text.strip():
        what = "the file is empty" if not text else "the file holds only whitespace"
        reader.log.add(1, f"not a running-config: {what}")
        return ParseResult(diagnostics=reader.log.result())
    # Every fact allocated here lives on; the cyclic collector would rescan them all again
    # and again (about 40% of the time on a 10,000-interface config) and find nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        has_control_chars = any(char in text for char in _CONTROL_CHARS)
        reader.read(text.lstrip("\ufeff").split("\n"), has_control_chars)
        return reader.result()
    finally:
        if collecting:
            gc.enable()


# --------------------------------------------------------------------------------------
# VLAN list arithmetic on sorted, merged (low, high) intervals.
#
# netutils' vlanconfig_to_list/vlanlist_to_config expand every VLAN into a list (slow on
# the 1-4000 lists trunks carry), accept "5-3" and stray words silently and wrap at 48
# characters; intervals are exact, strict and cheap.  The tests use netutils as an oracle.

Intervals = tuple[tuple[int, int], ...]


def _is_number(word: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts "²", which ``int`` rejects."""
    return word.isascii() and word.isdigit()


def _merge(ranges: list[tuple[int, int]]) -> Intervals:
    """Sorted, with overlapping and adjacent ranges joined (1-3 and 4 make 1-4)."""
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for low, high in ranges:
        if merged and low <= merged[-1][1] + 1:
            if high > merged[-1][1]:
                merged[-1] = (merged[-1][0], high)
        else:
            merged.append((low, high))
    return tuple(merged)


def parse_vlan_list(spec: str) -> Intervals | None:
    """``1-3,5`` / ``all`` / ``none`` (spaces allowed) -> intervals; None when unreadable."""
    spec = "".join(spec.split())
    if spec == "all":
        return _ALL_VLANS
    if spec == "none":
        return ()
    ranges: list[tuple[int, int]] = []
    for item in spec.split(","):
        low, dash, high = item.partition("-")
        if not _is_number(low) or (dash and not _is_number(high)):
            return None
        first = int(low)
        last = int(high) if dash else first
        if not _VLAN_MIN <= first <= last <= _VLAN_MAX:
            return None
        ranges.append((first, last))
    return _merge(ranges)


def _union(base: Intervals, more: Intervals) -> Intervals:
    """``allowed vlan add``."""
    return _merge([*base, *more])


def _subtract(base: Intervals, less: Intervals) -> Intervals:
    """``allowed vlan remove`` (and ``except``, from all VLANs)."""
    kept: list[tuple[int, int]] = []
    for low, high in base:
        start = low
        for cut_low, cut_high in less:
            if cut_high < start:
                continue
            if cut_low > high:
                break
            if cut_low > start:
                kept.append((start, cut_low - 1))
            start = max(start, cut_high + 1)
            if start > high:
                break
        if start <= high:
            kept.append((start, high))
    return tuple(kept)


def render_vlans(intervals: Intervals) -> str:
    """Canonical text: ``none``, ``all`` (1-4094) or ``1-3,5`` (two in a row are ``1-2``)."""
    if not intervals:
        return "none"
    if intervals == _ALL_VLANS:
        return "all"
    return ",".join(str(low) if low == high else f"{low}-{high}" for low, high in intervals)


# --------------------------------------------------------------------------------------
# interface names


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


def _may_be_range(name: str) -> bool:
    """A dash right after a digit (``Ethernet1/6-7``); ``Port-channel10`` has none."""
    dash = name.rfind("-")
    return dash > 0 and name[dash - 1].isdigit()


class _Port:
    """One interface being read; ``allowed`` is folded into ``values`` at the end."""

    __slots__ = ("allowed", "allowed_at", "location", "name", "values")

    def __init__(self, name: Located[str], location: Location) -> None:
        self.name = name
        self.location = location
        self.values: dict[str, Located[str]] = {}
        self.allowed: Intervals | None = None
        self.allowed_at: Location | None = None


Handler = Callable[["_Reader", list[str], str, str, int], None]


class _BodyLines(NamedTuple):
    """The read loop's fast paths for one indentation of interface sub-commands."""

    width: int  # the indentation's length
    fixed: dict[str, tuple[str, str]]  # whole raw line -> (key, value), from _FIXED_LINES
    last_word: dict[str, str]  # raw line up to its last word -> key, from _LAST_WORD_LINES
    description: str  # the indentation, then "description "


_NO_BODY = _BodyLines(-1, {}, {}, "\n")  # outside interfaces: nothing matches


class _Reader:
    """The one-pass state machine over a running-config."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.log = DiagnosticLog(path)
        self.ports: dict[str, _Port] = {}
        self.current: list[_Port] = []
        self.context = _TOP
        self.fresh = False  # an interface stanza was just opened
        self.hostname: Located[str] | None = None
        self.prompt: Located[str] | None = None  # the first device prompt's name
        self.settings: dict[str, Located[str]] = {}
        # platform -> {evidence kind: (weight, line)}; each kind counts once.
        self.evidence: dict[str, dict[str, tuple[int, int]]] = {p: {} for p in _PLATFORM_ORDER}
        self.indent_seen = False
        self.recognised = False
        self.skip_until = ""  # a banner / comment / macro terminator being looked for
        self.skip_anywhere = False  # the terminator may sit inside a line (banners)
        self.skip_from = 0
        self.skip_what = ""
        self.macros: dict[str, str] = {}
        self.heads: dict[str, str] = {}  # interface type as written -> canonical type
        self.folded: dict[str, str] | None = None
        self._location_line = 0
        self._location = Location(path, 0)
        self._canonical_name: Callable[[str], str] | None = None
        self._bodies: dict[str, _BodyLines] = {}  # fast-path tables by indentation

    # -- driving -------------------------------------------------------------------

    def read(self, lines: list[str], has_control_chars: bool) -> None:
        """Consume every line once.

        Interface sub-commands are most of any config, so they are handled here with the
        stanza's state in local variables: attribute access on every line cost half the
        time.  Only top-level lines change the stanza; ``_enter_interface`` raises
        ``fresh`` when a new one starts.
        """
        commands = _INTERFACE_COMMANDS
        fixed_lines = _FIXED_LINES
        path = self.path
        context = self.context
        current = self.current
        skipping = bool(self.skip_until)
        body_indent = -1  # indentation of the open interface's sub-commands
        in_subblock = False  # inside a nested block (hsrp 1, tx-queue 0, evpn …)
        last_known = True  # the previous sub-command was one of ours (a leaf command)
        # The open interface's common sub-commands as whole raw lines at its body's
        # indentation (none until that is known, and outside interfaces): most lines of
        # an access switch are then one dict lookup, without stripping or splitting.  A
        # hit does what the general path below does for that line at that indentation.
        body = last_body = _NO_BODY
        for number, raw in enumerate(lines, start=1):
            if skipping:
                self._skipping(raw)
                skipping = bool(self.skip_until)
                continue
            fixed = body.fixed.get(raw)
            if fixed is not None:
                body_indent, in_subblock, last_known = body.width, False, True
                if current:  # put(), inlined: one value on a line of its own
                    value = new_located_at(fixed[1], path, number)
                    for port in current:
                        port.values[fixed[0]] = value
                continue
            if not raw:
                continue
            if (
                has_control_chars
                and looks_binary(raw.rstrip("\r"))
                and not raw.startswith("banner")  # "banner motd ^C" may hold a real ETX
            ):
                self.log.add(number, "binary data, not text")
                continue
            first = raw[0]
            if first == "!":
                if len(raw) > 2:
                    self._comment(raw.rstrip(), number)
                continue
            if first != " " and first != "\t":
                if raw.startswith("interface "):  # a third of all top-level lines
                    self._enter_interface(raw[10:], number)
                else:
                    line = raw.rstrip()
                    if not line or first == "#":
                        continue
                    self._top(line, number)
                    skipping = bool(self.skip_until)
                context = self.context
                if self.fresh:
                    body_indent, in_subblock, last_known = -1, False, True
                    current = self.current
                    self.fresh = False
                    # Interfaces of one file indent alike: try the last one's tables on
                    # this one's first line (a hit fixes body_indent as the slow path
                    # would; a miss goes the slow way and sets both).
                    body = last_body
                elif context != _INTERFACE:
                    body = _NO_BODY
                continue
            if body.fixed:  # the other common sub-commands at the body's indentation
                if raw.startswith(body.description):
                    body_indent, in_subblock, last_known = body.width, False, True
                    if current:  # what _description() keeps: verbatim, CR dropped
                        text = raw[len(body.description) :].rstrip("\r\n").lstrip()
                        value = new_located_at(text, path, number)
                        for port in current:
                            port.values["description"] = value
                    continue
                head, _, word = raw.rpartition(" ")
                key = body.last_word.get(head)
                if key is not None and word.isalnum():  # one word: no blank, no CR
                    body_indent, in_subblock, last_known = body.width, False, True
                    if current:
                        value = new_located_at(word, path, number)
                        for port in current:
                            port.values[key] = value
                    continue
            unindented = raw.lstrip()
            stripped = unindented.rstrip()
            if not stripped or stripped[0] == "#":
                continue
            if context != _INTERFACE:
                if context == _MLAG:
                    self._mlag_line(stripped, number)
                elif context == _TOP and stripped.startswith("interface "):
                    self._enter_interface(stripped[10:], number)  # an indentation slip
                    body_indent, in_subblock, last_known = -1, False, True
                    context, current = self.context, self.current
                    self.fresh = False
                continue
            indent = len(raw) - len(unindented)
            if stripped[0] == "!":
                if indent <= body_indent:
                    in_subblock = False
                continue
            if body_indent < 0 or indent <= body_indent:
                if body_indent < 0 or indent < body_indent:
                    if body_indent < 0 and not self.indent_seen:
                        self._indent_habit(raw, indent, number)
                    body_indent = indent
                    body = last_body = self._body_lines(raw[:indent])
                in_subblock = False
                if stripped.startswith("interface "):  # sample configs indent these too
                    self._enter_interface(stripped[10:], number)
                    body_indent, in_subblock, last_known = -1, False, True
                    current = self.current
                    self.fresh = False
                    body = _NO_BODY
                    continue
            elif in_subblock or not last_known:
                # Deeper than the sub-commands, under a line that opens a block (hsrp 1,
                # tx-queue 0, evpn ethernet-segment): its "shutdown" is not the port's.
                in_subblock = True
                continue
            # (Deeper, but under one of our leaf commands: a sloppy indent, still the port's.)
            fixed = fixed_lines.get(stripped)
            if fixed is not None:
                last_known = True
                if current:  # put(), inlined: one value on a line of its own
                    value = new_located_at(fixed[1], path, number)
                    for port in current:
                        port.values[fixed[0]] = value
                continue
            words = stripped.split()
            verb = words[0]
            negation = ""
            if verb == "no" or verb == "default":
                negation = verb
                del words[0]
                if not words:
                    last_known = False
                    continue
                verb = words[0]
            handler = commands.get(verb)
            if handler is None:
                last_known = False
                continue
            last_known = True
            if current:
                handler(self, words, negation, raw, number)
                if self.skip_until:  # an EOS "comment" block starts
                    skipping = True

    def _body_lines(self, indent: str) -> _BodyLines:
        """The fast-path tables for sub-commands indented by ``indent``."""
        body = self._bodies.get(indent)
        if body is None:
            fixed = {indent + line: value for line, value in _FIXED_LINES.items()}
            last_word = {indent + head: key for head, key in _LAST_WORD_LINES.items()}
            description = indent + "description "
            body = self._bodies[indent] = _BodyLines(len(indent), fixed, last_word, description)
        return body

    def _indent_habit(self, raw: str, indent: int, number: int) -> None:
        """How deep the first interface's sub-commands are indented hints at the platform."""
        self.indent_seen = True
        habit = _INDENT_HABIT.get(indent)
        if habit is not None and raw[0] == " ":
            self.note_platform(habit, "indentation", _WEAK, number)

    def _skipping(self, raw: str) -> None:
        """Inside a banner, an EOS ``comment`` or an IOS macro: look for its end."""
        line = raw.rstrip("\r")
        if self.skip_anywhere:
            done = self.skip_until in line
        else:
            done = line.strip() == self.skip_until
        if done:
            self.skip_until = ""

    def skip_to(self, until: str, anywhere: bool, number: int, what: str) -> None:
        """Ignore lines up to ``until`` (a whole line, or ``anywhere`` in one)."""
        self.skip_until = until
        self.skip_anywhere = anywhere
        self.skip_from = number
        self.skip_what = what

    def _here(self, number: int) -> Location:
        """One shared ``Location`` per line (a range line serves many interfaces)."""
        if self._location_line != number:
            self._location = new_location(self.path, number)
            self._location_line = number
        return self._location

    def note_platform(self, platform: str, kind: str, weight: int, number: int) -> None:
        """Record evidence that ``platform`` wrote the file (each kind counts once)."""
        seen = self.evidence[platform]
        if kind not in seen:
            seen[kind] = (weight, number)

    # -- top level -----------------------------------------------------------------

    def _top(self, line: str, number: int) -> None:
        """A column-0 line: opens a stanza, sets a global, or is skipped."""
        words = line.split()
        verb = words[0]
        negation = ""
        if verb == "no" or verb == "default":
            negation = verb
            words = words[1:]
            if not words:
                self.context = _OTHER
                return
            verb = words[0]
        if verb == "interface" and not negation:
            self._enter_interface(line[len("interface") :], number)
            return
        if self.context == _INTERFACE and verb in _FLAT_INTERFACE_VERBS and words[1:2] != ["default"]:
            if self.current:
                _INTERFACE_COMMANDS[verb](self, words, negation, line, number)
            return
        self.context = _OTHER
        handler = _GLOBAL_COMMANDS.get(verb)
        if handler is not None:
            handler(self, words, negation, line, number)
        elif line.startswith(_CONFIG_HEADERS):
            self.note_platform(_IOS, "config header", _STRONG, number)
        elif ("#" in verb or ">" in verb) and not negation:
            prompt = _prompt(line)
            if prompt is not None:
                # "leaf1#show run": what follows is the switch's output, from the top.
                self.context = _TOP
                if self.prompt is None:
                    self.prompt = Located(prompt[0], self._here(number))

    def _comment(self, line: str, number: int) -> None:
        """``!`` comments carry platform headers (RANCID, EOS device line, NX-OS stamps)."""
        platform, weight, kind = _comment_platform(line)
        if platform:
            self.note_platform(platform, kind, weight, number)

    # -- interface stanzas -----------------------------------------------------------

    def _enter_interface(self, spec: str, number: int) -> None:
        """``interface X`` (or a list/range of X): the following lines configure them."""
        self.context = _INTERFACE
        self.fresh = True
        current: list[_Port] = []
        self.current = current
        spec = spec.strip()
        simple = spec and " " not in spec and "," not in spec
        if simple and not ("-" in spec and _may_be_range(spec)):
            names: list[str] | tuple[str] = (spec,)  # the running-config case: one name
        else:
            names = self._interface_names(spec, number)
            if not names:
                return
        self.recognised = True
        location = self._location = new_location(self.path, number)  # _here(), inlined
        self._location_line = number
        ports, heads = self.ports, self.heads
        for written in names:
            # _canonical(), inlined for the usual case: the type was seen before.
            head = written.rstrip(_NUMBER_CHARS)
            long_head = heads.get(head)
            if long_head is None:
                name = self._canonical(written, number)
            else:
                name = long_head + written[len(head) :]
            port = ports.get(name)
            if port is None:
                port = ports[name] = _Port(new_located(name, location), location)
            current.append(port)

    def _interface_names(self, spec: str, number: int) -> list[str]:
        """The interfaces an ``interface`` line names, ranges and lists expanded."""
        if not spec:
            self.log.add(number, "'interface' without a name (truncated line?)")
            return []
        if len(spec) > _MAX_HEADER:
            self.log.add(number, f"interface line too long to be one: {spec[:40]!r}…")
            return []
        if spec.startswith("range "):
            spec = spec[6:].strip()
            if spec.startswith("macro "):
                macro = spec[6:].strip()
                if macro not in self.macros:
                    self.log.add(number, f"interface-range macro {macro!r} is not defined")
                    return []
                spec = self.macros[macro]
        names: list[str] = []
        prefix = ""
        for piece in spec.split(","):
            name = _join_name(piece)
            if not name:
                self.log.add(number, f"unreadable interface list {spec[:60]!r}")
                return []
            if name[0].isdigit():
                if not prefix:
                    self.log.add(number, f"interface {name!r} has no type")
                    return []
                name = prefix + name  # EOS "Ethernet1-4,7": 7 is an Ethernet too
            else:
                prefix = _type_prefix(name)
            match = _INTERFACE_RANGE.fullmatch(name) if "-" in name else None
            if match is None or not match[1] or match[1][-1] == "-":
                names.append(name)
                continue
            start, end = int(match[2]), int(match[3])
            if not start <= end <= start + _MAX_RANGE:
                self.log.add(number, f"unreadable interface range {name!r}")
                return []
            names.extend(f"{match[1]}{index}" for index in range(start, end + 1))
        return names

    def _canonical(self, name: str, number: int) -> str:
        """The canonical long name (netutils), computed once per interface type."""
        head = name.rstrip(_NUMBER_CHARS)
        long_head = self.heads.get(head)
        if long_head is None:
            long_head = self._long_head(name, head, number)
            self.heads[head] = long_head
        return long_head + name[len(head) :]

    def _long_head(self, name: str, head: str, number: int) -> str:
        """netutils' long form of a type; netutils is imported on the first name (~60 ms)."""
        if self._canonical_name is None:
            from netutils.constants import BASE_INTERFACES
            from netutils.interface import canonical_interface_name

            self._canonical_name = canonical_interface_name
            self.folded = {long.lower(): long for long in BASE_INTERFACES.values()}
        tail = name[len(head) :]
        full = self._canonical_name(name)  # only raises with verify=True
        long_head = full[: len(full) - len(tail)] if full.endswith(tail) else head
        if long_head == head and self.folded is not None:
            long_head = self.folded.get(head.lower(), head)  # "ethernet" -> "Ethernet"
        if long_head == "VLAN":
            long_head = "Vlan"  # all three platforms print "Vlan10"; netutils says "VLAN"
        self._name_evidence(head, long_head, number)
        return long_head

    def _name_evidence(self, head: str, long_head: str, number: int) -> None:
        """Interface types and their spelling hint at the platform."""
        if head.lower() in _IOS_ONLY_TYPES or long_head.lower() in _IOS_ONLY_TYPES:
            self.note_platform(_IOS, "interface type", _STRONG, number)
        elif head == "port-channel" or head == "mgmt":
            self.note_platform(_NXOS, "lower-case names", _WEAK, number)
        elif head == "Port-Channel":
            self.note_platform(_EOS, "Port-Channel", _WEAK, number)
        elif head == "Port-channel":
            self.note_platform(_IOS, "Port-channel", _WEAK, number)

    # -- values ----------------------------------------------------------------------

    def put(self, key: str, value: str, number: int) -> None:
        """Set ``key`` on every interface of the open stanza, located at ``number``."""
        if self._location_line != number:  # _here(), inlined: this runs for every value
            self._location = new_location(self.path, number)
            self._location_line = number
        located = new_located(value, self._location)
        for port in self.current:
            port.values[key] = located

    def drop(self, *keys: str) -> None:
        """Forget ``keys`` (a ``no …`` line: back to the platform default)."""
        for port in self.current:
            for key in keys:
                port.values.pop(key, None)

    def allowed(self, words: list[str], negation: str, number: int) -> None:
        """``switchport trunk allowed vlan …``: applied in order, per interface."""
        location = self._here(number)
        if negation:  # "no switchport trunk allowed vlan": back to the default, all
            for port in self.current:
                port.allowed, port.allowed_at = _ALL_VLANS, location
            return
        operation = words[0] if words else ""
        if operation in ("add", "remove", "except"):
            words = words[1:]
        else:
            operation = "set"
        vlans = parse_vlan_list(" ".join(words)) if words else None
        if vlans is None:
            self.log.add(number, f"unreadable VLAN list {' '.join(words)[:60]!r}; line ignored")
            return
        for port in self.current:
            base = port.allowed if port.allowed is not None else _ALL_VLANS
            if operation == "set":
                port.allowed = vlans
            elif operation == "add":
                port.allowed = _union(base, vlans)
            elif operation == "remove":
                port.allowed = _subtract(base, vlans)
            else:
                port.allowed = _subtract(_ALL_VLANS, vlans)
            port.allowed_at = location

    # -- other stanzas ------------------------------------------------------------------

    def _mlag_line(self, stripped: str, number: int) -> None:
        """A line of EOS ``mlag configuration``: only ``domain-id`` is kept."""
        words = stripped.split()
        if words[0] == "domain-id" and len(words) > 1:
            self.settings["mlag_domain"] = Located(words[1], self._here(number))

    def setting(self, key: str, value: str, number: int) -> None:
        """A switch-wide value for the ``SwitchConfig``."""
        self.recognised = True
        self.settings[key] = Located(value, self._here(number))

    # -- the end -----------------------------------------------------------------------

    def _platform(self) -> Located[str]:
        """The best-supported platform, cited at its surest line (0: the file's name)."""
        suffix_platform = _PATH_SUFFIXES.get(PurePosixPath(self.path).suffix.lower())
        if suffix_platform is not None:
            self.note_platform(suffix_platform, "file suffix", _STRONG, 0)
        parent = PurePosixPath(self.path).parent.name.lower()
        if parent in _PLATFORM_ORDER:
            self.note_platform(parent, "directory", _PATH_HINT, 0)
        best, best_score, best_line = _IOS, 0, 0
        for platform in _PLATFORM_ORDER:
            seen = self.evidence[platform]
            score = sum(weight for weight, _ in seen.values())
            if score > best_score:
                # Cite the surest line, and a line of the file before its name.
                strongest = max(seen.values(), key=lambda item: (item[0], item[1] > 0, -item[1]))
                best, best_score, best_line = platform, score, strongest[1]
        return Located(best, Location(self.path, best_line))

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
        evidence = any(self.evidence.values())
        if not (self.recognised or self.settings or self.hostname or evidence):
            self.log.add(1, "not a running-config: no interface, hostname or global line found")
            return ParseResult(diagnostics=self.log.result())
        values: dict[str, Located[str]] = {}
        switch, source = self._name()
        values["hostname"] = switch
        values["hostname_source"] = Located(source, switch.location)
        values["platform"] = self._platform()
        values.update(self.settings)
        where = switch.location if switch.location.line else Location(self.path, 1)
        facts: list[Fact] = [SwitchConfig(format=FORMAT, location=where, values=values)]
        for port in self.ports.values():
            if port.allowed is not None and port.allowed_at is not None:
                port.values["allowed_vlans"] = Located(render_vlans(port.allowed), port.allowed_at)
            # (format, name, location, switch, values): keywords cost twice as much here
            facts.append(SwitchInterface(FORMAT, port.name, port.location, switch, port.values))
        return ParseResult(facts=facts, diagnostics=self.log.result())


# --------------------------------------------------------------------------------------
# interface sub-commands: (reader, words without no/default, negation, raw line, number)


def _description(reader: _Reader, words: list[str], negation: str, raw: str, number: int) -> None:
    if negation:
        reader.drop("description")
        return
    # Verbatim to the end of the line: NX-OS keeps trailing blanks, so only CR goes.
    text = raw.rstrip("\r\n")
    at = text.find("description")
    reader.put("description", text[at + len("description") :].lstrip(), number)


def _shutdown(reader: _Reader, words: list[str], negation: str, raw: str, number: int) -> None:
    if len(words) != 1:
        return  # "no shutdown lan" (NX-OS) and friends are other commands
    if negation == "default":
        reader.drop("shutdown")
    else:
        reader.put("shutdown", "no" if negation else "yes", number)


def _switchport(reader: _Reader, words: list[str], negation: str, raw: str, number: int) -> None:
    if len(words) == 1:
        if negation == "default":
            reader.drop("switchport")
        else:
            reader.put("switchport", "no" if negation else "yes", number)
        return
    sub = words[1]
    if sub == "mode":
        if negation:
            reader.drop("mode")
        elif len(words) > 2:
            reader.put("mode", _mode_name(words[2:]), number)
    elif sub == "access":
        if len(words) > 2 and words[2] == "vlan":
            if negation:
                reader.drop("access_vlan")
            elif len(words) > 3:
                reader.put("access_vlan", words[3], number)
    elif sub == "trunk" and len(words) > 3 and words[3] == "vlan":
        if words[2] == "allowed":
            reader.allowed(words[4:], negation, number)
        elif words[2] == "native":
            if negation:
                reader.drop("native_vlan")
            elif len(words) > 4:
                reader.put("native_vlan", words[4], number)
    elif sub == "nonnegotiate" or words[1:3] == ["trunk", "encapsulation"]:
        reader.note_platform(_IOS, "switchport " + sub, _STRONG, number)
    elif words[1:3] == ["trunk", "group"]:
        reader.note_platform(_EOS, "trunk group", _STRONG, number)


def _mode_name(words: list[str]) -> str:
    """``trunk`` / ``dynamic desirable`` / ``trunk phone`` / ``monitor`` (options dropped)."""
    if len(words) > 1 and (words[0] in ("dynamic", "private-vlan") or (words[0] == "trunk" and words[1] == "phone")):
        return f"{words[0]} {words[1]}"
    return words[0]


def _mtu(reader: _Reader, words: list[str], negation: str, raw: str, number: int) -> None:
    if negation:
        reader.drop("mtu")
    elif len(words) > 1:
        reader.put("mtu", words[1], number)


def _l2(reader: _Reader, words: list[str], negation: str, raw: str, number: int) -> None:
    if words[1:2] != ["mtu"]:
        return
    reader.note_platform(_EOS, "l2 mtu", _STRONG, number)
    if negation:
        reader.drop("l2_mtu")
    elif len(words) > 2:
        reader.put("l2_mtu", words[2], number)


def _channel_group(reader: _Reader, words: list[str], negation: str, raw: str, number: int) -> None:
    if negation:
        reader.drop("channel_group", "channel_mode")
        return
    if len(words) < 2 or not _is_number(words[1]):
        return
    reader.put("channel_group", f"Port-channel{words[1]}", number)
    mode = words[words.index("mode") + 1] if "mode" in words[:-1] else ""
    if mode in _CHANNEL_MODES:
        reader.put("channel_mode", mode, number)
        if mode in ("auto", "desirable"):
            reader.note_platform(_IOS, "PAgP", _STRONG, number)
    else:
        # A bare "channel-group N" (NX-OS static) or "… force": no mode, so a mode an
        # earlier line gave no longer holds.
        reader.drop("channel_mode")


def _lacp(reader: _Reader, words: list[str], negation: str, raw: str, number: int) -> None:
    sub = words[1] if len(words) > 1 else ""
    if sub in ("rate", "timer"):
        if sub == "timer":
            reader.note_platform(_EOS, "lacp timer", _STRONG, number)
        if negation:
            reader.drop("lacp_rate")
        elif len(words) > 2 and words[2] in ("fast", "normal"):
            reader.put("lacp_rate", words[2], number)
    elif sub == "suspend-individual":
        if negation == "default":
            reader.drop("lacp_suspend_individual")
        else:
            reader.put("lacp_suspend_individual", "no" if negation else "yes", number)
    elif sub == "system-id":
        if negation:
            reader.drop("lacp_system_id")
        elif len(words) > 2:
            reader.put("lacp_system_id", words[2], number)


def _spanning_tree(reader: _Reader, words: list[str], negation: str, raw: str, number: int) -> None:
    sub = words[1] if len(words) > 1 else ""
    if sub == "portfast":
        option = words[2] if len(words) > 2 else ""
        if negation or option == "auto":
            reader.drop("edge", "edge_trunk")  # EOS "portfast auto" is its default: nothing said
        elif option in ("", "edge", "trunk"):
            reader.put("edge", "yes", number)
            _edge_on_trunks(reader, words, number)
        elif option in ("disable", "network"):
            reader.put("edge", "no", number)
            reader.drop("edge_trunk")
    elif sub == "port" and words[2:3] == ["type"]:
        reader.note_platform(_NXOS, "port type", _STRONG, number)
        kind = words[3] if len(words) > 3 else ""
        if negation:
            reader.drop("edge", "edge_trunk")
        elif kind == "edge":
            reader.put("edge", "yes", number)
            _edge_on_trunks(reader, words, number)
        elif kind in ("network", "normal"):
            reader.put("edge", "no", number)
            reader.drop("edge_trunk")


def _edge_on_trunks(reader: _Reader, words: list[str], number: int) -> None:
    """IOS ``portfast [edge] trunk`` / NX-OS ``port type edge trunk``: the edge setting
    also holds while the port trunks (plain portfast does not, on those platforms)."""
    if words[-1] == "trunk":
        reader.put("edge_trunk", "yes", number)
    else:
        reader.drop("edge_trunk")


def _vpc(reader: _Reader, words: list[str], negation: str, raw: str, number: int) -> None:
    reader.note_platform(_NXOS, "vpc", _STRONG, number)
    what = words[1] if len(words) > 1 else ""
    if what == "peer-link":
        if negation:
            reader.drop("vpc_peer_link")
        else:
            reader.put("vpc_peer_link", "yes", number)
    elif negation and not what:
        reader.drop("mlag_id")
    elif _is_number(what):
        if negation:
            reader.drop("mlag_id")
        else:
            reader.put("mlag_id", what, number)


def _mlag(reader: _Reader, words: list[str], negation: str, raw: str, number: int) -> None:
    what = words[1] if len(words) > 1 else ""
    if negation and not what:
        reader.drop("mlag_id")
    elif _is_number(what):
        reader.note_platform(_EOS, "mlag", _STRONG, number)
        if negation:
            reader.drop("mlag_id")
        else:
            reader.put("mlag_id", what, number)


def _port_channel(reader: _Reader, words: list[str], negation: str, raw: str, number: int) -> None:
    if words[1:3] != ["lacp", "fallback"]:
        return
    reader.note_platform(_EOS, "lacp fallback", _STRONG, number)
    option = words[3] if len(words) > 3 else ""
    if negation and not option:
        reader.drop("lacp_fallback")
    elif option in ("individual", "static"):
        if negation:
            reader.drop("lacp_fallback")
        else:
            reader.put("lacp_fallback", option, number)


def _speed(reader: _Reader, words: list[str], negation: str, raw: str, number: int) -> None:
    if negation:
        reader.drop("speed")
    elif len(words) > 1:
        if words[1] == "forced":
            reader.note_platform(_EOS, "speed forced", _STRONG, number)
        reader.put("speed", " ".join(words[1:]), number)


def _link_tracking(reader: _Reader, words: list[str], negation: str, raw: str, number: int) -> None:
    """Link-state tracking membership: IOS ``link state group [N] upstream|downstream``
    (group 1 when N is left out), EOS ``link tracking group NAME upstream|downstream``."""
    rest = words[1:]
    if rest[:2] == ["state", "group"]:
        reader.note_platform(_IOS, "link state group", _STRONG, number)
        group, direction = (rest[2], rest[3:4]) if len(rest) > 3 else ("1", rest[2:3])
        if negation and len(rest) == 2:
            group = ""  # "no link state group": whatever group the port is in
    elif rest[:2] == ["tracking", "group"]:
        reader.note_platform(_EOS, "link tracking group", _STRONG, number)
        group, direction = (rest[2], rest[3:4]) if len(rest) > 2 else ("", [])
    else:
        return
    if negation:
        # Leaves only the group it names ("no link state group 2 downstream" keeps group 1).
        for port in reader.current:
            current = port.values.get("link_tracking_group")
            if current is not None and (not group or current.value == group):
                port.values.pop("link_tracking", None)
                port.values.pop("link_tracking_group", None)
    elif direction in (["upstream"], ["downstream"]) and group:
        reader.put("link_tracking", direction[0], number)
        reader.put("link_tracking_group", group, number)


def _eos_comment(reader: _Reader, words: list[str], negation: str, raw: str, number: int) -> None:
    if len(words) == 1 and not negation:
        reader.skip_to("EOF", False, number, "EOS 'comment' block")


_INTERFACE_COMMANDS: dict[str, Handler] = {
    "description": _description,
    "shutdown": _shutdown,
    "switchport": _switchport,
    "mtu": _mtu,
    "l2": _l2,
    "channel-group": _channel_group,
    "lacp": _lacp,
    "spanning-tree": _spanning_tree,
    "vpc": _vpc,
    "mlag": _mlag,
    "port-channel": _port_channel,
    "speed": _speed,
    "link": _link_tracking,
    "comment": _eos_comment,
}


# --------------------------------------------------------------------------------------
# global (column-0) lines


def _hostname(reader: _Reader, words: list[str], negation: str, line: str, number: int) -> None:
    if words[0] == "switchname":
        reader.note_platform(_NXOS, "switchname", _STRONG, number)
    if len(words) > 1 and not negation:
        reader.hostname = Located(words[1], reader._here(number))


def _banner(reader: _Reader, words: list[str], negation: str, line: str, number: int) -> None:
    """``banner motd ^C … ^C`` (any delimiter, IOS/NX-OS) or ``banner motd`` … ``EOF`` (EOS)."""
    if negation or len(words) < 2:
        return
    after_type = line.find(words[1], line.find(words[0]) + len(words[0])) + len(words[1])
    text = line[after_type:].strip()
    if not text:
        reader.skip_to("EOF", False, number, "banner")
        return
    delimiter = "^C" if text.startswith("^C") else text[0]
    if delimiter not in text[len(delimiter) :]:
        reader.skip_to(delimiter, True, number, "banner")


def _macro(reader: _Reader, words: list[str], negation: str, line: str, number: int) -> None:
    # IOS "macro name X" bodies are column-0 interface commands ending at "@".
    if not negation and words[1:2] == ["name"]:
        reader.skip_to("@", False, number, "macro")


def _define(reader: _Reader, words: list[str], negation: str, line: str, number: int) -> None:
    if not negation and len(words) > 3 and words[1] == "interface-range":
        reader.macros[words[2]] = " ".join(words[3:])


def _mlag_configuration(reader: _Reader, words: list[str], negation: str, line: str, number: int) -> None:
    if words[1:2] == ["configuration"] and not negation:
        reader.note_platform(_EOS, "mlag configuration", _STRONG, number)
        reader.recognised = True
        reader.context = _MLAG


def _vpc_domain(reader: _Reader, words: list[str], negation: str, line: str, number: int) -> None:
    if words[1:2] == ["domain"]:
        reader.note_platform(_NXOS, "vpc domain", _STRONG, number)
        if len(words) > 2 and not negation:
            reader.setting("vpc_domain", words[2], number)


def _system(reader: _Reader, words: list[str], negation: str, line: str, number: int) -> None:
    rest = words[1:]
    if rest[:2] == ["default", "switchport"]:
        reader.note_platform(_NXOS, "system default switchport", _STRONG, number)
        key = "system_default_switchport"
        if rest[2:] == ["shutdown"]:
            key += "_shutdown"
        elif rest[2:]:
            return
        reader.setting(key, "no" if negation else "yes", number)
    elif rest[:1] == ["jumbomtu"] and len(rest) > 1 and not negation:
        reader.note_platform(_NXOS, "system jumbomtu", _STRONG, number)
        reader.setting("mtu", rest[1], number)
    elif rest[:1] == ["mtu"] and len(rest) > 1 and not negation:
        # "system mtu N" and "system mtu jumbo N" are the L2 MTU; "routing" is not.
        reader.note_platform(_IOS, "system mtu", _STRONG, number)
        if _is_number(rest[1]):
            reader.setting("mtu", rest[1], number)
        elif rest[1] == "jumbo" and len(rest) > 2:
            reader.setting("mtu", rest[2], number)


def _global_link_tracking(reader: _Reader, words: list[str], negation: str, line: str, number: int) -> None:
    """The link-state groups a switch enables: IOS ``link state track N``, EOS ``link
    tracking group NAME`` (a stanza; its ``recovery delay`` is not read)."""
    rest = words[1:]
    if rest[:2] == ["state", "track"]:
        reader.note_platform(_IOS, "link state track", _STRONG, number)
        group = rest[2] if len(rest) > 2 else "1"
    elif rest[:2] == ["tracking", "group"] and len(rest) == 3:
        reader.note_platform(_EOS, "link tracking group", _STRONG, number)
        group = rest[2]
    else:
        return
    enabled = reader.settings.get("link_tracking_groups")
    groups = enabled.value.split(",") if enabled is not None else []
    if negation:
        groups = [g for g in groups if g != group]
    elif group not in groups:
        groups.append(group)
    reader.setting("link_tracking_groups", ",".join(groups), number)


def _global_spanning_tree(reader: _Reader, words: list[str], negation: str, line: str, number: int) -> None:
    rest = words[1:]
    if rest[-1:] == ["default"]:
        if rest[:1] == ["portfast"] and rest[1:-1] in ([], ["edge"]):
            reader.setting("portfast_default", "no" if negation else "yes", number)
        elif rest[:2] == ["port", "type"] and rest[2:-1] in (["edge"], ["network"], ["normal"]):
            reader.note_platform(_NXOS, "port type", _STRONG, number)
            edge = rest[2] == "edge" and not negation
            reader.setting("portfast_default", "yes" if edge else "no", number)
    elif "forward-time" in rest[:-1] and not negation:
        reader.setting("forward_delay", rest[rest.index("forward-time") + 1], number)


def _platform_line(platform: str, kind: str) -> Handler:
    """A global line that only tells which platform wrote the file."""

    def handler(reader: _Reader, words: list[str], negation: str, line: str, number: int) -> None:
        reader.note_platform(platform, kind, _STRONG, number)

    return handler


def _version(reader: _Reader, words: list[str], negation: str, line: str, number: int) -> None:
    if len(words) > 1:
        # NX-OS versions carry the release in brackets: "version 9.3(8)"; IOS "version 15.2".
        platform = _NXOS if "(" in words[1] else _IOS
        reader.note_platform(platform, "version", _STRONG, number)


def _boot(reader: _Reader, words: list[str], negation: str, line: str, number: int) -> None:
    if words[1:2] in (["nxos"], ["kickstart"]):
        reader.note_platform(_NXOS, "boot image", _STRONG, number)
    elif line.endswith(".swi"):
        reader.note_platform(_EOS, "boot image", _STRONG, number)


def _service(reader: _Reader, words: list[str], negation: str, line: str, number: int) -> None:
    if words[1:3] == ["routing", "protocols"]:
        reader.note_platform(_EOS, "service routing", _STRONG, number)
    elif words[1:2] in (["timestamps"], ["password-encryption"]):
        reader.note_platform(_IOS, "service " + words[1], _STRONG, number)


def _vrf(reader: _Reader, words: list[str], negation: str, line: str, number: int) -> None:
    kind = words[1] if len(words) > 1 else ""
    platform = {"context": _NXOS, "instance": _EOS, "definition": _IOS}.get(kind)
    if platform is not None:
        reader.note_platform(platform, "vrf " + kind, _STRONG, number)


def _end(reader: _Reader, words: list[str], negation: str, line: str, number: int) -> None:
    reader.context = _TOP


_GLOBAL_COMMANDS: dict[str, Handler] = {
    "hostname": _hostname,
    "switchname": _hostname,
    "banner": _banner,
    "macro": _macro,
    "define": _define,
    "mlag": _mlag_configuration,
    "vpc": _vpc_domain,
    "system": _system,
    "spanning-tree": _global_spanning_tree,
    "link": _global_link_tracking,
    "version": _version,
    "boot": _boot,
    "boot-start-marker": _platform_line(_IOS, "boot-start-marker"),
    "feature": _platform_line(_NXOS, "feature"),
    "feature-set": _platform_line(_NXOS, "feature"),
    "service": _service,
    "transceiver": _platform_line(_EOS, "transceiver"),
    "daemon": _platform_line(_EOS, "daemon"),
    "vrf": _vrf,
    "end": _end,
}


SOURCE = SourceFormat(
    name=FORMAT,
    describes="a switch configuration",
    order=170,
    role="switch",
    names=("*.cfg", "*.conf", "*.ios", "*.nxos", "*.eos", "*running-config*", "*show_run*"),
    telltales=(
        ("*running-config*", "a switch configuration"),
        ("*running_config*", "a switch configuration"),
        ("*startup-config*", "a switch configuration"),
        ("*show_run*", "a switch configuration"),
    ),
    hook=r"(?i:\.(cfg|conf|ios|nxos|eos)$|(^|/)[^/]*(running|startup)-config[^/]*$)",
)
