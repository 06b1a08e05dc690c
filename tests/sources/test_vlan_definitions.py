"""VLAN definitions from every host format: parent, id and name, each with its line."""

from __future__ import annotations

from bondlint.sources import ifcfg, ifupdown, ip_link, netplan, networkd, nm_keyfile, nmcli
from bondlint.sources.base import VlanDefinition


def vlans(module, text: str, path: str) -> list[tuple]:
    result = module.parse(text, path)
    assert result.diagnostics == []
    return [
        (
            v.parent.value if v.parent else None,
            v.parent.location.line if v.parent else None,
            v.vlan_id.value if v.vlan_id else None,
            v.name.value if v.name else None,
            v.location.line,
        )
        for v in result.facts
        if isinstance(v, VlanDefinition)
    ]


def test_netplan_vlans_and_address_on_the_bond() -> None:
    text = """network:
  version: 2
  bonds:
    bond0:
      interfaces: [eno1]
      addresses: [192.0.2.1/24]
      dhcp4: false
  vlans:
    bond0.100:
      id: 100
      link: bond0
"""
    assert vlans(netplan, text, "etc/netplan/a.yaml") == [("bond0", 11, "100", "bond0.100", 9)]
    (bond,) = [f for f in netplan.parse(text, "etc/netplan/a.yaml").facts if not isinstance(f, VlanDefinition)]
    assert bond.extra["addresses"].value == "192.0.2.1/24" and "dhcp4" not in bond.extra


def test_keyfile_and_nmcli_vlan_profiles() -> None:
    keyfile = "[connection]\nid=v100\ntype=vlan\ninterface-name=bond0.100\n\n[vlan]\nparent=bond0\nid=100\n"
    assert vlans(nm_keyfile, keyfile, "v100.nmconnection") == [("bond0", 7, "100", "bond0.100", 1)]
    shown = (
        "connection.id:                          v100\nconnection.type:                        vlan\n"
        "connection.interface-name:              bond0.100\nvlan.parent:                            bond0\n"
        "vlan.id:                                100\n"
    )
    assert vlans(nmcli, shown, "nmcli_con_show_id_v100") == [("bond0", 4, "100", "bond0.100", 1)]


def test_ifcfg_vlan_spellings() -> None:
    rhel = "etc/sysconfig/network-scripts/ifcfg-"
    assert vlans(ifcfg, "DEVICE=bond0.100\nVLAN=yes\n", rhel + "bond0.100") == [("bond0", 1, "100", "bond0.100", 1)]
    assert vlans(ifcfg, "DEVICE=vlan200\nVLAN=yes\nPHYSDEV=bond0\n", rhel + "vlan200") == [
        ("bond0", 3, "200", "vlan200", 1)
    ]
    assert vlans(ifcfg, "DEVICE=x\nVLAN=yes\nPHYSDEV=bond0\nVLAN_ID=7\n", rhel + "x") == [("bond0", 3, "7", "x", 1)]
    suse = "etc/sysconfig/network/ifcfg-vlan300"
    assert vlans(ifcfg, "ETHERDEVICE=bond0\nSTARTMODE=auto\n", suse) == [("bond0", 1, "300", "vlan300", 1)]
    assert vlans(ifcfg, "DEVICE=bond0\nBONDING_MASTER=yes\n", rhel + "bond0") == []


def test_networkd_network_and_netdev() -> None:
    network = "[Match]\nName=bond0\n\n[Network]\nVLAN=bond0.100\nVLAN=vl200\n"
    assert vlans(networkd, network, "bond0.network") == [
        ("bond0", 2, None, "bond0.100", 5),
        ("bond0", 2, None, "vl200", 6),
    ]
    netdev = "[NetDev]\nName=bond0.100\nKind=vlan\n\n[VLAN]\nId=100\n"
    assert vlans(networkd, netdev, "bond0.100.netdev") == [(None, None, "100", "bond0.100", 1)]


def test_ifupdown_dotted_name_and_raw_device() -> None:
    text = (
        "iface bond0.100 inet manual\n\n"
        "iface vlan200 inet static\n  address 192.0.2.1/24\n  vlan-raw-device bond0\n  vlan-id 200\n"
    )
    assert vlans(ifupdown, text, "etc/network/interfaces") == [
        ("bond0", 1, "100", "bond0.100", 1),
        ("bond0", 5, "200", "vlan200", 3),
    ]


def test_ip_link_vlan_device_text_and_json() -> None:
    text = (
        "7: bond0.100@bond0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP\n"
        "    link/ether 52:54:00:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0\n"
        "    vlan protocol 802.1Q id 100 <REORDER_HDR> addrgenmode eui64\n"
        "    inet 192.0.2.1/24 brd 192.0.2.255 scope global bond0.100\n"
        "    inet6 fe80::1/64 scope link\n"
    )
    (fact,) = ip_link.parse(text, "ip_-d_address").facts
    shown = {key: (found.value, found.location.line) for key, found in fact.values.items()}
    assert shown["link"] == ("bond0", 1) and shown["vlan_id"] == ("100", 3)
    assert shown["vlan_protocol"] == ("802.1Q", 3) and shown["address"] == ("192.0.2.1/24", 4)
    data = (
        '[{"ifname":"bond0.100","link":"bond0","linkinfo":{"info_kind":"vlan","info_data":{"protocol":"802.1Q","id":100}},'
        '"addr_info":[{"family":"inet6","local":"fe80::1","scope":"link"}]}]'
    )
    (fact,) = ip_link.parse(data, "ip_-j_-d_address").facts
    assert fact.values["link"].value == "bond0" and fact.values["vlan_id"].value == "100"
    assert "address" not in fact.values
