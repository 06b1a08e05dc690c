"""Plain ``set interfaces NAME …`` lines kept flat, out of the tree, while nothing needs
them there: most lines of a ``display set`` file (see ``FlatStore``)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from operator import attrgetter

from bondlint.sources.junos.interfaces import Interface, setting
from bondlint.sources.junos.lexer import is_plain
from bondlint.sources.junos.tree import MAX_DEPTH, NOT_NAMES

_ORDER = attrgetter("order")
NUMBERED_DEPTH = 12  # longest statement paths that may count as leaves (FlatStore._parent)


class FlatStatement:
    """One distinct statement below an interface name (the words after it), and what it
    sets: made once per file, whichever interfaces say it.  The store makes one per
    path, so identity is equality (and hashing is by identity, cheap).

    ``order`` stands for the statement where the tree order of an interface's
    statements is decided (``FlatStore.walk_order``): the statement itself, or, for a
    leaf (no statement of the file extends its path), its parent's number, since a
    leaf's own last word decides nothing there: it only differs from its siblings'.
    """

    __slots__ = ("key", "lacp", "marks", "order", "path", "switching", "value", "vlan")

    def __init__(self, path: tuple[str, ...], parent: int | None) -> None:
        self.path = path
        self.key, self.value, self.vlan, self.switching, self.lacp = setting(path)
        self.marks = self.vlan is not None or self.switching or self.lacp  # anything but a value
        self.order: object = self if parent is None else parent


# The statements of one interface kept flat: each distinct one, with the line that
# first wrote it (as in the tree: a repeat keeps its line), in first-seen order.
FlatInterface = dict[FlatStatement, int]

# What keeps an interface name off the quick road: text the lexer reads (quotes,
# comments, braces, lists), apply-groups, and white space (the road splits at spaces).
_SLOW_NAME = re.compile(r'[\s"#{};\[\]]|/\*|apply-groups')
# The same, spaces between words aside: the words before a statement's last word.
_SLOW_HEAD = re.compile(r'[^\S ]|  |^ | $|["#{};\[\]]|/\*|apply-groups')
# A statement's last word that reads alike after any head: a word the lexer leaves
# alone, or one quoted string without quotes or escapes inside.
_LAST_WORD = re.compile(r'(?:[^\s"#{};\[\]/]|/(?!\*))+|"[^"\\]*"')


class FlatStore:
    """Plain ``set interfaces NAME …`` statements, kept out of the tree.

    A ``display set`` file is mostly such lines.  While none of them is deactivated,
    deleted, given groups or a range, the tree would only be walked back into these same
    paths, so they skip it: building, pruning and walking 150,000 nodes was most of a
    large parse (bench/switch_parse.py: 170 ms with the store, 450 ms without).  Lines
    it does not keep go to the tree, and then all of them (``Reader.unflatten``): the
    two roads read alike (tests/sources/test_junos.py), so what the store takes is a
    matter of speed alone.

    It takes ``set interfaces NAME TEXT`` when NAME is plain (no white space, nothing
    the lexer reads: ``_plain_name``).  After a plain name, a TEXT reads as the same
    statement whatever the name, so each TEXT is read once per file (``texts``): most
    lines say after their name what another interface's line says (``unit 0 family
    ethernet-switching interface-mode access``), and ``Reader.read`` keeps them with a
    ``str.split`` and two look-ups.  A TEXT not seen yet is often a known head and a new
    last word (``description "db01 eth0"``): its path is the head's words and that word
    (``heads``).  The rest is read the long way (``flat_words``), which teaches the
    store the texts and heads it reads: a handful of lines in a ``display set`` file.
    """

    __slots__ = ("_at", "_heads", "_nodes", "_orders", "_statements", "first_lines", "interfaces", "texts")

    def __init__(self) -> None:
        self.interfaces: dict[str, FlatInterface] = {}  # plain names: their statements
        self.first_lines: dict[str, int] = {}  # where each is first named: its first line
        self.texts: dict[str, FlatStatement] = {}  # a text after a plain name: its statement
        # A text but its last word: its words, and their number (see _parent).
        self._heads: dict[str, tuple[tuple[str, ...], int]] = {}
        self._statements: dict[tuple[str, ...], FlatStatement] = {}  # one per path
        # The paths statements extend, numbered from the root (0) word by word: (the
        # parent's number, the last word) -> the path's number.  Pairs, not the paths:
        # a path of 60 words would keep 60 prefixes of up to 60 words each.
        self._nodes: dict[tuple[int, str], int] = {}
        self._at: dict[tuple[int, str], FlatStatement] = {}  # the statement at (parent, last word)
        self._orders: dict[tuple[object, ...], bool] = {}  # in_tree_order by statements' orders

    def __bool__(self) -> bool:
        return bool(self.interfaces)

    def add(self, line: str, number: int, parts: list[str]) -> bool:
        """Keep a ``set interfaces`` line (stripped or not; ``parts``: it split at its
        first three spaces); False when it cannot be kept flat."""
        if len(parts) != 4:
            return self._long_way(line, number, parts)
        name, text = parts[2], parts[3]
        statements = self.interfaces.get(name)
        if statements is None:
            if not _plain_name(name):
                return False
            statements = {}  # (kept in interfaces once it holds a statement)
        statement = self.texts.get(text)
        if statement is None:  # a known head and a new last word?
            head, _, last = text.rpartition(" ")
            known = self._heads.get(head)
            if known is None or not _last_word(last):
                return self._long_way(line, number, parts)
            words, parent = known
            statement = self._statement((*words, last[1:-1] if last[0] == '"' else last), parent)
            self.texts[text] = statement
        if not statements:
            self.interfaces[name] = statements
            self.first_lines[name] = number
        statements.setdefault(statement, number)
        return True

    def _long_way(self, line: str, number: int, parts: list[str]) -> bool:
        """Read a line with ``flat_words``; note the text and head it teaches."""
        words = flat_words(line.strip())
        if words is None or not _plain_name(words[2]):
            return False
        path = tuple(words[3:])
        parent = self._parent(path)
        statement = self._statement(path, parent)
        statements = self.interfaces.get(words[2])
        if statements is None:
            statements = self.interfaces[words[2]] = {}
            self.first_lines[words[2]] = number
        statements.setdefault(statement, number)
        if len(parts) == 4 and parts[2] == words[2]:
            text = parts[3]
            self.texts[text] = statement
            head, _, last = text.rpartition(" ")
            if parent >= 0 and _last_word(last) and head == " ".join(path[:-1]) and _SLOW_HEAD.search(head) is None:
                self._heads[head] = (path[:-1], parent)  # (the empty path has no last word)
        return True

    def _parent(self, path: tuple[str, ...]) -> int:
        """The number of ``path``'s parent (the words before its last), numbering what
        is new on the way; a statement at a path numbered now is no leaf any more (its
        ``order`` becomes the statement itself).  Only the first ``NUMBERED_DEPTH``
        words are numbered: a longer statement's parent has no number (-1) and the
        statement stands for itself in order keys, so a hostile file of long lines
        costs at most that many numbers a line."""
        nodes, number = self._nodes, 0
        for word in path[: min(len(path) - 1, NUMBERED_DEPTH)]:
            key = (number, word)
            following = nodes.get(key)
            if following is None:
                following = nodes[key] = len(nodes) + 1
                extended = self._at.get(key)
                if extended is not None:
                    extended.order = extended
            number = following
        return number if len(path) <= NUMBERED_DEPTH else -1

    def _statement(self, path: tuple[str, ...], parent: int) -> FlatStatement:
        """The one statement of ``path`` (``parent``: its parent's number), made if new."""
        statement = self._statements.get(path)
        if statement is None:
            if not path or parent < 0:  # ("set interfaces NAME" alone: anything extends it)
                statement = self._statements[path] = FlatStatement(path, None)
                return statement
            at = (parent, path[-1])
            leaf = at not in self._nodes  # (no statement extends it)
            statement = self._statements[path] = FlatStatement(path, parent if leaf else None)
            self._at[at] = statement
        return statement

    def walk_order(self, statements: FlatInterface) -> Iterable[tuple[FlatStatement, int]]:
        """One interface's statements, with their lines, in the tree walk's order.

        Whether first-seen order is that order depends on the statements' ``order``
        alone, and most interfaces repeat another's: ``in_tree_order`` runs once for each
        (``display set`` files are in tree order: checking it there, rather than sorting
        each interface's paths, halves the time this takes).
        """
        if len(statements) == 1:
            return statements.items()
        key = tuple(map(_ORDER, statements))
        ordered = self._orders.get(key)
        if ordered is None:
            ordered = self._orders[key] = in_tree_order([statement.path for statement in statements])
        if ordered:
            return statements.items()
        by_path = {statement.path: (statement, line) for statement, line in statements.items()}
        return [by_path[path] for path in tree_order(list(by_path))]


def _last_word(word: str) -> bool:
    """A last word that reads alike after any known head (``_LAST_WORD``)."""
    return _LAST_WORD.fullmatch(word) is not None and "apply-groups" not in word


def _plain_name(name: str) -> bool:
    """A name the quick ways may take: no white space, nothing the lexer reads, a name."""
    return bool(name) and _SLOW_NAME.search(name) is None and name not in NOT_NAMES and name[0] != "<"


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


def flat_interface(name: str, statements: Iterable[tuple[FlatStatement, int]], first: int) -> Interface:
    """What ``Builder.interface()`` and ``read_interface()`` make of a flat interface's
    statements, in tree order (all direct, the interface new, ``first`` its first
    line): what they set is left to the fact (``Interface.direct``), but whether the
    port is a switching one, which ``protocols`` asks."""
    item = Interface(name, first, first, first)
    item.direct = statements  # (a keyword argument would cost a third of the call)
    item.switching = any(statement.switching for statement, _ in statements)
    return item
