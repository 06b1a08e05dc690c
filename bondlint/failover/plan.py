"""``bondlint plan``: the runbook's "test failover" step, computed for one bond.

A plan is a checklist: what stops the test first (a bond that cannot fail over is said
so first, with the fix, instead of a test that would cause the outage), which port to
fail and how, what must happen and how fast, what to capture before and after and
which ``/proc/net/bonding`` lines prove it, then the failback and its interruption.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from bondlint.failover.commands import Commands, commands_for
from bondlint.failover.facts import LACP_MODE, ONE_ACTIVE_MODES, BondFacts
from bondlint.failover.timing import detection_words, failback_gap_ms, failback_words, monitor_fix


@dataclass(frozen=True, slots=True)
class Step:
    title: str
    lines: tuple[str, ...]


@dataclass(slots=True)
class Plan:
    host: str
    bond: str
    mode: str | None
    timers_from: str  # "the running kernel" / "the persisted configuration as … applies it"
    fail_port: str | None
    switch_port: str | None  # "leaf1:Et10"
    commands: Commands | None
    detection_ms: int | None
    new_active: str | None
    failback_interruption_ms: int | None
    blockers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # said first, but the test may run
    steps: list[Step] = field(default_factory=list)

    @property
    def testable(self) -> bool:
        return not self.blockers


def plan_bond(facts: BondFacts) -> Plan:
    """The failover test for one bond (or why it must not be run yet)."""
    port = facts.port(facts.active)
    end = port.switch if port else None
    plan = Plan(
        host=facts.host,
        bond=facts.name,
        mode=facts.mode,
        timers_from=facts.described_as,
        fail_port=facts.active,
        switch_port=end.label if end else None,
        commands=commands_for(facts.host, facts.active, end) if facts.active else None,
        detection_ms=facts.detection_ms,
        new_active=_new_active(facts),
        failback_interruption_ms=None,
    )
    plan.blockers = _blockers(facts)
    if plan.blockers:
        plan.steps.append(Step("Do not test yet", tuple(plan.blockers)))
        return plan
    if facts.persisted_unmonitored:
        plan.warnings.append(
            f"{facts.name} runs with a link monitor that its persisted configuration lacks: after a reboot it"
            f" has none and will not fail over. Fix it too: {monitor_fix(facts)}"
        )
    plan.failback_interruption_ms = _failback_interruption(facts)
    plan.steps.extend([_before(facts), _fail(facts, plan), _expect(facts, plan), _after(facts), _failback(facts, plan)])
    return plan


def _blockers(facts: BondFacts) -> list[str]:
    """What makes the test an outage: no monitor, no other port to fail over to, or
    an 802.3ad bond that drops below min_links."""
    found: list[str] = []
    if facts.detection_ms is None:
        found.append(
            f"{facts.name} has no link monitor in {facts.described_as} (miimon=0, arp_interval=0): failing"
            f" {facts.active or 'a port'} takes the host off the network, the bond never fails over."
            f" Fix first: {monitor_fix(facts)}"
        )
    others = [p for p in facts.ports if p.name != facts.active]
    if not others:
        found.append(f"{facts.name} has no port besides {facts.active or 'none'}: failing it takes the bond down")
    elif all(p.up is False for p in others):
        down = ", ".join(p.name for p in others)
        found.append(f"{facts.name}'s other ports are down ({down}): bring them up before failing {facts.active}")
    if facts.mode == LACP_MODE and others and facts.min_links > len(others):
        found.append(
            f"{facts.name} has min_links={facts.min_links}: with {facts.active} down only {len(others)}"
            " port(s) remain, so the bond drops its carrier (lower min_links or test with more ports)"
        )
    return found


def _new_active(facts: BondFacts) -> str | None:
    """The port that carries the traffic once the active one is down."""
    others = [p for p in facts.ports if p.name != facts.active and p.up is not False]
    if not others:
        return None
    if facts.mode in ONE_ACTIVE_MODES:
        if facts.primary and facts.primary != facts.active and any(p.name == facts.primary for p in others):
            return facts.primary
        return others[0].name
    return ", ".join(p.name for p in others)


def _failback_interruption(facts: BondFacts) -> int | None:
    """Expected loss when the failed port returns: the gap between updelay and its switch
    port's forwarding delay when the bond moves back to it (0 when it does not move back
    or the switch port forwards at once); None when unknown."""
    port = facts.port(facts.active)
    moves_back = facts.mode not in ONE_ACTIVE_MODES or (
        facts.primary == facts.active and facts.primary_reselect == "always"
    )
    if not moves_back:
        return 0
    return failback_gap_ms(facts, port.switch if port else None)


def _before(facts: BondFacts) -> Step:
    return Step(
        "Capture before",
        (
            _capture(facts.name, "before"),
            "ip -d link show > before/ip_-d_link_show",
            f"check: every port of {facts.name} shows 'MII Status: up'; note each 'Link Failure Count'",
        ),
    )


def _capture(bond: str, folder: str) -> str:
    """The shell line that saves the bond's /proc/net/bonding file (names quoted)."""
    return f"cat {shlex.quote('/proc/net/bonding/' + bond)} > {shlex.quote(f'{folder}/proc_net_bonding_{bond}')}"


