"""Shared hostile input: damage real text the way copy-paste and truncation do, and build
the shapes that break parsers (binary, NUL, huge lines, deep nesting, control characters)."""

from __future__ import annotations

import random
from collections.abc import Callable

from hypothesis import strategies as st

# Characters a terminal, an editor or a broken capture puts in text: C0 controls, DEL,
# NEL, the Unicode line and paragraph separators (str.splitlines breaks on them, "\n"
# counting does not), a right-to-left override and a byte-order mark.
CONTROL = "".join(chr(c) for c in range(32)) + "\x7f\x85\u2028\u2029\u202e\ufeff"
# What a configuration language nests, quotes, continues or comments with.
SYNTAX = "{}[]()<>:=;,\"'\\#!-|&*? \t\n"


def mutated(data: st.DataObject, text: str) -> str:
    """``text`` with up to six lines deleted, duplicated, swapped, truncated or junk
    inserted, then perhaps cut short (a capture that stopped half-way)."""
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(0, 6))):
        at = data.draw(st.integers(0, len(lines)))
        action = data.draw(st.sampled_from(["delete", "duplicate", "swap", "truncate", "junk"]))
        if action == "delete":
            del lines[at : at + 1]
        elif action == "duplicate":
            lines[at:at] = lines[at : at + 1]
        elif action == "swap" and at < len(lines):
            other = (at * 7 + 3) % len(lines)
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "truncate" and at < len(lines):
            lines[at] = lines[at][: data.draw(st.integers(0, len(lines[at])))]
        elif action == "junk":
            lines.insert(at, data.draw(st.text(max_size=20)))
    damaged = "\n".join(lines)
    if data.draw(st.booleans()):
        damaged = damaged[: data.draw(st.integers(0, len(damaged)))]
    return damaged


def _binary(size: int) -> str:
    # Bytes no text file holds, read as the pipeline reads undecodable data (Latin-1).
    return random.Random(size).randbytes(size).decode("latin-1")


def _cycle(piece: str) -> Callable[[int], str]:
    return lambda size: (piece * (size // len(piece) + 1))[:size]


# Hostile text of about ``size`` characters, by shape.  Every shape grows linearly in
# ``size``, so the same builders serve "never raises" and the linear-time guards.
SHAPES: dict[str, Callable[[int], str]] = {
    "binary": _binary,
    "nul": _cycle("\x00"),
    "nul-in-lines": _cycle("a\x00b = c\x00\n"),
    "control": _cycle(CONTROL),
    "huge-line": _cycle("x"),
    "long-words": _cycle("a "),
    "many-blank-lines": _cycle("\n"),
    "carriage-returns": _cycle("a\r"),
    "crlf": _cycle("a = b\r\n"),
    "deep-braces": lambda size: "{" * (size // 2) + "}" * (size // 2),
    "deep-brackets": lambda size: "[" * (size // 2) + "]" * (size // 2),
    "deep-parentheses": _cycle("("),
    "deep-yaml": lambda size: "- " * (size // 2) + "a",
    "deep-indent": _cycle("a:\n  b:\n    c:\n      d:\n        - e\n"),
    "quotes": _cycle('"'),
    "backslashes": _cycle("\\"),
    "comment": _cycle("#"),
    "separators": _cycle(":=;,|"),
}

# Hypothesis text made of what breaks parsers: syntax, controls and any character.
hostile_text = st.one_of(
    st.text(),
    st.text(alphabet=SYNTAX + CONTROL + "abc019", max_size=200),
    st.binary(max_size=200).map(lambda data: data.decode("latin-1")),
)


def truncations(text: str) -> dict[str, str]:
    """``text`` cut where a capture stops: mid-file, mid-line, one character short."""
    middle = len(text) // 2
    line_start = text.rfind("\n", 0, middle) + 1
    return {
        "first-third": text[: len(text) // 3],
        "mid-line": text[: line_start + (middle - line_start) // 2 + 1],
        "last-char-missing": text[:-1],
    }


def spoiled(text: str, long_line: int = 200_000) -> dict[str, str]:
    """``text`` with hostile bytes put into it: NULs, controls, a huge first line, CRLF,
    a byte-order mark, a lone CR, trailing NULs (2.6.2x sysfs values end with one)."""
    lines = text.split("\n")
    first, rest = lines[0], "\n".join(lines[1:])
    return {
        "nul-each-line": "\x00\n".join(lines),
        "controls-each-line": "\n".join(line + CONTROL[len(line) % len(CONTROL)] for line in lines),
        "huge-first-line": first + "x" * long_line + "\n" + rest,
        "crlf": text.replace("\n", "\r\n"),
        "cr-only": text.replace("\n", "\r"),
        "bom": "\ufeff" + text,
        "trailing-nuls": text + "\x00" * 3,
        "line-separators": text.replace("\n", "\u2028"),
        **truncations(text),
    }
