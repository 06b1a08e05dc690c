"""``bondlint audit --dask``: the per-bundle work on a Dask cluster, the same report."""

from __future__ import annotations

import json
import shutil
import socket
import sys
from pathlib import Path

import pytest
from conftest import required_tool
from test_archive import HOSTILE, healthy
from test_fleet import make_fleet
from typer.testing import CliRunner

import bondlint.fleet as fleet_module
from bondlint.cli import app
from bondlint.discovery import display_path

# Drives a Dask LocalCluster: an integration test, out of the `-m "not slow"` loop.
pytestmark = pytest.mark.integration

runner = CliRunner()


def require_distributed():  # -> the distributed module
    try:
        import distributed
    except ImportError:
        distributed = None
    return required_tool(distributed, "dask[distributed]", "pip install 'dask[distributed]>=2024.1'")


@pytest.fixture(scope="module")
def cluster():  # -> distributed.LocalCluster
    distributed = require_distributed()
    # Worker processes, as on a real cluster: they import bondlint and open bundles themselves.
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local_cluster:
        yield local_cluster


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """test_fleet's fleet (broken hosts, a healthy one, a truncated bundle) and every
    hostile bundle of test_archive, each in a folder of its own."""
    root = tmp_path_factory.mktemp("dask")
    fleet = make_fleet(root)
    for case, (builder, _, _) in sorted(HOSTILE.items()):
        folder = fleet / "hostile" / case.replace(" ", "-")
        folder.mkdir(parents=True)
        built = builder(folder)
        # Met in a folder, an archive is a bundle when its name says sos.
        built.rename(folder / f"sosreport-{built.name}")
    return fleet


def hostile_bundles(fleet: Path) -> list[Path]:
    return sorted(p for p in (fleet / "hostile").rglob("*") if p.is_file())


def audit(*args: str):  # -> click.testing.Result
    return runner.invoke(app, ["audit", *args])


