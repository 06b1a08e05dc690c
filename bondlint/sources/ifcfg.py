"""``ifcfg-*`` files: RHEL initscripts / NetworkManager ifcfg-rh, and SUSE wicked.

The files are shell variable assignments.  A bond is ``TYPE=Bond``, ``BONDING_MASTER=yes``
or any ``BONDING_OPTS``; its options are the ``key=value`` words of ``BONDING_OPTS`` (SUSE:
``BONDING_MODULE_OPTS``, with the ports listed as ``BONDING_SLAVE_<n>`` on the bond).  A
RHEL port names its bond in ``MASTER=`` (or ``MASTER_UUID=``).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from bondlint.sources.base import (
    LAYER_INITSCRIPTS,
    LAYER_NETWORKMANAGER,
    LAYER_WICKED,
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
    DOTTED_VLAN,
    LIST_OPTIONS,
    DiagnosticLog,
    add_option,
    bad_line_message,
    numbered_lines,
    present,
)

FORMAT = "ifcfg"

# initscripts skips these editor and package-manager leftovers.
_BACKUP_SUFFIXES = ("~", ".bak", ".orig", ".rpmnew", ".rpmorig", ".rpmsave")
# NetworkManager's ifcfg-rh reader (shvar.c svParseBoolean), case-blind; initscripts'
# is_true/is_false take the same words.
_TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1"})
_FALSE_WORDS = frozenset({"no", "n", "false", "f", "0"})
# wicked (src/sysconfig.c ni_sysconfig_test_boolean), case-blind: nothing else is true.
_WICKED_TRUE_WORDS = frozenset({"yes", "true", "on"})

_ASSIGNMENT = re.compile(r"(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)")
# A blank run is tried from its start only and a word from its start only (the
# lookbehinds): the same matches as "\s+=\s*|=\s+" and "\S*(?:\s+=\s*|=\s+)\S*", in
# linear time (those retried every position of a long word or blank run: a 200 KB
# BONDING_OPTS line took minutes).
_SPACED_EQUALS = re.compile(r"(?<!\s)\s+=\s*|=\s+")
_SPACED_OPTION = re.compile(r"(?:(?<!\S)\S*)?(?:(?<!\s)\s+=\s*|=\s+)\S*")
# SUSE names ports BONDING_SLAVE_0, cloud-init's RHEL output BONDING_SLAVE0.
_PORT_LIST_KEY = re.compile(r"BONDING_SLAVE_?(\d*)")

_EXTRA_KEYS = frozenset(
    {
        "TYPE",
        "DEVICETYPE",
        "BONDING_MASTER",
        "BONDING_MODULE_OPTS",
        "SLAVE",
        "MASTER",
        "MASTER_UUID",
        "ONBOOT",
        "STARTMODE",
        "BOOTPROTO",
        "GATEWAY",
        "HWADDR",
        "MACADDR",
        "LLADDR",
        "BOND_PORT_QUEUE_ID",
        "BOND_PORT_PRIO",
        "AUTOCONNECT_PRIORITY",
        "AUTOCONNECT_SLAVES",
        "AUTOCONNECT_PORTS",
    }
)
_EXTRA_PREFIXES = ("IPADDR", "PREFIX", "NETMASK", "IPV6ADDR", "BONDING_SLAVE")


SOURCE = SourceFormat(
    name=FORMAT,
    describes="an ifcfg file",
    order=60,
    role="definition",
    tool="ifcfg",
    names=("ifcfg-*", "*/ifcfg-*"),
    telltales=(("ifcfg-*", "an ifcfg file"),),
    places=(
        Place("etc/sysconfig/network-scripts", ("ifcfg-*",), called="the ifcfg folder"),
        Place("etc/sysconfig/network", ("ifcfg-*",), called="the ifcfg folder"),
    ),
    hook=r"(^|/)ifcfg-[^/]+$",
    definition_rank=3,
)


def claims(path: PurePosixPath, head: str) -> bool:
    """``ifcfg-<name>`` files, except loopback and backup copies."""
    name = path.name
    return (
        name.startswith("ifcfg-")
        and name != "ifcfg-lo"
        and len(name) > len("ifcfg-")
        and not name.endswith(_BACKUP_SUFFIXES)
    )


def parse(text: str, path: str) -> ParseResult:
    """Read one ifcfg file; never raises."""
    log = DiagnosticLog(path)
    values: dict[str, Located[str]] = {}
    for number, raw in numbered_lines(text):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _ASSIGNMENT.fullmatch(line)
        if not match:
            log.add(number, bad_line_message(line, "a KEY=value assignment"))
            continue
        # One scraped sample HTML-escaped its double quotes.
        value, problem = shell_value(match[2].replace("&#34;", '"').replace("&quot;", '"'))
        if problem:
            log.add(number, f"{match[1]}: {problem}")
        values[match[1]] = Located(value, Location(path, number))  # bash: last one wins
    return ParseResult(facts=_facts(values, path, log), diagnostics=log.result())


def shell_value(raw: str) -> tuple[str, str | None]:
    """The value of a shell assignment's right-hand side, and a problem found, if any.

    Quotes are removed the way bash does; ``$`` expansions are kept literally.  An
    unquoted blank ends the value: a ``#`` after it starts a comment, anything else is
    text bash would run as a command.
    """
    out: list[str] = []
    i, end = 0, len(raw)
    while i < end:
        char = raw[i]
        if char in " \t":
            rest = raw[i:].strip()
            if rest and not rest.startswith("#"):
                return "".join(out), f"text after the value is ignored: {rest[:40]!r}"
            break
        if char == "$" and raw.startswith("$'", i):
            # bash ANSI-C quoting, which NetworkManager's ifcfg-rh reader also reads.
            text, i, closed = _ansi_c_quoted(raw, i + 2)
            out.append(text)
            if not closed:
                return "".join(out), "unterminated $'...' quote"
        elif char == "'":
            close = raw.find("'", i + 1)
            if close < 0:
                return "".join(out) + raw[i + 1 :], "unterminated single quote"
            out.append(raw[i + 1 : close])
            i = close + 1
        elif char == '"':
            text, i, closed = _double_quoted(raw, i + 1)
            out.append(text)
            if not closed:
                return "".join(out), "unterminated double quote"
        else:
            if char == "\\" and i + 1 < end:
                i += 1
            out.append(raw[i])
            i += 1
    return "".join(out), None


def _double_quoted(raw: str, i: int) -> tuple[str, int, bool]:
    """The text of a ``"..."`` word from after its opening quote: (text, end, closed).

    A backslash escapes only ``"``, ``\\``, ``$`` and a backquote, as in bash.
    """
    out: list[str] = []
    end = len(raw)
    while i < end and raw[i] != '"':
        if raw[i] == "\\" and i + 1 < end and raw[i + 1] in '"\\$`':
            i += 1
        out.append(raw[i])
        i += 1
    if i >= end:
        return "".join(out), i, False
    return "".join(out), i + 1, True


_ANSI_C_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}


def _ansi_c_quoted(raw: str, i: int) -> tuple[str, int, bool]:
    """The text of a ``$'...'`` word from after its opening quote: (text, end, closed)."""
    out: list[str] = []
    while i < len(raw):
        char = raw[i]
        if char == "'":
            return "".join(out), i + 1, True
        if char == "\\" and i + 1 < len(raw):
            following = raw[i + 1]
            out.append(_ANSI_C_ESCAPES.get(following, following if following in "\\'\"?" else "\\" + following))
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out), i, False


def _facts(values: dict[str, Located[str]], path: str, log: DiagnosticLog) -> list[Fact]:
    """The bond and/or port defined by one file's variables."""
    if not values:
        return []
    get = values.get
    device = present(values, "DEVICE")
    interface = device or _name_suffix(path)
    location = device.location if device else min(v.location for v in values.values())
    managed = get("NM_CONTROLLED")
    wicked = _is_wicked(values, path)
    if wicked:
        layer = LAYER_WICKED
    elif _lower(managed) in _FALSE_WORDS:
        layer = LAYER_INITSCRIPTS
    else:
        layer = LAYER_NETWORKMANAGER  # RHEL 7+: NetworkManager reads ifcfg via ifcfg-rh
    extra = {key: value for key, value in values.items() if key in _EXTRA_KEYS or key.startswith(_EXTRA_PREFIXES)}
    kinds = {_lower(get("TYPE")), _lower(get("DEVICETYPE"))}
    facts: list[Fact] = []
    if kinds & {"team", "teamport"}:
        # teamd, not the bonding driver: recorded so a policy can point at it.
        role = "team" if "team" in kinds else "port"
        name = interface or Located("?", location)  # neither DEVICE= nor an ifcfg-<name> file name
        return [TeamDefinition(format=FORMAT, location=location, name=name, role=role)]
    options_key = "BONDING_MODULE_OPTS" if wicked else "BONDING_OPTS"
    opts = present(values, options_key)
    master_word = _lower(get("BONDING_MASTER"))
    bonding_master = master_word in (_WICKED_TRUE_WORDS if wicked else _TRUE_WORDS)
    # wicked: a file with bond ports or options but no BONDING_MASTER='yes' is still
    # meant as a bond (and wicked does not create it: the model says so).
    port_names = _port_list(values) if wicked else []
    if "bond" in kinds or bonding_master or opts or port_names:
        master_at = values["BONDING_MASTER"].location if "BONDING_MASTER" in values else location
        extra["bonding_master"] = Located("yes" if bonding_master else "no", master_at)
        facts.append(
            BondDefinition(
                format=FORMAT,
                layer=layer,
                location=location,
                interface=interface,
                profile_id=present(values, "NAME"),
                uuid=present(values, "UUID"),
                options=_bond_options(opts, options_key, log, layer) if opts else {},
                options_location=opts.location if opts else None,
                port_names=port_names,
                managed=managed,
                mtu=present(values, "MTU"),
                extra=dict(extra),
            )
        )
        del extra["bonding_master"]
    vlan = _vlan(values, interface, location, wicked)
    if vlan is not None:
        facts.append(vlan)
    # NetworkManager prefers MASTER_UUID; SLAVE=yes is optional for it.
    controller = present(values, "MASTER_UUID") or present(values, "MASTER")
    if controller is not None:
        facts.append(
            PortDefinition(
                format=FORMAT,
                layer=layer,
                location=location,
                controller=controller,
                interface=interface,
                profile_id=present(values, "NAME"),
                uuid=present(values, "UUID"),
                managed=managed,
                mtu=present(values, "MTU"),
                extra=dict(extra),
            )
        )
    return facts


