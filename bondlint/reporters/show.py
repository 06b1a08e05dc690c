"""``bondlint show``: what bondlint read and the model the policies judge, with origins.

Per host: the inputs read (format and the tool that applies each), the files that looked
like network configuration but were not read, and why these files are one host; per
entity (bond, port, team, host, input): every value of the JSON view the policies
evaluate, each with its origin — the ``file:line`` it was read from, the sentence saying
which default applied, or "derived" for values the model computes. The JSON form is
exactly that view plus an ``origins`` map from JSON pointer to origin.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bondlint.discovery import display_path
from bondlint.model.entity import Entity, pointer
from bondlint.reporters import printable
from bondlint.results import GroupSummary, ScanResult

# Entity kinds in the order a reader wants them: the bond first, its evidence after.
_KIND_ORDER = {"bond": 0, "port": 1, "team": 2, "host": 3, "input": 4, "suppression": 5}


def selected(result: ScanResult, host: str | None, bond: str | None) -> tuple[list[GroupSummary], list[Entity]]:
    """The groups and entities ``--host``/``--bond`` keep (a bond filter keeps that bond's
    entity and its ports' profiles)."""
    groups = [g for g in result.groups if host is None or g.name == host]
    names = {g.name for g in groups}
    entities = [e for e in result.entities if e.host in names]
    if bond is not None:
        entities = [
            e
            for e in entities
            if (e.kind == "bond" and e.name == bond) or (e.kind == "port" and e.view.get("bond") == bond)
        ]
        hosts_with_bond = {e.host for e in entities}
        groups = [g for g in groups if g.name in hosts_with_bond]
    entities.sort(key=lambda e: (e.host, _KIND_ORDER.get(e.kind, 9), e.name))
    return groups, entities


def origins(entity: Entity) -> dict[str, str]:
    """JSON pointer -> origin of every value in the entity's view (leaves and objects)."""
    found: dict[str, str] = {}
    sentences = entity.view.get("effective", {}).get("origin", {}) if entity.kind == "bond" else {}

    def walk(node: Any, segments: tuple[str | int, ...]) -> None:
        path = pointer(*segments)
        sentence = sentences.get(segments[1]) if len(segments) == 2 and segments[0] == "effective" else None
        if entity.has_location(path):
            where = _shown(entity.locations[path])
            found[path] = f"{sentence} ({where})" if sentence else where
        elif sentence:
            found[path] = str(sentence)
        elif segments and not isinstance(node, (dict, list)):
            # No line of its own: the record it belongs to (a port profile), else computed.
            ancestors = [pointer(*segments[:n]) for n in range(len(segments) - 1, 0, -1)]
            holder = next((a for a in ancestors if entity.has_location(a)), None)
            found[path] = f"from {_shown(entity.locations[holder])}" if holder else "derived"
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, (*segments, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, (*segments, index))

    walk(entity.view, ())
    return found


def _shown(where: Any) -> str:
    return f"{where.path}:{where.line}" if where.line else where.path


def _applying_tools(entities: list[Entity]) -> dict[str, str]:
    """Input file -> the tool that applies what it defines (NetworkManager, initscripts …)."""
    tools: dict[str, str] = {}
    for entity in entities:
        config = entity.view.get("config", {})
        for item in [*entity.view.get("definitions", []), *config.get("port_definitions", [])]:
            if isinstance(item, dict) and item.get("file") and item.get("applied_by"):
                tools.setdefault(item["file"], item["applied_by"])
    return tools


def render_json(result: ScanResult, host: str | None = None, bond: str | None = None) -> str:
    groups, entities = selected(result, host, bond)
    tools = _applying_tools(entities)
    document = {
        "hosts": [
            {
                "name": group.name,
                "root": group.root,
                "sosreport": group.sosreport,
                **dict(zip(("grouped_by", "named_by"), group.explained(), strict=True)),
                "inputs": [
                    {"path": i.path, "format": i.format, "applied_by": tools.get(i.path)}
                    for i in sorted(group.inputs, key=lambda i: i.path)
                    if i.format
                ],
                "not_read": [
                    {"path": i.path, "why": i.unread} for i in sorted(group.inputs, key=lambda i: i.path) if i.unread
                ],
                "entities": [
                    {"kind": e.kind, "name": e.name, "view": e.view, "origins": origins(e)}
                    for e in entities
                    if e.host == group.name
                ],
            }
            for group in groups
        ],
        "switches": sorted(result.switches),
    }
    return json.dumps(_printable(document), indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"


def _printable(node: Any) -> Any:
    """Every string of a JSON document made printable (input-derived names and values)."""
    if isinstance(node, str):
        return printable(node)
    if isinstance(node, dict):
        return {printable(str(k)): _printable(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return [_printable(v) for v in node]
    return node


def render_text(result: ScanResult, host: str | None = None, bond: str | None = None) -> str:
    groups, entities = selected(result, host, bond)
    tools = _applying_tools(entities)
    lines: list[str] = []
    for group in groups:
        # Paths inside the host's folder are shown relative to it.
        root = display_path(Path(group.root))
        prefix = "" if root in (".", "") else root.rstrip("/") + "/"
        short = _shortener(prefix)

        lines.append(f"host {group.name}")
        lines.append(f"  folder: {root} (paths below are relative to it)" if prefix else f"  folder: {root}")
        grouped_by, named_by = group.explained()
        lines.append(f"  grouped: {grouped_by}")
        lines.append(f"  named by: {named_by}")
        read = [i for i in sorted(group.inputs, key=lambda i: i.path) if i.format]
        lines.append(f"  inputs read ({len(read)}):")
        for item in read:
            tool = f", applied by {tools[item.path]}" if item.path in tools else ""
            lines.append(f"    {short(item.path)}  [{item.format}{tool}]")
        unread = [i for i in sorted(group.inputs, key=lambda i: i.path) if i.unread]
        if unread:
            lines.append(f"  not read ({len(unread)}):")
            lines.extend(f"    {short(item.path)}: {item.unread}" for item in unread)
        for entity in (e for e in entities if e.host == group.name):
            lines.append("")
            lines.append(f"  {entity.kind} {entity.name}")
            where = origins(entity)
            for path, value in _leaves(entity.view, ()):
                shown = path.lstrip("/")
                origin = short(where.get(path, "derived"))
                lines.append(f"    {shown} = {short(_text(value))}    ({origin})")
        lines.append("")
    if result.switches:
        lines.append(f"switches read: {', '.join(sorted(result.switches))}")
    return "\n".join(printable(line) for line in lines).rstrip("\n") + "\n"


def _shortener(prefix: str) -> Callable[[str], str]:
    """Paths inside the host's folder (``prefix``) shown relative to it."""

    def short(text: str) -> str:
        return text.replace(prefix, "") if prefix else text

    return short


def _leaves(node: Any, segments: tuple[str | int, ...]) -> Iterator[tuple[str, Any]]:
    """Every leaf of the view (empty objects and lists count as leaves), in view order;
    the effective layer's ``origin`` sentences are shown beside their values instead."""
    if segments == ("effective", "origin"):
        return
    if isinstance(node, dict) and node:
        for key, value in node.items():
            yield from _leaves(value, (*segments, key))
    elif isinstance(node, list) and node and any(isinstance(v, (dict, list)) for v in node):
        for index, value in enumerate(node):
            yield from _leaves(value, (*segments, index))
    elif segments:
        yield pointer(*segments), node


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{}"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
