"""What one interface sub-command does, as data.

Every interface sub-command is read by a pure function of its words into an ``Effect``:
the values it puts on every port of the open stanza, the values it drops (a ``no …``
line: back to the platform default), the platform evidence it carries and the few
things that depend on a port's state (the trunk's allowed-VLAN list, link-state groups)
or on the lines after it (an EOS ``comment`` block).  A line written alike twice does
the same thing twice, so the reader keeps each line's effect and reads a repeated line
by one lookup (most lines of an access switch repeat).  A line never puts and drops one
key, so the order puts and drops are applied in does not matter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from bondlint.sources.vlan_list import Intervals

Puts = tuple[tuple[str, str], ...]


class AllowedChange(NamedTuple):
    """``switchport trunk allowed vlan [add|remove|except] LIST``: ``set`` when no verb."""

    operation: str
    vlans: Intervals


class Effect(NamedTuple):
    puts: Puts = ()
    drops: tuple[str, ...] = ()
    evidence: tuple[tuple[str, str], ...] = ()  # (platform, kind): a line only it writes
    allowed: AllowedChange | None = None
    untrack: str | None = None  # leave a link-state group ("": whichever)
    skip: tuple[str, bool, str] | None = None  # a block to skip: (until, anywhere, what)
    problem: str = ""  # a diagnostic for the line


NOTHING = Effect()

# (words without no/default, "no"/"default"/"", the raw line) -> what it does; None: nothing.
Handler = Callable[[list[str], str, str], "Effect | None"]


# Effects are made for every new line: tuple.__new__ builds the NamedTuple without the
# keyword handling of its generated constructor (a third of the time of a new line).
_new_effect = tuple.__new__


def put(*pairs: tuple[str, str]) -> Effect:
    effect: Effect = _new_effect(Effect, (pairs, (), (), None, None, None, ""))
    return effect


def drop(*keys: str) -> Effect:
    effect: Effect = _new_effect(Effect, ((), keys, (), None, None, None, ""))
    return effect


def put_value(key: str, value: str) -> Effect:
    effect: Effect = _new_effect(Effect, (((key, value),), (), (), None, None, None, ""))
    return effect


def noted(effect: Effect, platform: str, kind: str) -> Effect:
    """``effect``, and the line tells that ``platform`` wrote the file."""
    return effect._replace(evidence=(*effect.evidence, (platform, kind)))


def split_command(line: str) -> tuple[list[str], str]:
    """The words of a command without a leading ``no``/``default``, and that word."""
    words = line.split()
    if words and (words[0] == "no" or words[0] == "default"):
        return words[1:], words[0]
    return words, ""
