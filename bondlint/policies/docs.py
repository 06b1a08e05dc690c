"""Rule documentation pages generated from the policy YAML (``docs/rules/BLnnn.md``).

SARIF ``helpUri`` links to these pages; a test fails when a page differs from what the
YAML generates, so the pages never go stale.
"""

from __future__ import annotations

from pathlib import Path

from bondlint.policies.loader import Policy


def rule_page(policy: Policy) -> str:
    """The Markdown page for one rule."""
    lines = [
        f"# {policy.id} {policy.name}",
        "",
        f"**{policy.title}**",
        "",
        f"Severity: `{policy.severity}` · applies to: `{policy.applies_to}`"
        + (f" · tags: {', '.join(f'`{t}`' for t in policy.tags)}" if policy.tags else "")
        + ("" if policy.enabled else " · opt-in (`enabled: false`)"),
        "",
        "## What breaks",
        "",
        policy.description,
        "",
        "## How to fix",
        "",
        "```",
        policy.remediation,
        "```",
        "",
    ]
    if policy.parameters:
        lines += ["## Parameters", "", "| name | default |", "|---|---|"]
        lines += [f"| `{name}` | `{value}` |" for name, value in sorted(policy.parameters.items())]
        lines += ["", "Override them in `.bondlint.yaml` under `rules: {" + policy.name + ": {parameters: …}}`.", ""]
    lines += ["## References", ""]
    lines += [f"- <{url}>" for url in policy.references]
    lines += ["", "## Examples", ""]
    for example in policy.examples:
        verdict = f"reported at {', '.join(example.expect)}" if example.expect else "not reported"
        lines += [f"### {example.name} ({verdict})", ""]
        for path, text in example.files.items():
            lines += [f"`{path}`", "", "```", text.rstrip("\n"), "```", ""]
    lines += [f"Generated from `{Path(policy.source).name}`; edit the policy, then run `bondlint policy docs`.", ""]
    return "\n".join(lines)


def index_page(policies: list[Policy]) -> str:
    lines = ["# Rules", "", "| id | name | severity | title |", "|---|---|---|---|"]
    lines += [f"| [{p.id}]({p.id}.md) | {p.name} | {p.severity} | {p.title} |" for p in policies]
    return "\n".join(lines) + "\n"


def expected_pages(policies: list[Policy]) -> dict[str, str]:
    """File name -> content for the whole docs/rules folder."""
    pages = {f"{p.id}.md": rule_page(p) for p in policies}
    pages["README.md"] = index_page(policies)
    return pages
