"""Command line: ``bondlint scan``, ``rules``, ``explain``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 usage
error, bad policy or bad configuration.  Heavy modules (jsonschema, sarif-om) are
imported inside the command that needs them.
"""

from __future__ import annotations

import contextlib
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bondlint import __version__

if TYPE_CHECKING:
    from collections.abc import Iterable

    from bondlint import baseline as baseline_module
    from bondlint.changes import ChangePlan
    from bondlint.config import Config
    from bondlint.fix.output import Replacement
    from bondlint.policies.loader import Policy
    from bondlint.reporters import Report
    from bondlint.reporters.outputs import Target
    from bondlint.reporters.text import TextOptions
    from bondlint.results import ScanResult

app = typer.Typer(
    name="bondlint",
    help="Audit Linux NIC bonding from offline captures and configs before it fails in production.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

# SARIF options of scan and audit (bondlint.reporters.sarif).
# Options several commands share, declared once.
PolicyDirOption = Annotated[
    list[Path] | None, typer.Option("--policy-dir", help="Add policies from this directory (repeatable).")
]
SelectOption = Annotated[
    list[str] | None, typer.Option(help="Only these rules (ids or names, comma-separated or repeated).")
]
IgnoreOption = Annotated[list[str] | None, typer.Option(help="Skip these rules (ids or names).")]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Configuration file (default: .bondlint.yaml or [tool.bondlint] found upward)."),
]
OutputFileOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")]
PathsArgument = Annotated[list[Path], typer.Argument(help="Files and directories to read.", show_default=False)]
HostOption = Annotated[str | None, typer.Option("--host", help="Only this host (as the report names it).")]
BondOption = Annotated[str | None, typer.Option("--bond", help="Only this bond (and its ports' profiles).")]


IncludeSuppressedOption = Annotated[
    bool,
    typer.Option(
        "--include-suppressed",
        help="SARIF: keep suppressed and baselined findings, marked with SARIF suppressions (default: left out).",
    ),
]
DocsUrlOption = Annotated[
    str | None,
    typer.Option(
        "--docs-url",
        metavar="URL",
        help="Base URL of the rule pages (docs/rules as published): SARIF helpUri is URL/BLnnn.md [default: the"
        " configuration's docs-url; none: no helpUri].",
    ),
]


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    gitlab = "gitlab"
    github = "github"
    junit = "junit"


# --output of scan and audit: several reports from one run (bondlint.reporters.outputs).
OutputOption = Annotated[
    list[str] | None,
    typer.Option(
        "--output",
        "-o",
        metavar="[FORMAT:]PATH|FORMAT",
        show_default=False,
        help="Write a report: FORMAT:PATH to a file, FORMAT alone to stdout, or PATH in --format's format"
        " (repeatable: --output sarif:bondlint.sarif --output text; one report at most on stdout).",
    ),
]


def _targets(ctx: typer.Context, output: list[str] | None, output_format: OutputFormat) -> list[Target]:
    """The reports of this run, files first: --format is the format of a bare --output
    PATH, and of stdout when given without one."""
    from bondlint.reporters.outputs import OutputError, targets

    source = ctx.get_parameter_source("output_format")
    chosen = output_format.value if source is not None and source.name != "DEFAULT" else None
    try:
        found = targets(output or [], chosen, [f.value for f in OutputFormat])
    except OutputError as error:
        raise _fail(str(error)) from None
    return sorted(found, key=lambda target: target.path is None)  # stdout last: the files are there first


def _text_to_stdout_only(reports: list[Target]) -> bool:
    return [(t.format, t.path) for t in reports] == [(OutputFormat.text.value, None)]


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    note = "note"
    never = "never"


