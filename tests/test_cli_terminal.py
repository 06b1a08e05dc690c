"""The command line at a terminal and in a pipe (issue 17, item 4): colour, the detailed
and concise text, --quiet, --statistics, -V, shell completion, did-you-mean, "nothing
was checked" and where ``policy docs`` writes."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT_ROOT
from typer.testing import CliRunner

from bondlint.cli import app

runner = CliRunner()
KEYFILE = FIXTURES / "runbook" / "broken" / "keyfile"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
RED = "\x1b[1;31merror BL001\x1b[0m"


def _env(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    env.update(changes)
    return env


def _at_a_terminal(*args: str, env: dict[str, str]) -> str:
    """bondlint with its stdout on a pseudo-terminal: what the terminal received."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "bondlint", *args],
        stdin=subprocess.DEVNULL,
        stdout=terminal,
        stderr=subprocess.DEVNULL,
        cwd=PROJECT_ROOT,
        env=env,
    )
    os.close(terminal)
    received = b""
    while True:
        ready, _, _ = select.select([controller], [], [], 60)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        received += chunk
    process.wait(timeout=60)
    os.close(controller)
    return received.decode("utf-8").replace("\r\n", "\n")


def test_colour_on_a_terminal_none_in_a_pipe_and_as_the_environment_says() -> None:
    target = str(KEYFILE.relative_to(PROJECT_ROOT))
    coloured = _at_a_terminal("scan", target, env=_env(TERM="xterm"))
    assert RED in coloured
    assert "\x1b" not in _at_a_terminal("scan", target, env=_env(TERM="xterm", NO_COLOR="1"))
    assert "\x1b" not in _at_a_terminal("scan", "--color", "never", target, env=_env(TERM="xterm"))
    piped = subprocess.run(
        [sys.executable, "-m", "bondlint", "scan", target], cwd=PROJECT_ROOT, env=_env(), capture_output=True, text=True
    )
    assert "\x1b" not in piped.stdout and piped.returncode == 1
    assert ANSI.sub("", coloured) == piped.stdout  # colour changes nothing else
    forced = subprocess.run(
        [sys.executable, "-m", "bondlint", "scan", target],
        cwd=PROJECT_ROOT,
        env=_env(FORCE_COLOR="1"),
        capture_output=True,
        text=True,
    )
    assert RED in forced.stdout


def test_the_color_option_wins_and_a_file_report_is_plain(tmp_path: Path) -> None:
    always = runner.invoke(app, ["scan", "--color", "always", str(KEYFILE)], env={"NO_COLOR": "1"})
    assert RED in always.stdout
    never = runner.invoke(app, ["scan", "--color", "never", str(KEYFILE)], env={"FORCE_COLOR": "1"})
    assert "\x1b" not in never.stdout
    auto = runner.invoke(app, ["scan", str(KEYFILE)], env={"NO_COLOR": "", "FORCE_COLOR": ""})
    assert "\x1b" not in auto.stdout  # CliRunner's stdout is no terminal
    assert runner.invoke(app, ["scan", "--color", "sometimes", str(KEYFILE)]).exit_code == 2


def test_each_finding_shows_its_source_line_fix_and_docs_and_concise_does_not() -> None:
    detailed = runner.invoke(app, ["scan", str(KEYFILE)])
    concise = runner.invoke(app, ["scan", "--concise", str(KEYFILE)])
    assert detailed.exit_code == concise.exit_code == 1
    keyfile = f"{os.path.relpath(KEYFILE)}/etc/NetworkManager/system-connections/bond0.nmconnection"
    head = f"{keyfile}:10: error BL001 [no-link-monitoring]"
    lines = detailed.stdout.splitlines()
    assert lines[0].startswith(head) and lines[1] == "   10 | miimon=0"
    # The fix is filled from this finding's own profile (the rule's commands).
    assert lines[2] == '    fix: nmcli connection modify bond0 +bond.options "miimon=100"'
    assert lines[3] == "    docs: docs/rules/BL001.md"
    assert concise.stdout.splitlines()[0] == lines[0] and len(concise.stdout.splitlines()) == 3
    assert concise.stdout.splitlines()[1:] == lines[-2:]  # the summary and the hint


