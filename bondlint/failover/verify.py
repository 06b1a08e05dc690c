"""``bondlint plan --verify BEFORE AFTER``: did a real failover test do what the plan says?

BEFORE and AFTER are captures of the running bond (``/proc/net/bonding/<bond>``, ``ip -d
link``, sysfs) taken before and after one port was shut. Both go through the same
discovery, parsers and model as a scan; the running layers of each bond are compared:

* the two captures show the same bond (mode, link monitor, ports), healthy before;
* exactly one port's link failure count went up, and that port is down after;
* in active-backup (and balance-tlb/alb) that port was the active one, and the active
  port moved to a port that is up;
* in 802.3ad an aggregator is still active after, holding the ports that are up;
* the bond itself is up after.

Every check that does not hold is a finding at the capture that shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bondlint.failover.facts import LACP_MODE, ONE_ACTIVE_MODES
from bondlint.model.entity import Entity
from bondlint.sources.base import Location

SAME_KEYS = ("mode", "monitoring", "miimon", "arp_interval")


@dataclass(frozen=True, slots=True)
class Check:
    host: str
    bond: str
    ok: bool
    message: str
    where: Location | None = None


def pair_bonds(before: list[Entity], after: list[Entity]) -> list[tuple[Entity, Entity | None]]:
    """Each bond of BEFORE with the same bond in AFTER: same host and name, else (one
    host on each side, as two capture folders with different names are) the same name."""
    after_by_key = {(e.host, e.name): e for e in after}
    after_by_name: dict[str, list[Entity]] = {}
    for entity in after:
        after_by_name.setdefault(entity.name, []).append(entity)
    one_host = len({e.host for e in before}) == 1 and len({e.host for e in after}) == 1
    pairs: list[tuple[Entity, Entity | None]] = []
    for entity in before:
        match = after_by_key.get((entity.host, entity.name))
        if match is None and one_host and len(after_by_name.get(entity.name, [])) == 1:
            match = after_by_name[entity.name][0]
        pairs.append((entity, match))
    return pairs


def verify_pair(before: Entity, after: Entity | None) -> list[Check]:
    """The checks of one bond's before/after captures (failed ones are findings)."""
    checker = _Checker(before, after)
    checker.run()
    return checker.checks


class _Checker:
    def __init__(self, before: Entity, after: Entity | None) -> None:
        self.before, self.after = before, after
        self.checks: list[Check] = []
        self.was: dict[str, Any] = before.view.get("runtime") or {}
        self.now: dict[str, Any] = (after.view.get("runtime") or {}) if after else {}

    def check(self, ok: bool, message: str, path: str = "/runtime") -> bool:
        where = self.after.locate(path) if self.after is not None and self.now else self.before.locate(path)
        self.checks.append(Check(self.before.host, self.before.name, ok, message, where))
        return ok

    def run(self) -> None:
        name = self.before.name
        if not self.check(bool(self.was), f"BEFORE has a capture of the running {name}"):
            return
        if not self.check(bool(self.now), f"AFTER has a capture of the running {name}"):
            return
        differing = [k for k in SAME_KEYS if self.was.get(k) != self.now.get(k)]
        ports_was, ports_now = _ports(self.was), _ports(self.now)
        if set(ports_was) != set(ports_now):
            differing.append("ports")
        if not self.check(not differing, _same_words(name, differing, self.was, self.now)):
            return
        down_before = [p for p, state in ports_was.items() if state.get("mii_status") != "up"]
        self.check(not down_before, f"every port of {name} is up before" + _listed(" (down: ", down_before))
        failed = self._failed_port(ports_was, ports_now)
        if failed is None:
            return
        self.check(
            ports_now[failed].get("mii_status") == "down",
            f"{failed} is down after (MII Status: {ports_now[failed].get('mii_status')})",
            self._port_path(failed),
        )
        mode = self.now.get("mode")
        if mode in ONE_ACTIVE_MODES:
            self._active_moved(failed, ports_now)
        elif mode == LACP_MODE:
            self._aggregator_kept(failed, ports_now)
        self.check(self.now.get("mii_status") == "up", f"{name} is up after (MII Status: {self.now.get('mii_status')})")

    def _failed_port(self, was: dict[str, dict[str, Any]], now: dict[str, dict[str, Any]]) -> str | None:
        counted = [p for p in was if _count(now[p]) > _count(was[p])]
        if len(counted) == 1:
            failed = counted[0]
            self.check(
                True,
                f"link failure count of {failed} went up ({_count(was[failed])} -> {_count(now[failed])})"
                " and no other port's did",
                self._port_path(failed),
            )
            return failed
        if not counted:
            self.check(False, "no port's link failure count went up: AFTER shows no failure")
        else:
            self.check(False, f"link failure counts went up on several ports ({', '.join(counted)}): not one failure")
        return None

    def _active_moved(self, failed: str, now: dict[str, dict[str, Any]]) -> None:
        was_active, active = self.was.get("active_port"), self.now.get("active_port")
        self.check(was_active == failed, f"the failed port {failed} was the active port before (it was {was_active})")
        moved = active not in (None, failed, was_active) and now.get(str(active), {}).get("mii_status") == "up"
        self.check(
            moved,
            f"the active port moved from {was_active} to a port that is up (now: {active})",
            "/runtime/active_port",
        )

    def _aggregator_kept(self, failed: str, now: dict[str, dict[str, Any]]) -> None:
        lacp = self.now.get("lacp") or {}
        active = not lacp.get("no_active_aggregator") and lacp.get("aggregator_id") is not None
        self.check(
            active, f"an aggregator is still active after (Aggregator ID: {lacp.get('aggregator_id')})", "/runtime/lacp"
        )
        up = [p for p, state in now.items() if p != failed and state.get("mii_status") == "up"]
        outside = [p for p in up if now[p].get("in_active_aggregator") is False]
        self.check(not outside, "the ports that are up stay in the active aggregator" + _listed(" (outside: ", outside))

    def _port_path(self, name: str) -> str:
        ports = self.now.get("ports") or []
        index = next((i for i, p in enumerate(ports) if isinstance(p, dict) and p.get("name") == name), None)
        return f"/runtime/ports/{index}" if index is not None else "/runtime"


def _ports(runtime: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(p["name"]): p for p in runtime.get("ports") or [] if isinstance(p, dict) and p.get("name")}


def _count(port: dict[str, Any]) -> int:
    value = port.get("link_failure_count")
    return value if isinstance(value, int) else 0


def _listed(prefix: str, names: list[str]) -> str:
    return f"{prefix}{', '.join(names)})" if names else ""


def _same_words(name: str, differing: list[str], was: dict[str, Any], now: dict[str, Any]) -> str:
    if not differing:
        return f"BEFORE and AFTER show the same {name} (mode, link monitor, ports)"
    shown = "; ".join(
        "ports differ" if key == "ports" else f"{key} {was.get(key)} before, {now.get(key)} after" for key in differing
    )
    return f"BEFORE and AFTER do not show the same {name}: {shown}"
