"""Reading a configuration: each line to the set form or the braces form, into one tree;
then what Junos does at commit time (inactive statements go, groups are applied)."""

from __future__ import annotations

from dataclasses import dataclass

from bondlint.sources.junos.braces import Braces
from bondlint.sources.junos.flat import FlatStore
from bondlint.sources.junos.groups import effective, wildcard
from bondlint.sources.junos.lexer import CONTROL, CONTROL_CHARS, PROMPT, PROMPT_HOST, is_plain
from bondlint.sources.junos.set_form import EDIT_COMMANDS, OTHER_COMMANDS, command, plain_command
from bondlint.sources.junos.tree import TOP_LEVEL, Statement, TreeWriter, prune
from bondlint.sources.text import DiagnosticLog, bad_line_message


class Reader:
    """Reads both forms, line by line, into one tree."""

    def __init__(self, log: DiagnosticLog, flat: FlatStore | None) -> None:
        self.log = log
        self.tree = TreeWriter(log)
        self.braces = Braces(self.tree)
        # Plain "set interfaces NAME …" statements kept out of the tree (see FlatStore);
        # None once anything else touches "interfaces" and the tree must hold them.
        self.flat = flat
        self.prompt: tuple[str, int] | None = None  # the first prompt's device, its line

    def feed(self, number: int, raw: str) -> None:
        """Consume one line."""
        line = raw.strip()
        if not line:
            return
        if CONTROL.search(line):
            self.log.add(number, bad_line_message(line, "Junos configuration") + "; skipped")
            return
        idle = self.braces.idle()
        if idle and line[0] == "#":
            return
        # Set-form commands are only recognised between top-level blocks, so a braces
        # file with stray "set" lines (Batfish accepts them) reads right.
        if idle and not self.braces.frames and self._command_line(number, line):
            return
        if self.flat is not None:
            self.unflatten()  # the braces form: its blocks may hold interfaces anywhere
        self.braces.line(number, line)

    def _command_line(self, number: int, line: str) -> bool:
        """A set-form command or a prompt, read; False for any other line."""
        words = line.split()
        verb = words[0]
        if verb in EDIT_COMMANDS:
            plain = is_plain(line)
            # A lexed line's path may differ from its words: any mention counts.
            if self.flat is not None and (words[1:2] == ["interfaces"] or (not plain and "interfaces" in line)):
                self.unflatten()
            if plain:
                plain_command(self.tree, number, words)  # the usual "set" line: no lexing
            else:
                command(self.tree, number, line, verb)
            return True
        if verb in OTHER_COMMANDS:
            return True  # navigation and housekeeping: nothing to keep
        if PROMPT.match(line):
            if self.prompt is None:
                host = PROMPT_HOST.match(line)
                if host is not None:
                    self.prompt = (host.group(1), number)
            return True
        return False

    def read(self, lines: list[str], check_control: bool) -> None:
        """``feed()`` every line, but keep plain ``set interfaces NAME …`` lines flat
        while the store is open (``FlatStore``): most lines of a ``display set`` file.
        A line whose name and text after it the store has seen is kept here, by look-ups
        alone; the others go to ``FlatStore.add`` and, if not kept, to ``feed()``."""
        flat = self.flat
        interfaces, texts = (flat.interfaces, flat.texts) if flat is not None else ({}, {})
        for number, raw in enumerate(lines, start=1):
            if flat is not None and raw.startswith("set interfaces "):
                # feed() rejects lines with control characters; most files have none.
                line = raw.strip() if check_control else raw
                if not check_control or CONTROL.search(line) is None:
                    parts = line.split(" ", 3)
                    if len(parts) == 4:
                        statements, statement = interfaces.get(parts[2]), texts.get(parts[3])
                        if statements is not None and statement is not None:
                            statements.setdefault(statement, number)
                            continue
                    opened = bool(interfaces)
                    if flat.add(line, number, parts):
                        if not opened:
                            # Where "interfaces" falls among the top-level words is tree
                            # order: it goes in now, its interfaces later if need be.
                            self.tree.walk(self.tree.root, ("interfaces",), number)
                        continue
            self.feed(number, raw)
            flat = self.flat  # None once anything else touched "interfaces"

    def finish(self, last_line: int) -> None:
        """Close what the text left open; groups that may write below "interfaces" need
        the interface nodes to match."""
        self.braces.finish(last_line)
        root = self.tree.root
        if self.flat is None or not root.children:
            return
        groups = root.children.get("groups")
        for group in (groups.children or {}).values() if groups else ():
            words = group.children or {}
            if "interfaces" in words or any(wildcard(word) for word in words):
                self.unflatten()
                return

    def unflatten(self) -> None:
        """Move the flat statements into the tree, from now on the only store.

        Replaying them in their first-seen order rebuilds the tree the lines would have
        built: nothing else has touched "interfaces" yet (the reason to unflatten now),
        so each path is new and its line is its statement's.
        """
        flat, self.flat = self.flat, None
        if not flat:
            return
        root, walk = self.tree.root, self.tree.walk
        for name, statements in flat.interfaces.items():
            for statement, line in statements.items():
                walk(root, ("interfaces", name, *statement.path), line).statement = line


@dataclass(slots=True)
class ReadResult:
    """What the tree stage hands on: the effective statements, and where each interface
    named under ``interfaces`` was first written (its ``xe-0/0/1 {`` line).

    ``flat`` holds the statements of plain ``set interfaces`` lines that never went
    into the tree (see ``FlatStore``): direct statements, like the others.
    """

    statements: list[Statement]
    declared: dict[str, int]
    flat: FlatStore | None
    prompt: tuple[str, int] | None  # the capture's first prompt: device, line


def read_config(text: str, path: str, log: DiagnosticLog | None = None, flat: bool = False) -> ReadResult | None:
    """The effective statements of ``text``; None when nothing in it is Junos.

    With ``flat``, plain ``set interfaces`` lines may come back in ``ReadResult.flat``
    instead of ``statements``.
    """
    reader = Reader(log if log is not None else DiagnosticLog(path), FlatStore() if flat else None)
    lines = text.split("\n")  # as text.numbered_lines: feed() strips the CR
    lines[0] = lines[0].lstrip("\ufeff")
    # feed() rejects lines with control characters; most files have none at all.
    reader.read(lines, any(char in text for char in CONTROL_CHARS))
    reader.finish(len(lines))
    root = reader.tree.root
    prune(root)
    tops = root.children or {}
    kept = reader.flat
    if not kept and not any(word in TOP_LEVEL for word in tops):
        # Stray words read as statements are not a configuration (a wrong file).
        return None
    named = tops["interfaces"].children if "interfaces" in tops else None
    declared = {name: node.line for name, node in (named or {}).items()}
    if kept:
        declared.update(kept.first_lines)
    return ReadResult(effective(root, reader.log), declared, kept, reader.prompt)
