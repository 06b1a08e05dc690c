"""Parser for Juniper Junos configurations: ``set`` lines and the braces form alike.

``show configuration | display set`` and ``show configuration`` print the same tree, so
both are read into one tree of words (``interfaces ae0 aggregated-ether-options lacp
active`` is a path of five words, whichever form wrote it).  Then, as Junos does at
commit time:

1. inactive statements go (``deactivate``, ``inactive:``; ``activate`` undoes them);
2. ``apply-groups`` copies each group's statements into the levels that name it, with
   ``<*>``-style wildcards matching existing names, skipping ``apply-groups-except``;
3. ``interfaces interface-range`` gives its statements to its members.

A value configured directly beats a range's, which beats a group's; among groups the
most specific level wins, then the first group listed.  Every fact points at the line
that wrote its value: a group's line when the value was inherited.
"""

from __future__ import annotations

import bisect
import enum
import fnmatch
import gc
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
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
from bondlint.sources.cisco_cli import (
    NAME_FROM_HOSTNAME,
    NAME_FROM_PROMPT,
    name_from_path,
)
from bondlint.sources.text import (
    DiagnosticLog,
    bad_line_message,
    new_located,
    new_located_at,
    new_location,
)

FORMAT = "junos"

# Statements Junos accepts at the top of the tree; a file whose lines start with these
# (after "set") is a Junos configuration.
TOP_LEVEL = frozenset(
    {
        "access", "access-profile", "accounting-options", "applications", "apply-groups",
        "apply-groups-except", "apply-macro", "bridge-domains", "chassis",
        "class-of-service", "dynamic-profiles", "ethernet-switching-options",
        "event-options", "fabric", "firewall", "forwarding-options", "groups",
        "interfaces", "logical-systems", "multi-chassis", "multicast-snooping-options",
        "poe", "policy-options", "protocols", "routing-instances", "routing-options",
        "schedulers", "security", "services", "smtp", "snmp", "switch-options", "system",
        "tenants", "version", "virtual-chassis", "vlans", "vmhost",
    }
)  # fmt: skip
# VyOS copies Junos' "set" syntax; its interface types are never Junos interface names.
_VYOS_INTERFACE_TYPES = frozenset(
    {
        "bonding", "bridge", "dummy", "ethernet", "geneve", "input", "l2tpv3", "loopback",
        "macsec", "openvpn", "pppoe", "pseudo-ethernet", "tunnel", "virtual-ethernet",
        "vti", "vxlan", "wireguard", "wireless", "wwan",
    }
)  # fmt: skip
_CLAIM_LINES = 40  # meaningful lines of the head looked at

# Configuration-mode commands a "display set" capture or a "load set" file may hold;
# only the first four change the configuration.
_EDIT_COMMANDS = frozenset({"set", "delete", "deactivate", "activate"})
_OTHER_COMMANDS = frozenset(
    {
        "annotate", "commit", "copy", "edit", "exit", "insert", "load", "protect", "quit",
        "rename", "rollback", "run", "show", "top", "unprotect", "up",
    }
)  # fmt: skip
# Braces-form tags before a statement; "inactive:" disables it, "delete:" (load patch
# files) removes it, the others only change how the CLI edits it.
_TAGS = frozenset({"inactive:", "active:", "replace:", "protect:", "delete:", "unprotect:"})
# CLI noise in captures: prompts ("{master:0}", "user@sw> show …"), "[edit]" banners,
# pager lines.
_PROMPT = re.compile(r"\{[\w-]+(?::[\w-]+)?\}$|[\w.-]+@[\w.-]+[>#%]|\[edit(?:\s[^\]]*)?\]$|---\(more")
# The device name in an operational or configuration prompt: "user@sw1> show …".
_PROMPT_HOST = re.compile(r"[\w.-]+@([\w.-]+)[>#%]")
# Names "show configuration interfaces" prints at the top, without "interfaces {" above
# them: physical ports (ge-0/0/1, xe-0/0/1:2, et-0/0/48), aggregates, and the logical
# interfaces of a switch.
_INTERFACE_NAME = re.compile(r"(?:[a-z]{2,3}-\d+/\d+/\d+(?::\d+)?|ae\d+|reth\d+|irb|vlan|vme|lo\d+|em\d+|fxp\d+|me\d+)")
# Statements an interface stanza holds: with an interface name at the top they make a
# "show configuration interfaces" capture.
_INTERFACE_WORDS = (
    "ether-options",
    "gigether-options",
    "aggregated-ether-options",
    "family ethernet-switching",
    "unit ",
    "802.3ad",
)

# Longest statement path kept: real configurations stay far below; the cap bounds the
# recursion of the tree walks on damaged or hostile input.
MAX_DEPTH = 64
# Most interfaces one interface-range member or member-range may name.
MAX_RANGE_MEMBERS = 4096
_STAR_PORTS = range(48)  # Junos documents "*" in a member name as ports 0 to 47

# Priority of a statement: a direct one beats a range's, which beats a group's; among
# groups, (depth of the level that applied it, minus its place in the list).
Rank = tuple[int, int, int]
DIRECT: Rank = (3, 0, 0)
RANGE: Rank = (2, 0, 0)
_GROUP_CLASS = 1

# Names under "interfaces" (and the like) that are statements, not interface names;
# group wildcards never match them.
_NOT_NAMES = frozenset(
    {
        "apply-groups", "apply-groups-except", "apply-macro", "interface-range",
        "interface-set", "stacked-interface-set", "traceoptions",
    }
)  # fmt: skip
_XSTP = frozenset({"rstp", "mstp", "vstp", "stp"})
_FORWARD_DELAY_PROTOCOLS = frozenset({"rstp", "mstp", "stp"})
# Children of "802.3ad" that are options, not the bundle name.
_LAG_OPTIONS = frozenset({"lacp", "primary", "backup", "link-index", "port-priority"})
_AE_NAME = re.compile(r"ae\d+$")
_ESI_VALUE = re.compile(r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){9}$")
_UNIT_SUFFIX = re.compile(r"\.\d+$")
_UFD_DIRECTIONS = {"link-to-monitor": "upstream", "link-to-disable": "downstream"}
_DIGITS = re.compile(r"[0-9]{1,9}")  # a port or VLAN number; longer runs are not one
_MEMBER_BRACKET = re.compile(r"\[([^\]]*)\]|\*")

# ------------------------------------------------------------------------------------
# lexing


class _Punct(enum.Enum):
    """Punctuation of the braces form; quoted text never becomes one of these."""

    OPEN = "{"
    CLOSE = "}"
    END = ";"
    LIST_OPEN = "["
    LIST_CLOSE = "]"


Token = str | _Punct

_TOKEN = re.compile(
    r'(?P<space>\s+)|"(?P<quoted>(?:[^"\\]|\\.)*)(?P<closed>"?)|(?P<comment>/\*)|(?P<hash>#)'
    r'|(?P<punct>[{};])|(?P<word>[^\s{};"]+)'
)


def _is_plain(line: str) -> bool:
    """No quote, comment, brace, semicolon or bracket: ``str.split`` reads it as ``_lex``
    would.  (Eight substring tests take a sixth of the time of one regex search.)"""
    return not (
        '"' in line
        or "#" in line
        or "{" in line
        or "}" in line
        or ";" in line
        or "[" in line
        or "]" in line
        or "/*" in line
    )


