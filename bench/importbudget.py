"""Import budget of a pre-commit run over keyfiles (issue 16, item 2).

Runs ``python -X importtime -m bondlint scan --changed-only FILES`` on 10 generated
NetworkManager keyfiles without findings, prints every top-level module the run imported
with its cumulative import time (largest first) and their total, and fails loudly (exit
1) when ruamel.yaml or jsonschema is among them: a keyfile run needs neither (YAML inputs
and configuration files need ruamel.yaml; jsonschema only judges a policy that uses what
jsonschema-rs does not evaluate alike, and checks policy files).  A second run over
keyfiles with findings is held to the same budget: a finding's place comes from
jsonschema-rs too.  Neither imports tarfile (only a sosreport tarball needs it), and the
run without findings does not import hashlib (only fingerprints need it).

Byte code is cached in a scratch folder (PYTHONPYCACHEPREFIX) and one run warms it, so
the times are those of an installed tool, not of compiling the sources.

    python bench/importbudget.py [--top 25]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

FORBIDDEN = ("ruamel.yaml", "jsonschema", "tarfile")
# A run without findings hashes nothing either (OpenSSL's start-up: fingerprints only).
FORBIDDEN_CLEAN = (*FORBIDDEN, "hashlib")
KEYFILE = (
    "[connection]\nid=bond0\ntype=bond\ninterface-name=bond0\n\n"
    "[bond]\nmode=active-backup\nmiimon={miimon}\nprimary=eno1\n"
)
_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


@dataclass(frozen=True)
class Imported:
    name: str
    self_us: int
    cumulative_us: int
    depth: int


def make_keyfiles(root: Path, miimon: int) -> list[str]:
    files = []
    for index in range(10):
        folder = root / f"hosts/db{index:02d}/etc/NetworkManager/system-connections"
        folder.mkdir(parents=True)
        (folder / "bond0.nmconnection").write_text(KEYFILE.format(miimon=miimon), encoding="utf-8")
        files.append(str((folder / "bond0.nmconnection").relative_to(root)))
    return files


def import_times(files: list[str], cwd: Path, env: dict[str, str]) -> list[Imported]:
    """Every module the run imported, in importtime's order, with its depth."""
    command = [sys.executable, "-X", "importtime", "-m", "bondlint", "scan", "--changed-only", *files]
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"the run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    found = []
    for line in done.stderr.splitlines():
        match = _LINE.match(line)
        if match:
            found.append(Imported(match[4], int(match[1]), int(match[2]), (len(match[3]) - 1) // 2))
    return found


def forbidden(modules: list[Imported], banned: tuple[str, ...]) -> list[str]:
    """The modules of ``banned`` packages among ``modules``."""
    return sorted(m.name for m in modules if m.name in banned or m.name.startswith(tuple(f"{b}." for b in banned)))


def report(title: str, modules: list[Imported], top: int) -> None:
    top_level = sorted((m for m in modules if m.depth == 0), key=lambda m: -m.cumulative_us)
    total = sum(m.cumulative_us for m in top_level)
    print(f"{title}: {len(modules)} modules imported, {total / 1000:.1f} ms of imports in all")
    for module in top_level[:top]:
        print(f"  {module.cumulative_us / 1000:7.1f} ms  {module.name}")
    if len(top_level) > top:
        rest = sum(m.cumulative_us for m in top_level[top:])
        print(f"  {rest / 1000:7.1f} ms  ({len(top_level) - top} more top-level imports)")
    by_package: dict[str, int] = {}
    for module in modules:
        package = module.name.partition(".")[0]
        by_package[package] = by_package.get(package, 0) + module.self_us
    largest = sorted(by_package.items(), key=lambda item: -item[1])[:8]
    print("  by package (own time): " + ", ".join(f"{name} {us / 1000:.1f} ms" for name, us in largest))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--top", type=int, default=25, help="top-level imports to list")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
        for miimon, title, banned in (
            (100, "keyfiles, no findings", FORBIDDEN_CLEAN),
            (0, "keyfiles with findings", FORBIDDEN),
        ):
            folder = root / f"miimon{miimon}"
            files = make_keyfiles(folder, miimon)
            import_times(files, folder, env)  # warms the byte-code cache
            modules = import_times(files, folder, env)
            report(title, modules, args.top)
            bad = forbidden(modules, banned)
            if bad:
                failed = True
                print(f"  FAIL: a pre-commit run over {title} imported {', '.join(bad)}")
            print()
    kept = "budget kept: no ruamel.yaml, jsonschema or tarfile, findings or not; no hashlib without"
    print("BUDGET EXCEEDED: see FAIL above" if failed else kept)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
