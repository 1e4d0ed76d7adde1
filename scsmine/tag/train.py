"""Training the supervised tagger with scikit-learn (CODEBOOK.md §1-3 labels).

Training steps:

1. Analyse passages (:mod:`scsmine.tag.features`) and fit the word and
   character ``TfidfVectorizer`` vocabularies on the training passages.
2. Split the training passages into grouped development folds
   (:func:`scsmine.tag.splits.grouped_folds`).
3. Per label (each driver, each frame, and each tone one-versus-rest): for
   each C and cue-block weight in the grid, out-of-fold scores of a
   class-balanced ``LogisticRegression``; keep the pair with the best
   average precision; fit Platt scaling on its out-of-fold scores and choose
   the threshold that maximises out-of-fold F1; refit on all training
   passages. Stacking: a small logistic regression fitted on the
   out-of-fold scores learns how far to trust that score against the
   label's own cue weight (separately for Chinese), which generalises
   better to documents unlike the training ones; Platt scaling and the
   threshold are fitted on its output. Both stages are linear, so they
   fold into one coefficient vector per label.
4. Export the fitted parameters as a :class:`scsmine.tag.model.LinearModel`.

Nothing here looks at test data: callers pass training passages only.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
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

__all__ = ["Fitted", "TrainConfig", "best_threshold", "fit", "platt", "sk_design", "stack_inputs", "weighted"]

log = logging.getLogger(__name__)
_ABSENT = -8.0


@dataclass(frozen=True)
class TrainConfig:
    """Training settings (stored in the evaluation report).

    Attributes:
        features: Feature settings (its ``cue_weight`` is replaced by the grid).
        c_grid: Inverse regularisation strengths tried per label.
        cue_grid: Weights of the cue block tried per label.
        inner_folds: Grouped development folds inside the training data.
        seed: Seed for fold assignment and solvers.
        threshold_range: Allowed range of decision thresholds.
        stack: Learn, on out-of-fold scores, how much to trust the stage-1
            score against the label's own cues (per language).
        authored_weight: Sample weight of passages the team wrote (source
            ``authored``) relative to real ones.
        authored_weight_en: The same for English authored passages of files
            not in ``authored_en_files`` (``None``: ``authored_weight``). The
            default 0 leaves them out: in cross-validation the English
            passages of ``authored.jsonl`` and ``authored2.jsonl`` lowered the
            drivers' F1 on real English passages (docs/tagging.md).
        authored_en_files: Authored files (stems) whose English passages get
            ``authored_weight``: ``authored3``, written to match the label mix
            of real web passages, did not lower it.
        select_on_real: Choose C and the cue weight, fit the stacker, Platt
            scaling and the threshold on the out-of-fold scores of real
            passages only (authored passages still train the estimators).
    """

    features: FeatureConfig = field(default_factory=lambda: FeatureConfig(latin_char_max=5))
    c_grid: tuple[float, ...] = (4.0, 16.0, 64.0)
    cue_grid: tuple[float, ...] = (0.5, 1.5)
    inner_folds: int = 3
    seed: int = 0
    threshold_range: tuple[float, float] = (0.1, 0.9)
    stack: bool = True
    authored_weight: float = 1.0
    authored_weight_en: float | None = 0.0
    authored_en_files: tuple[str, ...] = ("authored3",)
    select_on_real: bool = False


@dataclass
class Fitted:
    """The scikit-learn objects of a training run and the exported model.

    ``estimators[j]`` was fitted on the design matrix whose cue block is
    scaled by ``cue_weights[j]`` (``None`` for a label absent from training);
    ``stackers[j]`` (or ``None``) turns its score and the label's cue columns
    into the final score (:func:`stack_inputs`).
    """

    word_vectorizer: Any
    char_vectorizer: Any
    estimators: list[Any]
    stackers: list[Any]
    cue_weights: list[float]
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


def sk_design(vecs: tuple[Any, Any], analyzed: list[Analyzed], cues: np.ndarray, cfg: FeatureConfig,
              cue_weight: float) -> sparse.csr_matrix:
    """The design matrix built with the fitted scikit-learn vectorizers."""
    n = len(analyzed)
    blocks = []
    for vec, docs, weight in ((vecs[0], [a.words for a in analyzed], cfg.word_weight),
                              (vecs[1], [a.chars for a in analyzed], cfg.char_weight)):
        blocks.append(vec.transform(docs) * weight if vec is not None else sparse.csr_matrix((n, 0)))
    blocks.append(sparse.csr_matrix(cues * cue_weight))
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

    return LogisticRegression(C=C, class_weight="balanced", solver="liblinear", dual=True, max_iter=5000,
                              random_state=seed)


def _oof(x: Any, y: np.ndarray, folds: list[tuple[np.ndarray, np.ndarray]], C: float, seed: int,
         weight: np.ndarray) -> np.ndarray:
    out = np.full(len(y), _ABSENT)
    for train, dev in folds:
        if len(dev) == 0 or len(np.unique(y[train])) < 2:
            continue
        est = _binary(C, seed).fit(x[train], y[train], sample_weight=weight[train])
        out[dev] = est.decision_function(x[dev])
    return out


@dataclass(frozen=True)
class _Label:
    estimator: Any
    stacker: Any
    cue_weight: float
    a: float
    b: float
    threshold: float
    C: float


def stack_inputs(scores: np.ndarray, cues: np.ndarray, j: int) -> np.ndarray:
    """Stage-2 inputs of label ``j``: its stage-1 score, its own cue weight, that weight for
    Chinese passages, and the Chinese indicator (``cues`` is a ``lang_cues`` cue block)."""
    n_labels = (cues.shape[1] - 1) // 2
    return np.column_stack([scores, cues[:, j], cues[:, n_labels + j], cues[:, 2 * n_labels]])


def _stacker(z: np.ndarray, y: np.ndarray) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=1.0, class_weight="balanced").fit(z, y)


def _fit_label(designs: dict[float, Any], y: np.ndarray, folds: list[tuple[np.ndarray, np.ndarray]],
               cfg: TrainConfig, cues: np.ndarray, j: int, weight: np.ndarray, rows: np.ndarray) -> _Label:
    """Step 3 for one label; ``rows`` marks the passages whose out-of-fold scores choose and calibrate."""
    from sklearn.metrics import average_precision_score

    if len(np.unique(y)) < 2:
        return _Label(None, None, 1.0, -1.0, 0.0, cfg.threshold_range[1], 0.0)
    if len(np.unique(y[rows])) < 2:
        rows = np.ones(len(y), dtype=bool)
    best: tuple[float, float, float, np.ndarray] | None = None
    for w, x in designs.items():
        for C in cfg.c_grid:
            scores = _oof(x, y, folds, C, cfg.seed, weight)
            ap = float(average_precision_score(y[rows], scores[rows])) if folds else 0.0
            if best is None or ap > best[0] + 1e-9:
                best = (ap, w, C, scores)
    assert best is not None
    _, w, C, scores = best
    stacker = None
    if folds and cfg.stack:
        z = stack_inputs(scores, cues, j)
        stacker = _stacker(z[rows], y[rows])
        scores = stacker.decision_function(z)
    a, b = platt(scores[rows], y[rows]) if folds else (-1.0, 0.0)
    proba = 1.0 / (1.0 + np.exp(np.clip(a * scores + b, -500, 500)))
    threshold = best_threshold(proba[rows], y[rows], *cfg.threshold_range) if folds else 0.5
    estimator = _binary(C, cfg.seed).fit(designs[w], y, sample_weight=weight)
    return _Label(estimator, stacker, w, a, b, threshold, C)


def _export(lab: _Label, offset: int, n_labels: int, j: int, n_features: int) -> tuple[np.ndarray, float]:
    """One label's stages folded into a single linear score over the base design."""
    coef = np.zeros(n_features)
    coef[:] = lab.estimator.coef_[0]
    coef[offset:] *= lab.cue_weight
    bias = float(lab.estimator.intercept_[0])
    if lab.stacker is None:
        return coef, bias
    v = lab.stacker.coef_[0]
    coef *= v[0]
    coef[offset + j] += v[1]
    coef[offset + n_labels + j] += v[2]
    coef[offset + 2 * n_labels] += v[3]
    return coef, v[0] * bias + float(lab.stacker.intercept_[0])


