"""Fleet audit: many sosreports (trees or tarballs), one host each, in parallel.

Each bundle is audited on its own — in this process, in a worker process when
``jobs > 1``, or as a task on a Dask distributed cluster — and the results are merged in
a fixed order, so the report does not depend on where or when a bundle was audited. A
worker gets the bundle's path, not its parsed inputs: it discovers and reads the bundle
itself, so nothing large or unpicklable crosses processes or machines.

``scan`` (``bondlint scan --jobs``) uses the same worker pool on one config repository:
its groups are parsed in workers, then, once the switch side is known, judged in workers.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import sys
import time
import uuid
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from multiprocessing.context import DefaultContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType, ModuleType
from typing import TYPE_CHECKING, Any, Generic, TextIO, TypeVar

if TYPE_CHECKING:
    from distributed import Worker

from bondlint import __version__
from bondlint.discovery import HostGroup, display_path, paths_shown_from, with_repository
from bondlint.discovery.sosreport import is_sosreport
from bondlint.failover.blast import blast_radius  # imported before workers fork: they inherit it
from bondlint.model.host import HostFacts, InputRecord
from bondlint.model.network import Network, collect_network
from bondlint.pipeline import (
    HostVerdict,
    NetworkFacts,
    add_host,
    finish,
    judge_host,
    network_facts,
    scan_host,
    switch_side,
)
from bondlint.policies.engine import CompiledPolicy, Finding
from bondlint.policies.loader import Policy
from bondlint.results import BlastOutcome, ScanResult
from bondlint.sources.base import Diagnostic, Location

DASK_EXTRA = "pip install 'dask[distributed]>=2024.1'"


class ClusterError(Exception):
    """``--dask`` cannot be used: the extra is missing, or the cluster cannot be reached or
    cannot run bondlint.  The message is one line, for the user."""


class UnfitWorker(Exception):
    """Raised by a task on a Dask worker that cannot audit (another bondlint version, the
    policies do not compile there): the whole audit stops with a ``ClusterError`` rather
    than reporting the bundles that worker happened to take as unaudited."""


def find_bundles(paths: Iterable[Path], exclude: Iterable[str] = (), exclude_root: Path | None = None) -> list[Path]:
    """Every sosreport tree and sosreport tarball under ``paths``, sorted; ``exclude``
    holds the configuration file's glob patterns, relative to ``exclude_root``."""
    from bondlint.discovery import folder_excluded
    from bondlint.discovery.inputs import is_archive
    from bondlint.discovery.sosreport import classify

    _REFUSED.clear()  # the refusals of this search only, not of an earlier one
    found: set[Path] = set()
    for given in paths:
        bound = os.path.realpath(given)
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
            # Met in a folder, an archive is a bundle when its name says sos (sosreport-…,
            # …-sos.tar.xz): a fleet folder's log backups are not hosts. Named on the
            # command line, it always is.
            for name in files:
                if "sos" in name.lower() and is_archive(here / name):
                    # A tarball met in the folder is read only when it is a regular file
                    # inside it: a link out of it (or a FIFO) is a BL000 on that bundle.
                    real, why = classify(here / name, bound)
                    if why is not None:
                        _REFUSED[here / name] = f"not read: {why.removesuffix(': not read')}"
                    if real is not None or why is not None:
                        found.add(here / name)
    patterns = list(exclude)
    if patterns:
        root = Path(os.path.abspath(exclude_root or Path.cwd()))
        # A tree is excluded as scan excludes its files; a tarball by its own name.
        found = {bundle for bundle in found if not folder_excluded(Path(os.path.abspath(bundle)), root, patterns)}
    return sorted(found)


# Bundles find_bundles met but refuses to open (a link out of the folder given, a FIFO):
# each is reported as a BL000 on that bundle, not audited.
_REFUSED: dict[Path, str] = {}

# What every bundle of an audit is judged with, set once per worker process.
_POLICIES: list[CompiledPolicy] = []
_NETWORK: NetworkFacts = []


def _init_worker(policies: list[Policy], network: NetworkFacts) -> None:
    global _POLICIES, _NETWORK
    _POLICIES = [CompiledPolicy(p) for p in policies]
    _NETWORK = network


