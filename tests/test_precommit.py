"""The real pre-commit, running this checkout's hook on a repository with a bad keyfile."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT

BOND = "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n[bond]\nmode=active-backup\nmiimon={miimon}\nprimary=eno1\n"
PORT = "[connection]\nid=bond0-port-{port}\ntype=ethernet\ninterface-name={port}\ncontroller=bond0\nport-type=bond\n"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_refuses_the_bad_keyfile_and_accepts_the_fix(tmp_path: Path) -> None:
    beside = Path(sys.executable).parent / "pre-commit"
    pre_commit = shutil.which("pre-commit") or (str(beside) if beside.exists() else None)
    if pre_commit is None:
        pytest.skip("pre-commit is not installed (pip install '.[test]')")
    if not (PROJECT_ROOT / ".git").exists():
        pytest.skip("try-repo needs this checkout to be a git repository")
    repo = tmp_path / "netconfig"
    keyfiles = repo / "hosts" / "db01" / "etc" / "NetworkManager" / "system-connections"
    keyfiles.mkdir(parents=True)
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "ops@example.org")
    _git(repo, "config", "user.name", "ops")
    (keyfiles / "bond0.nmconnection").write_text(BOND.format(miimon=0))
    for port in ("eno1", "eno2"):
        (keyfiles / f"bond0-port-{port}.nmconnection").write_text(PORT.format(port=port))
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache")}

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "try-repo", str(PROJECT_ROOT), "bondlint", "--verbose"],
            cwd=repo, env=env, capture_output=True, text=True, timeout=900,
        )

    refused = try_repo()
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "bond0.nmconnection:8: error BL001 [no-link-monitoring]" in refused.stdout

    (keyfiles / "bond0.nmconnection").write_text(BOND.format(miimon=100))
    _git(repo, "add", ".")
    accepted = try_repo()
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
