"""bondlint plan --verify BEFORE AFTER on real-kernel captures (issue 19).

The captures are ../shared/corpus/kernel (a Debian 6.1 kernel in QEMU, veth ports whose
far end is brought down: see its README); the tests skip when it is absent.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import corpus_path
from typer.testing import CliRunner

from bondlint.cli import app

runner = CliRunner()
KERNEL = ("kernel", "6.1.0-56-amd64")

# Before and after shutting the active port's far end: the failover happened.
MATCHING = [
    ("ab-arp-reachable.1-up", "ab-arp-reachable.2-active-peer-down"),
    ("ab-fail-over-mac-active.1-up", "ab-fail-over-mac-active.2-active-peer-down"),
]
# Pairs that are no such test, each with what gives it away.
NOT_MATCHING = [
    # No port failed between the two (a port coming up is no failover).
    ("updelay-not-multiple.1-just-up", "updelay-not-multiple.2-settled", "no port's link failure count went up"),
    # Two different bonds (ARP monitor before, MII monitor after).
    ("ab-arp-reachable.1-up", "ab-fail-over-mac-active.2-active-peer-down", "do not show the same bond0"),
    # Reversed: before is the broken state.
    ("ab-arp-reachable.2-active-peer-down", "ab-arp-reachable.1-up", "every port of bond0 is up before"),
    # The same capture twice.
    ("ab-fail-over-mac-active.1-up", "ab-fail-over-mac-active.1-up", "no port's link failure count went up"),
]


def verify(before: Path, after: Path, *extra: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["plan", "--verify", "--format", "json", str(before), str(after), *extra])
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize(("before", "after"), MATCHING)
def test_matching_real_kernel_captures_are_accepted(before: str, after: str) -> None:
    code, report = verify(corpus_path(*KERNEL, before), corpus_path(*KERNEL, after))
    assert code == 0, report
    assert report["accepted"] is True
    messages = [c["message"] for c in report["checks"]]
    assert "link failure count of eth0 went up (0 -> 1) and no other port's did" in messages
    assert "the active port moved from eth0 to a port that is up (now: eth1)" in messages
    assert "eth0 is down after (MII Status: down)" in messages


@pytest.mark.parametrize(("before", "after", "reason"), NOT_MATCHING)
def test_other_pairs_are_rejected_with_the_difference(before: str, after: str, reason: str) -> None:
    code, report = verify(corpus_path(*KERNEL, before), corpus_path(*KERNEL, after))
    assert code == 1
    assert report["accepted"] is False
    failed = [c for c in report["checks"] if not c["ok"]]
    assert any(reason in c["message"] for c in failed), failed
    # Each difference is located at a capture file.
    assert all(c["path"] and Path(c["path"]).exists() for c in failed)


def test_a_failed_backup_port_is_not_the_planned_test(tmp_path: Path) -> None:
    """Failing the backup port raises its count, but the active port never moves: the
    test did not exercise the failover."""
    before = corpus_path(*KERNEL, "ab-fail-over-mac-active.1-up")
    text = (before / "proc_net_bonding_bond0").read_text()
    head, eth1 = text.split("Slave Interface: eth1")
    eth1 = eth1.replace("MII Status: up", "MII Status: down").replace("Link Failure Count: 0", "Link Failure Count: 1")
    after = tmp_path / "after"
    after.mkdir()
    (after / "proc_net_bonding_bond0").write_text(head + "Slave Interface: eth1" + eth1)
    code, report = verify(before, after)
    assert code == 1
    messages = {c["message"]: c["ok"] for c in report["checks"]}
    assert messages["link failure count of eth1 went up (0 -> 1) and no other port's did"] is True
    assert messages["the failed port eth1 was the active port before (it was eth0)"] is False
    assert messages["the active port moved from eth0 to a port that is up (now: eth0)"] is False


def test_text_verdict_and_arity(tmp_path: Path) -> None:
    before = corpus_path(*KERNEL, MATCHING[0][0])
    after = corpus_path(*KERNEL, MATCHING[0][1])
    result = runner.invoke(app, ["plan", "--verify", str(before), str(after)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "the captures match the plan"
    assert all(line.startswith("ok ") for line in result.stdout.splitlines()[:-1])
    result = runner.invoke(app, ["plan", "--verify", str(before)])
    assert result.exit_code == 2
    assert "two captures" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    shutil.copy(before / "commands.txt", empty / "notes.txt")
    result = runner.invoke(app, ["plan", "--verify", str(empty), str(after)])
    assert result.exit_code == 1
    assert "no bond in BEFORE to verify" in result.stdout
