"""Hostile input (issue 14), discovery and process side: every input is generated here
(no stored blobs) and every run is a subprocess with a time limit (60 s) and a memory
limit (500 MB of address space), so a hang, a runaway allocation or a traceback fails
the test instead of the machine.

Classes: symlinks out of the scanned folder (never read, never quoted), FIFOs and
devices (never opened), oversized and unreadable configuration and baseline files,
huge, deep and unreadable trees, audit workers (huge --jobs, a killed worker, SIGTERM,
SIGHUP, Ctrl-C), report output (a full device, a closed pipe, atomic replacement), and a
scan that opens nothing outside the paths it was given and creates no socket.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import bondlint

# Each case runs in a subprocess with time and memory limits: out of the `-m "not slow"` loop.
pytestmark = pytest.mark.slow

MEMORY_LIMIT = 500 * 1024 * 1024
TIME_LIMIT = 60
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SECRET = "TOP-SECRET-3f9c1d-NOT-TO-BE-QUOTED"
IFCFG = 'DEVICE=bond0\nTYPE=Bond\nBONDING_MASTER=yes\nBONDING_OPTS="mode=active-backup miimon=0"\n'
PROC_BOND = (
    "Ethernet Channel Bonding Driver: v5.14.0\n\n"
    "Bonding Mode: fault-tolerance (active-backup)\nMII Status: up\nMII Polling Interval (ms): 100\n"
)


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def bondlint_cmd(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "bondlint", *map(str, args)]


def run(*args: str | Path, cwd: Path, timeout: float = TIME_LIMIT, **kwargs) -> subprocess.CompletedProcess[str]:
    """``bondlint ARGS`` in a subprocess, bounded in time and memory; no traceback."""
    if "stdout" not in kwargs:
        kwargs["capture_output"] = True
    done = subprocess.run(
        bondlint_cmd(*args),
        cwd=cwd,
        text=True,
        timeout=timeout,
        preexec_fn=_limits,
        stdin=subprocess.DEVNULL,
        **kwargs,
    )
    done.stdout = done.stdout or ""
    assert "Traceback" not in done.stderr + done.stdout, done.stderr[-3000:]
    assert "MemoryError" not in done.stderr
    return done


def one_line_error(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stdout[-500:], done.stderr[-500:])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("bondlint: "), lines
    for word in words:
        assert word in lines[0], lines


def sosreport(root: Path, hostname: str = "db01") -> Path:
    """A minimal extracted sosreport tree at ``root``."""
    for folder in ("sos_commands/networking", "sos_logs", "proc/net/bonding"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "version.txt").write_text("sosreport: 4.8.1\n")
    (root / "hostname").write_text(f"{hostname}\n")
    return root


# --- symlinks ----------------------------------------------------------------------------


def test_symlinks_out_of_the_scanned_folder_are_named_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text(f"{SECRET}\n" + IFCFG)
    host = tmp_path / "scan" / "web01"
    scripts = host / "etc" / "sysconfig" / "network-scripts"
    scripts.mkdir(parents=True)
    (host / "etc" / "hostname").symlink_to(secret)  # etc/hostname -> /etc/shadow
    (scripts / "ifcfg-bond1").symlink_to(secret)
    (scripts / "ifcfg-bond2").symlink_to("../../../../../secret")  # relative, climbing out
    (host / "etc" / "NetworkManager").symlink_to(tmp_path)  # a folder out of the tree
    # Inside the folder given, a link is followed.
    shared = tmp_path / "scan" / "shared"
    shared.mkdir()
    (shared / "ifcfg-bond0").write_text(IFCFG)
    (scripts / "ifcfg-bond0").symlink_to("../../../../shared/ifcfg-bond0")

    for fmt in ("text", "json", "sarif"):
        done = run("scan", "--format", fmt, "scan", cwd=tmp_path)
        assert done.returncode == 1
        output = done.stdout + done.stderr
        assert SECRET not in output
        assert "secret" not in output.replace("secret-", "")  # the target is not even named
        # Named as a note (input-not-read): skipped on purpose, no fault of the capture.
        assert output.count("was not read: a symlink to outside the scanned folder") >= 4 if fmt == "text" else True
    text = run("scan", "scan", cwd=tmp_path).stdout
    for name in ("etc/hostname", "ifcfg-bond1", "ifcfg-bond2", "etc/NetworkManager"):
        assert any(name in line and "symlink to outside the scanned folder" in line for line in text.splitlines()), name
    # The link inside the folder given was followed, and the file read once (at the
    # first path met: shared/ comes before web01/).
    assert "BL001" in text and ("network-scripts/ifcfg-bond0" in text) != ("shared/ifcfg-bond0" in text)
    shown = run("show", "scan", cwd=tmp_path)
    assert SECRET not in shown.stdout + shown.stderr


def test_a_sosreport_whose_sys_links_to_the_live_sys_is_not_audited_with_its_nics(tmp_path: Path) -> None:
    if not Path("/sys/class/net").is_dir():
        pytest.skip("no /sys/class/net here")
    root = sosreport(tmp_path / "sosreport-db01")
    (root / "sys").symlink_to("/sys")
    (root / "proc" / "net" / "bonding" / "bond9").symlink_to("/proc/self/status")
    done = run("scan", "--format", "json", "sosreport-db01", cwd=tmp_path)
    document = json.loads(done.stdout)
    paths = {f["path"] for f in document["findings"]}
    assert "sosreport-db01/sys/class/net" in paths
    assert not any(p.startswith("sosreport-db01/sys/class/net/") for p in paths), paths
    messages = [f["message"] for f in document["findings"]]
    assert any("symlink to outside the scanned folder" in m for m in messages)
    live = set(os.listdir("/sys/class/net"))
    assert not any(f"/{nic}/" in p for p in paths for nic in live)
    assert "Uid:" not in done.stdout  # /proc/self/status was not read


def test_fifos_and_devices_are_never_opened(tmp_path: Path) -> None:
    folder = tmp_path / "hosts" / "web01" / "etc" / "sysconfig" / "network-scripts"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "ifcfg-bond0")
    (folder / "ifcfg-bond1").symlink_to("/dev/zero")  # out of the folder anyway
    os.mkfifo(tmp_path / "lone-fifo")
    done = run("scan", "hosts", cwd=tmp_path, timeout=30)
    assert "ifcfg-bond0:1: note BL052 [input-not-read]" in done.stdout
    assert "ifcfg-bond0 was not read: a FIFO, not a regular file" in done.stdout
    done = run("scan", "lone-fifo", cwd=tmp_path, timeout=30)
    assert "a FIFO, not a regular file" in done.stdout
    done = run("scan", "/dev/zero", cwd=tmp_path, timeout=30)
    assert "a character device, not a regular file" in done.stdout
    os.mkfifo(tmp_path / "sosreport-x.tar.xz")  # no bundle: not a file
    one_line_error(run("audit", "sosreport-x.tar.xz", cwd=tmp_path, timeout=30), "no sosreport")
    sos = tmp_path / "fleet" / "sosreport-y.tar.xz"
    sos.parent.mkdir()
    sos.symlink_to("/dev/zero")  # out of the folder
    (tmp_path / "secret").write_text(SECRET)
    (sos.parent / "sosreport-z.tar").symlink_to(tmp_path / "secret")
    os.mkfifo(sos.parent / "sosreport-w.tar")
    done = run("audit", "--format", "json", "fleet", cwd=tmp_path, timeout=30)
    assert done.returncode == 1 and SECRET not in done.stdout
    messages = sorted(f["message"] for f in json.loads(done.stdout)["findings"])
    assert messages == [
        "not read: a FIFO, not a regular file",
        "not read: a symlink to outside the scanned folder",
        "not read: a symlink to outside the scanned folder",
    ]


# --- configuration and baseline files -------------------------------------------------


@pytest.mark.parametrize("option", ["--config", "--baseline"])
def test_config_and_baseline_must_be_small_regular_files(tmp_path: Path, option: str) -> None:
    (tmp_path / "hosts").mkdir()
    (tmp_path / "hosts" / "ifcfg-bond0").write_text(IFCFG)
    os.mkfifo(tmp_path / "fifo")
    for given, words in (("/dev/zero", ["a character device"]), ("fifo", ["a FIFO"])):
        one_line_error(run("scan", option, given, "hosts", cwd=tmp_path, timeout=30), given, *words)
    big = tmp_path / "big"
    with big.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: 64 MiB of NUL
    one_line_error(run("scan", option, "big", "hosts", cwd=tmp_path, timeout=30), "limit")
    nested = tmp_path / "nested"
    nested.write_text("[" * 200_000)
    done = run("scan", option, "nested", "hosts", cwd=tmp_path, timeout=30)
    assert done.returncode == 2


def test_a_found_configuration_that_links_out_of_its_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text(f"{SECRET}: 1\n")
    repo = tmp_path / "repo"
    (repo / "hosts").mkdir(parents=True)
    (repo / "hosts" / "ifcfg-bond0").write_text(IFCFG)
    (repo / ".bondlint.yaml").symlink_to(secret)
    done = run("scan", "hosts", cwd=repo)
    one_line_error(done, "symlink to outside its folder")
    assert SECRET not in done.stderr + done.stdout


# --- bounded trees ------------------------------------------------------------------------


def test_100000_bonding_files_in_a_sosreport_end_fast_at_the_folder_cap(tmp_path: Path) -> None:
    from bondlint.discovery.sosreport import MAX_FOLDER_INPUTS

    root = sosreport(tmp_path / "sosreport-big")
    bonding = root / "proc" / "net" / "bonding"
    for index in range(100_000):
        with open(bonding / f"bond{index}", "w") as handle:
            handle.write(PROC_BOND)
    started = time.monotonic()
    done = run("scan", "--fail-on", "never", "sosreport-big", cwd=tmp_path)
    took = time.monotonic() - started
    capped = [line for line in done.stdout.splitlines() if "error BL000" in line]
    assert len(capped) == 1 and f"more than {MAX_FOLDER_INPUTS} inputs in one folder" in capped[0], capped
    assert f"{MAX_FOLDER_INPUTS + 2} inputs read" in done.stdout  # and version.txt, hostname
    assert took < 30, took


def test_a_folder_of_more_entries_than_the_tree_cap(tmp_path: Path) -> None:
    from bondlint.discovery import MAX_TREE_ENTRIES

    flat = tmp_path / "flat"
    flat.mkdir()
    for index in range(MAX_TREE_ENTRIES + 10):
        (flat / f"f{index}").touch()
    done = run("scan", "--fail-on", "never", "flat", cwd=tmp_path)
    assert f"more than {MAX_TREE_ENTRIES} files and folders under flat" in done.stdout


def test_1500_nested_folders(tmp_path: Path) -> None:
    from bondlint.discovery import MAX_DEPTH

    here = os.getcwd()
    os.mkdir(tmp_path / "deep")
    try:
        os.chdir(tmp_path / "deep")
        for _ in range(1500):  # deeper than PATH_MAX: only relative steps get there
            os.mkdir("d")
            os.chdir("d")
        Path("ifcfg-bond0").write_text(IFCFG)
    finally:
        os.chdir(here)
    try:
        done = run("scan", "deep", cwd=tmp_path)
        assert f"folders nested more than {MAX_DEPTH} deep under deep: not entered" in done.stdout
    finally:
        _remove_deep(tmp_path / "deep")


def _remove_deep(top: Path) -> None:
    """rmtree recurses (and fails) 1,500 levels down: step down, then remove upward."""
    here = os.getcwd()
    depth = 0
    try:
        os.chdir(top)
        while os.path.isdir("d"):
            os.chdir("d")
            depth += 1
        for name in os.listdir("."):
            os.unlink(name)
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(here)
    top.rmdir()


def test_an_unreadable_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "hosts" / "web01" / "etc" / "sysconfig" / "network-scripts"
    folder.mkdir(parents=True)
    (folder / "ifcfg-bond0").write_text(IFCFG)
    if os.geteuid() != 0:
        folder.chmod(0)
        try:
            done = run("scan", "hosts", cwd=tmp_path)
        finally:
            folder.chmod(0o755)
        assert "network-scripts:1: error BL000" in done.stdout
        assert "a folder that cannot be read (Permission denied)" in done.stdout
    # As root nothing is denied: the same path, in-process, with the listing refused.
    from bondlint.discovery import discover
    from bondlint.pipeline import read_input

    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    groups = discover([tmp_path / "hosts"])
    records = [read_input(item)[0] for group in groups for item in group.files]
    messages = {r.path: [d.message for d in r.diagnostics] for r in records}
    named = [path for path, found in messages.items() if path.endswith("network-scripts")]
    assert named and "a folder that cannot be read (Permission denied)" in messages[named[0]][0]


# --- audit processes ------------------------------------------------------------------------


def _fleet(tmp_path: Path, hosts: int = 4, bonds: int = 800) -> Path:
    fleet = tmp_path / "fleet"
    for number in range(hosts):
        root = sosreport(fleet / f"sosreport-h{number}", f"h{number}")
        for index in range(bonds):
            (root / "proc" / "net" / "bonding" / f"bond{index}").write_text(PROC_BOND)
    return fleet


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _busy(process: subprocess.Popen, count: int) -> list[int]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = _children(process.pid)
        if len(children) >= count:
            time.sleep(0.5)  # past fork: the workers are auditing
            return children
        time.sleep(0.05)
    raise AssertionError("no worker processes")


needs_proc = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")


def test_absurd_jobs_are_capped(tmp_path: Path) -> None:
    _fleet(tmp_path, hosts=2, bonds=3)
    done = run("audit", "--jobs", "99999999999999999999", "fleet", cwd=tmp_path)
    assert done.returncode in (0, 1)
    assert "2 hosts audited" in done.stdout


@needs_proc
def test_a_killed_worker_is_a_finding_on_its_bundle_and_the_audit_goes_on(tmp_path: Path) -> None:
    _fleet(tmp_path)
    audit = subprocess.Popen(
        bondlint_cmd("audit", "--format", "json", "--jobs", "2", "fleet"),
        cwd=tmp_path,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_limits,
    )
    os.kill(_busy(audit, 2)[0], signal.SIGKILL)
    out, err = audit.communicate(timeout=TIME_LIMIT)
    assert "Traceback" not in err
    document = json.loads(out)
    killed = [f for f in document["findings"] if f["rule"] == "BL000"]
    assert len(killed) == 1, killed
    assert "not audited: its worker process was killed (SIGKILL" in killed[0]["message"]
    hosts = {f["host"] for f in document["findings"]}
    assert len(hosts) == 4  # the three others were audited (and one as its bundle's name)


@needs_proc
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_signals_stop_the_audit_and_its_workers_promptly(tmp_path: Path, how: signal.Signals) -> None:
    _fleet(tmp_path)
    audit = subprocess.Popen(
        bondlint_cmd("audit", "--jobs", "2", "fleet"),
        cwd=tmp_path,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_limits,
    )
    workers = _busy(audit, 2)
    started = time.monotonic()
    audit.send_signal(how)
    out, err = audit.communicate(timeout=10)
    assert time.monotonic() - started < 5
    assert audit.returncode == 128 + how
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert out == ""
    time.sleep(0.2)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


# --- output ---------------------------------------------------------------------------------


def _host(tmp_path: Path) -> None:
    (tmp_path / "hosts").mkdir()
    (tmp_path / "hosts" / "ifcfg-bond0").write_text(IFCFG)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_device_is_one_line(tmp_path: Path) -> None:
    _host(tmp_path)
    one_line_error(run("scan", "--output", "/dev/full", "hosts", cwd=tmp_path), "No space left on device")
    with open("/dev/full", "w") as full:
        one_line_error(run("scan", "hosts", cwd=tmp_path, stdout=full, stderr=subprocess.PIPE), "stdout")
    _fleet(tmp_path, hosts=1, bonds=1)
    one_line_error(run("audit", "--html", "/dev/full", "fleet", cwd=tmp_path), "/dev/full")


def test_a_closed_pipe_is_one_line(tmp_path: Path) -> None:
    _host(tmp_path)
    reading, writing = os.pipe()
    os.close(reading)
    try:
        done = run("scan", "hosts", cwd=tmp_path, stdout=writing, stderr=subprocess.PIPE)
    finally:
        os.close(writing)
    one_line_error(done, "Broken pipe")


def test_reports_are_replaced_atomically(tmp_path: Path) -> None:
    _host(tmp_path)
    report = tmp_path / "out" / "report.sarif"
    report.parent.mkdir()
    report.write_text("old")
    report.chmod(0o640)
    run("scan", "--format", "sarif", "--output", report, "hosts", cwd=tmp_path)
    assert json.loads(report.read_text())["version"] == "2.1.0"
    assert oct(report.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in report.parent.iterdir()) == ["report.sarif"]  # no temporary left


# --- nothing outside the given paths ----------------------------------------------------------

WRAPPER = """
import json, sys
log = open(sys.argv[1], "w")
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)) or event == "open" and hasattr(args[0], "__fspath__"):
        log.write(json.dumps(["open", str(args[0])]) + "\\n")
    elif event.startswith("socket."):
        log.write(json.dumps([event]) + "\\n")
    log.flush()
