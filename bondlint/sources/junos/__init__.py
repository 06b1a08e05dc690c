"""Parser for Juniper Junos configurations: ``set`` lines and the braces form alike.

``show configuration | display set`` and ``show configuration`` print the same tree, so
both are read into one tree of words (``interfaces ae0 aggregated-ether-options lacp
active`` is a path of five words, whichever form wrote it).  Then, as Junos does at
commit time:

1. inactive statements go (``deactivate``, ``inactive:``; ``activate`` undoes them);
2. ``apply-groups`` copies each group's statements into the levels that name it, with
   ``<*>``-style wildcards matching existing names, skipping ``apply-groups-except``;
3. ``interfaces interface-range`` gives its statements to its members.

A value configured directly beats a range's, which beats a group's; among groups the
most specific level wins, then the first group listed.  Every fact points at the line
that wrote its value: a group's line when the value was inherited.

The package, by what it parses:

- ``lexer``: one line into words and braces punctuation; prompts and banners;
- ``tree``: the tree of words, statements and their ranks;
- ``set_form``, ``flat``: ``set`` lines (plain ``set interfaces`` lines kept flat);
- ``braces``: blocks, ``[ ]`` lists, tags, comments;
- ``reader``: both forms into one tree, inactive statements dropped;
- ``groups``: ``apply-groups``, ``apply-groups-except``;
- ``ranges``: ``interface-range`` members;
- ``interfaces``, ``protocols``, ``builder``: what the statements say;
- ``facts``: the switch's facts; ``detect``: ``claims``.
"""

from __future__ import annotations

import gc

from bondlint.sources.base import ParseResult
from bondlint.sources.junos.builder import Builder
from bondlint.sources.junos.detect import claims
from bondlint.sources.junos.facts import FORMAT, switch_facts
from bondlint.sources.junos.lexer import Token
from bondlint.sources.junos.ranges import MAX_RANGE_MEMBERS
from bondlint.sources.junos.reader import read_config
from bondlint.sources.junos.tree import DIRECT, MAX_DEPTH, RANGE, TOP_LEVEL, Rank, Statement
from bondlint.sources.registry import SourceFormat
from bondlint.sources.text import DiagnosticLog

__all__ = [
    "DIRECT",
    "FORMAT",
    "MAX_DEPTH",
    "MAX_RANGE_MEMBERS",
    "RANGE",
    "TOP_LEVEL",
    "Rank",
    "Statement",
    "Token",
    "claims",
    "flatten",
    "parse",
]


def flatten(text: str, path: str = "<junos>") -> list[Statement]:
    """The effective statements of a configuration, lowest priority first.

    The order is Batfish's preprocessed order for precedence: a last-writer-wins reader
    of the list ends with each statement's winning value.  Interface ranges are not
    expanded (Junos does not show them expanded either).  For tests and debugging.
    """
    read = read_config(text, path)
    return sorted(read.statements if read else [], key=lambda statement: statement.rank)


def parse(text: str, path: str) -> ParseResult:
    """Read one Junos configuration into switch facts; never raises on bad input."""
    # Every node and fact allocated here lives until the end; the cyclic collector would
    # rescan them again and again (about 40% of the time on 10,000 interfaces) and find
    # nothing: the tree has no cycles.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, path)
    finally:
        if collecting:
            gc.enable()


def _parse(text: str, path: str) -> ParseResult:
    log = DiagnosticLog(path)
    read = read_config(text, path, log, flat=True)
    if read is None:
        log.add(1, "no Junos configuration statement found")
        return ParseResult(diagnostics=log.result())
    builder = Builder(log, read.declared)
    builder.read(read.statements, read.flat)
    facts = switch_facts(builder, path, read.prompt)
    diagnostics = sorted(log.result(), key=lambda diagnostic: diagnostic.location)
    return ParseResult(facts=facts, diagnostics=diagnostics)


SOURCE = SourceFormat(
    name=FORMAT,
    describes="a Junos configuration",
    order=160,
    role="switch",
    names=("*.set", "*.conf", "*.junos"),
    hook=r"(?i:\.(set|conf|junos)$)",
)
