"""SARIF 2.1.0, built with the sarif-om object model, for code scanning consumers.

Artifact URIs are relative to the current directory (with ``uriBaseId`` ``%SRCROOT%``)
when the file is under it, so GitHub code scanning maps them onto the repository.
``partialFingerprints`` carry no line numbers, so a result keeps its identity when
unrelated lines move.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bondlint.policies.engine import Finding
from bondlint.policies.loader import Policy
from bondlint.reporters import Report, link_safe
from bondlint.sources.base import Location

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/bondlint/bondlint"
FINGERPRINT_KEY = "bondlint/v1"
SRCROOT = "%SRCROOT%"


def rule_help_uri(policy: Policy) -> str:
    return f"{INFORMATION_URI}/blob/main/docs/rules/{policy.id}.md"


def render(report: Report) -> str:
    import sarif_om as om

    policies = list(report.policies)
    index = {p.id: i for i, p in enumerate(policies)}
    rules = [_rule(om, p) for p in policies]
    results = [_result(om, f, index[f.rule_id]) for f in report.result.findings if f.rule_id in index]
    run = om.Run(
        tool=om.Tool(
            driver=om.ToolComponent(
                name="bondlint",
                version=report.tool_version,
                semantic_version=report.tool_version,
                information_uri=INFORMATION_URI,
                rules=rules,
            )
        ),
        original_uri_base_ids={SRCROOT: om.ArtifactLocation(uri=Path.cwd().resolve().as_uri() + "/")},
        results=results,
        column_kind="unicodeCodePoints",
    )
    log = om.SarifLog(version="2.1.0", schema_uri=SARIF_SCHEMA_URI, runs=[run])
    return json.dumps(_to_json(log), indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def _rule(om: Any, policy: Policy) -> Any:
    references = "\n".join(f"- {url}" for url in policy.references)
    return om.ReportingDescriptor(
        id=policy.id,
        name=_pascal(policy.name),
        short_description=om.MultiformatMessageString(text=policy.title),
        full_description=om.MultiformatMessageString(text=policy.description),
        help=om.MultiformatMessageString(
            text=f"{policy.description}\n\nHow to fix:\n{policy.remediation}",
            markdown=(
                f"{policy.description}\n\n**How to fix**\n\n{policy.remediation}\n\n**References**\n\n{references}"
            ),
        ),
        help_uri=rule_help_uri(policy),
        default_configuration=om.ReportingConfiguration(level=policy.severity),
        properties={"tags": list(policy.tags), "bondlint-name": policy.name},
    )


def _pascal(name: str) -> str:
    # SARIF convention: rule names are PascalCase identifiers (SARIF2009).
    return "".join(part.capitalize() for part in name.split("-"))


def _result(om: Any, finding: Finding, rule_index: int) -> Any:
    related = [
        om.Location(
            id=number,
            physical_location=_physical(om, item.location),
            message=om.Message(text=link_safe(item.message)),
        )
        for number, item in enumerate(finding.related, start=1)
    ]
    return om.Result(
        rule_id=finding.rule_id,
        rule_index=rule_index,
        level=finding.severity,
        message=om.Message(text=_linked_message(finding)),
        locations=[om.Location(physical_location=_physical(om, finding.location))],
        related_locations=related or None,
        partial_fingerprints={FINGERPRINT_KEY: finding.fingerprint},
        suppressions=(
            [om.Suppression(kind="inSource", justification=finding.suppressed or None)]
            if finding.suppressed is not None
            else None
        ),
        baseline_state=finding.baseline_state,
        properties={"host": finding.host, "entity": f"{finding.entity_kind}:{finding.entity_name}"},
    )


def _linked_message(finding: Finding) -> str:
    """The message, with each related location linked from it (``[leaf1.cfg:8](1)``):
    GitHub code scanning shows a related location only when the message links to it.
    Brackets and backslashes of the message itself are escaped, so nothing from an input
    reads as a link."""
    text = link_safe(finding.message)
    if not finding.related:
        return text
    links = ", ".join(
        f"[{_link_text(item.location)}]({number})" for number, item in enumerate(finding.related, start=1)
    )
    return f"{text} (see {links})"


def _link_text(location: Location) -> str:
    return link_safe(f"{location.path.rsplit('/', 1)[-1]}:{location.line or 1}")


def _physical(om: Any, location: Location) -> Any:
    path = location.path
    if path.startswith("/"):
        artifact = om.ArtifactLocation(uri=Path(path).as_uri().replace("%21/", "!/"))  # an archive member
    else:
        artifact = om.ArtifactLocation(uri=quote(path, safe="/!"), uri_base_id=SRCROOT)  # "!": an archive member
    region = om.Region(start_line=location.line or 1)
    return om.PhysicalLocation(artifact_location=artifact, region=region)


def _to_json(node: Any) -> Any:
    """sarif-om objects -> JSON, using each attribute's SARIF property name.

    sarif-om is a plain attrs object model with no serializer of its own.  Attributes left
    at their default are omitted: SARIF defines the defaults (e.g. ``index: -1`` means
    "unset"), and writing them out makes validators warn.
    """
    import attr

    # Always written although "warning" is SARIF's default: consumers and readers expect it.
    explicit = {"level"}
    if attr.has(type(node)):
        out = {}
        for field in attr.fields(type(node)):
            value = getattr(node, field.name)
            if value is None or value is attr.NOTHING:
                continue
            if field.name not in explicit and field.default is not attr.NOTHING and value == field.default:
                continue
            out[field.metadata.get("schema_property_name", field.name)] = _to_json(value)
        return out
    if isinstance(node, dict):
        return {key: _to_json(value) for key, value in node.items()}
    if isinstance(node, (list, tuple)):
        return [_to_json(item) for item in node]
    return node