sys.addaudithook(hook)
from bondlint.cli import app
sys.argv = ["bondlint", *sys.argv[2:]]
app(prog_name="bondlint")
"""


def test_a_scan_opens_nothing_outside_its_paths_and_no_socket(tmp_path: Path) -> None:
    from bondlint.policies.loader import builtin_policy_dir

    scanned = tmp_path / "scanned"
    shutil.copytree(FIXTURES / "sosreport", scanned / "sos")
    shutil.copytree(FIXTURES / "runbook", scanned / "runbook")
    secret = tmp_path / "secret"
    secret.write_text(SECRET)
    (scanned / "runbook" / "ifcfg-evil").symlink_to(secret)
    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(WRAPPER)
    log = tmp_path / "events.jsonl"
    done = subprocess.run(
        [sys.executable, str(wrapper), str(log), "scan", "--format", "json", "scanned"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limits,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    assert SECRET not in done.stdout
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert not [e for e in events if e[0].startswith("socket.")]
    allowed = {
        os.path.realpath(p)
        for p in (
            scanned,
            Path(bondlint.__file__).parent,
            builtin_policy_dir(),
            sys.prefix,
            sys.base_prefix,
            sys.exec_prefix,
            sys.base_exec_prefix,
        )
    }
    opened = {os.path.realpath(os.path.join(tmp_path, e[1])) for e in events if e[0] == "open"}
    outside = sorted(p for p in opened if not any(p == a or p.startswith(a + os.sep) for a in allowed))
    assert not outside, outside
    assert any(p.startswith(os.path.realpath(scanned) + os.sep) for p in opened)