def fit(examples: Sequence[Example], *, codebook: Codebook | None = None, config: TrainConfig | None = None,
        release: str = "1") -> Fitted:
    """Train the supervised tagger (steps 1-4 of the module docstring).

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
    examples, weight = weighted(examples, cfg)
    if len(examples) < 10:
        raise InputError(f"only {len(examples)} labelled passages", "train on at least 10 (better: hundreds)")
    labels = (tuple(("driver", d) for d in book.labels["driver"]) + tuple(("frame", f) for f in book.labels["frame"])
              + tuple(("tone", t) for t in book.labels["tone"]))
    y = np.array([[_has(e, kind, lab) for kind, lab in labels] for e in examples], dtype=int)
    if len({e.tone for e in examples}) < 2:
        raise InputError("all training passages have the same tone", "add passages of other tones")
    features = replace(cfg.features, cue_weight=1.0, lang_cues=True)
    analyzed = analyze_many([e.text for e in examples], [e.lang or None for e in examples], features)
    wvec, words = _vectorizer([a.words for a in analyzed], features.min_df)
    cvec, chars = _vectorizer([a.chars for a in analyzed], features.min_df)
    cues = cue_block(analyzed, matchers_for(book), features.lang_cues)
    designs = {w: sk_design((wvec, cvec), analyzed, cues, features, w) for w in cfg.cue_grid}
    groups = [e.group for e in examples]
    folds = grouped_folds(groups, y, cfg.inner_folds, cfg.seed) if len(set(groups)) > 1 else []
    authored = np.array([e.source == "authored" for e in examples])
    rows = ~authored if cfg.select_on_real and (~authored).sum() >= 10 else np.ones(len(examples), dtype=bool)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitted = [_fit_label(designs, y[:, j], folds, cfg, cues, j, weight, rows) for j in range(len(labels))]
    n_features = words.size + chars.size + cues.shape[1]
    coef = np.zeros((len(labels), n_features))
    intercept = np.full(len(labels), _ABSENT)
    for j, lab in enumerate(fitted):
        if lab.estimator is not None:
            coef[j], intercept[j] = _export(lab, words.size + chars.size, len(labels), j, n_features)
    meta = {
        "release": release,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "passages": len(examples),
        "by_source": {s: sum(e.source == s for e in examples) for s in sorted({e.source for e in examples})},
        "chosen": {f"{k}:{lab}": [f.C, f.cue_weight] for (k, lab), f in zip(labels, fitted, strict=True)},
        "codebook_version": book.version,
        "sklearn": _sklearn_version(),
    }
    model = LinearModel(
        config=features, words=words, chars=chars, codebook=book, labels=labels, coef=coef, intercept=intercept,
        calib_a=np.array([f.a for f in fitted]), calib_b=np.array([f.b for f in fitted]),
        thresholds=np.array([f.threshold for f in fitted]), meta=meta,
    )
    log.info("trained on %d passages, %d features", len(examples), n_features)
    return Fitted(wvec, cvec, [f.estimator for f in fitted], [f.stacker for f in fitted],
                  [f.cue_weight for f in fitted], model)


def weighted(examples: Sequence[Example], cfg: TrainConfig) -> tuple[list[Example], np.ndarray]:
    """The passages with a positive sample weight (authored ones weighted per language) and their weights."""
    en_weight = cfg.authored_weight if cfg.authored_weight_en is None else cfg.authored_weight_en
    weights = [(en_weight if e.lang == "en" and e.file not in cfg.authored_en_files else cfg.authored_weight)
               if e.source == "authored" else 1.0 for e in examples]
    kept = [(e, w) for e, w in zip(examples, weights, strict=True) if w > 0]
    return [e for e, _ in kept], np.array([w for _, w in kept], dtype=np.float64)


def _has(e: Example, kind: str, label: str) -> bool:
    return label in e.drivers if kind == "driver" else label in e.frames if kind == "frame" else e.tone == label


def _sklearn_version() -> str:
    import sklearn

    return str(sklearn.__version__)
