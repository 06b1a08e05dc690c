"""The braces form (``show configuration``): blocks, statements ended by ``;``, ``[ … ]``
lists, tags such as ``inactive:``, and ``/* … */`` comments that may span lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bondlint.sources.junos.lexer import Punct, Token, lex
from bondlint.sources.junos.tree import MAX_DEPTH, TAGS, TOP_LEVEL, Node, TreeWriter

# Names "show configuration interfaces" prints at the top, without "interfaces {" above
# them: physical ports (ge-0/0/1, xe-0/0/1:2, et-0/0/48), aggregates, and the logical
# interfaces of a switch.
INTERFACE_NAME = re.compile(r"(?:[a-z]{2,3}-\d+/\d+/\d+(?::\d+)?|ae\d+|reth\d+|irb|vlan|vme|lo\d+|em\d+|fxp\d+|me\d+)")


@dataclass(slots=True)
class Frame:
    """An open braces block: its node (None when its contents are ignored)."""

    node: Node | None
    depth: int
    line: int
    filled: bool = False  # a statement was written inside


@dataclass(slots=True)
class Pending:
    """The statement being read: words, an optional ``[ … ]`` list, words after it (a
    braces statement, or a ``set`` line's words once lexed)."""

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
        while words and words[0][0] in TAGS:
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


class Braces:
    """Reads braces-form lines into the tree: the open blocks and the statement begun."""

    def __init__(self, tree: TreeWriter) -> None:
        self.tree = tree
        self.log = tree.log
        self.frames: list[Frame] = []
        self.pending = Pending()
        self.comment_from = 0  # line where a still open /* comment started
        # "show configuration interfaces": top-level blocks are interfaces, written below
        # this node (decided at the first top-level block).
        self.interfaces_only: Node | None = None
        self.decided = False

    def idle(self) -> bool:
        """Between statements: no comment open, no statement begun."""
        return not self.comment_from and self.pending.empty()

    def line(self, number: int, line: str) -> None:
        """Consume one line of the braces form."""
        lexed = lex(line, bool(self.comment_from))
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

    def _token(self, token: Token, number: int) -> None:
        pending = self.pending
        if isinstance(token, str):
            pending.add(token, number)
        elif token is Punct.END:
            self._leaf()
        elif token is Punct.OPEN:
            self._open(number)
        elif token is Punct.CLOSE:
            if not pending.empty():
                self.log.add(number, "statement without ';' before '}'")
                self._leaf()
            if self.frames:
                self._close()
            else:
                self.log.add(number, "'}' without an open block; ignored")
        elif token is Punct.LIST_OPEN:
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

    def _base(self) -> tuple[Node | None, int]:
        """The node statements are written below now (None inside an ignored block)."""
        if not self.frames:
            if self.interfaces_only is not None:
                return self.interfaces_only, 1
            return self.tree.root, 0
        frame = self.frames[-1]
        frame.filled = True
        return frame.node, frame.depth

    def _leaf(self) -> None:
        paths, tags = self.pending.take()
        base, depth = self._base()
        if base is None:
            return
        for words, line in paths:
            self.tree.write(base, depth, words, line, tags)

    def _decide_top(self) -> None:
        """At the first top-level block: is this ``show configuration interfaces`` output,
        whose top-level blocks are interfaces (``xe-0/0/1 {``), not ``interfaces {``?
        Then every top-level statement is written below one ``interfaces`` node."""
        if self.decided or self.frames:
            return
        self.decided = True
        words = [(word, line) for word, line in self.pending.words if word not in TAGS]
        first, line = words[0] if words else ("", 0)
        if first not in TOP_LEVEL and (first == "interface-range" or INTERFACE_NAME.fullmatch(first)):
            self.interfaces_only = self.tree.walk(self.tree.root, ("interfaces",), line)

    def _open(self, number: int) -> None:
        self._decide_top()
        paths, tags = self.pending.take()
        base, depth = self._base()
        if base is None:
            self.frames.append(Frame(None, depth, number))
            return
        if not paths:
            self.log.add(number, "'{' without a statement name; block ignored")
            self.frames.append(Frame(None, depth, number))
            return
        if len(paths) > 1:
            self.log.add(number, "a '[ ]' list names a block; only its first item is used")
        words, line = paths[0]
        if depth + len(words) > MAX_DEPTH:
            self.tree.too_deep(number)
            self.frames.append(Frame(None, depth, number))
            return
        if "delete:" in tags:
            self.tree.delete(base, words)
            self.frames.append(Frame(None, depth, number))
            return
        node = self.tree.walk(base, words, line)
        self.tree.tag(node, tags)
        self.frames.append(Frame(node, depth + len(words), line))

    def _close(self) -> None:
        frame = self.frames.pop()
        if frame.node is not None and not frame.filled and not frame.node.statement:
            # "lacp { }" says as much as "lacp;": the block itself is the statement.
            frame.node.statement = frame.line
