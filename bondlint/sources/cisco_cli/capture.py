"""What a capture of a running-config looks like: which files are ours, the
``Building configuration`` preamble, device prompts (``leaf1#show run``), fragments of
``show run`` (``| section interface``, ``show run interface X``), and the switch's name
when no ``hostname`` line gives it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from bondlint.sources.cisco_cli.platform import comment_platform

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
CONFIG_HEADERS = ("Building configuration", "Current configuration")
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


@dataclass
class _HeadSigns:
    """What the lines of a file's head have shown so far."""

    bang: bool = False  # "!" comments
    interface: bool = False  # an "interface" line
    keyword: bool = False  # a column-0 keyword of a running-config
    switchport: bool = False
    strong: bool = False  # the preamble, or a comment naming a platform
    named: bool = False  # hostname / switchname
    versioned: bool = False  # version / feature
    prompted: bool = False  # a prompt typing "show run…"
    stanza_keyword: bool = False  # a switch-only sub-command under an interface line
    in_interface: bool = False  # the last column-0 line was an interface line

    def verdict(self) -> int:
        if self.strong or self.prompted or (self.interface and self.stanza_keyword):
            return _SURE
        if (
            (self.interface and (self.bang or self.keyword or self.switchport))
            or (self.bang and self.keyword)
            or (self.named and self.versioned)
        ):
            return _LIKELY
        return _NOT_CLI

    def indented(self, word: str) -> None:
        self.switchport = self.switchport or word == "switchport"
        if self.in_interface and word in _SWITCH_SUBCOMMANDS:
            self.stanza_keyword = True

    def top(self, stripped: str, word: str) -> None:
        # A capture whose stanza bodies lost their indentation (pasted, or genieparser's
        # samples): a switch-only sub-command after an interface line still says so.
        if self.interface and word in _SWITCH_SUBCOMMANDS:
            self.stanza_keyword = True
        self.interface = self.interface or word == "interface"
        self.keyword = self.keyword or word in _HEAD_KEYWORDS
        self.named = self.named or word in ("hostname", "switchname")
        self.versioned = self.versioned or word in ("version", "feature", "feature-set")
        self.switchport = self.switchport or word == "switchport"
        self.strong = self.strong or stripped.startswith(CONFIG_HEADERS)


def _head_verdict(head: str) -> int:
    """``_SURE``: the preamble, a prompt typing ``show``, or interface stanzas with
    switch-only sub-commands; ``_LIKELY``: an ``interface`` line in Cisco company, ``!``
    comments with Cisco keywords, or ``hostname`` with ``version``/``feature`` (an NX-OS
    head has no ``!`` at all)."""
    signs = _HeadSigns()
    for raw in head.split("\n"):
        line = raw.rstrip("\r").lstrip("\ufeff")
        stripped = line.strip()
        if not stripped or stripped[0] == "#":
            continue
        if stripped[0] == "!":
            signs.bang = True
            signs.strong = signs.strong or bool(comment_platform(stripped)[0])
            continue
        if stripped[0] == "[" or stripped.endswith(("{", "}", ";")):
            return _NOT_CLI  # INI (keyfile, networkd) or Junos braces
        word = stripped.split(None, 1)[0]
        if line[0] in " \t":
            signs.indented(word)
            continue
        signs.in_interface = word == "interface"
        prompted = _typed_command(line, word)
        if prompted is not None:
            # A prompt typing "show run…": other show commands (lacp, etherchannel)
            # print tables, not a configuration.
            signs.prompted = signs.prompted or bool(_CONFIG_COMMAND.match(prompted))
            continue
        if word in _FOREIGN_WORDS:
            return _NOT_CLI
        signs.top(stripped, word)
    return signs.verdict()


def _typed_command(line: str, word: str) -> str | None:
    """The command a prompt line types (may be empty); None when the line is no prompt."""
    if "#" not in word and ">" not in word:
        return None
    found = prompt(line)
    return None if found is None else found[1]


def prompt(line: str) -> tuple[str, str] | None:
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
