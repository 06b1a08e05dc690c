"""``bondlint simulate --fail SPEC``: what one failure does to every bond of the fleet.

SPEC names a host port (``db01:eno1``), a switch port (``leaf1:Gi1/0/11``), a whole
switch (``leaf1``) or a switch's uplinks (``leaf1:uplinks``). A failed port loses its
carrier, except behind failed uplinks: there a switch port stays up and black-holes the
traffic unless link-state tracking shuts it down (``link_tracking`` in the model); where
the switch's configuration was not read, that is unknown.

Each bond the failure touches gets one outcome: ``survives`` (the bond notices within
its detection time and carries on with a port it had in reserve), ``degraded`` (it
carries on with fewer ports, or without a backup left), ``dark`` (no usable port left,
below 802.3ad's min_links, or a dead port that stays in use because no monitor notices),
or ``unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bondlint.failover.facts import LACP_MODE, ONE_ACTIVE_MODES, BondFacts, PortFacts
from bondlint.model.network import interface_key

OUTCOMES = ("survives", "degraded", "dark", "unknown")
DOWN, ISOLATED, UNKNOWN = "down", "isolated", "unknown"


class SpecError(ValueError):
    """A failure SPEC that names nothing the model knows."""


@dataclass(frozen=True, slots=True)
class FailSpec:
    kind: str  # host-port, switch-port, switch, uplinks
    device: str  # the host or the switch
    port: str | None = None

    @property
    def label(self) -> str:
        return f"{self.device}:{self.port}" if self.port else self.device


@dataclass(frozen=True, slots=True)
class Outcome:
    host: str
    bond: str
    mode: str | None
    outcome: str
    failed: tuple[str, ...]  # "eno1 (down)", "eno2 (isolated)"
    remaining: tuple[str, ...]
    detection_ms: int | None
    reason: str


@dataclass(slots=True)
class Simulation:
    spec: FailSpec
    outcomes: list[Outcome] = field(default_factory=list)
    untouched: int = 0

    def counts(self) -> dict[str, int]:
        found = {name: 0 for name in OUTCOMES}
        for outcome in self.outcomes:
            found[outcome.outcome] += 1
        return found


def parse_spec(text: str, hosts: set[str], switches: set[str]) -> FailSpec:
    """The failure ``text`` names, against the hosts and switches of the model."""
    device, _, port = text.partition(":")
    if not device:
        raise SpecError(f"{text!r}: give HOST:PORT, SWITCH:PORT, SWITCH or SWITCH:uplinks")
    if device in hosts and port:
        return FailSpec("host-port", device, port)
    if device in switches:
        if not port:
            return FailSpec("switch", device)
        return FailSpec("uplinks" if port.lower() == "uplinks" else "switch-port", device, port)
    known = ", ".join(sorted(hosts | switches)[:20]) or "none"
    raise SpecError(f"{text!r}: no host port or switch of that name (hosts and switches: {known})")


def simulate(spec: FailSpec, bonds: list[BondFacts]) -> Simulation:
    """The outcome of ``spec`` for every bond it touches."""
    result = Simulation(spec)
    for bond in bonds:
        hit = {p.name: how for p in bond.ports if (how := _hit(spec, bond, p)) is not None}
        if not hit:
            result.untouched += 1
            continue
        result.outcomes.append(_outcome(bond, hit))
    return result


def _hit(spec: FailSpec, bond: BondFacts, port: PortFacts) -> str | None:
    """How ``spec`` affects ``port``: down, isolated, unknown, or None (not at all)."""
    if spec.kind == "host-port":
        return DOWN if bond.host == spec.device and port.name == spec.port else None
    end = port.switch
    if end is None or end.switch != spec.device:
        return None
    if spec.kind == "switch":
        return DOWN
    if spec.kind == "switch-port":
        wanted = interface_key(spec.port or "")
        return DOWN if wanted in (interface_key(end.interface), interface_key(end.short)) else None
    if end.link_tracking is None:
        return UNKNOWN
    return DOWN if end.link_tracking else ISOLATED


def _outcome(bond: BondFacts, hit: dict[str, str]) -> Outcome:
    remaining = [p for p in bond.ports if p.name not in hit and p.up is not False]
    verdict, reason = _verdict(bond, hit, remaining)
    return Outcome(
        host=bond.host,
        bond=bond.name,
        mode=bond.mode,
        outcome=verdict,
        failed=tuple(f"{name} ({how})" for name, how in hit.items()),
        remaining=tuple(p.name for p in remaining),
        detection_ms=bond.detection_ms,
        reason=reason,
    )


def _verdict(bond: BondFacts, hit: dict[str, str], remaining: list[PortFacts]) -> tuple[str, str]:
    used = bond.active in hit if bond.mode in ONE_ACTIVE_MODES else True
    if UNKNOWN in hit.values():
        return (
            "unknown",
            "the switch's configuration was not read: whether link-state tracking shuts its ports is unknown",
        )
    if not remaining:
        return "dark", "no usable port left"
    blind = [n for n, how in hit.items() if how == ISOLATED and bond.monitor != "arp"]
    if bond.detection_ms is None and used:
        return "dark", f"{', '.join(hit)} stays in use: no link monitor notices (miimon=0, arp_interval=0)"
    if blind and (bond.active in blind or bond.mode not in ONE_ACTIVE_MODES):
        return "dark", (
            f"{', '.join(blind)} keeps its link (uplinks lost, no link-state tracking) and stays in use:"
            " the MII monitor sees only the carrier"
        )
    if bond.mode == LACP_MODE and len(remaining) < max(1, bond.min_links):
        return "dark", f"{len(remaining)} port(s) remain, below min_links={bond.min_links}: the bond drops its carrier"
    if not used:
        return "degraded", f"lost a backup port; {bond.active} carries on with no backup left"
    if bond.mode in ONE_ACTIVE_MODES:
        return "survives", f"fails over to {remaining[0].name} within {bond.detection_ms} ms"
    return "degraded", f"carries on with {len(remaining)} of {len(bond.ports)} ports after {bond.detection_ms} ms"
