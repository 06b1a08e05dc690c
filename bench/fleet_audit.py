"""Fleet audit speed and memory, measured against decompression in the same run.

Generates sosreport tarballs as sos 4.x writes them (.tar.xz written by Python's tarfile:
a pax header before each member for its fractional mtime and SELinux context, long
sos_commands/ names as pax paths, the sosreport-<host>-<date>-<id>/ root with
sos_commands/, sos_reports/, sos_logs/, proc/net/bonding, etc/NetworkManager/
system-connections and the root symlinks such as installed-rpms; thousands of members,
a few MB each, the bonding captures bondlint reads buried among them), and a twin of
each with the same members, names and bytes as plain ustar headers (whole-second mtimes,
GNU long names where a name does not fit). For both fleets it measures:

* the floor: ``xz -dc BUNDLE | tar -t`` over every bundle, one after the other;
* ``bondlint audit`` as a user runs it (``--jobs`` defaults to the number of cores) and
  ``--jobs 1``, over the same bundles (whole processes, start-up included), and the
  --jobs 1 time per member;
* peak memory of a one-bundle audit at 1x and 10x bundle size (resource.getrusage of
  the child), which should stay flat: only wanted members are kept.

Goals (issues 7 and 16): audit <= 1.2x the floor, on pax bundles as on ustar ones; no
slower per member than ustar (printed: pax / ustar time at --jobs 1; pax bundles hold
twice the headers and more bytes, so their floor is higher too); peak memory flat as
bundles grow. (The floor is itself two processes, xz and tar, working side by side;
bondlint overlaps the same two steps with a decompression thread per bundle and runs
bundles in parallel.)

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


# A sos 4.x report: the folders and plugin outputs sos writes (sos_commands/<plugin>/<command
# line>, long ones over tar's 100-byte name field), the root symlinks into sos_commands, its
# own reports and logs, and copies of /etc, /proc, /sys and /var/log.
PLUGINS = {
    "networking": ["ip_-d_address", "ip_-s_-d_link", "ethtool_-S_eno1", "ethtool_-i_eno1", "netstat_-W_-neopa"],
    "networkmanager": ["nmcli_con_show_id_bond0", "nmcli_general_all", "nmcli_dev_show"],
    "kernel": ["uname_-a", "lsmod", "sysctl_-a", "dmesg"],
    "host": ["hostname", "uptime", "hostnamectl_status"],
    "rpm": [
        "sh_-c_rpm_--nodigest_-qa_--qf_NAME_-_VERSION_-_RELEASE_._ARCH_INSTALLTIME_date_awk_-F_printf_-59s_s_n_1_2_sort_-V"
    ],
    "systemd": ["systemctl_list-units_--all", "systemctl_show_--all", "journalctl_--list-boots"],
    "logs": ["journalctl_--no-pager", "journalctl_--no-pager_--catalog_--boot_-1"],
    "block": ["lsblk", "blkid_-c_.dev.null", "udevadm_info_-a_--name_.dev.sda"],
}
# Root names sos links to plugin output ("hostname", "uname" and "installed-rpms" among them).
ROOT_LINKS = {
    "hostname": "sos_commands/host/hostname",
    "uname": "sos_commands/kernel/uname_-a",
    "uptime": "sos_commands/host/uptime",
    "lsmod": "sos_commands/kernel/lsmod",
    "installed-rpms": "sos_commands/rpm/" + PLUGINS["rpm"][0],
}
NMCONNECTION = b"""[connection]
id=bond0
type=bond
interface-name=bond0

