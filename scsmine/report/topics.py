"""Topics per language: NMF on TF-IDF, fitted on a seeded sample, then projected on every passage.

1. Terms: those :func:`~scsmine.report.text.eligible` with document
   frequency at least ``min_df`` (2 below 1,000 passages, else 5) and in at
   most half of the passages.
2. TF-IDF with sublinear term frequency and l2-normalised rows.
3. NMF (``init="nndsvda"``, fixed ``random_state``) on at most ``sample``
   passages drawn with a fixed seed, then ``transform`` of all passages.
4. A passage belongs to its strongest topic (none if all weights are 0);
   prevalence is the share of a group's passages of that language per topic.
   Topics are numbered by overall prevalence; top terms are the largest
   weights of each topic; representative passages the largest weights among
   passages that belong to it, preferring passages of at least
   :data:`MIN_TOKENS` tokens (headings would otherwise win).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfTransformer

from scsmine.report.text import LangData

__all__ = ["MIN_PASSAGES", "TopicModel", "fit_topics"]

MIN_PASSAGES = 40
MIN_TOKENS = 20  # representative passages are chosen among passages this long when there are any


@dataclass
class TopicModel:
    """Topics of one language.

    Attributes:
        lang: Language code.
        terms: Top terms of each topic.
        counts: Topics × groups: passages whose strongest topic it is.
        totals: Passages of this language per group.
        representative: Rowids of the most representative passages per topic.
        sample: Passages the model was fitted on.
    """

    lang: str
    terms: list[list[str]]
    counts: NDArray[np.int64]
    totals: NDArray[np.int64]
    representative: list[list[int]]
    sample: int

    @property
    def shares(self) -> NDArray[np.float64]:
        """Topics × groups share of each group's passages."""
        return np.divide(self.counts, self.totals, out=np.zeros(self.counts.shape), where=self.totals > 0)


def fit_topics(
    data: LangData,
    n_groups: int,
    *,
    k: int = 8,
    sample: int = 5000,
    seed: int = 0,
    top_terms: int = 10,
    per_topic: int = 2,
) -> TopicModel | None:
    """Fit topics for one language, or ``None`` when it has fewer than :data:`MIN_PASSAGES` passages."""
    n = data.counts.shape[0]
    if n < MIN_PASSAGES:
        return None
    df = np.bincount(data.counts.indices, minlength=data.counts.shape[1])
    min_df = 2 if n < 1000 else 5
    cols = np.flatnonzero(data.ok & (df >= min_df) & (df <= 0.5 * n))
    k = min(k, max(2, n // 20), max(1, len(cols) // 5))
    if len(cols) < 2 * k or k < 2:
        return None
    tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(data.counts[:, cols].astype(np.float64)).tocsr()
    rng = np.random.default_rng(seed)
    fit_rows = np.sort(rng.choice(n, size=min(n, sample), replace=False))
    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=400)
    model.fit(tfidf[fit_rows])
    weights = model.transform(tfidf)
    strongest = np.where(weights.max(axis=1) > 0, weights.argmax(axis=1), -1)
    order = np.argsort(-np.bincount(strongest[strongest >= 0], minlength=k), kind="stable")
    long = np.asarray(data.counts.sum(axis=1)).ravel() >= MIN_TOKENS
    vocab = data.vocab[cols]
    counts = np.zeros((k, n_groups), dtype=np.int64)
    terms, reps = [], []
    for new, t in enumerate(order):
        members = np.flatnonzero(strongest == t)
        np.add.at(counts[new], data.group[members], 1)
        terms.append([str(vocab[i]) for i in np.argsort(-model.components_[t], kind="stable")[:top_terms]])
        best = members[np.lexsort((-weights[members, t], ~long[members]))[:per_topic]]
        reps.append([int(data.rowids[i]) for i in best])
    totals = np.bincount(data.group, minlength=n_groups).astype(np.int64)
    return TopicModel(data.lang, terms, counts, totals, reps, len(fit_rows))
