"""Lines outside interface stanzas: column-0 lines (globals, the starts of stanzas,
prompts and the preamble), the lines of other stanzas (skipped, but for EOS ``mlag
configuration``), blocks skipped whole (banners, EOS ``comment`` blocks, IOS macros)."""

from __future__ import annotations

from collections.abc import Iterator

from bondlint.sources.base import Located
from bondlint.sources.cisco_cli.capture import CONFIG_HEADERS, prompt
from bondlint.sources.cisco_cli.effects import split_command
from bondlint.sources.cisco_cli.global_commands import GLOBAL_COMMANDS
from bondlint.sources.cisco_cli.interface_names import NUMBER_CHARS, expand, is_range
from bondlint.sources.cisco_cli.mlag import mlag_line
from bondlint.sources.cisco_cli.platform import IOS, STRONG
from bondlint.sources.cisco_cli.state import INTERFACE, MLAG, OTHER, TOP, Port, State
from bondlint.sources.text import looks_binary, new_located, new_location

# What text.looks_binary objects to, CR aside (CRLF files); "c in text" per character is
# ten times faster than one regular expression over a large file.
CONTROL_CHARS = tuple(chr(code) for code in range(32) if chr(code) not in "\t\n\r")


class Outside(State):
    """``feed`` is the file's numbered lines, shared by every loop of the reader, so a
    stanza or a skipped block takes its lines from it."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.feed: Iterator[tuple[int, str]] = iter(())
        self.binary_possible = False  # the file holds control characters somewhere

    def read_outside(self) -> bool:
        """Lines outside interface stanzas, up to the next ``interface`` line: True when
        its stanza starts, False at the end of the file."""
        return any(self.line(number, raw) for number, raw in self.feed)

    def line(self, number: int, raw: str) -> bool:
        """A line outside interface bodies; True when it opens an interface stanza."""
        if not raw or (self.binary_possible and self.is_binary(raw, number)):
            return False
        first = raw[0]
        if first == "!":
            if len(raw) > 2:
                self.evidence.comment(raw.rstrip(), number)
            return False
        if first == " " or first == "\t":
            return self._indented(raw.strip(), number)
        if raw.startswith("interface "):  # a third of all top-level lines
            self.enter_interface(raw[10:], number)
            return True
        line = raw.rstrip()
        if not line or first == "#":
            return False
        self._top(line, number)
        self.skip_block()
        return self.context == INTERFACE

    def is_binary(self, raw: str, number: int) -> bool:
        if (
            self.binary_possible
            and looks_binary(raw.rstrip("\r"))
            and not raw.startswith("banner")  # "banner motd ^C" may hold a real ETX
        ):
            self.log.add(number, "binary data, not text")
            return True
        return False

    def skip_block(self) -> None:
        """Inside a banner, an EOS ``comment`` or an IOS macro: the lines up to its end."""
        until, anywhere = self.skip_until, self.skip_anywhere
        if not until:
            return
        for _, raw in self.feed:
            line = raw.rstrip("\r")
            if (until in line) if anywhere else (line.strip() == until):
                self.skip_until = ""
                return

    def _indented(self, stripped: str, number: int) -> bool:
        """An indented line outside interface bodies: EOS ``mlag configuration``'s, or an
        ``interface`` line indented by a slip; other stanzas' lines are skipped."""
        if not stripped or stripped[0] == "#":
            return False
        if self.context == MLAG:
            mlag_line(self, stripped, number)
            return False
        if self.context != OTHER and stripped.startswith("interface "):
            self.enter_interface(stripped[10:], number)
            return True
        return False

    def _top(self, line: str, number: int) -> None:
        """A column-0 line: opens a stanza, sets a global, or is skipped."""
        words, negation = split_command(line)
        if not words:
            self.context = OTHER
            return
        verb = words[0]
        if verb == "interface" and not negation:
            self.enter_interface(line[len("interface") :], number)
            return
        self.context = OTHER
        handler = GLOBAL_COMMANDS.get(verb)
        if handler is not None:
            handler(self, words, negation, line, number)
        elif line.startswith(CONFIG_HEADERS):
            self.note_platform(IOS, "config header", STRONG, number)
        elif ("#" in verb or ">" in verb) and not negation:
            typed = prompt(line)
            if typed is not None:
                # "leaf1#show run": what follows is the switch's output, from the top.
                self.context = TOP
                if self.prompt is None:
                    self.prompt = Located(typed[0], self.here(number))

    def enter_interface(self, spec: str, number: int) -> None:
        """``interface X`` (or a list/range of X): the following lines configure them."""
        self.context = INTERFACE
        current = self.current
        current.clear()
        spec = spec.strip()
        if spec and " " not in spec and "," not in spec and not ("-" in spec and is_range(spec)):
            names = [spec]
        else:
            names, problem = expand(spec, self.macros)
            if problem:
                self.log.add(number, problem)
                return
        self.recognised = True
        location = self._location = new_location(self.path, number)  # here(), inlined
        self._location_line = number
        ports, names_seen = self.ports, self.names
        for written in names:
            head = written.rstrip(NUMBER_CHARS)  # the type as written
            long_head = names_seen.heads.get(head)
            if long_head is None:
                long_head = names_seen.learn(written, head, number)
            name = long_head + written[len(head) :]
            port = ports.get(name)
            if port is None:
                port = ports[name] = Port(new_located(name, location), location)
            current.append(port)