def test_a_dask_audit_is_byte_identical_to_a_local_one(cluster, fleet: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Relative paths, from a directory the workers were not started in: a report shows
    # paths as seen from where the audit was started, whoever read the bundle.
    monkeypatch.chdir(fleet.parent)
    outputs = {}
    for output_format in ("json", "sarif", "text", "gitlab"):
        local = audit("--jobs", "1", "--format", output_format, "--html", "local.html", "fleet")
        on_dask = audit("--dask", cluster.scheduler_address, "--format", output_format, "--html", "dask.html", "fleet")
        assert local.exit_code == on_dask.exit_code == 1, (local.output, on_dask.output)
        assert on_dask.stdout == local.stdout and local.stdout
        assert Path("dask.html").read_bytes() == Path("local.html").read_bytes()
        outputs[output_format] = on_dask.stdout

    report = json.loads(outputs["json"])
    assert {"db04", "web01", "tar01", "ok01"} <= set(report["hosts"])
    assert {f["host"] for f in report["findings"] if f["rule"] == "BL018"} == {"db04", "web01", "tar01"}
    assert not [f for f in report["findings"] if f["host"] == "ok01"]
    tarball = "fleet/sosreport-tar01-2026-11-24.tar.xz!/sosreport-tar01-2026-11-24/proc/net/bonding/bond0"
    assert any(f["path"] == tarball and f["host"] == "tar01" for f in report["findings"])
    # Every hostile bundle is a BL000 finding of its own; none stopped the audit.
    bl000 = {f["path"].split("!/")[0] for f in report["findings"] if f["rule"] == "BL000"}
    assert {display_path(p) for p in hostile_bundles(fleet)} <= bl000
    assert "fleet/sosreport-broken-2026-11-24.tar.xz" in bl000
    # SARIF names what a bundle holds by host (stable from one collection to the next).
    assert '"uri": "tar01/proc/net/bonding/bond0"' in outputs["sarif"]
    assert '"bundle": "fleet/sosreport-tar01-2026-11-24.tar.xz"' in outputs["sarif"]


def _count_compilations() -> None:
    """On a worker: count the policies the worker plugin compiles."""
    from bondlint.policies.engine import CompiledPolicy

    made = fleet_module.__dict__.setdefault("_compiled_in_test", [])

    def counting(policy):
        made.append(policy.id)
        return CompiledPolicy(policy)

    fleet_module.CompiledPolicy = counting


def _compilations() -> int:
    return len(fleet_module.__dict__.get("_compiled_in_test", []))


def _stop_counting() -> None:
    from bondlint.policies.engine import CompiledPolicy

    fleet_module.CompiledPolicy = CompiledPolicy
    fleet_module.__dict__.pop("_compiled_in_test", None)


def test_policies_are_compiled_once_per_worker(cluster, fleet: Path) -> None:
    distributed = require_distributed()
    bundles = len(fleet_module.find_bundles([fleet]))
    assert bundles > 2 * len(cluster.workers)
    with distributed.Client(cluster, set_as_default=False) as client:
        client.run(_count_compilations)
        try:
            result = audit(
                "--dask", cluster.scheduler_address, "--select", "BL001,BL018", "--fail-on", "never", str(fleet)
            )
            assert result.exit_code == 0, result.output
            counts = client.run(_compilations)
        finally:
            client.run(_stop_counting)
    assert sorted(counts.values()) == [2, 2]  # two policies, once on each of the two workers


def _fail_on_tar01() -> None:
    """On a worker: the task of any bundle named after tar01 raises."""
    audit_bundle = fleet_module.audit_bundle

    def failing(path, policies=None, network=None):
        if "tar01" in path.name:
            raise MemoryError("simulated")
        return audit_bundle(path, policies, network)

    failing.real = audit_bundle
    fleet_module.audit_bundle = failing


def _stop_failing() -> None:
    fleet_module.audit_bundle = getattr(fleet_module.audit_bundle, "real", fleet_module.audit_bundle)


def test_a_failed_task_is_a_finding_on_its_bundle(cluster, fleet: Path) -> None:
    distributed = require_distributed()
    with distributed.Client(cluster, set_as_default=False) as client:
        client.run(_fail_on_tar01)
        try:
            result = audit(
                "--dask", cluster.scheduler_address, "--format", "json", "--select", "BL000,BL018", str(fleet)
            )
        finally:
            client.run(_stop_failing)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    tarball = display_path(fleet / "sosreport-tar01-2026-11-24.tar.xz")
    (finding,) = [f for f in report["findings"] if f["path"] == tarball]
    assert finding["rule"] == "BL000" and finding["host"] == "sosreport-tar01-2026-11-24"
    assert finding["message"] == "not audited: its Dask task failed: MemoryError: simulated"
    assert {f["host"] for f in report["findings"] if f["rule"] == "BL018"} == {"db04", "web01"}


def test_a_bundle_a_worker_cannot_find_is_a_finding(cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fleet = make_fleet(tmp_path)
    tarball = fleet / "sosreport-tar01-2026-11-24.tar.xz"
    tree = fleet / "trees" / "sosreport-web01-2026-11-24"
    find_bundles = fleet_module.find_bundles

    def found_here_gone_there(paths: list[Path], **options: object) -> list[Path]:
        # Found by the client, then not on the workers: as when their storage is not shared.
        bundles = find_bundles(paths, **options)
        tarball.unlink()
        shutil.rmtree(tree)
        return bundles

    monkeypatch.setattr(fleet_module, "find_bundles", found_here_gone_there)
    result = audit("--dask", cluster.scheduler_address, "--format", "json", str(fleet))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    for gone, host in ((tarball, "sosreport-tar01-2026-11-24"), (tree, "sosreport-web01-2026-11-24")):
        (finding,) = [f for f in report["findings"] if f["path"] == display_path(gone)]
        assert finding["rule"] == "BL000" and finding["host"] == host and finding["line"] == 1
        assert finding["message"] == (
            "not read on Dask worker 127.0.0.1: No such file or directory; "
            "with --dask every worker must find the bundle at the same path (shared storage)"
        )
    # The other bundles are audited as usual.
    assert {f["host"] for f in report["findings"] if f["rule"] == "BL018"} == {"db04"}
    assert "ok01" in report["hosts"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    require_distributed()
    import dask

    address = f"tcp://127.0.0.1:{_free_port()}"
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = audit("--dask", address, str(healthy(tmp_path)))
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    assert result.stderr.startswith(f"bondlint: cannot connect to the Dask scheduler at {address}: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_malformed_address_is_a_usage_error(tmp_path: Path) -> None:
    require_distributed()
    result = audit("--dask", "http://scheduler:8786", str(healthy(tmp_path)))
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("bondlint: --dask: not a Dask scheduler address (unknown address scheme 'http'")
    assert result.stderr.count("\n") == 1


def test_workers_running_another_bondlint_are_a_usage_error(
    cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fleet_module, "__version__", "0.0.0-elsewhere")
    result = audit("--dask", cluster.scheduler_address, str(healthy(tmp_path)))
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert result.stderr.startswith(
        f"bondlint: the Dask workers at {cluster.scheduler_address} cannot run bondlint 0.0.0-elsewhere: "
    )
    assert "runs bondlint" in result.stderr and result.stderr.count("\n") == 1


def test_without_the_extra_dask_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as when it is not installed
    result = audit("--dask", "tcp://scheduler:8786", str(healthy(tmp_path)))
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("bondlint: --dask needs Dask distributed")
    assert result.stderr.endswith(": pip install 'dask[distributed]>=2024.1'\n") and result.stderr.count("\n") == 1


def test_jobs_and_dask_do_not_go_together(tmp_path: Path) -> None:
    result = audit("--jobs", "4", "--dask", "tcp://scheduler:8786", str(healthy(tmp_path)))
    assert result.exit_code == 2
    assert result.stderr == (
        "bondlint: --jobs and --dask do not go together: on a Dask cluster its workers set the parallelism\n"
    )


def test_a_worker_that_joins_later_and_cannot_compile_stops_the_audit(tmp_path: Path) -> None:
    """On an adaptive cluster the workers join after the plugin is registered; one that
    cannot compile the policies must not audit bundles with none (they would look clean)."""
    import dataclasses
    import threading

    from bondlint.policies.loader import builtin_policy_dir, load_policies

    distributed = require_distributed()
    policies = load_policies([builtin_policy_dir()])
    broken = [dataclasses.replace(policies[0], when={"$param": "not-a-parameter"})]
    bundle = healthy(tmp_path)
    outcome: dict[str, object] = {}

    def run(address: str) -> None:
        try:
            outcome["result"] = fleet_module.audit([bundle], broken, jobs=1, dask=address)
        except fleet_module.ClusterError as error:
            outcome["error"] = str(error)

    with distributed.LocalCluster(n_workers=0, threads_per_worker=1, processes=True, dashboard_address=":0") as empty:
        thread = threading.Thread(target=run, args=(empty.scheduler_address,), daemon=True)
        thread.start()
        empty.scale(1)
        thread.join(timeout=120)
    assert not thread.is_alive()
    assert "result" not in outcome
    assert str(outcome["error"]).startswith(f"a Dask worker at {empty.scheduler_address} cannot run this audit: ")
    assert "the policies do not compile on the Dask worker" in str(outcome["error"])


def test_a_dask_audit_with_the_switch_side_is_byte_identical(cluster, tmp_path: Path) -> None:
    from test_fleet_network import CROSSCHECK, sosreports

    fleet = sosreports(CROSSCHECK / "hosts" / "broken", tmp_path)
    network = str(CROSSCHECK / "eos" / "broken")
    local = audit("--jobs", "1", "--network", network, "--format", "sarif", str(fleet))
    remote = audit("--dask", cluster.scheduler_address, "--network", network, "--format", "sarif", str(fleet))
    assert local.exit_code == remote.exit_code == 1
    assert remote.stdout == local.stdout and '"BL031"' in local.stdout
