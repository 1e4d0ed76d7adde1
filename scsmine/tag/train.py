"""Training the supervised tagger with scikit-learn (CODEBOOK.md §1-3 labels).

Training steps:

1. Analyse passages (:mod:`scsmine.tag.features`) and fit the word and
   character ``TfidfVectorizer`` vocabularies on the training passages.
2. Split the training passages into grouped development folds
   (:func:`scsmine.tag.splits.grouped_folds`).
3. Per driver and frame: for each C in the grid, out-of-fold scores of a
   class-balanced ``LogisticRegression``; keep the C with the best average
   precision; fit Platt scaling on its out-of-fold scores and choose the
   threshold that maximises out-of-fold F1; refit on all training passages.
4. Tone: the same with a multinomial ``LogisticRegression``, C chosen by
   out-of-fold macro-F1 and a softmax temperature fitted on out-of-fold
   logits.
5. Export the fitted parameters as a :class:`scsmine.tag.model.LinearModel`.

Nothing here looks at test data: callers pass training passages only.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from scipy import optimize, sparse

from scsmine.core.errors import InputError
from scsmine.tag.codebook import Codebook, default_codebook
from scsmine.tag.dataset import Example
from scsmine.tag.features import Analyzed, FeatureConfig, Vocabulary, analyze_many, cue_block, matchers_for
from scsmine.tag.model import LinearModel
from scsmine.tag.splits import grouped_folds

__all__ = ["TrainConfig", "Fitted", "fit", "platt", "best_threshold"]

log = logging.getLogger(__name__)
_ABSENT = -8.0


@dataclass(frozen=True)
class TrainConfig:
    """Training settings (stored in the model's meta).

    Attributes:
        features: Feature settings.
        c_grid: Inverse regularisation strengths tried per driver/frame label.
        tone_c_grid: The same for tone.
        inner_folds: Grouped development folds inside the training data.
        seed: Seed for fold assignment and solvers.
        threshold_range: Allowed range of decision thresholds.
    """

    features: FeatureConfig = field(default_factory=FeatureConfig)
    c_grid: tuple[float, ...] = (1.0, 4.0, 16.0)
    tone_c_grid: tuple[float, ...] = (1.0, 4.0)
    inner_folds: int = 4
    seed: int = 0
    threshold_range: tuple[float, float] = (0.1, 0.9)


@dataclass
class Fitted:
    """The scikit-learn objects of a training run and the exported model."""

    word_vectorizer: Any
    char_vectorizer: Any
    estimators: list[Any]
    tone_estimator: Any
    model: LinearModel


def _identity(doc: list[str]) -> list[str]:
    return doc


def _vectorizer(docs: list[list[str]], min_df: int) -> tuple[Any, Vocabulary]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=_identity, lowercase=False, min_df=min_df, sublinear_tf=True, norm="l2",
                          smooth_idf=True, dtype=np.float64)
    try:
        vec.fit(docs)
    except ValueError:  # empty vocabulary (e.g. no Chinese in the training data)
        return None, Vocabulary({}, np.zeros(0))
    terms = {str(t): int(i) for t, i in vec.vocabulary_.items()}
    return vec, Vocabulary(terms, np.asarray(vec.idf_, dtype=np.float64))


def _sk_design(vecs: tuple[Any, Any], analyzed: list[Analyzed], cues: np.ndarray, cfg: FeatureConfig) -> Any:
    n = len(analyzed)
    blocks = []
    for vec, docs, weight in ((vecs[0], [a.words for a in analyzed], cfg.word_weight),
                              (vecs[1], [a.chars for a in analyzed], cfg.char_weight)):
        blocks.append(vec.transform(docs) * weight if vec is not None else sparse.csr_matrix((n, 0)))
    blocks.append(sparse.csr_matrix(cues * cfg.cue_weight))
    return sparse.hstack(blocks, format="csr")


def platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling ``p = 1 / (1 + exp(a*s + b))`` fitted with Platt's smoothed targets."""
    pos = float(y.sum())
    neg = float(len(y) - pos)
    if pos == 0 or neg == 0:
        return -1.0, 0.0
    target = np.where(y > 0, (pos + 1.0) / (pos + 2.0), 1.0 / (neg + 2.0))

    def loss(ab: np.ndarray) -> tuple[float, np.ndarray]:
        z = ab[0] * scores + ab[1]
        p = 1.0 / (1.0 + np.exp(np.clip(z, -500, 500)))
        eps = 1e-12
        value = -np.sum(target * np.log(p + eps) + (1 - target) * np.log(1 - p + eps))
        d = target - p  # dL/dz
        return float(value), np.array([np.sum(d * scores), np.sum(d)])

    start = np.array([0.0, float(np.log((neg + 1.0) / (pos + 1.0)))])
    res = optimize.minimize(loss, start, jac=True, method="L-BFGS-B")
    return float(res.x[0]), float(res.x[1])


def best_threshold(proba: np.ndarray, y: np.ndarray, low: float = 0.1, high: float = 0.9) -> float:
    """The threshold in [low, high] with the best F1 (middle of the best plateau)."""
    grid = np.round(np.arange(low, high + 1e-9, 0.01), 2)
    if y.sum() == 0:
        return high
    f1 = []
    for t in grid:
        pred = proba >= t
        tp = float(np.sum(pred & (y > 0)))
        f1.append(2 * tp / max(float(pred.sum() + y.sum()), 1.0))
    values = np.array(f1)
    best = np.flatnonzero(values >= values.max() - 1e-9)
    return float(grid[best[len(best) // 2]])


def _binary(C: float, seed: int) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=2000, random_state=seed)


def _oof(x: Any, y: np.ndarray, folds: list[tuple[np.ndarray, np.ndarray]], C: float, seed: int) -> np.ndarray:
    out = np.full(len(y), _ABSENT)
    for train, dev in folds:
        if len(dev) == 0 or len(np.unique(y[train])) < 2:
            continue
        out[dev] = _binary(C, seed).fit(x[train], y[train]).decision_function(x[dev])
    return out


def _fit_label(x: Any, y: np.ndarray, folds: list[tuple[np.ndarray, np.ndarray]],
               cfg: TrainConfig) -> tuple[Any, float, float, float, float]:
    """Steps 3 for one label: (estimator or None, a, b, threshold, C)."""
    from sklearn.metrics import average_precision_score

    if len(np.unique(y)) < 2:
        return None, -1.0, 0.0, cfg.threshold_range[1], 0.0
    best: tuple[float, float, np.ndarray] | None = None
    for C in cfg.c_grid:
        scores = _oof(x, y, folds, C, cfg.seed)
        ap = float(average_precision_score(y, scores)) if folds else 0.0
        if best is None or ap > best[0] + 1e-9:
            best = (ap, C, scores)
    assert best is not None
    _, C, scores = best
    a, b = platt(scores, y) if folds else (-1.0, 0.0)
    proba = 1.0 / (1.0 + np.exp(np.clip(a * scores + b, -500, 500)))
    threshold = best_threshold(proba, y, *cfg.threshold_range) if folds else 0.5
    return _binary(C, cfg.seed).fit(x, y), a, b, threshold, C


def _tone_model(C: float, seed: int) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, class_weight="balanced", max_iter=3000, random_state=seed)


def _fit_tone(x: Any, tone: np.ndarray, folds: list[tuple[np.ndarray, np.ndarray]], tones: tuple[str, ...],
              cfg: TrainConfig) -> tuple[Any, float, float]:
    """Step 4: (estimator, temperature, C)."""
    from sklearn.metrics import f1_score

    best: tuple[float, float, np.ndarray] | None = None
    for C in cfg.tone_c_grid:
        logits = np.zeros((len(tone), len(tones)))
        for train, dev in folds:
            present = np.unique(tone[train])
            if len(present) < 2:
                continue
            est = _tone_model(C, cfg.seed).fit(x[train], tone[train])
            dec = est.decision_function(x[dev])
            dec = dec if dec.ndim == 2 else np.column_stack([-dec, dec])
            for j, cls in enumerate(est.classes_):
                logits[dev, int(cls)] = dec[:, j]
        f1 = float(f1_score(tone, logits.argmax(axis=1), average="macro")) if folds else 0.0
        if best is None or f1 > best[0] + 1e-9:
            best = (f1, C, logits)
    assert best is not None
    _, C, logits = best
    temperature = _temperature(logits, tone) if folds else 1.0
    return _tone_model(C, cfg.seed).fit(x, tone), temperature, C


def _temperature(logits: np.ndarray, y: np.ndarray) -> float:
    def nll(log_t: float) -> float:
        z = logits / np.exp(log_t)
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-logp[np.arange(len(y)), y].mean())

    res = optimize.minimize_scalar(nll, bounds=(-3.0, 3.0), method="bounded")
    return float(np.exp(res.x))


def _tone_params(est: Any, n_features: int, tones: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    coef = np.zeros((len(tones), n_features))
    bias = np.full(len(tones), -30.0)
    if est.coef_.shape[0] == 1:  # two classes present: sklearn keeps one row
        rows = {int(est.classes_[0]): (-est.coef_[0] / 2, -est.intercept_[0] / 2),
                int(est.classes_[1]): (est.coef_[0] / 2, est.intercept_[0] / 2)}
    else:
        rows = {int(c): (est.coef_[j], est.intercept_[j]) for j, c in enumerate(est.classes_)}
    for cls, (w, b) in rows.items():
        coef[cls], bias[cls] = w, b
    return coef, bias


def fit(examples: Sequence[Example], *, codebook: Codebook | None = None, config: TrainConfig | None = None,
        release: str = "1") -> Fitted:
    """Train the supervised tagger (steps 1-5 of the module docstring).

    Args:
        examples: Training passages with labels and groups.
        codebook: Codebook for labels and cue features (default: packaged).
        config: Training settings.
        release: Release part of the model version.

    Raises:
        InputError: Fewer than 10 passages, or fewer than two tones.
    """
    book = codebook or default_codebook()
    cfg = config or TrainConfig()
    if len(examples) < 10:
        raise InputError(f"only {len(examples)} labelled passages", "train on at least 10 (better: hundreds)")
    labels = tuple(("driver", d) for d in book.labels["driver"]) + tuple(("frame", f) for f in book.labels["frame"])
    tones = tuple(book.labels["tone"])
    y = np.array([[lab in (e.drivers if kind == "driver" else e.frames) for kind, lab in labels] for e in examples],
                 dtype=int)
    tone = np.array([tones.index(e.tone) for e in examples])
    if len(np.unique(tone)) < 2:
        raise InputError("all training passages have the same tone", "add passages of other tones")
    analyzed = analyze_many([e.text for e in examples], [e.lang or None for e in examples], cfg.features)
    wvec, words = _vectorizer([a.words for a in analyzed], cfg.features.min_df)
    cvec, chars = _vectorizer([a.chars for a in analyzed], cfg.features.min_df)
    x = _sk_design((wvec, cvec), analyzed, cue_block(analyzed, matchers_for(book)), cfg.features)
    groups = [e.group for e in examples]
    balance = np.column_stack([y, np.eye(len(tones))[tone]])
    folds = grouped_folds(groups, balance, cfg.inner_folds, cfg.seed) if len(set(groups)) > 1 else []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitted = [_fit_label(x, y[:, j], folds, cfg) for j in range(len(labels))]
        tone_est, temperature, tone_c = _fit_tone(x, tone, folds, tones, cfg)
    n_features = x.shape[1]
    coef = np.zeros((len(labels), n_features))
    intercept = np.full(len(labels), _ABSENT)
    for j, (est, *_rest) in enumerate(fitted):
        if est is not None:
            coef[j], intercept[j] = est.coef_[0], est.intercept_[0]
    tone_coef, tone_bias = _tone_params(tone_est, n_features, tones)
    meta = {
        "release": release,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "passages": len(examples),
        "by_source": {s: sum(e.source == s for e in examples) for s in sorted({e.source for e in examples})},
        "chosen_c": {lab: f[4] for (_, lab), f in zip(labels, fitted, strict=True)} | {"tone": tone_c},
        "codebook_version": book.version,
        "sklearn": _sklearn_version(),
    }
    model = LinearModel(
        config=cfg.features, words=words, chars=chars, codebook=book, labels=labels, coef=coef,
        intercept=intercept, calib_a=np.array([f[1] for f in fitted]), calib_b=np.array([f[2] for f in fitted]),
        thresholds=np.array([f[3] for f in fitted]), tones=tones, tone_coef=tone_coef, tone_intercept=tone_bias,
        tone_temperature=temperature, meta=meta,
    )
    log.info("trained on %d passages, %d features", len(examples), n_features)
    return Fitted(wvec, cvec, [f[0] for f in fitted], tone_est, model)


def _sklearn_version() -> str:
    import sklearn

    return str(sklearn.__version__)
