"""What a fix asks of a file: bond options to set, add or remove, in the kernel's names.

A rule's YAML ``fix`` mapping is turned into ``Change``s for one finding (its templates
filled from the bond's view); each format's editor spells them its own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Operation = Literal["set", "add", "remove"]
Value = str | int | bool


class CannotEdit(Exception):
    """This file cannot carry the change (the format has no such key, the place is
    ambiguous, the line is written in a way the editor does not rewrite): the reason."""


@dataclass(frozen=True, slots=True)
class Change:
    """One option of the bond: ``set`` writes it (replacing the value where written),
    ``add`` writes it only where the file does not, ``remove`` deletes it."""

    operation: Operation
    option: str
    value: Value | None = None

    def text(self) -> str:
        """The value as the kernel reads it (``1`` for true, as sysfs does)."""
        if isinstance(self.value, bool):
            return "1" if self.value else "0"
        return "" if self.value is None else str(self.value)

    def described(self) -> str:
        if self.operation == "remove":
            return f"remove {self.option}"
        return f"{self.option}={self.text()}"


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` with their ends kept (joining them gives ``text`` back)."""
    return text.splitlines(keepends=True)


def line_end(lines: list[str]) -> str:
    """The line ending the file uses (``\\n`` when it has none yet)."""
    for line in lines:
        if line.endswith("\r\n"):
            return "\r\n"
        if line.endswith("\n"):
            return "\n"
    return "\n"


def insert_line(lines: list[str], index: int, text: str) -> list[str]:
    """``lines`` with ``text`` inserted before ``index`` (the line before it given an
    ending when the file had none at its end)."""
    end = line_end(lines)
    lines = list(lines)
    if index > 0 and not lines[index - 1].endswith(("\n", "\r")):
        lines[index - 1] += end
    lines.insert(index, text + end)
    return lines


def body_of(line: str) -> tuple[str, str]:
    """A line split into its text and its ending."""
    stripped = line.rstrip("\r\n")
    return stripped, line[len(stripped) :]
