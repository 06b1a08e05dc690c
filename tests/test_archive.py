"""sosreport tarballs read as shipped: streamed, never extracted, hostile bundles survived."""

from __future__ import annotations

import gzip
import io
import json
import random
import tarfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import bondlint.discovery as discovery
from bondlint.cli import app
from bondlint.discovery import archive, discover, display_path, walk
from bondlint.discovery.archive import read_bundle, wanted
from bondlint.discovery.inputs import is_archive

runner = CliRunner()
ROOT = "sosreport-web01-2026-12-01-abcdefg"

BOND0 = b"""Ethernet Channel Bonding Driver: v5.14.0-503.14.1.el9_5.x86_64

Bonding Mode: fault-tolerance (active-backup)
Primary Slave: None
Currently Active Slave: eno1
MII Status: up
MII Polling Interval (ms): 0
Up Delay (ms): 0
Down Delay (ms): 0
Peer Notification Delay (ms): 0

Slave Interface: eno1
MII Status: up
Speed: 10000 Mbps
Duplex: full
Link Failure Count: 0
Permanent HW addr: 52:54:00:12:34:01
Slave queue ID: 0

Slave Interface: eno2
MII Status: up
Speed: 10000 Mbps
Duplex: full
Link Failure Count: 0
Permanent HW addr: 52:54:00:12:34:02
Slave queue ID: 0
"""
IFCFG_ENO1 = b"DEVICE=eno1\nTYPE=Ethernet\nONBOOT=yes\nMASTER=bond0\nSLAVE=yes\n"

# The members bondlint reads, relative to the sosreport's root.
WANTED = {
    "hostname": b"web01\n",
    "version.txt": b"sosreport: 4.8.0\n",
    "uname": b"Linux web01 5.14.0-503.14.1.el9_5.x86_64 #1 SMP x86_64 GNU/Linux\n",
    "etc/hostname": b"web01.example.com\n",
    "etc/machine-id": b"0123456789abcdef0123456789abcdef\n",
    "proc/net/bonding/bond0": BOND0,
    "etc/sysconfig/network-scripts/ifcfg-eno1": IFCFG_ENO1,
    "sos_commands/networking/ethtool_-i_eno1": b"driver: ixgbe\n",
    "sys/class/net/eno1/operstate": b"up\n",
}
# Members bondlint never reads, however many.
UNWANTED_SAMPLE = {
    "sos_commands/networking/ethtool_-S_eno1": b"NIC statistics:\n",
    "sos_commands/networking/netstat_-neopa": b"Active Internet connections\n",
    "etc/sysconfig/network-scripts/route-eno1": b"10.0.0.0/8 via 10.1.1.1\n",
    "sys/class/net/eno1/statistics/rx_bytes": b"12345\n",
    "var/log/messages": b"Dec  1 00:00:00 web01 kernel: bond0: link status up\n",
}


def tree(host: str = "web01", root: str = ROOT, unwanted: int = 3000) -> list[tuple[str, bytes]]:
    members = [(f"{root}/{k}", v) for k, v in WANTED.items()]
    members[0] = (f"{root}/hostname", f"{host}\n".encode())
    members += [(f"{root}/{k}", v) for k, v in UNWANTED_SAMPLE.items()]
    noise = random.Random(0)  # incompressible: the wanted members stay at the stream's head
    members += [(f"{root}/sos_commands/logs/journal_{i:05d}", noise.randbytes(64)) for i in range(unwanted)]
    return members


def file_info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o644
    return info


def build(path: Path, members: list, mode: str = "w:gz") -> Path:
    """A tarball of ``members``: (name, bytes) pairs or ready-made TarInfo (no data);
    directories for the root, ``sos_commands`` and ``proc`` come first."""
    with tarfile.open(path, mode, format=tarfile.GNU_FORMAT) as tar:
        roots = sorted({m[0].split("/")[0] for m in members if isinstance(m, tuple) and m[0].startswith("sosreport-")})
        for root in roots:
            for folder in (root, f"{root}/sos_commands"):
                info = tarfile.TarInfo(folder)
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
        for member in members:
            if isinstance(member, tarfile.TarInfo):
                tar.addfile(member)
            else:
                name, data = member
                tar.addfile(file_info(name, len(data)), io.BytesIO(data))
    return path


def healthy(tmp_path: Path, host: str = "web01", suffix: str = ".tar.gz", mode: str = "w:gz") -> Path:
    return build(tmp_path / f"sosreport-{host}{suffix}", tree(host, root=f"sosreport-{host}-2026-12-01-abcdefg"), mode)


