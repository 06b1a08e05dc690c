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
        (
            "sosreport-db01/sos_commands/kernel/uname_-a",
            "Linux db01 5.14.0-503.el9.x86_64 #1 SMP x86_64 GNU/Linux\n",
            True,
        ),
        ("sosreport-db01/version.txt", "sosreport: 4.8.1\n", True),
        ("repo/version.txt", "1.2.3\n", False),
        ("sosreport-db01/etc/os-release", 'NAME="Red Hat"\n', True),
    ],
)
def test_claims(path: str, head: str, claimed: bool) -> None:
    assert host_info.claims(PurePosixPath(path), head) is claimed


def test_values_and_lines() -> None:
    uname = host_info.parse(
        "Linux db01 5.14.0-503.el9.x86_64 #1 SMP x86_64 GNU/Linux\n", "s/sos_commands/kernel/uname_-a"
    )
    assert uname.facts[0].values["kernel"].value == "5.14.0-503.el9.x86_64"
    release = host_info.parse(
        '# comment\nNAME="Red Hat Enterprise Linux"\nID="rhel"\nVERSION_ID="9.5"\n', "s/etc/os-release"
    )
    values = {k: (v.value, v.location.line) for k, v in release.facts[0].values.items()}
    assert {k: values[k] for k in ("os_id", "os_version")} == {"os_id": ("rhel", 3), "os_version": ("9.5", 4)}
    assert values["networkmanager_version_kind"] == ("distribution", 4)
    name = host_info.parse("\n  db01.example.org  \n", "s/etc/hostname")
    found = name.facts[0].values["hostname"]
    assert (found.value, found.location.line) == ("db01.example.org", 2)
    assert host_info.parse("", "s/etc/hostname").facts == []


# --- the NetworkManager version -------------------------------------------------------
# Shapes: sos/report/plugins/rpm.py (installed-rpms: "%-59{NVRA} %{INSTALLTIME:date}"),
# dpkg.py (dpkg -l), nmcli's "nmcli tool, version X" banner, and os-release as Debian,
# Ubuntu and RHEL write it.


def _nm(text: str, path: str) -> dict[str, tuple[str, int]]:
    result = host_info.parse(text, path)
    values = result.facts[0].values if result.facts else {}
    return {k: (v.value, v.location.line) for k, v in values.items() if k.startswith("networkmanager")}


@pytest.mark.parametrize(
    ("path", "text", "version", "kind", "line"),
    [
        (
            "sosreport-db01/installed-rpms",
            "NetworkManager-libnm-1.42.2-8.el9_2.x86_64                  Mon 09 Oct 2023 10:00:01 AM UTC\n"
            "NetworkManager-1.42.2-8.el9_2.x86_64                        Mon 09 Oct 2023 10:00:01 AM UTC\n"
            "NetworkManager-team-1.42.2-8.el9_2.x86_64                   Mon 09 Oct 2023 10:00:01 AM UTC\n",
            "1.42.2",
            "package",
            2,
        ),
        (
            "sosreport-db01/sos_commands/rpm/package-data",
            "NetworkManager-1.40.16-15.el8_9.x86_64\tThu 01 Feb 2024\t1706745600\tRed Hat, Inc.\tx86-vm-07\n",
            "1.40.16",
            "package",
            1,
        ),
        (
            "sosreport-u1/sos_commands/dpkg/dpkg_-l",
            "||/ Name           Version            Architecture Description\n"
            "+++-==============-==================-============-=====================\n"
            "ii  network-manager-gnome 1.24.0-1ubuntu5 amd64    network management framework (GNOME frontend)\n"
            "ii  network-manager 1.36.6-0ubuntu2.5  amd64        "
            "network management framework (daemon and userspace tools)\n",
            "1.36.6",
            "package",
            4,
        ),
        ("host/nmcli_--version", "nmcli tool, version 1.42.4\n", "1.42.4", "nmcli", 1),
        ("host/NetworkManager_--version", "1.46.0-26.el9_4\n", "1.46.0", "daemon", 1),
        (
            "host/etc/os-release",
            'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID="12"\nID=debian\n',
            "1.42",
            "distribution",
            2,
        ),
        ("host/etc/os-release", 'NAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\n', "1.36", "distribution", 2),
        ("host/etc/os-release", 'ID="rocky"\nVERSION_ID="9.3"\n', "1.44", "distribution", 2),
        ("host/etc/os-release", 'ID="rhel"\nVERSION_ID="9.4"\n', "1.46", "distribution", 2),
        ("host/etc/os-release", 'ID="ol"\nVERSION_ID="8.10"\n', "1.40", "distribution", 2),
    ],
)
def test_networkmanager_version(path: str, text: str, version: str, kind: str, line: int) -> None:
    assert host_info.claims(PurePosixPath(path), text[:1024])
    found = _nm(text, path)
    assert found["networkmanager_version"] == (version, line)
    assert found["networkmanager_version_kind"] == (kind, line)


def test_networkmanager_version_not_invented() -> None:
    # A rolling release (CentOS Stream 9) or an unknown one says nothing; a package list
    # without NetworkManager, an rpm that is only NetworkManager-libnm, neither.
    assert _nm('ID="centos"\nVERSION_ID="9"\n', "h/etc/os-release") == {}
    assert _nm('ID="slackware"\nVERSION_ID="15.0"\n', "h/etc/os-release") == {}
    assert _nm("NetworkManager-libnm-1.42.2-8.el9_2.x86_64   Mon 09 Oct 2023\n", "s/installed-rpms") == {}
    assert _nm("rc  network-manager 1.36.6-0ubuntu2.5 amd64 removed\n", "s/sos_commands/dpkg/dpkg_-l") == {}
    later = _nm('ID="rhel"\nVERSION_ID="9.6"\n', "h/etc/os-release")
    assert later["networkmanager_version_source"][0].endswith("1.46 or later")


def test_nmcli_version_claimed_by_content_anywhere() -> None:
    assert host_info.claims(PurePosixPath("notes/nm.txt"), "nmcli tool, version 1.48.10-2.el9\n")
    assert not host_info.claims(PurePosixPath("notes/nm.txt"), "just some notes\n")
    assert not host_info.claims(PurePosixPath("repo/package-data"), "")


def test_sosreport_package_lists_are_claimed_by_name() -> None:
    # sos's rpm plugin stores installed-rpms under its mangled command name.
    mangled = "sosreport-db01/sos_commands/rpm/sh_-c_rpm_--nodigest_-qa_--qf_-59_NVRA_INSTALLTIME_date_sort_-V"
    assert host_info.claims(PurePosixPath(mangled), "")
    assert host_info.claims(PurePosixPath("sosreport-u1/installed-debs"), "")
    assert not host_info.claims(PurePosixPath("sosreport-db01/sos_commands/rpm/rpm_--showrc"), "")