class ColorChoice(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


# Options the text report of scan and audit share (bondlint.reporters.terminal).
ColorOption = Annotated[
    ColorChoice,
    typer.Option(
        "--color",
        help="Colour the text report by severity: auto (on a terminal; NO_COLOR turns it off, FORCE_COLOR on"
        " even into a pipe), always or never.",
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Findings only: no summary or hint lines.")]
StatisticsOption = Annotated[
    bool, typer.Option("--statistics", help="Count the findings per rule (count, id, name) instead of listing them.")
]
AllowEmptyOption = Annotated[
    bool,
    typer.Option("--allow-empty", help="Exit 0 when no input was read at all (default: 2, 'Nothing was checked')."),
]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"bondlint: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _split(values: list[str] | None) -> list[str]:
    return [item.strip() for value in values or [] for item in value.split(",") if item.strip()]


def _config(path: Path | None) -> Config:
    from bondlint.config import ConfigError, find_config, load_config

    try:
        return load_config(path) if path is not None else load_config(find_config(), found=True)
    except ConfigError as error:
        if error.unreadable:  # a FIFO, a device, too large: one line
            raise _fail(error.problems[0]) from None
        for problem in error.problems:
            typer.echo(problem, err=True)
        raise _fail("invalid configuration file") from None


def _load(policy_dirs: list[Path] | None, config: Config | None = None) -> list[Policy]:
    """Builtin policies, the configuration's and the command line's, with site overrides."""
    from bondlint.policies.loader import PolicyError, builtin_policy_dir, load_policies

    directories = [builtin_policy_dir(), *(config.policy_dirs if config else []), *(policy_dirs or [])]
    try:
        policies = load_policies(directories)
    except PolicyError as error:
        for problem in error.problems:
            typer.echo(problem, err=True)
        raise _fail(f"{len(error.problems)} problem(s) in policy files") from None
    if config is not None:
        _check_waivers(config, policies)
    return _apply_rule_settings(policies, config) if config else policies


def _check_waivers(config: Config, policies: list[Policy]) -> None:
    """Every rule the configuration's suppressions and per-file-ignores name exists."""
    if not config.waivers and config.path_ignores is None:
        return
    from bondlint.waivers import rule_problems

    problems = rule_problems(config.waivers, config.path_ignores, policies, str(config.path))
    for problem in problems:
        typer.echo(problem, err=True)
    if problems:
        raise _fail("invalid configuration file")


def _settle(result: ScanResult, config: Config, policies: list[Policy]) -> None:
    """What no single host's judging sees: per-file-ignores, a comment at either end of a
    cross-check, the configuration's suppressions entries (bondlint.waivers)."""
    from bondlint.waivers import settle

    settle(result, policies, config.waivers, config.path_ignores)


def _apply_rule_settings(policies: list[Policy], config: Config) -> list[Policy]:
    """Severity, enabled and parameter overrides from the configuration file."""
    from dataclasses import replace

    by_key = {key: p for p in policies for key in (p.id, p.name)}
    problems: list[str] = []
    for key, settings in config.rules.items():
        policy = by_key.get(key)
        if policy is None:
            hint = _did_you_mean(key, by_key)
            problems.append(f"{config.path}: rules: unknown rule '{key}'{hint} (see 'bondlint rules')")
            continue
        unknown = sorted(set(settings.get("parameters", {})) - set(policy.parameters))
        if unknown:
            declared = ", ".join(sorted(policy.parameters)) or "none"
            problems.append(
                f"{config.path}: rules: {key}: unknown parameter(s) {', '.join(unknown)} (declared: {declared})"
            )
    if problems:
        for problem in problems:
            typer.echo(problem, err=True)
        raise _fail("invalid configuration file")
    adjusted: list[Policy] = []
    for policy in policies:
        settings = config.rules.get(policy.id) or config.rules.get(policy.name) or {}
        policy = policy.with_overrides(settings.get("severity"), settings.get("parameters"))
        if "enabled" in settings:
            policy = replace(policy, enabled=settings["enabled"])
        adjusted.append(policy)
    return adjusted


def _did_you_mean(word: str, known: Iterable[str]) -> str:
    from bondlint.reporters.terminal import did_you_mean

    return did_you_mean(word, known)


def _select(policies: list[Policy], select: list[str], ignore: list[str]) -> list[Policy]:
    known = {p.id for p in policies} | {p.name for p in policies}
    unknown = [s for s in select + ignore if s not in known]
    if unknown:
        named = ", ".join(f"{u}{_did_you_mean(u, known)}" for u in unknown)
        raise _fail(f"unknown rule(s): {named} (see 'bondlint rules')")
    # Opt-in rules (enabled: false) run only when selected by id or name.
    chosen = [p for p in policies if (p.id in select or p.name in select) or (not select and p.enabled)]
    return [p for p in chosen if p.id not in ignore and p.name not in ignore]


def _write(text: str, output: Path | None) -> None:
    """The report to stdout or ``output``: a file is replaced atomically (a temporary
    file in its folder, then renamed), so a reader never sees half a report; a device
    or FIFO (``/dev/stdout``, ``/dev/full``) is written in place.  A closed pipe or a
    full device is one line on stderr and exit 2."""
    if output is None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except OSError as error:
            # Nothing more can reach stdout (``| head -1``): keep the exit quiet too.
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise _fail(f"cannot write the report to stdout: {error.strerror or error}") from None
        return
    try:
        _write_file(text, output)
    except OSError as error:
        raise _fail(f"cannot write {output}: {error.strerror or error}") from None


def _write_file(text: str, output: Path) -> None:
    import stat
    import tempfile

    target = Path(os.path.realpath(output))  # a symlink's file is replaced, not the link
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with open(target, "w", encoding="utf-8") as handle:  # /dev/stdout, /dev/full, a FIFO
            handle.write(text)
        return
    data = text.encode("utf-8")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, stat.S_IMODE(mode))
        else:  # as open() would create it: 0666 less the umask
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@app.command()
def scan(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files and directories to scan (with --changed-only: changed files, or none to ask git).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Report format (of stdout, or of a bare --output PATH).")
    ] = OutputFormat.text,
    output: OutputOption = None,
    fail_on: Annotated[
        FailOn | None, typer.Option(help="Lowest severity that makes the exit code 1 [default: warning].")
    ] = None,
    policy_dir: PolicyDirOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    config_file: ConfigOption = None,
    changed_only: Annotated[
        bool,
        typer.Option(
            "--changed-only",
            help="Judge the change git sees (pre-commit: HEAD to the index; PRE_COMMIT_FROM_REF/TO_REF: their merge"
            " base to TO_REF, deletions included): report the findings it makes new or worse on the hosts it"
            " touches, wherever they are. Files given that git does not list as changed are judged as they are.",
        ),
    ] = False,
    all_findings: Annotated[
        bool,
        typer.Option(
            "--all-findings",
            help="With --changed-only, report every finding of the hosts judged, not only the change's.",
        ),
    ] = False,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="Report only findings not in this baseline (see 'bondlint baseline create')."),
    ] = None,
    include_suppressed: IncludeSuppressedOption = False,
    docs_url: DocsUrlOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            show_default=False,
            help="Worker processes parsing and judging hosts (1: none) [default: the number of cores].",
        ),
    ] = None,
    concise: Annotated[
        bool,
        typer.Option("--concise", help="One line per finding, without its source line, fix and documentation link."),
    ] = False,
    quiet: QuietOption = False,
    statistics: StatisticsOption = False,
    color: ColorOption = ColorChoice.auto,
    allow_empty: AllowEmptyOption = False,
) -> None:
    """Scan configs and captures and report what will break failover."""
    _statistics_in_text(statistics, output_format)
    reports = _targets(ctx, output, output_format)
    plan = _change_plan(paths or [], _text_to_stdout_only(reports)) if changed_only else None
    from bondlint.reporters import Report, safe_result

    config, policies, result = _run_scan(
        paths or [], policy_dir, select, ignore, config_file, plan, all_findings, jobs or os.cpu_count() or 1
    )
    _settle(result, config, policies)
    if baseline is not None:
        _apply_baseline(result, baseline, [g.root for g in result.groups])
    report = Report(
        result=safe_result(result),
        policies=tuple(policies),
        tool_version=__version__,
        include_suppressed=include_suppressed,
        docs_url=_docs_url(docs_url, config),
        fixes=_sarif_fixes(paths or [], config, policies)
        if plan is None and any(t.format == "sarif" for t in reports)
        else {},
    )
    detailed = not concise
    for target in reports:  # one scan, every report
        look = (
            # The source lines are read from disk: a change is judged from git's index instead.
            _text_options(result, target.path, color, detailed, quiet, statistics, report.docs_url, plan is None)
            if target.format == "text"
            else None
        )
        _write(_render(report, OutputFormat(target.format), look), target.path)
    # A change that touches no bonding input has nothing to check, and that is fine.
    _nothing_checked(report, allow_empty or plan is not None)
    raise typer.Exit(_exit_code(result, fail_on, config))