def test_the_docs_link_follows_the_configured_docs_url() -> None:
    linked = runner.invoke(app, ["scan", "--docs-url", "https://example.org/bondlint/rules/", str(KEYFILE)])
    assert "    docs: https://example.org/bondlint/rules/BL001.md" in linked.stdout.splitlines()


def test_quiet_and_statistics_on_scan() -> None:
    quiet = runner.invoke(app, ["scan", "-q", "--concise", str(KEYFILE)])
    assert quiet.exit_code == 1 and len(quiet.stdout.splitlines()) == 1 and "BL001" in quiet.stdout
    stats = runner.invoke(app, ["scan", "--statistics", str(FIXTURES / "runbook" / "broken")])
    assert stats.exit_code == 1
    assert stats.stdout.splitlines()[0] == "3  BL001  no-link-monitoring"
    assert stats.stdout.splitlines()[1].startswith("3 findings (3 errors)")
    wrong = runner.invoke(app, ["scan", "--statistics", "--format", "json", str(KEYFILE)])
    assert wrong.exit_code == 2 and "--statistics" in wrong.stderr


def test_audit_quiet_lists_findings_and_statistics_counts_them() -> None:
    sos = str(FIXTURES / "sosreport")
    quiet = runner.invoke(app, ["audit", "-j", "1", "-q", sos])
    assert quiet.exit_code == 1, quiet.output
    assert quiet.stdout and all(
        re.match(r"\S+:\d+: (error|warning|note) BL\d{3} \[", line) or line.startswith("    see also")
        for line in quiet.stdout.splitlines()
    )
    stats = runner.invoke(app, ["audit", "-j", "1", "--statistics", "-q", sos])
    counts = [int(line.split()[0]) for line in stats.stdout.splitlines()]
    assert counts == sorted(counts, reverse=True) and sum(counts) == sum(
        1 for line in quiet.stdout.splitlines() if not line.startswith(" ")
    )


def test_version_has_a_short_form_and_completion_is_offered() -> None:
    assert runner.invoke(app, ["-V"]).stdout == runner.invoke(app, ["--version"]).stdout
    assert runner.invoke(app, ["-V"]).stdout.startswith("bondlint ")
    helped = runner.invoke(app, ["--help"]).stdout
    assert "--install-completion" in helped and "--show-completion" in helped
    script = runner.invoke(app, ["--show-completion", "bash"], prog_name="bondlint")
    assert script.exit_code == 0 and "_BONDLINT_COMPLETE" in script.stdout


def test_did_you_mean_wherever_a_rule_is_named(tmp_path: Path) -> None:
    explained = runner.invoke(app, ["explain", "BL01"])
    assert explained.exit_code == 2 and "did you mean BL001, BL010 or BL011?" in explained.stderr
    selected = runner.invoke(app, ["scan", "--select", "no-link-monitorin", str(KEYFILE)])
    assert selected.exit_code == 2 and "no-link-monitorin (did you mean no-link-monitoring" in selected.stderr
    ignored = runner.invoke(app, ["scan", "--ignore", "BL0099", str(KEYFILE)])
    assert ignored.exit_code == 2 and "BL0099 (did you mean" in ignored.stderr
    config = tmp_path / ".bondlint.yaml"
    config.write_text("rules:\n  active-backup-without-primry: {severity: error}\n")
    configured = runner.invoke(app, ["scan", "--config", str(config), str(KEYFILE)])
    assert configured.exit_code == 2
    assert "unknown rule 'active-backup-without-primry' (did you mean active-backup-without-primary" in (
        configured.stderr
    )


