"""Editing ``key=value`` groups: a NetworkManager keyfile's ``[bond]``, a ``.netdev``'s ``[Bond]``.

Only the lines of the changed keys move: a value is replaced after its ``=`` (the key's
spelling and the blanks around ``=`` kept), a new key goes after the group's last key, a
removed key's line goes.  Comments and every other line stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bondlint.fix.changes import CannotEdit, Change, body_of, insert_line, split_lines
from bondlint.sources.networkd import BOND_KEYS

_HEADER = re.compile(r"^[ \t]*\[([^\[\]]+)\][ \t]*$")
_KEY = re.compile(r"^([ \t]*)([^=#;\s][^=]*?)([ \t]*=[ \t]*)(.*)$")

# systemd-networkd's [Bond] key for each kernel option, and how it spells the value.
NETWORKD_KEYS: dict[str, tuple[str, str]] = {kernel: (key, kind) for key, (kernel, kind) in BOND_KEYS.items()}


@dataclass(frozen=True, slots=True)
class IniDialect:
    """What differs between the two: the group's name, a key's name and value."""

    group: str
    key: Callable[[str], str]
    value: Callable[[Change], str]
    comments: tuple[str, ...]


def _keyfile_value(change: Change) -> str:
    return change.text()


def _networkd_key(option: str) -> str:
    if option not in NETWORKD_KEYS:
        raise CannotEdit(f"systemd-networkd has no [Bond] key for {option}")
    return NETWORKD_KEYS[option][0]


def _networkd_value(change: Change) -> str:
    kind = NETWORKD_KEYS[change.option][1]
    text = change.text()
    if kind == "ms":
        return f"{text}ms"
    if kind == "seconds":
        return f"{text}s"
    if kind == "bool":
        return "yes" if text in ("1", "true") else "no"
    if kind == "list":
        return " ".join(text.split(","))
    return text


KEYFILE = IniDialect("bond", lambda option: option, _keyfile_value, ("#", ";"))
NETWORKD = IniDialect("Bond", _networkd_key, _networkd_value, ("#", ";"))


def edit_ini(text: str, changes: list[Change], dialect: IniDialect) -> str:
    """``text`` with ``changes`` made in its ``[group]`` (the last such group gets a new
    key; a file without the group gets one at its end)."""
    lines = split_lines(text)
    for change in changes:
        lines = _apply(lines, change, dialect)
    return "".join(lines)


def _groups(lines: list[str], name: str) -> list[tuple[int, int]]:
    """(first line index after the header, end index) of every group called ``name``."""
    spans: list[tuple[int, int]] = []
    current: str | None = None
    start = 0
    for index, line in enumerate(lines):
        header = _HEADER.match(body_of(line)[0])
        if header is None:
            continue
        if current == name:
            spans.append((start, index))
        current, start = header.group(1).strip(), index + 1
    if current == name:
        spans.append((start, len(lines)))
    return spans


def _key_lines(lines: list[str], spans: list[tuple[int, int]], key: str, dialect: IniDialect) -> list[int]:
    found = []
    for start, end in spans:
        for index in range(start, end):
            body = body_of(lines[index])[0]
            if body.lstrip().startswith(dialect.comments):
                continue
            match = _KEY.match(body)
            if match is not None and match.group(2).strip() == key:
                found.append(index)
    return found


def _apply(lines: list[str], change: Change, dialect: IniDialect) -> list[str]:
    try:
        key = dialect.key(change.option)
    except CannotEdit:
        if change.operation == "remove":
            return lines  # a key the format does not have cannot be written
        raise
    spans = _groups(lines, dialect.group)
    written = _key_lines(lines, spans, key, dialect)
    if change.operation == "remove":
        return [line for index, line in enumerate(lines) if index not in written]
    if written and change.operation == "add":
        return lines
    value = dialect.value(change)
    if written:
        lines = list(lines)
        last = written[-1]  # the one that counts; earlier ones go
        body, end = body_of(lines[last])
        match = _KEY.match(body)
        if match is None:  # pragma: no cover - _key_lines matched it
            raise CannotEdit(f"line {last + 1} is not a key=value line")
        lines[last] = f"{match.group(1)}{match.group(2)}{match.group(3)}{value}{end}"
        return [line for index, line in enumerate(lines) if index not in written[:-1]]
    if not spans:
        lines = _new_group(lines, dialect)
        spans = _groups(lines, dialect.group)
    return insert_line(lines, _after_last_key(lines, spans[-1], dialect), f"{key}={value}")


def _new_group(lines: list[str], dialect: IniDialect) -> list[str]:
    """``lines`` with an empty ``[group]`` at the end, after a blank line."""
    if lines and body_of(lines[-1])[0].strip():
        lines = insert_line(lines, len(lines), "")
    return insert_line(lines, len(lines), f"[{dialect.group}]")


def _after_last_key(lines: list[str], span: tuple[int, int], dialect: IniDialect) -> int:
    """Where a new key goes in the group: after its last key (a comment or blank line
    after that belongs to what follows)."""
    start, end = span
    index = start
    for position in range(start, end):
        body = body_of(lines[position])[0].strip()
        if body and not body.startswith(dialect.comments):
            index = position + 1
    return index
