"""Policy evaluation: jsonschema alone (the old engine) vs the compiled check (jsonschema-rs).

A generated config repository of 1,000 netplan hosts (bonds of several modes, some with
no link monitoring, ARP targets, a primary, VLANs: most pass every policy, some fail a
few) is scanned once; then the same entities are judged by every builtin policy on both
engines, each timed over several rounds after a warm-up (the jsonschema validators the
compiled engine builds for a failed policy are built then), medians compared. The
findings must be identical. Compiling the catalog is timed apart (once per run).
Goal (issue 16): the policy evaluation that was ~80 % of a fleet scan no longer is.

    python bench/policy_engine.py [--hosts 1000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bondlint.discovery import discover
from bondlint.pipeline import run
from bondlint.policies.engine import CompiledPolicy, evaluate
from bondlint.policies.loader import builtin_policy_dir, load_policies

MODES = ("active-backup", "802.3ad", "balance-xor", "balance-rr")


def netplan(index: int) -> str:
    """One host's netplan file; index decides mode, monitoring and extras."""
    mode = MODES[index % len(MODES)]
    lines = [
        "network:",
        "  version: 2",
        "  renderer: networkd",
        "  ethernets:",
        "    eno1: {}",
        "    eno2: {}",
        "  bonds:",
        "    bond0:",
        "      interfaces: [eno1, eno2]",
        "      parameters:",
        f"        mode: {mode}",
    ]
    if index % 7:
        lines.append(f"        mii-monitor-interval: {100 if index % 5 else 2000}")
    elif index % 2:
        lines += ["        arp-interval: 200", "        arp-ip-targets: [192.0.2.1, 192.0.2.2]"]
    if mode == "active-backup" and index % 3:
        lines.append("        primary: eno1")
    if mode == "802.3ad":
        lines += ["        lacp-rate: fast", "        transmit-hash-policy: layer3+4"]
    if index % 4 == 1:
        lines += ["      addresses: [198.51.100.10/24]"]
    if index % 6 == 2:
        lines += ["  vlans:", "    vlan100:", "      id: 100", "      link: bond0"]
    return "\n".join(lines) + "\n"


def make_repo(root: Path, hosts: int) -> None:
    for index in range(hosts):
        folder = root / f"hosts/h{index:04d}/etc/netplan"
        folder.mkdir(parents=True)
        (folder / "01-bond.yaml").write_text(netplan(index), encoding="utf-8")


def timed(function: object, rounds: int) -> float:
    assert callable(function)
    function()  # warm-up
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    policies = load_policies([builtin_policy_dir()])
    start = time.perf_counter()
    interpreted = [CompiledPolicy(p, compiled=False) for p in policies]
    compile_old = time.perf_counter() - start
    start = time.perf_counter()
    compiled = [CompiledPolicy(p) for p in policies]
    slow = [c.policy.id for c in compiled if c.slow_reason]  # compiles every schema (else done at first use)
    compile_new = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        make_repo(root, args.hosts)
        result = run(discover([root / "hosts"]), compiled)
    entities = result.entities
    old_findings = evaluate(interpreted, entities)
    new_findings = evaluate(compiled, entities)
    old = timed(lambda: evaluate(interpreted, entities), args.rounds)
    new = timed(lambda: evaluate(compiled, entities), args.rounds)
    failing = {finding.host for finding in new_findings}
    clean = [entity for entity in entities if entity.host not in failing]
    clean_old = timed(lambda: evaluate(interpreted, clean), args.rounds)
    clean_new = timed(lambda: evaluate(compiled, clean), args.rounds)
    print(
        f"{args.hosts} netplan hosts: {len(entities)} entities x {len(policies)} policies, "
        f"{len(new_findings)} findings on {len(failing)} hosts; median of {args.rounds} rounds"
    )
    print(f"  compiling the catalog     jsonschema {compile_old:7.3f} s    jsonschema-rs {compile_new:7.3f} s")
    print(f"  evaluating every policy   jsonschema {old:7.3f} s    jsonschema-rs {new:7.3f} s")
    print(
        f"  (hosts without findings   jsonschema {clean_old:7.3f} s    jsonschema-rs {clean_new:7.3f} s: verdicts only)"
    )
    print(f"  ratio old / new: {old / new:.1f}x   (policies on the slow engine: {', '.join(slow) or 'none'})")
    if old_findings != new_findings:
        print("  FINDINGS DIFFER between the engines")
        return 1
    print("  findings identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
