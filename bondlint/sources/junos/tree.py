"""The tree of words both forms are read into, the statements it yields, and their ranks.

``interfaces ae0 aggregated-ether-options lacp active`` is a path of five words from the
root, whichever form wrote it; each node remembers where it was first written and where
a statement first ended at it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from bondlint.sources.text import DiagnosticLog

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
# Braces-form tags before a statement; "inactive:" disables it, "delete:" (load patch
# files) removes it, the others only change how the CLI edits it.
TAGS = frozenset({"inactive:", "active:", "replace:", "protect:", "delete:", "unprotect:"})
# Longest statement path kept: real configurations stay far below; the cap bounds the
# recursion of the tree walks on damaged or hostile input.
MAX_DEPTH = 64

# Priority of a statement: a direct one beats a range's, which beats a group's; among
# groups, (depth of the level that applied it, minus its place in the list).
Rank = tuple[int, int, int]
DIRECT: Rank = (3, 0, 0)
RANGE: Rank = (2, 0, 0)
GROUP_CLASS = 1

# Names under "interfaces" (and the like) that are statements, not interface names;
# group wildcards never match them.
NOT_NAMES = frozenset(
    {
        "apply-groups", "apply-groups-except", "apply-macro", "interface-range",
        "interface-set", "stacked-interface-set", "traceoptions",
    }
)  # fmt: skip


class Node:
    """One word of the configuration tree.

    ``line`` is where the node was first written, ``statement`` the first line that
    ended a statement here (0: only a step on longer paths).
    """

    __slots__ = ("children", "inactive", "line", "statement")

    def __init__(self, line: int) -> None:
        self.children: dict[str, Node] | None = None
        self.line = line
        self.statement = 0
        self.inactive = False

    def find(self, words: Iterable[str]) -> Node | None:
        node: Node | None = self
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


class TreeWriter:
    """Writes statements into the tree below ``root``, reporting a too deep one once."""

    def __init__(self, log: DiagnosticLog) -> None:
        self.log = log
        self.root = Node(0)
        self.warned_depth = False

    @staticmethod
    def walk(base: Node, words: Iterable[str], line: int) -> Node:
        """The node at ``words`` below ``base``, creating what is missing (inlined: hot)."""
        node = base
        for word in words:
            children = node.children
            if children is None:
                children = node.children = {}
            following = children.get(word)
            if following is None:
                following = children[word] = Node(line)
            node = following
        return node

    def write(self, base: Node, depth: int, words: list[str], line: int, tags: set[str]) -> None:
        """One statement ``depth`` words deep, with its braces-form tags."""
        if depth + len(words) > MAX_DEPTH:
            self.too_deep(line)
            return
        if "delete:" in tags:
            self.delete(base, words)
            return
        node = self.walk(base, words, line)
        if not node.statement:
            node.statement = line
        self.tag(node, tags)

    @staticmethod
    def tag(node: Node, tags: set[str]) -> None:
        """``inactive:`` disables the statement's last word: what ``deactivate`` names."""
        if "inactive:" in tags:
            node.inactive = True
        elif "active:" in tags:
            node.inactive = False

    @staticmethod
    def delete(base: Node, words: list[str]) -> None:
        parent = base.find(words[:-1])
        if parent is not None and parent.children is not None:
            parent.children.pop(words[-1], None)

    def too_deep(self, line: int) -> None:
        if not self.warned_depth:
            self.warned_depth = True
            self.log.add(line, f"statement nested deeper than {MAX_DEPTH} words; ignored")


def prune(node: Node) -> bool:
    """Drop inactive and empty subtrees; True when ``node`` still holds a statement."""
    if node.children:
        for word, child in list(node.children.items()):
            if child.inactive or not prune(child):
                del node.children[word]
    return bool(node.statement or node.children)
