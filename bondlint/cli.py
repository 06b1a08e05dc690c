"""Command line: ``bondlint scan``, ``rules``, ``explain``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 usage
error, bad policy or bad configuration.  Heavy modules (jsonschema, sarif-om) are
imported inside the command that needs them.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from bondlint import __version__

app = typer.Typer(
    name="bondlint",
    help="Audit Linux NIC bonding from offline captures and configs before it fails in production.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    note = "note"
    never = "never"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"bondlint: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _split(values: list[str] | None) -> list[str]:
    return [item.strip() for value in values or [] for item in value.split(",") if item.strip()]


def _load(policy_dirs: list[Path] | None, builtin: bool = True):  # -> list[Policy]
    from bondlint.policies.loader import PolicyError, builtin_policy_dir, load_policies

    directories = ([builtin_policy_dir()] if builtin else []) + list(policy_dirs or [])
    try:
        return load_policies(directories)
    except PolicyError as error:
        for problem in error.problems:
            typer.echo(problem, err=True)
        raise _fail(f"{len(error.problems)} problem(s) in policy files") from None


def _select(policies, select: list[str], ignore: list[str]):
    known = {p.id for p in policies} | {p.name for p in policies}
    unknown = [s for s in select + ignore if s not in known]
    if unknown:
        raise _fail(f"unknown rule(s): {', '.join(unknown)} (see 'bondlint rules')")
    # Opt-in rules (enabled: false) run only when selected by id or name.
    chosen = [p for p in policies if (p.id in select or p.name in select) or (not select and p.enabled)]
    return [p for p in chosen if p.id not in ignore and p.name not in ignore]


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise _fail(f"cannot write {output}: {error.strerror or error}") from None


@app.command()
def scan(
    paths: Annotated[list[Path], typer.Argument(help="Files and directories to scan.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Report format.")] = OutputFormat.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report here instead of stdout.")] = None,
    fail_on: Annotated[FailOn, typer.Option(help="Lowest severity that makes the exit code 1.")] = FailOn.warning,
    policy_dir: Annotated[Optional[list[Path]], typer.Option("--policy-dir", help="Add policies from this directory (repeatable).")] = None,
    select: Annotated[Optional[list[str]], typer.Option(help="Only these rules (ids or names, comma-separated or repeated).")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option(help="Skip these rules (ids or names).")] = None,
) -> None:
    """Scan configs and captures and report what will break failover."""
    from bondlint.discovery import discover
    from bondlint.pipeline import run
    from bondlint.policies.engine import SEVERITY_RANK, CompiledPolicy
    from bondlint.reporters import Report

    policies = _select(_load(policy_dir), _split(select), _split(ignore))
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise _fail(f"no such file or directory: {', '.join(missing)}")
    result = run(discover(paths), [CompiledPolicy(p) for p in policies])
    report = Report(result=result, policies=tuple(policies), tool_version=__version__)
    _write(_render(report, output_format), output)

    if fail_on is FailOn.never:
        raise typer.Exit(EXIT_OK)
    threshold = SEVERITY_RANK[fail_on.value]
    failing = any(SEVERITY_RANK[f.severity] >= threshold for f in result.findings)
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_OK)


def _render(report, output_format: OutputFormat) -> str:
    if output_format is OutputFormat.sarif:
        from bondlint.reporters import sarif as reporter
    elif output_format is OutputFormat.json:
        from bondlint.reporters import json as reporter  # type: ignore[no-redef]
    else:
        from bondlint.reporters import text as reporter  # type: ignore[no-redef]
    return reporter.render(report)


@app.command()
def rules(
    policy_dir: Annotated[Optional[list[Path]], typer.Option("--policy-dir", help="Add policies from this directory.")] = None,
) -> None:
    """List every policy: id, severity, name and title."""
    policies = _load(policy_dir)
    width = max((len(p.name) for p in policies), default=4)
    for policy in policies:
        typer.echo(f"{policy.id}  {policy.severity:<7}  {policy.name:<{width}}  {policy.title}")


@app.command()
def explain(
    rule: Annotated[str, typer.Argument(help="Rule id (BL001) or name (no-link-monitoring).")],
    policy_dir: Annotated[Optional[list[Path]], typer.Option("--policy-dir", help="Add policies from this directory.")] = None,
) -> None:
    """Why a rule matters, how to fix what it reports, and where to read more."""
    policies = _load(policy_dir)
    found = [p for p in policies if rule in (p.id, p.name) or rule.upper() == p.id]
    if not found:
        raise _fail(f"unknown rule: {rule} (see 'bondlint rules')")
    policy = found[0]
    lines = [
        f"{policy.id} {policy.name} ({policy.severity})",
        policy.title,
        "",
        policy.description,
        "",
        "How to fix:",
        policy.remediation,
        "",
        "References:",
        *(f"  {url}" for url in policy.references),
        "",
        f"Defined in {policy.source}",
    ]
    typer.echo("\n".join(lines))


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"bondlint {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[Optional[bool], typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version and exit.")] = None,
) -> None:
    """bondlint: audit Linux NIC bonding before it fails in production."""