_TRAILING_ID = re.compile(r"\D\S*?0*([0-9]{1,4})")


def _vlan(
    values: dict[str, Located[str]], interface: Located[str] | None, location: Location, wicked: bool
) -> VlanDefinition | None:
    """A VLAN file: RHEL ``VLAN=yes`` (initscripts, NetworkManager ifcfg-rh) with
    ``PHYSDEV=``/``VLAN_ID=`` or a ``DEVICE=<parent>.<id>`` name; SUSE ``ETHERDEVICE=``
    with ``VLAN_ID=`` or the name's trailing digits (ifcfg-vlan(5))."""
    if wicked:
        parent = present(values, "ETHERDEVICE")
        if parent is None:
            return None
    else:
        if _lower(values.get("VLAN")) not in _TRUE_WORDS and _lower(values.get("TYPE")) != "vlan":
            return None
        parent = present(values, "PHYSDEV")
    vid = present(values, "VLAN_ID")
    name = interface.value if interface is not None else ""
    dotted = DOTTED_VLAN.fullmatch(name)
    if parent is None and dotted is not None and interface is not None:
        parent = Located(dotted[1], interface.location)
    if vid is None and interface is not None:
        found = dotted or (_TRAILING_ID.fullmatch(name) if wicked or parent is not None else None)
        if found is not None:
            vid = Located(found[found.lastindex or 1], interface.location)
    if parent is None:
        return None
    return VlanDefinition(FORMAT, location, parent, vid, interface)


