"""Discovery groups files by host and never mixes hosts."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from bondlint.discovery import discover, host_root


@pytest.mark.parametrize(
    ("path", "root"),
    [
        ("/r/hosts/db01/etc/NetworkManager/system-connections/bond0.nmconnection", "/r/hosts/db01"),
        ("/r/hosts/db01/etc/sysconfig/network-scripts/ifcfg-bond0", "/r/hosts/db01"),
        ("/r/sosreport-db02/proc/net/bonding/bond0", "/r/sosreport-db02"),
        ("/r/sosreport-db02/sos_commands/networkmanager/nmcli_con_show_id_bond0", "/r/sosreport-db02"),
        ("/r/loose/db03/bond0.nmconnection", "/r/loose/db03"),
        ("/r/etc-backups/ifcfg-bond0", "/r/etc-backups"),
        ("/r/x/etc/notes/ifcfg-bond0", "/r/x/etc/notes"),
    ],
)
def test_host_root(path: str, root: str) -> None:
    assert host_root(PurePosixPath(path)) == PurePosixPath(root)


def test_hosts_named_from_hostname_files_and_folders(tmp_path: Path) -> None:
    (tmp_path / "a/etc/NetworkManager/system-connections").mkdir(parents=True)
    (tmp_path / "a/etc/hostname").write_text("web01.example.org\n")
    (tmp_path / "a/etc/NetworkManager/system-connections/bond0.nmconnection").write_text("[connection]\n")
    (tmp_path / "sos/proc/net/bonding").mkdir(parents=True)
    (tmp_path / "sos/hostname").write_text("db02\n")
    (tmp_path / "sos/proc/net/bonding/bond0").write_text("Bonding Mode: load balancing (round-robin)\n")
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain/ifcfg-bond0").write_text("DEVICE=bond0\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git/ifcfg-bond9").write_text("DEVICE=bond9\n")
    groups = discover([tmp_path])
    assert [g.name for g in groups] == ["db02", "plain", "web01.example.org"]
    assert not any("ifcfg-bond9" in f.path for g in groups for f in g.files)