def scan(*paths: Path) -> dict:
    result = runner.invoke(app, ["scan", "--format", "json", "--fail-on", "never", *map(str, paths)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def rules(report: dict, rule: str) -> list[dict]:
    return [f for f in report["findings"] if f["rule"] == rule]


def relative_paths(bundle: Path) -> set[str]:
    group = read_bundle(bundle)
    prefix = f"{display_path(bundle)}!/{ROOT}/"
    assert all(f.path.startswith(prefix) for f in group.files)
    return {f.path[len(prefix) :] for f in group.files}


# --- What is an archive, what is wanted ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sosreport-a.tar.xz", True),
        ("s.TGZ", True),
        ("s.tar.zst", True),
        ("s.tbz2", True),
        ("s.tar", True),
        ("s.zip", False),
        ("ifcfg-bond0", False),
        ("s.gz", False),
    ],
)
def test_is_archive(name: str, expected: bool) -> None:
    assert is_archive(Path(name)) is expected


def test_wanted_follows_the_sos_specs() -> None:
    for relative in WANTED:
        assert wanted(relative), relative
    for relative in UNWANTED_SAMPLE:
        assert not wanted(relative), relative
    assert wanted("sys/class/net/bond0/bonding/mode")
    assert not wanted("sys/class/net/bond0/bonding")  # a folder is never a file here
    assert not wanted("sys/class/net/a/b/bonding/mode")
    assert not wanted("proc/net/dev")


# --- The healthy story ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "mode"), [(".tar.gz", "w:gz"), (".tar.xz", "w:xz"), (".tar.bz2", "w:bz2"), (".tar", "w")]
)
def test_scan_of_a_bundle_reports_bl001_at_the_member(tmp_path: Path, suffix: str, mode: str) -> None:
    bundle = healthy(tmp_path, suffix=suffix, mode=mode)
    report = scan(bundle)
    assert report["hosts"] == ["web01"]
    (bl001,) = rules(report, "BL001")
    assert bl001["path"] == f"{display_path(bundle)}!/sosreport-web01-2026-12-01-abcdefg/proc/net/bonding/bond0"
    assert bl001["line"] == 7
    assert rules(report, "BL000") == []


def test_only_wanted_members_are_kept(tmp_path: Path) -> None:
    bundle = build(tmp_path / "web01.tar.gz", tree())
    group = read_bundle(bundle)
    assert (group.name, group.root, group.sosreport, group.diagnostics) == ("web01", display_path(bundle), True, ())
    assert relative_paths(bundle) == set(WANTED)
    (bond0,) = [f for f in group.files if f.path.endswith("/bond0")]
    assert bond0.host_root == display_path(bundle)
    assert bond0.read(None) == BOND0 and bond0.read(8) == BOND0[:8]


def test_host_name_falls_back_to_etc_hostname_then_the_file_name(tmp_path: Path) -> None:
    members = [m for m in tree(unwanted=0) if not m[0].endswith(f"{ROOT}/hostname")]
    assert read_bundle(build(tmp_path / "a.tar.gz", members)).name == "web01.example.com"
    members = [m for m in members if not m[0].endswith("etc/hostname")]
    assert read_bundle(build(tmp_path / "sosreport-x-2026.tar.xz", members, "w:xz")).name == "sosreport-x-2026"


def test_nothing_is_written_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = healthy(tmp_path)

    def refuse(*args, **kwargs):
        raise AssertionError("a bundle must never be extracted")

    for method in ("extract", "extractall", "makefile"):
        monkeypatch.setattr(tarfile.TarFile, method, refuse)
    before = sorted(p for p in tmp_path.rglob("*"))
    assert rules(scan(bundle), "BL001")
    assert sorted(p for p in tmp_path.rglob("*")) == before


def test_discovery_treats_archives_as_hosts_beside_folders(tmp_path: Path) -> None:
    loose = tmp_path / "hosts" / "app02" / "etc" / "sysconfig" / "network-scripts"
    loose.mkdir(parents=True)
    (loose / "ifcfg-eno1").write_bytes(IFCFG_ENO1)
    healthy(tmp_path / "hosts", host="db01", suffix=".tgz")
    healthy(tmp_path / "hosts", host="zz09", suffix=".tar.bz2", mode="w:bz2")
    assert [p.name for p in walk([tmp_path / "hosts"]) if is_archive(p)] == [
        "sosreport-db01.tgz",
        "sosreport-zz09.tar.bz2",
    ]
    groups = discover([tmp_path / "hosts"])
    assert [(g.name, g.sosreport) for g in groups] == [("app02", False), ("db01", True), ("zz09", True)]
    report = scan(tmp_path / "hosts")
    assert report["hosts"] == ["app02", "db01", "zz09"]
    assert sorted(f["path"].split("!/")[0].rsplit("/", 1)[-1] for f in rules(report, "BL001")) == [
        "sosreport-db01.tgz",
        "sosreport-zz09.tar.bz2",
    ]


