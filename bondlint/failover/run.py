"""The three commands over a scanned model (the command line scans, this computes).

``bonds`` and ``bond_entities`` (in ``facts``, which the audit's blast radius imports
without the plan and verify modules) pick a result's real bonds."""

from __future__ import annotations

from bondlint.failover.facts import bond_entities, bonds
from bondlint.failover.plan import Plan, plan_bond
from bondlint.failover.simulate import Simulation, parse_spec, simulate
from bondlint.failover.verify import Check, pair_bonds, verify_pair
from bondlint.results import ScanResult


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
