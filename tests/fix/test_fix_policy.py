"""The ``fix`` key of a policy: validated by the schema and its templates by the view, and
carried by a site policy like a builtin one."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bondlint.cli import app
from bondlint.policies.loader import PolicyError, load_policies

runner = CliRunner()

SITE_POLICY = """\
id: SITE001
name: site-miimon
severity: warning
title: miimon must be 200 here
description: The site polls every 200 ms.
remediation: Set miimon=200.
references: [https://docs.kernel.org/networking/bonding.html]
applies-to: bond
parameters:
  interval: {default: 200}
require:
  properties:
    config:
      properties:
        options:
          properties:
            miimon: {const: {$param: interval}}
message: bond {name} polls every {value} ms
fix:
  safety: safe
  summary: poll every {params.interval} ms
  set: {miimon: "{params.interval}"}
examples:
  - name: wrong
    files:
      b.nmconnection: |
        [connection]
        id=b
        type=bond
        interface-name=bond0

        [bond]
        mode=active-backup
        miimon=100
    expect: ["b.nmconnection:8"]
  - name: right
    files:
      b.nmconnection: |
        [connection]
        id=b
        type=bond
        interface-name=bond0

        [bond]
        mode=active-backup
        miimon=200
    expect: []
"""


def write_policy(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "site.yaml").write_text(text)
    return folder


def test_a_site_policy_carries_a_fix_with_a_parameter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    policies = write_policy(Path("site"), SITE_POLICY)
    host = Path("host/b.nmconnection")
    host.parent.mkdir()
    host.write_text("[connection]\nid=b\ntype=bond\ninterface-name=bond0\n\n[bond]\nmode=active-backup\nmiimon=100\n")
    result = runner.invoke(app, ["fix", "--policy-dir", str(policies), "--select", "SITE001", "host"])
    assert result.exit_code == 0, result.output
    assert "SITE001 [site-miimon] fixed: miimon=200 (poll every 200 ms)" in result.stdout
    assert host.read_text().splitlines()[-1] == "miimon=200"


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ("  safety: safe\n", "safety"),  # the duplicated key is the YAML's complaint
        ("  safety: maybe\n", "'maybe' is not one of"),
        ("  set: {Miimon: 1}\n", "does not match"),
        ("  set: {miimon: '{config.nonsense}'}\n", "fix field '{config.nonsense}' names nothing in the view"),
    ],
)
def test_a_bad_fix_is_a_policy_error(tmp_path: Path, change: str, complaint: str) -> None:
    text = SITE_POLICY.replace('  set: {miimon: "{params.interval}"}\n', change)
    if change.startswith("  safety"):
        text = text.replace("  safety: safe\n", "", 1)
    with pytest.raises(PolicyError) as raised:
        load_policies([write_policy(tmp_path / "p", text)])
    assert any(complaint in problem for problem in raised.value.problems), raised.value.problems