# --- Hostile and broken bundles -------------------------------------------------------


def unsafe_names(tmp_path: Path) -> Path:
    evil = [("../../etc/cron.d/evil", b"* * * * * root sh\n"), ("/etc/passwd", b"root:x:0:0\n")]
    evil.append((f"{ROOT}/../{ROOT}/proc/net/bonding/bond9", b"x\n"))
    return build(tmp_path / "unsafe.tar.gz", tree(unwanted=10) + evil)


def links_and_devices(tmp_path: Path) -> Path:
    members = [m for m in tree(unwanted=10) if not m[0].endswith("proc/net/bonding/bond0")]
    special = []
    for name, kind, target in (
        ("proc/net/bonding/bond0", tarfile.SYMTYPE, "/etc/shadow"),
        ("proc/net/bonding/bond1", tarfile.LNKTYPE, f"{ROOT}/version.txt"),
        ("etc/sysconfig/network-scripts/ifcfg-bond0", tarfile.CHRTYPE, ""),
        ("etc/sysconfig/network-scripts/ifcfg-bond1", tarfile.FIFOTYPE, ""),
    ):
        info = tarfile.TarInfo(f"{ROOT}/{name}")
        info.type, info.linkname = kind, target
        special.append(info)
    return build(tmp_path / "links.tar.gz", members + special)


def duplicates(tmp_path: Path) -> Path:
    again = (f"{ROOT}/proc/net/bonding/bond0", BOND0.replace(b"(ms): 0", b"(ms): 100"))
    return build(tmp_path / "dups.tar.gz", [*tree(unwanted=10), again])


def truncated_gzip(tmp_path: Path) -> Path:
    # The wanted members come first: what was read before the cut is still scanned.
    data = build(tmp_path / "full.tar.gz", tree(unwanted=3000)).read_bytes()
    (tmp_path / "full.tar.gz").unlink()
    path = tmp_path / "cut.tar.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def corrupt_xz(tmp_path: Path) -> Path:
    path = build(tmp_path / "corrupt.tar.xz", tree(unwanted=3000), "w:xz")
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(b ^ 0xFF for b in data[middle : middle + 64])
    path.write_bytes(bytes(data))
    return path


