"""What a persisted bond definition turns into once the layer that applies it is done.

A file is not what runs: each layer fills gaps with its own defaults and settles
conflicts its own way (../shared/reference/bonding-rules.md §0.2):

* NetworkManager supplies ``miimon=100`` when neither miimon nor arp_interval is given,
  keeps miimon and drops ARP monitoring when both are given, and drops invalid options.
* The kernel (as driven by initscripts, systemd-networkd, ifupdown or ``ip link``) leaves
  miimon at 0 except in 802.3ad, balance-tlb and balance-alb, where setting the mode
  forces 100.  Legacy initscripts write miimon first and arp_interval later, so ARP wins.
  systemd-networkd does not send miimon=0 at all, so in those modes 100 stands, and sends
  miimon and arp_interval in one request, which the kernel refuses whole.
* ifupdown2 on Cumulus Linux (clag or LACP-bypass options) writes its policy's defaults (mode=802.3ad, miimon=100,
  lacp_rate=fast) for options the file leaves out.
* wicked validates a bond before creating it and refuses one without any link monitoring
  (its other checks are policy wicked-refuses-bond's, on the written options).
* ARP monitoring is refused in 802.3ad, balance-tlb and balance-alb.

Some files define a bond that the layer never creates at all (``not_created_reason``):
wicked needs ``BONDING_MASTER='yes'`` and at least one ``BONDING_SLAVE_<n>``;
NetworkManager's ifcfg-rh reader needs ``DEVICE`` and a type it reads as a bond.

Each effective value carries its origin, so a finding can say *why* miimon is 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from bondlint.sources.base import (
    LAYER_CUMULUS,
    LAYER_NETPLAN_NETWORKD,
    LAYER_NETPLAN_NM,
    LAYER_NETWORKD,
    LAYER_NETWORKMANAGER,
    LAYER_WICKED,
    BondDefinition,
    Location,
)

# Layers whose bond options end up applied by NetworkManager (netplan writes keyfiles).
NETWORKMANAGER_LAYERS = frozenset({LAYER_NETWORKMANAGER, LAYER_NETPLAN_NM})
# Layers whose bond options systemd-networkd sends in one netlink request (netplan writes
# .netdev files); it sends miimon only when it is not 0.
NETWORKD_LAYERS = frozenset({LAYER_NETWORKD, LAYER_NETPLAN_NETWORKD})

MII_FORCED_MODES = frozenset({"802.3ad", "balance-tlb", "balance-alb"})
ARP_REFUSED_MODES = MII_FORCED_MODES
PRIMARY_MODES = frozenset({"active-backup", "balance-tlb", "balance-alb"})
KERNEL_DEFAULT_MODE = "balance-rr"
# What a layer writes when the file leaves an option out (its own defaults, not the
# kernel's): ifupdown2's policy on Cumulus Linux (ifquery shows them).
LAYER_DEFAULTS: dict[str, dict[str, object]] = {
    LAYER_CUMULUS: {"mode": "802.3ad", "miimon": 100, "lacp_rate": "fast"},
}
NM_DEFAULT_MIIMON = 100
KERNEL_FORCED_MIIMON = 100


@dataclass(frozen=True, slots=True)
class EffectiveValue:
    """A value as the applying layer ends up with it; ``option`` names the written option
    it came from (None when a default applied), ``origin`` explains it in words."""

    value: object
    origin: str
    option: str | None = None
    rounded: bool = False  # the kernel rounded the written value down (delays)


def resolve(layer: str, options: dict[str, object]) -> dict[str, EffectiveValue]:
    """Effective mode, monitoring and delays for valid, normalised ``options``."""
    result: dict[str, EffectiveValue] = {}
    defaults = LAYER_DEFAULTS.get(layer, {})
    if "mode" in options:
        mode = str(options["mode"])
        result["mode"] = EffectiveValue(mode, "set in the file", "mode")
    elif "mode" in defaults:
        mode = str(defaults["mode"])
        result["mode"] = EffectiveValue(mode, f"not set: {layer} writes mode={mode}")
    else:
        mode = KERNEL_DEFAULT_MODE
        result["mode"] = EffectiveValue(mode, "not set: the kernel default is balance-rr")

    miimon = options.get("miimon")
    arp_interval = options.get("arp_interval")
    result["miimon"], result["arp_interval"] = _resolve_monitoring(layer, mode, miimon, arp_interval)

    targets = options.get("arp_ip_target", [])
    result["arp_ip_target"] = EffectiveValue(
        targets,
        "set in the file" if "arp_ip_target" in options else "not set",
        "arp_ip_target" if "arp_ip_target" in options else None,
    )

    miimon_value = result["miimon"].value
    assert isinstance(miimon_value, int)  # every branch of _resolve_monitoring gives a number
    effective_miimon = int(miimon_value)
    for delay in ("updelay", "downdelay"):
        result[delay] = _resolve_delay(delay, options.get(delay), effective_miimon)

    for name, default in (("lacp_rate", "slow"), ("lacp_active", "on")):
        if name in options:
            result[name] = EffectiveValue(options[name], "set in the file", name)
        elif name in defaults:
            result[name] = EffectiveValue(defaults[name], f"not set: {layer} writes {name}={defaults[name]}")
        else:
            result[name] = EffectiveValue(default, f"not set: the kernel default is {default}")
    if "primary" in options and mode in PRIMARY_MODES:
        result["primary"] = EffectiveValue(options["primary"], "set in the file", "primary")
    return result


def _resolve_monitoring(
    layer: str, mode: str, miimon: object, arp_interval: object
) -> tuple[EffectiveValue, EffectiveValue]:
    arp_on = isinstance(arp_interval, int) and arp_interval > 0
    if arp_on and mode in ARP_REFUSED_MODES:
        arp = EffectiveValue(0, f"arp_interval is refused in {mode} mode", "arp_interval")
        arp_on = False
    elif isinstance(arp_interval, int):
        arp = EffectiveValue(arp_interval, "set in the file", "arp_interval")
    else:
        arp = EffectiveValue(0, "not set")
    if layer in NETWORKMANAGER_LAYERS:
        return _networkmanager_monitoring(miimon, arp_on, arp)
    return _kernel_monitoring(layer, mode, miimon, arp_on, arp)


def _networkmanager_monitoring(
    miimon: object, arp_on: bool, arp: EffectiveValue
) -> tuple[EffectiveValue, EffectiveValue]:
    """miimon and arp_interval as NetworkManager applies them."""
    has_mii = isinstance(miimon, int)
    mii_on = isinstance(miimon, int) and miimon > 0
    if mii_on and arp_on:
        arp = EffectiveValue(0, "NetworkManager drops ARP monitoring when miimon is also set", "arp_interval")
    if has_mii:
        return EffectiveValue(miimon, "set in the file", "miimon"), arp
    if arp_on:
        return EffectiveValue(0, "not set, and NetworkManager uses 0 when arp_interval is set"), arp
    return (
        EffectiveValue(NM_DEFAULT_MIIMON, "not set: NetworkManager applies its default miimon=100"),
        arp,
    )


def _kernel_monitoring(
    layer: str, mode: str, miimon: object, arp_on: bool, arp: EffectiveValue
) -> tuple[EffectiveValue, EffectiveValue]:
    """miimon and arp_interval as the kernel ends up with them, driven by ``layer``."""
    has_mii = isinstance(miimon, int)
    mii_on = isinstance(miimon, int) and miimon > 0
    if not has_mii and not arp_on and "miimon" in LAYER_DEFAULTS.get(layer, {}):
        written = LAYER_DEFAULTS[layer]["miimon"]
        return EffectiveValue(written, f"not set: {layer} writes miimon={written}"), arp
    if layer == LAYER_WICKED and not mii_on and not arp_on:
        # wicked validates the bond before creating it and refuses one that monitors
        # nothing, in every mode (the kernel would have forced miimon in 802.3ad/tlb/alb).
        return EffectiveValue(
            0,
            "wicked refuses a bond with neither MII nor ARP monitoring: the bond is not created",
            "miimon" if has_mii else None,
        ), arp
    if layer in NETWORKD_LAYERS and mii_on and arp_on:
        # One netlink request with both: the kernel refuses it and creates no bond
        # (miimon-and-arp-interval reports that). Nothing runs to judge further.
        refused = f"{layer} sends both monitors in one request, which the kernel refuses: the bond is not created"
        return EffectiveValue(miimon, refused, "miimon"), EffectiveValue(0, refused, "arp_interval")
    if layer in NETWORKD_LAYERS and has_mii and not mii_on:
        # MIIMonitorSec=0 is not sent: the mode's own default stands (100 where forced).
        if mode in MII_FORCED_MODES and not arp_on:
            return (
                EffectiveValue(
                    KERNEL_FORCED_MIIMON,
                    f"{layer} does not send miimon=0; the kernel forces miimon=100 in {mode} mode",
                    "miimon",
                ),
                arp,
            )
        return EffectiveValue(
            0, f"set to 0 in the file ({layer} does not send it; the kernel default is 0)", "miimon"
        ), arp

    # The kernel, driven option by option (initscripts, networkd, ifupdown, ip link).
    if mii_on and arp_on:
        return (
            EffectiveValue(0, f"{layer} writes arp_interval after miimon, which turns MII monitoring off", "miimon"),
            arp,
        )
    if has_mii:
        return EffectiveValue(miimon, "set in the file", "miimon"), arp
    if mode in MII_FORCED_MODES and not arp_on:
        return (
            EffectiveValue(KERNEL_FORCED_MIIMON, f"not set: the kernel forces miimon=100 in {mode} mode"),
            arp,
        )
    return EffectiveValue(0, f"not set: under {layer} the kernel default is miimon=0 in {mode} mode"), arp


def _resolve_delay(name: str, written: object, miimon: int) -> EffectiveValue:
    if not isinstance(written, int):
        return EffectiveValue(0, "not set")
    if miimon <= 0:
        return EffectiveValue(0, f"{name} needs MII monitoring, which is off", name)
    rounded = written - written % miimon
    if rounded != written:
        return EffectiveValue(rounded, f"rounded down to a multiple of miimon={miimon}", name, rounded=True)
    return EffectiveValue(written, "set in the file", name)


# ifcfg TYPE values NetworkManager's ifcfg-rh reader builds a profile of another kind from
# (nms-ifcfg-rh-reader.c connection_from_file_full; compared case-blind).
_NM_IFCFG_OTHER_TYPES = frozenset({"ethernet", "wireless", "infiniband", "team", "vlan", "bridge"})


def not_created_reason(definition: BondDefinition) -> tuple[str, Location] | None:
    """Why the layer that applies ``definition`` never creates the bond, and the line
    that decides it; None when nothing in the file itself stops it."""
    if definition.format != "ifcfg":
        return None
    extra = definition.extra
    master = extra.get("bonding_master")
    if definition.layer == LAYER_WICKED:
        if master is not None and master.value != "yes":
            return (
                "wicked creates a bond only from an ifcfg file with BONDING_MASTER='yes'"
                " (ifcfg-bonding(5)); without it the file configures a plain interface",
                master.location,
            )
        if not definition.port_names:
            return (
                'wicked refuses a bond without BONDING_SLAVE_<n> ports ("invalid bonding without BONDING_SLAVEs")',
                definition.location,
            )
        return None
    if definition.layer != LAYER_NETWORKMANAGER:
        return None  # initscripts build the bond from BONDING_OPTS or from its ports
    if definition.interface is None or definition.interface.location.line == 0:
        return (
            'NetworkManager\'s ifcfg-rh reader refuses a bond file without DEVICE ("mandatory DEVICE keyword missing")',
            definition.location,
        )
    kind = extra.get("TYPE")
    has_opts = definition.options_location is not None
    master_yes = master is not None and master.value == "yes"
    if kind is not None and kind.value.strip():
        written = kind.value.strip()
        if written.lower() == "bond" or (written == "Ethernet" and has_opts):
            return None  # BONDING_OPTS turns TYPE=Ethernet (spelled so) into a bond
        if master_yes:
            why = 'refuses it: "BONDING_MASTER=yes key only allowed in TYPE=bond connections"'
        elif written.lower() in _NM_IFCFG_OTHER_TYPES:
            why = f"reads it as a TYPE={written} profile, not a bond"
        else:
            why = f"does not know TYPE={written}: it leaves the device unmanaged"
        return f"NetworkManager's ifcfg-rh reader {why}", kind.location
    if not master_yes and not has_opts:
        where = extra.get("DEVICETYPE")
        return (
            "NetworkManager's ifcfg-rh reader reads a file without TYPE=Bond, BONDING_MASTER=yes"
            " or BONDING_OPTS as an Ethernet profile (DEVICETYPE names only team devices for it)",
            where.location if where is not None else definition.location,
        )
    return None
