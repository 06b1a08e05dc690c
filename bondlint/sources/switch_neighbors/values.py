"""Values as switches print them, written as lldpd writes them (the host side's names).

A MAC address used as chassis or port ID becomes ``00:0c:29:7b:d2:a8``, ID subtypes and
capabilities take lldpd's names, addresses and numbers lose their trailing words, and
switch port names become the switch's long names (Junos names are kept as written).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

_NOT_ADVERTISED = re.compile(r"-?\s*not advertised", re.IGNORECASE)
_MAC = re.compile(
    r"(?:[0-9a-f]{4}\.){2}[0-9a-f]{4}|(?:[0-9a-f]{2}([:-]))(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}",
    re.IGNORECASE,
)

# Chassis/port ID subtypes as printed (text, lower-cased; eAPI JSON's camelCase
# lower-cased) -> lldpd's names.
_ID_TYPES = {
    "mac address": "mac",
    "interface name": "ifname",
    "locally assigned": "local",
    "local": "local",
    "interface alias": "ifalias",
    "network address": "ip",
    "macaddress": "mac",
    "interfacename": "ifname",
    "interfacealias": "ifalias",
    "networkaddress": "ip",
}
# Capability names and Cisco's one-letter codes -> lldpd's names (lower-case).
LLDP_CAPABILITIES = {
    "r": "router",
    "b": "bridge",
    "t": "tel",
    "c": "docsis",
    "w": "wlan",
    "p": "repeater",
    "s": "station",
    "o": "other",
    "router": "router",
    "bridge": "bridge",
    "telephone": "tel",
    "docsis cable device": "docsis",
    "wlan access point": "wlan",
    "repeater": "repeater",
    "station only": "station",
    "station": "station",
    "other": "other",
    "wlanaccesspoint": "wlan",  # eAPI JSON keys, lower-cased
    "stationonly": "station",
    "docsiscabledevice": "docsis",
}
# CDP capabilities read as lldpd reads them (cdp.c): Router is a router, any bridge or
# switch a bridge, and a device that is neither a station; IGMP, STP dispute and the
# like have no LLDP meaning.
_CDP_BRIDGES = frozenset({"switch", "trans-bridge", "source-route-bridge"})
_CAPABILITY_WORDS = 3  # the longest capability name, in words ("DOCSIS Cable Device")


def clean(value: str) -> str:
    """A value without padding or the one pair of quotes EOS puts around strings."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return value


def absent(value: str) -> bool:
    return not value or value == "-" or bool(_NOT_ADVERTISED.fullmatch(value))


def mac_or_text(value: str) -> str:
    """``000c.297b.d2a8``/``00-0C-29-…`` -> ``00:0c:29:7b:d2:a8``; anything else as is."""
    if not _MAC.fullmatch(value):
        return value
    digits = re.sub(r"[.:-]", "", value).lower()
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def id_type(value: str) -> str | None:
    """EOS ``MAC address (4)``/``Interface name(5)``, Junos ``Mac address``, eAPI
    ``macAddress`` -> lldpd's name."""
    text = value.strip()
    head, paren, number = text[:-1].rpartition("(")
    if text.endswith(")") and paren and number.strip().isdigit():
        text = head
    return _ID_TYPES.get(" ".join(text.lower().split()))


def split_at(value: str, label: str) -> tuple[str, str | None]:
    """``"x,  Label: y"`` -> (``x``, ``y``); (value, None) without the label.

    CDP prints two fields on one line; a plain search keeps this linear on any input.
    """
    at = value.lower().find(label)
    rest = value[at + len(label) :].lstrip() if at >= 0 else ""
    if not rest.startswith(":"):
        return value, None
    return value[:at].rstrip().rstrip(",").strip(), rest[1:].strip()


def ip(value: str) -> str | None:
    """The address of ``10.0.0.1`` or ``FE80::1 (link-local)``; None for a MAC or text."""
    first = value.split(maxsplit=1)[0] if value.split() else ""
    try:
        ipaddress.ip_address(first.split("%", 1)[0])
    except ValueError:
        return None
    return first


def number(value: str) -> str | None:
    """The leading number of ``9236 bytes`` or ``1``."""
    first = value.split(maxsplit=1)[0] if value.split() else ""
    return first if first.isdigit() else None


def capabilities(value: str, cdp: bool) -> str:
    """Enabled capabilities as lldpd names them, comma separated."""
    if cdp:  # "Router Switch IGMP": read as lldpd reads CDP
        flags = {word.lower() for word in value.split()}
        found = ["router"] if "router" in flags else []
        found += ["bridge"] if flags & _CDP_BRIDGES else []
        return ",".join(found or ["station"])
    # "B,R", "B, R", "Bridge, Router", Junos "Bridge WLAN Access Point Router Station Only"
    names: list[str] = []
    for part in value.split(","):
        words = part.lower().split()
        start = 0
        while start < len(words):
            mapped, size = _capability_at(words, start)
            if mapped and mapped not in names:
                names.append(mapped)
            start += size
    return ",".join(names)


def _capability_at(words: list[str], start: int) -> tuple[str | None, int]:
    """The longest capability name starting at ``words[start]`` and its length in words."""
    for size in range(min(_CAPABILITY_WORDS, len(words) - start), 0, -1):
        mapped = LLDP_CAPABILITIES.get(" ".join(words[start : start + size]))
        if mapped:
            return mapped, size
    return None, 1  # a word no capability starts with


# key -> how its value is written (capabilities depend on the protocol: see convert).
_CONVERTERS: dict[str, Callable[[str], str | None]] = {
    "chassis_id": mac_or_text,
    "port_id": mac_or_text,
    "chassis_id_type": id_type,
    "port_id_type": id_type,
    "mgmt_ip": ip,
    "entry_ip": ip,
    "pvid": number,
    "mfs": number,
}


def convert(key: str, value: str, cdp: bool) -> str | None:
    """``value`` of ``key`` as lldpd writes it; None when it is not one (a MAC as address)."""
    if key == "capabilities":
        return capabilities(value, cdp)
    converter = _CONVERTERS.get(key)
    return converter(value) if converter is not None else value


def canonical(name: str, junos: bool) -> str:
    """The switch's long interface name (``Eth1/1`` -> ``Ethernet1/1``); Junos as written."""
    if junos:
        return name
    from netutils.interface import canonical_interface_name

    try:
        return str(canonical_interface_name(name))
    except Exception:  # netutils may refuse a name it cannot split; keep it as written
        return name