def lying_header(tmp_path: Path, name: str, size: int, kind: bytes = tarfile.REGTYPE) -> Path:
    """A gzip bundle whose last member's header claims ``size`` bytes; 1 KiB follow."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for member_name, data in tree(unwanted=10):
            tar.addfile(file_info(member_name, len(data)), io.BytesIO(data))
    body = buffer.getvalue().rstrip(b"\0")
    body += b"\0" * (-len(body) % 512)
    last = file_info(f"{ROOT}/{name}", size)
    last.type = kind
    body += last.tobuf(tarfile.GNU_FORMAT) + b"y" * 1024
    path = tmp_path / f"liar-{size}.tar.gz"
    path.write_bytes(gzip.compress(body))
    return path


def lying_wanted(tmp_path: Path) -> Path:
    return lying_header(tmp_path, "proc/net/bonding/bond1", 8 * 1024**3)


def lying_unwanted(tmp_path: Path) -> Path:
    return lying_header(tmp_path, "var/log/huge", 2**62)  # base-256 size field


def huge_long_name(tmp_path: Path) -> Path:
    return lying_header(tmp_path, "././@LongLink", 8 * 1024**3, kind=tarfile.GNUTYPE_LONGNAME)


def not_a_tarball(tmp_path: Path) -> Path:
    path = tmp_path / "garbage.tar.gz"
    path.write_bytes(b"this is not a tarball\n" * 50)
    return path


HOSTILE: dict[str, tuple[Callable[[Path], Path], str, bool]] = {
    # builder, expected diagnostic, whether bond0 of the hostile bundle is still audited
    "unsafe names": (unsafe_names, "unsafe member name '../../etc/cron.d/evil' skipped", True),
    "links and devices": (links_and_devices, "symbolic link (to '/etc/shadow') where a file was expected", False),
    "duplicates": (duplicates, "appears again in the archive: the first copy is used", True),
    "truncated gzip": (truncated_gzip, "the rest is not read", True),
    "corrupt xz": (corrupt_xz, "the rest is not read: invalid compressed data", True),
    "lying wanted header": (lying_wanted, "8589934592 bytes is over the 32 MiB input limit", True),
    "lying unwanted header": (lying_unwanted, "archive truncated in member", True),
    "huge long name": (huge_long_name, "the rest is not read: extended header of 8589934592 bytes", True),
    "not a tarball": (not_a_tarball, "not read: not a readable tar archive", False),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.slow  # large compressed bundles
def test_hostile_bundles_give_diagnostics_and_the_scan_goes_on(tmp_path: Path, case: str) -> None:
    builder, expected, audited = HOSTILE[case]
    hostile = builder(tmp_path)
    group = read_bundle(hostile)
    messages = [d.message for d in group.diagnostics]
    assert any(expected in m for m in messages), messages
    assert all(d.location.line == 1 and d.location.path.startswith(display_path(hostile)) for d in group.diagnostics)
    assert all("/etc/" not in f.path.split("!/")[1][: len(ROOT) + 1] for f in group.files)

    other = healthy(tmp_path, host="db01")
    report = scan(hostile, other)
    bl001 = {f["path"].split("!/")[0] for f in rules(report, "BL001")}
    assert display_path(other) in bl001
    assert (display_path(hostile) in bl001) is audited
    bl000 = [f for f in rules(report, "BL000") if f["path"].startswith(display_path(hostile))]
    assert bl000, report["findings"]


def test_unsafe_names_are_never_kept(tmp_path: Path) -> None:
    group = read_bundle(unsafe_names(tmp_path))
    assert {f.path.split("!/")[1] for f in group.files} == {f"{ROOT}/{k}" for k in WANTED}
    assert sum("unsafe member name" in d.message for d in group.diagnostics) == 3


def test_the_first_duplicate_is_kept(tmp_path: Path) -> None:
    (bond0,) = [f for f in read_bundle(duplicates(tmp_path)).files if f.path.endswith("bond0")]
    assert bond0.read(None) == BOND0


def test_a_cut_bundle_keeps_what_came_before(tmp_path: Path) -> None:
    group = read_bundle(truncated_gzip(tmp_path))
    assert {f.path.split(f"{ROOT}/")[1] for f in group.files} == set(WANTED)
    assert group.sosreport and group.name == "web01"


def test_a_lying_header_costs_neither_memory_nor_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Under the input limit, so the member is read: in chunks, until the stream ends.
    monkeypatch.setattr(discovery.inputs, "MAX_INPUT_BYTES", 1024**3)
    bundle = lying_header(tmp_path, "proc/net/bonding/bond1", 200 * 1024**2)  # under the kept-bytes cap
    tracemalloc.start()
    try:
        group = read_bundle(bundle)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024
    assert any("archive truncated in this member" in d.message for d in group.diagnostics)
    assert not any(f.path.endswith("bond1") for f in group.files)
    assert any(f.path.endswith("bond0") for f in group.files)


def test_a_member_over_the_input_limit_is_skipped_and_the_rest_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discovery.inputs, "MAX_INPUT_BYTES", 4096)
    big = (f"{ROOT}/proc/net/bonding/bond1", b"z" * 5000)
    bundle = build(tmp_path / "big.tar.gz", [big, *tree(unwanted=10)])
    group = read_bundle(bundle)
    (problem,) = group.diagnostics
    assert problem.location.path == f"{display_path(bundle)}!/{ROOT}/proc/net/bonding/bond1"
    assert "5000 bytes is over" in problem.message
    assert relative_paths(bundle) == set(WANTED)


def test_kept_bytes_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_KEPT_BYTES", 100)
    group = read_bundle(build(tmp_path / "cap.tar.gz", tree(unwanted=10)))
    assert sum(len(f.read(None)) for f in group.files) <= 100
    assert len(group.files) < len(WANTED)
    assert [d.message for d in group.diagnostics] == ["more than 0 MiB of inputs: later members are not read"]


def test_problems_are_capped(tmp_path: Path) -> None:
    evil = [(f"../evil-{i}", b"") for i in range(500)]
    group = read_bundle(build(tmp_path / "many.tar.gz", tree(unwanted=0) + evil))
    assert len(group.diagnostics) == archive.MAX_DIAGNOSTICS + 1
    assert group.diagnostics[-1].message == f"{500 - archive.MAX_DIAGNOSTICS} more problem(s) not shown"
    assert len(group.files) == len(WANTED)


def test_zstd_bundles_need_zstandard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "zstandard", None)
    path = tmp_path / "s.tar.zst"
    path.write_bytes(b"\x28\xb5\x2f\xfd" + b"\0" * 64)
    group = read_bundle(path)
    assert [d.message for d in group.diagnostics] == [
        "not read: zstandard not installed (pip install zstandard) for .tar.zst bundles"
    ]
    assert group.files == () and group.name == "s"


def test_a_missing_bundle_is_a_diagnostic(tmp_path: Path) -> None:
    group = read_bundle(tmp_path / "gone.tar.gz")
    assert [d.message for d in group.diagnostics] == ["not read: not a readable tar archive: No such file or directory"]


# --------------------------------------------------------------------------------------
# The fast header decoder must make exactly the TarInfo tarfile makes, or leave it to tarfile.


def _headers() -> list[bytes]:
    """Real headers of every kind tarfile writes: files, directories, links, devices,
    FIFOs, long names (ustar prefix, GNU longname, pax), odd owners, big and negative numbers."""
    out = []
    for fmt in (tarfile.USTAR_FORMAT, tarfile.GNU_FORMAT, tarfile.PAX_FORMAT):
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w", format=fmt) as tar:
            specs = [
                ("sosreport-x/proc/net/bonding/bond0", tarfile.REGTYPE, 10, ""),
                ("sosreport-x/etc", tarfile.DIRTYPE, 0, ""),
                ("sosreport-x/link", tarfile.SYMTYPE, 0, "../etc/passwd"),
                ("sosreport-x/hard", tarfile.LNKTYPE, 0, "sosreport-x/etc"),
                ("sosreport-x/dev/sda", tarfile.BLKTYPE, 0, ""),
                ("sosreport-x/fifo", tarfile.FIFOTYPE, 0, ""),
                ("sosreport-x/" + "d" * 90 + "/" + "f" * 60, tarfile.REGTYPE, 3, ""),
                ("sosreport-x/" + "n" * 150, tarfile.REGTYPE, 3, ""),
                ("sosreport-x/ünïcode-név", tarfile.REGTYPE, 1, ""),
            ]
            for name, kind, size, link in specs:
                info = tarfile.TarInfo(name)
                info.type, info.size, info.linkname = kind, size, link
                info.mtime, info.uid, info.gid, info.uname, info.gname = 1_764_000_000, 1000, 1000, "sos", "root"
                info.devmajor, info.devminor = (8, 1) if kind == tarfile.BLKTYPE else (0, 0)
                if fmt == tarfile.GNU_FORMAT and name.endswith("bond0"):
                    info.uid, info.mtime = 8**8 + 5, -1  # base-256 fields
                try:
                    tar.addfile(info, io.BytesIO(b"x" * size) if kind == tarfile.REGTYPE else None)
                except ValueError:  # what this format cannot hold (a long name in ustar)
                    continue
        data = buffer.getvalue()
        out += [data[offset : offset + 512] for offset in range(0, len(data), 512)]
    v7 = bytearray(out[0])
    v7[0:100] = b"sosreport-x/olddir/".ljust(100, b"\0")
    v7[156:157] = tarfile.AREGTYPE
    v7[148:156] = b"        "
    v7[148:156] = b"%06o\0 " % sum(v7)
    return [*out, bytes(v7), b"\0" * 512, b"", b"\0" * 100]


def _decoded(decoder: Callable[[bytes, str, str], tarfile.TarInfo], header: bytes) -> object:
    try:
        info = decoder(header, "utf-8", "surrogateescape")
    except Exception as error:
        return type(error)
    return {
        key: getattr(info, key)
        for key in (
            "name",
            "mode",
            "uid",
            "gid",
            "size",
            "mtime",
            "chksum",
            "type",
            "linkname",
            "uname",
            "gname",
            "devmajor",
            "devminor",
        )
    } | {"class": type(info) is not tarfile.TarInfo, "sparse": getattr(info, "_sparse_structs", None)}


def test_fast_header_decoder_agrees_with_tarfile_on_real_headers() -> None:
    headers = _headers()
    fast, slow = archive._HeaderTracker.frombuf, tarfile.TarInfo.frombuf
    assert len(headers) > 40
    decoded = 0
    for header in headers:
        ours, theirs = _decoded(fast, header), _decoded(slow, header)
        if isinstance(theirs, dict):
            theirs["class"] = True  # ours is the subclass the reader asked for
            decoded += 1
        assert ours == theirs, header
    assert decoded > 25


def test_fast_header_decoder_agrees_with_tarfile_on_damaged_headers() -> None:
    rng = random.Random(7)
    fast, slow = archive._HeaderTracker.frombuf, tarfile.TarInfo.frombuf
    headers = [h for h in _headers() if len(h) == 512 and h.strip(b"\0")]
    checked = 0
    for _ in range(20_000):
        header = bytearray(rng.choice(headers))
        for _ in range(rng.randint(1, 3)):
            header[rng.randrange(512)] = rng.choice((0, 32, 48, 55, 56, 0o200, 0o377, rng.randrange(256)))
        if rng.random() < 0.5:  # keep the checksum right, so the fields themselves are tested
            header[148:156] = b"        "
            header[148:156] = b"%06o\0 " % sum(header)
        ours, theirs = _decoded(fast, bytes(header)), _decoded(slow, bytes(header))
        if isinstance(theirs, dict):
            theirs["class"] = True
            checked += 1
        assert ours == theirs, bytes(header)
    assert checked > 5_000


# --------------------------------------------------------------------------------------
# Compression as tarfile tells it, multi-stream files, zstd, and read errors of the file.


def _plain_tar(tmp_path: Path, members: list | None = None) -> bytes:
    return build(tmp_path / "plain.tar", members or tree(unwanted=20), "w").read_bytes()


@pytest.mark.parametrize(
    ("suffix", "compress"),
    [
        (".tar.gz", gzip.compress),
        (".tar.bz2", __import__("bz2").compress),
        (".tar.xz", __import__("lzma").compress),
    ],
)
def test_a_bundle_in_several_compressed_streams_is_read_whole(tmp_path: Path, suffix: str, compress: Callable) -> None:
    """Parallel compressors (pigz, pbzip2, pixz) write several streams one after another."""
    data = _plain_tar(tmp_path)
    cut = len(data) // 2
    bundle = tmp_path / f"multi{suffix}"
    bundle.write_bytes(compress(data[:cut]) + compress(data[cut:]))
    assert relative_paths(bundle) == set(WANTED)
    assert read_bundle(bundle).diagnostics == ()


def test_lzma_alone_is_read_like_tarfile_reads_it(tmp_path: Path) -> None:
    import lzma

    bundle = tmp_path / "old.tar.xz"
    bundle.write_bytes(lzma.compress(_plain_tar(tmp_path), format=lzma.FORMAT_ALONE))
    assert relative_paths(bundle) == set(WANTED)


def test_a_plain_tar_whose_first_name_looks_like_a_magic_number_stays_a_tar(tmp_path: Path) -> None:
    members = [(f"{ROOT}/BZh-notes", b"x"), *tree(unwanted=0)]
    bundle = tmp_path / "plain.tar"
    bundle.write_bytes(_plain_tar(tmp_path, members))
    assert bundle.read_bytes().startswith(b"sosreport") and relative_paths(bundle) == set(WANTED)
    members[0] = (f"{ROOT}/\x1f\x8bx", b"x")
    bundle.write_bytes(_plain_tar(tmp_path, members))
    assert relative_paths(bundle) == set(WANTED)


def test_zstd_bundles_with_several_frames_and_a_skippable_frame(tmp_path: Path) -> None:
    zstandard = pytest.importorskip("zstandard", reason="pip install 'bondlint[zstd]'")
    data = _plain_tar(tmp_path)
    compressor = zstandard.ZstdCompressor()
    cut = len(data) // 2
    frames = compressor.compress(data[:cut]) + compressor.compress(data[cut:])
    skippable = (0x184D2A50).to_bytes(4, "little") + (4).to_bytes(4, "little") + b"meta"
    for name, payload in (("a.tar.zst", frames), ("b.tar.zst", skippable + frames), ("c.tar", frames)):
        bundle = tmp_path / name
        bundle.write_bytes(payload)
        assert relative_paths(bundle) == set(WANTED), name


def test_a_read_error_of_the_file_is_not_called_corrupt_compression() -> None:
    class Failing(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, target) -> int:
            raise OSError(5, "Input/output error")

    plain = archive._ReadAhead(Failing(), compressed=False)
    with pytest.raises(OSError, match="Input/output error"):
        plain.read(10)
    plain.close()
    packed = archive._ReadAhead(Failing(), compressed=True)
    with pytest.raises(tarfile.ReadError, match="invalid compressed data: Input/output error"):
        packed.read(10)
    packed.close()


class _Zeros(io.RawIOBase):
    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = min(len(buffer), self.left)
        buffer[:size] = bytes(size)
        self.left -= size
        return size


def _bomb(path: Path, size: int) -> Path:
    """A gzip sosreport whose one member is ``size`` zero bytes (about 1000:1)."""
    with gzip.open(path, "wb", compresslevel=1) as compressed, tarfile.open(fileobj=compressed, mode="w|") as tar:
        info = tarfile.TarInfo("sosreport-bomb/var/log/huge")
        info.size = size
        tar.addfile(info, io.BufferedReader(_Zeros(size), 1 << 20))
    return path


@pytest.mark.slow  # large compressed bundles
def test_a_decompression_bomb_stops_at_the_ratio_and_says_so(tmp_path: Path) -> None:
    from bondlint.discovery import archive

    group = archive.read_bundle(_bomb(tmp_path / "sosreport-bomb.tar.gz", archive.MAX_DECOMPRESSED_FLOOR + (64 << 20)))
    [problem] = [d.message for d in group.diagnostics]
    assert f"decompressed to more than {archive.MAX_RATIO} times" in problem and "decompression bomb" in problem


def test_a_bundle_that_takes_too_long_stops_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bondlint.discovery import archive

    monkeypatch.setattr(archive, "MAX_BUNDLE_SECONDS", 0)
    group = archive.read_bundle(_bomb(tmp_path / "sosreport-slow.tar.gz", 4 << 20))
    assert any("still being read after 0 s" in d.message for d in group.diagnostics)


# --------------------------------------------------------------------------------------
# Bundles as sos writes them: Python's tarfile, pax headers (fractional mtimes, SELinux
# contexts, long names), read exactly as tarfile reads them and as their ustar twins.

LONG = "sos_commands/networking/ethtool_" + "eno1np0." * 12  # wanted, over 100 bytes


def sos_members(root: str = ROOT) -> list[tuple[str, bytes]]:
    members = [*tree(unwanted=40, root=root), (f"{root}/{LONG}", b"rx-checksumming: on\n")]
    members.append((f"{root}/sos_commands/logs/journalctl_--no-pager_--unit_" + "x" * 120, b"-- No entries --\n"))
    return members


def sos_tar(members: list[tuple[str, bytes]], pax: bool) -> bytes:
    """``members`` as sos writes them (pax headers for float mtimes and SELinux contexts,
    long names as pax paths) or as their twin: GNU format, whole-second mtimes."""
    rng = random.Random(5)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT if pax else tarfile.GNU_FORMAT) as tar:
        link = tarfile.TarInfo(f"{ROOT}/installed-rpms")
        link.type, link.linkname = tarfile.SYMTYPE, "sos_commands/rpm/sh_-c_rpm_--nodigest_-qa_" + "q" * 90
        for info, data in [(link, None), *((file_info(name, len(data)), data) for name, data in members)]:
            info.mtime = 1_764_000_000 + rng.randrange(10**9) / 1e9 if pax else 1_764_000_000
            if pax:
                info.pax_headers = {"RHT.security.selinux": "system_u:object_r:sosreport_var_tmp_t:s0"}
            tar.addfile(info, None if data is None else io.BytesIO(data))
    return buffer.getvalue()


_FIELDS = ("name", "linkname", "size", "mtime", "type", "mode", "uid", "gid", "uname", "gname", "offset", "offset_data")


def listed(data: bytes, tarinfo: type[tarfile.TarInfo]) -> list[str]:
    """Every member's fields as read by ``tarinfo``, and how the read ended."""
    out = []
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r|", tarinfo=tarinfo) as tar:
            while (member := tar.next()) is not None:
                tar.members.clear()
                fields = {key: getattr(member, key) for key in _FIELDS}
                out.append(repr((fields, dict(member.pax_headers), tar.offset)))
    except Exception as error:
        out.append(repr((type(error), str(error))))
    return out