def _sarif_fixes(paths: list[Path], config: Config, policies: list[Policy]) -> dict[str, list[Replacement]]:
    """The edits ``bondlint fix`` makes (its safe fixes, each checked by judging the
    fixed host again), by finding fingerprint: a SARIF report's ``fixes``."""
    from bondlint.discovery import discover
    from bondlint.fix.output import finding_replacements
    from bondlint.fix.plan import plan_fixes

    groups = discover(paths, exclude=config.exclude, exclude_root=config.root)
    return finding_replacements(plan_fixes(groups, policies, unsafe=False))


def _statistics_in_text(statistics: bool, output_format: OutputFormat) -> None:
    if statistics and output_format is not OutputFormat.text:
        raise _fail(f"--statistics counts findings in the text report, not in --format {output_format.value}")


def _text_options(
    result: ScanResult,
    output: Path | None,
    color: ColorChoice,
    detailed: bool,
    quiet: bool,
    statistics: bool,
    docs_base: str | None = None,
    from_disk: bool = True,
) -> TextOptions:
    """How the text report looks: colour only where wanted (bondlint.reporters.terminal),
    the source lines only when they are shown and the inputs were read from disk."""
    from bondlint.reporters import terminal
    from bondlint.reporters.text import TextOptions

    isatty = output is None and sys.stdout.isatty()
    excerpts = terminal.source_lines(result) if detailed and from_disk and not statistics else {}
    colour = terminal.wants_colour(color.value, isatty)
    return TextOptions(detailed, colour, quiet, statistics, excerpts, docs_base)


def _nothing_checked(report: Report, allow_empty: bool) -> None:
    """Exit 2 when no input was read at all (a gate pointed at a wrong path must not pass)."""
    from bondlint.reporters import counts

    if allow_empty or counts(report)["inputs"]:
        return
    raise _fail(
        "nothing was checked: no file given is a capture or configuration bondlint reads (--allow-empty: exit 0)"
    )


def _docs_url(given: str | None, config: Config) -> str | None:
    """The rule pages' base URL: --docs-url, else the configuration's docs-url."""
    if given is not None and (not given.startswith(("https://", "http://")) or len(given.split()) != 1):
        raise _fail(f"--docs-url {given}: give an http(s) URL, e.g. https://example.org/bondlint/docs/rules")
    return given or config.docs_url


