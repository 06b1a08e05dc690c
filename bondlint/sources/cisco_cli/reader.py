"""The one pass over a running-config's lines, and the interface stanzas in it.

A line at column 0 opens a stanza or sets a global; indented lines belong to the stanza
above.  Interface stanzas are read here, line by line, each sub-command by its first word
(``port_commands.INTERFACE_COMMANDS``); what lies between them is read by ``Outside``.
"""

from __future__ import annotations

from bondlint.sources.cisco_cli.effects import Effect, Puts, split_command
from bondlint.sources.cisco_cli.outside import Outside
from bondlint.sources.cisco_cli.port_commands import INTERFACE_COMMANDS, description
from bondlint.sources.text import new_located_at

# Interface sub-commands with no global meaning: a hand-written config that forgot to
# indent them (Batfish's catalog has one) still means the interface above.
_FLAT_INTERFACE_VERBS = frozenset({"switchport", "channel-group", "description", "shutdown"})

# A sub-command line as read once: (indentation, whether it is one of ours, the values it
# puts, the values it drops, the rest of what it does or None).
Entry = tuple[int, bool, Puts, tuple[str, ...], Effect | None]
# The line opened the next interface stanza: read as a line at no depth (the stanza's
# state starts again) that is one of ours and does nothing.
_OPENED: Entry = (-1, True, (), (), None)
_PUTS_AND_DROPS_ONLY = Effect()[2:]
_NEW: Entry = (0, False, (), (), None)  # (a line not read yet: memo's default)


class Reader(Outside):
    """Reads the lines outside stanzas (``Outside``) up to the first interface stanza,
    then every interface stanza's lines (``_body``), handing the lines between stanzas
    back to ``Outside``."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.indent_seen = False
        # The indentation of the last sub-command _learn read, then "description ".
        self.described = "\n"  # (none yet: no line holds a line feed)
        self.described_at = -1
        # A body line as written -> what it does; None: nothing, whatever precedes it.
        self.memo: dict[str, Entry | None] = {"": None, "!": None}

    def read(self, lines: list[str], has_control_chars: bool) -> None:
        self.binary_possible = has_control_chars
        self.feed = enumerate(lines, start=1)
        if self.read_outside():  # the first interface stanza opens
            self._body()  # (which reads on to the end)

    # -- interface stanzas ---------------------------------------------------------------

    def _body(self) -> None:
        """Interface stanzas' sub-commands, from the first stanza to the end of the file
        (the lines between stanzas are read by ``_outside``, through ``_learn``).

        Sub-commands are most of any config, and most of them repeat: each line is looked
        up whole among the lines read before (``_learn`` reads a new one; a line that does
        nothing whatever precedes it is kept as None), with the stanza's state in local
        variables (attribute access on every line cost half the time).  ``current`` is
        one list, refilled by each ``interface`` line."""
        memo, path, current = self.memo, self.path, self.current
        described, at = self.described, self.described_at
        depth = -1  # indentation of the sub-commands, once known
        nested = False  # inside a nested block (hsrp 1, tx-queue 0, evpn …)
        leaf = True  # the previous sub-command was one of ours (a leaf command)
        for number, raw in self.feed:
            entry = memo.get(raw, _NEW)
            if entry is _NEW:
                if raw.startswith(described):  # at the last depth read: each one differs
                    # (description_text(), inlined: the text after "description ")
                    entry = (at, True, (("description", raw[at + 12 :].rstrip("\r\n").lstrip()),), (), None)
                else:
                    entry = self._learn(raw, number, depth, leaf)
                    described, at = self.described, self.described_at
            if entry is None:
                continue
            width, ours, puts, drops, rest = entry
            if width <= depth or depth < 0:
                depth, nested = width, False
            elif nested or not leaf:
                # Deeper than the sub-commands, under a line that opens a block (hsrp 1):
                # its "shutdown" is not the port's.  Under one of our leaf commands it is
                # a sloppy indent, still the port's.
                nested = True
                continue
            leaf = ours
            # apply(), inlined for values dropped and put (no port: nothing happens)
            for key in drops:
                for port in current:
                    port.values.pop(key, None)
            for key, text in puts:
                value = new_located_at(text, path, number)
                for port in current:
                    port.values[key] = value
            if rest is not None:
                self.apply(rest, number)
                self.skip_block()  # an EOS "comment" block starts

    def _learn(self, raw: str, number: int, depth: int, leaf: bool) -> Entry | None:
        """A line of an interface stanza not read before: what it does (kept for its next
        time), None when it does nothing; ``_OPENED`` when the next stanza starts, here or
        after the lines outside stanzas that follow."""
        if not raw or (self.binary_possible and self.is_binary(raw, number)):
            return None
        if raw.startswith("interface "):
            self.enter_interface(raw[10:], number)
            return _OPENED
        if raw[0] != " " and raw[0] != "\t":
            return self._column0(raw, number)
        unindented = raw.lstrip()
        stripped = unindented.rstrip()
        if not stripped or stripped[0] == "#":
            return None
        width = len(raw) - len(unindented)
        if stripped[0] == "!":  # closes a nested block, at the sub-commands' depth
            return (depth, leaf, (), (), None) if width <= depth else None
        if width != self.described_at and not self.binary_possible:
            # _body reads a description at this indentation by its start (a line that may
            # hold binary data is read the long way).
            self.described, self.described_at = raw[:width] + "description ", width
        if not self.indent_seen:
            self.indent_seen = True
            self.evidence.indentation(raw, width, number)
        if stripped.startswith("interface "):  # sample configs indent these too
            if depth < 0 or width <= depth:
                self.enter_interface(stripped[10:], number)
                return _OPENED
            return (width, False, (), (), None)  # (not kept: at another depth it opens one)
        return self._sub_command(raw, stripped, width)

    def _sub_command(self, raw: str, stripped: str, width: int) -> Entry:
        """An indented line read by its first word (after ``no``/``default``)."""
        words, negation = split_command(stripped)
        handler = INTERFACE_COMMANDS.get(words[0]) if words else None
        effect = handler(words, negation, raw) if handler is not None else None
        if effect is None:
            entry: Entry = (width, handler is not None, (), (), None)
        else:
            rest = None if effect[2:] == _PUTS_AND_DROPS_ONLY else effect._replace(puts=(), drops=())
            entry = (width, True, effect.puts, effect.drops, rest)
        if handler is not description:  # (each description differs: not kept)
            self.memo[raw] = entry
        return entry

    def _column0(self, raw: str, number: int) -> Entry | None:
        """A column-0 line in an interface stanza other than ``interface``: a comment, an
        interface sub-command that forgot its indentation, or the end of the stanza."""
        first = raw[0]
        if first == "!":
            if len(raw) > 2:
                self.evidence.comment(raw.rstrip(), number)
            return None
        line = raw.rstrip()
        if not line or first == "#":
            return None
        words, negation = split_command(line)
        if words and words[0] in _FLAT_INTERFACE_VERBS and words[1:2] != ["default"]:
            effect = INTERFACE_COMMANDS[words[0]](words, negation, line)
            if effect is not None:
                self.apply(effect, number)
            return None
        # The stanza ends here, unless this line opens the next one.
        return _OPENED if self.line(number, raw) or self.read_outside() else None
