"""Detection and failback times in words, and the fix for a bond that cannot fail over.

The times follow the kernel bonding documentation (docs.kernel.org/networking/bonding.html):
see ``bondlint.model.detection``. Failback: a returning port is used ``updelay`` ms after
its carrier comes back (MII monitor); a switch port that runs spanning tree and is not
an edge port (portfast) forwards only after its forwarding delay (listening plus
learning, twice ``forward-time``), so a smaller updelay sends traffic into a port that
still drops it.
"""

from __future__ import annotations

import shlex

from bondlint.failover.facts import BondFacts, SwitchEnd


def detection_words(facts: BondFacts) -> str:
    """``miimon 100 ms + downdelay 200 ms = at most 300 ms`` (or the ARP monitor's)."""
    if facts.detection_ms is None:
        return "never: no link monitor runs (miimon=0 and arp_interval=0)"
    timers = dict(facts.timers)
    if facts.monitor == "arp":
        return (
            f"about {facts.detection_ms} ms: arp_interval {timers['arp_interval']} ms"
            f" x arp_missed_max {timers['arp_missed_max']}"
        )
    return f"at most {facts.detection_ms} ms: miimon {timers['miimon']} ms + downdelay {timers['downdelay']} ms"


def monitor_fix(facts: BondFacts) -> str:
    """The fix for a bond without a link monitor, in the words of the layer that applies it."""
    at = facts.monitor_at
    where = f"{at.path}:{at.line}" if at.line else (at.path or "the bond's configuration")
    name = shlex.quote(facts.name)
    running = f"echo 100 > {shlex.quote('/sys/class/net/' + facts.name + '/bonding/miimon')}"
    layer = facts.applied_by or ""
    if "NetworkManager" in layer:
        how = f'nmcli connection modify {name} +bond.options "miimon=100" && nmcli connection up {name}'
    elif layer in ("initscripts", "wicked"):
        how = "add miimon=100 to BONDING_OPTS and restart the bond"
    else:
        how = f"write miimon=100 where the bond is configured, or on the running bond: {running}"
    return f"set miimon=100 (the kernel documentation's starting point; {where}): {how}; then run bondlint plan again"


def failback_gap_ms(facts: BondFacts, end: SwitchEnd | None) -> int | None:
    """How long a returning port carries traffic before its switch port forwards:
    forwarding delay minus updelay (0 when updelay covers it or the port is an edge
    port); None when the switch port's spanning-tree settings are unknown."""
    if end is None or end.edge is None:
        return None
    if end.edge or end.stp is False:
        return 0
    if end.forwarding_delay is None:
        return None
    return max(0, end.forwarding_delay * 1000 - facts.updelay)


def failback_words(facts: BondFacts, end: SwitchEnd | None) -> str:
    """updelay against the switch port's forwarding delay, in a sentence."""
    gap = failback_gap_ms(facts, end)
    if end is None or gap is None:
        return (
            f"updelay {facts.updelay} ms; the switch port's spanning-tree settings are unknown:"
            " make sure updelay covers its forwarding delay (or that it is an edge/portfast port)"
        )
    if end.edge or end.stp is False:
        return f"updelay {facts.updelay} ms; {end.label} forwards at link-up (edge port / no spanning tree)"
    if gap == 0:
        return f"updelay {facts.updelay} ms covers {end.label}'s forwarding delay of {end.forwarding_delay} s"
    return (
        f"updelay {facts.updelay} ms is shorter than {end.label}'s forwarding delay of {end.forwarding_delay} s:"
        f" the bond sends into the port {gap} ms before it forwards"
    )
