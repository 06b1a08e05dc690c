"""Rule documentation pages generated from the policy YAML (``docs/rules/BLnnn.md``).

SARIF ``helpUri`` links to these pages; a test fails when a page differs from what the
YAML generates, so the pages never go stale.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
    if policy.fix:
        lines += [_fix_line(policy.fix), ""]
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


def _fix_line(fix: dict[str, Any]) -> str:
    """The rule's declared fix in one sentence (docs/fix.md)."""
    parts = [f"set `{k}={v}`" for k, v in (fix.get("set") or {}).items()]
    parts += [f"add `{k}={v}` where not written" for k, v in (fix.get("add") or {}).items()]
    parts += [f"remove `{k}`" for k in fix.get("remove") or ()]
    how = "`bondlint fix`" if fix["safety"] == "safe" else "`bondlint fix --unsafe-fixes` (unsafe)"
    return f"Fixed by {how} in the bond's own file: {fix['summary']} ({', '.join(parts)})."


def index_page(policies: list[Policy]) -> str:
    lines = ["# Rules", "", "| id | name | severity | title |", "|---|---|---|---|"]
    lines += [f"| [{p.id}]({p.id}.md) | {p.name} | {p.severity} | {p.title} |" for p in policies]
    return "\n".join(lines) + "\n"


def expected_pages(policies: list[Policy]) -> dict[str, str]:
    """File name -> content for the whole docs/rules folder."""
    pages = {f"{p.id}.md": rule_page(p) for p in policies}
    pages["README.md"] = index_page(policies)
    return pages


# --------------------------------------------------------------------------------------
# docs/view.md: what a policy sees, generated from bondlint/schemas/view.schema.json

VIEW_KINDS = ("bond", "port", "team", "input", "host", "suppression")
# How an open key is shown in a path, by the object that holds it.
# A JSON Schema (or one of its subschemas), as json.load gives it.
Schema = dict[str, Any]

_OPEN_KEY = {
    "options": "<option>",
    "invalid_options": "<option>",
    "extra": "<key>",
    "module_options": "<parameter>",
    "drift": "<option>",
}


def _type_of(node: Schema, defs: Schema) -> str:
    if "$ref" in node:
        node = {**defs[node["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
    declared = node.get("type", "any")
    types = declared if isinstance(declared, list) else [declared]
    shown = []
    for kind in types:
        if kind == "array" and isinstance(node.get("items"), dict):
            shown.append(f"array of {_type_of(node['items'], defs)}")
        else:
            shown.append(kind)
    text = " or ".join(shown)
    if "enum" in node:
        text += ": " + ", ".join(f"`{v}`" for v in node["enum"])
    elif "const" in node:
        text += f": `{node['const']}`"
    return text


Rows = list[tuple[str, str, str]]


def _view_rows(node: Schema, defs: Schema, path: str, rows: Rows, seen: dict[str, str]) -> None:
    for name, sub in node.get("properties", {}).items():
        child = f"{path}/{name}"
        text = sub.get("description", "")
        shared = sub.get("$ref", "").rsplit("/", 1)[-1]
        if shared in seen:  # a definition met before (drift entries): said once
            rows.append((child, _type_of(sub, defs), f"{text}; its keys as under `{seen[shared]}`"))
            continue
        rows.append((child, _type_of(sub, defs), text))
        _view_children(sub, defs, child, name, rows, seen)


def _view_children(sub: Schema, defs: Schema, child: str, name: str, rows: Rows, seen: dict[str, str]) -> None:
    if "$ref" in sub:
        shared = sub["$ref"].rsplit("/", 1)[-1]
        seen.setdefault(shared, child)
        target = defs[shared]
    else:
        target = sub
    _view_rows(target, defs, child, rows, seen)
    extra = target.get("additionalProperties")
    if isinstance(extra, dict):
        key = f"{child}/{_OPEN_KEY.get(name, '<key>')}"
        rows.append((key, _type_of(extra, defs), extra.get("description", "")))
        _view_children(extra, defs, key, name, rows, seen)
    items = target.get("items")
    if isinstance(items, dict) and ("$ref" in items or "properties" in items):
        _view_children(items, defs, f"{child}/N", name, rows, seen)


def view_page(schema: Schema) -> str:
    """docs/view.md: every property of every entity kind's view, its type and meaning."""
    defs = schema["$defs"]
    lines = [
        "# The views a policy sees",
        "",
        "Generated from `bondlint/schemas/view.schema.json` by `bondlint policy docs`; edit the",
        "schema, not this page. `bondlint policy check` refuses a policy that names a property,",
        "pointer or message field that is not listed here for its `applies-to` kind. `N` is an",
        "array index; `<option>`, `<key>` and `<parameter>` stand for any key of an open object.",
        "",
    ]
    for kind in VIEW_KINDS:
        rows: Rows = []
        _view_rows(defs[kind], defs, "", rows, {})
        lines += [
            f"## applies-to: {kind}",
            "",
            defs[kind].get("description", ""),
            "",
            "| property | type | meaning |",
            "|---|---|---|",
        ]
        lines += [f"| `{path}` | {kind_of} | {text.replace('|', '&#124;')} |" for path, kind_of, text in rows]
        lines.append("")
    return "\n".join(lines)
