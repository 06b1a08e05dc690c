"""The detection time in the model and the failover-time budget (BL167, opt-in)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bondlint.cli import app
from bondlint.model.detection import detection

runner = CliRunner()

KEYFILE = """\
[connection]
id=bond0
type=bond
interface-name=bond0

[bond]
mode=active-backup
miimon=500
downdelay=1000
"""


@pytest.mark.parametrize(
    ("layer", "missed", "expected"),
    [
        ({"monitoring": "mii", "miimon": 100, "downdelay": 200, "arp_interval": 0}, None, 300),
        ({"monitoring": "mii", "miimon": 100, "arp_interval": 0}, None, 100),
        ({"monitoring": "arp", "miimon": 0, "arp_interval": 1000}, None, 2000),  # arp_missed_max default 2
        ({"monitoring": "arp", "miimon": 0, "arp_interval": 1000}, 3, 3000),
        ({"monitoring": "none", "miimon": 0, "arp_interval": 0}, None, None),
    ],
)
def test_detection_time_follows_the_kernel_timers(layer: dict, missed: int | None, expected: int | None) -> None:
    found = detection(layer, missed)
    assert (found[0] if found else None) == expected


def scan(path: Path, *args: str) -> dict:
    result = runner.invoke(app, ["scan", "--format", "json", "--fail-on", "never", *args, str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_budget_names_both_timers_at_their_lines(tmp_path: Path) -> None:
    (tmp_path / "bond0.nmconnection").write_text(KEYFILE)
    report = scan(tmp_path, "--select", "BL167")
    (finding,) = report["findings"]
    assert finding["rule"] == "BL167"
    assert finding["line"] == 8  # miimon=500
    assert "only after 1500 ms" in finding["message"]
    assert "over the site's failover budget of 1000 ms" in finding["message"]
    # The other timer, downdelay=1000, is the related location.
    assert [r["line"] for r in finding["related"]] == [9]


def test_budget_is_opt_in_and_tunable(tmp_path: Path) -> None:
    (tmp_path / "bond0.nmconnection").write_text(KEYFILE.replace("downdelay=1000", "downdelay=0"))
    assert not [f for f in scan(tmp_path)["findings"] if f["rule"] == "BL167"]
    assert not scan(tmp_path, "--select", "BL167")["findings"]  # 500 ms is within 1000
    config = tmp_path / "bondlint.yaml"
    config.write_text("rules:\n  failover-time-budget: {enabled: true, parameters: {max_failover_ms: 400}}\n")
    report = scan(tmp_path, "--config", str(config))
    assert [f["rule"] for f in report["findings"] if f["rule"] == "BL167"] == ["BL167"]
