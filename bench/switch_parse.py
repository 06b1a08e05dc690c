"""Switch-config parse speed: bondlint vs a bare line read vs ciscoconfparse2.

Generates a 10,000-interface IOS running-config (2,000 port-channels, 4,000 channel
members) and a Junos ``set`` configuration of the same size, then measures in this one
run, each the median CPU time of several rounds (CPU time, and bondlint's rounds
interleaved with the bare read's, so a loaded machine shifts both alike):

* bondlint's parse of the file (``bondlint.sources.cisco_cli`` / ``junos``);
* a bare line-by-line read of the same file (the floor: one pass over the lines);
* ciscoconfparse2 parsing the IOS file and answering "members with channel-group"
  (skipped with a note when it is not installed: ``pip install ciscoconfparse2``);

and prints the ratios against issue 16's goals: the IOS parse at least 30x faster than
ciscoconfparse2, the Junos set parse within 40x of the bare read (the IOS parse's ratio
to the bare read is printed for information). Memory: peak traced allocation of
bondlint's parse at 1x and 2x the size, whose ratio should stay near 2 (linear).

Four reference floors, measured in the same run, show what the goals leave room for.
None is a parser; each is a lower bound on any parser written in Python (the first on
any parser at all):

* "C-only index": only calls implemented in C (``str.split``, ``re.findall``), no Python
  code per line: the interface names in file order and the statements outside
  interfaces, without their line numbers or any value.  Whatever a parser does, it must
  at least learn which statements belong to which interface and which are global.
* "per-line dispatch": split into lines and one dictionary lookup per line, keeping
  nothing: the cheapest loop that looks at each line once in Python.
* "lines by interface": every line kept, with its number, under the interface it
  configures (a ``set interfaces NAME TEXT`` line's TEXT under NAME, an indented line
  under its stanza), the text whole: a parser must at least learn, line by line, which
  interface each line configures and where.  Neither reader splits a line into words
  more than that: most lines repeat another interface's (an access switch's ports are
  alike), so each reader looks a line's text up whole and reads each distinct text once
  (the IOS reader a whole stanza line, the Junos one the text after the name, learned
  once per file: ``junos.flat.FlatStore``).
* "facts output": only building the objects a parse hands on (one ``SwitchInterface``
  per interface, each value a ``Located`` with its ``Location``), from the values of
  bondlint's own parse, with the fastest constructors the code base has
  (``text.new_located`` …).  Whatever reads the file, these objects must be made.

For the Junos goal the run prints floors 3 and 4 together (about 20x the bare read):
what is left of the 40x is for all the parse decides besides (which interface each
distinct text is about and what it sets, tree order, VLAN names, the switch's own facts).

The switch model a scan builds from the parse (``collect_network``: ports keyed for the
join) is printed too, for information.

    python bench/switch_parse.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib.util
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bondlint.sources.base import Fact

GOALS_VS_BARE = {"Junos set": 40.0}  # issue 16; the IOS goal is against ciscoconfparse2
GOAL_VS_CCP2 = 30.0


def ios_config(interfaces: int = 10_000, channels: int = 2_000) -> str:
    """A deterministic access-switch config: every fifth port pair joins a port-channel."""
    lines = ["hostname bench-leaf", "!", "spanning-tree mode rapid-pvst", "!"]
    lines += [f"vlan {v}\n name v{v}\n!" for v in range(100, 500)]
    for number in range(1, channels + 1):
        lines += [
            f"interface Port-channel{number}",
            " switchport mode access",
            f" switchport access vlan {100 + number % 400}",
            "!",
        ]
    members = 2 * channels
    modes = ("active", "passive", "on")
    for index in range(interfaces):
        slot, port = divmod(index, 48)
        lines += [
            f"interface GigabitEthernet{slot // 8 + 1}/{slot % 8}/{port + 1}",
            f" description server-{index:05d} nic{index % 2}",
            " switchport mode access",
            f" switchport access vlan {100 + index % 400}",
            " spanning-tree portfast",
        ]
        if index < members:
            lines.append(f" channel-group {index // 2 + 1} mode {modes[index % 3]}")
        lines += [" no shutdown", "!"]
    lines.append("end")
    return "\n".join(lines) + "\n"


def junos_config(interfaces: int = 10_000, channels: int = 2_000) -> str:
    lines = ["set system host-name bench-leaf", f"set chassis aggregated-devices ethernet device-count {channels}"]
    lines += [f"set vlans v{v} vlan-id {v}" for v in range(100, 500)]
    for number in range(channels):
        ae = f"ae{number}"
        lines += [
            f"set interfaces {ae} aggregated-ether-options lacp {'active' if number % 2 else 'passive'}",
            f"set interfaces {ae} unit 0 family ethernet-switching interface-mode access",
            f"set interfaces {ae} unit 0 family ethernet-switching vlan members v{100 + number % 400}",
        ]
    for index in range(interfaces):
        name = f"xe-{index // 2400}/{index // 48 % 50}/{index % 48}"
        lines += [
            f'set interfaces {name} description "server-{index:05d}"',
            f"set interfaces {name} unit 0 family ethernet-switching interface-mode access",
            f"set interfaces {name} unit 0 family ethernet-switching vlan members v{100 + index % 400}",
        ]
        if index < 2 * channels:
            lines.append(f"set interfaces {name} ether-options 802.3ad ae{index // 2}")
    return "\n".join(lines) + "\n"


def median_seconds(work: Callable[[], object], rounds: int) -> float:
    return interleaved([work], rounds)[0]


def interleaved(works: list[Callable[[], object]], rounds: int) -> list[float]:
    """Each work's median CPU time over ``rounds``, the works taking turns each round."""
    times: list[list[float]] = [[] for _ in works]
    for _ in range(rounds):
        for work, spent in zip(works, times, strict=True):
            start = time.process_time()
            work()
            spent.append(time.process_time() - start)
    return [statistics.median(spent) for spent in times]


