"""How long a bond takes to notice that its active port died: the detection time.

The kernel's bonding documentation (docs.kernel.org/networking/bonding.html) gives the
two monitors' timers:

* MII monitor: the carrier of each port is looked at every ``miimon`` ms, and a port
  found down is disabled ``downdelay`` ms later (kept as a multiple of miimon, rounded
  down: the effective and runtime layers already hold the rounded value). A port that
  dies just after a poll is seen at the next one, so the worst case is
  ``miimon + downdelay``.
* ARP monitor: a port is marked down after ``arp_missed_max`` (default 2) checks
  ``arp_interval`` ms apart fail, so ``arp_interval x arp_missed_max`` (backup ports get
  one check more; the active port, the one a failover is about, does not).

``/effective/detection_ms`` and ``/runtime/detection_ms`` hold that time (absent when
no monitor runs: then nothing is ever detected), and ``detection_from`` lists the timers
that make it up, each located at the line that sets it, so a finding about the time
names both.
"""

from __future__ import annotations

from typing import Any

from bondlint.model.entity import Entity

ARP_MISSED_MAX_DEFAULT = 2


def detection(layer: dict[str, Any], arp_missed_max: int | None = None) -> tuple[int, list[tuple[str, int]]] | None:
    """(detection time in ms, [(timer, value), ...]) for one layer of a bond's view, or
    None when no link monitor runs in it."""
    miimon, arp_interval = layer.get("miimon"), layer.get("arp_interval")
    if isinstance(arp_interval, int) and arp_interval > 0 and layer.get("monitoring") == "arp":
        missed = arp_missed_max if arp_missed_max and arp_missed_max > 0 else ARP_MISSED_MAX_DEFAULT
        return arp_interval * missed, [("arp_interval", arp_interval), ("arp_missed_max", missed)]
    if isinstance(miimon, int) and miimon > 0:
        downdelay = layer.get("downdelay")
        delay = downdelay if isinstance(downdelay, int) and downdelay > 0 else 0
        return miimon + delay, [("miimon", miimon), ("downdelay", delay)]
    return None


def put_detection(entity: Entity) -> None:
    """``/<layer>/detection_ms`` and ``/<layer>/detection_from`` for the effective and
    runtime layers of a bond entity that has them."""
    for name in ("effective", "runtime"):
        layer = entity.view.get(name)
        if not isinstance(layer, dict):
            continue
        missed, missed_at = _arp_missed_max(entity, name)
        found = detection(layer, missed)
        if found is None:
            continue
        total, timers = found
        first = f"/{name}/{timers[0][0]}"
        entity.put((name, "detection_ms"), total, entity.locate(first))
        entity.put((name, "detection_from"), [f"{timer}={value}" for timer, value in timers])
        for index, (timer, _) in enumerate(timers):
            where = missed_at if timer == "arp_missed_max" else f"/{name}/{timer}"
            entity.mark((name, "detection_from", index), entity.locate(where))


def _arp_missed_max(entity: Entity, layer: str) -> tuple[int | None, str]:
    """arp_missed_max as the layer has it (runtime: reported; effective: written in the
    options, else the kernel default) and the pointer that locates it."""
    if layer == "runtime":
        value = entity.view["runtime"].get("arp_missed_max")
        return (value if isinstance(value, int) else None), "/runtime/arp_missed_max"
    written = entity.view.get("config", {}).get("options", {}).get("arp_missed_max")
    return (written if isinstance(written, int) else None), "/config/options/arp_missed_max"
