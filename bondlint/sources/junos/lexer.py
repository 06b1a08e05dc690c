"""Junos lexing: one line into words and braces-form punctuation, and the CLI noise
(prompts, banners, pager lines) a capture holds between statements."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

# CLI noise in captures: prompts ("{master:0}", "user@sw> show …"), "[edit]" banners,
# pager lines.
PROMPT = re.compile(r"\{[\w-]+(?::[\w-]+)?\}$|[\w.-]+@[\w.-]+[>#%]|\[edit(?:\s[^\]]*)?\]$|---\(more")
# The device name in an operational or configuration prompt: "user@sw1> show …".
PROMPT_HOST = re.compile(r"[\w.-]+@([\w.-]+)[>#%]")


class Punct(enum.Enum):
    """Punctuation of the braces form; quoted text never becomes one of these."""

    OPEN = "{"
    CLOSE = "}"
    END = ";"
    LIST_OPEN = "["
    LIST_CLOSE = "]"


Token = str | Punct

# Every character starts one of these, so successive matches cover the line; a comment
# takes everything to its "*/" (an empty ``comment`` group: it runs past the line).
_TOKEN = re.compile(
    r'(?P<space>\s+)|"(?P<quoted>(?:[^"\\]|\\.)*)(?P<closed>"?)|/\*(?P<comment>(?:.*?\*/)?)|(?P<hash>#)'
    r'|(?P<punct>[{};])|(?P<word>[^\s{};"]+)'
)


def is_plain(line: str) -> bool:
    """No quote, comment, brace, semicolon or bracket: ``str.split`` reads it as ``lex``
    would.  (Eight substring tests take a sixth of the time of one regex search.)"""
    return not (
        '"' in line
        or "#" in line
        or "{" in line
        or "}" in line
        or ";" in line
        or "[" in line
        or "]" in line
        or "/*" in line
    )


# What text.looks_binary checks, as one regex: this runs on every line.
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f]")
# The same characters, newlines aside, for one look at a whole file ("c in text" per
# character is twenty times faster than a regex search).
CONTROL_CHARS = tuple(chr(code) for code in range(32) if chr(code) not in "\t\n")
_ESCAPE = re.compile(r"\\(.)")
_PUNCT = {"{": Punct.OPEN, "}": Punct.CLOSE, ";": Punct.END}
_BRACKETS = {"[": Punct.LIST_OPEN, "]": Punct.LIST_CLOSE}
_BARE: dict[str, Token] = {**_PUNCT, **_BRACKETS}  # unquoted words that are punctuation
_HARD = re.compile(r'["#]|/\*')  # what only the full tokenizer reads right


@dataclass(slots=True)
class Lexed:
    """One line's tokens and the comment state it leaves for the next line."""

    tokens: list[Token]
    in_comment: bool
    open_quote: bool  # a quoted string ran to the end of the line


def lex(line: str, in_comment: bool) -> Lexed:
    """Split one line into words and punctuation; ``/* */`` may span lines, ``#`` may not."""
    if not in_comment and _HARD.search(line) is None:
        # Without quotes or comments, spacing out the punctuation is enough; most
        # lines of either form take this path.
        if "{" in line or "}" in line or ";" in line:
            line = line.replace("{", " { ").replace("}", " } ").replace(";", " ; ")
        return Lexed([_BARE.get(word, word) for word in line.split()], False, False)
    position = 0
    if in_comment:
        end = line.find("*/")
        if end < 0:
            return Lexed([], True, False)
        position = end + 2
    tokens: list[Token] = []
    open_quote = in_comment = False
    for match in _TOKEN.finditer(line, position):
        word, quoted = match.group("word"), match.group("quoted")
        if word is not None:
            tokens.append(_BRACKETS.get(word, word))
        elif quoted is not None:
            tokens.append(_ESCAPE.sub(r"\1", quoted) if "\\" in quoted else quoted)
            open_quote = open_quote or not match.group("closed")
        elif match.group("punct") is not None:
            tokens.append(_PUNCT[match.group("punct")])
        elif match.group("comment") == "":  # "/*" without its "*/": the rest is comment
            in_comment = True
            break
        elif match.group("hash") is not None:
            break
    return Lexed(tokens, in_comment, open_quote)
