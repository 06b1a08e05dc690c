"""NetworkManager keyfiles (``*.nmconnection``): bond and bond-port profiles.

A keyfile is a GLib key file: ``[group]`` headers, ``key=value`` lines, ``#`` comments.
``[connection]`` says what the profile is; a ``[bond]`` group holds one kernel bond option
per key.  The profile-to-fact step (``profile_facts``) is shared with the nmcli parser,
which shows the same settings in another syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from bondlint.sources.base import (
    LAYER_NETWORKMANAGER,
    BondDefinition,
    Fact,
    Located,
    Location,
    ParseResult,
    PortDefinition,
    TeamDefinition,
    VlanDefinition,
)
from bondlint.sources.registry import Place, SourceFormat
from bondlint.sources.text import (
    DiagnosticLog,
    bad_line_message,
    looks_binary,
    numbered_lines,
    present,
)

FORMAT = "nm-keyfile"

# Long setting names and their aliases; facts always use the alias so every source agrees.
SETTING_ALIASES = {
    "802-3-ethernet": "ethernet",
    "802-11-wireless": "wifi",
    "802-11-wireless-security": "wifi-security",
    "802-11-olpc-mesh": "olpc-mesh",
}

# Settings that make a profile the port of something other than a bond.
_OTHER_PORT_SETTINGS = frozenset({"bridge-port", "team-port", "ovs-interface", "ovs-port"})

# Settings whose presence in ``extra`` helps policies (autoconnect, MAC, addressing, origin).
_EXTRA_KEYS = frozenset(
    {
        "connection.type",
        "connection.autoconnect",
        "connection.autoconnect-priority",
        "connection.autoconnect-ports",
        "connection.autoconnect-slaves",
        "connection.controller",
        "connection.master",
        "connection.port-type",
        "connection.slave-type",
        "ethernet.mac-address",
        "ethernet.cloned-mac-address",
        "infiniband.mac-address",
        "ipv4.method",
        "ipv4.gateway",
        "ipv6.method",
        "ipv6.gateway",
        "GENERAL.STATE",
    }
)
_EXTRA_PREFIXES = ("ipv4.address", "ipv6.address", "bond-port.", "user.")

_GROUP_HEADER = re.compile(r"\[([^\[\]]+)\][ \t]*")
_GLIB_ESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
_GLIB_ESCAPE = re.compile(r"\\(.?)")

# GLib refuses the whole file on a line that is no group, key=value or comment
# (g_key_file_load_from_file), and NetworkManager then loads no profile from it.
_REFUSED = "GLib cannot load the file, so NetworkManager loads no profile from it"

# Groups whose keys bondlint reads: a value GLib cannot read there is reported.
_READ_GROUPS = frozenset({"connection", "bond", "bond-port", "ethernet", "infiniband", "vlan"})

# [bond] options holding address lists: NetworkManager splits them at commas only
# (nm_utils_bond_option_ip_split) and checks every item as one address.
_ADDRESS_LIST_OPTIONS = frozenset({"arp_ip_target", "ns_ip6_target"})
_SPLIT_ADDRESSES = re.compile(r"[\s,]+")

# Keyfile booleans are GLib's: "true", "false", "1", "0" exactly (trailing blanks are
# allowed).  NetworkManager warns about any other word and keeps the property's default.
_GLIB_BOOLEANS = frozenset({"true", "false", "1", "0"})
_BOOLEAN_KEYS = {"connection.autoconnect": True}  # key -> NetworkManager's default
# Ternary (enum) properties read as integers (base 0); -1 = default, the global setting.
_TERNARY_KEYS = frozenset({"connection.autoconnect-slaves", "connection.autoconnect-ports"})
_NO_WORDS = frozenset({"no", "n", "off", "false", "f"})
_YES_WORDS = frozenset({"yes", "y", "on", "true", "t"})


@dataclass(slots=True)
class NMProfile:
    """One NetworkManager connection profile, whatever syntax it was read from.

    ``values`` maps ``setting.property`` (setting names as aliases) to the raw value;
    ``options`` holds the bond options under kernel names; ``settings`` lists the settings
    (keyfile groups) present, which NetworkManager uses to infer a missing type.
    """

    location: Location
    values: dict[str, Located[str]] = field(default_factory=dict)
    options: dict[str, Located[str]] = field(default_factory=dict)
    options_location: Location | None = None
    settings: set[str] = field(default_factory=set)
    legacy_interface: dict[str, Located[str]] = field(default_factory=dict)


def setting_alias(name: str) -> str:
    """The short name of a setting (``802-3-ethernet`` → ``ethernet``)."""
    return SETTING_ALIASES.get(name, name)


SOURCE = SourceFormat(
    name=FORMAT,
    describes="a NetworkManager keyfile",
    order=50,
    role="definition",
    tool="NetworkManager keyfile",
    names=("*.nmconnection",),
    telltales=(("*.nmconnection", "a NetworkManager keyfile"),),
    places=(
        Place("etc/NetworkManager/system-connections", called="NetworkManager's keyfile folder"),
        Place("run/NetworkManager/system-connections"),
        Place("var/run/NetworkManager/system-connections"),
        Place("usr/lib/NetworkManager/system-connections"),
    ),
    hook=r"\.nmconnection$|(^|/)NetworkManager/system-connections/[^/]+$",
    definition_rank=1,
)


def claims(path: PurePosixPath, head: str) -> bool:
    """A ``.nmconnection`` file, or any text whose first group is ``[connection]``.

    Never a file NetworkManager skips in its profile folders: hidden names and editor
    backups ending in ``~`` (nm_keyfile_utils_ignore_filename).
    """
    if path.name.startswith(".") or path.name.endswith("~"):
        return False
    if path.name.endswith(".nmconnection"):
        return True
    # By content only when the text starts (after comments and blank lines) with the
    # [connection] group: a README or an rST page that quotes a keyfile does not.
    for raw in head.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        match = _GROUP_HEADER.fullmatch(line)
        return match is not None and match[1] == "connection"
    return False


def parse(text: str, path: str) -> ParseResult:
    """Read one keyfile; never raises."""
    log = DiagnosticLog(path)
    profile = NMProfile(location=Location(path))
    group: str | None = None
    for number, raw in numbered_lines(text):
        line = raw.strip()  # GLib ignores surrounding whitespace on every line
        if not line or line.startswith("#"):
            continue
        header = _GROUP_HEADER.fullmatch(line)
        if header:
            group = setting_alias(header[1])
            _enter_group(profile, group, Location(path, number))
            continue
        key, sep, value = line.partition("=")
        key = key.rstrip()
        if not sep or not key or looks_binary(line):
            message = bad_line_message(line, "a [group] header or key=value line")
            log.add(number, f"{message}: {_REFUSED}")
        elif group is None:
            log.add(number, f"key {key!r} before any [group]: {_REFUSED}")
        else:
            unescaped, problem = _glib_unescape(value.lstrip())
            if problem is None:
                _store(profile, group, key, Located(unescaped, Location(path, number)))
            elif group in _READ_GROUPS:
                # g_key_file_get_string fails: NetworkManager skips the key (a [bond]
                # option silently, any other with an "invalid setting" warning).
                log.add(number, f"{key}: GLib cannot read the value ({problem}); NetworkManager ignores the key")
    if "connection" not in profile.settings:
        log.add(0, "no [connection] group: NetworkManager cannot load this profile")
        return ParseResult(diagnostics=log.result())
    _keyfile_semantics(profile, log)
    return ParseResult(facts=profile_facts(profile, FORMAT, log), diagnostics=log.result())


def _keyfile_semantics(profile: NMProfile, log: DiagnosticLog) -> None:
    """What NetworkManager's keyfile reader makes of values only a keyfile spells so.

    (nmcli shows a profile NetworkManager already loaded, so none of this applies there.)
    """
    values = profile.values
    # The old place of interface-name, [<type>] interface-name=, counts only when the
    # type is written and [connection] has none (nm_keyfile_read).
    kind = present(values, "connection.type")
    legacy = profile.legacy_interface.get(setting_alias(kind.value)) if kind else None
    if legacy is not None and present(values, "connection.interface-name") is None:
        values["connection.interface-name"] = legacy
    _drop_bad_booleans(values, log)
    _drop_bad_ternaries(values, log)
    _drop_bad_address_lists(profile.options, log)
    bond = (kind.value == "bond") if kind else ("bond" in profile.settings)
    if bond and present(values, "connection.interface-name") is None:
        log.add(
            profile.location.line,
            "bond profile without interface-name: NetworkManager refuses it"
            ' ("connection.interface-name: property is missing")',
        )


def _drop_bad_booleans(values: dict[str, Located[str]], log: DiagnosticLog) -> None:
    """Booleans that are not GLib's: NetworkManager keeps the default (reported when the
    word meant the opposite)."""
    for key, default in _BOOLEAN_KEYS.items():
        found = values.get(key)
        if found is None or found.value.rstrip() in _GLIB_BOOLEANS:
            continue
        del values[key]  # NetworkManager keeps the default
        word = found.value.strip().lower()
        if (word in _NO_WORDS and default) or (word in _YES_WORDS and not default):
            log.add(
                found.location.line,
                f"{key.partition('.')[2]}={found.value!r} is no keyfile boolean (true, false, 1, 0):"
                f" NetworkManager ignores it and keeps {key.partition('.')[2]}={'true' if default else 'false'}",
            )


def _drop_bad_ternaries(values: dict[str, Located[str]], log: DiagnosticLog) -> None:
    """Ternaries that are no integer: NetworkManager keeps -1 (reported when it meant yes)."""
    for key in sorted(_TERNARY_KEYS):  # sorted: diagnostics in the same order every run
        found = values.get(key)
        if found is None or _is_integer(found.value):
            continue
        del values[key]  # NetworkManager keeps -1: the global default (off unless configured)
        if found.value.strip().lower() in _YES_WORDS:
            log.add(
                found.location.line,
                f"{key.partition('.')[2]}={found.value!r} is not -1, 0 or 1: NetworkManager ignores it"
                " and uses the default (-1: the global setting, which does not start the ports)",
            )


def _drop_bad_address_lists(options: dict[str, Located[str]], log: DiagnosticLog) -> None:
    """Address-list bond options NetworkManager cannot split: it ignores the option."""
    for name in sorted(_ADDRESS_LIST_OPTIONS):
        found = options.get(name)
        if found is None:
            continue
        items = [item.strip() for item in found.value.split(",")]
        if any(not item or any(char.isspace() for char in item) for item in items):
            del options[name]
            written = ",".join(item for item in _SPLIT_ADDRESSES.split(found.value) if item)
            log.add(
                found.location.line,
                f"{name}={found.value!r}: NetworkManager separates addresses with commas only,"
                f' so it reads no valid address list and ignores the option ("ignoring invalid bond'
                f' option"); write {written}',
            )


def _is_integer(text: str) -> bool:
    """An integer as NetworkManager's keyfile reader parses one (base 0: 12, -1, 0x1)."""
    try:
        int(text.strip(), 0)
    except ValueError:
        return False
    return True