# What text.looks_binary checks, as one regex: this runs on every line.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f]")
# The same characters, newlines aside, for one look at a whole file ("c in text" per
# character is twenty times faster than a regex search).
_CONTROL_CHARS = tuple(chr(code) for code in range(32) if chr(code) not in "\t\n")
_ESCAPE = re.compile(r"\\(.)")
_PUNCT = {"{": _Punct.OPEN, "}": _Punct.CLOSE, ";": _Punct.END}
_BRACKETS = {"[": _Punct.LIST_OPEN, "]": _Punct.LIST_CLOSE}
_BARE: dict[str, Token] = {**_PUNCT, **_BRACKETS}  # unquoted words that are punctuation
_HARD = re.compile(r'["#]|/\*')  # what only the full tokenizer reads right


@dataclass(slots=True)
class _Lexed:
    """One line's tokens and the comment state it leaves for the next line."""

    tokens: list[Token]
    in_comment: bool
    open_quote: bool  # a quoted string ran to the end of the line


def _lex(line: str, in_comment: bool) -> _Lexed:
    """Split one line into words and punctuation; ``/* */`` may span lines, ``#`` may not."""
    if not in_comment and _HARD.search(line) is None:
        # Without quotes or comments, spacing out the punctuation is enough; most
        # lines of either form take this path.
        if "{" in line or "}" in line or ";" in line:
            line = line.replace("{", " { ").replace("}", " } ").replace(";", " ; ")
        return _Lexed([_BARE.get(word, word) for word in line.split()], False, False)
    tokens: list[Token] = []
    open_quote = False
    position, length = 0, len(line)
    while position < length:
        if in_comment:
            end = line.find("*/", position)
            if end < 0:
                break
            position, in_comment = end + 2, False
            continue
        match = _TOKEN.match(line, position)
        if match is None:  # unreachable: the last alternative takes any other character
            break
        position = match.end()
        word, quoted = match.group("word"), match.group("quoted")
        if word is not None:
            tokens.append(_BRACKETS.get(word, word))
        elif quoted is not None:
            tokens.append(_ESCAPE.sub(r"\1", quoted) if "\\" in quoted else quoted)
            open_quote = open_quote or not match.group("closed")
        elif match.group("punct") is not None:
            tokens.append(_PUNCT[match.group("punct")])
        elif match.group("comment") is not None:
            in_comment = True
        elif match.group("hash") is not None:
            break
    return _Lexed(tokens, in_comment, open_quote)


# ------------------------------------------------------------------------------------
# the tree of words


class _Node:
    """One word of the configuration tree.

    ``line`` is where the node was first written, ``statement`` the first line that
    ended a statement here (0: only a step on longer paths).
    """

    __slots__ = ("children", "inactive", "line", "statement")

    def __init__(self, line: int) -> None:
        self.children: dict[str, _Node] | None = None
        self.line = line
        self.statement = 0
        self.inactive = False

    def find(self, words: Iterable[str]) -> _Node | None:
        node: _Node | None = self
        for word in words:
            if node is None or node.children is None:
                return None
            node = node.children.get(word)
        return node


class Statement(NamedTuple):
    """One effective leaf statement: its full path, the line that wrote it, its priority.

    ``group`` names the configuration group it was inherited from ("" when direct).
    A named tuple, not a dataclass: a large configuration makes tens of thousands.
    """

    path: tuple[str, ...]
    line: int
    rank: Rank = DIRECT
    group: str = ""


@dataclass(slots=True)
class _Frame:
    """An open braces block: its node (None when its contents are ignored)."""

    node: _Node | None
    depth: int
    line: int
    filled: bool = False  # a statement was written inside


@dataclass(slots=True)
class _Pending:
    """The braces statement being read: words, an optional ``[ … ]`` list, words after it."""

    words: list[tuple[str, int]] = field(default_factory=list)
    items: list[tuple[str, int]] | None = None  # the list, while it is open
    listed: list[tuple[str, int]] | None = None  # the list, once closed
    suffix: list[tuple[str, int]] = field(default_factory=list)

    def empty(self) -> bool:
        return not self.words and self.items is None and self.listed is None

    def add(self, word: str, line: int) -> None:
        if self.items is not None:
            self.items.append((word, line))
        elif self.listed is not None:
            self.suffix.append((word, line))
        else:
            self.words.append((word, line))

    def take(self) -> tuple[list[tuple[list[str], int]], set[str]]:
        """One (path, line) per list item (or the single path), and the statement's tags.

        The line is the list item's, so each value of a multi-line list keeps its own.
        """
        words = self.words
        tags: set[str] = set()
        while words and words[0][0] in _TAGS:
            tags.add(words[0][0])
            words = words[1:]
        items = self.items if self.items is not None else self.listed
        plain = [word for word, _ in words]
        after = [word for word, _ in self.suffix]
        if items:
            paths = [([*plain, item, *after], line) for item, line in items]
        elif plain or after:
            paths = [([*plain, *after], (words or self.suffix)[0][1])]
        else:
            paths = []
        self.words, self.items, self.listed, self.suffix = [], None, None, []
        return paths, tags


# The statements of one interface kept flat: {first word of the rest of the path:
# {rest of the path: line}}, each level in first-seen order (None: the bare name).
_FlatInterface = dict[str | None, dict[tuple[str, ...], int]]


@dataclass(slots=True)
class _FlatStore:
    """Plain ``set interfaces NAME …`` statements, kept out of the tree.

    A ``display set`` file is mostly such lines.  While none of them is deactivated,
    deleted, given groups or a range, the tree would only be walked back into these same
    paths, so they skip it: building, pruning and walking 150,000 nodes was most of a
    large parse.  The tree walk's order is first-seen order for an interface's first
    words (the grouping keeps it); below them, ``_in_tree_order`` checks.
    """

    interfaces: dict[str, _FlatInterface] = field(default_factory=dict)
    first_lines: dict[str, int] = field(default_factory=dict)  # where each is first named

    def __bool__(self) -> bool:
        return bool(self.interfaces)


def _quoted_tail(line: str) -> list[str] | None:
    """The words ``_lex`` reads in a line whose only special text is one ``"…"`` at its
    end (``set interfaces xe-0/0/1 description "to db01"``); None for any other line."""
    start = line.find('"')
    if start < 0 or len(line) - start < 2 or line[-1] != '"':
        return None
    head, quoted = line[:start], line[start + 1 : -1]
    if '"' in quoted or "\\" in quoted or not _is_plain(head):
        return None
    words = head.split()
    words.append(quoted)
    return words


def _flat_words(line: str) -> list[str] | None:
    """The words of a ``set interfaces NAME …`` line that can be kept flat; else None.

    That is: no lexing needed (or one quoted string at the end, as descriptions are), a
    real interface name, no ``apply-groups`` below it, not too deep.
    """
    words = line.split() if _is_plain(line) else _quoted_tail(line)
    if words is None or len(words) < 3:  # "set interfaces " and blanks: no name
        return None
    name = words[2]
    if not name or name in _NOT_NAMES or name[0] == "<" or len(words) > MAX_DEPTH + 1 or "apply-groups" in line:
        return None
    return words


def _in_tree_order(paths: Collection[tuple[str, ...]]) -> bool:
    """Whether paths in first-seen order are in the tree walk's order already.

    They are, unless one goes back into a branch left earlier (``… vlan members v1``,
    ``… native-vlan-id 5``, ``… vlan members v2``) or starts a longer one seen before it
    (``unit 0 family inet``, then ``unit 0``): the walk puts a node's own statement
    first, then its children, each the first time it was written.  Files that
    ``display set`` printed are in tree order.
    """
    if len(paths) == 2:  # (the usual case: "… interface-mode access", "… vlan members v1")
        first, second = paths
        return second != first[: len(second)]  # only one that starts the other is out
    left: set[str | tuple[str, ...]] = set()  # branches the order has left
    ordered = iter(paths)
    previous = next(ordered, ())
    for path in ordered:
        if not path:
            return False  # "set interfaces X" itself, after statements below it
        if not previous or path[0] != previous[0]:
            # Another first word (the usual step): the branches are single words.
            if previous:
                left.add(previous[0])
            if path[0] in left:
                return False
        else:
            depth = 1
            for mine, theirs in zip(path[1:], previous[1:], strict=False):
                if mine != theirs:
                    break
                depth += 1
            if depth == len(path):
                return False
            if depth < len(previous):
                left.add(previous[: depth + 1])
            if path[: depth + 1] in left:
                return False
        previous = path
    return True


