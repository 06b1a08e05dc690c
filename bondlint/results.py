"""What a scan found: the hosts, switches, inputs, entities and findings that reporters print.

The pipeline fills a ``ScanResult``; reporters, the pre-commit judge and the fleet audit
read it.  Nothing here reads or judges anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bondlint.discovery import describe_group
from bondlint.model.entity import Entity
from bondlint.model.host import InputRecord
from bondlint.policies.engine import Finding


@dataclass(slots=True)
class GroupSummary:
    """One input group as discovery formed it: its name, folder and inputs (what
    ``bondlint show`` prints, with ``explained()``)."""

    name: str
    root: str
    sosreport: bool
    inputs: list[InputRecord] = field(default_factory=list)

    def explained(self) -> tuple[str, str]:
        """Why these inputs are one host, and where its name comes from."""
        return describe_group(self.name, self.root, self.sosreport, [i.path for i in self.inputs])


@dataclass(frozen=True, slots=True)
class BlastOutcome:
    """What losing one whole switch does to one bond cabled to it (``bondlint audit``'s
    blast radius per switch): survives, degraded, dark or unknown, as ``bondlint
    simulate --fail SWITCH`` says it, computed where the bond's host was audited."""

    switch: str
    host: str
    bond: str
    outcome: str
    detection_ms: int | None
    reason: str


@dataclass(slots=True)
class ScanResult:
    hosts: list[str] = field(default_factory=list)
    switches: list[str] = field(default_factory=list)
    # How each switch got its name when no hostname line gave it (prompt, file name …).
    switch_named_by: dict[str, str] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    inputs: list[InputRecord] = field(default_factory=list)
    groups: list[GroupSummary] = field(default_factory=list)
    # Per switch a bond is cabled to, what losing that switch does to it (audit only).
    blast_radius: list[BlastOutcome] = field(default_factory=list)