def test_a_sos_bundle_with_pax_headers_is_read_as_tarfile_reads_it() -> None:
    data = sos_tar(sos_members(), pax=True)
    assert data.count(b"mtime=1764") > 40 and b"path=" in data and b"RHT.security.selinux" in data
    assert listed(data, archive._HeaderTracker) == listed(data, tarfile.TarInfo)


def test_a_sos_bundle_with_pax_headers_gives_the_same_inputs_as_its_ustar_twin(tmp_path: Path) -> None:
    pax, twin = tmp_path / "sosreport-pax.tar.xz", tmp_path / "sosreport-twin.tar.xz"
    pax.write_bytes(__import__("lzma").compress(sos_tar(sos_members(), pax=True)))
    twin.write_bytes(__import__("lzma").compress(sos_tar(sos_members(), pax=False)))
    read = {path: read_bundle(path) for path in (pax, twin)}
    shown = {
        path: (
            group.name,
            group.sosreport,
            [(f.path.split("!/")[1], f.read(None)) for f in group.files],
            [(d.location.path.split("!/")[-1], d.message) for d in group.diagnostics],
        )
        for path, group in read.items()
    }
    assert shown[pax] == shown[twin]
    assert f"{ROOT}/{LONG}" in {name for name, _ in shown[pax][2]}
    assert len(shown[pax][2]) == len(WANTED) + 1 and shown[pax][3] == []