def bare_read(path: Path) -> int:
    count = 0
    with path.open(encoding="utf-8") as handle:
        for _line in handle:
            count += 1
    return count


def bondlint_parse(module_name: str, path: Path) -> int:
    import importlib

    module = importlib.import_module(module_name)
    result = module.parse(path.read_text(encoding="utf-8"), str(path))
    return len(result.facts)


_IOS_NAMES = re.compile(r"\ninterface ([^\n]*)")
_IOS_GLOBALS = re.compile(r"\n(?!interface |!| |\t|\n)([^\n]*)")
_JUNOS_NAMES = re.compile(r"\nset interfaces (\S+)")
_JUNOS_GLOBALS = re.compile(r"\nset (?!interfaces )([^\n]*)")


def c_only_index(label: str, path: Path) -> int:
    """Floor 1: interface names and global statements, by C-implemented calls only."""
    text = path.read_text(encoding="utf-8")
    if label == "IOS":
        stanzas = text.split("\ninterface ")
        names = dict(zip(_IOS_NAMES.findall(text), range(1, len(stanzas)), strict=True))
        return len(names) + len(_IOS_GLOBALS.findall(text))
    return len(_JUNOS_NAMES.findall(text)) + len(_JUNOS_GLOBALS.findall(text))


def per_line_dispatch(path: Path) -> int:
    """Floor 2: one dictionary lookup per line in Python, nothing kept."""
    known = {"!": 1, " no shutdown": 2}
    hits = 0
    for line in path.read_text(encoding="utf-8").split("\n"):
        if known.get(line) is not None:
            hits += 1
    return hits


def lines_by_interface(label: str, path: Path) -> int:
    """Floor 3: each line's text (and number) under the interface it configures."""
    groups: dict[str, list[tuple[str, int]]] = {}
    current: list[tuple[str, int]] = []
    gc.disable()  # as both parsers do while they allocate what lives on
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if label != "IOS":
            if line.startswith("set interfaces "):
                parts = line.split(" ", 3)
                if len(parts) == 4:
                    groups.setdefault(parts[2], []).append((parts[3], number))
        elif line.startswith("interface "):
            current = groups.setdefault(line[10:], [])
        elif line.startswith(" "):
            current.append((line, number))
    gc.enable()
    return len(groups)


def facts_output(facts: list[Fact]) -> int:
    """Floor 4: the parse's facts made again from their plain values (no reading)."""
    from bondlint.sources.base import SwitchInterface
    from bondlint.sources.text import new_located, new_located_at, new_location

    made: list[SwitchInterface] = []
    gc.disable()  # as both parsers do while they allocate what lives on
    for fact in facts:
        if not isinstance(fact, SwitchInterface):
            continue
        path, line = fact.location.path, fact.location.line
        where = new_location(path, line)
        values = {
            key: new_located(value.value, where)
            if value.location.line == line
            else new_located_at(value.value, path, value.location.line)
            for key, value in fact.values.items()
        }
        made.append(SwitchInterface(fact.format, new_located(fact.name.value, where), where, fact.switch, values))
    gc.enable()
    return len(made)