def audit_bundle(
    path: Path, policies: list[CompiledPolicy] | None = None, network: NetworkFacts | None = None
) -> ScanResult:
    """Audit one bundle (in-process, in a worker process, on a Dask worker), its hosts
    joined to the fleet's switch side: the hosts, inputs and findings the merge needs;
    entities stay where they were built."""
    from bondlint.discovery import discover
    from bondlint.pipeline import run

    result = run(
        discover([path]), _POLICIES if policies is None else policies, _NETWORK if network is None else network
    )
    # What losing each switch does to this host's bonds is computed here, from the model
    # that stays here: only the small outcomes travel back.
    return ScanResult(
        hosts=result.hosts, findings=result.findings, inputs=result.inputs, blast_radius=blast_radius(result)
    )


def read_network(paths: list[Path], policies: list[Policy]) -> tuple[NetworkFacts, ScanResult]:
    """Switch configurations, switch neighbor tables and wiring inventories for a whole
    fleet, read once: their facts (shared with every bundle) and their own findings
    (a malformed switch configuration is reported once, not once per bundle)."""
    from bondlint.discovery import discover
    from bondlint.pipeline import judge, network_facts, scan_host

    parsed = [(group, scan_host(group)) for group in discover(paths)]
    shared = network_facts(parsed)
    result = judge(parsed, [CompiledPolicy(p) for p in policies])
    return shared, ScanResult(
        hosts=result.hosts, switches=result.switches, findings=result.findings, inputs=result.inputs
    )


def audit(
    bundles: list[Path],
    policies: list[Policy],
    jobs: int,
    progress: Callable[[int, int, int, int], None] | None = None,
    dask: str | None = None,
    network_paths: list[Path] | None = None,
) -> ScanResult:
    """Audit ``bundles`` — with ``jobs`` processes, or on the Dask cluster whose scheduler
    is at ``dask`` — and merge the results in bundle order.  The switch side in
    ``network_paths`` is read once, and every bundle's hosts are joined to it.

    Raises ``ClusterError`` when the Dask cluster cannot be used.
    """
    refused = {index: _REFUSED[bundle] for index, bundle in enumerate(bundles) if bundle in _REFUSED}
    positions = [index for index in range(len(bundles)) if index not in refused]
    readable = [bundles[index] for index in positions]
    jobs = worker_count(jobs, len(readable))
    with _stopped_by_signals():
        shared, network = read_network(network_paths, policies) if network_paths else ([], ScanResult())
        if not readable:
            parts: Iterator[tuple[int, ScanResult]] = iter(())
        elif dask is not None:
            parts = _on_dask(readable, policies, shared, dask)
        elif jobs <= 1:
            parts = _in_process(readable, policies, shared)
        else:
            parts = _in_processes(readable, policies, shared, jobs)

        def every_part() -> Iterator[tuple[int, ScanResult]]:
            compiled = [CompiledPolicy(p) for p in policies] if refused else []
            for index, why in refused.items():
                yield index, _unread(bundles[index], display_path(bundles[index]), why, compiled)
            for index, part in parts:
                yield positions[index], part

        try:
            return _merge(bundles, every_part(), progress, network)
        finally:
            close = getattr(parts, "close", None)
            if close is not None:
                close()  # a generator stops its workers now, not when it is collected


# Worker processes per core at most: the work is CPU-bound, more only costs memory.
JOBS_PER_CORE = 4
MAX_JOBS = 256


def worker_count(jobs: int, bundles: int) -> int:
    """``jobs`` capped by the work (one bundle per worker) and by a sane maximum
    (``JOBS_PER_CORE`` per core, at most ``MAX_JOBS``): ``--jobs 99999999999999999999``
    starts as many workers as are useful, never millions."""
    cores = os.cpu_count() or 1
    return max(1, min(jobs, bundles, JOBS_PER_CORE * cores, MAX_JOBS))


class _Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: the audit stops (workers first) and exits."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP stop the audit promptly, as Ctrl-C does:
    the workers are stopped, one line goes to stderr, and the exit status is 128 + the
    signal's number (130 for Ctrl-C); no report is written."""
    import signal
    import threading

    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    installed: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}
    if threading.current_thread() is threading.main_thread():

        def stop(signum: int, frame: FrameType | None) -> None:
            raise _Stopped(signum)

        for name in names:
            number = getattr(signal, name)
            installed[number] = signal.signal(number, stop)
    try:
        yield
    except _Stopped as stopped:
        name = signal.Signals(stopped.signum).name
        sys.stderr.write(f"bondlint: stopped by {name}: no report written\n")
        raise SystemExit(128 + stopped.signum) from None
    except KeyboardInterrupt:
        sys.stderr.write("bondlint: interrupted: no report written\n")
        raise SystemExit(130) from None
    finally:
        for number, previous in installed.items():
            signal.signal(number, previous)