def profile_facts(profile: NMProfile, fmt: str, log: DiagnosticLog) -> list[Fact]:
    """Bond and/or bond-port facts for one profile (none for anything else)."""
    values = profile.values
    facts: list[Fact] = []
    extra = {
        key: value
        for key, value in values.items()
        if value.value and (key in _EXTRA_KEYS or key.startswith(_EXTRA_PREFIXES))
    }
    interface = present(values, "connection.interface-name")
    profile_id = present(values, "connection.id")
    uuid = present(values, "connection.uuid")
    mtu = present(values, "ethernet.mtu") or present(values, "infiniband.mtu")
    profile_type = present(values, "connection.type")
    if profile_type is not None and profile_type.value == "team":
        # teamd, not the bonding driver: recorded so a policy can point at it.
        name = interface or profile_id or Located("?", profile.location)
        return [TeamDefinition(format=fmt, location=profile.location, name=name, role="team")]
    # Without a type NetworkManager infers it from the settings present.
    if (profile_type.value == "bond") if profile_type else ("bond" in profile.settings):
        bond = BondDefinition(
            format=fmt,
            layer=LAYER_NETWORKMANAGER,
            location=profile.location,
            interface=interface,
            profile_id=profile_id,
            uuid=uuid,
            options=dict(profile.options),
            options_location=profile.options_location,
            mtu=mtu,
            extra=dict(extra),
        )
        facts.append(bond)
    if (profile_type.value == "vlan") if profile_type else ("vlan" in profile.settings):
        parent = present(values, "vlan.parent")
        if parent is not None or present(values, "vlan.id") is not None:
            vlan_name = interface or present(values, "vlan.interface-name") or profile_id
            facts.append(VlanDefinition(fmt, profile.location, parent, present(values, "vlan.id"), vlan_name))
    controller = _aliased(values, "connection.controller", "connection.master", log)
    port_type = _aliased(values, "connection.port-type", "connection.slave-type", log)
    if controller is not None and _is_bond_port(port_type, profile.settings):
        port = PortDefinition(
            format=fmt,
            layer=LAYER_NETWORKMANAGER,
            location=profile.location,
            controller=controller,
            interface=interface,
            profile_id=profile_id,
            uuid=uuid,
            port_type=port_type,
            mtu=mtu,
            extra=dict(extra),
        )
        # The settings (groups) present: NetworkManager before 1.46 infers a missing
        # slave-type from a [bond-port] setting, so the model needs to know it is there.
        port.extra["settings"] = Located(",".join(sorted(profile.settings)), profile.location)
        facts.append(port)
    return facts


