"""The facts of one bond that a failover depends on, read from its entity's view.

A failover test exercises the bond as it runs, so the running kernel's values
(``/runtime``) come first; without a capture of the running bond, the persisted
configuration as its applying layer leaves it (``/effective``) stands in, and the plan
says which one it used. Where both are known and their detection times differ, the
persisted one is kept too: the next reboot brings it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bondlint.model.detection import detection
from bondlint.model.entity import Entity
from bondlint.results import ScanResult
from bondlint.sources.base import Location

# Modes with one active port (the one a failover test fails first).
ONE_ACTIVE_MODES = frozenset({"active-backup", "balance-tlb", "balance-alb"})
LACP_MODE = "802.3ad"


@dataclass(frozen=True, slots=True)
class SwitchEnd:
    """The switch port a host port is cabled to, as far as the model knows it."""

    switch: str
    interface: str
    short: str
    platform: str | None  # None: the switch's configuration was not read
    configured: bool
    edge: bool | None
    stp: bool | None
    forwarding_delay: int | None  # seconds after link-up before it forwards (spanning tree)
    link_tracking: bool | None  # None: unknown (no configuration read)
    channel: str | None
    shutdown: bool

    @property
    def label(self) -> str:
        return f"{self.switch}:{self.short or self.interface}"


@dataclass(frozen=True, slots=True)
class PortFacts:
    name: str
    up: bool | None  # runtime MII status; None without a capture of the running bond
    active: bool  # carries the bond's traffic now (runtime), or is expected to (primary)
    link_failures: int | None
    switch: SwitchEnd | None


@dataclass(frozen=True, slots=True)
class BondFacts:
    host: str
    name: str
    mode: str | None
    layer: str  # "runtime" or "effective": where the timers come from
    described_as: str
    monitor: str  # mii, arp or none
    detection_ms: int | None
    timers: tuple[tuple[str, int], ...]
    persisted_detection_ms: int | None  # the effective layer's, when it differs
    persisted_unmonitored: bool  # runs with a monitor that the persisted configuration lacks
    ports: tuple[PortFacts, ...]
    active: str | None
    primary: str | None
    primary_reselect: str
    updelay: int
    min_links: int
    ad_select: str
    fail_over_mac: str
    config_file: str | None
    applied_by: str | None  # the layer that applies the persisted configuration
    monitor_at: Location  # the line that decides the monitor (where a fix goes)
    timer_at: tuple[Location, ...]

    @property
    def port_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.ports)

    def port(self, name: str | None) -> PortFacts | None:
        return next((p for p in self.ports if p.name == name), None)


def bond_facts(entity: Entity) -> BondFacts:
    """The failover facts of a bond entity."""
    view = entity.view
    runtime: dict[str, Any] = view.get("runtime") or {}
    effective: dict[str, Any] = view.get("effective") or {}
    options: dict[str, Any] = (view.get("config") or {}).get("options") or {}
    layer_name = "runtime" if runtime else "effective"
    layer = runtime or effective
    found = detection(layer, _int(runtime.get("arp_missed_max")) or _int(options.get("arp_missed_max")))
    persisted = detection(effective, _int(options.get("arp_missed_max"))) if runtime and effective else None
    timers = tuple(found[1]) if found else ()
    lacp: dict[str, Any] = runtime.get("lacp") or {}
    ports = _ports(view, runtime)
    mode = runtime.get("mode") or view.get("mode")
    primary = runtime.get("primary") or effective.get("primary")
    return BondFacts(
        host=entity.host,
        name=entity.name,
        mode=mode,
        layer=layer_name,
        described_as=str(layer.get("described_as") or layer_name),
        monitor=str(layer.get("monitoring") or "none"),
        detection_ms=found[0] if found else None,
        timers=timers,
        persisted_detection_ms=(persisted[0] if persisted and found and persisted[0] != found[0] else None),
        persisted_unmonitored=bool(runtime and effective and found and persisted is None),
        ports=ports,
        active=_active(mode, runtime, primary, ports),
        primary=primary,
        primary_reselect=str(runtime.get("primary_reselect") or options.get("primary_reselect") or "always"),
        updelay=_int(layer.get("updelay")) or 0,
        min_links=_int(lacp.get("min_links")) or _int(options.get("min_links")) or 0,
        ad_select=str(lacp.get("ad_select") or options.get("ad_select") or "stable"),
        fail_over_mac=str(runtime.get("fail_over_mac") or options.get("fail_over_mac") or "none"),
        config_file=(view.get("config") or {}).get("file"),
        applied_by=effective.get("applied_by"),
        monitor_at=entity.locate(f"/{'effective' if effective else 'runtime'}/miimon"),
        timer_at=tuple(entity.locate(f"/{layer_name}/detection_from/{i}") for i in range(len(timers))),
    )


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _ports(view: dict[str, Any], runtime: dict[str, Any]) -> tuple[PortFacts, ...]:
    ends = {str(s.get("port")): _switch_end(s) for s in view.get("switch_ports") or [] if isinstance(s, dict)}
    running = [p for p in runtime.get("ports") or [] if isinstance(p, dict) and p.get("name")]
    if running:
        return tuple(
            PortFacts(
                name=str(p["name"]),
                up=p.get("mii_status") == "up" if p.get("mii_status") else None,
                active=bool(p.get("is_active")) or bool(p.get("in_active_aggregator")),
                link_failures=_int(p.get("link_failure_count")),
                switch=ends.get(str(p["name"])),
            )
            for p in running
        )
    names = [str(n) for n in (view.get("config") or {}).get("ports") or []]
    return tuple(PortFacts(name=n, up=None, active=False, link_failures=None, switch=ends.get(n)) for n in names)


def _switch_end(port: dict[str, Any]) -> SwitchEnd:
    configured = bool(port.get("configured"))
    return SwitchEnd(
        switch=str(port.get("switch")),
        interface=str(port.get("interface")),
        short=str(port.get("short") or port.get("interface")),
        platform=port.get("platform"),
        configured=configured,
        edge=port.get("edge") if configured else None,
        stp=port.get("stp") if configured else None,
        forwarding_delay=_int(port.get("forwarding_delay")),
        link_tracking=port.get("link_tracking") if configured else None,
        channel=port.get("channel"),
        shutdown=bool(port.get("shutdown")),
    )


def _active(mode: Any, runtime: dict[str, Any], primary: Any, ports: tuple[PortFacts, ...]) -> str | None:
    """The port a failover test fails first: the running active port, else the primary,
    else the first port (802.3ad and the balancing modes: the first port in use)."""
    if runtime.get("active_port"):
        return str(runtime["active_port"])
    in_use = [p.name for p in ports if p.active]
    if in_use:
        return in_use[0]
    if mode in ONE_ACTIVE_MODES and primary and any(p.name == primary for p in ports):
        return str(primary)
    return ports[0].name if ports else None


def bond_entities(result: ScanResult, host: str | None = None, bond: str | None = None) -> list[Entity]:
    """The real bonds of ``result`` (not the empty bond0 the module makes when it loads),
    narrowed to ``host`` and ``bond``, in host and name order."""
    found = [
        e
        for e in result.entities
        if e.kind == "bond"
        and not e.view.get("autoload_artefact")
        and (host is None or e.host == host)
        and (bond is None or e.name == bond)
    ]
    return sorted(found, key=lambda e: (e.host, e.name))


def bonds(result: ScanResult, host: str | None = None, bond: str | None = None) -> list[BondFacts]:
    return [bond_facts(e) for e in bond_entities(result, host, bond)]
