"""scan --jobs: a generated netplan config repository scanned by bondlint and by yamllint.

Whole processes, as a user runs them, on the same generated repository of 1,000 netplan
hosts (bench/policy_engine.py's hosts: several bond modes, some failing a few policies),
medians of several rounds taken in this one run:

- ``bondlint scan --jobs 1`` vs ``yamllint -d relaxed`` on the same files;
- ``bondlint scan`` (default jobs: one worker per core) vs yamllint;
- the 10,000-host repository vs the 1,000-host one, both ``--jobs 1`` (linear growth).

Printed with the floors under them: a bondlint scan of one host (start-up: interpreter,
imports, policies), and ruamel.yaml loading the same 1,000 files (the YAML parser with
line numbers the netplan source must use).  ``--break-even`` instead times small
repositories with and without workers, to choose ``pipeline.SCAN_WORKERS_FROM``.
Goals (issue 16): jobs 1 <= 1.0x yamllint; default jobs on 2 cores <= 0.6x; 10k <= 10.5x 1k.

    pip install yamllint && python bench/scan_jobs.py [--rounds 5] [--no-10k] [--break-even]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from policy_engine import make_repo

GOAL_JOBS_1 = 1.0
GOAL_DEFAULT = 0.6
GOAL_10K = 10.5

# Loads every file as the netplan source does (ruamel.yaml, round-trip: line numbers).
RUAMEL_FLOOR = """
import sys
from pathlib import Path
from ruamel.yaml import YAML
yaml = YAML(typ="rt")
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"))
"""

# A scan with workers started whatever the number of hosts (the threshold set to 0).
FORCED_WORKERS = """
import sys
import bondlint.pipeline
bondlint.pipeline.SCAN_WORKERS_FROM = 0
from bondlint.cli import app
app(sys.argv[1:])
"""


def median_wall(command: list[str], rounds: int, cwd: Path) -> float:
    return median_times(command, rounds, cwd)[0]


def median_times(command: list[str], rounds: int, cwd: Path) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system, workers included)."""
    walls, cpus = [], []
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def discovery_time(folder: Path, rounds: int) -> float:
    """Finding and grouping the files (``discover``), which the scan does before any worker
    starts: median in this process."""
    from bondlint.discovery import discover

    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        discover([folder])
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bondlint(*args: str) -> list[str]:
    return [sys.executable, "-m", "bondlint", "scan", "--format", "json", *args]


def break_even(root: Path, rounds: int) -> int:
    print(f"workers (2) vs none, whole processes, median of {rounds} (wall, CPU of every process):")
    for hosts in (8, 16, 32, 64, 128, 256):
        repo = root / f"r{hosts}"
        make_repo(repo, hosts)
        alone, alone_cpu = median_times(bondlint("--jobs", "1", "hosts"), rounds, repo)
        forced = [sys.executable, "-c", FORCED_WORKERS, "scan", "--format", "json", "--jobs", "2", "hosts"]
        pooled, pooled_cpu = median_times(forced, rounds, repo)
        print(
            f"  {hosts:4d} hosts   in-process {alone * 1000:7.1f} ms (CPU {alone_cpu * 1000:7.1f} ms)"
            f"   2 workers {pooled * 1000:7.1f} ms (CPU {pooled_cpu * 1000:7.1f} ms)"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-10k", action="store_true", help="skip the 10,000-host repository")
    parser.add_argument("--break-even", action="store_true", help="time small scans with and without workers")
    args = parser.parse_args()
    yamllint = shutil.which("yamllint")
    if yamllint is None:
        print("needs the yamllint command on PATH (pip install yamllint)")
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        if args.break_even:
            return break_even(root, args.rounds)
        small, large = root / "r1k", root / "r10k"
        make_repo(small, 1000)
        cores = os.cpu_count() or 1
        load = os.getloadavg()[0]
        theirs, theirs_cpu = median_times([yamllint, "-d", "relaxed", "hosts"], args.rounds, small)
        one, one_cpu = median_times(bondlint("--jobs", "1", "hosts"), args.rounds, small)
        default, default_cpu = median_times(bondlint("hosts"), args.rounds, small)
        startup = median_wall(bondlint("--jobs", "1", "hosts/h0000"), args.rounds, small)
        ruamel = median_wall([sys.executable, "-c", RUAMEL_FLOOR, "hosts"], args.rounds, small)
        finding = discovery_time(small / "hosts", args.rounds)
        print(f"1,000 netplan hosts, whole processes, median of {args.rounds} rounds, {cores} cores:")
        if load > cores / 2:
            print(f"  the machine is busy (load {load:.1f} on {cores} cores): wall-time ratios, the parallel one most,")
            print("  are not what an idle machine gives; CPU times (all processes) are printed next to them")
        print(f"  yamllint -d relaxed                {theirs:7.3f} s   (CPU {theirs_cpu:6.3f} s)")
        print(f"  bondlint scan --jobs 1             {one:7.3f} s   {one / theirs:4.2f}x yamllint", end="")
        print(f" (goal <= {GOAL_JOBS_1}x)   (CPU {one_cpu:6.3f} s, {one_cpu / theirs_cpu:4.2f}x)")
        print(
            f"  bondlint scan (default: {cores} jobs)     {default:7.3f} s   {default / theirs:4.2f}x yamllint"
            f" (goal <= {GOAL_DEFAULT}x on 2 cores)   {one / default:4.2f}x faster than --jobs 1"
            f"   (CPU {default_cpu:6.3f} s)"
        )
        print(f"  floor: bondlint scan of one host   {startup:7.3f} s   {startup / theirs:4.2f}x yamllint (start-up)")
        print(
            f"  floor: ruamel.yaml loads the files {ruamel:7.3f} s   {ruamel / theirs:4.2f}x yamllint"
            f" (one process; / {cores} cores + start-up: {(startup + ruamel / cores) / theirs:4.2f}x)"
        )
        serial = startup + finding
        print(
            f"  floor: discovery (in this process) {finding:7.3f} s   serial before any worker starts: with start-up"
            f" and the load / {cores}: {(serial + ruamel / cores) / theirs:4.2f}x yamllint"
        )
        if not args.no_10k:
            make_repo(large, 10_000)
            rounds = max(1, args.rounds // 3)
            ten = median_wall(bondlint("--jobs", "1", "hosts"), rounds, large)
            print(
                f"10,000 hosts, --jobs 1, median of {rounds}: {ten:7.3f} s   {ten / one:5.2f}x the 1,000-host time"
                f" (goal <= {GOAL_10K}x)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
