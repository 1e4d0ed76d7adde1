"""Grouped, label-balanced folds: no group (document or URL) is in two folds.

Used for the held-out evaluation and for the inner development folds that
choose calibration, thresholds and the regularisation strength.

1. Groups are ordered by how rare their rarest label is (ties broken by a
   seeded shuffle), so the few passages of rare labels spread out first.
2. Each group goes to the fold where it adds least to the share of each of
   its labels and to the fold's size.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["grouped_folds"]


def grouped_folds(groups: Sequence[str], y: np.ndarray, k: int, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """``k`` (train, test) index pairs with whole groups in each test fold.

    Args:
        groups: Group key per row.
        y: Binary label matrix (rows × labels) used for balancing.
        k: Number of folds (reduced to the number of groups when fewer).
        seed: Seed of the tie-breaking shuffle.

    Returns:
        The folds, each as sorted (train indices, test indices).
    """
    keys = sorted(set(groups))
    k = max(1, min(k, len(keys)))
    rows: dict[str, list[int]] = {g: [] for g in keys}
    for i, g in enumerate(groups):
        rows[g].append(i)
    y = np.asarray(y, dtype=np.float64).reshape(len(groups), -1)
    totals = np.maximum(y.sum(axis=0), 1.0)
    pos = {g: y[rows[g]].sum(axis=0) for g in keys}
    rng = np.random.RandomState(seed)
    order = rng.permutation(len(keys))
    rarity = {g: float(np.min(np.where(pos[g] > 0, totals, np.inf), initial=np.inf)) for g in keys}
    ranked = sorted(range(len(keys)), key=lambda i: (rarity[keys[i]], -len(rows[keys[i]]), order[i]))
    fold_pos = np.zeros((k, y.shape[1]))
    fold_n = np.zeros(k)
    assign: dict[str, int] = {}
    for i in ranked:
        g = keys[i]
        share = ((fold_pos + pos[g]) / totals * (pos[g] > 0)).sum(axis=1)
        cost = share + (fold_n + len(rows[g])) / len(groups)
        best = int(np.argmin(cost))
        assign[g] = best
        fold_pos[best] += pos[g]
        fold_n[best] += len(rows[g])
    labels = np.array([assign[g] for g in groups])
    everything = np.arange(len(groups))
    return [(everything[labels != f], everything[labels == f]) for f in range(k)]
