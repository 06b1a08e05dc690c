"""Host identity files are claimed only at their well-known places."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from bondlint.sources import host_info


@pytest.mark.parametrize(
    ("path", "head", "claimed"),
    [
        ("sosreport-db01/etc/hostname", "db01\n", True),
        ("sosreport-db01/hostname", "db01\n", True),
        ("repo/docs/hostname", "how to set the hostname\n", False),
        ("sosreport-db01/sos_commands/kernel/uname_-a", "Linux db01 5.14.0-503.el9.x86_64 #1 SMP x86_64 GNU/Linux\n", True),
        ("sosreport-db01/version.txt", "sosreport: 4.8.1\n", True),
        ("repo/version.txt", "1.2.3\n", False),
        ("sosreport-db01/etc/os-release", 'NAME="Red Hat"\n', True),
    ],
)
def test_claims(path: str, head: str, claimed: bool) -> None:
    assert host_info.claims(PurePosixPath(path), head) is claimed


def test_values_and_lines() -> None:
    uname = host_info.parse("Linux db01 5.14.0-503.el9.x86_64 #1 SMP x86_64 GNU/Linux\n", "s/sos_commands/kernel/uname_-a")
    assert uname.facts[0].values["kernel"].value == "5.14.0-503.el9.x86_64"
    release = host_info.parse('# comment\nNAME="Red Hat Enterprise Linux"\nID="rhel"\nVERSION_ID="9.5"\n', "s/etc/os-release")
    values = {k: (v.value, v.location.line) for k, v in release.facts[0].values.items()}
    assert values == {"os_id": ("rhel", 3), "os_version": ("9.5", 4)}
    name = host_info.parse("\n  db01.example.org  \n", "s/etc/hostname")
    assert name.hostname is not None and (name.hostname.value, name.hostname.location.line) == ("db01.example.org", 2)
    assert host_info.parse("", "s/etc/hostname").facts == []
