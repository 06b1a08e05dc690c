"""Shared helpers of the fix tests: a policy's examples written to disk, fixed, scanned again."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bondlint.discovery import discover
from bondlint.fix.output import write_fixes
from bondlint.fix.plan import FixPlan, plan_fixes
from bondlint.pipeline import run
from bondlint.policies.engine import CompiledPolicy, Finding
from bondlint.policies.loader import Example, Policy, builtin_policy_dir, load_policies


@cache
def builtin() -> tuple[Policy, ...]:
    return tuple(load_policies([builtin_policy_dir()]))


def catalog(*extra: str) -> list[Policy]:
    """The builtin rules a default scan runs, plus the opt-in rules named."""
    return [p for p in builtin() if p.enabled or p.id in extra]


def write_example(root: Path, example: Example) -> Path:
    for name, text in example.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def active(root: Path, policies: list[Policy]) -> list[Finding]:
    result = run(discover([root]), [CompiledPolicy(p) for p in policies])
    return [f for f in result.findings if f.active]


@dataclass(frozen=True, slots=True)
class Outcome:
    plan: FixPlan
    before: list[Finding]
    after: list[Finding]
    second: FixPlan


def fix_and_rescan(root: Path, policies: list[Policy]) -> Outcome:
    """``root`` fixed on disk (unsafe fixes too), scanned again, and planned again."""
    before = active(root, policies)
    plan = plan_fixes(discover([root]), policies, unsafe=True)
    assert write_fixes(plan) == []
    after = active(root, policies)
    second = plan_fixes(discover([root]), policies, unsafe=True)
    return Outcome(plan, before, after, second)
