"""Fleet audit speed and memory, measured against decompression in the same run.

Generates sosreport tarballs (.tar.xz; thousands of members, a few MB each, with the
bonding captures bondlint reads buried among them), then measures:

* the floor: ``xz -dc BUNDLE | tar -t`` over every bundle, one after the other;
* ``bondlint audit`` as a user runs it (``--jobs`` defaults to the number of cores) and
  ``--jobs 1``, over the same bundles (whole processes, start-up included);
* peak memory of a one-bundle audit at 1x and 10x bundle size (resource.getrusage of
  the child), which should stay flat: only wanted members are kept.

Goals (issue 7): audit <= 1.2x the floor; peak memory flat as bundles grow. (The floor
is itself two processes, xz and tar, working side by side; bondlint overlaps the same
two steps with a decompression thread per bundle and runs bundles in parallel.)

    python bench/fleet_audit.py [--bundles 24] [--members 3000] [--rounds 3]

A fleet audit pays a fixed start-up (imports, policy compilation, worker processes:
~0.4 s here) before the first bundle; a fleet of a handful of bundles is dominated by it
(6 bundles: ~1.8x the floor), a fleet of dozens or hundreds is dominated by the bundles.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

GOAL_VS_FLOOR = 1.2
PROC = """Ethernet Channel Bonding Driver: v5.14.0-503.el9.x86_64

Bonding Mode: fault-tolerance (active-backup)
Primary Slave: None
Currently Active Slave: eno1
MII Status: up
MII Polling Interval (ms): {miimon}
Up Delay (ms): 0
Down Delay (ms): 0

Slave Interface: eno1
MII Status: up
Speed: 10000 Mbps
Duplex: full
Link Failure Count: 0

Slave Interface: eno2
MII Status: up
Speed: 10000 Mbps
Duplex: full
Link Failure Count: 0
"""


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 1_764_000_000
    tar.addfile(info, io.BytesIO(data))


def make_bundle(path: Path, host: str, members: int, seed: int) -> None:
    """A sosreport-like .tar.xz: the captures bondlint reads plus ``members`` log files."""
    rng = random.Random(seed)
    root = f"sosreport-{host}-2026-11-25"
    words = [f"{w}{rng.randint(0, 999)}" for w in ("kernel", "systemd", "eth", "bond", "nm", "audit")] * 40
    with tarfile.open(path, "w:xz", preset=1) as tar:
        _add(tar, f"{root}/hostname", f"{host}\n".encode())
        _add(tar, f"{root}/version.txt", b"sosreport: 4.8.1\n")
        _add(tar, f"{root}/sos_commands/networking/ip_-d_address", b"")
        _add(tar, f"{root}/proc/net/bonding/bond0", PROC.format(miimon=rng.choice((0, 100))).encode())
        _add(
            tar,
            f"{root}/etc/sysconfig/network-scripts/ifcfg-bond0",
            b'DEVICE=bond0\nBONDING_OPTS="mode=1 miimon=100"\n',
        )
        for index in range(members):
            # Log-like lines with ids and counters: they compress like real logs (~5:1),
            # so each bundle is a few MB, as real sosreports are.
            lines = [
                f"Nov 25 {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} "
                f"host {rng.choice(words)}[{rng.getrandbits(16)}]: "
                f"{rng.getrandbits(64):016x} {rng.choice(words)} {rng.getrandbits(32)}\n"
                for _ in range(rng.randint(10, 40))
            ]
            _add(tar, f"{root}/var/log/messages.{index}", "".join(lines).encode())


def wall(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, **kwargs)
    return time.perf_counter() - start


def floor(bundles: list[Path]) -> float:
    start = time.perf_counter()
    for bundle in bundles:
        subprocess.run(f"xz -dc '{bundle}' | tar -t > /dev/null", shell=True, check=False)
    return time.perf_counter() - start


_MEASURE = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def peak_rss_kib(command: list[str]) -> int:
    """Peak RSS of one run, measured by a fresh wrapper process (Linux reports KiB): the
    children maximum of this process would include every earlier run."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=False)
    return int(done.stdout.strip() or 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bundles", type=int, default=24)
    parser.add_argument("--members", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    bondlint = shutil.which("bondlint")
    if bondlint is None or shutil.which("xz") is None:
        print("needs the bondlint and xz commands on PATH")
        return 2
    jobs = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as scratch:
        fleet = Path(scratch) / "fleet"
        fleet.mkdir()
        bundles = []
        for index in range(args.bundles):
            bundle = fleet / f"sosreport-host{index:03d}.tar.xz"
            make_bundle(bundle, f"host{index:03d}", args.members, index)
            bundles.append(bundle)
        size = sum(b.stat().st_size for b in bundles)
        # Interleaved rounds, medians: a disturbance hits all three alike.
        rounds: list[tuple[float, float, float]] = []
        for _ in range(args.rounds):
            rounds.append(
                (
                    floor(bundles),
                    wall([bondlint, "audit", "--fail-on", "never", str(fleet)]),
                    wall([bondlint, "audit", "--jobs", "1", "--fail-on", "never", str(fleet)]),
                )
            )
        floor_s, default, one = (statistics.median(column) for column in zip(*rounds, strict=True))
        small, large = Path(scratch) / "small", Path(scratch) / "large"
        small.mkdir(), large.mkdir()
        make_bundle(small / "sosreport-s.tar.xz", "s", args.members // 10, 99)
        make_bundle(large / "sosreport-l.tar.xz", "l", args.members, 99)
        rss_small = peak_rss_kib([bondlint, "audit", "--jobs", "1", "--fail-on", "never", str(small)])
        rss_large = peak_rss_kib([bondlint, "audit", "--jobs", "1", "--fail-on", "never", str(large)])
    ratio = default / floor_s
    print(
        f"{args.bundles} bundles, {args.members} members each, {size / 1e6:.1f} MB compressed, "
        f"{jobs} cores, median of {args.rounds}"
    )
    print(f"  xz -dc | tar -t   {floor_s:6.2f} s   (the floor)")
    print(
        f"  audit             {default:6.2f} s   {ratio:4.2f}x the floor (goal <= {GOAL_VS_FLOOR}x); "
        f"--jobs {jobs} by default"
    )
    print(
        f"  audit --jobs 1    {one:6.2f} s   {one / floor_s:4.2f}x the floor; "
        f"--jobs {jobs} is {one / default:4.2f}x faster"
    )
    print(f"  peak RSS          {rss_small / 1024:6.1f} MiB at 1x, {rss_large / 1024:6.1f} MiB at 10x bundle size")
    ok = ratio <= GOAL_VS_FLOOR
    print("goal met" if ok else "GOAL NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
