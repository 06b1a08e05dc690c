"""The real pre-commit running this checkout's hook on temporary git repositories.

The hook judges a commit by what it does to the hosts it touches (bondlint.changes): a
commit that breaks a bond fails wherever the finding lands, findings the commit did not
cause never fail it, and deletions count although pre-commit never passes deleted files.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT_ROOT
from typer.testing import CliRunner

from bondlint.changes import HOOK_FILES
from bondlint.cli import app

# Drives git and pre-commit: an integration test, out of the `-m "not slow"` loop.
pytestmark = pytest.mark.integration

BOND = (
    "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n"
    "[bond]\nmode=active-backup\nmiimon={miimon}\nprimary=eno1\n"
)
PORT = "[connection]\nid=bond0-port-{port}\ntype=ethernet\ninterface-name={port}\ncontroller=bond0\nport-type=bond\n"
LACP_BOND = (
    "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n"
    "[bond]\nmode=802.3ad\nmiimon=100\nlacp_rate=fast\n\n"
    "[ipv4]\nmethod=manual\naddress1={address}\n"
)
SWITCH = """! leaf1 running-config
hostname leaf1
!
vlan 200
!
interface GigabitEthernet1/0/1
 description db01 eno1
 switchport mode access
 switchport access vlan 200
 channel-group 1 mode active
 lacp rate fast
!
interface GigabitEthernet1/0/2
 description db01 eno2
 switchport mode access
 switchport access vlan 200
 channel-group 1 mode active
 lacp rate fast
!
interface Port-channel1
 switchport mode access
 switchport access vlan 200
!
"""
WIRING = (
    "links:\n"
    "  - {host: db01, host_port: eno1, switch: leaf1, switch_port: Gi1/0/1}\n"
    "  - {host: db01, host_port: eno2, switch: leaf1, switch_port: Gi1/0/2}\n"
)
DB01 = Path("hosts/db01/etc/NetworkManager/system-connections")
DB02 = Path("hosts/db02/etc/NetworkManager/system-connections")

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _pre_commit() -> str:
    beside = Path(sys.executable).parent / "pre-commit"
    found = shutil.which("pre-commit") or (str(beside) if beside.exists() else None)
    if found is None:
        pytest.skip("pre-commit is not installed (pip install '.[test]')")
    return found


def _git(repo: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True)


def _init(repo: Path) -> None:
    repo.mkdir(parents=True, exist_ok=True)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "ops@example.org")
    _git(repo, "config", "user.name", "ops")
    _git(repo, "config", "commit.gpgsign", "false")


class NetConfig:
    """A config repository: db01 (an 802.3ad bond, two ports, cabled to leaf1's
    channel), db02 (an active-backup bond without link monitoring: an error that is
    already there), leaf1's configuration and the wiring; the hook installed."""

    def __init__(self, tmp_path: Path):
        self.repo = tmp_path / "netconfig"
        self.env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache")}
        for name in ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF", "GIT_INDEX_FILE", "GIT_DIR", "GIT_WORK_TREE"):
            self.env.pop(name, None)
        _init(self.repo)
        self.write(DB01 / "bond0.nmconnection", LACP_BOND.format(address="192.0.2.11/24"))
        self.write("hosts/db01/etc/hostname", "db01\n")
        self.write(DB02 / "bond0.nmconnection", BOND.format(miimon=0))
        self.write("hosts/db02/etc/hostname", "db02\n")
        for port in ("eno1", "eno2"):
            self.write(DB01 / f"bond0-port-{port}.nmconnection", PORT.format(port=port))
            self.write(DB02 / f"bond0-port-{port}.nmconnection", PORT.format(port=port))
        self.write("switches/leaf1.cfg", SWITCH)
        self.write("wiring.yaml", WIRING)
        self.write("README.md", "network configuration\n")
        self.write(".pre-commit-config.yaml", json.dumps({"repos": [{"repo": "local", "hooks": [_this_hook()]}]}))
        self.git("add", ".")
        self.git("commit", "-q", "--no-verify", "-m", "estate as it is (db02's error included)")
        subprocess.run([_pre_commit(), "install"], cwd=self.repo, env=self.env, check=True, capture_output=True)

    def write(self, relative: str | Path, text: str) -> None:
        path = self.repo / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def edit(self, relative: str | Path, old: str, new: str) -> None:
        path = self.repo / relative
        text = path.read_text()
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1))

    def git(self, *args: str) -> subprocess.CompletedProcess[str]:
        return _git(self.repo, *args, env=self.env)

    def commit(self, message: str) -> subprocess.CompletedProcess[str]:
        """``git commit`` of what is staged, through the installed pre-commit hook."""
        return subprocess.run(
            ["git", "commit", "-m", message], cwd=self.repo, env=self.env, capture_output=True, text=True, timeout=300
        )

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [_pre_commit(), "run", "--verbose", *args],
            cwd=self.repo,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )


def _this_hook() -> dict[str, object]:
    """This checkout's hook definition, as a local hook run by this interpreter (the
    manifest's files, always_run, pass_filenames …; no environment to install)."""
    manifest = yaml.safe_load((PROJECT_ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    hook = {key: value for key, value in manifest.items() if key not in ("language", "entry")}
    entry = manifest["entry"].split(" ", 1)
    assert entry[0] == "bondlint"
    hook.update(language="system", entry=f"{sys.executable} -m bondlint {entry[1]}")
    return hook


@pytest.fixture
def netconfig(tmp_path: Path) -> NetConfig:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _pre_commit()
    return NetConfig(tmp_path)


def _refused(done: subprocess.CompletedProcess[str]) -> str:
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "db02" not in output.replace("hosts/db02", ""), output  # db02's own error is not the commit's
    return output


# -- the three ways a user trial broke bonding, each now refused --------------------------


def test_removing_controller_from_a_port_profile_fails_the_commit(netconfig: NetConfig) -> None:
    netconfig.edit(DB01 / "bond0-port-eno2.nmconnection", "controller=bond0\n", "")
    netconfig.git("add", "-u")
    output = _refused(netconfig.commit("eno2 leaves the bond"))
    # Reported on the bond's file, though only the port's file changed.
    assert f"{DB01.as_posix()}/bond0.nmconnection:1: warning BL006 [fewer-than-two-ports]" in output
    assert "BL039 [switch-member-count-mismatch]" in output


def test_removing_master_from_a_port_profile_fails_the_commit(netconfig: NetConfig) -> None:
    for port in ("eno1", "eno2"):  # keyfiles as NetworkManager before 1.46 wrote them
        netconfig.edit(
            DB01 / f"bond0-port-{port}.nmconnection",
            "controller=bond0\nport-type=bond\n",
            "master=bond0\nslave-type=bond\n",
        )
    netconfig.git("commit", "-q", "--no-verify", "-am", "older keyfiles")
    netconfig.edit(DB01 / "bond0-port-eno2.nmconnection", "master=bond0\n", "")
    netconfig.git("add", "-u")
    assert "BL006 [fewer-than-two-ports]" in _refused(netconfig.commit("eno2 leaves the bond"))


def test_deleting_a_port_profile_fails_the_commit(netconfig: NetConfig) -> None:
    netconfig.git("rm", "-q", (DB01 / "bond0-port-eno2.nmconnection").as_posix())
    output = _refused(netconfig.commit("retire eno2"))
    assert f"{DB01.as_posix()}/bond0.nmconnection:1: warning BL006 [fewer-than-two-ports]" in output


def test_deleting_a_port_profile_fails_commit_all(netconfig: NetConfig) -> None:
    # git commit -a stages into a temporary index (GIT_INDEX_FILE) that the hook reads.
    (netconfig.repo / DB01 / "bond0-port-eno2.nmconnection").unlink()
    done = subprocess.run(
        ["git", "commit", "-am", "retire eno2"],
        cwd=netconfig.repo,
        env=netconfig.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "BL006 [fewer-than-two-ports]" in _refused(done)


@needs_git
def test_the_first_commit_judges_everything_staged_as_new(tmp_path: Path, monkeypatch) -> None:
    _init(tmp_path)
    (tmp_path / "bond0.nmconnection").write_text(BOND.format(miimon=0))
    (tmp_path / "notes.txt").write_text("lab\n")
    _git(tmp_path, "add", ".")
    monkeypatch.chdir(tmp_path)
    for name in ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(app, ["scan", "--changed-only", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert {f["rule"] for f in json.loads(result.stdout)["findings"]} >= {"BL001"}


def test_removing_a_switch_ports_channel_group_fails_the_commit(netconfig: NetConfig) -> None:
    text = (netconfig.repo / "switches/leaf1.cfg").read_text()
    cut = text.index(" channel-group 1 mode active\n", text.index("interface GigabitEthernet1/0/2"))
    netconfig.write("switches/leaf1.cfg", text[:cut] + text[cut + len(" channel-group 1 mode active\n") :])
    netconfig.git("add", "-u")
    output = _refused(netconfig.commit("Gi1/0/2 out of the channel"))
    assert f"{DB01.as_posix()}/bond0.nmconnection:7: error BL030 [lacp-host-no-lacp-switch]" in output


# -- what must pass ---------------------------------------------------------------------


def test_a_neutral_change_passes_beside_an_existing_error(netconfig: NetConfig) -> None:
    # db02 has no link monitoring, an error the estate already has: editing that very
    # bond's file for something else is not refused for it.
    netconfig.edit(DB02 / "bond0.nmconnection", "primary=eno1\n", "primary=eno1\n\n[ipv4]\nmethod=disabled\n")
    netconfig.edit(DB01 / "bond0.nmconnection", "192.0.2.11/24", "192.0.2.12/24")
    netconfig.git("add", "-u")
    done = netconfig.commit("renumber db01, no IPv4 on db02")
    assert done.returncode == 0, done.stdout + done.stderr
    # A renamed port profile carries its bond's state along: nothing is new.
    netconfig.git("mv", (DB01 / "bond0-port-eno2.nmconnection").as_posix(), (DB01 / "eno2.nmconnection").as_posix())
    done = netconfig.commit("rename a profile")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_neutral_switch_change_passes_beside_an_existing_cross_check_error(netconfig: NetConfig) -> None:
    netconfig.edit("switches/leaf1.cfg", " description db01 eno1\n", " description db01 eno1\n shutdown\n")
    netconfig.git("commit", "-q", "--no-verify", "-am", "Gi1/0/1 shut (an error the estate then has)")
    assert "BL036" in netconfig.run("--all-files").stdout
    netconfig.edit("switches/leaf1.cfg", " description db01 eno2\n", " description db01 eno2 (rack 4)\n")
    netconfig.git("add", "-u")
    done = netconfig.commit("describe Gi1/0/2")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_fix_passes_and_a_new_error_on_a_broken_host_fails(netconfig: NetConfig) -> None:
    netconfig.git("rm", "-q", (DB01 / "bond0-port-eno2.nmconnection").as_posix())
    netconfig.git("commit", "-q", "--no-verify", "-m", "broken on purpose")
    netconfig.write(DB01 / "bond0-port-eno2.nmconnection", PORT.format(port="eno2"))
    netconfig.git("add", ".")
    done = netconfig.commit("eno2 back in the bond")
    assert done.returncode == 0, done.stdout + done.stderr
    # db02 already fails BL001; a second problem there is the commit's own.
    netconfig.git("rm", "-q", (DB02 / "bond0-port-eno2.nmconnection").as_posix())
    done = netconfig.commit("db02 loses a port")
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "BL006 [fewer-than-two-ports]" in output and "BL001" not in output


def test_a_commit_without_bonding_inputs_reads_nothing(netconfig: NetConfig) -> None:
    netconfig.write("README.md", "network configuration of the lab\n")
    netconfig.git("add", "README.md")
    start = time.monotonic()
    done = netconfig.run()
    elapsed = time.monotonic() - start
    assert done.returncode == 0, done.stdout + done.stderr
    assert "touches no bonding input: nothing to judge" in done.stdout
    assert elapsed < 30  # pre-commit's own start included; bondlint itself takes about 0.15 s


# -- CI on a pull request, and whole-repository runs --------------------------------------


def test_from_ref_to_ref_judges_the_branch(netconfig: NetConfig) -> None:
    netconfig.git("checkout", "-q", "-b", "retire-eno2")
    netconfig.edit(DB01 / "bond0.nmconnection", "192.0.2.11/24", "192.0.2.12/24")
    netconfig.git("commit", "-q", "--no-verify", "-am", "renumber")
    ok = netconfig.run("--from-ref", "main", "--to-ref", "HEAD")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    netconfig.git("rm", "-q", (DB01 / "bond0-port-eno2.nmconnection").as_posix())
    netconfig.git("commit", "-q", "--no-verify", "-m", "retire eno2")
    refused = netconfig.run("--from-ref", "main", "--to-ref", "HEAD")
    output = _refused(refused)
    assert "BL006 [fewer-than-two-ports]" in output and "main...HEAD" in output
    # The merge base is what the branch is judged against: main moving on does not matter.
    netconfig.git("checkout", "-q", "main")
    netconfig.write("README.md", "moved on\n")
    netconfig.git("commit", "-q", "--no-verify", "-am", "main moves")
    netconfig.git("checkout", "-q", "retire-eno2")
    assert netconfig.run("--from-ref", "main", "--to-ref", "HEAD").returncode != 0


def test_all_files_judges_every_file_as_it_is(netconfig: NetConfig) -> None:
    done = netconfig.run("--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "BL001 [no-link-monitoring]" in done.stdout  # db02's error, as the files are


# -- the command line around it -----------------------------------------------------------


def test_changed_only_with_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "hosts").mkdir()
    result = CliRunner().invoke(app, ["scan", "--changed-only", str(tmp_path / "hosts")])
    assert result.exit_code == 2
    assert "takes the changed files, not folders" in result.stderr


@needs_git
def test_changed_only_without_files_outside_a_repository_is_a_usage_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = CliRunner().invoke(app, ["scan", "--changed-only"])
    assert result.exit_code == 2
    assert "inside a git repository" in result.stderr


def test_the_hook_files_pattern_is_the_one_bondlint_uses() -> None:
    manifest = yaml.safe_load((PROJECT_ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    assert re.sub(r"\s+", "", manifest["files"]) == re.sub(r"\s+", "", HOOK_FILES.pattern)
    assert manifest["always_run"] is True and manifest["pass_filenames"] is True


# -- installed from this checkout, as users get it ----------------------------------------


@needs_git
def test_pre_commit_refuses_the_bad_keyfile_and_accepts_the_fix(tmp_path: Path) -> None:
    pre_commit = _pre_commit()
    if not (PROJECT_ROOT / ".git").exists():
        pytest.skip("try-repo needs this checkout to be a git repository")
    repo = tmp_path / "netconfig"
    keyfiles = repo / "hosts" / "db01" / "etc" / "NetworkManager" / "system-connections"
    keyfiles.mkdir(parents=True)
    _init(repo)
    (keyfiles / "bond0.nmconnection").write_text(BOND.format(miimon=0))
    for port in ("eno1", "eno2"):
        (keyfiles / f"bond0-port-{port}.nmconnection").write_text(PORT.format(port=port))
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache")}

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "try-repo", str(PROJECT_ROOT), "bondlint", "--verbose"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    # The first commit: everything staged is new, so the bond's missing monitoring is.
    refused = try_repo()
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "bond0.nmconnection:8: error BL001 [no-link-monitoring]" in refused.stdout

    (keyfiles / "bond0.nmconnection").write_text(BOND.format(miimon=100))
    _git(repo, "add", ".")
    accepted = try_repo()
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