def _tree_order(paths: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Paths in first-seen order, sorted as the tree walk yields them."""
    rank: dict[tuple[str, ...], int] = {}  # each node, numbered as the tree creates it
    for path in paths:
        for end in range(1, len(path) + 1):
            rank.setdefault(path[:end], len(rank))
    return sorted(paths, key=lambda path: [rank[path[:end]] for end in range(1, len(path) + 1)])


class _Reader:
    """Reads both forms, line by line, into one tree."""

    def __init__(self, log: DiagnosticLog, flat: bool = False) -> None:
        self.log = log
        self.root = _Node(0)
        self.frames: list[_Frame] = []
        self.pending = _Pending()
        self.comment_from = 0  # line where a still open /* comment started
        self.warned_depth = False
        # Plain "set interfaces NAME …" statements kept out of the tree (see _FlatStore);
        # None once anything else touches "interfaces" and the tree must hold them.
        self.flat: _FlatStore | None = _FlatStore() if flat else None
        self.prompt: tuple[str, int] | None = None  # the first prompt's device, its line
        # "show configuration interfaces": top-level blocks are interfaces, written below
        # this node (decided at the first top-level block).
        self.interfaces_only: _Node | None = None
        self.decided = False

    # -- driving -----------------------------------------------------------------------

    def feed(self, number: int, raw: str) -> None:
        """Consume one line."""
        line = raw.strip()
        if not line:
            return
        if _CONTROL.search(line):
            self.log.add(number, bad_line_message(line, "Junos configuration") + "; skipped")
            return
        idle = not self.comment_from and self.pending.empty()
        if idle and line[0] == "#":
            return
        if idle and not self.frames:
            # Set-form commands are only recognised between top-level blocks, so a
            # braces file with stray "set" lines (Batfish accepts them) reads right.
            words = line.split()
            verb = words[0]
            if verb in _EDIT_COMMANDS or verb in _OTHER_COMMANDS:
                plain = _is_plain(line)
                if self.flat is not None and verb in _EDIT_COMMANDS:
                    # A lexed line's path may differ from its words: any mention counts.
                    if words[1:2] == ["interfaces"] or (not plain and "interfaces" in line):
                        self.unflatten()
                if plain:
                    self._plain_command(number, words)  # the usual "set" line: no lexing
                else:
                    self._command(number, line, verb)
                return
            if _PROMPT.match(line):
                if self.prompt is None:
                    host = _PROMPT_HOST.match(line)
                    if host is not None:
                        self.prompt = (host.group(1), number)
                return
        if self.flat is not None:
            self.unflatten()  # the braces form: its blocks may hold interfaces anywhere
        lexed = _lex(line, bool(self.comment_from))
        if not lexed.in_comment:
            self.comment_from = 0
        elif not self.comment_from:
            self.comment_from = number
        if lexed.open_quote:
            self.log.add(number, "quoted text not closed on its line; closed at the line end")
        for token in lexed.tokens:
            self._token(token, number)
        if not self.pending.empty() and self.pending.items is None:
            # "show configuration" ends every statement on its own line; a line without
            # its ';' is damage, and reading on would glue it to the next statement.
            self.log.add(number, "statement without ';' at the end of its line")
            self._leaf()

    def finish(self, last_line: int) -> None:
        """Close what the text left open."""
        if self.comment_from:
            self.log.add(self.comment_from, "comment '/*' never closed")
        if not self.pending.empty():
            self.log.add(last_line, "'[' list never closed")
            self._leaf()
        if self.frames:
            first = self.frames[0].line
            self.log.add(first, f"{len(self.frames)} block(s) never closed (the first opens here)")
            while self.frames:
                self._close()

    def read(self, lines: list[str], check_control: bool) -> None:
        """``feed()`` every line, but keep plain ``set interfaces NAME …`` lines flat
        while the store is open (``_FlatStore``): most lines of a ``display set`` file,
        so their path is written out here, without feed()'s generic steps."""
        feed = self.feed
        flat = self.flat
        for number, raw in enumerate(lines, start=1):
            if flat is not None and raw.startswith("set interfaces "):
                line = raw.strip()
                words = None if check_control and _CONTROL.search(line) else _flat_words(line)
                if words is not None:
                    name = words[2]
                    interface = flat.interfaces.get(name)
                    if interface is None:
                        if not flat.interfaces:
                            # Where "interfaces" falls among the top-level words is tree
                            # order: it goes in now, its interfaces later if need be.
                            self._walk(self.root, ("interfaces",), number)
                        interface = flat.interfaces[name] = {}
                        flat.first_lines[name] = number
                    rest = tuple(words[3:])
                    head = rest[0] if rest else None
                    statements = interface.get(head)
                    if statements is None:
                        statements = interface[head] = {}
                    if rest not in statements:  # as in the tree: a repeat keeps its line
                        statements[rest] = number
                    continue
            feed(number, raw)
            flat = self.flat  # None once anything else touched "interfaces"

    def unflatten(self) -> None:
        """Move the flat statements into the tree, from now on the only store.

        Replaying them in their first-seen order rebuilds the tree the lines would have
        built: nothing else has touched "interfaces" yet (the reason to unflatten now).
        """
        flat, self.flat = self.flat, None
        if not flat:
            return
        root = self.root
        for name, interface in flat.interfaces.items():
            for statements in interface.values():
                for rest, line in statements.items():
                    node = self._walk(root, ("interfaces", name, *rest), line)
                    if not node.statement:
                        node.statement = line

    def unflatten_for_groups(self) -> None:
        """Groups that may write below "interfaces" need the interface nodes to match."""
        if self.flat is None or not self.root.children:
            return
        groups = self.root.children.get("groups")
        for group in (groups.children or {}).values() if groups else ():
            words = group.children or {}
            if "interfaces" in words or any(_wildcard(word) for word in words):
                self.unflatten()
                return

    # -- braces form -------------------------------------------------------------------

    def _token(self, token: Token, number: int) -> None:
        pending = self.pending
        if isinstance(token, str):
            pending.add(token, number)
        elif token is _Punct.END:
            self._leaf()
        elif token is _Punct.OPEN:
            self._open(number)
        elif token is _Punct.CLOSE:
            if not pending.empty():
                self.log.add(number, "statement without ';' before '}'")
                self._leaf()
            if self.frames:
                self._close()
            else:
                self.log.add(number, "'}' without an open block; ignored")
        elif token is _Punct.LIST_OPEN:
            if pending.items is None and pending.listed is None:
                pending.items = []
            else:
                self.log.add(number, "a second '[' in one statement; read as a word")
                pending.add("[", number)
        elif pending.items is not None:  # LIST_CLOSE
            pending.listed, pending.items = pending.items, None
        else:
            self.log.add(number, "']' without '['; read as a word")
            pending.add("]", number)

    def _base(self) -> tuple[_Node | None, int]:
        """The node statements are written below now (None inside an ignored block)."""
        if not self.frames:
            if self.interfaces_only is not None:
                return self.interfaces_only, 1
            return self.root, 0
        frame = self.frames[-1]
        frame.filled = True
        return frame.node, frame.depth

    def _leaf(self) -> None:
        paths, tags = self.pending.take()
        base, depth = self._base()
        if base is None:
            return
        for words, line in paths:
            self._write(base, depth, words, line, tags)

    def _decide_top(self) -> None:
        """At the first top-level block: is this ``show configuration interfaces`` output,
        whose top-level blocks are interfaces (``xe-0/0/1 {``), not ``interfaces {``?
        Then every top-level statement is written below one ``interfaces`` node."""
        if self.decided or self.frames:
            return
        self.decided = True
        words = [(word, line) for word, line in self.pending.words if word not in _TAGS]
        first, line = words[0] if words else ("", 0)
        if first not in TOP_LEVEL and (first == "interface-range" or _INTERFACE_NAME.fullmatch(first)):
            self.interfaces_only = self._walk(self.root, ("interfaces",), line)

    def _open(self, number: int) -> None:
        self._decide_top()
        paths, tags = self.pending.take()
        base, depth = self._base()
        if base is None:
            self.frames.append(_Frame(None, depth, number))
            return
        if not paths:
            self.log.add(number, "'{' without a statement name; block ignored")
            self.frames.append(_Frame(None, depth, number))
            return
        if len(paths) > 1:
            self.log.add(number, "a '[ ]' list names a block; only its first item is used")
        words, line = paths[0]
        if depth + len(words) > MAX_DEPTH:
            self._too_deep(number)
            self.frames.append(_Frame(None, depth, number))
            return
        if "delete:" in tags:
            self._delete(base, words)
            self.frames.append(_Frame(None, depth, number))
            return
        node = self._walk(base, words, line)
        self._tag(node, tags)
        self.frames.append(_Frame(node, depth + len(words), line))

    def _close(self) -> None:
        frame = self.frames.pop()
        if frame.node is not None and not frame.filled and not frame.node.statement:
            # "lacp { }" says as much as "lacp;": the block itself is the statement.
            frame.node.statement = frame.line

    # -- set form ----------------------------------------------------------------------

    def _plain_command(self, number: int, words: list[str]) -> None:
        """A command line without quotes, lists or comments."""
        verb, path = words[0], words[1:]
        if verb in _OTHER_COMMANDS:
            return
        if not path:
            self.log.add(number, f"'{verb}' without a statement; skipped")
        elif len(path) > MAX_DEPTH:
            self._too_deep(number)
        elif verb == "set":
            node = self._walk(self.root, path, number)
            if not node.statement:
                node.statement = number
        elif verb == "delete":
            self._delete(self.root, path)
        else:
            self._walk(self.root, path, number).inactive = verb == "deactivate"

    def _command(self, number: int, line: str, verb: str) -> None:
        if verb in _OTHER_COMMANDS:
            return  # navigation and housekeeping: nothing to keep
        lexed = _lex(line, False)
        if lexed.open_quote:
            self.log.add(number, "quoted text not closed on its line; closed at the line end")
        pending = _Pending()
        for token in lexed.tokens[1:]:
            if isinstance(token, str):
                pending.add(token, number)
            elif token is _Punct.LIST_OPEN and pending.items is None and pending.listed is None:
                pending.items = []
            elif token is _Punct.LIST_CLOSE and pending.items is not None:
                pending.listed, pending.items = pending.items, None
            elif token is not _Punct.END:  # a stray ';' is harmless, braces are not
                self.log.add(number, f"unexpected {token.value!r} in a '{verb}' line; skipped")
                return
        paths, _ = pending.take()
        if not paths:
            self.log.add(number, f"'{verb}' without a statement; skipped")
            return
        for words, _ in paths:
            if len(words) > MAX_DEPTH:
                self._too_deep(number)
            elif verb == "set":
                self._write(self.root, 0, words, number, set())
            elif verb == "delete":
                self._delete(self.root, words)
            else:
                # Junos keeps the flag even when the statement is only set later
                # (Batfish's activation test): flag the node, creating it if need be.
                self._walk(self.root, words, number).inactive = verb == "deactivate"

    # -- writing the tree --------------------------------------------------------------

    @staticmethod
    def _walk(base: _Node, words: Iterable[str], line: int) -> _Node:
        """The node at ``words`` below ``base``, creating what is missing (inlined: hot)."""
        node = base
        for word in words:
            children = node.children
            if children is None:
                children = node.children = {}
            following = children.get(word)
            if following is None:
                following = children[word] = _Node(line)
            node = following
        return node

    def _write(self, base: _Node, depth: int, words: list[str], line: int, tags: set[str]) -> None:
        if depth + len(words) > MAX_DEPTH:
            self._too_deep(line)
            return
        if "delete:" in tags:
            self._delete(base, words)
            return
        node = self._walk(base, words, line)
        if not node.statement:
            node.statement = line
        self._tag(node, tags)

    @staticmethod
    def _tag(node: _Node, tags: set[str]) -> None:
        """``inactive:`` disables the statement's last word: what ``deactivate`` names."""
        if "inactive:" in tags:
            node.inactive = True
        elif "active:" in tags:
            node.inactive = False

    @staticmethod
    def _delete(base: _Node, words: list[str]) -> None:
        parent = base.find(words[:-1])
        if parent is not None and parent.children is not None:
            parent.children.pop(words[-1], None)

    def _too_deep(self, line: int) -> None:
        if not self.warned_depth:
            self.warned_depth = True
            self.log.add(line, f"statement nested deeper than {MAX_DEPTH} words; ignored")


def _prune(node: _Node) -> bool:
    """Drop inactive and empty subtrees; True when ``node`` still holds a statement."""
    if node.children:
        for word, child in list(node.children.items()):
            if child.inactive or not _prune(child):
                del node.children[word]
    return bool(node.statement or node.children)


# ------------------------------------------------------------------------------------
# apply-groups


def _wildcard(word: str) -> re.Pattern[str] | None:
    """``<xe-*>`` -> a compiled glob; None for a literal word."""
    if len(word) > 2 and word[0] == "<" and word[-1] == ">":
        return re.compile(fnmatch.translate(word[1:-1]))
    return None


class _Groups:
    """The ``groups`` of a configuration and how to inherit from them."""

    def __init__(self, root: _Node) -> None:
        groups = root.children.pop("groups", None) if root.children else None
        self.trees: dict[str, _Node] = dict(groups.children or {}) if groups else {}
        self.patterns: dict[str, re.Pattern[str] | None] = {}
        self.wild_children: dict[int, list[tuple[re.Pattern[str], _Node]]] = {}

    def pattern(self, word: str) -> re.Pattern[str] | None:
        try:
            return self.patterns[word]
        except KeyError:
            compiled = self.patterns[word] = _wildcard(word)
            return compiled

    def wildcards(self, node: _Node) -> list[tuple[re.Pattern[str], _Node]]:
        """The wildcard children of a group node (cached: a group is matched many times)."""
        key = id(node)
        found = self.wild_children.get(key)
        if found is None:
            found = []
            for word, child in (node.children or {}).items():
                pattern = self.pattern(word)
                if pattern is not None:
                    found.append((pattern, child))
            self.wild_children[key] = found
        return found

    def inherit(self, name: str, level: tuple[str, ...], target: _Node, rank: Rank, out: list[Statement]) -> None:
        """Copy group ``name``'s statements that fit ``level`` into ``out``."""
        frontier = [self.trees[name]]
        for word in level:  # the group's path must match the level's, wildcards included
            following: list[_Node] = []
            for node in frontier:
                if node.children:
                    literal = node.children.get(word)
                    if literal is not None:
                        following.append(literal)
                    following.extend(c for p, c in self.wildcards(node) if p.match(word))
            frontier = following
        stack: list[tuple[_Node, _Node | None, tuple[str, ...]]] = [
            (node, target, level) for node in reversed(frontier)
        ]
        while stack:
            node, config, path = stack.pop()
            if node.statement and path:  # "groups G;" alone at the top says nothing
                out.append(Statement(path, node.statement, rank, name))
            if not node.children:
                continue
            pending: list[tuple[_Node, _Node | None, tuple[str, ...]]] = []
            for word, child in node.children.items():
                if word in ("apply-groups", "apply-groups-except"):
                    continue  # groups do not nest
                pattern = self.pattern(word)
                if pattern is None:
                    existing = config.children.get(word) if config and config.children else None
                    if existing is None or not _excepts(existing, name):
                        pending.append((child, existing, (*path, word)))
                elif config is not None and config.children:
                    # A wildcard only reaches what the configuration already has.
                    for have, existing in config.children.items():
                        if have in _NOT_NAMES or not pattern.match(have):
                            continue
                        if not _excepts(existing, name):
                            pending.append((child, existing, (*path, have)))
            stack.extend(reversed(pending))


def _excepts(node: _Node, group: str) -> bool:
    """True when ``node`` says ``apply-groups-except group``."""
    if not node.children:
        return False
    excepted = node.children.get("apply-groups-except")
    return bool(excepted and excepted.children and group in excepted.children)


@dataclass(slots=True)
class _Level:
    """A place that says ``apply-groups``: its path, its node, the groups in order."""

    path: tuple[str, ...]
    node: _Node
    groups: list[tuple[str, int]]


def _direct(root: _Node) -> tuple[list[Statement], list[_Level]]:
    """Every direct statement in tree order, and every level with ``apply-groups``."""
    statements: list[Statement] = []
    levels: list[_Level] = []
    stack: list[tuple[_Node, tuple[str, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if node.statement and path:
            statements.append(Statement(path, node.statement))
        if not node.children:
            continue
        applied = node.children.get("apply-groups")
        if applied is not None and applied.children:
            names = [(name, kid.statement or kid.line) for name, kid in applied.children.items()]
            levels.append(_Level(path, node, names))
        for word, child in reversed(node.children.items()):
            stack.append((child, path + (word,)))
    return statements, levels


def _effective(root: _Node, log: DiagnosticLog) -> list[Statement]:
    """Direct statements plus everything inherited through ``apply-groups``."""
    groups = _Groups(root)
    statements, levels = _direct(root)
    inherited: list[Statement] = []
    for level in levels:
        for index, (name, line) in enumerate(level.groups):
            if name not in groups.trees:
                where = " ".join(level.path) or "the top level"
                log.add(line, f"apply-groups {name} (at {where}): no such group in this file")
                continue
            if _excepts(level.node, name):
                continue
            rank = (_GROUP_CLASS, len(level.path), -index)
            groups.inherit(name, level.path, level.node, rank, inherited)
    return statements + inherited


def flatten(text: str, path: str = "<junos>") -> list[Statement]:
    """The effective statements of a configuration, lowest priority first.

    The order is Batfish's preprocessed order for precedence: a last-writer-wins reader
    of the list ends with each statement's winning value.  Interface ranges are not
    expanded (Junos does not show them expanded either).  For tests and debugging.
    """
    read = _read(text, path)
    return sorted(read.statements if read else [], key=lambda statement: statement.rank)


@dataclass(slots=True)
class _Read:
    """What the tree stage hands on: the effective statements, and where each interface
    named under ``interfaces`` was first written (its ``xe-0/0/1 {`` line).

    ``flat`` holds the statements of plain ``set interfaces`` lines that never went
    into the tree (see ``_FlatStore``): direct statements, like the others.
    """

    statements: list[Statement]
    declared: dict[str, int]
    flat: _FlatStore | None = None
    prompt: tuple[str, int] | None = None  # the capture's first prompt: device, line


def _read(text: str, path: str, log: DiagnosticLog | None = None, flat: bool = False) -> _Read | None:
    """The effective statements of ``text``; None when nothing in it is Junos.

    With ``flat``, plain ``set interfaces`` lines may come back in ``_Read.flat``
    instead of ``statements``.
    """
    reader = _Reader(log if log is not None else DiagnosticLog(path), flat)
    lines = text.split("\n")  # as text.numbered_lines: feed() strips the CR
    lines[0] = lines[0].lstrip("\ufeff")
    # feed() rejects lines with control characters; most files have none at all.
    reader.read(lines, any(char in text for char in _CONTROL_CHARS))
    reader.finish(len(lines))
    reader.unflatten_for_groups()
    _prune(reader.root)
    tops = reader.root.children or {}
    kept = reader.flat
    if not kept and not any(word in TOP_LEVEL for word in tops):
        # Stray words read as statements are not a configuration (a wrong file).
        return None
    named = tops["interfaces"].children if "interfaces" in tops else None
    declared = {name: node.line for name, node in (named or {}).items()}
    if kept:
        declared.update(kept.first_lines)
    return _Read(_effective(reader.root, reader.log), declared, kept, reader.prompt)


# ------------------------------------------------------------------------------------
# interface ranges


def _expand_member(pattern: str) -> list[str] | None:
    """``xe-0/0/[0,2-3]`` -> names; ``*`` stands for ports 0-47.  None when too many."""
    names = [""]
    position = 0
    for match in _MEMBER_BRACKET.finditer(pattern):
        literal = pattern[position : match.start()]
        position = match.end()
        choices: list[str] = []
        if match.group(0) == "*":
            choices = [str(port) for port in _STAR_PORTS]
        else:
            for piece in (part.strip() for part in match.group(1).split(",")):
                low, dash, high = piece.partition("-")
                first, last = _number(low), _number(high)
                if first is not None and last is not None and dash:
                    if last - first >= MAX_RANGE_MEMBERS:
                        return None
                    choices.extend(str(port) for port in range(first, last + 1))
                elif piece:
                    choices.append(piece)
                if len(choices) > MAX_RANGE_MEMBERS:
                    return None
        if len(names) * len(choices) > MAX_RANGE_MEMBERS:
            return None
        names = [f"{done}{literal}{choice}" for done in names for choice in choices]
    return [f"{done}{pattern[position:]}" for done in names]


_PortKey = tuple[str, tuple[int, ...]]  # ("xe", (1, 0, 12)) for xe-1/0/12


def _expand_span(first: str, last: str, known: _Ports) -> list[str] | None:
    """``member-range A to B``: every port between, in Junos' lexical order.

    Between two ports of one PIC the names are counted out; across PICs or FPCs the
    port counts are unknown, so only the ``known`` interfaces the file configures are
    taken.  None when the span is too long.
    """
    # Split off the trailing port number by hand: a regex would backtrack on long digits.
    stem, low_text = _split_port(first)
    other_stem, high_text = _split_port(last)
    low, high = _number(low_text), _number(high_text)
    if stem == other_stem and low is not None and high is not None:
        low, high = min(low, high), max(low, high)
        if high - low >= MAX_RANGE_MEMBERS:
            return None
        return [f"{stem}{port}" for port in range(low, high + 1)]
    low_key, high_key = _port_key(first), _port_key(last)
    if low_key is None or high_key is None or low_key[0] != high_key[0]:
        return [first, last]
    between = known.between(low_key, high_key)
    if len(between) > MAX_RANGE_MEMBERS:
        return None
    return [first, *between, last]


def _split_port(name: str) -> tuple[str, str]:
    """``xe-0/0/12`` -> ("xe-0/0/", "12")."""
    stem = name.rstrip("0123456789")
    return stem, name[len(stem) :]


class _Ports:
    """Configured port names in Junos' lexical order, searched by bisection."""

    def __init__(self, names: Iterable[str]) -> None:
        keyed = sorted((key, name) for name in names if (key := _port_key(name)) is not None)
        self.keys = [key for key, _ in keyed]
        self.names = [name for _, name in keyed]

    def between(self, low: _PortKey, high: _PortKey) -> list[str]:
        """Names strictly between two ports."""
        start = bisect.bisect_right(self.keys, low)
        end = bisect.bisect_left(self.keys, high)
        return self.names[start:end]


def _port_key(name: str) -> _PortKey | None:
    """``xe-1/0/12`` -> ("xe", (1, 0, 12)), to order ports; None for other names."""
    prefix, _, numbers = name.partition("-")
    if not _DIGITS.match(numbers):
        return None
    return prefix, tuple(int(number) for number in _DIGITS.findall(numbers))


def _number(text: str) -> int | None:
    """ASCII digits as an int; None otherwise, or when too long to be a port or VLAN.

    ``str.isdigit`` is not enough: it accepts "²", which ``int`` refuses, and ``int``
    refuses more than 4,300 digits too.
    """
    return int(text) if _DIGITS.fullmatch(text) else None


# ------------------------------------------------------------------------------------
# facts


@dataclass(slots=True)
class _Choice:
    """A candidate value of a single-valued setting: highest rank wins, then latest line."""

    rank: Rank
    line: int
    value: str


@dataclass(slots=True)
class _Interface:
    """What the statements say about one interface, before it becomes a fact."""

    name: str
    declared: int = 0  # its own "xe-0/0/1 {" or first "set interfaces xe-0/0/1" line
    first_direct: int = 0
    first_any: int = 0
    member_line: int = 0  # the interface-range "member" line that names it
    values: dict[str, _Choice] = field(default_factory=dict)
    vlan_members: list[tuple[str, int, Rank]] = field(default_factory=list)
    lacp_line: int = 0  # first statement of an aggregated-ether-options lacp stanza
    switching: bool = False  # has unit 0 family ethernet-switching
    protocols: set[str] = field(default_factory=set)  # xSTP protocols that name it

    def see(self, line: int, rank: Rank) -> None:
        """Note a statement about it, to locate the interface."""
        if rank == DIRECT and (not self.first_direct or line < self.first_direct):
            self.first_direct = line
        if not self.first_any or line < self.first_any:
            self.first_any = line

    def offer(self, key: str, value: str, line: int, rank: Rank) -> None:
        """Propose a value; it replaces the current one if it ranks higher or comes later."""
        current = self.values.get(key)
        # (rank, line) > (current.rank, current.line), without building the tuples
        if current is None or (line > current.line if rank == current.rank else rank > current.rank):
            self.values[key] = _Choice(rank, line, value)

    @property
    def line(self) -> int:
        """The first line that configures it: its own, else its range's, else inherited."""
        return self.declared or self.first_direct or self.member_line or self.first_any


def _read_interface(item: _Interface, rest: tuple[str, ...], line: int, rank: Rank) -> None:
    """One statement below ``interfaces NAME``."""
    item.see(line, rank)
    _interface_setting(item, rest, line, rank)


def _interface_setting(item: _Interface, rest: tuple[str, ...], line: int, rank: Rank) -> None:
    """What one statement below ``interfaces NAME`` sets (``_read_interface`` less ``see``)."""
    size = len(rest)
    if not size:
        return
    head = rest[0]
    # Each branch wants its own first word, so their order is free: commonest first.
    if head == "description" and size >= 2:
        item.offer("description", " ".join(rest[1:]), line, rank)
    elif size >= 4 and rest[:4] == _SWITCHING:
        item.switching = True
        setting = rest[4:]
        if len(setting) == 2 and setting[0] in ("interface-mode", "port-mode"):
            item.offer("mode", setting[1], line, rank)
        elif len(setting) == 3 and setting[:2] == ("vlan", "members"):
            item.vlan_members.append((setting[2], line, rank))
        elif len(setting) == 2 and setting[0] == "native-vlan-id":
            item.offer("native_vlan", setting[1], line, rank)
    elif size == 2 and head in _PLAIN_SETTINGS:
        item.offer(_PLAIN_SETTINGS[head], rest[1], line, rank)
    elif rest == ("disable",):
        item.offer("shutdown", "yes", line, rank)
    elif head in ("ether-options", "gigether-options") and size >= 3:
        if rest[1] == "speed" and size == 3:
            item.offer("speed", rest[2], line, rank)
        elif rest[1] == "802.3ad" and rest[2] not in _LAG_OPTIONS:
            item.offer("channel_group", rest[2], line, rank)
        elif rest[1:] == ("802.3ad", "lacp", "force-up"):
            item.offer("lacp_force_up", "yes", line, rank)
    elif head == "aggregated-ether-options" and size >= 2:
        _read_lag(item, rest[1:], line, rank)
    elif head == "esi" and size == 2 and _ESI_VALUE.match(rest[1]):
        item.offer("esi", rest[1], line, rank)


_PLAIN_SETTINGS = {"mtu": "mtu", "speed": "speed", "native-vlan-id": "native_vlan"}
_SWITCHING = ("unit", "0", "family", "ethernet-switching")
_LACP_OPTIONS = {"system-id": "lacp_system_id", "admin-key": "lacp_admin_key"}
_LACP_RATES = {"fast": "fast", "slow": "normal"}


def _read_lag(item: _Interface, rest: tuple[str, ...], line: int, rank: Rank) -> None:
    """``aggregated-ether-options …`` on an ae."""
    if rest[0] == "lacp":
        if not item.lacp_line or line < item.lacp_line:
            item.lacp_line = line
        option = rest[1:]
        if option in (("active",), ("passive",)):
            item.offer("lacp_mode", option[0], line, rank)
        elif option == ("force-up",):
            item.offer("lacp_force_up", "yes", line, rank)
        elif len(option) == 2 and option[0] == "periodic":
            item.offer("lacp_rate", _LACP_RATES.get(option[1], option[1]), line, rank)
        elif len(option) == 2 and option[0] in _LACP_OPTIONS:
            item.offer(_LACP_OPTIONS[option[0]], option[1], line, rank)
    elif len(rest) == 3 and rest[:2] == ("mc-ae", "mc-ae-id"):
        item.offer("mlag_id", rest[2], line, rank)


@dataclass(slots=True)
class _Range:
    """An ``interfaces interface-range NAME``: its members and what it gives them."""

    members: list[tuple[str, int]] = field(default_factory=list)
    spans: list[tuple[str, str, int]] = field(default_factory=list)
    statements: list[tuple[tuple[str, ...], int, Rank]] = field(default_factory=list)


@dataclass(slots=True)
class _StpReference:
    """A statement below ``protocols rstp|mstp|vstp|stp … interface NAME``."""

    protocol: str
    name: str
    rest: tuple[str, ...]
    line: int
    rank: Rank


class _Builder:
    """Turns the effective statements into ``SwitchConfig`` and ``SwitchInterface`` facts."""

    def __init__(
        self, path: str, log: DiagnosticLog, declared: dict[str, int], prompt: tuple[str, int] | None = None
    ) -> None:
        self.path = path
        self.prompt = prompt
        self.log = log
        self.declared = declared
        self.interfaces: dict[str, _Interface] = {}
        self.ranges: dict[str, _Range] = {}
        self.range_members: dict[str, list[str]] = {}
        self.ports: _Ports | None = None
        self.switch = _Interface("")  # switch-wide values follow the same choice rules
        self.vlans: dict[str, _Choice] = {}
        self.vlan_ids: dict[str, str] = {}  # name -> id, once every statement is read
        self.vlan_lists: dict[tuple[str, ...], str] = {}
        self.stp: list[_StpReference] = []
        # protocols uplink-failure-detection group G link-to-monitor|link-to-disable X:
        # (interface or range, upstream/downstream, group, line, rank)
        self.ufd: list[tuple[str, str, str, int, Rank]] = []
        self.first_line = 0

    def interface(self, name: str) -> _Interface:
        item = self.interfaces.get(name)
        if item is None:
            item = self.interfaces[name] = _Interface(name, self.declared.get(name, 0))
        return item

    def read(self, statements: list[Statement], flat: _FlatStore | None = None) -> None:
        """Sort every statement to where it matters; then expand the interface ranges.

        ``flat`` holds direct statements kept out of the tree (``_FlatStore``), read in
        the tree walk's order like the others: that is the order of the values' keys.
        """
        if flat:
            self._read_flat(flat)
        for statement in statements:
            path, line, rank = statement.path, statement.line, statement.rank
            if not self.first_line or line < self.first_line:
                self.first_line = line
            top, size = path[0], len(path)
            if top == "interfaces" and size >= 2:
                if path[1] == "interface-range":
                    if size >= 4:
                        self._range_statement(path[2], path[3:], line, rank)
                elif path[1] and path[1] not in _NOT_NAMES and path[1][0] != "<":
                    _read_interface(self.interface(path[1]), path[2:], line, rank)
            elif top == "system" and size == 3 and path[1] == "host-name":
                self.switch.offer("hostname", path[2], line, rank)
            elif top == "vlans" and size == 4 and path[2] == "vlan-id":
                current = self.vlans.get(path[1])
                if current is None or (rank, line) > (current.rank, current.line):
                    self.vlans[path[1]] = _Choice(rank, line, path[3])
            elif top == "chassis" and size == 5 and path[1:4] == _DEVICE_COUNT:
                self.switch.offer("ae_device_count", path[4], line, rank)
            elif top == "protocols" and size >= 3 and path[1] in _XSTP:
                self._stp_statement(path, line, rank)
            elif top == "protocols" and size == 6 and path[1:3] == ("uplink-failure-detection", "group"):
                direction = _UFD_DIRECTIONS.get(path[4])
                name = _UNIT_SUFFIX.sub("", path[5])
                if direction is not None and name:
                    self.ufd.append((name, direction, path[3], line, rank))
        for name, entry in self.ranges.items():
            self._expand_range(name, entry)

    def _read_flat(self, flat: _FlatStore) -> None:
        """The flat interfaces, first: each is new, named first at its first statement."""
        first_lines = flat.first_lines
        for name, interface in flat.interfaces.items():
            first = first_lines[name]  # its first statement's line: the earliest
            # What interface() and a _read_interface() per statement would make of it:
            # declared, first direct and first statement all at that line.
            item = self.interfaces[name] = _Interface(name, first, first, first)
            for written in interface.values():
                if len(written) == 1 or _in_tree_order(written):
                    for rest, line in written.items():
                        _interface_setting(item, rest, line, DIRECT)
                else:
                    for rest in _tree_order(list(written)):
                        _interface_setting(item, rest, written[rest], DIRECT)
            if not self.first_line or first < self.first_line:
                self.first_line = first

    def _range_statement(self, name: str, rest: tuple[str, ...], line: int, rank: Rank) -> None:
        entry = self.ranges.setdefault(name, _Range())
        if rest[0] == "member" and len(rest) == 2:
            entry.members.append((rest[1], line))
        elif rest[0] == "member-range" and len(rest) == 4 and rest[2] == "to":
            entry.spans.append((rest[1], rest[3], line))
        elif rest[0] not in _RANGE_ONLY:
            # A range's own statement ranks below the member's; an inherited one keeps
            # its group rank.
            entry.statements.append((rest, line, RANGE if rank == DIRECT else rank))

    def _expand_range(self, name: str, entry: _Range) -> None:
        found: list[tuple[str, int]] = []
        for pattern, line in entry.members:
            names = _expand_member(pattern)
            if names is None:
                self.log.add(line, f"interface-range {name}: member {pattern} names too many ports")
            else:
                found.extend((member, line) for member in names)
        if entry.spans and self.ports is None:
            self.ports = _Ports(self.interfaces)  # the configured ports, before any range
        for first, last, line in entry.spans:
            names = _expand_span(first, last, self.ports or _Ports(()))
            if names is None:
                self.log.add(line, f"interface-range {name}: member-range names too many ports")
            else:
                found.extend((member, line) for member in names)
        members = self.range_members[name] = []
        seen: set[str] = set()
        for member, line in found:
            if not member or member in seen:
                continue  # named by a member and a member-range too: inherit once
            if len(seen) == MAX_RANGE_MEMBERS:
                problem = f"more than {MAX_RANGE_MEMBERS} members; the rest ignored"
                self.log.add(line, f"interface-range {name}: {problem}")
                break
            seen.add(member)
            members.append(member)
            item = self.interface(member)
            if not item.member_line or line < item.member_line:
                item.member_line = line
            for rest, statement_line, rank in entry.statements:
                _read_interface(item, rest, statement_line, rank)

    def _stp_statement(self, path: tuple[str, ...], line: int, rank: Rank) -> None:
        protocol = path[1]
        self.switch.offer("stp_protocol", protocol, line, rank)  # spanning tree runs at all
        if protocol in _FORWARD_DELAY_PROTOCOLS and path[2:3] == ("forward-delay",):
            if len(path) == 4:
                self.switch.offer("forward_delay", path[3], line, rank)
            return
        # "interface X" sits under the protocol, a vstp vlan or an mstp msti.
        try:
            at = path.index("interface", 2)
        except ValueError:
            return
        name = _UNIT_SUFFIX.sub("", path[at + 1]) if at + 1 < len(path) else ""
        if name:
            self.stp.append(_StpReference(protocol, name, path[at + 2 :], line, rank))

    def _apply_stp(self) -> None:
        """``protocols rstp interface X edge``; ``interface all`` covers switching ports."""
        everywhere: dict[str, _StpReference] = {}  # the winning "all … edge" per protocol
        for reference in self.stp:
            if reference.name == "all":
                if reference.rest == ("edge",):
                    best = everywhere.get(reference.protocol)
                    if best is None or (reference.rank, reference.line) > (best.rank, best.line):
                        everywhere[reference.protocol] = reference
                continue
            for member in self.range_members.get(reference.name, [reference.name]):
                item = self.interface(member)
                item.protocols.add(reference.protocol)
                if not item.line:  # known only from here: locate it here
                    item.see(reference.line, reference.rank)
                if reference.rest == ("edge",):
                    item.offer("edge", "yes", reference.line, reference.rank)
        for reference in everywhere.values():
            for item in self.interfaces.values():
                # A port named under the protocol takes its own settings, not "all"'s.
                if item.switching and reference.protocol not in item.protocols:
                    item.offer("edge", "yes", reference.line, reference.rank)

    def _apply_uplink_failure_detection(self) -> None:
        """Uplink failure detection: a ``link-to-disable`` port is shut down when every
        ``link-to-monitor`` port of its group is down (link-state tracking)."""
        monitored: dict[str, int] = {}  # group -> its first link-to-monitor line
        for name, direction, group, line, rank in self.ufd:
            if direction == "upstream":
                monitored.setdefault(group, line)  # an uplink need not be configured
            for member in self.range_members.get(name, [name]):
                item = self.interfaces.get(member)
                if item is None or not item.line:
                    continue  # named here only: not a configured port (a group names ports)
                item.offer("link_tracking", direction, line, rank)
                item.offer("link_tracking_group", group, line, rank)
        if monitored:
            self.switch.offer("link_tracking_groups", ",".join(monitored), min(monitored.values()), DIRECT)

    # -- output --------------------------------------------------------------------------

    def facts(self) -> list[Fact]:
        self._apply_stp()
        self._apply_uplink_failure_detection()
        config = SwitchConfig(format=FORMAT, location=Location(self.path, self.first_line or 1))
        config.values["platform"] = Located("junos", Location(self.path))
        for key, choice in self.switch.values.items():
            config.values[key] = Located(choice.value, Location(self.path, choice.line))
        if self.vlans:
            text = ",".join(f"{name}={choice.value}" for name, choice in self.vlans.items())
            first = min(choice.line for choice in self.vlans.values())
            config.values["vlans"] = Located(text, Location(self.path, first))
        hostname, source = self._name(config.values.get("hostname"))
        config.values["hostname"] = hostname
        config.values["hostname_source"] = Located(source, hostname.location)
        self.vlan_ids = {name: choice.value for name, choice in self.vlans.items()}
        facts: list[Fact] = [config]
        items = sorted(self.interfaces.values(), key=lambda item: (item.line, item.name))
        facts.extend(self._interface_fact(item, hostname) for item in items)
        return facts

    def _name(self, host_name: Located[str] | None) -> tuple[Located[str], str]:
        """The switch's name and where it comes from: ``system host-name``, else the
        capture's prompt (``user@sw1>``), else the file's name (line 0)."""
        if host_name is not None:
            return host_name, NAME_FROM_HOSTNAME
        if self.prompt is not None:
            return Located(self.prompt[0], Location(self.path, self.prompt[1])), NAME_FROM_PROMPT
        name, source = name_from_path(self.path)
        return Located(name, Location(self.path, 0)), source

    def _interface_fact(self, item: _Interface, hostname: Located[str] | None) -> SwitchInterface:
        path, first = self.path, item.line
        where = new_location(path, first)  # (text.new_location: a Location, built faster)
        values: dict[str, Located[str]] = {}
        for key, choice in item.values.items():
            # The interface's first line often writes a value too: one Location for both.
            line = choice.line
            if line == first:
                values[key] = new_located(choice.value, where)
            else:
                values[key] = new_located_at(choice.value, path, line)
        if item.vlan_members:
            self._vlan_values(item, values)
        if "lacp_mode" not in values and item.name.startswith("ae") and _AE_NAME.match(item.name):
            # A lacp stanza without active/passive runs passive; no stanza: a static LAG.
            mode, line = ("passive", item.lacp_line) if item.lacp_line else ("none", first)
            at = where if line == first else new_location(path, line)
            values["lacp_mode"] = new_located(mode, at)
        # (format, name, location, switch, values): keywords cost twice as much here
        return SwitchInterface(FORMAT, new_located(item.name, where), where, hostname, values)

    def _vlan_values(self, item: _Interface, values: dict[str, Located[str]]) -> None:
        """``vlan members`` -> access_vlan or allowed_vlans, by the port's mode."""
        if len(item.vlan_members) == 1:  # an access port: the usual case, made short
            only, line, _ = item.vlan_members[0]
            members: tuple[str, ...] = (only,)
        else:
            best = max(rank for _, _, rank in item.vlan_members)
            line = min(line for _, line, rank in item.vlan_members if rank == best)
            members = tuple(dict.fromkeys(member for member, _, _ in item.vlan_members))
        listed = self.vlan_lists.get(members)
        if listed is None:  # ports mostly repeat a few lists: canonicalise each once
            listed = self.vlan_lists[members] = _vlan_list(list(members), self.vlan_ids)
        mode = values.get("mode")
        if mode is not None:
            access = mode.value == "access"
        else:
            # No interface-mode: Junos' default is access, whose single member is its
            # VLAN; a list, a range or "all" can only be a trunk's.
            only = members[0]
            access = len(members) == 1 and only != "all" and not _VLAN_RANGE.match(only)
        key = "access_vlan" if access else "allowed_vlans"
        values[key] = new_located_at(listed, self.path, line)


_DEVICE_COUNT = ("aggregated-devices", "ethernet", "device-count")
# A range's statements that are about the range itself, not given to its members.
_RANGE_ONLY = frozenset({"member", "member-range", "apply-macro", "apply-groups", "apply-groups-except"})
_VLAN_RANGE = re.compile(r"[0-9]+-[0-9]+$")
_VLAN_COUNT = 4094


def _vlan_list(members: list[str], names: dict[str, str]) -> str:
    """``vlan members`` -> "1-3,5" (names resolved through ``vlans``); unknown names kept."""
    from netutils.vlan import vlanlist_to_config  # lazily: only this step needs it

    ids: set[int] = set()
    kept: list[str] = []
    for member in members:
        if member == "all":
            return "all"
        value = names.get(member, member)
        low, dash, high = value.partition("-")
        first = _number(low)
        last = _number(high) if dash else first
        if first is not None and last is not None and 1 <= first <= last <= 4094:
            ids.update(range(first, last + 1))
        else:
            kept.append(member)
    if len(ids) == _VLAN_COUNT and not kept:
        return "all"  # "1-4094" says the same as "all"
    if ids:
        # Two VLANs in a row become "5-6", as the other switch parsers write them.
        canonical = vlanlist_to_config(sorted(ids), first_line_len=1 << 30, other_line_len=1 << 30, min_grouping_size=2)
        kept.insert(0, ",".join(canonical))
    return ",".join(kept)


# ------------------------------------------------------------------------------------
# module contract


def claims(path: PurePosixPath, head: str) -> bool:
    """True when the head reads as a Junos configuration, in either form, whatever the name."""
    junos = interface_block = interface_words = False
    seen = 0
    for number, raw in enumerate(head.split("\n")):
        line = raw.strip().lstrip("\ufeff")
        if line.endswith("{") and not raw[:1].isspace():
            # "show configuration interfaces": interface blocks at the top.
            words = line[:-1].split()
            interface_block = interface_block or (
                (len(words) == 1 and bool(_INTERFACE_NAME.fullmatch(words[0])))
                or (len(words) == 2 and words[0] == "interface-range")
            )
        elif interface_block and line.startswith(_INTERFACE_WORDS):
            interface_words = True
        if number == 0 and line.startswith("#!"):
            return False  # a script, even one that writes Junos lines
        if line.startswith(_JUNOS_BANNERS):
            return True
        if not line or line.startswith(("#", "/*")) or _PROMPT.match(line):
            continue
        seen += 1
        if seen > _CLAIM_LINES:
            break
        words = line.split()
        if words[0] in _EDIT_COMMANDS and len(words) > 1 and words[1] in TOP_LEVEL:
            if words[1] == "interfaces" and len(words) > 2 and words[2] in _VYOS_INTERFACE_TYPES:
                return False
            junos = True
        elif words[0] in TOP_LEVEL and line.endswith(("{", ";")):
            junos = True
    return junos or (interface_block and interface_words)


_JUNOS_BANNERS = (
    "## Last commit",
    "## Last changed",
    "#RANCID-CONTENT-TYPE: juniper",
    "# RANCID-CONTENT-TYPE: juniper",
)


def parse(text: str, path: str) -> ParseResult:
    """Read one Junos configuration into switch facts; never raises on bad input."""
    # Every node and fact allocated here lives until the end; the cyclic collector would
    # rescan them again and again (about 40% of the time on 10,000 interfaces) and find
    # nothing: the tree has no cycles.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, path)
    finally:
        if collecting:
            gc.enable()


def _parse(text: str, path: str) -> ParseResult:
    log = DiagnosticLog(path)
    read = _read(text, path, log, flat=True)
    if read is None:
        log.add(1, "no Junos configuration statement found")
        return ParseResult(diagnostics=log.result())
    builder = _Builder(path, log, read.declared, read.prompt)
    builder.read(read.statements, read.flat)
    facts = builder.facts()
    diagnostics = sorted(log.result(), key=lambda diagnostic: diagnostic.location)
    return ParseResult(facts=facts, diagnostics=diagnostics)
