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


def test_no_policy_matches_raw_per_format_keys() -> None:
    """The model normalises every layer's option names and values; a policy reads the
    normalised view, not a file's own keys (NM_CONTROLLED, AUTOCONNECT_SLAVES, clag-id …)."""
    from bondlint.policies.loader import builtin_policy_dir, load_policies

    # nmstate-mode-change-drops-options is about nmstate's own apply semantics (state:
    # absent, options: no): it reads nmstate's keys on purpose, by exact name.
    allowed = {"BL156"}
    offenders = [
        p.id
        for p in load_policies([builtin_policy_dir()])
        if p.id not in allowed and '"extra"' in json.dumps([p.when, p.require])
    ]
    assert offenders == []


def test_nm_controlled_spellings_and_autoconnect_ports_are_normalised(tmp_path: Path) -> None:
    scripts = "etc/sysconfig/network-scripts/"
    tree = write(
        tmp_path,
        {
            scripts
            + "ifcfg-bond0": "DEVICE=bond0\nTYPE=Bond\nBONDING_MASTER=yes\nNM_CONTROLLED=n\nAUTOCONNECT_SLAVES=yes\n"
            'BONDING_OPTS="mode=active-backup miimon=100"\n',
            scripts + "ifcfg-eno1": "DEVICE=eno1\nMASTER=bond0\nSLAVE=yes\nNM_CONTROLLED=false\n",
            scripts + "ifcfg-eno2": "DEVICE=eno2\nMASTER=bond0\nSLAVE=yes\nNM_CONTROLLED=no\n",
        },
    )
    # n, false and no all mean "not managed": nothing is split between two managers.
    assert not [f for f in findings(tree) if f[0] == "BL016"]
    (tree / scripts / "ifcfg-eno2").write_text("DEVICE=eno2\nMASTER=bond0\nSLAVE=yes\nNM_CONTROLLED=yes\n")
    assert [f[1] for f in findings(tree) if f[0] == "BL016"] == ["ifcfg-eno2"]
