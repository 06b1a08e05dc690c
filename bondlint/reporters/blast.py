"""The blast radius per switch of a fleet audit: each switch failed in turn.

Each audited host brings back, per switch its bonds are cabled to, what losing that
switch does to each bond (``ScanResult.blast_radius``). Here they are added up per
switch: how many bonds survive (and the slowest to notice), how many carry on degraded,
which go dark (listed first: they are the outage) and how many are unknown. Switches
with the most dark bonds come first. Host, bond and switch names and the reasons come
from the inputs: text makes them printable, HTML escapes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from bondlint.reporters import plural, printable
from bondlint.results import BlastOutcome

# Dark bonds a text line names before "…" (the HTML page and the JSON list them all).
DARK_SHOWN = 5


@dataclass(slots=True)
class SwitchBlast:
    switch: str
    dark: list[BlastOutcome] = field(default_factory=list)
    degraded: list[BlastOutcome] = field(default_factory=list)
    survives: list[BlastOutcome] = field(default_factory=list)
    unknown: list[BlastOutcome] = field(default_factory=list)

    @property
    def bonds(self) -> int:
        return len(self.dark) + len(self.degraded) + len(self.survives) + len(self.unknown)

    @property
    def slowest(self) -> BlastOutcome | None:
        """The surviving bond that notices last (the longest detection time)."""
        timed = [o for o in self.survives if o.detection_ms is not None]
        return max(timed, key=lambda o: (o.detection_ms or 0, o.host, o.bond), default=None)


def per_switch(outcomes: list[BlastOutcome]) -> list[SwitchBlast]:
    """The outcomes added up per switch, the switches with the most dark bonds first."""
    found: dict[str, SwitchBlast] = {}
    for outcome in sorted(outcomes, key=lambda o: (o.switch, o.host, o.bond)):
        entry = found.setdefault(outcome.switch, SwitchBlast(outcome.switch))
        buckets = {"dark": entry.dark, "degraded": entry.degraded, "survives": entry.survives}
        buckets.get(outcome.outcome, entry.unknown).append(outcome)
    return sorted(found.values(), key=lambda s: (-len(s.dark), -len(s.degraded), -len(s.unknown), s.switch))


def _name(outcome: BlastOutcome) -> str:
    return f"{outcome.host} {outcome.bond}"


def _counts(entry: SwitchBlast) -> str:
    slowest = entry.slowest
    survive = f"{len(entry.survives)} survive" + (f" (slowest {slowest.detection_ms} ms)" if slowest else "")
    unknown = f", {len(entry.unknown)} unknown" if entry.unknown else ""
    return f"{len(entry.dark)} dark, {len(entry.degraded)} degraded, {survive}{unknown}"


def text_lines(outcomes: list[BlastOutcome]) -> list[str]:
    """The fleet summary's section: one line per switch (empty without outcomes)."""
    if not outcomes:
        return []
    lines = ["Blast radius per switch (each switch failed in turn):"]
    for entry in per_switch(outcomes):
        dark = ", ".join(_name(o) for o in entry.dark[:DARK_SHOWN]) + (", …" if len(entry.dark) > DARK_SHOWN else "")
        line = f"  {entry.switch:<20} {plural(entry.bonds, 'bond')}: {_counts(entry)}" + (
            f"  (dark: {dark})" if dark else ""
        )
        lines.append(printable(line))
    return lines


def _html_switch(entry: SwitchBlast) -> str:
    slowest = entry.slowest
    slow = (
        f"{slowest.detection_ms} ms ({escape(printable(_name(slowest)))})"
        if slowest is not None
        else ("no detection time" if entry.survives else "")
    )
    listed = "".join(
        f"<li><code>{escape(printable(_name(o)))}</code>: {escape(printable(o.reason))}</li>" for o in entry.dark
    )
    degraded = "".join(
        f"<li><code>{escape(printable(_name(o)))}</code>: {escape(printable(o.reason))}</li>" for o in entry.degraded
    )
    return (
        f'<tr><td class="switch">{escape(printable(entry.switch))}</td><td>{entry.bonds}</td>'
        f'<td class="dark" data-v="{len(entry.dark)}">{len(entry.dark)}'
        + (f'<ul class="dark-bonds">{listed}</ul>' if listed else "")
        + f'</td><td class="degraded" data-v="{len(entry.degraded)}">{len(entry.degraded)}'
        + (f'<details><summary>which</summary><ul class="degraded-bonds">{degraded}</ul></details>' if degraded else "")
        + f'</td><td class="survives" data-v="{len(entry.survives)}">{len(entry.survives)}</td>'
        f'<td class="slowest">{slow}</td><td class="unknown">{len(entry.unknown)}</td></tr>'
    )


def html_section(outcomes: list[BlastOutcome]) -> str:
    """The HTML page's section: a table, one row per switch, dark bonds listed first."""
    head = (
        '<h2 id="blast-radius">Blast radius per switch</h2>'
        "<p>Each switch failed in turn, as <code>bondlint simulate --fail SWITCH</code> does: "
        "what happens to every bond cabled to it.</p>"
    )
    if not outcomes:
        return head + (
            '<p id="blast-none">No bond is cabled to a known switch (LLDP in the captures, '
            "or <code>--network</code> switch configurations and wiring).</p>"
        )
    rows = "".join(_html_switch(entry) for entry in per_switch(outcomes))
    return head + (
        '<table id="blast"><thead><tr><th>switch</th><th>bonds</th><th>dark</th><th>degraded</th>'
        "<th>survive</th><th>slowest detection</th><th>unknown</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def json_document(outcomes: list[BlastOutcome]) -> list[dict[str, Any]]:
    """The JSON report's ``blast_radius``: per switch, the counts and every bond it touches."""
    documents: list[dict[str, Any]] = []
    for entry in per_switch(outcomes):
        slowest = entry.slowest
        documents.append(
            {
                "switch": printable(entry.switch),
                "counts": {
                    "dark": len(entry.dark),
                    "degraded": len(entry.degraded),
                    "survives": len(entry.survives),
                    "unknown": len(entry.unknown),
                },
                "slowest_detection_ms": slowest.detection_ms if slowest else None,
                "bonds": [
                    {
                        "host": printable(o.host),
                        "bond": printable(o.bond),
                        "outcome": o.outcome,
                        "detection_ms": o.detection_ms,
                        "reason": printable(o.reason),
                    }
                    for o in [*entry.dark, *entry.unknown, *entry.degraded, *entry.survives]
                ],
            }
        )
    return documents
