"""Behaviour snapshot for refactors: every fixture scenario and every corpus folder, scanned.

    python bench/same_findings.py --save /tmp/before.json     # before a refactor
    python bench/same_findings.py --compare /tmp/before.json  # after: exit 1 on any difference

Each scenario folder (``fixtures/*/*``, ``../shared/corpus/*/*``) is scanned once with
``bondlint scan --format json``; the snapshot keeps the findings, what each input gave
(records, diagnostics, why it was not read) and the hosts and switches seen, without the
tool version. A refactor that claims "behaviour unchanged" shows an empty comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def scenarios() -> list[Path]:
    found: list[Path] = []
    for top in (ROOT / "fixtures", CORPUS):
        if not top.is_dir():
            continue
        for group in sorted(p for p in top.iterdir() if p.is_dir()):
            children = sorted(p for p in group.iterdir() if p.is_dir())
            found.extend(children or [group])
    return found


def snapshot(folder: Path) -> object:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bondlint",
            "scan",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--allow-empty",  # a folder with nothing bondlint reads is a snapshot too
            os.path.relpath(folder, ROOT),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        return {"exit": done.returncode, "stderr": done.stderr[-2000:]}
    report = json.loads(done.stdout)
    report.pop("tool", None)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path)
    action.add_argument("--compare", type=Path)
    args = parser.parse_args()
    now = {os.path.relpath(folder, ROOT): snapshot(folder) for folder in scenarios()}
    if args.save:
        args.save.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n")
        print(f"{len(now)} scenario folder(s) saved to {args.save}")
        return 0
    before = json.loads(args.compare.read_text())
    changed = sorted(k for k in set(before) | set(now) if before.get(k) != now.get(k))
    for key in changed:
        was, got = before.get(key), now.get(key)
        print(f"differs: {key}")
        if isinstance(was, dict) and isinstance(got, dict):
            for part in sorted(set(was) | set(got)):
                if was.get(part) != got.get(part):
                    print(f"  {part}: before {json.dumps(was.get(part))[:300]}")
                    print(f"  {' ' * len(part)}  after  {json.dumps(got.get(part))[:300]}")
    print(f"{len(now)} scenario folder(s), {len(changed)} differ")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
