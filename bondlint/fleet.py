"""Fleet audit: many sosreports (trees or tarballs), one host each, in parallel.

Each bundle is audited on its own — in a worker process when ``jobs > 1`` — and the
results are merged in a fixed order, so the report does not depend on which worker
finished first. A worker gets the bundle's path, not its parsed inputs: it discovers
and reads the bundle itself, so nothing large or unpicklable crosses processes.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from bondlint.discovery.sosreport import is_sosreport
from bondlint.pipeline import ScanResult
from bondlint.policies.engine import CompiledPolicy, Finding
from bondlint.policies.loader import Policy


def find_bundles(paths: Iterable[Path]) -> list[Path]:
    """Every sosreport tree and sosreport tarball under ``paths``, sorted."""
    from bondlint.discovery.archive import is_archive

    found: set[Path] = set()
    for given in paths:
        if given.is_file():
            if is_archive(given):
                found.add(given)
            continue
        for directory, subdirs, files in os.walk(given):
            here = Path(directory)
            if is_sosreport(here):
                found.add(here)
                subdirs[:] = []
                continue
            subdirs.sort()
            found.update(here / name for name in files if is_archive(here / name))
    return sorted(found)


_POLICIES: list[CompiledPolicy] = []


def _init_worker(policies: list[Policy]) -> None:
    global _POLICIES
    _POLICIES = [CompiledPolicy(p) for p in policies]


def audit_bundle(path: Path) -> ScanResult:
    """Audit one bundle (used in workers and in-process alike)."""
    from bondlint.discovery import discover
    from bondlint.pipeline import run

    return run(discover([path]), _POLICIES)


def audit(
    bundles: list[Path],
    policies: list[Policy],
    jobs: int,
    progress: Callable[[int, int, int, int], None] | None = None,
) -> ScanResult:
    """Audit ``bundles`` with ``jobs`` processes; merge results in bundle order."""
    sizes = [_size(b) for b in bundles]
    results: dict[int, ScanResult] = {}
    done_bytes = 0
    if jobs <= 1 or len(bundles) <= 1:
        _init_worker(policies)
        for index, bundle in enumerate(bundles):
            results[index] = audit_bundle(bundle)
            done_bytes += sizes[index]
            if progress:
                progress(len(results), len(bundles), done_bytes, sum(sizes))
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(policies,)) as pool:
            futures = {pool.submit(audit_bundle, bundle): index for index, bundle in enumerate(bundles)}
            for future in as_completed(futures):
                index = futures[future]
                results[index] = future.result()
                done_bytes += sizes[index]
                if progress:
                    progress(len(results), len(bundles), done_bytes, sum(sizes))
    merged = ScanResult()
    for index in range(len(bundles)):
        part = results[index]
        merged.hosts.extend(part.hosts)
        merged.inputs.extend(part.inputs)
        merged.findings.extend(part.findings)
    # Bundles are identified by the host they name: two captures of one host are one host.
    merged.hosts = sorted(set(merged.hosts))
    merged.findings.sort(key=Finding.sort_key)
    return merged


def _size(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


class ProgressLine:
    """``[12/340 bundles] 1.2/9.8 GB  45.1 MB/s  ETA 3m10s`` on a terminal, nothing otherwise."""

    def __init__(self, stream=None) -> None:  # noqa: ANN001
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.start = time.monotonic()

    def __call__(self, done: int, total: int, done_bytes: int, total_bytes: int) -> None:
        if not self.enabled:
            return
        elapsed = max(time.monotonic() - self.start, 1e-6)
        rate = done_bytes / elapsed
        remaining = (total_bytes - done_bytes) / rate if rate and total_bytes else (elapsed / done) * (total - done)
        line = (
            f"\r[{done}/{total} bundles] {done_bytes / 1e9:.2f}/{total_bytes / 1e9:.2f} GB  "
            f"{rate / 1e6:.1f} MB/s  ETA {int(remaining) // 60}m{int(remaining) % 60:02d}s"
        )
        self.stream.write(line)
        if done == total:
            self.stream.write("\n")
        self.stream.flush()