def _bond_options(
    opts: Located[str], key: str, log: DiagnosticLog, layer: str = LAYER_INITSCRIPTS
) -> dict[str, Located[str]]:
    """Kernel options from the words of ``BONDING_OPTS``, all located at its line.

    initscripts (``for arg in $BONDING_OPTS``) and wicked split at blanks and tabs;
    NetworkManager's ifcfg-rh reader splits at spaces only, so a tab glues two options
    into one value it then drops as invalid.
    """
    line = opts.location.line
    text = opts.value
    if layer == LAYER_NETWORKMANAGER and any(char in text for char in "\t\n\r\v\f"):
        log.add(
            line,
            f"{key} separates options with a tab or newline: NetworkManager splits at spaces only,"
            " so the option before it takes the rest as its value (and drops it as invalid)",
        )
        text = re.sub(r"[\t\n\r\v\f]+", "\x00", text)
    spaced = [match[0] for match in _SPACED_OPTION.finditer(text)]
    if spaced:
        # Read as meant, but say so: NetworkManager and initscripts split on blanks first.
        log.add(
            line,
            f"{key} has blanks around '=' in {', '.join(map(repr, spaced))}: read as options"
            " here, but NetworkManager and initscripts ignore them",
        )
        text = _SPACED_EQUALS.sub("=", text)
    options: dict[str, Located[str]] = {}
    for word in text.split():
        word = word.replace("\x00", "\t")  # NetworkManager: one word, as it reads it
        name, sep, value = word.partition("=")
        if not sep or not name:
            log.add(line, f"{key} word {word!r} is not key=value: dropped by NetworkManager")
        elif not value:
            log.add(line, f"{key} option {name!r} has no value: dropped by NetworkManager")
        else:
            if name in LIST_OPTIONS:
                # '+addr' is sysfs "add target" syntax; NetworkManager strips it and quotes.
                value = ",".join(part.strip("'\"").lstrip("+-") for part in value.split(","))
            add_option(options, name, Located(value, opts.location))
    return options


