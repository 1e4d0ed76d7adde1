"""Statistics of the report against textbook values and scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats as sps

from scsmine.report import stats


def test_wilson_matches_the_textbook() -> None:
    low, high = stats.wilson(np.array([5.0]), np.array([10.0]))
    assert low[0] == pytest.approx(0.2366, abs=1e-4) and high[0] == pytest.approx(0.7634, abs=1e-4)
    low, high = stats.wilson(np.array([0.0]), np.array([20.0]))
    assert low[0] == 0 and high[0] == pytest.approx(0.1611, abs=1e-4)


def test_bh_matches_scipy() -> None:
    p = np.array([0.01, 0.04, 0.03, 0.005, 0.5, 0.2])
    assert np.allclose(stats.bh(p), sps.false_discovery_control(p))
    assert np.isnan(stats.bh(np.array([np.nan, 0.1])))[0]


def test_g2_matches_scipy_power_divergence() -> None:
    a, b, c, d = 30.0, 10.0, 10_000.0, 20_000.0
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    want = sps.power_divergence([a, b], [e1, e2], lambda_="log-likelihood").statistic
    assert stats.g2(np.array([a]), np.array([b]), c, d)[0] == pytest.approx(want)
    assert stats.log_ratio(np.array([a]), np.array([0.0]), c, d)[0] == pytest.approx(math.log2((a / c) / (0.5 / d)))


def test_cohen_h() -> None:
    assert stats.cohen_h(0.5, 0.5) == 0
    assert stats.cohen_h(1.0, 0.0) == pytest.approx(math.pi)


def test_prevalence_design_effect() -> None:
    even = stats.prevalence(np.array([2, 2, 2, 2.0]), np.array([10, 10, 10, 10.0]))
    assert even.share == 0.2 and even.deff == 1.0
    clustered = stats.prevalence(np.array([10, 0, 0, 0.0]), np.array([10, 10, 10, 10.0]))
    assert clustered.share == 0.25 and clustered.deff > 5
    assert clustered.high - clustered.low > even.high - even.low
    single = stats.prevalence(np.array([3.0]), np.array([10.0]))
    assert single.deff == 1.0 and single.documents == 1


def test_compare_detects_differences_and_not_sameness() -> None:
    a = stats.prevalence(np.array([5, 5, 5.0]), np.array([50, 50, 50.0]))
    b = stats.prevalence(np.array([30, 30, 30.0]), np.array([50, 50, 50.0]))
    diff, half, _, p = stats.compare(a, b)
    assert diff == pytest.approx(-0.5) and p < 0.001 and 0 < half < 0.5
    assert stats.compare(a, a)[3] == pytest.approx(1.0)
    zero = stats.prevalence(np.array([0, 0.0]), np.array([10, 10.0]))
    assert stats.compare(zero, zero)[3] == 1.0


@given(st.lists(st.tuples(st.integers(1, 60), st.floats(0, 1)), min_size=1, max_size=12))
def test_interval_contains_the_share(docs: list[tuple[int, float]]) -> None:
    n = np.array([d[0] for d in docs], dtype=float)
    k = np.floor(n * np.array([d[1] for d in docs]))
    p = stats.prevalence(k, n)
    assert 0 <= p.low <= p.share + 1e-12 and p.share - 1e-12 <= p.high <= 1
    assert p.deff >= 1
