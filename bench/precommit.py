"""pre-commit speed: bondlint vs yamllint on the same 20 changed files, as whole processes.

A pre-commit run costs mostly process start-up, so this measures what a developer waits
for: ``bondlint scan --changed-only FILES`` and ``yamllint FILES`` on 20 generated config
files (10 NetworkManager keyfiles, 10 netplan YAML files), each run several times in
this one run, medians compared. ``python -c pass`` is printed as the floor, and so is
the cost of merely importing the libraries the project must use for such a scan (typer
for the CLI, ruamel.yaml for the netplan inputs with line numbers, jsonschema for the
policies): no implementation on this stack can start faster than that line.
Goal (issue 6): bondlint <= 0.5x yamllint's wall time.

    pip install yamllint && python bench/precommit.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 0.5


def make_files(root: Path) -> list[Path]:
    files = []
    for index in range(10):
        host = root / f"hosts/db{index:02d}/etc/NetworkManager/system-connections"
        host.mkdir(parents=True)
        keyfile = host / "bond0.nmconnection"
        keyfile.write_text(
            "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n[bond]\n"
            f"mode=active-backup\nmiimon={100 if index % 3 else 0}\nprimary=eno1\n"
        )
        files.append(keyfile)
        netplan = root / f"hosts/app{index:02d}/etc/netplan"
        netplan.mkdir(parents=True)
        yaml_file = netplan / "01-bond.yaml"
        yaml_file.write_text(
            "network:\n  version: 2\n  renderer: networkd\n  ethernets:\n    eno1: {}\n    eno2: {}\n"
            "  bonds:\n    bond0:\n      interfaces: [eno1, eno2]\n      parameters:\n"
            f"        mode: active-backup\n        mii-monitor-interval: {100 if index % 2 else 0}\n"
        )
        files.append(yaml_file)
    return files


def median_wall(command: list[str], cwd: Path, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    bondlint = shutil.which("bondlint")
    yamllint = shutil.which("yamllint")
    if bondlint is None or yamllint is None:
        print("needs the bondlint and yamllint commands on PATH (pip install . yamllint)")
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        files = [str(f.relative_to(root)) for f in make_files(root)]
        floor = median_wall([sys.executable, "-c", "pass"], root, args.rounds)
        stack = median_wall([sys.executable, "-c", "import typer, ruamel.yaml, jsonschema"], root, args.rounds)
        stack_no_schema = median_wall([sys.executable, "-c", "import typer, ruamel.yaml"], root, args.rounds)
        theirs = median_wall([yamllint, "-d", "relaxed", *files], root, args.rounds)
        ours = median_wall([bondlint, "scan", "--changed-only", *files], root, args.rounds)
    ratio = ours / theirs
    print(f"20 changed files, median of {args.rounds} whole-process runs")
    print(f"  python -c pass                          {floor * 1000:7.1f} ms   (the floor)")
    print(
        f"  import typer, ruamel.yaml, jsonschema   {stack * 1000:7.1f} ms   "
        f"{stack / theirs:4.2f}x yamllint (the stack's floor)"
    )
    print(
        f"  import typer, ruamel.yaml               {stack_no_schema * 1000:7.1f} ms   "
        f"{stack_no_schema / theirs:4.2f}x yamllint"
    )
    print(f"  yamllint                                {theirs * 1000:7.1f} ms")
    print(f"  bondlint                                {ours * 1000:7.1f} ms   {ratio:4.2f}x yamllint (goal <= {GOAL}x)")
    print("goal met" if ratio <= GOAL else "GOAL NOT MET")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
