"""bondlint audit's blast radius per switch (issue 19, item 2): each switch failed in turn.

The runbook's broken (miimon=0) and fixed keyfile hosts as sosreports, cabled eno1 ->
leaf1 and eno2 -> leaf2 by a wiring file given with --network: losing leaf1 (their
active ports) darkens the broken bond and the fixed one survives in 100 ms; losing leaf2
(their backups) leaves both degraded. The outcomes are computed in the process that
audited each host and added up per switch in the fleet's text, JSON and HTML reports.
"""

from __future__ import annotations

import json
import re
import shutil
import tarfile
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from test_fleet_dask import cluster as cluster  # a Dask LocalCluster with worker processes
from test_fleet_html_browser import browser as browser  # the Chromium fixture
from test_simulate import WIRING  # the runbook hosts cabled eno1 -> leaf1, eno2 -> leaf2
from typer.testing import CliRunner

from bondlint.cli import app
from bondlint.reporters.blast import html_section, per_switch, text_lines
from bondlint.results import BlastOutcome

runner = CliRunner()
RUNBOOK = FIXTURES / "runbook"


def sosreport(fleet: Path, state: str, host: str, day: int = 24, tarball: bool = False) -> None:
    """The runbook's ``state`` keyfile host as a sosreport of ``host`` (a tree, or a tarball)."""
    name = f"sosreport-{host}-2026-11-{day}"
    tree = (fleet.parent / "staging" / name) if tarball else (fleet / name)
    shutil.copytree(RUNBOOK / state / "keyfile", tree)
    (tree / "sos_commands").mkdir(exist_ok=True)
    (tree / "version.txt").write_text("sosreport: 4.8.1\n")
    (tree / "hostname").write_text(f"{host}\n")
    (tree / "etc" / "hostname").write_text(f"{host}\n")
    if tarball:
        with tarfile.open(fleet / f"{name}.tar.xz", "w:xz") as bundle:
            bundle.add(tree, arcname=name)


@pytest.fixture
def fleet(tmp_path: Path) -> tuple[Path, Path]:
    fleet = tmp_path / "fleet"
    fleet.mkdir()
    sosreport(fleet, "broken", "rb-broken", tarball=True)
    sosreport(fleet, "fixed", "rb-fixed")
    network = tmp_path / "net"
    network.mkdir()
    (network / "wiring.yaml").write_text(WIRING)
    return fleet, network


