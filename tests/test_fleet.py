"""Fleet audit: many bundles, in parallel, merged deterministically, summarised."""

from __future__ import annotations

import json
import shutil
import tarfile
from pathlib import Path

import pytest
from conftest import FIXTURES, required_tool
from typer.testing import CliRunner

from bondlint.cli import app

runner = CliRunner()
SOSREPORT = FIXTURES / "sosreport" / "sosreport-db04-2026-11-24-xkqzmfa"


def make_fleet(root: Path) -> Path:
    """Three broken hosts (two trees, one tarball), one healthy, one hostile bundle."""
    fleet = root / "fleet"
    for host in ("db04", "web01"):
        tree = fleet / "trees" / f"sosreport-{host}-2026-11-24"
        shutil.copytree(SOSREPORT, tree)
        (tree / "hostname").write_text(f"{host}\n")
    staging = root / "staging" / "sosreport-tar01-2026-11-24"
    shutil.copytree(SOSREPORT, staging)
    (staging / "hostname").write_text("tar01\n")
    with tarfile.open(fleet / "sosreport-tar01-2026-11-24.tar.xz", "w:xz") as bundle:
        bundle.add(staging, arcname=staging.name)
    healthy = fleet / "trees" / "sosreport-ok01-2026-11-24"
    shutil.copytree(FIXTURES / "runbook" / "fixed" / "capture", healthy)
    (healthy / "sos_reports").mkdir()
    (healthy / "version.txt").write_text("sosreport: 4.8.1\n")
    (healthy / "hostname").write_text("ok01\n")
    data = (fleet / "sosreport-tar01-2026-11-24.tar.xz").read_bytes()
    (fleet / "sosreport-broken-2026-11-24.tar.xz").write_bytes(data[: len(data) // 3])
    return fleet


def test_audit_reports_each_host_and_survives_a_broken_bundle(tmp_path: Path) -> None:
    fleet = make_fleet(tmp_path)
    result = runner.invoke(app, ["audit", "--jobs", "2", "--format", "json", "--fail-on", "never", str(fleet)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    hosts = {f["host"] for f in report["findings"] if f["rule"] == "BL018"}
    assert hosts == {"db04", "web01", "tar01"}
    assert "ok01" in report["hosts"] and not [f for f in report["findings"] if f["host"] == "ok01"]
    tar_paths = {f["path"] for f in report["findings"] if f["host"] == "tar01"}
    assert any(
        "sosreport-tar01-2026-11-24.tar.xz!/sosreport-tar01-2026-11-24/proc/net/bonding/bond0" in p for p in tar_paths
    )
    # The truncated bundle: what was readable before the damage is audited, the damage is BL000.
    broken = [f for f in report["findings"] if "sosreport-broken" in f["path"]]
    assert any(f["rule"] == "BL000" for f in broken)


def test_parallel_and_serial_audits_are_byte_identical(tmp_path: Path) -> None:
    fleet = make_fleet(tmp_path)
    outputs = [
        runner.invoke(app, ["audit", "--jobs", str(jobs), "--format", "sarif", "--fail-on", "never", str(fleet)]).stdout
        for jobs in (1, 2)
    ]
    assert outputs[0] == outputs[1] and outputs[0]


def test_fleet_summary_names_hosts_per_rule_and_worst_hosts(tmp_path: Path) -> None:
    fleet = make_fleet(tmp_path)
    result = runner.invoke(app, ["audit", "--jobs", "1", str(fleet)])
    assert result.exit_code == 1
    text = result.stdout
    # The truncated bundle names db04 (its etc/hostname was read before the damage).
    assert text.startswith("4 hosts audited: 3 with errors, 0 with only warnings or notes, 1 clean")
    assert "BL018 error       3 hosts  carrier-down-port-still-up  (db04, tar01, web01)" in text
    assert "Worst hosts:" in text and "ok01" not in text.split("Worst hosts:")[1]


def test_html_report_is_self_contained_and_lists_hosts(tmp_path: Path) -> None:
    fleet = make_fleet(tmp_path)
    page = tmp_path / "fleet.html"
    result = runner.invoke(app, ["audit", "--jobs", "1", "--fail-on", "never", "--html", str(page), str(fleet)])
    assert result.exit_code == 0
    html = page.read_text()
    assert (
        "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html and "<script src" not in html
    )
    for host in ("db04", "web01", "tar01", "ok01"):
        assert f'<td data-v="{host}"><a href="#host-{host}">{host}</a></td>' in html
    assert 'id="finding-tar01-BL018"' in html and "carrier-down-port-still-up" in html


@pytest.mark.integration
def test_html_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    import subprocess

    chromium = required_tool(
        shutil.which("chromium") or shutil.which("chromium-browser"), "chromium", "apt-get install chromium"
    )
    fleet = make_fleet(tmp_path)
    page = tmp_path / "fleet.html"
    runner.invoke(app, ["audit", "--jobs", "1", "--fail-on", "never", "--html", str(page), str(fleet)])
    done = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    dom = done.stdout
    assert done.returncode == 0, done.stderr[-2000:]
    # The browser's DOM: the summary, and one row per host in the host table.
    assert 'id="summary"' in dom and "in 4 hosts" in dom
    table = dom.split('<table id="hosts">', 1)[1].split("</table>", 1)[0]
    assert table.count('<a href="#') >= 4 and all(h in table for h in ("db04", "web01", "tar01", "ok01"))


def test_only_sosreport_archives_are_bundles_and_the_config_excludes_some(tmp_path: Path) -> None:
    fleet = make_fleet(tmp_path)
    with tarfile.open(fleet / "app-logs-backup.tar.gz", "w:gz") as backup:  # a sosreport, renamed
        backup.add(SOSREPORT, arcname=SOSREPORT.name)
    (fleet / "notes.tar.xz").write_bytes(b"")
    result = runner.invoke(app, ["audit", "--format", "json", "--fail-on", "never", str(fleet)])
    hosts = json.loads(result.stdout)["hosts"]
    assert not [h for h in hosts if "app-logs" in h or "notes" in h], hosts
    # Named on the command line, an archive is a bundle whatever its name.
    named = runner.invoke(
        app, ["audit", "--format", "json", "--fail-on", "never", str(fleet / "app-logs-backup.tar.gz")]
    )
    assert named.exit_code == 0 and json.loads(named.stdout)["hosts"] == ["db04"]
    # The configuration file's exclude applies to bundles as it does to scan's inputs.
    config = tmp_path / "bondlint.yaml"
    config.write_text('exclude: ["fleet/trees/sosreport-db04-2026-11-24/"]\n')  # as scan takes it
    excluded = runner.invoke(
        app, ["audit", "--config", str(config), "--format", "json", "--fail-on", "never", str(fleet)]
    )
    report = json.loads(excluded.stdout)
    read = [item["path"] for item in report["inputs"]]
    assert read and not [path for path in read if "sosreport-db04" in path]
    assert "web01" in report["hosts"]


def test_a_negative_job_count_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", "--jobs", "-3", str(make_fleet(tmp_path))])
    assert result.exit_code == 2 and "--jobs -3" in result.output


def test_two_captures_of_one_host_count_its_problems_once(tmp_path: Path) -> None:
    fleet = tmp_path / "fleet"
    tree = fleet / "sosreport-db04-2026-11-24"
    shutil.copytree(SOSREPORT, tree)
    once = runner.invoke(app, ["audit", "--fail-on", "never", str(fleet)]).stdout
    with tarfile.open(fleet / "sosreport-db04-2026-11-25.tar.xz", "w:xz") as bundle:
        bundle.add(tree, arcname="sosreport-db04-2026-11-25")
    twice = runner.invoke(app, ["audit", "--fail-on", "never", str(fleet)]).stdout
    worst = [line for line in once.splitlines() if line.startswith("  db04 ")]
    assert worst and worst == [line for line in twice.splitlines() if line.startswith("  db04 ")]
    assert twice.startswith("1 host audited: 1 with errors")
