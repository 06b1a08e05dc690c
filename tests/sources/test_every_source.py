"""Every source parser, through the registry: never raises, always well formed, linear.

One harness (``harness.py``) applied to every module ``bondlint.sources.registered()``
returns: generated and hostile text, every fixture and corpus file the module claims,
damaged copies of them, and growth ratios for time.  A format's own test file keeps
only what is particular to that format.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath
from types import ModuleType

import pytest
from conftest import CORPUS, corpus_path
from fuzzing import SHAPES, hostile_text, mutated, spoiled
from harness import PROFILES, Sample, check, corpus_samples, fixture_samples, profile_of, seeds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from timing import assert_linear

from bondlint.sources import SOURCE_MODULES, registered

MODULES = registered()
IDS = [module.FORMAT for module in MODULES]
# Samples this large add time, not cases (the corpus has a 716 KB IOS configuration).
SMALL = 100_000
FUZZ = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def by_module(samples_of: Callable[[ModuleType], list[Sample]]) -> list[object]:
    return [
        pytest.param(module, sample, id=f"{module.FORMAT}:{sample.path}")
        for module in MODULES
        for sample in samples_of(module)
    ]


def test_every_profile_is_of_a_registered_module() -> None:
    # A module registered without a profile gets every common check (harness.Profile()).
    assert len(MODULES) == len(SOURCE_MODULES)
    assert len(set(IDS)) == len(IDS), "two modules share a FORMAT"
    assert set(PROFILES) <= set(IDS), "a profile names no registered module"


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_interface(module: ModuleType) -> None:
    assert isinstance(module.FORMAT, str) and module.FORMAT
    assert callable(module.claims) and callable(module.parse)
    limit = getattr(module, "MAX_BYTES", None)
    assert limit is None or (isinstance(limit, int) and limit > 0)


# --------------------------------------------------------------------------------------
# never raises, always well formed


@pytest.mark.slow
@pytest.mark.parametrize("module", MODULES, ids=IDS)
@FUZZ
@given(data=st.data())
def test_generated_text(module: ModuleType, data: st.DataObject) -> None:
    text = data.draw(hostile_text, "text")
    path = data.draw(st.sampled_from(profile_of(module).paths), "path")
    check(module, text, path)
    module.claims(PurePosixPath(path), text[:1024])


@pytest.mark.slow
@pytest.mark.parametrize("module", MODULES, ids=IDS)
@FUZZ
@given(data=st.data())
def test_damaged_samples(module: ModuleType, data: st.DataObject) -> None:
    starts = [sample for sample in seeds(module) if len(sample.text) < SMALL]
    if not starts:
        pytest.skip(f"no fixture, corpus file or seed is {module.FORMAT}")
    sample = data.draw(st.sampled_from(starts), "sample")
    text = mutated(data, sample.text)
    check(module, text, sample.path)
    module.claims(PurePosixPath(sample.path), text[:1024])


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_hostile_shape(module: ModuleType, shape: str) -> None:
    text = SHAPES[shape](50_000)
    for path in profile_of(module).paths:
        check(module, text, path)
        module.claims(PurePosixPath(path), text[:1024])


def largest(module: ModuleType) -> Sample | None:
    return max((s for s in seeds(module) if len(s.text) < SMALL), key=lambda sample: len(sample.text), default=None)


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_spoiled_samples(module: ModuleType) -> None:
    """The module's largest sample with NULs, controls, a huge line, other line ends, a
    byte-order mark, and cut short at three places."""
    sample = largest(module)
    if sample is None:
        pytest.skip(f"no fixture or corpus file is {module.FORMAT}")
    for how, text in spoiled(sample.text, long_line=10_000).items():
        try:
            check(module, text, sample.path)
        except AssertionError as error:
            raise AssertionError(f"{sample.path}, {how}: {error}") from error


@pytest.mark.parametrize(("module", "sample"), by_module(fixture_samples))
def test_fixture_file(module: ModuleType, sample: Sample) -> None:
    check(module, sample.text, sample.path)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "sample"), by_module(corpus_samples) or [pytest.param(None, None, id="corpus-absent")]
)
def test_corpus_file(module: ModuleType | None, sample: Sample | None) -> None:
    if module is None or sample is None:
        corpus_path()  # skips: the shared corpus is not beside the checkout
        pytest.fail(f"the corpus at {CORPUS} holds no file any module claims")
    check(module, sample.text, sample.path)


# --------------------------------------------------------------------------------------
# linear time: growth ratios, never absolute seconds (tests/timing.py)

GROWING = ("huge-line", "long-words", "nul-in-lines", "control", "deep-braces", "deep-yaml", "crlf")


def sample_builder(module: ModuleType, shape: str) -> tuple[str, Callable[[int], str]]:
    """The module's largest sample repeated to size n, or with its first line n long."""
    sample = largest(module)
    if sample is None:
        pytest.skip(f"no fixture, corpus file or seed is {module.FORMAT}")
    unit = sample.text if sample.text.endswith("\n") else sample.text + "\n"
    first, _, rest = unit.partition("\n")
    if shape == "sample-repeated":
        return sample.path, lambda size: unit * max(1, size // len(unit))
    return sample.path, lambda size: first + "x" * size + "\n" + rest


def linear_cases() -> list[object]:
    cases: list[object] = []
    for module in MODULES:
        known = profile_of(module).superlinear
        for shape in ("sample-repeated", "sample-long-line", *GROWING):
            marks = [pytest.mark.xfail(reason=known[shape], strict=True)] if shape in known else []
            cases.append(pytest.param(module, shape, id=f"{module.FORMAT}-{shape}", marks=marks))
    return cases


@pytest.mark.slow
@pytest.mark.parametrize(("module", "shape"), linear_cases())
def test_linear_time(module: ModuleType, shape: str) -> None:
    """Eight times the input costs about eight times the time, not sixty-four."""
    path = profile_of(module).paths[0]
    if shape.startswith("sample-"):
        path, build = sample_builder(module, shape)
    else:
        build = SHAPES[shape]
    limit = getattr(module, "MAX_BYTES", None) or 1 << 30
    size = min(2_000, limit // 64)

    def work(n: int) -> Callable[[], object]:
        text = build(n)
        return lambda: module.parse(text, path)

    assert_linear(work, size, what=f"{module.FORMAT} on {shape}")