[bond]
miimon=100
mode=active-backup
"""
SELINUX = "system_u:object_r:sosreport_var_tmp_t:s0"
BASE_MTIME = 1_764_000_000


class _Writer:
    """Adds members as sos does: PAX format with float mtimes (os.stat's) and an SELinux
    context record per file, or, for the twin, GNU format (plain ustar headers, a GNU
    long name only where a name does not fit) with whole-second mtimes."""

    def __init__(self, tar: tarfile.TarFile, pax: bool, rng: random.Random) -> None:
        self.tar, self.pax, self.rng = tar, pax, rng
        self.folders: set[str] = set()

    def _info(self, name: str, kind: bytes) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.type, info.uname, info.gname = kind, "root", "root"
        info.mode = 0o755 if kind == tarfile.DIRTYPE else 0o644
        fraction = self.rng.randrange(1_000_000_000) / 1e9  # a float mtime: st_mtime's nanoseconds
        info.mtime = BASE_MTIME + self.rng.randrange(86_400) + (fraction if self.pax else 0)
        if self.pax:
            info.pax_headers = {"RHT.security.selinux": SELINUX}
        return info

    def _folder(self, name: str) -> None:
        parent = name.rpartition("/")[0]
        if parent and parent not in self.folders:
            self._folder(parent)
            self.folders.add(parent)
            self.tar.addfile(self._info(parent, tarfile.DIRTYPE))

    def file(self, name: str, data: bytes) -> None:
        self._folder(name)
        info = self._info(name, tarfile.REGTYPE)
        info.size = len(data)
        self.tar.addfile(info, io.BytesIO(data))

    def link(self, name: str, target: str) -> None:
        self._folder(name)
        info = self._info(name, tarfile.SYMTYPE)
        info.linkname = target
        self.tar.addfile(info)


def _log(rng: random.Random, words: list[str]) -> bytes:
    # Log-like lines with ids and counters: they compress like real logs (~5:1), so each
    # bundle is a few MB, as real sosreports are.
    lines = [
        f"Nov 25 {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} "
        f"host {rng.choice(words)}[{rng.getrandbits(16)}]: "
        f"{rng.getrandbits(64):016x} {rng.choice(words)} {rng.getrandbits(32)}\n"
        for _ in range(rng.randint(10, 40))
    ]
    return "".join(lines).encode()


def make_bundle(path: Path, host: str, members: int, seed: int, pax: bool = True) -> None:
    """A sos 4.x report as a .tar.xz: the captures bondlint reads plus about ``members``
    other members (plugin outputs, sos's own reports, logs, /proc and /sys copies).
    ``pax`` writes it as sos does (Python's tarfile, PAX headers); otherwise the same
    members, names and bytes as plain ustar headers with whole-second mtimes."""
    rng = random.Random(seed)
    root = f"sosreport-{host}-2026-11-25-{rng.getrandbits(24):06x}"
    words = [f"{w}{rng.randint(0, 999)}" for w in ("kernel", "systemd", "eth", "bond", "nm", "audit")] * 40
    mode, fmt = "w:xz", tarfile.PAX_FORMAT if pax else tarfile.GNU_FORMAT
    with tarfile.open(path, mode, preset=1, format=fmt) as tar:
        out = _Writer(tar, pax, random.Random(seed + 1))  # the same mtimes for both twins, but the fraction
        out.file(f"{root}/version.txt", b"sosreport: 4.8.1\n")
        out.file(f"{root}/etc/hostname", f"{host}\n".encode())
        out.file(f"{root}/proc/net/bonding/bond0", PROC.format(miimon=rng.choice((0, 100))).encode())
        out.file(f"{root}/etc/NetworkManager/system-connections/bond0.nmconnection", NMCONNECTION)
        for name, target in ROOT_LINKS.items():
            out.link(f"{root}/{name}", target)
        for report in ("sos.html", "sos.json", "sos.txt", "manifest.json"):
            out.file(f"{root}/sos_reports/{report}", _log(rng, words))
        for log in ("sos.log", "ui.log"):
            out.file(f"{root}/sos_logs/{log}", _log(rng, words))
        outputs = [f"sos_commands/{plugin}/{command}" for plugin, commands in PLUGINS.items() for command in commands]
        for relative in outputs:
            out.file(f"{root}/{relative}", f"{host}\n".encode() if relative.endswith("/hostname") else _log(rng, words))
        for index in range(members):
            out.file(f"{root}/{_other(index)}", _log(rng, words))


def _other(index: int) -> str:
    """The name of the index-th member bondlint does not read: a journal per session as
    sos's logs plugin names it (over 100 bytes with the root), logs, /sys and /proc copies."""
    kind = index % 4
    if kind == 0:
        return f"sos_commands/logs/journalctl_--no-pager_--unit_session-{index}.scope_--since_-3days_--output_short-iso"
    if kind == 1:
        return f"var/log/messages.{index}"
    if kind == 2:
        return f"sys/class/net/veth{index:05d}/statistics/rx_bytes"
    return f"proc/{index}/status"


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


def _fleet(folder: Path, count: int, members: int, pax: bool) -> list[Path]:
    folder.mkdir()
    bundles = []
    for index in range(count):
        bundle = folder / f"sosreport-host{index:03d}.tar.xz"
        make_bundle(bundle, f"host{index:03d}", members, index, pax=pax)
        bundles.append(bundle)
    return bundles


def _members(bundle: Path) -> int:
    with tarfile.open(bundle) as tar:
        return sum(1 for _ in tar)


def _audits(bondlint: str, folder: Path) -> bool:
    """Whether an audit of ``folder`` runs (a failing one would time its error message)."""
    done = subprocess.run([bondlint, "audit", "--fail-on", "never", str(folder)], capture_output=True, check=False)
    if done.returncode:
        print(f"bondlint audit {folder} failed:\n{done.stderr.decode(errors='replace')}")
    return done.returncode == 0


def _timed(bondlint: str, fleets: dict[str, tuple[Path, list[Path]]], rounds: int) -> dict[str, list[float]]:
    """Per fleet: the floor, the default audit and --jobs 1, medians of interleaved rounds
    (a disturbance of this shared machine hits every column alike)."""
    runs: dict[str, list[list[float]]] = {name: [] for name in fleets}
    for _ in range(rounds):
        for name, (folder, bundles) in fleets.items():
            runs[name].append(
                [
                    floor(bundles),
                    wall([bondlint, "audit", "--fail-on", "never", str(folder)]),
                    wall([bondlint, "audit", "--jobs", "1", "--fail-on", "never", str(folder)]),
                ]
            )
    return {name: [statistics.median(column) for column in zip(*rows, strict=True)] for name, rows in runs.items()}


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
        fleets = {}
        for name, pax in (("pax", True), ("ustar", False)):
            folder = Path(scratch) / name
            fleets[name] = (folder, _fleet(folder, args.bundles, args.members, pax))
        members = _members(fleets["pax"][1][0]) * args.bundles
        sizes = {name: sum(b.stat().st_size for b in bundles) / 1e6 for name, (_, bundles) in fleets.items()}
        if not all(_audits(bondlint, folder) for folder, _ in fleets.values()):
            return 2
        times = _timed(bondlint, fleets, args.rounds)
        small, large = Path(scratch) / "small", Path(scratch) / "large"
        small.mkdir(), large.mkdir()
        make_bundle(small / "sosreport-s.tar.xz", "s", args.members // 10, 99)
        make_bundle(large / "sosreport-l.tar.xz", "l", args.members, 99)
        rss_small = peak_rss_kib([bondlint, "audit", "--jobs", "1", "--fail-on", "never", str(small)])
        rss_large = peak_rss_kib([bondlint, "audit", "--jobs", "1", "--fail-on", "never", str(large)])
    print(
        f"{args.bundles} sos 4.x bundles x2 (PAX as sos writes them; the same members as plain ustar), "
        f"{members // args.bundles} members each, {sizes['pax']:.1f} / {sizes['ustar']:.1f} MB compressed, "
        f"{jobs} cores, median of {args.rounds}"
    )
    ratios = {}
    for name, (floor_s, default, one) in times.items():
        ratios[name] = default / floor_s
        per_member = 1e6 * one / members
        print(f"  {name}")
        print(f"    xz -dc | tar -t   {floor_s:6.2f} s   (the floor)")
        print(
            f"    audit             {default:6.2f} s   {ratios[name]:4.2f}x the floor (goal <= {GOAL_VS_FLOOR}x); "
            f"--jobs {jobs} by default"
        )
        print(
            f"    audit --jobs 1    {one:6.2f} s   {one / floor_s:4.2f}x the floor; {per_member:5.1f} us per member; "
            f"--jobs {jobs} is {one / default:4.2f}x faster"
        )
    pax_one, ustar_one = times["pax"][2], times["ustar"][2]
    print(f"  PAX / ustar, --jobs 1: {pax_one / ustar_one:4.2f}x the time per member")
    print(f"  peak RSS          {rss_small / 1024:6.1f} MiB at 1x, {rss_large / 1024:6.1f} MiB at 10x bundle size")
    ok = all(ratio <= GOAL_VS_FLOOR for ratio in ratios.values())
    print("goal met" if ok else "GOAL NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
