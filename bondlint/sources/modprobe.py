"""modprobe configuration (``/etc/modprobe.d/*.conf``, ``/etc/modprobe.conf``).

Only ``options bonding key=value …`` matters here: the parameters the bonding module is
loaded with, which seed every bond created afterwards (and ``max_bonds`` creates bonds by
itself).  Every ``options bonding`` line is passed to the module in file order, so they
merge into one fact; a parameter given twice takes its last value.  Other commands
(``alias bond0 bonding``, ``install``, ``blacklist``) and other modules are not ours.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from bondlint.sources.base import Located, Location, ModuleOptions, ParseResult
from bondlint.sources.registry import Place, SourceFormat
from bondlint.sources.text import DiagnosticLog, bad_line_message, looks_binary, numbered_lines

FORMAT = "modprobe"
MODULE = "bonding"


SOURCE = SourceFormat(
    name=FORMAT,
    describes="a modprobe configuration file",
    order=120,
    role="host",
    names=("*modprobe.conf", "*/modprobe.d/*"),
    places=(Place("etc/modprobe.d", ("*.conf",)), Place("etc", ("modprobe.conf",))),
    hook=r"(^|/)modprobe(\.d/[^/]+)?\.conf$",
)


def claims(path: PurePosixPath, head: str) -> bool:
    """``modprobe.conf``, or a ``.conf`` file in a ``modprobe.d`` directory."""
    if path.name == "modprobe.conf":
        return True
    return path.suffix == ".conf" and path.parent.name == "modprobe.d"


def parse(text: str, path: str) -> ParseResult:
    """Read the bonding module options of one file; never raises."""
    log = DiagnosticLog(path)
    fact: ModuleOptions | None = None
    for number, line in _logical_lines(text):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue  # kmod: a comment is a line whose first word starts with '#'
        if looks_binary(line):
            log.add(number, bad_line_message(line, "a modprobe command"))
            continue
        if words[0] != "options" or len(words) < 2 or words[1] != MODULE:
            continue
        here = Location(path, number)
        if fact is None:
            fact = ModuleOptions(format=FORMAT, location=here)
        rest = line.split(MODULE, 1)[1]
        for name, value in _parameters(rest, number, log):
            fact.options[name] = Located(value, here)  # the module keeps the last value
    return ParseResult(facts=[fact] if fact else [], diagnostics=log.result())


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Lines with ``\\``-newline removed (kmod joins without a blank), numbered by their start."""
    lines: list[tuple[int, str]] = []
    parts: list[str] = []  # the pieces of a continued line so far
    start = 0  # the line it began on
    for number, raw in numbered_lines(text):
        if not parts:
            start = number
        if raw.endswith("\\"):
            parts.append(raw[:-1])
            continue
        parts.append(raw)
        lines.append((start, "".join(parts)))
        parts = []
    if parts:
        lines.append((start, "".join(parts)))
    return lines


def _parameters(text: str, line: int, log: DiagnosticLog) -> list[tuple[str, str]]:
    """``name=value`` words as the kernel splits them: on blanks outside double quotes."""
    parameters: list[tuple[str, str]] = []
    for word in _words(text):
        if word.startswith("#"):
            log.add(
                line,
                "text after '#' is not a comment on an options line: modprobe passes it to"
                " the module, which ignores unknown parameters",
            )
            break
        name, sep, value = word.replace('"', "").partition("=")
        name = name.replace("-", "_")  # the kernel treats '-' and '_' in names alike
        if not sep or not name or not value:
            log.add(line, f"bonding parameter {word!r} is not name=value: not read")
            continue
        parameters.append((name, value))
    return parameters


def _words(text: str) -> list[str]:
    """Split on blanks, keeping double-quoted runs (``arp_ip_target="a,b"``) together."""
    words: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char.isspace() and not quoted:
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    return words
