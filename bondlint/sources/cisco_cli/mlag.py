"""Multi-chassis LAGs: NX-OS vPC (``vpc N``, ``vpc peer-link``, ``vpc domain N``) and EOS
MLAG (``mlag N`` on a port-channel, the ``mlag configuration`` stanza's ``domain-id``)."""

from __future__ import annotations

from bondlint.sources.base import Located
from bondlint.sources.cisco_cli.effects import NOTHING, Effect, drop, noted, put_value
from bondlint.sources.cisco_cli.platform import EOS, NXOS, STRONG
from bondlint.sources.cisco_cli.state import MLAG, State
from bondlint.sources.vlan_list import is_number

# -- interface sub-commands ------------------------------------------------------------


def vpc(words: list[str], negation: str, raw: str) -> Effect:
    what = words[1] if len(words) > 1 else ""
    if what == "peer-link":
        effect = drop("vpc_peer_link") if negation else put_value("vpc_peer_link", "yes")
    elif negation and not what:
        effect = drop("mlag_id")
    elif is_number(what):
        effect = drop("mlag_id") if negation else put_value("mlag_id", what)
    else:
        effect = NOTHING
    return noted(effect, NXOS, "vpc")


def mlag(words: list[str], negation: str, raw: str) -> Effect | None:
    what = words[1] if len(words) > 1 else ""
    if negation and not what:
        return drop("mlag_id")
    if not is_number(what):
        return None
    return noted(drop("mlag_id") if negation else put_value("mlag_id", what), EOS, "mlag")


# -- column-0 lines --------------------------------------------------------------------


def mlag_configuration(state: State, words: list[str], negation: str, line: str, number: int) -> None:
    if words[1:2] == ["configuration"] and not negation:
        state.note_platform(EOS, "mlag configuration", STRONG, number)
        state.recognised = True
        state.context = MLAG


def mlag_line(state: State, stripped: str, number: int) -> None:
    """A line of EOS ``mlag configuration``: only ``domain-id`` is kept."""
    words = stripped.split()
    if words[0] == "domain-id" and len(words) > 1:
        state.settings["mlag_domain"] = Located(words[1], state.here(number))


def vpc_domain(state: State, words: list[str], negation: str, line: str, number: int) -> None:
    if words[1:2] == ["domain"]:
        state.note_platform(NXOS, "vpc domain", STRONG, number)
        if len(words) > 2 and not negation:
            state.setting("vpc_domain", words[2], number)
