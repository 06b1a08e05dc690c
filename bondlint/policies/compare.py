"""``compare``: a JSON Schema keyword that compares two values of an entity's view.

JSON Schema checks one value against constants; a cross-check compares two values of
the view (the switch port's MTU with the bond's, the bond's updelay with the switch's
forwarding delay). ``compare`` does that in the policy, where a site can tune it::

    compare:
      left: payload_mtu              # a key of the object being validated …
      op: ">="                       # == != < <= > >= in, not in, within-vlans
      right: /host_mtu               # … or an absolute pointer into the entity's view
      at: mtu                        # optional: the key the failure is located at

An operand is a key of the object under validation, an absolute JSON pointer into the
entity's view (``/effective/updelay``; ``*`` collects every element's value into a list:
``/runtime/ports/*/name``), a number or string literal (``{"$param": name}``
is substituted before), a list of operands (the first one present wins:
``[/effective/updelay, /runtime/updelay, 0]``), or ``{value: OPERAND, times: N, plus: N}``
for arithmetic on a number. A side that is absent is no evidence: the comparison passes.
``compare`` may hold a list of comparisons; each must hold.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from bondlint.model.entity import pointer_segments, value_at
from bondlint.model.network import vlan_ids
from bondlint.model.vlans import UNTAGGED

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "within-vlans": lambda left, right: vlan_member(left, right),
    "in": lambda left, right: isinstance(right, list) and left in right,
    "not in": lambda left, right: isinstance(right, list) and left not in right,
}
OPERAND_KEYS = frozenset({"value", "times", "plus"})
SPEC_KEYS = frozenset({"left", "op", "right", "at"})

# The view being evaluated (absolute pointers resolve in it); set by the engine.
VIEW_ROOT: ContextVar[Any] = ContextVar("bondlint_view_root", default=None)

_ABSENT = object()


def resolve(operand: Any, instance: Any) -> Any:
    """The operand's value, or ``_ABSENT``."""
    if isinstance(operand, list):
        for choice in operand:
            found = resolve(choice, instance)
            if found is not _ABSENT:
                return found
        return _ABSENT
    if isinstance(operand, dict):
        base = resolve(operand.get("value"), instance)
        if base is _ABSENT or isinstance(base, bool) or not isinstance(base, (int, float)):
            return _ABSENT
        return base * operand.get("times", 1) + operand.get("plus", 0)
    if isinstance(operand, str) and operand.startswith("/"):
        segments = pointer_segments(operand)
        if "*" in segments:  # every element's value: /runtime/ports/*/name
            return _project(VIEW_ROOT.get(), segments)
        found = value_at(VIEW_ROOT.get(), operand)
        return _ABSENT if found is None else found
    if isinstance(operand, str) and isinstance(instance, dict):
        value = instance.get(operand, _ABSENT)
        return _ABSENT if value is None else value
    if isinstance(operand, (int, float)) and not isinstance(operand, bool):
        return operand
    return _ABSENT


def vlan_member(item: Any, ranges: Any) -> bool:
    """Whether ``item`` (a VLAN id, or ``untagged``) is in ``ranges`` (``1-3,5,untagged``,
    a switch's VLAN list)."""
    if not isinstance(ranges, str):
        return False
    parts = [part.strip() for part in ranges.split(",")]
    if item == UNTAGGED:
        return UNTAGGED in parts
    ids = vlan_ids(",".join(part for part in parts if part != UNTAGGED))
    return isinstance(item, int) and ids is not None and item in ids


# Operators whose left side is a list: each element is compared, and each one that fails
# is its own failure, at its own place (a host VLAN at its own line).
EACH = frozenset({"within-vlans"})


def _project(node: Any, segments: list[str]) -> Any:
    """The values at ``segments`` (with ``*`` for every element) as one flat list."""
    values = [node]
    for segment in segments:
        step: list[Any] = []
        for value in values:
            if segment == "*":
                step.extend(value if isinstance(value, list) else value.values() if isinstance(value, dict) else [])
            elif isinstance(value, dict) and segment in value:
                step.append(value[segment])
            elif isinstance(value, list) and segment.isdigit() and int(segment) < len(value):
                step.append(value[int(segment)])
        values = step
    return values


def _local_key(operand: Any) -> str | None:
    """The instance key an operand names, if it names one."""
    if isinstance(operand, dict):
        return _local_key(operand.get("value"))
    if isinstance(operand, list):
        return next((k for k in map(_local_key, operand) if k), None)
    if isinstance(operand, str) and not operand.startswith("/"):
        return operand
    return None


def compare_keyword(validator: Any, spec: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """The jsonschema keyword function (see the module docstring)."""
    from jsonschema.exceptions import ValidationError

    for message, where in failures(spec, instance):
        yield ValidationError(message, path=where)


def holds(spec: Any, instance: Any) -> bool:
    """Whether every comparison of ``spec`` holds on ``instance`` (the compiled engine's
    keyword, bondlint/policies/fast.py: no jsonschema import)."""
    return next(failures(spec, instance), None) is None


def failures(spec: Any, instance: Any) -> Iterator[tuple[str, list[Any]]]:
    """Each comparison of ``spec`` that fails on ``instance``: its message and the path
    under ``instance`` it is located at."""
    if not isinstance(instance, dict):
        return
    for item in spec if isinstance(spec, list) else [spec]:
        left, right = resolve(item.get("left"), instance), resolve(item.get("right"), instance)
        if left is _ABSENT or right is _ABSENT:
            continue
        test = OPERATORS[item["op"]]
        at = item.get("at") or _local_key(item.get("left"))
        if item["op"] in EACH:
            for index, element in enumerate(left if isinstance(left, list) else [left]):
                if not test(element, right):
                    where: list[Any] = (
                        [at, index]
                        if at and at in instance and isinstance(left, list)
                        else [at]
                        if at in instance
                        else []
                    )
                    yield f"{element!r} {item['op']} {right!r} does not hold", where
            continue
        try:
            holds = test(left, right)
        except TypeError:  # a number against a word: the values are not comparable
            holds = item["op"] == "!="
        if not holds:
            yield f"{left!r} {item['op']} {right!r} does not hold", [at] if at and at in instance else []


def problems(spec: Any) -> list[str]:
    """What is wrong with a ``compare`` value (for policy checking)."""
    found = []
    for item in spec if isinstance(spec, list) else [spec]:
        if not isinstance(item, dict):
            found.append("compare: each comparison is a mapping with left, op and right")
            continue
        missing = {"left", "op", "right"} - set(item)
        if missing:
            found.append(f"compare: missing {', '.join(sorted(missing))}")
        unknown = set(item) - SPEC_KEYS
        if unknown:
            found.append(
                f"compare: unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(SPEC_KEYS))})"
            )
        if "op" in item and item["op"] not in OPERATORS:
            found.append(f"compare: op {item['op']!r} is not one of {' '.join(OPERATORS)}")
        for side in ("left", "right"):
            found.extend(f"compare: {side}: {p}" for p in _operand_problems(item.get(side)))
    return found


def _operand_problems(operand: Any) -> list[str]:
    if isinstance(operand, list):
        return [p for choice in operand for p in _operand_problems(choice)]
    if isinstance(operand, dict):
        unknown = set(operand) - OPERAND_KEYS
        if unknown:
            return [f"unknown key(s) {', '.join(sorted(unknown))} (known: value, times, plus)"]
        return _operand_problems(operand.get("value"))
    return []
