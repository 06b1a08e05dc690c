"""Column-0 lines: the switch's name, switch-wide defaults that change interfaces
(``system default switchport``, MTU, ``spanning-tree portfast default``, forward delay,
link-state groups), blocks to skip (banners, IOS macros) and lines that only tell the
platform."""

from __future__ import annotations

from bondlint.sources.base import Located
from bondlint.sources.cisco_cli import mlag
from bondlint.sources.cisco_cli.platform import EOS, IOS, NXOS, STRONG
from bondlint.sources.cisco_cli.state import TOP, GlobalHandler, State
from bondlint.sources.vlan_list import is_number


def _hostname(state: State, words: list[str], negation: str, line: str, number: int) -> None:
    if words[0] == "switchname":
        state.note_platform(NXOS, "switchname", STRONG, number)
    if len(words) > 1 and not negation:
        state.hostname = Located(words[1], state.here(number))


def _banner(state: State, words: list[str], negation: str, line: str, number: int) -> None:
    """``banner motd ^C … ^C`` (any delimiter, IOS/NX-OS) or ``banner motd`` … ``EOF`` (EOS)."""
    if negation or len(words) < 2:
        return
    after_type = line.find(words[1], line.find(words[0]) + len(words[0])) + len(words[1])
    text = line[after_type:].strip()
    if not text:
        state.skip_to("EOF", False, number, "banner")
        return
    delimiter = "^C" if text.startswith("^C") else text[0]
    if delimiter not in text[len(delimiter) :]:
        state.skip_to(delimiter, True, number, "banner")


def _macro(state: State, words: list[str], negation: str, line: str, number: int) -> None:
    # IOS "macro name X" bodies are column-0 interface commands ending at "@".
    if not negation and words[1:2] == ["name"]:
        state.skip_to("@", False, number, "macro")


def _define(state: State, words: list[str], negation: str, line: str, number: int) -> None:
    if not negation and len(words) > 3 and words[1] == "interface-range":
        state.macros[words[2]] = " ".join(words[3:])


def _system(state: State, words: list[str], negation: str, line: str, number: int) -> None:
    rest = words[1:]
    if rest[:2] == ["default", "switchport"]:
        state.note_platform(NXOS, "system default switchport", STRONG, number)
        if rest[2:] in ([], ["shutdown"]):
            key = "system_default_switchport" + ("_shutdown" if rest[2:] else "")
            state.setting(key, "no" if negation else "yes", number)
    elif rest[:1] == ["jumbomtu"] and len(rest) > 1 and not negation:
        state.note_platform(NXOS, "system jumbomtu", STRONG, number)
        state.setting("mtu", rest[1], number)
    elif rest[:1] == ["mtu"] and len(rest) > 1 and not negation:
        # "system mtu N" and "system mtu jumbo N" are the L2 MTU; "routing" is not.
        state.note_platform(IOS, "system mtu", STRONG, number)
        if is_number(rest[1]):
            state.setting("mtu", rest[1], number)
        elif rest[1] == "jumbo" and len(rest) > 2:
            state.setting("mtu", rest[2], number)


def _link_tracking(state: State, words: list[str], negation: str, line: str, number: int) -> None:
    """The link-state groups a switch enables: IOS ``link state track N``, EOS ``link
    tracking group NAME`` (a stanza; its ``recovery delay`` is not read)."""
    rest = words[1:]
    if rest[:2] == ["state", "track"]:
        state.note_platform(IOS, "link state track", STRONG, number)
        group = rest[2] if len(rest) > 2 else "1"
    elif rest[:2] == ["tracking", "group"] and len(rest) == 3:
        state.note_platform(EOS, "link tracking group", STRONG, number)
        group = rest[2]
    else:
        return
    enabled = state.settings.get("link_tracking_groups")
    groups = enabled.value.split(",") if enabled is not None else []
    if negation:
        groups = [g for g in groups if g != group]
    elif group not in groups:
        groups.append(group)
    state.setting("link_tracking_groups", ",".join(groups), number)


def _spanning_tree(state: State, words: list[str], negation: str, line: str, number: int) -> None:
    rest = words[1:]
    if rest[-1:] == ["default"]:
        if rest[:1] == ["portfast"] and rest[1:-1] in ([], ["edge"]):
            state.setting("portfast_default", "no" if negation else "yes", number)
        elif rest[:2] == ["port", "type"] and rest[2:-1] in (["edge"], ["network"], ["normal"]):
            state.note_platform(NXOS, "port type", STRONG, number)
            edge = rest[2] == "edge" and not negation
            state.setting("portfast_default", "yes" if edge else "no", number)
    elif "forward-time" in rest[:-1] and not negation:
        state.setting("forward_delay", rest[rest.index("forward-time") + 1], number)


def _platform_line(platform: str, kind: str) -> GlobalHandler:
    """A global line that only tells which platform wrote the file."""

    def handler(state: State, words: list[str], negation: str, line: str, number: int) -> None:
        state.note_platform(platform, kind, STRONG, number)

    return handler


def _version(state: State, words: list[str], negation: str, line: str, number: int) -> None:
    if len(words) > 1:
        # NX-OS versions carry the release in brackets: "version 9.3(8)"; IOS "version 15.2".
        platform = NXOS if "(" in words[1] else IOS
        state.note_platform(platform, "version", STRONG, number)


def _boot(state: State, words: list[str], negation: str, line: str, number: int) -> None:
    if words[1:2] in (["nxos"], ["kickstart"]):
        state.note_platform(NXOS, "boot image", STRONG, number)
    elif line.endswith(".swi"):
        state.note_platform(EOS, "boot image", STRONG, number)


def _service(state: State, words: list[str], negation: str, line: str, number: int) -> None:
    if words[1:3] == ["routing", "protocols"]:
        state.note_platform(EOS, "service routing", STRONG, number)
    elif words[1:2] in (["timestamps"], ["password-encryption"]):
        state.note_platform(IOS, "service " + words[1], STRONG, number)


def _vrf(state: State, words: list[str], negation: str, line: str, number: int) -> None:
    kind = words[1] if len(words) > 1 else ""
    platform = {"context": NXOS, "instance": EOS, "definition": IOS}.get(kind)
    if platform is not None:
        state.note_platform(platform, "vrf " + kind, STRONG, number)


def _end(state: State, words: list[str], negation: str, line: str, number: int) -> None:
    state.context = TOP


GLOBAL_COMMANDS: dict[str, GlobalHandler] = {
    "hostname": _hostname,
    "switchname": _hostname,
    "banner": _banner,
    "macro": _macro,
    "define": _define,
    "mlag": mlag.mlag_configuration,
    "vpc": mlag.vpc_domain,
    "system": _system,
    "spanning-tree": _spanning_tree,
    "link": _link_tracking,
    "version": _version,
    "boot": _boot,
    "boot-start-marker": _platform_line(IOS, "boot-start-marker"),
    "feature": _platform_line(NXOS, "feature"),
    "feature-set": _platform_line(NXOS, "feature"),
    "service": _service,
    "transceiver": _platform_line(EOS, "transceiver"),
    "daemon": _platform_line(EOS, "daemon"),
    "vrf": _vrf,
    "end": _end,
}
