"""pre-commit speed: bondlint vs yamllint on the same 20 changed files, as whole processes.

A pre-commit run costs mostly process start-up, so this measures what a developer waits
for: ``bondlint scan --changed-only FILES`` and ``yamllint FILES`` on 20 generated config
files (10 NetworkManager keyfiles, 10 netplan YAML files), each run several times in
this one run, medians compared. ``python -c pass`` is printed as the floor, and so is
the cost of merely importing the libraries the project must use for such a scan (typer
for the CLI, ruamel.yaml for the netplan inputs with line numbers, jsonschema-rs for the
policies' verdicts and the places of the findings these files have): no implementation
on this stack can start faster than that line.  The run over the 10 keyfiles alone is
printed too: it never needs ruamel.yaml.  Neither run imports jsonschema
(bench/importbudget.py keeps that).
Goal (issue 16): bondlint <= 1.0x yamllint's wall time.

Byte code is cached in a scratch folder (PYTHONPYCACHEPREFIX, also under
PYTHONDONTWRITEBYTECODE) and every command runs once before it is timed, so bondlint is
timed as installed, as yamllint is, not compiling its sources on every run.  The
commands take turns in each round, so the machine's load weighs on all alike.

    pip install yamllint && python bench/precommit.py [--rounds 7]
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

GOAL = 1.0
# What a run over these files must import: the CLI, the YAML reader with line numbers and
# the engine of the verdicts and of the findings' places.
STACK = ("typer", "ruamel.yaml", "jsonschema_rs")
KEYFILE_STACK = ("typer", "jsonschema_rs")  # no ruamel.yaml


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


def median_walls(commands: list[list[str]], cwd: Path, rounds: int) -> tuple[list[float], list[float]]:
    """Each command's median wall time and median CPU time (user + system of the
    process: what a busy machine's other work cannot add to); the commands take turns
    in every round, so a change in the machine's load weighs on all of them alike."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cwd / ".pycache")
    walls: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    for round_ in range(rounds + 1):  # the first round warms the byte-code cache, untimed
        for command, wall, cpu in zip(commands, walls, cpus, strict=True):
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            if round_:
                wall.append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.append(after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime)
    return [statistics.median(taken) for taken in walls], [statistics.median(taken) for taken in cpus]


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
        keyfiles = [f for f in files if f.endswith(".nmconnection")]
        walls, cpus = median_walls(
            [
                [sys.executable, "-c", "pass"],
                [sys.executable, "-c", f"import {', '.join(STACK)}"],
                [sys.executable, "-c", f"import {', '.join(KEYFILE_STACK)}"],
                [yamllint, "-d", "relaxed", *files],
                [bondlint, "scan", "--changed-only", *files],
                [bondlint, "scan", "--changed-only", *keyfiles],
            ],
            root,
            args.rounds,
        )
    floor, stack, keyfile_stack, theirs, ours, ours_keyfiles = walls
    ratio = ours / theirs
    rows = [
        ("python -c pass", floor, "(the floor)"),
        (f"import {', '.join(STACK)}", stack, "(the import floor of these files)"),
        (f"import {', '.join(KEYFILE_STACK)}", keyfile_stack, "(the import floor of keyfiles alone)"),
        ("yamllint", theirs, ""),
        ("bondlint", ours, f"(goal <= {GOAL}x), {ours / stack:4.2f}x its import floor"),
        ("bondlint, the 10 keyfiles alone", ours_keyfiles, f"{ours_keyfiles / keyfile_stack:4.2f}x its import floor"),
    ]  # in the order of the commands
    print(f"20 changed files, median of {args.rounds} whole-process runs: wall time (CPU time)")
    for (label, seconds, note), cpu in zip(rows, cpus, strict=True):
        print(
            f"  {label:53} {seconds * 1000:7.1f} ms ({cpu * 1000:5.1f})   "
            f"{seconds / theirs:4.2f}x yamllint ({cpu / cpus[3]:4.2f}x) {note}".rstrip()
        )
    print("goal met" if ratio <= GOAL else "GOAL NOT MET")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