def _in_process(bundles: list[Path], policies: list[Policy], network: NetworkFacts) -> Iterator[tuple[int, ScanResult]]:
    _init_worker(policies, network)
    for index, bundle in enumerate(bundles):
        yield index, audit_bundle(bundle)


def _in_processes(
    bundles: list[Path], policies: list[Policy], network: NetworkFacts, jobs: int
) -> Iterator[tuple[int, ScanResult]]:
    """Audit the bundles in ``jobs`` worker processes (``_pooled``): a bundle whose worker
    dies, or whose audit raises, is a BL000 finding on that bundle."""
    compiled: list[CompiledPolicy] = []

    def unaudited(index: int, problem: str) -> ScanResult:
        compiled[:] = compiled or [CompiledPolicy(p) for p in policies]
        return _unread(bundles[index], display_path(bundles[index]), f"not audited: {problem}", compiled)

    setup = partial(_init_worker, policies, network)
    return _pooled([os.fspath(b) for b in bundles], _audit_path, setup, unaudited, jobs, "bondlint-audit")


def _audit_path(path: str) -> ScanResult:
    return audit_bundle(Path(path))


def _pooled(
    tasks: list[T],
    work: Callable[[T], R],
    setup: Callable[[], None],
    lost: Callable[[int, str], R],
    jobs: int,
    name: str,
) -> Generator[tuple[int, R], None, None]:
    """``work`` applied to each task in ``jobs`` worker processes, one task at a time per
    worker, results (with the task's index) as they come.  ``setup`` readies a worker: it
    runs once here when workers are forked (they inherit what it set), else once in each
    worker.  Each worker's current task is known: a worker that dies (the OOM killer, a
    kill -9) or whose work raises makes that task ``lost(index, problem)`` and the others
    go on (a dead worker is replaced).  Workers ignore Ctrl-C (the terminal sends it to
    them too): this process stops them when it stops."""
    from multiprocessing.connection import wait

    context = multiprocessing.get_context()
    forked = context.get_start_method() == "fork"
    if forked:
        setup()  # done once here; forked workers inherit it
    pool = _Workers(context, tasks, _Job(work, None if forked else setup, lost, name))
    try:
        for _ in range(min(jobs, len(tasks))):
            pool.start()
        while pool.running:
            sentinels = {worker.process.sentinel: connection for connection, worker in pool.running.items()}
            for ready in wait([*pool.running, *sentinels]):
                connection = sentinels[ready] if isinstance(ready, int) else ready
                if not isinstance(connection, Connection) or connection not in pool.running:
                    continue
                outcome = pool.collect(connection, ready)
                if outcome is not None:
                    yield outcome
    finally:
        pool.stop()


T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class _Job(Generic[T, R]):
    """What the workers of one pool do: ``work`` on each task, after ``setup`` (None: they
    inherited it); ``lost`` makes the result of a task whose worker died or raised."""

    work: Callable[[T], R]
    setup: Callable[[], None] | None
    lost: Callable[[int, str], R]
    name: str


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    index: int | None  # the bundle it is auditing


class _Workers(Generic[T, R]):
    """The worker processes of one pool, each with the task it is working on."""

    def __init__(self, context: DefaultContext, tasks: list[T], job: _Job[T, R]) -> None:
        self.context = context
        self.job = job
        self.queue = list(enumerate(tasks))
        self.queue.reverse()  # popped from the end: task order
        self.running: dict[Connection, _Worker] = {}

    def start(self) -> None:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(
            target=_worker_main, args=(theirs, self.job.work, self.job.setup), daemon=True, name=self.job.name
        )
        process.start()
        theirs.close()
        self.running[ours] = _Worker(process, None)
        self.give(ours)

    def give(self, connection: Connection) -> None:
        """The next task to the worker at ``connection``, or the word to stop."""
        task = self.queue.pop() if self.queue else None
        self.running[connection].index = None if task is None else task[0]
        with contextlib.suppress(OSError):  # it died: its sentinel says so, and its task is reported
            connection.send(task)

    def collect(self, connection: Connection, ready: object) -> tuple[int, R] | None:
        """What the worker at ``connection`` has to say (``ready`` is its connection or its
        sentinel): a task's result, or its death (its task then is lost)."""
        worker = self.running[connection]
        try:
            message = connection.recv() if ready is connection or connection.poll() else None
        except (EOFError, OSError):
            message = None
        if message is not None:
            done, failed, outcome = message
            if failed:  # the work raised: that task is lost
                outcome = self.job.lost(done, outcome)
            self.give(connection)
            return done, outcome
        # No message: the worker ended (told to, or killed).
        process = worker.process
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join(timeout=1)
        del self.running[connection]
        connection.close()
        if worker.index is None:
            return None
        if self.queue:
            self.start()
        return worker.index, self.job.lost(worker.index, f"its worker process {_death(process.exitcode)}")

    def stop(self) -> None:
        _stop_workers([worker.process for worker in self.running.values()])
        for connection in self.running:
            connection.close()


