"""Output of ``nmcli connection show <profile>``: pretty (padded) and terse (``-t``) forms.

Every line is ``setting.property:value``; the key ends at the first colon.  Pretty output
pads values to column 40 (long keys get no space at all), prints ``--`` for empty and adds
annotations such as ``-1 (default)``; terse output prints the bare value.  The profile
then becomes facts exactly like a keyfile does (``nm_keyfile.profile_facts``).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from bondlint.sources.base import Fact, Located, Location, ParseResult
from bondlint.sources.nm_keyfile import NMProfile, profile_facts, setting_alias
from bondlint.sources.registry import Place, SourceFormat
from bondlint.sources.text import (
    LIST_OPTIONS,
    DiagnosticLog,
    add_option,
    bad_line_message,
    numbered_lines,
)

FORMAT = "nmcli-connection"

_ID_LINE = re.compile(r"^connection\.id:", re.MULTILINE)
_PROPERTY_LINE = re.compile(r"^connection\.[a-z0-9-]+:", re.MULTILINE)
_PADDED_LINE = re.compile(r"[A-Za-z0-9-]+\.[^:\s]+:\s")
# Pretty output explains numeric values: "-1 (default)", "0x0 (none)", "0 (unspec)".
_ANNOTATED_NUMBER = re.compile(r"(-?(?:0x[0-9a-fA-F]+|\d+))\s+\(.*\)")
_TERSE_ESCAPE = re.compile(r"\\([:\\])")
# `nmcli --pretty` frames each setting with rules of "=" or "-" and puts a (localized)
# title between two "=" rules: "Connection profile details (bond0)".
_RULE = re.compile(r"(=+|-+)")
# Properties whose value is free text: a "2 (old)" there is the text, not an annotation.
_TEXT_PROPERTIES = frozenset({"connection.id", "connection.interface-name", "connection.stable-id", "GENERAL.NAME"})


# The names sos gives nmcli's per-profile output.
_SOS_NAMES = ("nmcli_con_show_id_*", "nmcli_con_show_conf_*", "nmcli_connection_show_*", "nmcli_con_list_id_*")
SOURCE = SourceFormat(
    name=FORMAT,
    describes="an nmcli capture",
    order=70,
    role="view",
    names=("*nmcli*",),
    telltales=(("*nmcli*", "an nmcli capture"),),
    places=(
        # sos >= 3.6: the networkmanager plugin; sos 3.3-3.5 kept nmcli in networking.
        Place("sos_commands/networkmanager", _SOS_NAMES),
        Place("sos_commands/networking", _SOS_NAMES),
    ),
    definition_rank=6,
)


def claims(path: PurePosixPath, head: str) -> bool:
    """An ``nmcli_con*`` capture showing ``connection.*`` properties, or one starting so."""
    name = path.name.lower()
    if _ID_LINE.search(head):
        return True
    return "nmcli" in name and "con" in name and bool(_PROPERTY_LINE.search(head))


def parse(text: str, path: str) -> ParseResult:
    """Read one or more profiles from nmcli output; never raises."""
    log = DiagnosticLog(path)
    lines = list(numbered_lines(text))
    # Pretty output pads every short key's value with blanks; terse output never does.
    pretty = any(_PADDED_LINE.match(line) for _, line in lines)
    profiles: list[NMProfile] = []
    titles = _pretty_titles(lines)
    for number, raw in lines:
        line = raw.strip()
        if not line or number in titles or _RULE.fullmatch(line):
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep:
            log.add(number, bad_line_message(line, "a property: value line"))
            continue
        raw_setting, dot, prop = key.partition(".")
        if not dot:
            continue  # "Warning: versions don't match" and other chatter
        location = Location(path, number)
        setting = setting_alias(raw_setting)
        key = f"{setting}.{prop}"
        annotated = raw_setting.islower() and key not in _TEXT_PROPERTIES
        value = _clean_value(value.strip(), pretty, annotated=annotated)
        # A second connection.id starts the next profile (``nmcli con show a b``).
        if not profiles or (key == "connection.id" and key in profiles[-1].values):
            profiles.append(NMProfile(location=location))
        profile = profiles[-1]
        profile.values[key] = Located(value, location)
        profile.settings.add(setting)
        if key == "bond.options":
            profile.options = _bond_options(value, location, log)
            profile.options_location = location
    facts: list[Fact] = []
    for profile in profiles:
        if "connection" in profile.settings:
            profile.location = _first_connection_line(profile)
            facts.extend(profile_facts(profile, FORMAT, log))
    if not any("connection" in profile.settings for profile in profiles):
        log.add(0, "no connection.* properties: not `nmcli connection show <profile>` output")
    return ParseResult(facts=facts, diagnostics=log.result())


def _pretty_titles(lines: list[tuple[int, str]]) -> set[int]:
    """Line numbers of `nmcli --pretty` section titles: a line between two "=" rules."""
    titles: set[int] = set()
    for index in range(1, len(lines) - 1):
        before, after = lines[index - 1][1].strip(), lines[index + 1][1].strip()
        if before.startswith("===") and after.startswith("===") and _RULE.fullmatch(before) and _RULE.fullmatch(after):
            titles.add(lines[index][0])
    return titles


def _clean_value(value: str, pretty: bool, annotated: bool) -> str:
    """The value as NetworkManager holds it, without nmcli's display decoration."""
    if value == "--":
        return ""  # pretty "empty"; no property has "--" as a real value, so terse too
    if not pretty:
        return _TERSE_ESCAPE.sub(r"\1", value)
    match = _ANNOTATED_NUMBER.fullmatch(value) if annotated else None
    # Device state keeps its words ("100 (connected)"): they are the information.
    return match[1] if match else value


def _bond_options(value: str, location: Location, log: DiagnosticLog) -> dict[str, Located[str]]:
    """Options from ``bond.options`` (``mode=802.3ad,miimon=100,arp_ip_target=a b``)."""
    options: dict[str, Located[str]] = {}
    previous = ""
    for item in _split_escaped(value, ","):
        key, sep, option = item.partition("=")
        key, option = key.strip(), option.strip()
        if sep and key:
            if key in LIST_OPTIONS:
                option = ",".join(option.split())  # nmcli separates list items with blanks
            add_option(options, key, Located(option, location))
            previous = key
        elif previous in LIST_OPTIONS and item.strip():
            # Older nmcli joined list items with commas, like the option separator.
            add_option(options, previous, Located(item.strip(), location))
        elif item.strip():
            log.add(location.line, f"bond.options item {item.strip()!r} is not key=value")
    return options


def _split_escaped(text: str, separator: str) -> list[str]:
    """Split on ``separator`` unless backslash-escaped (nmcli ≥ 1.24), unescaping items."""
    items: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            current.append(next(chars, "\\"))
        elif char == separator:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return items


def _first_connection_line(profile: NMProfile) -> Location:
    """Where the profile's ``connection.*`` block starts."""
    return min(located.location for key, located in profile.values.items() if key.startswith("connection."))