def _exit_code(result: ScanResult, fail_on: FailOn | None, config: Config) -> int:
    """1 when an active finding is at or above the fail-on level (option, else config)."""
    from bondlint.policies.engine import SEVERITY_RANK

    level = fail_on.value if fail_on is not None else (config.fail_on or FailOn.warning.value)
    if level == FailOn.never.value:
        return EXIT_OK
    failing = any(f.active and SEVERITY_RANK[f.severity] >= SEVERITY_RANK[level] for f in result.findings)
    return EXIT_FINDINGS if failing else EXIT_OK


def _change_plan(paths: list[Path], text_only: bool) -> ChangePlan:
    """What --changed-only judges, asked of git before anything else is loaded: a commit
    that touches no bonding input ends here (when the one report is text on stdout), in milliseconds."""
    from bondlint.changes import ChangeError, plan_change

    folders = [str(p) for p in paths if p.is_dir()]
    if folders:
        raise _fail(
            f"--changed-only takes the changed files, not folders ({', '.join(folders)});"
            " to scan a folder drop --changed-only"
        )
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise _fail(f"no such file or directory: {', '.join(missing)}")
    try:
        plan = plan_change(paths)
    except ChangeError as error:
        raise _fail(str(error)) from None
    if plan.idle and text_only:
        typer.echo(
            f"bondlint: the change ({plan.label}, {plan.others} file(s)) touches no bonding input: nothing to judge"
        )
        raise typer.Exit(EXIT_OK)
    return plan


def _run_scan(
    paths: list[Path],
    policy_dir: list[Path] | None,
    select: list[str] | None,
    ignore: list[str] | None,
    config_file: Path | None,
    plan: ChangePlan | None = None,
    all_findings: bool = False,
    jobs: int = 1,
) -> tuple[Config, list[Policy], ScanResult]:
    """Discover, parse, join and judge; returns (config, policies, result).  With a
    change plan (--changed-only), only what the change does counts (bondlint.changes)."""
    from bondlint.discovery import discover
    from bondlint.pipeline import SCAN_WORKERS_FROM, run
    from bondlint.policies.engine import CompiledPolicy

    config = _config(config_file)
    chosen_select = _split(select) or config.select
    policies = _select(_load(policy_dir, config), chosen_select, config.ignore + _split(ignore))
    # A policy directory given here holds rules and their examples, never inputs (the
    # configuration's policy-dirs are excluded where it is read).
    for folder in policy_dir or []:
        config.exclude_folder(folder)
    if plan is not None:
        from bondlint.changes import judge_plan

        judged = judge_plan(plan, [CompiledPolicy(p) for p in policies], config.exclude, config.root, all_findings)
        if judged.note:
            typer.echo(f"bondlint: {judged.note}", err=True)
        return config, policies, judged.result
    if not paths:
        raise _fail("give the files or folders to scan (or --changed-only in a git repository)")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise _fail(f"no such file or directory: {', '.join(missing)}")
    groups = discover(paths, exclude=config.exclude, exclude_root=config.root)
    compiled = [CompiledPolicy(p) for p in policies]
    if jobs <= 1 or len(groups) < SCAN_WORKERS_FROM:  # no worker pays for itself
        return config, policies, run(groups, compiled)
    from functools import partial

    from bondlint.fleet import scan

    # Workers that are not forked find the same groups again.
    rediscover = partial(discover, paths, exclude=config.exclude, exclude_root=config.root)
    return config, policies, scan(groups, compiled, jobs, rediscover)


def _apply_baseline(result: ScanResult, path: Path, roots: list[str]) -> None:
    """Mark each finding new or unchanged against a baseline file (bondlint.baseline);
    ``roots``: the folders the hosts were found in."""
    from bondlint import baseline

    try:
        accepted = baseline.read(path)
    except baseline.BaselineError as error:
        raise _fail(str(error)) from None
    baseline.mark(result, accepted, baseline.Roots(roots))


def _render(report: Report, output_format: OutputFormat, look: TextOptions | None = None) -> str:
    if output_format is OutputFormat.sarif:
        from bondlint.reporters import sarif

        return sarif.render(report)
    if output_format is OutputFormat.json:
        from bondlint.reporters import json as json_reporter

        return json_reporter.render(report)
    if output_format is OutputFormat.gitlab:
        from bondlint.reporters import gitlab

        return gitlab.render(report)
    if output_format is OutputFormat.github:
        from bondlint.reporters import github

        return github.render(report)
    if output_format is OutputFormat.junit:
        from bondlint.reporters import junit

        return junit.render(report)
    from bondlint.reporters import text

    return text.render(report, look)


class ListFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def show(
    paths: PathsArgument,
    host: HostOption = None,
    bond: BondOption = None,
    output_format: Annotated[
        ListFormat,
        typer.Option(
            "--format", "-f", help="text: a table per entity; json: the view the policies evaluate, with origins."
        ),
    ] = ListFormat.text,
    output: OutputFileOption = None,
    config_file: Annotated[
        Path | None, typer.Option("--config", help="Configuration file (its exclude applies).")
    ] = None,
) -> None:
    """Show what bondlint read and the model it judges: every value with its origin."""
    from bondlint.reporters import show as shown

    _, _, result = _run_scan(paths, None, None, None, config_file)
    groups, entities = shown.selected(result, host, bond)
    if host is not None and not groups:
        known = ", ".join(sorted({g.name for g in result.groups})) or "none"
        raise _fail(f"no host named {host!r} (hosts: {known})")
    if bond is not None and not any(e.kind == "bond" for e in entities):
        known = ", ".join(sorted({e.name for e in result.entities if e.kind == "bond"})) or "none"
        raise _fail(f"no bond named {bond!r}{' on ' + host if host else ''} (bonds: {known})")
    render = shown.render_json if output_format == ListFormat.json else shown.render_text
    _write(render(result, host, bond), output)


@app.command()
def fix(
    paths: Annotated[list[Path], typer.Argument(help="Files and directories to fix.", show_default=False)],
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff of the fixes; write nothing.")] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="Also make the fixes that change behaviour (a mode, a new primary).")
    ] = False,
    policy_dir: PolicyDirOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Fix findings in the bonds' own files (docs/fix.md): only the lines that change, each
    fix kept only when a scan of the fixed file shows the finding gone and nothing new."""
    from bondlint.discovery import discover
    from bondlint.fix.output import summary, unified_diff, write_fixes
    from bondlint.fix.plan import plan_fixes

    config = _config(config_file)
    policies = _select(_load(policy_dir, config), _split(select) or config.select, config.ignore + _split(ignore))
    for folder in policy_dir or []:
        config.exclude_folder(folder)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise _fail(f"no such file or directory: {', '.join(missing)}")
    planned = plan_fixes(discover(paths, exclude=config.exclude, exclude_root=config.root), policies, unsafe_fixes)
    if diff:
        _write(unified_diff(planned), None)
        typer.echo(summary(planned, False, unsafe_fixes), err=True, nl=False)
        raise typer.Exit(EXIT_FINDINGS if planned.changed else EXIT_OK)
    problems = write_fixes(planned)
    typer.echo(summary(planned, True, unsafe_fixes), nl=False)
    for problem in problems:
        typer.echo(f"bondlint: {problem}", err=True)
    raise typer.Exit(EXIT_FINDINGS if problems else EXIT_OK)


class PlanFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def plan(
    paths: PathsArgument,
    host: HostOption = None,
    bond: BondOption = None,
    verify: Annotated[
        bool, typer.Option("--verify", help="PATHS are BEFORE and AFTER captures of a test: check the outcome.")
    ] = False,
    output_format: Annotated[PlanFormat, typer.Option("--format", "-f", help="Output format.")] = PlanFormat.text,
    output: OutputFileOption = None,
    config_file: ConfigOption = None,
) -> None:
    """The failover test per bond: which port to fail and how, what must happen and how fast, the failback."""
    from bondlint.failover import render, run

    if verify:
        if len(paths) != 2:
            raise _fail("--verify takes two captures: BEFORE AFTER")
        before, after = (_run_scan([p], None, None, None, config_file)[2] for p in paths)
        checks = run.verification(before, after)
        _write(render.checks_json(checks) if output_format is PlanFormat.json else render.checks_text(checks), output)
        raise typer.Exit(EXIT_OK if checks and all(c.ok for c in checks) else EXIT_FINDINGS)
    plans = run.plans(_run_scan(paths, None, None, None, config_file)[2], host, bond)
    if (host or bond) and not plans:
        raise _fail(f"no bond matches{' --host ' + host if host else ''}{' --bond ' + bond if bond else ''}")
    shown = {PlanFormat.json: render.plans_json, PlanFormat.markdown: render.plans_markdown}
    _write(shown.get(output_format, render.plans_text)(plans), output)


@app.command()
def simulate(
    paths: Annotated[list[Path], typer.Argument(help="Hosts and switch side to read.", show_default=False)],
    fail: Annotated[
        str, typer.Option("--fail", help="HOST:PORT, SWITCH:PORT, SWITCH or SWITCH:uplinks.", show_default=False)
    ],
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.text,
    output: OutputFileOption = None,
    config_file: ConfigOption = None,
) -> None:
    """What one failure does to every bond: survives, degraded or dark (exit 1 when any goes dark)."""
    from bondlint.failover import render, run
    from bondlint.failover.simulate import SpecError

    try:
        simulated = run.simulation(_run_scan(paths, None, None, None, config_file)[2], fail)
    except SpecError as error:
        raise _fail(str(error)) from None
    shown = render.simulation_json if output_format is ListFormat.json else render.simulation_text
    _write(shown(simulated), output)
    raise typer.Exit(EXIT_FINDINGS if simulated.counts()["dark"] else EXIT_OK)


@app.command()
def rules(
    policy_dir: PolicyDirOption = None,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.text,
) -> None:
    """List every policy: id, severity, name and title (json adds tags and source file)."""
    policies = _load(policy_dir, _config(None))
    if output_format is ListFormat.json:
        import json

        listing = [
            {
                "id": p.id,
                "name": p.name,
                "severity": p.severity,
                "title": p.title,
                "tags": list(p.tags),
                "enabled": p.enabled,
                "parameters": p.parameters,
                "source": p.source,
            }
            for p in policies
        ]
        typer.echo(json.dumps(listing, indent=2, sort_keys=True))
        return
    width = max((len(p.name) for p in policies), default=4)
    for policy in policies:
        optional = "" if policy.enabled else "  (opt-in)"
        typer.echo(f"{policy.id}  {policy.severity:<7}  {policy.name:<{width}}  {policy.title}{optional}")


@app.command()
def explain(
    rule: Annotated[str, typer.Argument(help="Rule id (BL001) or name (no-link-monitoring).")],
    policy_dir: PolicyDirOption = None,
) -> None:
    """Why a rule matters, how to fix what it reports, and where to read more."""
    policies = _load(policy_dir, _config(None))
    found = [p for p in policies if rule in (p.id, p.name) or rule.upper() == p.id]
    if not found:
        hint = _did_you_mean(rule, [key for p in policies for key in (p.id, p.name)])
        raise _fail(f"unknown rule: {rule}{hint} (see 'bondlint rules')")
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
    ]
    if policy.parameters:
        lines += ["", "Parameters:", *(f"  {k} = {v!r}" for k, v in sorted(policy.parameters.items()))]
    lines += ["", "Examples:"]
    for example in policy.examples:
        verdict = f"reported at {', '.join(example.expect)}" if example.expect else "not reported"
        lines.append(f"  {example.name} ({verdict})")
        for path, text in example.files.items():
            lines.append(f"    --- {path}")
            lines.extend(f"    {line}" for line in text.rstrip("\n").split("\n"))
    lines += ["", f"Defined in {policy.source}"]
    typer.echo("\n".join(lines))


@app.command()
def audit(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(help="sosreport trees, tarballs, or folders holding them (searched recursively).")
    ],
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="text is the fleet summary; json, sarif, gitlab, github and junit list every finding.",
        ),
    ] = OutputFormat.text,
    output: OutputOption = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes [default: the number of cores].")] = 0,
    fail_on: Annotated[
        FailOn | None, typer.Option(help="Lowest severity that makes the exit code 1 [default: warning].")
    ] = None,
    policy_dir: PolicyDirOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    config_file: ConfigOption = None,
    include_suppressed: IncludeSuppressedOption = False,
    docs_url: DocsUrlOption = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="Report only findings not in this baseline ('bondlint baseline create' over the same bundles;"
            " entries name hosts, not bundles, so a new collection of a host still matches).",
        ),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html", help="Also write a self-contained HTML page (summary, per-rule chart, sortable host table)."
        ),
    ] = None,
    network: Annotated[
        list[Path] | None,
        typer.Option(
            "--network",
            metavar="PATH",
            help="Switch configurations, switch neighbor tables or wiring inventories (files or folders,"
            " repeatable): read once, every bundle's hosts are joined to them and cross-checked.",
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="Audit on the Dask cluster whose scheduler is at ADDRESS (tcp://scheduler:8786) instead of --jobs"
            " processes; every worker must see the bundles at the same paths."
            " Needs Dask distributed (pip install 'dask[distributed]').",
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Findings only, one line each (text), instead of the fleet summary; no progress line."
        ),
    ] = False,
    statistics: StatisticsOption = False,
    color: ColorOption = ColorChoice.auto,
    allow_empty: AllowEmptyOption = False,
) -> None:
    """Audit a fleet of sosreports: which hosts will not fail over, and why."""
    import os

    from bondlint.fleet import ClusterError, ProgressLine, find_bundles, require_distributed
    from bondlint.fleet import audit as run_audit
    from bondlint.reporters import Report, safe_result

    reports = _targets(ctx, output, output_format)
    if dask is not None:
        if jobs:
            raise _fail("--jobs and --dask do not go together: on a Dask cluster its workers set the parallelism")
        if not dask.strip():
            raise _fail("--dask needs the scheduler's address, e.g. tcp://scheduler:8786")
        try:
            require_distributed()
        except ClusterError as error:
            raise _fail(str(error)) from None
    config = _config(config_file)
    policies = _select(_load(policy_dir, config), _split(select) or config.select, config.ignore + _split(ignore))
    missing = [str(p) for p in [*paths, *(network or [])] if not p.exists()]
    if missing:
        raise _fail(f"no such file or directory: {', '.join(missing)}")
    if jobs < 0:
        raise _fail(f"--jobs {jobs}: give a number of worker processes (0: one per core)")
    bundles = find_bundles(paths, exclude=config.exclude, exclude_root=config.root)
    if not bundles:
        raise _fail("no sosreport trees or tarballs found")
    _statistics_in_text(statistics, output_format)
    progress = ProgressLine()
    progress.enabled = progress.enabled and not quiet
    try:
        result = run_audit(bundles, policies, jobs or os.cpu_count() or 1, progress, dask=dask, network_paths=network)
    except ClusterError as error:
        raise _fail(str(error)) from None
    _settle(result, config, policies)
    if baseline is not None:
        from bondlint.discovery import display_path

        _apply_baseline(result, baseline, [display_path(p) for p in [*bundles, *(network or [])]])
    from bondlint.reporters.fleet import BundlePlaces

    report = Report(
        result=safe_result(result),
        policies=tuple(policies),
        tool_version=__version__,
        include_suppressed=include_suppressed,
        docs_url=_docs_url(docs_url, config),
        place=BundlePlaces.of(bundles),  # SARIF names what a bundle holds by host, not by bundle
    )
    for target in reports:  # one audit, every report
        _write(_audit_report(report, result, target, color, quiet, statistics), target.path)
    if html is not None:
        from bondlint.reporters import html as html_reporter

        _write(html_reporter.render(report), html)
    _nothing_checked(report, allow_empty)
    raise typer.Exit(_exit_code(result, fail_on, config))


def _audit_report(
    report: Report, result: ScanResult, target: Target, color: ColorChoice, quiet: bool, statistics: bool
) -> str:
    """The audit's text is the fleet summary; --quiet, --statistics: the scan's text report, concise."""
    if target.format == OutputFormat.text.value and not (quiet or statistics):
        from bondlint.reporters import fleet

        return fleet.render(report)
    look = _text_options(result, target.path, color, False, quiet, statistics, report.docs_url)
    return _render(report, OutputFormat(target.format), look)


baseline_app = typer.Typer(help="Accept today's findings; report only new ones.", no_args_is_help=True)
app.add_typer(baseline_app, name="baseline")


BaselineFileOption = Annotated[
    Path, typer.Option("--baseline", "-b", help="The baseline file to revise (rewritten in place).")
]


@baseline_app.command("create")
def baseline_create(
    paths: Annotated[list[Path], typer.Argument(help="Files and directories to scan.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Baseline file to write.")] = Path(
        ".bondlint-baseline.json"
    ),
    policy_dir: PolicyDirOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Record the current findings; 'scan --baseline FILE' then reports only new ones."""
    from bondlint import baseline

    _, result, roots = _baseline_scan(paths, policy_dir, select, ignore, config_file)
    entries = baseline.create(result.findings, roots)
    _write(baseline.document(entries, __version__), output)
    typer.echo(f"{len(entries)} findings recorded in {output}", err=True)