def _fail(facts: BondFacts, plan: Plan) -> Step:
    lines: list[str] = []
    if plan.switch_port and plan.commands and plan.commands.where.startswith("switch"):
        lines.append(f"{facts.active} is cabled to {plan.switch_port}; on {plan.commands.where}:")
    elif plan.switch_port:
        lines.append(
            f"{facts.active} is cabled to {plan.switch_port}, whose configuration was not read; on the host instead:"
        )
    else:
        lines.append(f"the switch port behind {facts.active} is unknown; on the host instead:")
    lines.extend(f"  {line}" for line in (plan.commands.down if plan.commands else ()))
    return Step(f"Fail {facts.active}", tuple(lines))


def _expect(facts: BondFacts, plan: Plan) -> Step:
    lines = [f"detection: {detection_words(facts)} (timers of {facts.described_as})"]
    if facts.persisted_detection_ms is not None:
        lines.append(f"after a reboot the persisted configuration gives {facts.persisted_detection_ms} ms instead")
    if facts.mode in ONE_ACTIVE_MODES:
        lines.append(f"new active port: {plan.new_active}")
        if facts.fail_over_mac != "none":
            lines.append(f"fail_over_mac={facts.fail_over_mac}: the bond's MAC moves; peers learn it by gratuitous ARP")
    elif facts.mode == LACP_MODE:
        lines.append(
            f"the aggregator stays with {plan.new_active} (ad_select={facts.ad_select});"
            f" min_links={facts.min_links}: the bond keeps its carrier"
        )
    else:
        lines.append(f"traffic continues on {plan.new_active}")
    lines.append(f"interruption: up to {facts.detection_ms} ms for flows on {facts.active}")
    return Step("Expect", tuple(lines))


def _after(facts: BondFacts) -> Step:
    wait_s = max(2, -(-2 * (facts.detection_ms or 0) // 1000))
    proof = [f"under 'Slave Interface: {facts.active}': 'MII Status: down' and 'Link Failure Count' one higher"]
    if facts.mode in ONE_ACTIVE_MODES:
        proof.insert(0, f"'Currently Active Slave: {_new_active(facts)}'")
    elif facts.mode == LACP_MODE:
        proof.insert(0, "'Active Aggregator Info' keeps its 'Aggregator ID'; 'Number of ports' one lower")
    return Step(
        "Capture after",
        (
            f"wait {wait_s} s, then:",
            _capture(facts.name, "after"),
            "ip -d link show > after/ip_-d_link_show",
            *(f"proof: {line}" for line in proof),
            "bondlint plan --verify before/ after/",
        ),
    )


def _failback(facts: BondFacts, plan: Plan) -> Step:
    port = facts.port(facts.active)
    lines = [f"  {line}" for line in plan.commands.up] if plan.commands else []
    lines.insert(0, f"restore {facts.active} on {plan.commands.where if plan.commands else 'the host'}:")
    if facts.mode in ONE_ACTIVE_MODES:
        lines.append(_reselect_words(facts))
    lines.append(failback_words(facts, port.switch if port else None))
    gap = plan.failback_interruption_ms
    lines.append(
        "expected interruption: unknown (switch side unknown)" if gap is None else f"expected interruption: {gap} ms"
    )
    return Step("Fail back", tuple(lines))


def _reselect_words(facts: BondFacts) -> str:
    if not facts.primary:
        return f"no primary: {facts.active} returns as a backup port and the bond stays on {_new_active(facts)}"
    if facts.primary != facts.active:
        return f"primary {facts.primary} stays active; {facts.active} returns as a backup port"
    if facts.primary_reselect == "always":
        return f"primary_reselect=always: the bond moves back to {facts.primary} once it is up (after updelay)"
    if facts.primary_reselect == "better":
        return (
            f"primary_reselect=better: the bond moves back to {facts.primary} only if it is faster"
            f" (speed/duplex) than {_new_active(facts)}"
        )
    return f"primary_reselect=failure: the bond stays on {_new_active(facts)} until that port fails"
