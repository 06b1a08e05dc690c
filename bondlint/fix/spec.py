"""A rule's ``fix`` declaration, and the changes it asks for one finding.

```yaml
fix:
  safety: unsafe                 # safe: bondlint fix; unsafe: only with --unsafe-fixes
  summary: name the first port as primary
  set: {primary: "{config.ports.0}"}   # written, replacing the value where written
  add: {miimon: 100}                    # written only where the file does not set it
  remove: ["{key}"]                     # deleted
```

Option names and values are the rule message's templates, filled from the bond's view
at the finding's failing path (``{key}`` is the option the finding is about) and the
rule's parameters (``{params.name}``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bondlint.fix.changes import CannotEdit, Change, Operation, Value
from bondlint.model.entity import Entity, pointer, pointer_segments
from bondlint.policies.engine import Finding, render
from bondlint.policies.loader import Policy

_OPERATIONS: tuple[Operation, ...] = ("remove", "set", "add")


@dataclass(frozen=True, slots=True)
class FixSpec:
    safety: str
    summary: str
    set: dict[str, Value]
    add: dict[str, Value]
    remove: tuple[str, ...]

    @classmethod
    def of(cls, policy: Policy) -> FixSpec | None:
        fix: dict[str, Any] | None = policy.fix
        if not fix:
            return None
        return cls(
            safety=str(fix["safety"]),
            summary=str(fix["summary"]),
            set=dict(fix.get("set") or {}),
            add=dict(fix.get("add") or {}),
            remove=tuple(fix.get("remove") or ()),
        )

    @property
    def safe(self) -> bool:
        return self.safety == "safe"

    def changes(self, policy: Policy, entity: Entity, finding: Finding) -> list[Change]:
        """The changes for ``finding`` of ``policy`` on ``entity``, templates filled in;
        ``CannotEdit`` when a template names nothing (a bond without ports has no first
        port to make primary)."""
        failing = _failing_path(finding)
        found: list[Change] = []
        for operation in _OPERATIONS:
            items: list[tuple[str, Value | None]] = (
                [(name, None) for name in self.remove]
                if operation == "remove"
                else list((self.set if operation == "set" else self.add).items())
            )
            for name, value in items:
                option = _fill(name, entity, failing, policy)
                filled = value if not isinstance(value, str) else _fill(value, entity, failing, policy)
                found.append(Change(operation, str(option), filled))
        return found

    def summary_for(self, policy: Policy, entity: Entity, finding: Finding) -> str:
        """The summary with its template fields filled in, as a message is."""
        failing = _failing_path(finding)
        return render(self.summary, entity, failing, failing, policy.parameters)


def _failing_path(finding: Finding) -> str:
    """The finding's subject as a path in the persisted options (``/miimon`` ->
    ``/config/options/miimon``), where ``{key}`` and ``{value}`` read."""
    return pointer("config", "options", *pointer_segments(finding.subject))


def _fill(template: str, entity: Entity, failing: str, policy: Policy) -> str:
    if "{" not in template:
        return template
    text = render(template, entity, failing, failing, policy.parameters)
    if not text or "unset" in text.split(", ") or text == "none" or "{" in text:
        raise CannotEdit(f"'{template}' names nothing in bond {entity.name}'s view")
    return text
