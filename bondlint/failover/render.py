"""Plans, simulations and verifications as text, JSON and Markdown.

Host, bond, port and switch names come from the inputs: in text they pass through
``reporters.printable`` (one line stays one line, nothing drives the terminal); in
Markdown prose is escaped as well and commands go into fences longer than any run of
backticks they hold; JSON escapes by itself.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from typing import Any

from bondlint.failover.plan import Plan
from bondlint.failover.simulate import Simulation
from bondlint.failover.verify import Check
from bondlint.reporters import plural, printable

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", printable(text))


def _fence(lines: list[str]) -> str:
    body = "\n".join(printable(line) for line in lines)
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}sh\n{body}\n{fence}"


def _head(plan: Plan) -> str:
    return f"{plan.host} {plan.bond} ({plan.mode or 'mode unknown'})"


def _plans_summary(plans: list[Plan]) -> str:
    blocked = sum(1 for p in plans if not p.testable)
    return f"{plural(len(plans), 'bond')}: {len(plans) - blocked} ready to test, {blocked} to fix first"


def plans_text(plans: list[Plan]) -> str:
    out: list[str] = []
    for plan in plans:
        if not plan.testable:
            out.append(printable(f"{_head(plan)}: DO NOT TEST YET"))
            out.extend(printable(f"  ! {blocker}") for blocker in plan.blockers)
            out.append("")
            continue
        out.append(printable(f"{_head(plan)}: fail {plan.fail_port}, timers of {plan.timers_from}"))
        out.extend(printable(f"  ! {warning}") for warning in plan.warnings)
        for number, step in enumerate(plan.steps, 1):
            out.append(printable(f"  {number}. {step.title}"))
            out.extend(printable(f"     {line}") for line in step.lines)
        out.append("")
    out.append(_plans_summary(plans))
    return "\n".join(out) + "\n"


def plans_markdown(plans: list[Plan]) -> str:
    out = ["# Failover test plan", ""]
    for plan in plans:
        out.append(f"## {_md(_head(plan))}")
        out.append("")
        if not plan.testable:
            out.append("**Do not test yet:**")
            out.append("")
            out.extend(f"- {_md(blocker)}" for blocker in plan.blockers)
            out.append("")
            continue
        out.append(f"Fail {_md(str(plan.fail_port))}; timers of {_md(plan.timers_from)}.")
        out.append("")
        out.extend(f"**Warning:** {_md(warning)}\n" for warning in plan.warnings)
        for number, step in enumerate(plan.steps, 1):
            out.append(f"{number}. **{_md(step.title)}**")
            out.append("")
            commands = [line.strip() for line in step.lines if line.startswith("  ") or _is_command(line)]
            prose = [line for line in step.lines if not (line.startswith("  ") or _is_command(line))]
            out.extend(f"   - [ ] {_md(line)}" for line in prose)
            if commands:
                out.append("")
                out.extend("   " + line for line in _fence(commands).split("\n"))
            out.append("")
    out.append(_md(_plans_summary(plans)))
    return "\n".join(out) + "\n"


def _is_command(line: str) -> bool:
    return line.startswith(("cat ", "ip ", "bondlint "))


def plans_json(plans: list[Plan]) -> str:
    documents: list[dict[str, Any]] = []
    for plan in plans:
        document = asdict(plan)
        document["testable"] = plan.testable
        documents.append(document)
    return json.dumps({"plans": documents, "summary": _plans_summary(plans)}, indent=2) + "\n"


def simulation_text(simulation: Simulation) -> str:
    out = [printable(f"simulated failure: {simulation.spec.label} ({simulation.spec.kind})")]
    for item in simulation.outcomes:
        out.append(
            printable(
                f"  {item.outcome.upper():9} {item.host} {item.bond} ({item.mode}): failed {', '.join(item.failed)};"
                f" {item.reason}"
            )
        )
    counts = simulation.counts()
    summary = ", ".join(f"{counts[name]} {name}" for name in counts)
    out.append(f"{plural(len(simulation.outcomes), 'bond')} touched: {summary}; {simulation.untouched} untouched")
    return "\n".join(out) + "\n"


def simulation_json(simulation: Simulation) -> str:
    document = {
        "spec": asdict(simulation.spec),
        "outcomes": [asdict(o) for o in simulation.outcomes],
        "counts": simulation.counts(),
        "untouched": simulation.untouched,
    }
    return json.dumps(document, indent=2) + "\n"


def checks_text(checks: list[Check]) -> str:
    out = []
    for check in checks:
        mark = "ok  " if check.ok else "FAIL"
        where = f" [{check.where.path}:{check.where.line}]" if check.where and not check.ok else ""
        out.append(printable(f"{mark} {check.host} {check.bond}: {check.message}{where}"))
    failed = sum(1 for c in checks if not c.ok)
    verdict = "the captures match the plan" if not failed else f"{plural(failed, 'difference')} from the plan"
    out.append(verdict if checks else "no bond in BEFORE to verify")
    return "\n".join(out) + "\n"


def checks_json(checks: list[Check]) -> str:
    documents = [
        {
            "host": c.host,
            "bond": c.bond,
            "ok": c.ok,
            "message": c.message,
            "path": c.where.path if c.where else None,
            "line": c.where.line if c.where else None,
        }
        for c in checks
    ]
    accepted = bool(checks) and all(c.ok for c in checks)
    return json.dumps({"accepted": accepted, "checks": documents}, indent=2) + "\n"
