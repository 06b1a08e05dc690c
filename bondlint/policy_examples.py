"""Run a policy against its own examples, the way ``semgrep --test`` runs rule tests.

Each example is a set of in-memory files scanned as one host; the locations the policy
reports (``path:line``) must equal the example's ``expect`` list.  Nothing touches disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bondlint.discovery import InputFile, group_by_host
from bondlint.pipeline import run
from bondlint.policies.engine import CompiledPolicy, Finding
from bondlint.policies.loader import Example, Policy
from bondlint.results import ScanResult

EXAMPLE_HOST = "example"


@dataclass(frozen=True, slots=True)
class ExampleOutcome:
    policy: Policy
    example: Example
    reported: tuple[str, ...]
    findings: tuple[Finding, ...]

    @property
    def passed(self) -> bool:
        return sorted(self.reported) == sorted(self.example.expect)


def scan_files(files: dict[str, str], policies: list[CompiledPolicy]) -> ScanResult:
    """Scan in-memory ``files`` (relative path -> text) as one host; a
    ``.bondlint-suppressions.yaml`` among them is the scan's suppressions file."""
    from bondlint.waivers import SUPPRESSIONS_FILE, parse_suppressions, settle

    inputs = [
        InputFile(path=path, host_root=EXAMPLE_HOST, read=_reader(text.encode("utf-8")))
        for path, text in files.items()
        if path != SUPPRESSIONS_FILE
    ]
    result = run(group_by_host(inputs, name_of=lambda root: root), policies)
    waivers = parse_suppressions(files[SUPPRESSIONS_FILE], SUPPRESSIONS_FILE, ".") if SUPPRESSIONS_FILE in files else []
    settle(result, [compiled.policy for compiled in policies], waivers)
    return result


def _reader(data: bytes) -> Callable[[int | None], bytes]:
    def read(limit: int | None = None) -> bytes:
        return data if limit is None else data[:limit]

    return read


def run_examples(policy: Policy, catalog: list[CompiledPolicy] | None = None) -> list[ExampleOutcome]:
    """Run ``policy``'s examples; with ``catalog`` the other policies run too (a
    suppression example needs the rule it suppresses), but only ``policy``'s findings
    are compared with the expectations."""
    compiled = [CompiledPolicy(policy), *(c for c in catalog or [] if c.policy.id != policy.id)]
    outcomes = []
    for example in policy.examples:
        result = scan_files(example.files, compiled)
        mine = tuple(f for f in result.findings if f.rule_id == policy.id)
        reported = tuple(f"{f.location.path}:{f.location.line}" for f in mine)
        outcomes.append(ExampleOutcome(policy, example, reported, mine))
    return outcomes
