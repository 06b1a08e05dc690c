"""Inline suppressions written in the scanned files' own comment syntax.

    # bondlint: ignore BL001 lab bond, no second switch here        (keyfile, ifcfg, netplan, networkd, Junos)
    ! bondlint: ignore lacp-rate-mismatch,BL039 vendor default        (IOS, NX-OS, EOS)
    /* bondlint: ignore BL038 Junos peer keeps fast */                 (a Junos annotation, as shown)

A suppression on a line of its own covers the next line; when that line opens a section
(``[bond]``, ``interface Gi1/0/11``, ``iface bond0``, a YAML key, a Junos ``{`` block) it
covers the whole section. Written after content on the same line, it covers that line.
Rules are named by id or name, comma-separated; everything after them is the reason.

A comment on a line of its own inside an indented section (an IOS ``interface`` block, a
Junos ``{`` block) also names that section's first line (``section``): a host <-> switch
cross-check points at the switch port's ``interface`` line, so a comment anywhere in the
port's block suppresses it (``touches``; the pipeline's settle step, ``bondlint.waivers``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bondlint.sources.text import numbered_lines

_MARKER = re.compile(r"(?:^|\s)(?:#|!|//|;|/\*)\s*bondlint:\s*ignore\b\s*(?P<rest>.*)$")
_COMMENT_LINE = re.compile(r"^\s*(?:#|!|//|;|/\*)")


@dataclass(frozen=True, slots=True)
class Suppression:
    """One suppression comment and the lines it covers."""

    path: str
    line: int
    rules: tuple[str, ...]
    reason: str
    first: int
    last: int
    # The first line of the indented section the comment stands in (0: none).
    section: int = 0

    def covers(self, rule_id: str, rule_name: str, path: str, line: int) -> bool:
        return (
            path == self.path
            and self.first <= line <= self.last
            and any(r in (rule_id, rule_name, "all") for r in self.rules)
        )

    def touches(self, rule_id: str, rule_name: str, path: str, line: int) -> bool:
        """``covers``, or ``line`` is the first line of the section the comment is in."""
        return self.covers(rule_id, rule_name, path, line) or (
            self.section == line and path == self.path and any(r in (rule_id, rule_name, "all") for r in self.rules)
        )


def find_suppressions(text: str, path: str) -> list[Suppression]:
    """Every ``bondlint: ignore`` comment in ``text`` with the range of lines it covers."""
    if "bondlint:" not in text:
        return []
    lines = [line for _, line in numbered_lines(text)]
    found = []
    sections: list[int] = []
    for index, line in enumerate(lines):
        match = _MARKER.search(line)
        if match is None:
            continue
        words = match.group("rest").strip().split(None, 1)
        rules = tuple(r for r in (words[0].split(",") if words else []) if r)
        reason = words[1].strip(" -:") if len(words) > 1 else ""
        if line.lstrip().startswith("/*"):  # a Junos annotation ends with its "*/"
            reason = reason.removesuffix("*/").strip(" -:")
        section = 0
        if not _COMMENT_LINE.match(line):
            first = last = index + 1  # trailing: this line only
        else:
            first, last = _scope(lines, index)
            sections = sections or _sections(lines)
            section = sections[index]
        found.append(Suppression(path, index + 1, rules, reason, first, last, section))
    return found


def _sections(lines: list[str]) -> list[int]:
    """For each line, the 1-based first line of the indented section a comment there
    would stand in (the nearest content line above indented less), 0 at the top level:
    one pass, with the open sections on a stack of strictly growing indents."""
    sections = []
    open_sections: list[tuple[int, int]] = []  # (indent, 1-based line)
    for index, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        comment = not line.strip() or bool(_COMMENT_LINE.match(line))
        if not comment:
            while open_sections and open_sections[-1][0] >= indent:
                open_sections.pop()
        enclosing = next((number for depth, number in reversed(open_sections) if depth < indent), 0)
        sections.append(enclosing)
        if not comment:
            open_sections.append((indent, index + 1))
    return sections


def _scope(lines: list[str], comment: int) -> tuple[int, int]:
    """1-based first and last line covered by the comment at index ``comment``."""
    target = comment + 1
    while target < len(lines) and (not lines[target].strip() or _COMMENT_LINE.match(lines[target])):
        target += 1
    if target >= len(lines):
        return comment + 1, comment + 1
    header = lines[target]
    stripped = header.strip()
    end = target
    if stripped.endswith("{"):
        depth = 0
        for end in range(target, len(lines)):
            depth += lines[end].count("{") - lines[end].count("}")
            if depth <= 0:
                break
    elif stripped.startswith("[") and stripped.endswith("]"):
        end = target
        while end + 1 < len(lines) and not lines[end + 1].strip().startswith("["):
            end += 1
    else:
        indent = len(header) - len(header.lstrip())
        end = target
        while end + 1 < len(lines):
            following = lines[end + 1]
            if (
                following.strip()
                and len(following) - len(following.lstrip()) <= indent
                and not following.lstrip().startswith(("!", "#"))
            ):
                break
            end += 1
        # A plain line followed by nothing indented covers itself only.
    return target + 1, end + 1
