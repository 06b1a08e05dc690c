"""The switch model's lookups: interface keys and channel members."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from netutils.constants import BASE_INTERFACES
from netutils.interface import canonical_interface_name

from bondlint.model.network import Switch, interface_key
from bondlint.sources.base import Located, Location, SwitchInterface

_TYPES = [*sorted(BASE_INTERFACES), "Foo", "eth", "x", ""]
_TAILS = st.from_regex(r"[0-9/.: a-z]{0,10}", fullmatch=True)


def _netutils_key(name: str) -> str:
    """What interface_key must equal: netutils' canonical name, lower case."""
    text = name.strip().replace(" ", "")
    return canonical_interface_name(text).lower()


@given(st.sampled_from(_TYPES), _TAILS, st.booleans())
def test_interface_key_is_netutils_canonical_name(kind: str, tail: str, lower: bool) -> None:
    name = (kind.lower() if lower else kind) + tail
    if name.strip().replace(" ", "")[:3].lower() in (
        "ge-",
        "xe-",
        "et-",
        "fe-",
        "mge",
    ) or name.strip().lower().startswith("ae"):
        return  # Junos names: units name the port (below)
    assert interface_key(name) == _netutils_key(name)


def test_interface_key_examples() -> None:
    assert interface_key("Gi1/0/11") == interface_key("GigabitEthernet1/0/11") == "gigabitethernet1/0/11"
    assert interface_key("gigabitethernet 1/0/11") == "gigabitethernet1/0/11"
    assert interface_key("Eth1/1") == "ethernet1/1"
    assert interface_key("Po10") == "port-channel10"
    assert interface_key("xe-0/0/1.0") == "xe-0/0/1"
    assert interface_key("Ethernet1/1/1a") == "ethernet1/1/1a"  # a type netutils cannot split


def _port(name: str, group: str | None = None) -> SwitchInterface:
    where = Location("leaf1.cfg", 1)
    values = {"channel_group": Located(group, where)} if group else {}
    return SwitchInterface("cisco-cli", Located(name, where), where, None, values)


def test_channel_members_are_sorted_and_keyed_like_interfaces() -> None:
    switch = Switch(name="leaf1")
    for port in (
        _port("Ethernet1/3", "Port-channel10"),
        _port("Ethernet1/1", "Po10"),
        _port("Ethernet1/2", "Port-channel11"),
        _port("Ethernet1/4"),
    ):
        switch.interfaces[interface_key(port.name.value)] = port
    assert switch.channel_members("port-channel10") == ["Ethernet1/1", "Ethernet1/3"]
    assert switch.channel_members("Po11") == ["Ethernet1/2"]
    assert switch.channel_members("Port-channel12") == []
    # Callers get their own list: changing it leaves the switch's index alone.
    switch.channel_members("Po10").append("Ethernet9/9")
    assert switch.channel_members("Po10") == ["Ethernet1/1", "Ethernet1/3"]