def audit(fleet: Path, network: Path, *extra: str) -> str:
    result = runner.invoke(
        app, ["audit", "--fail-on", "never", "--network", str(network), *extra, str(fleet)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def blast_json(fleet: Path, network: Path, jobs: str, dask: str = "") -> dict[str, dict[str, Any]]:
    where = ["--dask", dask] if dask else ["--jobs", jobs]
    report = json.loads(audit(fleet, network, *where, "--format", "json"))
    return {entry["switch"]: entry for entry in report["blast_radius"]}


def test_each_switch_failed_in_turn_in_worker_processes_and_in_process(fleet: tuple[Path, Path]) -> None:
    found = blast_json(*fleet, jobs="2")
    assert list(found) == ["leaf1", "leaf2"]  # the switch with dark bonds first
    leaf1, leaf2 = found["leaf1"], found["leaf2"]
    assert leaf1["counts"] == {"dark": 1, "degraded": 0, "survives": 1, "unknown": 0}
    assert leaf1["slowest_detection_ms"] == 100
    dark, survives = leaf1["bonds"]  # the dark bond listed first
    assert (dark["host"], dark["bond"], dark["outcome"]) == ("rb-broken", "bond0", "dark")
    assert "no link monitor notices" in dark["reason"]
    assert (survives["host"], survives["outcome"], survives["detection_ms"]) == ("rb-fixed", "survives", 100)
    assert survives["reason"] == "fails over to eno2 within 100 ms"
    assert leaf2["counts"] == {"dark": 0, "degraded": 2, "survives": 0, "unknown": 0}
    assert leaf2["slowest_detection_ms"] is None
    # Computed in the worker that audited each host, or here: the same report.
    assert blast_json(*fleet, jobs="1") == found


@pytest.mark.integration
def test_on_a_dask_cluster_each_task_brings_its_hosts_outcomes_back(fleet: tuple[Path, Path], cluster: Any) -> None:
    assert blast_json(*fleet, jobs="1") == blast_json(*fleet, jobs="", dask=cluster.scheduler_address)


def test_the_same_outcomes_as_simulate_fail_on_the_loose_files(fleet: tuple[Path, Path], tmp_path: Path) -> None:
    found = blast_json(*fleet, jobs="1")
    loose = [str(p) for p in (tmp_path / "staging").iterdir()] + [str(p) for p in fleet[0].iterdir() if p.is_dir()]
    for switch in ("leaf1", "leaf2"):
        result = runner.invoke(app, ["simulate", "--fail", switch, "--format", "json", *loose, str(fleet[1])])
        simulated = json.loads(result.stdout)
        expected = {(o["host"], o["bond"], o["outcome"], o["detection_ms"], o["reason"]) for o in simulated["outcomes"]}
        audited = {(b["host"], b["bond"], b["outcome"], b["detection_ms"], b["reason"]) for b in found[switch]["bonds"]}
        assert audited == expected and sum(simulated["counts"].values()) == len(expected) == 2


def test_text_summary_and_html_page_count_each_switch(fleet: tuple[Path, Path], tmp_path: Path) -> None:
    page = tmp_path / "fleet.html"
    text = audit(*fleet, "--jobs", "2", "--html", str(page))
    section = text.split("Blast radius per switch (each switch failed in turn):\n")[1].split("\n\n")[0]
    assert section.splitlines() == [
        "  leaf1                2 bonds: 1 dark, 0 degraded, 1 survive (slowest 100 ms)  (dark: rb-broken bond0)",
        "  leaf2                2 bonds: 0 dark, 2 degraded, 0 survive",
    ]
    html = page.read_text()
    rows = re.findall(r'<td class="switch">([^<]*)</td><td>(\d+)</td><td class="dark" data-v="(\d+)">', html)
    assert rows == [("leaf1", "2", "1"), ("leaf2", "2", "0")]
    assert re.search(r'<ul class="dark-bonds"><li><code>rb-broken bond0</code>: [^<]*no link monitor', html)
    assert '<td class="slowest">100 ms (rb-fixed bond0)</td>' in html


def test_a_host_captured_twice_counts_once_with_its_worse_outcome(fleet: tuple[Path, Path]) -> None:
    # A later capture of rb-broken that shows the fixed configuration: losing leaf1 still
    # counts rb-broken once, dark (the worse of its two captures).
    sosreport(fleet[0], "fixed", "rb-broken", day=25)
    leaf1 = blast_json(*fleet, jobs="2")["leaf1"]
    assert leaf1["counts"] == {"dark": 1, "degraded": 0, "survives": 1, "unknown": 0}
    assert [(b["host"], b["outcome"]) for b in leaf1["bonds"]] == [("rb-broken", "dark"), ("rb-fixed", "survives")]


def test_an_audit_without_switches_says_so_in_html_and_adds_nothing_to_text_or_json(
    fleet: tuple[Path, Path], tmp_path: Path
) -> None:
    empty = tmp_path / "empty-net"
    empty.mkdir()
    (empty / "wiring.yaml").write_text("links: []\n")
    page = tmp_path / "fleet.html"
    text = audit(fleet[0], empty, "--jobs", "1", "--html", str(page))
    assert "Blast radius" not in text
    assert '<p id="blast-none">' in page.read_text() and '<table id="blast">' not in page.read_text()
    assert "blast_radius" not in json.loads(audit(fleet[0], empty, "--jobs", "1", "--format", "json"))


HOSTILE_HOST = "db<script>alert(1)</script>\x1b[2J"
HOSTILE_SWITCH = 'leaf"><img src=x onerror=alert(2)>'


def hostile() -> list[BlastOutcome]:
    return [
        BlastOutcome(HOSTILE_SWITCH, HOSTILE_HOST, "bond0\x07", "dark", None, "eno1<b> stays in use\n: no monitor"),
        BlastOutcome(HOSTILE_SWITCH, "ok&co", "bond1", "survives", 250, "fails over to eno2<i> within 250 ms"),
        BlastOutcome(HOSTILE_SWITCH, "ok&co", "bond2", "degraded", 100, "lost a <u>backup"),
    ]


def test_hostile_names_and_reasons_are_escaped_in_html_and_printable_in_text() -> None:
    html = html_section(hostile())
    assert "<script>" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html
    assert "\x1b" not in html and "\x07" not in html and "<u>" not in html
    assert "db&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "leaf&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert "250 ms (ok&amp;co bond1)" in html
    lines = text_lines(hostile())
    assert len(lines) == 2 and not any(ch in "".join(lines) for ch in "\x1b\x07\n")
    assert "1 dark, 1 degraded, 1 survive (slowest 250 ms)" in lines[1]


def test_switches_with_the_most_dark_bonds_come_first_and_text_names_five() -> None:
    many = [BlastOutcome("a-switch", f"h{n:02}", "bond0", "degraded", 100, "r") for n in range(3)]
    many += [BlastOutcome("z-switch", f"h{n:02}", "bond0", "dark", None, "r") for n in range(7)]
    many += [BlastOutcome("m-switch", "h00", "bond0", "survives", 300, "r")]
    assert [s.switch for s in per_switch(many)] == ["z-switch", "a-switch", "m-switch"]
    first = text_lines(many)[1]
    assert first.endswith("(dark: h00 bond0, h01 bond0, h02 bond0, h03 bond0, h04 bond0, …)")
    assert "7 bonds: 7 dark, 0 degraded, 0 survive" in first


# A host and a switch whose names are markup: the page must show them as text.
ODD_HOST = 'rb<img src=x onerror="window.pwned=1">'
ODD_SWITCH = "leaf<b onmouseover=window.pwned=2>1&amp;"


@pytest.mark.integration
def test_the_page_shows_the_section_in_chromium_with_markup_names_as_text(
    fleet: tuple[Path, Path], tmp_path: Path, browser: Any
) -> None:
    from selenium.webdriver.common.by import By

    sosreport(fleet[0], "broken", ODD_HOST, day=25)
    wiring = WIRING + (
        f"  - {{host: '{ODD_HOST}', host_port: eno1, switch: '{ODD_SWITCH}', switch_port: Gi1/0/1}}\n"
        f"  - {{host: '{ODD_HOST}', host_port: eno2, switch: leaf2, switch_port: Gi1/0/1}}\n"
    )
    (fleet[1] / "wiring.yaml").write_text(wiring)
    page = tmp_path / "fleet.html"
    audit(*fleet, "--jobs", "2", "--html", str(page))
    browser.get(page.as_uri())
    rows = browser.execute_script(
        "return [...document.querySelectorAll('#blast tbody tr')]"
        ".map(r => [...r.cells].map(c => c.firstChild ? c.firstChild.textContent.trim() : ''))"
    )
    assert rows == [
        ["leaf1", "2", "1", "0", "1", "100 ms (rb-fixed bond0)", "0"],
        [ODD_SWITCH, "1", "1", "0", "0", "", "0"],
        ["leaf2", "3", "0", "3", "0", "", "0"],
    ]
    dark = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#blast .dark-bonds li")]
    assert dark[0].startswith("rb-broken bond0: ") and dark[1].startswith(f"{ODD_HOST} bond0: ")
    assert browser.execute_script("return window.pwned === undefined && document.querySelectorAll('img').length") == 0
    assert not browser.find_elements(By.CSS_SELECTOR, "#blast b")