def _enter_group(profile: NMProfile, group: str, location: Location) -> None:
    """Note a group header; the first ``[connection]`` and ``[bond]`` anchor the facts."""
    if group == "connection" and "connection" not in profile.settings:
        profile.location = location
    if group == "bond" and profile.options_location is None:
        profile.options_location = location
    profile.settings.add(group)


def _store(profile: NMProfile, group: str, key: str, value: Located[str]) -> None:
    """Put one key where the facts look for it; a repeated key replaces the earlier one."""
    if key == "interface-name" and group != "connection":
        # NetworkManager 0.9 kept the interface name in the type's group ([bond], [vlan]);
        # it is never a kernel option (the keyfile reader skips it in [bond]).
        profile.legacy_interface[group] = value
        if group != "bond":
            profile.values[f"{group}.{key}"] = value
    elif group != "bond":
        profile.values[f"{group}.{key}"] = value
    else:
        profile.options[key] = value


def _aliased(values: dict[str, Located[str]], new: str, old: str, log: DiagnosticLog) -> Located[str] | None:
    """The value of a property that has a current and a deprecated name (NM ≥ 1.46).

    The current name wins; two different non-empty values are reported.
    """
    current, legacy = present(values, new), present(values, old)
    if current and legacy and current.value != legacy.value:
        log.add(
            legacy.location.line,
            f"{old}={legacy.value!r} disagrees with {new}={current.value!r}"
            f" (line {current.location.line}); they are aliases of one property",
        )
    return current or legacy


def _is_bond_port(port_type: Located[str] | None, settings: set[str]) -> bool:
    """Is a profile with a controller a port of a bond?

    A missing port type is inferred by NetworkManager from the port settings present; with
    none of another kind the controller's own type decides, which only the model knows.
    """
    if port_type is not None:
        return port_type.value == "bond"
    return not settings & _OTHER_PORT_SETTINGS


def _glib_unescape(value: str) -> tuple[str, str | None]:
    """Undo GLib's value escapes (``\\s``, ``\\n``, ``\\t``, ``\\r``, ``\\\\``).

    Any other escape, or a backslash ending the line, makes ``g_key_file_get_string``
    fail; the second item then says why (the first keeps the text as written).
    """
    problems: list[str] = []

    def one(match: re.Match[str]) -> str:
        if match[1] in _GLIB_ESCAPES:
            return _GLIB_ESCAPES[match[1]]
        problems.append(f"invalid escape sequence {match[0]!r}" if match[1] else "escape character at end of line")
        return match[0]

    text = _GLIB_ESCAPE.sub(one, value)
    return text, (problems[0] if problems else None)
