"""Trust on configs nobody here wrote: shapes from public configurations, judged as the
tool that applies them would (no false error, no silent miss)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bondlint.cli import app


def findings(tree: Path, *args: str) -> list[tuple[str, str, int]]:
    result = CliRunner().invoke(app, ["scan", "--format", "json", "--fail-on", "never", *args, str(tree)])
    return [(f["rule"], Path(f["path"]).name, f["line"]) for f in json.loads(result.output)["findings"]]


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_initscripts_make_the_bond_from_its_ports_master_lines(tmp_path: Path) -> None:
    # os-net-config's ifcfg rendering of a bond without options (impl_ifcfg): bond0's own
    # file has no TYPE, BONDING_MASTER or BONDING_OPTS; the ports' ifup creates bond0 with
    # the driver's defaults, balance-rr and miimon 0.
    scripts = "etc/sysconfig/network-scripts/"
    port = "DEVICE={dev}\nONBOOT=yes\nNM_CONTROLLED=no\nMASTER=bond0\nSLAVE=yes\nBOOTPROTO=none\n"
    tree = write(
        tmp_path,
        {
            scripts + "ifcfg-bond0": "DEVICE=bond0\nONBOOT=yes\nNM_CONTROLLED=no\nBOOTPROTO=dhcp\n",
            scripts + "ifcfg-em1": port.format(dev="em1"),
            scripts + "ifcfg-em2": port.format(dev="em2"),
        },
    )
    found = findings(tree)
    assert ("BL001", "ifcfg-em1", 4) in found and ("BL126", "ifcfg-em1", 4) in found
    assert not [f for f in found if f[0] in ("BL016", "BL017")], found


def test_a_port_that_is_no_slave_makes_no_bond(tmp_path: Path) -> None:
    scripts = "etc/sysconfig/network-scripts/"
    tree = write(tmp_path, {scripts + "ifcfg-em1": "DEVICE=em1\nNM_CONTROLLED=no\nMASTER=bond0\nSLAVE=no\n"})
    assert not [f for f in findings(tree) if f[0] == "BL001"]