def test_damaged_pax_records_are_read_as_tarfile_reads_them() -> None:
    data = sos_tar(sos_members()[:12], pax=True)
    blocks = [i for i in range(0, len(data), 512) if data[i + 156 : i + 157] == tarfile.XHDTYPE]
    rng = random.Random(11)
    alphabet = b"0123456789 =\n/.\0\xff" + bytes([rng.randrange(256)])
    for _ in range(1500):
        damaged = bytearray(data)
        start = rng.choice(blocks) + 512
        for _ in range(rng.randint(1, 3)):
            damaged[start + rng.randrange(120)] = rng.choice(alphabet)
        assert listed(bytes(damaged), archive._HeaderTracker) == listed(bytes(damaged), tarfile.TarInfo)


def pax_header(records: bytes, size: int | None = None) -> bytes:
    """A pax extended header (block and records) whose size field says ``size``."""
    info = tarfile.TarInfo("././@PaxHeader")
    info.type, info.size = tarfile.XHDTYPE, len(records) if size is None else size
    return info.tobuf(tarfile.GNU_FORMAT) + records + b"\0" * (-len(records) % 512)


def record(keyword: str, value: str) -> bytes:
    body = f" {keyword}={value}\n".encode()
    length = len(body) + len(str(len(body)))
    length += len(str(length)) - len(str(len(body)))
    return str(length).encode() + body