def switch_model(facts: list[Fact]) -> int:
    """What a scan adds after the parse: the switch model, ports keyed for the join."""
    from bondlint.model.network import collect_network

    return sum(len(s.interfaces) for s in collect_network([("bench", facts)]).switches.values())


def ccp2_members(path: Path) -> int:
    ciscoconfparse2 = importlib.import_module("ciscoconfparse2")  # (optional: not a typed import)
    parse = ciscoconfparse2.CiscoConfParse(str(path), syntax="ios")
    return len(parse.find_parent_objects(["^interface", "channel-group"]))


def peak_memory(work: Callable[[], object]) -> int:
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for label, module, make in (
            ("IOS", "bondlint.sources.cisco_cli", ios_config),
            ("Junos set", "bondlint.sources.junos", junos_config),
        ):
            path, double = folder / f"{label[:3]}.cfg", folder / f"{label[:3]}-2x.cfg"
            path.write_text(make())
            double.write_text(make(20_000, 4_000))
            size = path.stat().st_size
            bare, ours = interleaved(
                [functools.partial(bare_read, path), functools.partial(bondlint_parse, module, path)], args.rounds
            )
            facts = bondlint_parse(module, path)
            ratio = ours / bare
            goal = GOALS_VS_BARE.get(label)
            print(f"{label}: {size / 1e6:.2f} MB, {facts} facts (CPU times)")
            print(f"  bare line read   {bare * 1000:8.1f} ms")
            stated = f"(goal <= {goal:.0f}x)" if goal is not None else "(no goal)"
            print(f"  bondlint parse   {ours * 1000:8.1f} ms   {ratio:5.2f}x the bare read {stated}")
            failed |= goal is not None and ratio > goal
            parsed = importlib.import_module(module).parse(path.read_text(encoding="utf-8"), str(path)).facts
            floors = (
                ("C-only index", median_seconds(functools.partial(c_only_index, label, path), args.rounds)),
                ("per-line dispatch", median_seconds(functools.partial(per_line_dispatch, path), args.rounds)),
                ("lines by interface", median_seconds(functools.partial(lines_by_interface, label, path), args.rounds)),
                ("facts output", median_seconds(functools.partial(facts_output, parsed), args.rounds)),
            )
            for name, seconds in floors:
                below = "  (the goal is below this floor)" if goal is not None and seconds / bare > goal else ""
                print(f"  floor: {name:19s}{seconds * 1000:6.1f} ms   {seconds / bare:5.2f}x the bare read{below}")
            if goal is not None:
                both = sum(seconds for _, seconds in floors[2:])
                print(
                    f"  floors 3 + 4     {both * 1000:8.1f} ms   {both / bare:5.2f}x the bare read: the goal leaves "
                    f"{goal - both / bare:5.2f}x for all else, the parse takes {(ours - both) / bare:5.2f}x"
                )
            model = median_seconds(functools.partial(switch_model, parsed), args.rounds)
            print(f"  + switch model   {model * 1000:8.1f} ms   (a scan's cost after the parse; no goal)")
            if label == "IOS":
                if importlib.util.find_spec("ciscoconfparse2") is None:
                    print("  ciscoconfparse2  not installed: pip install ciscoconfparse2 to compare")
                else:
                    theirs = median_seconds(functools.partial(ccp2_members, path), max(1, args.rounds // 2))
                    speedup = theirs / ours
                    print(
                        f"  ciscoconfparse2  {theirs * 1000:8.1f} ms   "
                        f"bondlint is {speedup:5.1f}x faster (goal >= {GOAL_VS_CCP2}x)"
                    )
                    failed |= speedup < GOAL_VS_CCP2
            one = peak_memory(functools.partial(bondlint_parse, module, path))
            two = peak_memory(functools.partial(bondlint_parse, module, double))
            print(
                f"  peak memory      {one / 2**20:6.1f} MiB at 1x, {two / 2**20:6.1f} MiB at 2x: "
                f"{two / one:4.2f}x (linear: ~2x)"
            )
            failed |= two / one > 2.5
    print("goals met" if not failed else "GOALS NOT MET")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
