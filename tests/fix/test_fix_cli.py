"""``bondlint fix`` end to end: the runbook's diff, never worse, twice a no-op, files
changed since they were read left alone, atomic writes, captures never edited."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import FIXTURES
from fix_helpers import active
from typer.testing import CliRunner

from bondlint.cli import app
from bondlint.discovery import discover
from bondlint.fix import output
from bondlint.fix.output import finding_replacements, sarif_fixes, write_fixes
from bondlint.fix.plan import plan_fixes
from bondlint.policies.loader import Policy, builtin_policy_dir, load_policies

runner = CliRunner()
KEYFILE = "keyfile/etc/NetworkManager/system-connections/bond0.nmconnection"
IFCFG = "ifcfg/etc/sysconfig/network-scripts/ifcfg-bond0"


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURES / "runbook/broken", "broken")
    return Path("broken")


def diff_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_runbook_diff_changes_only_the_miimon_and_primary_lines(broken: Path) -> None:
    before = {p: p.read_bytes() for p in broken.rglob("*") if p.is_file()}
    code, out, err = invoke("fix", "--diff", "--unsafe-fixes", "--select", "BL001,BL009", str(broken))
    assert code == 1  # there is something to fix
    assert diff_lines(out) == [
        "-miimon=0",
        "+miimon=100",
        "+primary=eno1",
        '-BONDING_OPTS="mode=active-backup"',
        '+BONDING_OPTS="mode=active-backup miimon=100 primary=eno1"',
    ]
    assert f"--- a/broken/{KEYFILE}" in out and f"+++ b/broken/{IFCFG}" in out
    assert {p: p.read_bytes() for p in broken.rglob("*") if p.is_file()} == before  # --diff writes nothing
    # The nmcli capture is never edited: its commands are printed instead.
    assert "nmcli_con_show_id_bond0:29: BL001 [no-link-monitoring] not fixed" in err
    assert 'nmcli connection modify bond0 +bond.options "miimon=100" && nmcli connection up bond0' in err


def test_runbook_fix_matches_the_fixed_tree_and_twice_is_a_no_op(broken: Path) -> None:
    code, out, _ = invoke("fix", "--unsafe-fixes", "--select", "BL001,BL009", str(broken))
    assert code == 0, out
    assert "4 fixes made in 2 files, 2 not made" in out
    fixed = FIXTURES / "runbook/fixed"
    assert (broken / KEYFILE).read_text() == (fixed / KEYFILE).read_text()
    ifcfg = (broken / IFCFG).read_text()
    assert ifcfg.splitlines()[-1] == (fixed / IFCFG).read_text().splitlines()[-1]
    assert ifcfg.splitlines()[0].startswith("#")  # the comment stays
    snapshot = {p: p.read_bytes() for p in broken.rglob("*") if p.is_file()}
    code, out, _ = invoke("fix", "--unsafe-fixes", "--select", "BL001,BL009", str(broken))
    assert code == 0 and out.endswith("0 fixes made in 0 files, 2 not made\n"), out
    assert {p: p.read_bytes() for p in broken.rglob("*") if p.is_file()} == snapshot


def test_unsafe_fixes_are_left_out_by_default(broken: Path) -> None:
    code, out, err = invoke("fix", "--diff", "--select", "BL001,BL009", str(broken))
    assert code == 1
    assert "+primary=eno1" not in out and "+miimon=100" in out
    assert "3 unsafe fixes left out (--unsafe-fixes makes them)" in err


def builtin(*ids: str) -> list[Policy]:
    return [p for p in load_policies([builtin_policy_dir()]) if p.id in ids]


def test_a_file_changed_since_it_was_read_is_not_written(broken: Path) -> None:
    plan = plan_fixes(discover([broken / "keyfile"]), builtin("BL001"), unsafe=False)
    keyfile = broken / KEYFILE
    keyfile.write_text(keyfile.read_text() + "# edited meanwhile\n")
    assert write_fixes(plan) == [f"{keyfile.as_posix()}: changed on disk since it was read: not written"]
    assert "miimon=0" in keyfile.read_text()


def test_writes_are_atomic_and_keep_the_mode(broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keyfile = broken / KEYFILE
    keyfile.chmod(0o600)
    plan = plan_fixes(discover([broken / "keyfile"]), builtin("BL001"), unsafe=False)
    replaced: list[tuple[str, str]] = []
    real = os.replace

    def spy(source: str, target: str) -> None:
        replaced.append((str(source), str(target)))
        real(source, target)

    monkeypatch.setattr(output.os, "replace", spy)
    assert write_fixes(plan) == []
    assert len(replaced) == 1 and Path(replaced[0][1]) == keyfile.resolve()
    assert Path(replaced[0][0]).parent == keyfile.resolve().parent  # renamed within its folder
    assert stat.S_IMODE(keyfile.stat().st_mode) == 0o600
    assert "miimon=100" in keyfile.read_text()
    assert [p.name for p in keyfile.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_fix_that_raises_another_finding_is_not_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """arp_interval beside miimon=0: setting miimon=100 would make both monitors (BL002)."""
    monkeypatch.chdir(tmp_path)
    path = Path("host/bond0.nmconnection")
    path.parent.mkdir()
    text = (
        "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n[bond]\nmode=active-backup\nmiimon=0\nupdelay=200\n"
    )
    path.write_text(text)
    code, out, _ = invoke("fix", "--select", "BL004,BL002", "host")
    assert code == 0 and "BL004 [delay-without-miimon] fixed: miimon=100" in out
    assert "miimon=100" in path.read_text()  # BL004's fix: no new finding, made
    path.write_text(text.replace("updelay=200", "updelay=200\narp_interval=1000\narp_ip_target=192.0.2.1"))
    plan = plan_fixes(discover(["host"]), builtin("BL004", "BL002"), unsafe=False)
    assert plan.changed == []
    assert [n.reason for n in plan.not_applied] == [
        "a scan of the fixed file shows a new finding (BL002 miimon-and-arp-interval at line 10): not changed"
    ]


def test_sosreport_content_is_never_edited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    root = Path("sosreport-db01")
    (root / "sos_commands").mkdir(parents=True)
    (root / "version.txt").write_text("sosreport: 4.5\n")
    keyfile = root / "etc/NetworkManager/system-connections/bond0.nmconnection"
    keyfile.parent.mkdir(parents=True)
    keyfile.write_text(
        "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n[bond]\nmode=active-backup\nmiimon=0\n"
    )
    code, out, _ = invoke("fix", str(root))
    assert code == 0
    assert "inside a sosreport, never edited" in out
    assert "miimon=0" in keyfile.read_text()


def test_sarif_replacements_of_each_finding(broken: Path) -> None:
    plan = plan_fixes(discover([broken]), builtin("BL001", "BL009"), unsafe=True)
    regions = finding_replacements(plan)
    keyfile = [r for rs in regions.values() for r in rs if r.path.endswith("bond0.nmconnection")]
    # Each fix alone on the file as read: miimon's line 10 replaced, primary inserted before line 11.
    assert sorted((r.start_line, r.end_line, r.text) for r in keyfile) == [
        (10, 11, "miimon=100\n"),
        (11, 11, "primary=eno1\n"),
    ]
    fixes = sarif_fixes(plan)
    change = next(iter(fixes.values()))[0]["artifactChanges"][0]
    assert set(change["replacements"][0]) == {"deletedRegion", "insertedContent"}
    assert len(fixes) == 4  # two findings in each of the two files; the capture has none


@pytest.mark.slow
def test_fixing_every_fixture_is_never_worse_and_a_second_fix_is_a_no_op(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURES, "fixtures")
    policies = load_policies([builtin_policy_dir()])
    before = active(Path("fixtures"), policies)
    plan = plan_fixes(discover([Path("fixtures")]), policies, unsafe=True)
    assert len(plan.changed) >= 10
    assert [n.reason for n in plan.not_applied if "internal error" in n.reason] == []
    assert write_fixes(plan) == []
    after = active(Path("fixtures"), policies)
    known = {f.fingerprint for f in before}
    assert [f for f in after if f.fingerprint not in known] == []
    assert len(after) < len(before)
    assert plan_fixes(discover([Path("fixtures")]), policies, unsafe=True).changed == []


def test_the_diff_shows_an_inputs_control_characters_escaped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = Path("host/bond0.nmconnection")
    path.parent.mkdir()
    path.write_text("[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n[bond]\n# \x1b[2J\tsee\nmiimon=0\n")
    code, out, _ = invoke("fix", "--diff", "host")
    assert code == 1
    assert "\x1b" not in out and " # \\x1b[2J\tsee\n-miimon=0\n+miimon=100\n" in out


def test_scan_sarif_carries_the_fix_edits(broken: Path) -> None:
    import json

    code, out, _ = invoke("scan", "--format", "sarif", str(broken / "keyfile"))
    assert code == 1
    (result,) = json.loads(out)["runs"][0]["results"]
    (fix,) = result["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == f"broken/{KEYFILE}"
    lines = (broken / KEYFILE).read_text().splitlines(keepends=True)
    for item in change["replacements"]:
        region = item["deletedRegion"]
        lines[region["startLine"] - 1 : region["endLine"] - 1] = [item["insertedContent"]["text"]]
    assert "".join(lines) == (FIXTURES / "runbook/fixed" / KEYFILE).read_text().replace("primary=eno1\n", "")


def test_a_text_scan_plans_no_fix(broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only SARIF carries fixes: another report does not judge the hosts once more."""
    import bondlint.fix.plan

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("planned fixes for a text report")

    monkeypatch.setattr(bondlint.fix.plan, "plan_fixes", refuse)
    code, out, _ = invoke("scan", str(broken / "keyfile"))
    assert code == 1 and "BL001" in out
    sarif = runner.invoke(app, ["scan", "--format", "sarif", str(broken / "keyfile")])
    assert isinstance(sarif.exception, AssertionError)  # the same scan with SARIF plans them


def test_a_file_name_that_is_not_utf8_is_fixed_and_shown_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkdir(b"host")
    with open(b"host/ifcfg-bond\xff", "wb") as handle:
        handle.write(b'DEVICE=bond0\nTYPE=Bond\nBONDING_MASTER=yes\nBONDING_OPTS="mode=active-backup miimon=0"\n')
    code, out, err = invoke("fix", "--diff", "host")
    assert code == 1 and "--- a/host/ifcfg-bond\\xff" in out and "ifcfg-bond\\xff:4: BL001" in err
    code, out, _ = invoke("fix", "host")
    assert code == 0, out
    with open(b"host/ifcfg-bond\xff", "rb") as handle:
        assert b"miimon=100" in handle.read()