def _port_list(values: dict[str, Located[str]]) -> list[Located[str]]:
    """SUSE ``BONDING_SLAVE_<n>`` values in index order."""
    ports = []
    for key, value in values.items():
        match = _PORT_LIST_KEY.fullmatch(key)
        if match and value.value:
            index = int(match[1]) if match[1] else -1
            ports.append((index, value.location.line, value))
    return [value for _, _, value in sorted(ports, key=lambda item: item[:2])]


def _is_wicked(values: dict[str, Located[str]], path: str) -> bool:
    """SUSE layout: under /etc/sysconfig/network/, or wicked-only keys without RHEL ones."""
    parent = PurePosixPath(path).parent
    if parent.name == "network" and parent.parent.name == "sysconfig":
        return True
    if parent.name == "network-scripts":
        return False
    suse_keys = "BONDING_MODULE_OPTS" in values or "STARTMODE" in values
    return suse_keys and "BONDING_OPTS" not in values


def _name_suffix(path: str) -> Located[str] | None:
    """The interface named by the file name ``ifcfg-<name>`` (line 0: the whole file)."""
    name = PurePosixPath(path).name
    if name.startswith("ifcfg-") and len(name) > len("ifcfg-"):
        return Located(name[len("ifcfg-") :], Location(path))
    return None


def _lower(value: Located[str] | None) -> str:
    """A value compared case-insensitively ("" when unset)."""
    return value.value.strip().lower() if value is not None else ""
