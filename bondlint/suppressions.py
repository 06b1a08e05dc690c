"""Inline suppressions written in the scanned files' own comment syntax.

    # bondlint: ignore BL001 lab bond, no second switch here        (keyfile, ifcfg, netplan, networkd, Junos)
    ! bondlint: ignore lacp-rate-mismatch,BL039 vendor default        (IOS, NX-OS, EOS)

A suppression on a line of its own covers the next line; when that line opens a section
(``[bond]``, ``interface Gi1/0/11``, ``iface bond0``, a YAML key, a Junos ``{`` block) it
covers the whole section. Written after content on the same line, it covers that line.
Rules are named by id or name, comma-separated; everything after them is the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bondlint.sources.text import numbered_lines

_MARKER = re.compile(r"(?:^|\s)(?:#|!|//|;)\s*bondlint:\s*ignore\b\s*(?P<rest>.*)$")
_COMMENT_LINE = re.compile(r"^\s*(?:#|!|//|;)")


@dataclass(frozen=True, slots=True)
class Suppression:
    """One suppression comment and the lines it covers."""

    path: str
    line: int
    rules: tuple[str, ...]
    reason: str
    first: int
    last: int

    def covers(self, rule_id: str, rule_name: str, path: str, line: int) -> bool:
        return (
            path == self.path
            and self.first <= line <= self.last
            and any(r in (rule_id, rule_name, "all") for r in self.rules)
        )


def find_suppressions(text: str, path: str) -> list[Suppression]:
    """Every ``bondlint: ignore`` comment in ``text`` with the range of lines it covers."""
    if "bondlint:" not in text:
        return []
    lines = [line for _, line in numbered_lines(text)]
    found = []
    for index, line in enumerate(lines):
        match = _MARKER.search(line)
        if match is None:
            continue
        words = match.group("rest").strip().split(None, 1)
        rules = tuple(r for r in (words[0].split(",") if words else []) if r)
        reason = words[1].strip(" -:") if len(words) > 1 else ""
        if not _COMMENT_LINE.match(line):
            first = last = index + 1  # trailing: this line only
        else:
            first, last = _scope(lines, index)
        found.append(Suppression(path, index + 1, rules, reason, first, last))
    return found


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