@baseline_app.command("update")
def baseline_update(
    paths: Annotated[list[Path], typer.Argument(help="Files and directories to scan.")],
    file: BaselineFileOption = Path(".bondlint-baseline.json"),
    policy_dir: PolicyDirOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Rewrite the baseline with today's findings: entries still matched are kept as
    written, new findings are added, stale entries (fixed, gone) are dropped and listed."""
    _revise(file, paths, policy_dir, select, ignore, config_file, add_new=True)


@baseline_app.command("prune")
def baseline_prune(
    paths: Annotated[list[Path], typer.Argument(help="Files and directories to scan.")],
    file: BaselineFileOption = Path(".bondlint-baseline.json"),
    policy_dir: PolicyDirOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Drop the entries that match no finding any more, listing them; add nothing."""
    _revise(file, paths, policy_dir, select, ignore, config_file, add_new=False)


def _baseline_scan(
    paths: list[Path],
    policy_dir: list[Path] | None,
    select: list[str] | None,
    ignore: list[str] | None,
    config_file: Path | None,
) -> tuple[list[Policy], ScanResult, baseline_module.Roots]:
    from bondlint import baseline

    config, policies, result = _run_scan(paths, policy_dir, select, ignore, config_file)
    _settle(result, config, policies)
    return policies, result, baseline.Roots(g.root for g in result.groups)


def _revise(
    file: Path,
    paths: list[Path],
    policy_dir: list[Path] | None,
    select: list[str] | None,
    ignore: list[str] | None,
    config_file: Path | None,
    add_new: bool,
) -> None:
    """``baseline update`` and ``prune``: stale entries on stdout, the tally on stderr.
    Entries of rules not run or of hosts not scanned are kept as written."""
    from bondlint import baseline
    from bondlint.reporters import printable

    try:
        accepted = baseline.read(file)
    except baseline.BaselineError as error:
        raise _fail(str(error)) from None
    policies, result, roots = _baseline_scan(paths, policy_dir, select, ignore, config_file)
    scope = baseline.Scope(
        frozenset(p.id for p in policies), frozenset([*result.hosts, *(g.name for g in result.groups), ""])
    )
    revision = baseline.revise(accepted, result.findings, roots, scope, add_new)
    for stale in revision.stale:
        typer.echo(f"stale: {printable(baseline.describe(stale))}")
    _write(baseline.document(revision.entries, __version__), file)
    tally = f"{file}: {revision.kept} kept, {revision.added} added, {len(revision.stale)} stale dropped"
    if revision.unjudged:
        tally += f", {revision.unjudged} not judged (rule not run or host not scanned) kept"
    if revision.migrated:
        tally += f" (migrated from format {accepted.version} to {baseline.FORMAT})"
    typer.echo(tally, err=True)


policy_app = typer.Typer(help="Check, test and document policy files.", no_args_is_help=True)
app.add_typer(policy_app, name="policy")


def _policy_dirs(directories: list[Path] | None) -> list[Path]:
    from bondlint.policies.loader import builtin_policy_dir

    return list(directories) if directories else [builtin_policy_dir()]


@policy_app.command("check")
def policy_check(
    directories: Annotated[
        list[Path] | None, typer.Argument(help="Policy directories (default: the builtin catalog).")
    ] = None,
) -> None:
    """Validate policy files against the schema and every property, pointer and message
    field they use against the view schema; errors name file, line and key."""
    from bondlint.policies.loader import PolicyError, load_policies

    try:
        # Always the YAML itself: the builtin bundle was checked by the bondlint that wrote it.
        policies = load_policies(_policy_dirs(directories), use_bundle=False)
    except PolicyError as error:
        for problem in error.problems:
            typer.echo(problem)
        typer.echo(f"{len(error.problems)} problem(s)")
        raise typer.Exit(EXIT_USAGE) from None
    from bondlint.policies.engine import slow_engine_notes

    for note in slow_engine_notes(policies):
        typer.echo(note)
    typer.echo(f"{len(policies)} policies valid")


@policy_app.command("test")
def policy_test(
    directories: Annotated[
        list[Path] | None, typer.Argument(help="Policy directories (default: the builtin catalog).")
    ] = None,
) -> None:
    """Run every policy against its own examples (like semgrep --test or opa test)."""
    from bondlint.policies.loader import PolicyError, load_policies
    from bondlint.policy_examples import run_examples

    try:
        policies = load_policies(_policy_dirs(directories))
    except PolicyError as error:
        for problem in error.problems:
            typer.echo(problem, err=True)
        raise _fail(f"{len(error.problems)} problem(s) in policy files") from None
    from bondlint.policies.engine import CompiledPolicy

    catalog = [CompiledPolicy(p) for p in policies]
    passed = failed = 0
    for policy in policies:
        for outcome in run_examples(policy, catalog):
            if outcome.passed:
                passed += 1
                continue
            failed += 1
            typer.echo(
                f"{policy.source}: {policy.id} example '{outcome.example.name}': expected "
                f"{list(outcome.example.expect) or 'no finding'}, got {list(outcome.reported) or 'no finding'}"
            )
            for finding in outcome.findings:
                typer.echo(f"    {finding.location.path}:{finding.location.line}: {finding.message}")
    typer.echo(f"{passed} passed, {failed} failed")
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


@policy_app.command("docs")
def policy_docs(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for the pages (relative to the current directory).")
    ] = Path("docs/rules"),
    view: Annotated[
        Path, typer.Option("--view", help="Page documenting the entity views (from the view schema).")
    ] = Path("docs/view.md"),
) -> None:
    """Write one Markdown page per builtin rule (BLnnn.md) and an index into --output
    (default: ./docs/rules), and the page of the views policies see (--view, default:
    ./docs/view.md).  Run from a source checkout, it also refreshes the pre-validated
    bundle of the builtin catalog; an installed bondlint's own files are never written."""
    from bondlint.policies.docs import expected_pages, view_page
    from bondlint.policies.loader import (
        BUILTIN_POLICY_DIR,
        PACKAGE_DIR,
        builtin_policy_dir,
        load_policies,
        write_bundle,
    )
    from bondlint.policies.viewcheck import view_schema

    inside = [str(p) for p in (output, view) if p.resolve().is_relative_to(PACKAGE_DIR.resolve())]
    if inside:
        raise _fail(f"{', '.join(inside)} is inside bondlint's own package: give --output/--view elsewhere")
    pages = expected_pages(load_policies([builtin_policy_dir()], use_bundle=False))
    output.mkdir(parents=True, exist_ok=True)
    for stale in output.glob("BL*.md"):
        if stale.name not in pages:
            stale.unlink()
    for name, text in pages.items():
        (output / name).write_text(text, encoding="utf-8")
    view.parent.mkdir(parents=True, exist_ok=True)
    view.write_text(view_page(view_schema()), encoding="utf-8")
    bundled = "the bundle of an installed bondlint is left as it is"
    if builtin_policy_dir() == BUILTIN_POLICY_DIR:  # a source checkout: its policies/ and its bundle
        bundled = f"{write_bundle(builtin_policy_dir())} policies bundled"
    typer.echo(f"{len(pages)} pages written to {output}; {view} written; {bundled}")


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"bondlint {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool | None,
        typer.Option("--version", "-V", callback=version_callback, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    """bondlint: audit Linux NIC bonding before it fails in production."""
