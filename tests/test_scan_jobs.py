"""scan --jobs: hosts parsed and judged in worker processes, the report byte-identical to
--jobs 1 (in every format, with the switch side, suppressions, a baseline, rule selection,
site policies and a configuration file), worker deaths and parser bugs as diagnostics."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT_ROOT
from typer.testing import CliRunner

from bondlint import pipeline
from bondlint.cli import app

FORMATS = ["text", "json", "sarif", "gitlab"]
JOBS = [["--jobs", "1"], ["--jobs", "2"], []]  # [] is the default: one per core
runner = CliRunner()
HOSTS = 200  # more than pipeline.SCAN_WORKERS_FROM: workers are started


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["scan", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def same_whatever_the_jobs(*args: str) -> str:
    """The report (and exit code) of ``scan ARGS`` for every --jobs: all equal."""
    outcomes = [invoke(*args, *jobs) for jobs in JOBS]
    for outcome, jobs in zip(outcomes[1:], JOBS[1:], strict=True):
        assert outcome[0] == outcomes[0][0], jobs
        assert outcome[1] == outcomes[0][1], jobs
    return outcomes[0][1]


@pytest.fixture
def workers_for_any_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers even for a handful of hosts (a real scan keeps those in-process)."""
    monkeypatch.setattr(pipeline, "SCAN_WORKERS_FROM", 0)


def netplan(index: int) -> str:
    mode = ("active-backup", "802.3ad", "balance-xor")[index % 3]
    lines = [
        "network:",
        "  version: 2",
        "  renderer: networkd",
        "  ethernets:",
        "    eno1: {}",
        "    eno2: {}",
        "  bonds:",
        "    bond0:",
    ]
    lines += ["      interfaces: [eno1, eno2]", "      parameters:", f"        mode: {mode}"]
    if index % 4:
        lines.append("        mii-monitor-interval: 100")
    elif index % 8 == 0:
        lines.insert(0, "# bondlint: ignore netplan-renderer-default lab host, no failover expected")
    if index % 50 == 7:
        lines.append("      - broken: [")  # malformed YAML: a diagnostic
    return "\n".join(lines) + "\n"


def make_repo(root: Path, hosts: int) -> Path:
    """A config repository: ``hosts`` netplan hosts (some suppressed, some malformed), the
    cross-check hosts and their switches (last in discovery order), a site policy and a
    configuration file."""
    for index in range(hosts):
        folder = root / f"hosts/h{index:04d}/etc/netplan"
        folder.mkdir(parents=True)
        (folder / "01-bond.yaml").write_text(netplan(index), encoding="utf-8")
    shutil.copytree(FIXTURES / "crosscheck/hosts/broken", root / "hosts/crosscheck")
    shutil.copytree(FIXTURES / "crosscheck/ios/broken", root / "zz-network")
    site = root / "site-policies"
    site.mkdir()
    builtin = (PROJECT_ROOT / "policies/BL009-active-backup-without-primary.yaml").read_text(encoding="utf-8")
    site_policy = builtin.replace("id: BL009", "id: SITE009").replace(
        "name: active-backup-without-primary", "name: site-primary-required"
    )
    (site / "SITE009.yaml").write_text(site_policy.replace("enabled: false", "enabled: true"), encoding="utf-8")
    (root / ".bondlint.yaml").write_text(
        "fail-on: error\nignore: [BL014]\nexclude: ['hosts/h0003/**']\n", encoding="utf-8"
    )
    return root


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("scan-jobs"), HOSTS)


@pytest.fixture(scope="module")
def baseline(repo: Path) -> Iterator[Path]:
    """A baseline of half the hosts: the other half's findings are new."""
    path = repo.parent / "baseline.json"
    half = [str(repo / "hosts" / f"h{index:04d}") for index in range(0, HOSTS, 2)]
    done = runner.invoke(app, ["baseline", "create", "-o", str(path), *half])
    assert done.exit_code == 0, done.stdout
    yield path


def test_jobs_must_be_one_or_more() -> None:
    for value in ("0", "-1", "-8"):
        result = runner.invoke(app, ["scan", "--jobs", value, str(FIXTURES / "runbook")])
        assert result.exit_code == 2, value
        assert "--jobs" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("output_format", FORMATS)
def test_fixtures_report_the_same_with_workers(workers_for_any_scan: None, output_format: str) -> None:
    out = same_whatever_the_jobs("--format", output_format, str(FIXTURES))
    assert out.strip()


@pytest.mark.slow
@pytest.mark.parametrize("output_format", FORMATS)
def test_a_repository_reports_the_same_with_workers(repo: Path, baseline: Path, output_format: str) -> None:
    config = str(repo / ".bondlint.yaml")
    site = str(repo / "site-policies")
    common = ["--format", output_format, "--config", config, "--policy-dir", site, str(repo)]
    out = same_whatever_the_jobs(*common)
    new = same_whatever_the_jobs(*common, "--baseline", str(baseline))
    if output_format == "json":
        same_whatever_the_jobs(*common, "--select", "BL151,SITE009,BL036")
        same_whatever_the_jobs(*common, "--ignore", "BL151")
        document = json.loads(out)
        rules = {f["rule"] for f in document["findings"]}
        assert {"BL000", "BL151", "BL036", "SITE009"} <= rules  # malformed, hosts, switch side, site
        assert document["suppressed"]
        assert 0 < len(json.loads(new)["findings"]) < len(document["findings"])
        assert not any("h0003" in f["path"] for f in document["findings"])  # the config's exclude


@pytest.mark.slow
def test_a_parser_bug_is_the_same_diagnostic_in_a_worker(
    workers_for_any_scan: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bondlint.sources import nm_keyfile

    def broken(text: str, path: str) -> object:
        raise ValueError("simulated parser bug")

    monkeypatch.setattr(nm_keyfile, "parse", broken)  # forked workers inherit it
    out = same_whatever_the_jobs("--format", "json", str(FIXTURES / "runbook"))
    messages = [f["message"] for f in json.loads(out)["findings"] if f["rule"] == "BL000"]
    assert any(f"internal error in the {nm_keyfile.FORMAT} parser" in m and "simulated" in m for m in messages)


@pytest.mark.slow
def test_nothing_is_written_but_the_report(repo: Path, tmp_path: Path) -> None:
    before = sorted(str(p) for p in repo.rglob("*"))
    report = tmp_path / "report.sarif"
    done = subprocess.run(
        [sys.executable, "-m", "bondlint", "scan", "--jobs", "2", "-f", "sarif", "-o", str(report), str(repo)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["report.sarif"]
    assert sorted(str(p) for p in repo.rglob("*")) == before


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")
def test_a_killed_worker_is_a_diagnostic_on_its_host_and_the_scan_goes_on(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", 600)
    scan = subprocess.Popen(
        [sys.executable, "-m", "bondlint", "scan", "--format", "json", "--jobs", "2", str(repo / "hosts")],
        cwd=tmp_path,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while len(_children(scan.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = _children(scan.pid)
    assert workers, "no worker processes"
    time.sleep(0.2)  # past fork: the workers are parsing
    os.kill(workers[0], signal.SIGKILL)
    out, err = scan.communicate(timeout=120)
    assert "Traceback" not in err
    assert scan.returncode in (0, 1)
    document = json.loads(out)
    killed = [f for f in document["findings"] if "its worker process was killed (SIGKILL" in f["message"]]
    assert len(killed) == 1, killed
    assert killed[0]["rule"] == "BL000"
    assert killed[0]["message"].startswith(("not scanned: ", "not judged: "))
    assert len(document["hosts"]) == 600 + 14  # every host is still reported
