"""SARIF 2.1.0, built with the sarif-om object model, for GitHub code scanning and editors.

Artifact URIs are relative to the current directory (with ``uriBaseId`` ``%SRCROOT%``)
when the file is under it, so GitHub code scanning maps them onto the repository; a fleet
audit locates what it read inside a sosreport by host (``db04/proc/net/bonding/bond0``),
so an alert stays the same alert from one collection of the host to the next.
``partialFingerprints`` carry no line numbers, so a result keeps its identity when
unrelated lines move; GitHub reads only ``primaryLocationLineHash``, so the fingerprint is
written there too.  Suppressed and baselined findings are left out unless
``include_suppressed`` (they then carry SARIF ``suppressions``).  A finding gets SARIF
``fixes`` when the report holds the edits ``bondlint fix`` plans for it (``Report.fixes``).
What GitHub limits, and how each rule's texts are fitted to it, is in ``sarif_github``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bondlint.policies.engine import SEVERITY_RANK, Finding
from bondlint.reporters import FileEdit, Report, link_safe, printable
from bondlint.reporters.sarif_github import MAX_RESULTS_PER_RUN, SHOWN_LOCATIONS_PER_RESULT, rule_descriptor
from bondlint.sources.base import Location

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "bondlint/v1"
# Where this bondlint is installed (a file: URI): the tool's informationUri when no
# docs-url is configured (sarif-multitool's SARIF2005 asks for one).
PACKAGE_URI = Path(__file__).resolve().parent.parent.as_uri() + "/"
GITHUB_FINGERPRINT_KEY = "primaryLocationLineHash"
SRCROOT = "%SRCROOT%"
# GitHub shows 100 locations of a result: its location and 99 related ones.
MAX_RELATED = SHOWN_LOCATIONS_PER_RESULT - 1

# A shown path -> (its path inside the host's tree, the bundle it was read from), or None
# for a path outside every bundle (a switch configuration): Report.place.
Placer = Callable[[str], tuple[str, str] | None]


@dataclass(frozen=True, slots=True)
class _Run:
    """What every result of one log is written with."""

    om: Any
    rule_index: dict[str, int]
    include_suppressed: bool
    place: Placer | None
    # Each rule's fix summary (a file fix's SARIF description), and the edits by fingerprint.
    fix_summary: dict[str, str]
    fixes: Mapping[str, Sequence[FileEdit]]


def render(report: Report) -> str:
    """The SARIF log of ``report``."""
    import sarif_om as om

    policies = list(report.policies)
    summaries = {p.id: str(p.fix.get("summary", "")) for p in policies if p.fix}
    index = {p.id: i for i, p in enumerate(policies)}
    run = _Run(om, index, report.include_suppressed, report.place, summaries, report.fixes)
    shown = [f for f in report.result.findings if f.rule_id in run.rule_index and (run.include_suppressed or f.active)]
    kept = _within_limit(shown)
    invocations = None
    if len(kept) < len(shown):
        left_out = f"{len(shown) - len(kept)} of {len(shown)} results left out, the least severe"
        note = om.Notification(message=om.Message(text=f"{left_out}: GitHub takes at most {MAX_RESULTS_PER_RUN}"))
        invocations = [om.Invocation(execution_successful=True, tool_execution_notifications=[note])]
    sarif_run = om.Run(
        tool=om.Tool(
            driver=om.ToolComponent(
                name="bondlint",
                version=report.tool_version,
                semantic_version=report.tool_version,
                # The configured docs (docs-url); else the installed package itself, which
                # holds the rules it ran: no public home is published yet.
                information_uri=report.docs_url or PACKAGE_URI,
                rules=[rule_descriptor(om, p, report.docs_url) for p in policies],
            )
        ),
        original_uri_base_ids={SRCROOT: om.ArtifactLocation(uri=Path.cwd().resolve().as_uri() + "/")},
        invocations=invocations,
        results=[_result(run, f) for f in kept],
        column_kind="unicodeCodePoints",
    )
    log = om.SarifLog(version="2.1.0", schema_uri=SARIF_SCHEMA_URI, runs=[sarif_run])
    return json.dumps(_to_json(log), indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def _within_limit(findings: list[Finding]) -> list[Finding]:
    """At most ``MAX_RESULTS_PER_RUN`` findings (GitHub rejects a run with more): the
    most severe, in their order."""
    if len(findings) <= MAX_RESULTS_PER_RUN:
        return findings
    ranked = sorted(range(len(findings)), key=lambda i: -SEVERITY_RANK[findings[i].severity])
    return [findings[i] for i in sorted(ranked[:MAX_RESULTS_PER_RUN])]


def _result(run: _Run, finding: Finding) -> Any:
    om = run.om
    artifact, bundle = _artifact(run, finding.location.path, finding.host)
    related = [
        om.Location(
            id=number,
            physical_location=_physical(om, _artifact(run, item.location.path, finding.host)[0], item.location),
            message=om.Message(text=link_safe(item.message)),
        )
        for number, item in enumerate(finding.related[:MAX_RELATED], start=1)
    ]
    identity = fingerprint(finding, run.place)
    properties = {"host": finding.host, "entity": f"{finding.entity_kind}:{finding.entity_name}"}
    return om.Result(
        rule_id=finding.rule_id,
        rule_index=run.rule_index[finding.rule_id],
        level=finding.severity,
        message=om.Message(text=_linked_message(finding)),
        locations=[om.Location(physical_location=_physical(om, artifact, finding.location))],
        related_locations=related or None,
        partial_fingerprints={FINGERPRINT_KEY: identity, GITHUB_FINGERPRINT_KEY: identity},
        suppressions=_suppressions(run, finding) or None,
        baseline_state=finding.baseline_state,
        fixes=_fixes(run, finding),
        properties=properties if bundle is None else {**properties, "bundle": bundle},
    )


def fingerprint(finding: Finding, place: Placer | None) -> str:
    """The finding's fingerprint as every report shows it (SARIF, JSON, GitLab): where it
    was read in a bundle, with the file named by host, ``<host>/<path in the host's
    tree>`` (the bundle's name is not part of it: the next collection of the host matches)."""
    placed = place(finding.location.path) if place is not None else None
    if placed is None:
        return finding.fingerprint
    inside, bundle = placed
    return replace(finding, repository_path=f"{finding.host or bundle}/{inside}").fingerprint


def _suppressions(run: _Run, finding: Finding) -> list[Any]:
    """Why a finding that is reported anyway (``--include-suppressed``) does not count: a
    comment in the file (``inSource``, its reason), an entry of the suppressions file
    (``external``, its reason, at the entry), the baseline (``external``)."""
    om = run.om
    found = []
    entry = finding.suppressed_at
    if entry is not None:
        at = om.Location(physical_location=_physical(om, _artifact(run, entry.path, finding.host)[0], entry))
        found.append(om.Suppression(kind="external", justification=finding.suppressed or None, location=at))
    elif finding.suppressed is not None:
        found.append(om.Suppression(kind="inSource", justification=finding.suppressed or None))
    if finding.baseline_state == "unchanged":
        found.append(om.Suppression(kind="external", justification="accepted in the baseline (bondlint baseline)"))
    return found


def _fixes(run: _Run, finding: Finding) -> list[Any] | None:
    """The finding's fix as SARIF ``fixes`` (one fix: its edits, by file), when
    ``bondlint fix`` has one for it (Report.fixes); None otherwise."""
    om = run.om
    edits = run.fixes.get(finding.fingerprint, ())
    by_file: dict[str, list[Any]] = {}
    for edit in edits:
        region = om.Region(
            start_line=edit.start_line,
            start_column=edit.start_column,
            end_line=edit.end_line,
            end_column=edit.end_column,
        )
        content = om.ArtifactContent(text=edit.text)
        by_file.setdefault(printable(edit.path), []).append(
            om.Replacement(deleted_region=region, inserted_content=content)
        )
    if not by_file:
        return None
    changes = [
        om.ArtifactChange(artifact_location=_artifact(run, path, finding.host)[0], replacements=replacements)
        for path, replacements in by_file.items()
    ]
    summary = run.fix_summary.get(finding.rule_id)
    return [om.Fix(description=om.Message(text=link_safe(summary)) if summary else None, artifact_changes=changes)]


def _linked_message(finding: Finding) -> str:
    """The message, with each related location linked from it (``[leaf1.cfg:8](1)``):
    GitHub code scanning shows a related location only when the message links to it.
    Brackets and backslashes of the message itself are escaped, so nothing from an input
    reads as a link."""
    text = link_safe(finding.message) or finding.rule_name
    if not finding.related:
        return text
    shown = finding.related[:MAX_RELATED]
    links = ", ".join(f"[{_link_text(item.location)}]({number})" for number, item in enumerate(shown, start=1))
    more = len(finding.related) - len(shown)
    return f"{text} (see {links}" + (f" and {more} more" if more else "") + ")"


def _link_text(location: Location) -> str:
    return link_safe(f"{location.path.rsplit('/', 1)[-1]}:{location.line or 1}")


def _artifact(run: _Run, path: str, host: str) -> tuple[Any, str | None]:
    """The artifact location of ``path`` (inside a bundle: ``<host>/<path in the host's
    tree>``, as ``fingerprint`` names it), and the bundle it is in."""
    om = run.om
    placed = run.place(path) if run.place is not None else None
    if placed is not None:
        inside, bundle = placed
        name = host or bundle
        # The host is one path segment, whatever it holds ("/", "..").
        segment = quote(name, safe="") if name not in (".", "..") else name.replace(".", "%2E")
        uri = f"{segment}/{quote(inside, safe='/')}" if inside else segment
        return om.ArtifactLocation(uri=uri), bundle
    if path.startswith("/"):
        return om.ArtifactLocation(uri=Path(path).as_uri().replace("%21/", "!/")), None  # an archive member
    return om.ArtifactLocation(uri=quote(path, safe="/!"), uri_base_id=SRCROOT), None  # "!": an archive member


def _physical(om: Any, artifact: Any, location: Location) -> Any:
    return om.PhysicalLocation(artifact_location=artifact, region=om.Region(start_line=location.line or 1))


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
