"""The blast radius of each switch: what losing it whole does to every bond cabled to it.

``bondlint audit`` keeps each host's model in the process that audited the host, so this
runs there, once per host, on that host's bonds: for every switch one of its bonds is
cabled to, ``simulate`` fails that switch and each bond it touches gets one small
``BlastOutcome`` (switch, host, bond, outcome, detection time, reason) that travels back
with the host's findings. The fleet report adds them up per switch.
"""

from __future__ import annotations

from bondlint.failover.facts import BondFacts, bonds
from bondlint.failover.simulate import FailSpec, simulate
from bondlint.results import BlastOutcome, ScanResult


def blast_radius(result: ScanResult) -> list[BlastOutcome]:
    """Per switch the bonds of ``result`` are cabled to, what losing it does to each."""
    return switch_failures(bonds(result))


def switch_failures(facts: list[BondFacts]) -> list[BlastOutcome]:
    """Each switch of ``facts`` failed in turn, one outcome per bond it touches."""
    switches = sorted({p.switch.switch for bond in facts for p in bond.ports if p.switch and p.switch.switch})
    found: list[BlastOutcome] = []
    for switch in switches:
        simulated = simulate(FailSpec("switch", switch), facts)
        found.extend(
            BlastOutcome(switch, o.host, o.bond, o.outcome, o.detection_ms, o.reason) for o in simulated.outcomes
        )
    return found
