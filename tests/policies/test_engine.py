"""The engine's grouping of failures into findings, and what related locations say."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from bondlint.model.entity import Entity
from bondlint.policies.engine import _missing, _subject, describe_evidence
from bondlint.sources.base import Location


def _required_errors(schema: dict, instance: dict) -> list:
    return list(Draft202012Validator(schema).iter_errors(instance))


def test_each_missing_property_is_its_own_subject() -> None:
    errors = _required_errors({"required": ["primary", "primary_reselect", "mode"]}, {"mode": "active-backup"})
    assert sorted(_missing(error) for error in errors) == ["primary", "primary_reselect"]
    assert sorted(_subject("/config/options", _missing(error)) for error in errors) == ["/primary", "/primary_reselect"]


def test_a_missing_key_and_a_runtime_value_share_a_subject() -> None:
    (error,) = _required_errors({"required": ["primary"]}, {})
    assert _subject("/config/options", _missing(error)) == _subject("/runtime/primary") == "/primary"
    # A layer that is missing altogether is about that layer, not about everything.
    (whole,) = _required_errors({"required": ["options"]}, {})
    assert _subject("/config", _missing(whole)) == "/options"
    assert _subject("") == ""


def _entity() -> Entity:
    entity = Entity(kind="bond", host="db07", name="bond0", anchor=Location("bond0.nmconnection", 1))
    entity.put(("mode",), "active-backup", Location("bond0.nmconnection", 7))
    port = {
        "switch": "leaf2",
        "interface": "GigabitEthernet1/0/11",
        "short": "Gi1/0/11",
        "port": "eno2",
        "configured": True,
        "switch_configured": True,
        "vlans": "access vlan 201",
        "channel": None,
        "lacp_rate": "slow",
        "edge": False,
        "stp": True,
        "mtu": 1500,
        "shutdown": True,
    }
    entity.put(("switch_ports",), [port], Location("leaf2.cfg", 21))
    return entity


def test_related_locations_say_what_is_there() -> None:
    entity = _entity()
    fallback = "the finding's message"
    assert describe_evidence(entity, "/mode", fallback) == "db07 bond0: mode active-backup"
    assert (
        describe_evidence(entity, "/switch_ports/0/port", fallback) == "db07 bond0 port eno2 (cabled to leaf2 Gi1/0/11)"
    )
    assert (
        describe_evidence(entity, "/switch_ports/0/vlans", fallback)
        == "leaf2 Gi1/0/11 (host port eno2): access vlan 201"
    )
    assert describe_evidence(entity, "/switch_ports/0", fallback) == (
        "leaf2 Gi1/0/11 (host port eno2): access vlan 201, channel none, shut down"
    )
    # A compared value (a comparison fails at the switch value it compares) shows itself.
    assert describe_evidence(entity, "/switch_ports/0/lacp_rate", fallback).endswith(": lacp rate slow")
    assert describe_evidence(entity, "/switch_ports/0/mtu", fallback).endswith(": mtu 1500")
    assert describe_evidence(entity, "/switch_ports/0/edge", fallback).endswith(": edge no")
    assert describe_evidence(entity, "/switch_ports/0/switch_configured", fallback).endswith(": switch configured yes")
    # A host-side value: named by its key (and its port); an object, or a path the view
    # does not have: the finding's own message.
    entity.put(("runtime", "ports"), [{"name": "eno1", "carrier": "down", "actor_lacp": {"port_state": 79}}])
    assert describe_evidence(entity, "/runtime/ports/0/carrier", fallback) == "bond0 port eno1: carrier down"
    assert (
        describe_evidence(entity, "/runtime/ports/0/actor_lacp/port_state", fallback)
        == "bond0 port eno1: actor lacp port state 79"
    )
    assert describe_evidence(entity, "/runtime/ports/0", fallback) == fallback
    assert describe_evidence(entity, "/config/options/miimon", fallback) == fallback
    assert describe_evidence(entity, "/switch_ports/7", fallback) == fallback


def test_item_fields_name_the_array_element_of_the_failing_value() -> None:
    from bondlint.model.entity import Entity
    from bondlint.policies.engine import render
    from bondlint.sources.base import Location

    entity = Entity(kind="bond", host="h", name="bond0", anchor=Location("f", 1))
    entity.put(("config", "port_definitions"), [{"name": "eno1", "managed": "yes"}, {"name": "eno2"}])
    template = "port {item.name} managed={item.managed}"
    # Failing at a key of the element, or at the element itself (a missing key): same port.
    assert render(template, entity, "/config/port_definitions/0/managed") == "port eno1 managed=yes"
    assert render(template, entity, "/config/port_definitions/1") == "port eno2 managed=unset"
    assert render("{item.name}", entity, "/config") == "unset"


def _compare_policy(require: dict, **extra):  # -> CompiledPolicy
    from bondlint.policies.engine import CompiledPolicy
    from bondlint.policies.loader import Policy

    return CompiledPolicy(
        Policy(
            id="XX001",
            name="compare-test",
            severity="warning",
            title="t",
            description="d",
            remediation="r",
            references=(),
            tags=(),
            applies_to="bond",
            when={},
            require=require,
            locate=(),
            related=(),
            message="{key} {value}",
            examples=(),
            source="x.yaml",
            **extra,
        )
    )


def test_compare_two_values_of_the_view_with_a_parameter_and_arithmetic() -> None:
    entity = Entity(kind="bond", host="h", name="bond0", anchor=Location("b", 1))
    entity.put(("host_mtu",), 9000, Location("b", 3))
    entity.put(("effective",), {"updelay": 200})
    entity.put(
        ("switch_ports",),
        [{"payload_mtu": 1500, "mtu": 1500, "forwarding_delay": 30}, {"payload_mtu": 9216, "mtu": 9216}],
    )
    entity.mark(("switch_ports", 0, "mtu"), Location("leaf1.cfg", 12))
    mtu = {
        "properties": {
            "switch_ports": {
                "items": {"compare": {"left": "payload_mtu", "op": ">=", "right": "/host_mtu", "at": "mtu"}}
            }
        }
    }
    [finding] = _compare_policy(mtu).evaluate(entity)
    assert finding.location == Location("leaf1.cfg", 12) and finding.message == "mtu 1500"
    # The forwarding delay in seconds against updelay in ms, first-present operand list.
    stp = {
        "properties": {
            "switch_ports": {
                "items": {
                    "compare": {
                        "left": {"value": "forwarding_delay", "times": 1000},
                        "op": "<=",
                        "right": ["/effective/updelay", "/runtime/updelay", 0],
                    }
                }
            }
        }
    }
    assert len(_compare_policy(stp).evaluate(entity)) == 1
    entity.view["effective"]["updelay"] = 30000
    assert _compare_policy(stp).evaluate(entity) == []
    # An absent side is no evidence.
    del entity.view["host_mtu"]
    assert _compare_policy(mtu).evaluate(entity) == []


def test_related_takes_a_wildcard() -> None:
    from bondlint.policies.engine import expand_wildcards

    entity = _entity()
    entity.view["switch_ports"].append(dict(entity.view["switch_ports"][0], port="eno3"))
    assert expand_wildcards(entity, "/switch_ports/*/port") == ["/switch_ports/0/port", "/switch_ports/1/port"]
    assert expand_wildcards(entity, "/mode") == ["/mode"]


def test_compare_membership_with_a_projection_of_every_element() -> None:
    entity = Entity(kind="bond", host="h", name="bond0", anchor=Location("b", 1))
    entity.put(("runtime",), {"primary": "eth0", "ports": [{"name": "eno1"}, {"name": "eno2"}]})
    entity.mark(("runtime", "primary"), Location("proc", 4))
    member = {"properties": {"runtime": {"compare": {"left": "primary", "op": "in", "right": "/runtime/ports/*/name"}}}}
    [finding] = _compare_policy(member).evaluate(entity)
    assert finding.location == Location("proc", 4) and finding.message == "primary eth0"
    entity.view["runtime"]["primary"] = "eno2"
    assert _compare_policy(member).evaluate(entity) == []


def test_compare_within_vlans_fails_each_vlan_at_its_own_line() -> None:
    entity = Entity(kind="bond", host="h", name="bond0", anchor=Location("b", 1))
    entity.put(("switch_ports",), [{"host_vlans": [100, 200, "untagged"], "may_carry_vlans": "1-150,untagged"}])
    entity.mark(("switch_ports", 0, "host_vlans", 1), Location("bond0.200.nmconnection", 3))
    rule = {
        "properties": {
            "switch_ports": {
                "items": {"compare": {"left": "host_vlans", "op": "within-vlans", "right": "may_carry_vlans"}}
            }
        }
    }
    [finding] = _compare_policy(rule).evaluate(entity)
    assert finding.location == Location("bond0.200.nmconnection", 3) and finding.message == "1 200"
    entity.view["switch_ports"][0]["may_carry_vlans"] = "1-4094"  # untagged dropped, both VLANs carried
    assert [f.message for f in _compare_policy(rule).evaluate(entity)] == ["2 untagged"]