def hostile_pax(tmp_path: Path, records: bytes, size: int | None = None, name: str = "proc/net/bonding/bond1") -> Path:
    """A gzip bundle whose last member has a pax header of ``records``; 1 KiB follows."""
    body = sos_tar(tree(unwanted=10), pax=True).rstrip(b"\0")
    body += b"\0" * (-len(body) % 512)
    body += pax_header(records, size) + file_info(f"{ROOT}/{name}", 1024).tobuf(tarfile.GNU_FORMAT) + b"y" * 1024
    path = tmp_path / "sosreport-pax.tar.gz"
    path.write_bytes(gzip.compress(body))
    return path


HOSTILE_PAX: dict[str, tuple[bytes, int | None, list[str]]] = {
    # records, the header's size field (None: theirs), the diagnostics of today's reader
    "huge header": (record("mtime", "1.5"), 8 * 1024**3, ["the rest is not read: extended header of 8589934592 bytes"]),
    # tarfile's own reading raised OverflowError out of the reader here.
    "huge record length": (b"99999999999999999999999 path=x\n", None, ["record of impossible length"]),
    "record past the header": (b"900 path=x\n", None, []),
    "empty record": (b"0 path=x\n", None, []),
    "escaping path": (record("path", "../../etc/cron.d/evil"), None, ["unsafe member name '../../etc/cron.d/evil'"]),
    "absolute path": (record("path", "/etc/passwd"), None, ["unsafe member name '/etc/passwd' skipped"]),
    "lying size": (record("size", str(8 * 1024**3)), None, ["8589934592 bytes is over the 32 MiB input limit"]),
    "lying small size": (record("size", "10"), None, []),
    "binary charset": (record("hdrcharset", "BINARY") + b"17 path=caf\xe9.txt\n", None, []),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_PAX))
def test_hostile_pax_headers_are_refused_as_before(tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    records, size, expected = HOSTILE_PAX[case]
    bundle = hostile_pax(tmp_path, records, size)
    group = read_bundle(bundle)
    messages = [d.message for d in group.diagnostics]
    assert all(any(e in m for m in messages) for e in expected), messages
    assert all("/etc/" not in f.path.split("!/")[1][: len(ROOT) + 1] for f in group.files)
    assert {f.path.split(f"{ROOT}/")[1] for f in group.files} >= set(WANTED) - {"version.txt"}
    # The same as tarfile's own reading of every pax header, today's reader.
    monkeypatch.setattr(archive, "_pax_records", lambda data, size: None)
    theirs = read_bundle(bundle)
    assert (messages, group.files and [f.read(None) for f in group.files]) == (
        [d.message for d in theirs.diagnostics],
        theirs.files and [f.read(None) for f in theirs.files],
    )
