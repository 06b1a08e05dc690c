"""Does a file read as a Junos configuration?  Either form, a ``show configuration
interfaces`` capture, or a RANCID/commit banner; never VyOS, which copies the set form."""

from __future__ import annotations

from pathlib import PurePosixPath

from bondlint.sources.junos.braces import INTERFACE_NAME
from bondlint.sources.junos.lexer import PROMPT
from bondlint.sources.junos.set_form import EDIT_COMMANDS
from bondlint.sources.junos.tree import TOP_LEVEL

# VyOS copies Junos' "set" syntax; its interface types are never Junos interface names.
_VYOS_INTERFACE_TYPES = frozenset(
    {
        "bonding", "bridge", "dummy", "ethernet", "geneve", "input", "l2tpv3", "loopback",
        "macsec", "openvpn", "pppoe", "pseudo-ethernet", "tunnel", "virtual-ethernet",
        "vti", "vxlan", "wireguard", "wireless", "wwan",
    }
)  # fmt: skip
_CLAIM_LINES = 40  # meaningful lines of the head looked at
# Statements an interface stanza holds: with an interface name at the top they make a
# "show configuration interfaces" capture.
_INTERFACE_WORDS = (
    "ether-options",
    "gigether-options",
    "aggregated-ether-options",
    "family ethernet-switching",
    "unit ",
    "802.3ad",
)


_JUNOS_BANNERS = (
    "## Last commit",
    "## Last changed",
    "#RANCID-CONTENT-TYPE: juniper",
    "# RANCID-CONTENT-TYPE: juniper",
)


def claims(path: PurePosixPath, head: str) -> bool:
    """True when the head reads as a Junos configuration, in either form, whatever the name."""
    junos = interface_block = interface_words = False
    seen = 0
    for number, raw in enumerate(head.split("\n")):
        line = raw.strip().lstrip("\ufeff")
        if line.endswith("{") and not raw[:1].isspace():
            # "show configuration interfaces": interface blocks at the top.
            words = line[:-1].split()
            interface_block = interface_block or (
                (len(words) == 1 and bool(INTERFACE_NAME.fullmatch(words[0])))
                or (len(words) == 2 and words[0] == "interface-range")
            )
        elif interface_block and line.startswith(_INTERFACE_WORDS):
            interface_words = True
        if number == 0 and line.startswith("#!"):
            return False  # a script, even one that writes Junos lines
        if line.startswith(_JUNOS_BANNERS):
            return True
        if not line or line.startswith(("#", "/*")) or PROMPT.match(line):
            continue
        seen += 1
        if seen > _CLAIM_LINES:
            break
        words = line.split()
        if words[0] in EDIT_COMMANDS and len(words) > 1 and words[1] in TOP_LEVEL:
            if words[1] == "interfaces" and len(words) > 2 and words[2] in _VYOS_INTERFACE_TYPES:
                return False
            junos = True
        elif words[0] in TOP_LEVEL and line.endswith(("{", ";")):
            junos = True
    return junos or (interface_block and interface_words)