def _worker_main(connection: Connection, work: Callable[[T], object], setup: Callable[[], None] | None) -> None:
    """A worker process: work on the tasks sent, one at a time, until told to stop."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; no traceback per worker
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if setup is not None:
        setup()
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if task is None:
            return
        index, payload = task
        try:
            message: tuple[int, bool, object] = (index, False, work(payload))
        except Exception as error:
            message = (index, True, f"internal error: {_reason(error)}")
        try:
            connection.send(message)
        except (OSError, ValueError):
            return


def _death(exitcode: int | None) -> str:
    """How a worker ended, for the finding."""
    import signal

    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"was killed ({name}; out of memory?)" if name == "SIGKILL" else f"was killed ({name})"
    return f"ended with exit code {exitcode}"


def _stop_workers(processes: list[BaseProcess]) -> None:
    """Stop worker processes promptly: SIGTERM, then SIGKILL for any still alive."""
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + 2
    for process in processes:
        process.join(timeout=max(deadline - time.monotonic(), 0))
        if process.is_alive():
            process.kill()
            process.join(timeout=1)


def _merge(
    bundles: list[Path],
    parts: Iterable[tuple[int, ScanResult]],
    progress: Callable[[int, int, int, int], None] | None,
    network: ScanResult,
) -> ScanResult:
    """The bundles' results, taken as they come (progress is reported then) and merged
    in bundle order after the switch side's own: the same report whichever worker
    audited which bundle, and when."""
    sizes = [_size(b) for b in bundles]
    total_bytes = sum(sizes)
    results: dict[int, ScanResult] = {}
    done_bytes = 0
    for index, part in parts:
        results[index] = part
        done_bytes += sizes[index]
        if progress:
            progress(len(results), len(bundles), done_bytes, total_bytes)
    merged = ScanResult(switches=network.switches)
    for part in [network, *(results[index] for index in range(len(bundles)))]:
        merged.hosts.extend(part.hosts)
        merged.inputs.extend(part.inputs)
        merged.findings.extend(part.findings)
        merged.blast_radius.extend(part.blast_radius)
    # Bundles are identified by the host they name: two captures of one host are one host.
    merged.hosts = sorted(set(merged.hosts))
    merged.blast_radius = _one_per_bond(merged.blast_radius)
    merged.findings.sort(key=Finding.sort_key)
    return merged


# Worst first: a host captured twice counts once per switch, with its worse outcome.
_WORSE = {"dark": 0, "unknown": 1, "degraded": 2, "survives": 3}


def _one_per_bond(outcomes: list[BlastOutcome]) -> list[BlastOutcome]:
    """One outcome per switch, host and bond (the worse of two captures), sorted."""
    kept: dict[tuple[str, str, str], BlastOutcome] = {}
    for outcome in outcomes:
        key = (outcome.switch, outcome.host, outcome.bond)
        if key not in kept or _WORSE[outcome.outcome] < _WORSE[kept[key].outcome]:
            kept[key] = outcome
    return [kept[key] for key in sorted(kept)]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def _unread(path: Path, shown: str, message: str, policies: list[CompiledPolicy]) -> ScanResult:
    """A bundle that was not read at all, reported as discovery reports an unreadable
    tarball: a host named after the file, and ``message`` as a BL000 finding on it."""
    from bondlint.discovery.archive import bundle_stem
    from bondlint.pipeline import run

    group = with_repository(
        HostGroup(name=bundle_stem(path), root=shown, files=(), diagnostics=(Diagnostic(Location(shown, 1), message),))
    )
    result = run([group], policies)
    return ScanResult(hosts=result.hosts, findings=result.findings, inputs=result.inputs)


# --- A scan in worker processes ------------------------------------------------------

# What the workers of a parallel scan read, set once per worker process (or here, before
# workers are forked): the groups discovered, then the parsed groups to judge, the switch
# side they are joined to and the policies.
_SCAN_GROUPS: list[HostGroup] | None = None
_TO_JUDGE: _Judging | None = None


@dataclass(slots=True)
class _Judging:
    hosts: list[tuple[str, bool, HostFacts]]  # name, sosreport, parsed inputs
    network: Network
    policies: list[CompiledPolicy]


def scan(
    groups: list[HostGroup], policies: list[CompiledPolicy], jobs: int, rediscover: Callable[[], list[HostGroup]]
) -> ScanResult:
    """``pipeline.run(groups, policies)`` with ``jobs`` worker processes: the groups are
    parsed in parallel, the switch side is collected from all of them, then each group is
    judged in parallel, and the results are added in discovery order, so the report is
    the one ``run`` makes (without the entities, which stay in the workers).  A group
    whose worker dies or raises is reported as one diagnostic on the group's folder.

    Workers that are not forked find the groups again with ``rediscover``.
    """
    from bondlint import pipeline

    jobs = worker_count(jobs, len(groups))
    if jobs <= 1 or len(groups) < pipeline.SCAN_WORKERS_FROM:
        return pipeline.run(groups, policies)
    with _stopped_by_signals():
        parsed = list(zip(groups, _parse_all(groups, jobs, rediscover), strict=True))
        return _judge_all(parsed, policies, jobs)


def _parse_all(groups: list[HostGroup], jobs: int, rediscover: Callable[[], list[HostGroup]]) -> list[HostFacts]:
    global _SCAN_GROUPS

    def unparsed(task: int, problem: str) -> HostFacts:
        group = groups[task + 1]
        record = InputRecord(group.root, None, [Diagnostic(Location(group.root, 1), f"not scanned: {problem}")])
        return HostFacts(name=group.name, sosreport=group.sosreport, inputs=[record])

    # The first group is parsed here: the modules that took are imported once, before the
    # workers are forked, rather than once in each.
    hosts = {0: scan_host(groups[0])}
    tasks = [(index, group.name) for index, group in enumerate(groups) if index]
    _SCAN_GROUPS = groups  # forked workers inherit them; others find them again
    try:
        with contextlib.closing(
            _pooled(tasks, _parse_group, partial(_find_groups, rediscover), unparsed, jobs, "bondlint-scan")
        ) as parts:
            hosts.update((task + 1, host) for task, host in parts)
    finally:
        _SCAN_GROUPS = None
    return [hosts[index] for index in range(len(groups))]


def _find_groups(rediscover: Callable[[], list[HostGroup]]) -> None:
    global _SCAN_GROUPS
    if _SCAN_GROUPS is None:
        _SCAN_GROUPS = list(rediscover())


def _parse_group(task: tuple[int, str]) -> HostFacts:
    index, name = task
    groups = _SCAN_GROUPS or []
    if index >= len(groups) or groups[index].name != name:
        raise RuntimeError(f"the worker found other inputs than this scan (no group {name} at {index})")
    return scan_host(groups[index])


def _judge_all(parsed: list[tuple[HostGroup, HostFacts]], policies: list[CompiledPolicy], jobs: int) -> ScanResult:
    global _TO_JUDGE
    shared = network_facts(parsed)
    hosts = [(group.name, group.sosreport, host) for group, host in parsed]

    network = collect_network(list(shared))

    def unjudged(task: int, problem: str) -> HostVerdict:
        group, host = parsed[task + 1]
        host.inputs.append(
            InputRecord(group.root, None, [Diagnostic(Location(group.root, 1), f"not judged: {problem}")])
        )
        bare = HostFacts(name=host.name, sosreport=host.sosreport, inputs=host.inputs)
        return judge_host(group.name, group.sosreport, bare, collect_network([]), policies)

    # The first group is judged here: what judging imports or builds lazily is then
    # inherited by the workers.
    verdicts = {0: _without_entities(judge_host(*hosts[0], network, policies))}
    _TO_JUDGE = _Judging(hosts, network, policies) if _forked() else None
    source = [compiled.policy for compiled in policies]
    try:
        with contextlib.closing(
            _pooled(
                list(range(1, len(parsed))),
                _judge_group,
                partial(_set_judging, hosts, shared, source),
                unjudged,
                jobs,
                "bondlint-scan",
            )
        ) as parts:
            verdicts.update((task + 1, verdict) for task, verdict in parts)
    finally:
        _TO_JUDGE = None
    result = switch_side(network)
    for index, (group, host) in enumerate(parsed):
        add_host(result, group, host, verdicts[index])
    return finish(result, parsed)


def _forked() -> bool:
    return multiprocessing.get_context().get_start_method() == "fork"


def _set_judging(hosts: list[tuple[str, bool, HostFacts]], shared: NetworkFacts, policies: list[Policy]) -> None:
    global _TO_JUDGE
    if _TO_JUDGE is None:
        _TO_JUDGE = _Judging(hosts, collect_network(list(shared)), [CompiledPolicy(p) for p in policies])


def _judge_group(index: int) -> HostVerdict:
    if _TO_JUDGE is None:
        raise RuntimeError("the worker has nothing to judge")
    name, sosreport, host = _TO_JUDGE.hosts[index]
    return _without_entities(judge_host(name, sosreport, host, _TO_JUDGE.network, _TO_JUDGE.policies))


def _without_entities(verdict: HostVerdict) -> HostVerdict:
    """What the report needs of a verdict: the entities stay where they were built."""
    return HostVerdict(verdict.is_host, [], verdict.findings)


# --- On a Dask distributed cluster ------------------------------------------------------


def require_distributed() -> ModuleType:
    """``distributed``, imported only when ``--dask`` is used; ``ClusterError`` without it."""
    try:
        return importlib.import_module("distributed")
    except ImportError as error:
        raise ClusterError(f"--dask needs Dask distributed, which cannot be imported ({error}): {DASK_EXTRA}") from None


def _on_dask(
    bundles: list[Path], policies: list[Policy], network: NetworkFacts, address: str
) -> Iterator[tuple[int, ScanResult]]:
    """Audit each bundle as one task on the cluster at ``address``, results as they come.

    Workers open the bundles by their absolute paths, so those must be the same on every
    worker (shared storage).  A bundle a worker cannot find, or whose task fails, is a
    BL000 finding on that bundle; the others are audited normally.
    """
    # distributed's Client and as_completed are unannotated: used through the module.
    distributed = require_distributed()
    from distributed.comm.addressing import get_address_host_port

    try:
        get_address_host_port(address)
    except ValueError as error:
        raise ClusterError(
            f"--dask: not a Dask scheduler address ({error}); expected e.g. tcp://scheduler:8786"
        ) from None
    try:
        # distributed.comm.timeouts.connect (30s by default) bounds the wait.
        client = distributed.Client(address, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"cannot connect to the Dask scheduler at {address}: {_reason(error)}") from None
    with client:
        run_id = uuid.uuid4().hex
        plugin = f"bondlint-{run_id}"
        try:
            try:
                client.register_plugin(_dask_policies_class()(policies, network, os.getcwd()), name=plugin)
            except Exception as error:  # whatever a worker raised unpickling or setting it up
                raise ClusterError(
                    f"the Dask workers at {address} cannot run bondlint {__version__}: {_reason(error)}"
                ) from None
            if not client.scheduler_info().get("workers"):
                sys.stderr.write(f"bondlint: no Dask workers at {address} yet; waiting for some to join\n")
            shown = [display_path(b) for b in bundles]
            futures = client.map(
                partial(_audit_on_worker, plugin=plugin),
                [os.path.abspath(b) for b in bundles],
                shown,
                key=[f"bondlint-audit-{run_id}-{index}" for index in range(len(bundles))],
            )
            positions = {future.key: index for index, future in enumerate(futures)}
            # Only as_completed holds the futures: a result leaves the cluster once taken.
            pending, futures = distributed.as_completed(futures, loop=client.loop), None
            compiled: list[CompiledPolicy] = []
            for future in pending:
                index = positions[future.key]
                if future.status == "finished":
                    yield index, future.result()
                elif future.status == "error" and isinstance(future.exception(), UnfitWorker):
                    raise ClusterError(f"a Dask worker at {address} cannot run this audit: {future.exception()}")
                elif future.status == "error":
                    # The task failed (its worker died, say): that bundle is not audited.
                    compiled = compiled or [CompiledPolicy(p) for p in policies]
                    problem = f"not audited: its Dask task failed: {_reason(future.exception())}"
                    yield index, _unread(bundles[index], shown[index], problem, compiled)
                else:
                    raise ClusterError(f"lost the Dask scheduler at {address} before every bundle was audited")
        finally:
            with contextlib.suppress(Exception):
                client.unregister_worker_plugin(plugin)


def _reason(error: BaseException | None) -> str:
    """``error`` on one line; its type too unless it is an OSError (they say what went wrong)."""
    text = " ".join(str(error).split())
    if isinstance(error, OSError) and text:
        return text
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _audit_on_worker(path: str, shown: str, plugin: str) -> ScanResult:
    """One task on a Dask worker: audit the bundle at ``path`` as the client would have."""
    from distributed import get_worker
    from distributed.comm.addressing import get_address_host

    worker = get_worker()
    setup = worker.plugins[plugin]
    if not isinstance(setup, _DaskSetup):
        raise UnfitWorker(f"the worker has no bondlint plugin {plugin}")
    if setup.problem or setup.policies is None:
        raise UnfitWorker(setup.problem or "its policies were not compiled")
    # Paths are shown as the client shows them: relative to its working directory.
    with paths_shown_from(setup.client_directory):
        try:
            os.stat(path)
        except OSError as error:
            problem = (
                f"not read on Dask worker {get_address_host(worker.address)}: {error.strerror or error}; "
                "with --dask every worker must find the bundle at the same path (shared storage)"
            )
            return _unread(Path(path), shown, problem, setup.policies)
        return audit_bundle(Path(path), setup.policies, setup.network)


class _DaskSetup:
    """What the worker plugin carries to each Dask worker: the audit's policies (compiled
    once per worker process by ``compile``), the fleet's switch side, the client's
    working directory and bondlint version.  Plain Python, so that it is defined without
    distributed; ``DaskPolicies`` makes it a ``WorkerPlugin``."""

    def __init__(self, policies: list[Policy], network: NetworkFacts, client_directory: str) -> None:
        self.source = policies
        self.network = network  # the fleet's switch side, sent once per worker
        self.client_directory = client_directory
        self.version = __version__  # the client's; compared with the worker's in setup
        # None until compiled: a worker whose setup failed must not audit with no policies.
        self.policies: list[CompiledPolicy] | None = None
        self.problem = ""

    def compile(self, address: str) -> None:
        # Workers that join later get the plugin with setup errors only logged: the
        # problem is kept, and every task on this worker raises UnfitWorker.
        if self.version != __version__:
            self.problem = f"the Dask worker {address} runs bondlint {__version__}, the client {self.version}"
            raise RuntimeError(self.problem)
        try:
            self.policies = [CompiledPolicy(p) for p in self.source]
        except Exception as error:
            self.problem = f"the policies do not compile on the Dask worker {address}: {_reason(error)}"
            raise RuntimeError(self.problem) from None


def _dask_policies_class() -> type[_DaskSetup]:
    """The worker plugin that compiles an audit's policies once per worker process.

    It subclasses distributed's ``WorkerPlugin``, which exists only with the extra, so the
    class is made on first use — on the client, and on a worker when it unpickles the
    plugin (through the module's ``__getattr__``) — and kept as a module attribute, where
    pickle finds it by name.
    """
    made: type[_DaskSetup] | None = globals().get("DaskPolicies")
    if made is not None:
        return made
    from distributed.diagnostics.plugin import WorkerPlugin

    class DaskPolicies(_DaskSetup, WorkerPlugin):
        def setup(self, worker: Worker) -> None:
            self.compile(worker.address)

    DaskPolicies.__module__ = __name__
    DaskPolicies.__qualname__ = "DaskPolicies"
    globals()["DaskPolicies"] = DaskPolicies
    return DaskPolicies


def __getattr__(name: str) -> type[_DaskSetup]:
    if name == "DaskPolicies":
        return _dask_policies_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class ProgressLine:
    """``[12/340 bundles] 1.2/9.8 GB  45.1 MB/s  ETA 3m10s`` on a terminal, nothing otherwise."""

    def __init__(self, stream: TextIO | None = None) -> None:
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
