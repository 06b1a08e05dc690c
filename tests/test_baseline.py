"""Baselines (bondlint/baseline.py): entries keyed by host, path in the host's folder,
rule and entity, so they survive a renamed folder or a new sosreport; update and prune
with the stale entries listed; format 1 files still read and migrated; audit --baseline."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from conftest import FIXTURES, invoke_in

from bondlint.baseline import Roots

BOND = "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n[bond]\nmode=active-backup\nmiimon={miimon}\n"
PORT = "[connection]\nid={port}\ntype=ethernet\ninterface-name={port}\ncontroller={bond}\nport-type=bond\n"


def run(*args: str, cwd: Path):
    return invoke_in(cwd, *args)


def host(folder: Path, name: str = "db01", miimon: int = 0, second: bool = False) -> Path:
    """A host tree named by its etc/hostname: BL001 (miimon=0) and BL017 (a port whose
    controller does not exist), among others; ``second``: another such port (a new BL017)."""
    keyfiles = folder / "etc" / "NetworkManager" / "system-connections"
    keyfiles.mkdir(parents=True, exist_ok=True)
    (folder / "etc" / "hostname").write_text(f"{name}\n")
    (keyfiles / "bond0.nmconnection").write_text(BOND.format(miimon=miimon))
    (keyfiles / "eno1.nmconnection").write_text(PORT.format(port="eno1", bond="bond9"))
    if second:
        (keyfiles / "eno2.nmconnection").write_text(PORT.format(port="eno2", bond="bond7"))
    return folder


def scan(*args: str, cwd: Path) -> dict:
    result = run("scan", "--format", "json", *args, cwd=cwd)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def entries(path: Path) -> list[dict]:
    document = json.loads(path.read_text())
    assert document["bondlint_baseline"] == 2
    return document["findings"]


def test_a_baseline_survives_renaming_the_host_folder(tmp_path: Path) -> None:
    host(tmp_path / "hosts" / "db01-2019")
    created = run("baseline", "create", "hosts", "-o", "baseline.json", cwd=tmp_path)
    assert created.exit_code == 0, created.output
    recorded = entries(tmp_path / "baseline.json")
    assert recorded and {e["host"] for e in recorded} == {"db01"}
    # Named inside the host's folder, not by the folder's name.
    assert "etc/NetworkManager/system-connections/bond0.nmconnection" in {e["path"] for e in recorded}
    (tmp_path / "hosts" / "db01-2019").rename(tmp_path / "hosts" / "db01")
    moved = scan("--baseline", "baseline.json", "hosts", cwd=tmp_path)
    assert moved["findings"] == [] and moved["summary"]["baselined"] == len(recorded)
    # Without the baseline, the findings are there (the baseline is what hides them).
    assert len(scan("hosts", cwd=tmp_path)["findings"]) == len(recorded)
    # A new finding after the rename is new.
    host(tmp_path / "hosts" / "db01", second=True)
    new = scan("--baseline", "baseline.json", "hosts", cwd=tmp_path)
    assert [f["rule"] for f in new["findings"]] == ["BL017"]


def test_update_keeps_adds_and_lists_what_is_stale(tmp_path: Path) -> None:
    host(tmp_path / "hosts" / "db01")
    assert run("baseline", "create", "hosts", "-o", "b.json", cwd=tmp_path).exit_code == 0
    before = entries(tmp_path / "b.json")
    before[0]["note"] = "accepted in review 12"  # a person's key is kept as written
    (tmp_path / "b.json").write_text(json.dumps({"bondlint_baseline": 2, "findings": before}))
    host(tmp_path / "hosts" / "db01", miimon=100, second=True)  # BL001 fixed; another BL017
    result = run("baseline", "update", "hosts", "--baseline", "b.json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    stale = [line for line in result.stdout.splitlines() if line.startswith("stale: ")]
    assert any(line.startswith("stale: BL001 db01 bond:bond0 etc/") for line in stale), stale
    after = entries(tmp_path / "b.json")
    assert "BL001" not in {e["rule"] for e in after}
    assert "stale dropped" in result.output and f"{len(stale)} stale dropped" in result.output
    assert scan("--baseline", "b.json", "hosts", cwd=tmp_path)["findings"] == []
    kept = {e["key"]: e for e in before} | {e["key"]: e for e in after}
    assert all(e == kept[e["key"]] for e in after if e["key"] in {b["key"] for b in before})
    assert any(e.get("note") == "accepted in review 12" for e in after) == (before[0]["rule"] != "BL001")


def test_prune_drops_stale_entries_and_adds_nothing(tmp_path: Path) -> None:
    host(tmp_path / "hosts" / "db01")
    assert run("baseline", "create", "hosts", "-o", "b.json", cwd=tmp_path).exit_code == 0
    count = len(entries(tmp_path / "b.json"))
    host(tmp_path / "hosts" / "db01", miimon=100, second=True)
    result = run("baseline", "prune", "hosts", "-b", "b.json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    stale = [line for line in result.stdout.splitlines() if line.startswith("stale: ")]
    pruned = entries(tmp_path / "b.json")
    assert stale and len(pruned) == count - len(stale)
    assert "0 added" in result.output
    # The new BL017 was not added: it is still reported.
    assert "BL017" in {f["rule"] for f in scan("--baseline", "b.json", "hosts", cwd=tmp_path)["findings"]}


def test_entries_of_rules_not_run_or_hosts_not_scanned_are_kept(tmp_path: Path) -> None:
    host(tmp_path / "hosts" / "db01")
    host(tmp_path / "hosts" / "db02", name="db02")
    assert run("baseline", "create", "hosts", "-o", "b.json", cwd=tmp_path).exit_code == 0
    everything = entries(tmp_path / "b.json")
    result = run("baseline", "prune", "--select", "BL017", "hosts/db01", "-b", "b.json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "0 stale dropped" in result.output and "not judged" in result.output
    assert entries(tmp_path / "b.json") == everything


def test_a_format_1_baseline_is_read_and_migrated(tmp_path: Path) -> None:
    """Format 1 (fingerprints: the file relative to its repository) still matches, and
    update rewrites it as format 2 saying so."""
    host(tmp_path / "hosts" / "db01")
    findings = scan("hosts", cwd=tmp_path)["findings"]
    old = [
        {"fingerprint": f["fingerprint"], "rule": f["rule"], "path": f["path"], "message": f["message"]}
        for f in findings
    ]
    (tmp_path / "v1.json").write_text(json.dumps({"bondlint_baseline": 1, "tool_version": "0.1.0", "findings": old}))
    assert scan("--baseline", "v1.json", "hosts", cwd=tmp_path)["findings"] == []
    result = run("baseline", "update", "hosts", "-b", "v1.json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "migrated from format 1 to 2" in result.output
    assert len(entries(tmp_path / "v1.json")) == len(old)


def test_an_unreadable_baseline_is_a_usage_error(tmp_path: Path) -> None:
    host(tmp_path / "hosts" / "db01")
    (tmp_path / "b.json").write_text('{"bondlint_baseline": 2, "findings": [{"rule": "BL001"}]}')
    for command in (("scan", "--baseline", "b.json", "hosts"), ("baseline", "prune", "hosts", "-b", "b.json")):
        result = run(*command, cwd=tmp_path)
        assert result.exit_code == 2 and "an entry without its 'key'" in result.output
    result = run("baseline", "update", "hosts", "-b", "missing.json", cwd=tmp_path)
    assert result.exit_code == 2 and "cannot read baseline missing.json" in result.output


def test_audit_baseline_matches_a_new_collection_of_the_same_host(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "sosreport", tmp_path / "fleet")
    assert run("baseline", "create", "fleet", "-o", "b.json", cwd=tmp_path).exit_code == 0
    audited = run("audit", "--jobs", "1", "--format", "json", "--baseline", "b.json", "fleet", cwd=tmp_path)
    assert audited.exit_code == 0, audited.output
    report = json.loads(audited.stdout)
    assert report["findings"] == [] and report["summary"]["baselined"] > 0
    # The next collection of db04 has another bundle name: still the same host's findings.
    (bundle,) = (tmp_path / "fleet").iterdir()
    bundle.rename(bundle.with_name("sosreport-db04-2026-12-01-abcdefg"))
    again = run("audit", "--jobs", "1", "--format", "json", "--baseline", "b.json", "fleet", cwd=tmp_path)
    assert again.exit_code == 0 and json.loads(again.stdout)["findings"] == []
    assert run("audit", "--jobs", "1", "--format", "json", "fleet", cwd=tmp_path).exit_code == 1


def test_roots_name_a_file_inside_its_host_folder_or_tarball() -> None:
    roots = Roots(["hosts/db01", "fleet/sosreport-db04-1.tar.xz", os.path.abspath("trees/sosreport-db05")])
    assert roots.inside("hosts/db01/etc/hostname") == "etc/hostname"
    assert roots.inside(os.path.abspath("hosts/db01/etc/hostname")) == "etc/hostname"
    # Inside a tarball, below its top folder (which names the collection, not the host).
    assert roots.inside("fleet/sosreport-db04-1.tar.xz!/sosreport-db04-1/sos_commands/x") == "sos_commands/x"
    assert roots.inside("trees/sosreport-db05/proc/net/bonding/bond0") == "proc/net/bonding/bond0"
    assert roots.inside("elsewhere/leaf1.cfg") is None
