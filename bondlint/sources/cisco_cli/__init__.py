"""Parser for the running-config of Cisco IOS / IOS-XE, Cisco NX-OS and Arista EOS.

The three share one syntax: a line at column 0 opens a stanza (``interface Ethernet1``,
``vlan 10``, ``router bgp 1``) and indented lines belong to it.  One pass reads the
interface stanzas and the few global lines that change interface defaults; every other
stanza is skipped, banners and EOS ``comment`` blocks included.  The platform is decided
at the end from the evidence seen (``feature`` lines, ``! device: … EOS``, ``switchport
nonnegotiate`` …) because nothing read depends on it.  Values stay as written, except
interface names (canonical long form, through netutils) and trunk allowed-VLAN lists
(every ``add``/``remove``/``except`` line folded into one canonical list).

The package is split by what it reads:

* ``capture``: which files are ours, prompts and the preamble, the name a capture gives;
* ``platform``: the evidence for IOS, NX-OS or EOS;
* ``reader``: the pass over the lines and the interface stanzas, ``outside``: the lines
  between them, ``state``: what both know and the facts it makes;
* ``interface_names``: ranges, lists and canonical names on ``interface`` lines;
* interface sub-commands, each read into an ``effects.Effect``: ``switchport``
  (mode and VLANs), ``channels`` (channel-group, LACP), ``mlag`` (vPC and MLAG, with their
  global lines) and ``port_commands`` (the rest, and the table of them all);
* ``global_commands``: column-0 lines.
"""

from __future__ import annotations

import gc

from bondlint.sources.base import ParseResult
from bondlint.sources.cisco_cli.capture import (
    NAME_FROM_FILE,
    NAME_FROM_FOLDER,
    NAME_FROM_HOSTNAME,
    NAME_FROM_PROMPT,
    claims,
    name_from_path,
)
from bondlint.sources.cisco_cli.outside import CONTROL_CHARS
from bondlint.sources.cisco_cli.reader import Reader
from bondlint.sources.cisco_cli.state import FORMAT
from bondlint.sources.registry import SourceFormat

__all__ = [
    "FORMAT",
    "MAX_BYTES",
    "NAME_FROM_FILE",
    "NAME_FROM_FOLDER",
    "NAME_FROM_HOSTNAME",
    "NAME_FROM_PROMPT",
    "claims",
    "name_from_path",
    "parse",
]

# The largest chassis configs are a few MB; anything far bigger is not a running-config.
MAX_BYTES = 64 * 1024 * 1024


def parse(text: str, path: str) -> ParseResult:
    """Read one running-config into a ``SwitchConfig`` and its ``SwitchInterface`` s."""
    reader = Reader(path)
    if not text.strip():
        what = "the file is empty" if not text else "the file holds only whitespace"
        reader.log.add(1, f"not a running-config: {what}")
        return ParseResult(diagnostics=reader.log.result())
    # Every fact allocated here lives on; the cyclic collector would rescan them all again
    # and again (about 40% of the time on a 10,000-interface config) and find nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        has_control_chars = any(char in text for char in CONTROL_CHARS)
        reader.read(text.lstrip("\ufeff").split("\n"), has_control_chars)
        return reader.result()
    finally:
        if collecting:
            gc.enable()


SOURCE = SourceFormat(
    name=FORMAT,
    describes="a switch configuration",
    order=170,
    role="switch",
    names=("*.cfg", "*.conf", "*.ios", "*.nxos", "*.eos", "*running-config*", "*show_run*"),
    telltales=(
        ("*running-config*", "a switch configuration"),
        ("*running_config*", "a switch configuration"),
        ("*startup-config*", "a switch configuration"),
        ("*show_run*", "a switch configuration"),
    ),
    hook=r"(?i:\.(cfg|conf|ios|nxos|eos)$|(^|/)[^/]*(running|startup)-config[^/]*$)",
)
