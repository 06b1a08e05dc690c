"""One host: its bonds with persisted config, effective values and runtime side by side.

This is the combiner stage: it takes the facts every parser produced for one host and
joins them (a port profile to its bond however it names it, a kernel dump to the
definition of the same device) into entities whose JSON views policies judge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bondlint.model.effective import resolve
from bondlint.model.entity import Entity
from bondlint.model.options import INTEGER_OPTIONS, normalize_option
from bondlint.sources.base import (
    BondDefinition,
    BondRuntime,
    Diagnostic,
    Fact,
    Location,
    PortDefinition,
    PortRuntime,
)

# When several files define one bond, the first format here is the one reported as
# "the config" (the file an operator edits); the others stay listed as definitions.
DEFINITION_PRECEDENCE = ("nm-keyfile", "ifcfg", "nmcli-connection")

RUNTIME_INTEGERS = frozenset(
    {"miimon", "updelay", "downdelay", "peer_notif_delay", "arp_interval", "arp_missed_max"}
)
RUNTIME_PORT_INTEGERS = frozenset(
    {"link_failure_count", "queue_id", "actor_churned_count", "partner_churned_count"}
)
LACP_INTEGERS = frozenset(
    {"min_links", "system_priority", "number_of_ports", "actor_key", "partner_key"}
)


@dataclass(slots=True)
class InputRecord:
    """One input file as the pipeline saw it: its format (None = not ours) and problems."""

    path: str
    format: str | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(slots=True)
class HostFacts:
    """Everything read for one host, before joining."""

    name: str
    facts: list[Fact] = field(default_factory=list)
    inputs: list[InputRecord] = field(default_factory=list)


def build_entities(host: HostFacts) -> list[Entity]:
    """The entities policies judge for ``host``: its bonds, then inputs with problems."""
    entities = _bond_entities(host)
    for record in sorted(host.inputs, key=lambda r: r.path):
        if record.diagnostics:
            entities.append(_input_entity(host.name, record))
    return entities


def _definition_name(definition: BondDefinition) -> str:
    for candidate in (definition.interface, definition.profile_id):
        if candidate is not None and candidate.value:
            return candidate.value
    return "?"


def _bond_entities(host: HostFacts) -> list[Entity]:
    definitions: dict[str, list[BondDefinition]] = {}
    runtimes: dict[str, BondRuntime] = {}
    ports: list[PortDefinition] = []
    for fact in host.facts:
        if isinstance(fact, BondDefinition):
            definitions.setdefault(_definition_name(fact), []).append(fact)
        elif isinstance(fact, BondRuntime):
            runtimes.setdefault(fact.name.value, fact)
        elif isinstance(fact, PortDefinition):
            ports.append(fact)

    controller_names = _controller_index(definitions)
    ports_by_bond: dict[str, list[PortDefinition]] = {}
    for port in ports:
        bond = controller_names.get(port.controller.value, port.controller.value)
        ports_by_bond.setdefault(bond, []).append(port)

    entities = []
    for name in sorted(set(definitions) | set(runtimes)):
        entity = Entity(kind="bond", host=host.name, name=name, anchor=Location(""))
        entity.put(("kind",), "bond")
        entity.put(("host",), host.name)
        entity.put(("name",), name)
        if name in definitions:
            ordered = sorted(definitions[name], key=_precedence)
            _put_config(entity, ordered[0], ports_by_bond.get(name, []))
            entity.put(("definitions",), [d.location.path for d in ordered])
        if name in runtimes:
            _put_runtime(entity, runtimes[name])
        entity.anchor = entity.locate("/config") if name in definitions else entity.locate("/runtime")
        entities.append(entity)
    return entities


def _precedence(definition: BondDefinition) -> tuple[int, str]:
    try:
        rank = DEFINITION_PRECEDENCE.index(definition.format)
    except ValueError:
        rank = len(DEFINITION_PRECEDENCE)
    return rank, definition.location.path


def _controller_index(definitions: dict[str, list[BondDefinition]]) -> dict[str, str]:
    """Every way a port may name its bond (interface, profile id, UUID) -> bond name."""
    index: dict[str, str] = {}
    for name, found in definitions.items():
        for definition in found:
            for ref in (definition.interface, definition.profile_id, definition.uuid):
                if ref is not None and ref.value:
                    index.setdefault(ref.value, name)
    return index


def _put_config(entity: Entity, definition: BondDefinition, ports: list[PortDefinition]) -> None:
    options_at = definition.options_location or definition.location
    entity.put(("config", "format"), definition.format, definition.location)
    entity.mark(("config",), definition.location)
    entity.put(("config", "applied_by"), definition.layer)
    entity.put(("config", "file"), definition.location.path)
    for key, ref in (("profile_id", definition.profile_id), ("uuid", definition.uuid)):
        if ref is not None:
            entity.put(("config", key), ref.value, ref.location)
    if definition.managed is not None:
        entity.put(("config", "managed"), definition.managed.value, definition.managed.location)

    options: dict[str, Any] = {}
    entity.put(("config", "options"), options, options_at)
    invalid: dict[str, Any] = {}
    for key, raw in sorted(definition.options.items()):
        normal = normalize_option(key, raw.value)
        if normal.problem is None:
            options[key] = normal.value
        else:
            invalid[key] = {"value": raw.value, "problem": normal.problem}
            entity.mark(("config", "invalid_options", key), raw.location)
        entity.mark(("config", "options", key), raw.location)
    entity.put(("config", "invalid_options"), invalid, options_at)

    port_names: list[str] = []
    for port in sorted(ports, key=lambda p: (p.location.path, p.location.line)):
        port_name = _port_name(port)
        if port_name not in port_names:
            entity.mark(("config", "ports", len(port_names)), port.controller.location)
            port_names.append(port_name)
    for listed in definition.port_names:
        if listed.value not in port_names:
            entity.mark(("config", "ports", len(port_names)), listed.location)
            port_names.append(listed.value)
    entity.put(("config", "ports"), port_names, definition.location)

    effective = resolve(definition.layer, options)
    entity.put(("effective", "described_as"), f"the persisted configuration as {definition.layer} applies it")
    entity.put(("effective", "applied_by"), definition.layer)
    entity.mark(("effective",), options_at)
    for key, value in effective.items():
        written = definition.options.get(value.option) if value.option else None
        entity.put(("effective", key), value.value, written.location if written else options_at)
        entity.put(("effective", "origin", key), value.origin)


def _port_name(port: PortDefinition) -> str:
    for candidate in (port.interface, port.profile_id):
        if candidate is not None and candidate.value:
            return candidate.value
    return port.location.path


def _put_runtime(entity: Entity, runtime: BondRuntime) -> None:
    entity.put(("runtime", "described_as"), "the running kernel")
    entity.put(("runtime", "origin"), {"miimon": "as the kernel reports it"})
    entity.put(("runtime", "format"), runtime.format, runtime.location)
    entity.mark(("runtime",), runtime.location)
    entity.put(("runtime", "file"), runtime.location.path)
    for key, found in sorted(runtime.values.items()):
        entity.put(("runtime", key), _runtime_value(key, found.value, RUNTIME_INTEGERS), found.location)
    # /proc prints the ARP line only when ARP monitoring is on: with the MII line present,
    # its absence is evidence of arp_interval=0; without it (a fragment) we know nothing.
    if "arp_interval" not in runtime.values and "miimon" in runtime.values:
        entity.put(("runtime", "arp_interval"), 0, runtime.values["miimon"].location)
    if runtime.lacp:
        for key, found in sorted(runtime.lacp.items()):
            entity.put(("runtime", "lacp", key), _runtime_value(key, found.value, LACP_INTEGERS), found.location)
    entity.put(("runtime", "ports"), [], runtime.location)
    for index, port in enumerate(runtime.ports):
        entity.view["runtime"]["ports"].append(_runtime_port(entity, index, port))


def _runtime_port(entity: Entity, index: int, port: PortRuntime) -> dict[str, Any]:
    view: dict[str, Any] = {"name": port.name.value}
    entity.mark(("runtime", "ports", index), port.name.location)
    entity.mark(("runtime", "ports", index, "name"), port.name.location)
    for key, found in sorted(port.values.items()):
        view[key] = _runtime_value(key, found.value, RUNTIME_PORT_INTEGERS)
        entity.mark(("runtime", "ports", index, key), found.location)
    for block, values in (("actor_lacp", port.actor_lacp), ("partner_lacp", port.partner_lacp)):
        if values:
            view[block] = {}
            for key, found in sorted(values.items()):
                view[block][key] = _integer_or_text(found.value) if key != "system_mac" else found.value
                entity.mark(("runtime", "ports", index, block, key), found.location)
    return view


def _runtime_value(key: str, text: str, integers: frozenset[str]) -> Any:
    if key in ("arp_ip_target", "ns_ip6_target"):
        return [t for t in text.split(",") if t]
    if key in ("active_port", "primary") and text == "":
        return None
    if key == "speed":
        return _integer_or_text(text)
    if key in integers or key in INTEGER_OPTIONS:
        return _integer_or_text(text)
    return text


def _integer_or_text(text: str) -> Any:
    stripped = text.strip()
    return int(stripped) if stripped.isdigit() else stripped


def _input_entity(host: str, record: InputRecord) -> Entity:
    first = record.diagnostics[0].location if record.diagnostics else Location(record.path)
    entity = Entity(kind="input", host=host, name=record.path, anchor=first)
    entity.put(("kind",), "input")
    entity.put(("host",), host)
    entity.put(("path",), record.path, Location(record.path))
    entity.put(("format",), record.format)
    entity.put(("diagnostics",), [], first)
    for index, diagnostic in enumerate(record.diagnostics):
        entity.view["diagnostics"].append({"message": diagnostic.message, "line": diagnostic.location.line})
        entity.mark(("diagnostics", index), diagnostic.location)
    return entity
