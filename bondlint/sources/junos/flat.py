"""Plain ``set interfaces NAME …`` lines kept flat, out of the tree, while nothing needs
them there: most lines of a ``display set`` file (see ``FlatStore``)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from bondlint.sources.junos.lexer import is_plain
from bondlint.sources.junos.tree import MAX_DEPTH, NOT_NAMES

# The statements of one interface kept flat: {first word of the rest of the path:
# {rest of the path: line}}, each level in first-seen order (None: the bare name).
FlatInterface = dict[str | None, dict[tuple[str, ...], int]]


@dataclass(slots=True)
class FlatStore:
    """Plain ``set interfaces NAME …`` statements, kept out of the tree.

    A ``display set`` file is mostly such lines.  While none of them is deactivated,
    deleted, given groups or a range, the tree would only be walked back into these same
    paths, so they skip it: building, pruning and walking 150,000 nodes was most of a
    large parse (bench/switch_parse.py: 170 ms with the store, 450 ms without).  The
    tree walk's order is first-seen order for an interface's first
    words (the grouping keeps it); below them, ``in_tree_order`` checks.
    """

    interfaces: dict[str, FlatInterface] = field(default_factory=dict)
    first_lines: dict[str, int] = field(default_factory=dict)  # where each is first named

    def __bool__(self) -> bool:
        return bool(self.interfaces)

    def add(self, words: list[str], number: int) -> bool:
        """Keep the statement of ``flat_words``' words; True when it names a new interface."""
        name = words[2]
        interface = self.interfaces.get(name)
        new = interface is None
        if interface is None:
            interface = self.interfaces[name] = {}
            self.first_lines[name] = number
        rest = tuple(words[3:])
        head = rest[0] if rest else None
        statements = interface.get(head)
        if statements is None:
            statements = interface[head] = {}
        if rest not in statements:  # as in the tree: a repeat keeps its line
            statements[rest] = number
        return new


def _quoted_tail(line: str) -> list[str] | None:
    """The words ``lex`` reads in a line whose only special text is one ``"…"`` at its
    end (``set interfaces xe-0/0/1 description "to db01"``); None for any other line."""
    start = line.find('"')
    if start < 0 or len(line) - start < 2 or line[-1] != '"':
        return None
    head, quoted = line[:start], line[start + 1 : -1]
    if '"' in quoted or "\\" in quoted or not is_plain(head):
        return None
    words = head.split()
    words.append(quoted)
    return words


def _kept(words: list[str] | None) -> list[str] | None:
    """``words`` when they name a real interface, not too deep; else None."""
    if words is None or len(words) < 3:  # "set interfaces " and blanks: no name
        return None
    name = words[2]
    if not name or name in NOT_NAMES or name[0] == "<" or len(words) > MAX_DEPTH + 1:
        return None
    return words


def flat_words(line: str) -> list[str] | None:
    """The words of a ``set interfaces NAME …`` line that can be kept flat; else None.

    That is: no lexing needed (or one quoted string at the end, as descriptions are), a
    real interface name, no ``apply-groups`` below it, not too deep.
    """
    if "apply-groups" in line:
        return None
    return _kept(line.split() if is_plain(line) else _quoted_tail(line))


def _words_of_quoted_file(line: str) -> list[str] | None:
    """``flat_words`` for a file whose only text ``is_plain`` looks for is quotes and
    that never says ``apply-groups``: a line without a quote is plain, and before a
    line's first quote there is nothing to lex."""
    start = line.find('"')
    if start < 0:
        words = line.split()
    else:
        quoted = line[start + 1 : -1]
        if len(line) - start < 2 or line[-1] != '"' or '"' in quoted or "\\" in quoted:
            return None
        words = line[:start].split()
        words.append(quoted)
    # _kept(), inlined: this runs on most lines of a large file.
    if len(words) < 3 or len(words) > MAX_DEPTH + 1:
        return None
    name = words[2]
    return None if not name or name in NOT_NAMES or name[0] == "<" else words


# What ``is_plain`` looks for, quotes aside.
_LEXED = ("#", "{", "}", ";", "[", "]", "/*")


def words_reader(text: str) -> Callable[[str], list[str] | None]:
    """``flat_words`` for the lines of ``text``: decided once per file, most files
    (``display set`` output) need not look for anything but quotes in each line."""
    if "apply-groups" in text or any(special in text for special in _LEXED):
        return flat_words
    return _words_of_quoted_file


def in_tree_order(paths: Collection[tuple[str, ...]]) -> bool:
    """Whether paths in first-seen order are in the tree walk's order already.

    They are, unless one goes back into a branch left earlier (``… vlan members v1``,
    ``… native-vlan-id 5``, ``… vlan members v2``) or starts a longer one seen before it
    (``unit 0 family inet``, then ``unit 0``): the walk puts a node's own statement
    first, then its children, each the first time it was written.  Files that
    ``display set`` printed are in tree order (sorting every interface's paths instead
    makes the bench's parse half as slow again).
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


def tree_order(paths: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Paths in first-seen order, sorted as the tree walk yields them."""
    rank: dict[tuple[str, ...], int] = {}  # each node, numbered as the tree creates it
    for path in paths:
        for end in range(1, len(path) + 1):
            rank.setdefault(path[:end], len(rank))
    return sorted(paths, key=lambda path: [rank[path[:end]] for end in range(1, len(path) + 1)])