def test_nothing_checked_exits_2_unless_allowed(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing bonding-related\n")
    empty = runner.invoke(app, ["scan", "--format", "json", str(tmp_path)])
    assert empty.exit_code == 2 and "nothing was checked" in empty.stderr and '"findings": []' in empty.stdout
    assert runner.invoke(app, ["scan", "--allow-empty", str(tmp_path)]).exit_code == 0
    quiet = runner.invoke(app, ["scan", "-q", str(tmp_path)])
    assert quiet.exit_code == 2 and quiet.stdout == ""  # said on stderr even when quiet
    bundle = tmp_path / "bundles" / "sosreport-x.tar.xz"
    bundle.parent.mkdir()
    with tarfile.open(bundle, "w:xz") as tar:
        tar.add(tmp_path / "notes.txt", arcname="sosreport-x/notes.txt")
    audited = runner.invoke(app, ["audit", "-j", "1", str(bundle.parent)])
    assert audited.exit_code == 2 and "nothing was checked" in audited.stderr
    assert runner.invoke(app, ["audit", "-j", "1", "--allow-empty", str(bundle.parent)]).exit_code == 0


@pytest.mark.integration
def test_a_change_without_bonding_input_is_not_nothing_checked(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "t")
    (tmp_path / "README.md").write_text("the lab\n")
    git("add", "README.md")
    for output_format in ("text", "json"):
        done = subprocess.run(
            [sys.executable, "-m", "bondlint", "scan", "--changed-only", "--format", output_format],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, (output_format, done.stdout, done.stderr)


@pytest.mark.integration
def test_a_judged_change_shows_its_fix_but_no_source_line_from_the_working_tree(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    keyfile = (KEYFILE / "etc/NetworkManager/system-connections/bond0.nmconnection").read_text()
    (tmp_path / "bond0.nmconnection").write_text(keyfile)
    git("add", "bond0.nmconnection")
    # The working tree differs from what is staged: the staged text is what is judged.
    (tmp_path / "bond0.nmconnection").write_text("# not what git has\n" * 20)
    done = subprocess.run(
        [sys.executable, "-m", "bondlint", "scan", "--changed-only"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "    fix: nmcli connection modify bond0" in done.stdout and "    docs: docs/rules/BL001.md" in done.stdout
    assert " | " not in done.stdout and "not what git has" not in done.stdout


def test_policy_docs_writes_only_where_told(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bondlint.policies.loader as loader

    bundled: list[Path] = []
    monkeypatch.setattr(loader, "write_bundle", lambda directory, target=None: bundled.append(directory) or 0)
    monkeypatch.chdir(tmp_path)
    done = runner.invoke(app, ["policy", "docs", "--output", "pages", "--view", "pages/view.md"])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "pages" / "BL001.md").is_file() and (tmp_path / "pages" / "view.md").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages"]
    # Run from a source checkout (editable install) its own bundle is refreshed; an
    # installed bondlint's package is never written.
    checkout = loader.builtin_policy_dir() == loader.BUILTIN_POLICY_DIR
    assert bundled == ([loader.BUILTIN_POLICY_DIR] if checkout else [])
    # An installed bondlint (its catalog inside the package) never rewrites its bundle.
    monkeypatch.setattr(loader, "builtin_policy_dir", lambda: loader.PACKAGE_DIR / "builtin_policies")
    monkeypatch.setattr(loader, "load_policies", lambda directories, use_bundle=True: [])
    bundled.clear()
    done = runner.invoke(app, ["policy", "docs"])
    assert done.exit_code == 0 and bundled == [] and "left as it is" in done.stdout
    assert (tmp_path / "docs" / "rules").is_dir()  # the default: ./docs/rules of the current directory
    refused = runner.invoke(app, ["policy", "docs", "--output", str(loader.PACKAGE_DIR / "rules")])
    assert refused.exit_code == 2 and "inside bondlint's own package" in refused.stderr
    assert not (loader.PACKAGE_DIR / "rules").exists()
