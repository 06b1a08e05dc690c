"""The three commands over a scanned model (the command line scans, this computes)."""

from __future__ import annotations

from bondlint.failover.facts import BondFacts, bond_facts
from bondlint.failover.plan import Plan, plan_bond
from bondlint.failover.simulate import Simulation, parse_spec, simulate
from bondlint.failover.verify import Check, pair_bonds, verify_pair
from bondlint.model.entity import Entity
from bondlint.results import ScanResult


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


def plans(result: ScanResult, host: str | None = None, bond: str | None = None) -> list[Plan]:
    return [plan_bond(facts) for facts in bonds(result, host, bond)]


def simulation(result: ScanResult, spec: str) -> Simulation:
    """What ``spec`` does to every bond (SpecError when it names nothing known)."""
    facts = bonds(result)
    switches = set(result.switches) | {p.switch.switch for b in facts for p in b.ports if p.switch}
    return simulate(parse_spec(spec, {b.host for b in facts} | set(result.hosts), switches), facts)


def verification(before: ScanResult, after: ScanResult) -> list[Check]:
    checks: list[Check] = []
    for was, now in pair_bonds(bond_entities(before), bond_entities(after)):
        checks.extend(verify_pair(was, now))
    return checks
