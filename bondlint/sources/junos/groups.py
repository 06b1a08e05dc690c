"""``groups`` and ``apply-groups``: each group's statements copied into the levels that
name it, ``<*>``-style wildcards matching the names the configuration has, skipping
``apply-groups-except``.  Among groups the most specific level wins, then the first
group listed."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from bondlint.sources.junos.tree import GROUP_CLASS, NOT_NAMES, Node, Rank, Statement
from bondlint.sources.text import DiagnosticLog


def wildcard(word: str) -> re.Pattern[str] | None:
    """``<xe-*>`` -> a compiled glob; None for a literal word."""
    if len(word) > 2 and word[0] == "<" and word[-1] == ">":
        return re.compile(fnmatch.translate(word[1:-1]))
    return None


# A group node to copy, the configuration node it lands on (None: a new one), its path.
_Visit = tuple[Node, Node | None, tuple[str, ...]]


class _Groups:
    """The ``groups`` of a configuration and how to inherit from them."""

    def __init__(self, root: Node) -> None:
        groups = root.children.pop("groups", None) if root.children else None
        self.trees: dict[str, Node] = dict(groups.children or {}) if groups else {}
        self.patterns: dict[str, re.Pattern[str] | None] = {}
        self.wild_children: dict[int, list[tuple[re.Pattern[str], Node]]] = {}

    def pattern(self, word: str) -> re.Pattern[str] | None:
        """``wildcard(word)``, compiled once per word: past ``re``'s own cache of 512
        patterns, recompiling a group's wildcards at every level that applies it costs
        minutes on a hostile file (600 wildcards, 2,000 levels: 70 s, 0.5 s cached)."""
        try:
            return self.patterns[word]
        except KeyError:
            compiled = self.patterns[word] = wildcard(word)
            return compiled

    def wildcards(self, node: Node) -> list[tuple[re.Pattern[str], Node]]:
        """The wildcard children of a group node (cached: a group is matched at every level
        that applies it)."""
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

    def inherit(self, name: str, level: tuple[str, ...], target: Node, rank: Rank, out: list[Statement]) -> None:
        """Copy group ``name``'s statements that fit ``level`` into ``out``."""
        stack: list[_Visit] = [(node, target, level) for node in reversed(self._at(name, level))]
        while stack:
            node, config, path = stack.pop()
            if node.statement and path:  # "groups G;" alone at the top says nothing
                out.append(Statement(path, node.statement, rank, name))
            if node.children:
                stack.extend(reversed(self._below(name, node.children, config, path)))

    def _at(self, name: str, level: tuple[str, ...]) -> list[Node]:
        """Group ``name``'s nodes at ``level``: their path matches it, wildcards included."""
        frontier = [self.trees[name]]
        for word in level:
            following: list[Node] = []
            for node in frontier:
                if node.children:
                    literal = node.children.get(word)
                    if literal is not None:
                        following.append(literal)
                    following.extend(c for p, c in self.wildcards(node) if p.match(word))
            frontier = following
        return frontier

    def _below(self, name: str, children: dict[str, Node], config: Node | None, path: tuple[str, ...]) -> list[_Visit]:
        """A group node's children to copy, each with the configuration node it lands on."""
        found: list[_Visit] = []
        have = config.children if config is not None and config.children else None
        for word, child in children.items():
            if word in ("apply-groups", "apply-groups-except"):
                continue  # groups do not nest
            pattern = self.pattern(word)
            if pattern is None:
                existing = have.get(word) if have else None
                if existing is None or not _excepts(existing, name):
                    found.append((child, existing, (*path, word)))
            elif have:
                # A wildcard only reaches what the configuration already has.
                found.extend(
                    (child, existing, (*path, named))
                    for named, existing in have.items()
                    if named not in NOT_NAMES and pattern.match(named) and not _excepts(existing, name)
                )
        return found


def _excepts(node: Node, group: str) -> bool:
    """True when ``node`` says ``apply-groups-except group``."""
    if not node.children:
        return False
    excepted = node.children.get("apply-groups-except")
    return bool(excepted and excepted.children and group in excepted.children)


@dataclass(slots=True)
class _Level:
    """A place that says ``apply-groups``: its path, its node, the groups in order."""

    path: tuple[str, ...]
    node: Node
    groups: list[tuple[str, int]]


def _direct(root: Node) -> tuple[list[Statement], list[_Level]]:
    """Every direct statement in tree order, and every level with ``apply-groups``."""
    statements: list[Statement] = []
    levels: list[_Level] = []
    stack: list[tuple[Node, tuple[str, ...]]] = [(root, ())]
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
            stack.append((child, (*path, word)))
    return statements, levels


def effective(root: Node, log: DiagnosticLog) -> list[Statement]:
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
            rank = (GROUP_CLASS, len(level.path), -index)
            groups.inherit(name, level.path, level.node, rank, inherited)
    return statements + inherited
