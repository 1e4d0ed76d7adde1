"""Statistics for group comparisons and keyness (vectorised, numpy/scipy).

Prevalence: passages of a document are not independent (a law's articles
share its subject), so each share comes with a cluster-robust variance that
treats documents as clusters (the ratio-estimator variance of survey
sampling). Its design effect ``deff`` (at least 1) shrinks the sample to
``n / deff`` effective passages, and the 95% interval is Wilson's score
interval on that effective sample (Korn & Graubard's approach).

Difference: a design-effect-adjusted two-proportion test (Rao & Scott's
idea for one 2×2 table) with the pooled share under the null, referred to a
t distribution with (documents − 2) degrees of freedom, Benjamini–Hochberg
false-discovery-rate correction across every test of one table, and Cohen's
*h* as the effect size.

Keyness: Dunning's log-likelihood G² on two cells (Rayson & Garside 2000)
and Hardie's (2014) log ratio, log2 of the ratio of relative frequencies
with 0.5 added to a zero frequency.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats as sps

__all__ = ["Z95", "Prevalence", "bh", "cohen_h", "compare", "g2", "log_ratio", "prevalence", "wilson"]

Array = NDArray[np.float64]
Z95 = float(sps.norm.ppf(0.975))


@dataclass(frozen=True)
class Prevalence:
    """Share of passages carrying a label in one group.

    Attributes:
        k: Passages carrying the label.
        n: Passages in the group.
        documents: Documents in the group (clusters).
        share: ``k / n``.
        deff: Design effect of clustering by document (≥ 1; 1 when it cannot be estimated).
        low: Lower bound of the 95% interval.
        high: Upper bound of the 95% interval.
    """

    k: int
    n: int
    documents: int
    share: float
    deff: float
    low: float
    high: float


def wilson(k: Array, n: Array, z: float = Z95) -> tuple[Array, Array]:
    """Wilson score interval for ``k`` successes in ``n`` trials (elementwise; n may be fractional)."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(n > 0, k / n, 0.0)
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = np.where(n > 0, np.clip(centre - half, 0, 1), np.nan)
    high = np.where(n > 0, np.clip(centre + half, 0, 1), np.nan)
    return low, high


def prevalence(k_doc: Array, n_doc: Array) -> Prevalence:
    """Prevalence of a label in one group from per-document counts.

    Args:
        k_doc: Passages carrying the label, one entry per document of the group.
        n_doc: Passages of each document (same order).

    Returns:
        The share with its cluster-robust design effect and 95% interval.
    """
    k_doc = np.asarray(k_doc, dtype=float)
    n_doc = np.asarray(n_doc, dtype=float)
    k, n, m = float(k_doc.sum()), float(n_doc.sum()), len(n_doc)
    if n == 0:
        return Prevalence(0, 0, m, float("nan"), 1.0, float("nan"), float("nan"))
    p = k / n
    deff = 1.0
    if m > 1 and 0 < p < 1:
        v_cluster = m / (m - 1) * float(np.sum((k_doc - p * n_doc) ** 2)) / (n * n)
        deff = max(1.0, v_cluster / (p * (1 - p) / n))
    low, high = wilson(np.array([p * n / deff]), np.array([n / deff]))
    return Prevalence(int(k), int(n), m, p, deff, float(low[0]), float(high[0]))


def compare(a: Prevalence, b: Prevalence) -> tuple[float, float, float, float]:
    """Test the difference between two groups' shares.

    Returns:
        (difference a − b, its 95% half-width, test statistic, two-sided p-value).
    """
    diff = a.share - b.share
    half = Z95 * float(np.sqrt(a.deff * a.share * (1 - a.share) / a.n + b.deff * b.share * (1 - b.share) / b.n))
    pooled = (a.k + b.k) / (a.n + b.n)
    var0 = pooled * (1 - pooled) * (a.deff / a.n + b.deff / b.n)
    if var0 <= 0:
        return diff, half, 0.0, 1.0
    t = diff / float(np.sqrt(var0))
    df = max(1, a.documents + b.documents - 2)
    return diff, half, t, float(2 * sps.t.sf(abs(t), df))


def bh(pvalues: Array) -> Array:
    """Benjamini–Hochberg adjusted p-values (q-values), in the input order; NaN stays NaN."""
    p = np.asarray(pvalues, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    vals = p[ok]
    if vals.size == 0:
        return out
    order = np.argsort(vals, kind="stable")
    ranked = vals[order] * vals.size / np.arange(1, vals.size + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1]
    adjusted = np.empty_like(vals)
    adjusted[order] = np.minimum(q, 1.0)
    out[ok] = adjusted
    return out


def cohen_h(p1: float, p2: float) -> float:
    """Cohen's h = 2·asin√p1 − 2·asin√p2 (0.2 small, 0.5 medium, 0.8 large)."""
    return float(2 * np.arcsin(np.sqrt(p1)) - 2 * np.arcsin(np.sqrt(p2)))


def g2(a: Array, b: Array, c: float, d: float) -> Array:
    """Log-likelihood G² of frequencies ``a`` (target, ``c`` tokens) against ``b`` (reference, ``d`` tokens)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return np.asarray(2 * (t1 + t2), dtype=float)


def log_ratio(a: Array, b: Array, c: float, d: float) -> Array:
    """Hardie's log ratio: log2((a/c)/(b/d)), with 0.5 in place of a zero frequency."""
    a = np.where(np.asarray(a, dtype=float) == 0, 0.5, a)
    b = np.where(np.asarray(b, dtype=float) == 0, 0.5, b)
    return np.asarray(np.log2((a / c) / (b / d)), dtype=float)
