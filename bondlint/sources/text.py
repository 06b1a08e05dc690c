"""Small text helpers shared by the line-oriented parsers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from bondlint.sources.base import Diagnostic, Located, Location


def numbered_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, line)`` with 1-based numbers and CR/LF removed.

    ``str.splitlines`` is avoided on purpose: it also splits on form feeds, vertical tabs
    and Unicode separators, which would shift line numbers away from what editors show.
    """
    for number, line in enumerate(text.split("\n"), start=1):
        yield number, line.rstrip("\r")


# Kernel bond options whose value is a list of addresses; formats disagree on the separator.
LIST_OPTIONS = frozenset({"arp_ip_target", "ns_ip6_target"})

# More diagnostics than this per file only repeat the same damage.
DIAGNOSTIC_LIMIT = 20


def looks_binary(line: str) -> bool:
    """True when ``line`` holds control characters no text configuration contains.

    U+FFFD (an undecodable byte) is not enough: a Latin-1 name in a UTF-8 read shows it.
    """
    return any(ord(char) < 32 and char != "\t" for char in line)


def add_option(options: dict[str, Located[str]], key: str, value: Located[str]) -> None:
    """Record a bond option; a repeated address-list option extends the list, others replace.

    Repetition is how sysfs-style inputs (``arp_ip_target=+a arp_ip_target=+b``) add targets.
    """
    previous = options.get(key)
    if key in LIST_OPTIONS and previous is not None and previous.value and value.value:
        value = Located(f"{previous.value},{value.value}", previous.location)
    options[key] = value


class DiagnosticLog:
    """Collects a file's diagnostics, keeping the first ``limit`` and counting the rest."""

    def __init__(self, path: str, limit: int = DIAGNOSTIC_LIMIT) -> None:
        self.path = path
        self.limit = limit
        self.items: list[Diagnostic] = []
        self.suppressed = 0

    def add(self, line: int, message: str) -> None:
        """Record ``message`` at ``line`` (1-based; 0 = the whole file)."""
        if len(self.items) < self.limit:
            self.items.append(Diagnostic(Location(self.path, line), message))
        else:
            self.suppressed += 1

    def result(self) -> list[Diagnostic]:
        """The kept diagnostics, plus one summary line when some were suppressed."""
        if not self.suppressed:
            return list(self.items)
        more = Diagnostic(
            Location(self.path), f"{self.suppressed} more problems in this file not shown"
        )
        return [*self.items, more]


def present(values: Mapping[str, Located[str]], key: str) -> Located[str] | None:
    """The value of ``key`` unless it is missing or empty (both mean "not set")."""
    value = values.get(key)
    return value if value is not None and value.value else None


def bad_line_message(line: str, expected: str) -> str:
    """Why a line was skipped: binary damage, or not the ``expected`` kind of line."""
    if looks_binary(line):
        return "binary data, not text"
    return f"not {expected}: {line[:60]!r}"
