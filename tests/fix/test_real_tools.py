"""The fixed files are accepted by the software that reads them: nmcli (keyfiles),
netplan generate (netplan), ifupdown2's parser (interfaces).  Each test skips, naming the
package to install, where the tool is missing (.ci/run installs them on Debian)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from fix_helpers import builtin, catalog, fix_and_rescan, write_example
from typer.testing import CliRunner

from bondlint.cli import app
from bondlint.policies.loader import Example, Policy

pytestmark = pytest.mark.integration
runner = CliRunner()


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed: apt-get install -y {package}")
    return found


def fix(*args: str) -> str:
    result = runner.invoke(app, ["fix", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _read_by_nmcli(nmcli: str, path: Path) -> str:
    """The profile ``nmcli --offline connection modify`` prints for the keyfile at ``path``
    (NetworkManager >= 1.42 reads it on stdin); it must read it without an error."""
    with path.open("rb") as stdin:
        shown = subprocess.run(
            [nmcli, "--offline", "connection", "modify", "connection.autoconnect", "yes"],
            stdin=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
    if "--offline" in shown.stderr:
        pytest.skip(f"this nmcli has no --offline (NetworkManager >= 1.42): {shown.stderr.strip()}")
    assert shown.returncode == 0, f"{path}: {shown.stderr}"
    return shown.stdout


def test_fixed_keyfile_is_read_by_nmcli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``nmcli --offline connection modify`` reads a keyfile on stdin and prints the
    profile it understood (NetworkManager >= 1.42): the fixed options must be in it.
    (It drops a value it cannot read, such as miimon=foo, without an error.)"""
    nmcli = tool("nmcli", "network-manager")
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURES / "runbook/broken/keyfile", "keyfile")
    fix("--unsafe-fixes", "--select", "BL001,BL009", "keyfile")
    keyfile = Path("keyfile/etc/NetworkManager/system-connections/bond0.nmconnection")
    bond = _read_by_nmcli(nmcli, keyfile).split("[bond]\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert sorted(bond) == ["miimon=100", "mode=active-backup", "primary=eno1"]


NETPLAN = """\
# the uplinks
network:
  version: 2
  ethernets:
    eno1: {}
    eno2: {}
  bonds:
    bond0:
      interfaces: [eno1, eno2]   # both
      parameters:
        mode: active-backup
"""


def test_fixed_netplan_is_generated_by_netplan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    netplan = tool("netplan", "netplan.io")
    monkeypatch.chdir(tmp_path)
    config = Path("root/etc/netplan/01-bond.yaml")
    config.parent.mkdir(parents=True)
    config.write_text(NETPLAN)
    config.chmod(0o600)  # netplan warns about a file others can read
    fix("root")
    assert "mii-monitor-interval: 100" in config.read_text()
    done = subprocess.run([netplan, "generate", "--root-dir", "root"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    netdev = Path("root/run/systemd/network/10-netplan-bond0.netdev").read_text()
    assert "MIIMonitorSec=100ms" in netdev.splitlines()


def test_networkd_lines_are_the_ones_netplan_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """systemd 252 has no offline parser for .netdev (systemd-analyze verify takes units
    only): the fixed [Bond] lines must be the very lines netplan's networkd writer
    produces for the same options."""
    netplan = tool("netplan", "netplan.io")
    monkeypatch.chdir(tmp_path)
    netdev = Path("host/etc/systemd/network/10-bond0.netdev")
    netdev.parent.mkdir(parents=True)
    netdev.write_text("[NetDev]\nName=bond0\nKind=bond\n\n[Bond]\nMode=active-backup\nMIIMonitorSec=0\n")
    Path("host/etc/systemd/network/20-eno1.network").write_text("[Match]\nName=eno1\n\n[Network]\nBond=bond0\n")
    Path("host/etc/systemd/network/20-eno2.network").write_text("[Match]\nName=eno2\n\n[Network]\nBond=bond0\n")
    fix("host")
    ours = netdev.read_text().splitlines()
    config = Path("root/etc/netplan/01.yaml")
    config.parent.mkdir(parents=True)
    config.write_text(NETPLAN.replace("mode: active-backup", "mode: active-backup\n        mii-monitor-interval: 100"))
    config.chmod(0o600)
    subprocess.run([netplan, "generate", "--root-dir", "root"], capture_output=True, check=True)
    theirs = Path("root/run/systemd/network/10-netplan-bond0.netdev").read_text().splitlines()
    assert "MIIMonitorSec=100ms" in ours
    assert [line for line in ours if "=" in line] == [line for line in theirs if "=" in line]


IFUPDOWN = """\
# the uplink bond
auto bond0
iface bond0 inet static
    address 192.0.2.10/24
    bond-slaves eno1 eno2
    bond-mode active-backup
    bond-miimon 0

auto eno1
iface eno1 inet manual
"""


def test_fixed_interfaces_pass_ifupdown2s_syntax_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ifup = tool("ifup", "ifupdown2")
    monkeypatch.chdir(tmp_path)
    interfaces = Path("host/etc/network/interfaces")
    interfaces.parent.mkdir(parents=True)
    interfaces.write_text(IFUPDOWN)
    fix("host")
    assert "    bond-miimon 100" in interfaces.read_text().splitlines()
    checked = subprocess.run(
        [ifup, "--syntax-check", "-a", "-i", str(interfaces)], capture_output=True, text=True, check=False
    )
    if "Another instance" in checked.stderr:  # ifupdown2 locks /run/network/.lock first
        pytest.skip("ifupdown2 needs /run/network to take its lock: mkdir -p /run/network")
    assert checked.returncode == 0, checked.stderr
    # And the check can fail: a value ifupdown2 refuses.
    interfaces.write_text(IFUPDOWN.replace("bond-mode active-backup", "bond-mode backup-active"))
    refused = subprocess.run(
        [ifup, "--syntax-check", "-a", "-i", str(interfaces)], capture_output=True, text=True, check=False
    )
    assert refused.returncode != 0


# -- every fixable rule's failing examples, as their tool reads them ------------------------


def _accepted_by_nmcli(path: Path) -> None:
    _read_by_nmcli(tool("nmcli", "network-manager"), path)


def _accepted_by_netplan(path: Path, scratch: Path) -> None:
    netplan = tool("netplan", "netplan.io")
    target = scratch / "etc/netplan" / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    target.chmod(0o600)
    done = subprocess.run(
        [netplan, "generate", "--root-dir", str(scratch)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{path}: {done.stderr}"


def _accepted_by_ifupdown2(path: Path) -> None:
    ifup = tool("ifup", "ifupdown2")
    Path("/run/network").mkdir(parents=True, exist_ok=True)  # ifupdown2's lock folder
    done = subprocess.run([ifup, "--syntax-check", "-a", "-i", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{path}: {done.stdout}{done.stderr}"


def _fixable_examples() -> list[Any]:
    return [
        pytest.param(policy, example, id=f"{policy.id}-{index}")
        for policy in builtin()
        if policy.fix is not None
        for index, example in enumerate(policy.examples)
        if example.expect
    ]


@pytest.mark.parametrize(("policy", "example"), _fixable_examples())
def test_every_fixed_example_is_accepted_by_the_tool_that_reads_it(
    policy: Policy, example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file ``bondlint fix`` changed in a fixable rule's failing example: a keyfile
    is read by nmcli, netplan YAML generated by netplan, an interfaces file checked by
    ifupdown2 (the other formats have no reader on Debian: bondlint's own parsers read
    them back in test_fix_examples.py)."""
    monkeypatch.chdir(tmp_path)
    outcome = fix_and_rescan(write_example(Path("host"), example), catalog(policy.id))
    for changed in outcome.plan.changed:
        path = Path(changed.path)
        if path.suffix == ".nmconnection":
            _accepted_by_nmcli(path)
        elif "netplan" in path.parts and path.suffix in (".yaml", ".yml"):
            _accepted_by_netplan(path, tmp_path / "netplan-root")
        elif path.name == "interfaces" or "interfaces.d" in path.parts:
            _accepted_by_ifupdown2(path)
