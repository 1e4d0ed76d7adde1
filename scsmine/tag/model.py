"""The supervised tagger's fitted parameters, stored without pickle and applied with numpy.

Implements the output side of the classifier for CODEBOOK.md §1 (drivers),
§2 (frames) and §3 (tone). Prediction:

1. Features (:mod:`scsmine.tag.features`): TF-IDF word and character
   blocks from the stored vocabularies and idf, plus cue counts from the
   stored lexicon.
2. Drivers and frames: one linear score per label, made a probability by
   Platt scaling (``p = 1 / (1 + exp(a * s + b))``) fitted on out-of-fold
   scores, and compared with a threshold chosen on development folds.
3. Tone: one calibrated one-versus-rest score per tone, normalised to sum
   to one; the most probable tone wins.

The file is gzip-compressed JSON with arrays as base64 little-endian
floats, so it loads with any numpy and scikit-learn version. The
coefficient matrix is stored in half precision (format 3): it is most of
the file, and rounding it moves a probability by less than 1e-3 (on the
2,256 labelled passages: at most 2.9e-4, and no decision changed). The
other arrays stay float32.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from scsmine.core.errors import TaggerError
from scsmine.tag.codebook import Codebook, Cue
from scsmine.tag.cues import CueMatcher
from scsmine.tag.features import (
    Analyzed,
    FeatureConfig,
    HanIndex,
    Vocabulary,
    analyze_many,
    cue_block,
    matchers_for,
    tfidf,
)

__all__ = ["FORMAT", "LinearModel", "Scores"]

FORMAT = "scsmine-linear-model"
FORMAT_VERSION = 3  # 2: feature config may hold latin_char_min/max (absent in 1: none); 3: coef may be "f16"


@dataclass(frozen=True)
class Scores:
    """Predictions for a batch of passages.

    Attributes:
        labels: (kind, label) of each column of ``proba``.
        proba: Calibrated probability per passage and label.
        chosen: ``proba >= threshold`` per label.
        tones: Tone labels, the columns of ``tone_proba``.
        tone_proba: Probability of each tone per passage.
        cues: Per passage, label → cue texts that fired.
    """

    labels: tuple[tuple[str, str], ...]
    proba: np.ndarray
    chosen: np.ndarray
    tones: tuple[str, ...]
    tone_proba: np.ndarray
    cues: list[dict[str, tuple[str, ...]]] = field(default_factory=list)

    def tone(self, row: int) -> str:
        """The most probable tone of passage ``row``."""
        return self.tones[int(np.argmax(self.tone_proba[row]))]


_DTYPES = {"f32": "<f4", "f16": "<f2"}


def _b64(array: np.ndarray, kind: str = "f32") -> dict[str, Any]:
    data = np.ascontiguousarray(array, dtype=_DTYPES[kind])
    return {"shape": list(data.shape), kind: base64.b64encode(data.tobytes()).decode("ascii")}


def _unb64(obj: dict[str, Any]) -> np.ndarray:
    kind = "f16" if "f16" in obj else "f32"
    raw = np.frombuffer(base64.b64decode(obj[kind]), dtype=_DTYPES[kind])
    return raw.astype(np.float64).reshape(obj["shape"])


def _vocab_json(vocab: Vocabulary) -> dict[str, Any]:
    terms = sorted(vocab.terms, key=vocab.terms.__getitem__)
    return {"terms": terms, "idf": _b64(vocab.idf)}


def _vocab_from(obj: dict[str, Any]) -> Vocabulary:
    return Vocabulary({t: i for i, t in enumerate(obj["terms"])}, _unb64(obj["idf"]))


@dataclass(frozen=True)
class LinearModel:
    """Fitted parameters of the supervised tagger (see the module docstring).

    Attributes:
        config: Feature settings.
        words: Word vocabulary and idf.
        chars: Character n-gram vocabulary and idf.
        codebook: The codebook whose cues give the cue block.
        labels: (kind, label) per row of ``coef``: drivers, frames, then tones.
        coef: Weights, one row per label, one column per feature.
        intercept: Bias per label.
        calib_a: Platt slope per label.
        calib_b: Platt offset per label.
        thresholds: Decision threshold per label (unused for tone rows).
        meta: Training facts (date, data, versions, chosen C).
    """

    config: FeatureConfig
    words: Vocabulary
    chars: Vocabulary
    codebook: Codebook
    labels: tuple[tuple[str, str], ...]
    coef: np.ndarray
    intercept: np.ndarray
    calib_a: np.ndarray
    calib_b: np.ndarray
    thresholds: np.ndarray
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str:
        """``<release>+<hash of the parameters>``, recorded as the tagger version."""
        return str(self.meta.get("version", "0"))

    @cached_property
    def matchers(self) -> list[CueMatcher]:
        """The cue matchers of the model's lexicon, compiled once."""
        return matchers_for(self.codebook)

    @cached_property
    def han_index(self) -> HanIndex | None:
        """Counts the Han n-grams with numpy (``None`` when ``char_max`` is over 3)."""
        return HanIndex(self.chars, self.config.char_max) if self.config.char_max <= 3 else None

    def design(self, analyzed: list[Analyzed], *, han_in_chars: bool = True) -> sparse.csr_matrix:
        """The feature matrix of analysed passages (``han_in_chars`` false: analysed with
        ``han_grams=False``, and the Han n-grams are counted by :attr:`han_index`)."""
        cfg = self.config
        cues = sparse.csr_matrix(cue_block(analyzed, self.matchers, cfg.lang_cues) * cfg.cue_weight)
        han = None
        if not han_in_chars:
            assert self.han_index is not None
            han = self.han_index.pairs([a.cue_text for a in analyzed])
        blocks = [tfidf([a.words for a in analyzed], self.words) * cfg.word_weight,
                  tfidf([a.chars for a in analyzed], self.chars, han) * cfg.char_weight, cues]
        return sparse.hstack(blocks, format="csr")

    def scores(self, texts: list[str], langs: list[str | None]) -> Scores:
        """Steps 1-3 of the module docstring for a batch."""
        fast = self.han_index is not None
        analyzed = analyze_many(texts, langs, self.config, han_grams=not fast)
        x = self.design(analyzed, han_in_chars=not fast)
        raw = np.asarray(x @ self.coef.T) + self.intercept
        proba = 1.0 / (1.0 + np.exp(np.clip(self.calib_a * raw + self.calib_b, -500, 500)))
        tone_cols = [j for j, (kind, _) in enumerate(self.labels) if kind == "tone"]
        label_cols = [j for j, (kind, _) in enumerate(self.labels) if kind != "tone"]
        tone = proba[:, tone_cols]
        tone = tone / np.maximum(tone.sum(axis=1, keepdims=True), 1e-12)
        return Scores(tuple(self.labels[j] for j in label_cols), proba[:, label_cols],
                      proba[:, label_cols] >= self.thresholds[label_cols],
                      tuple(self.labels[j][1] for j in tone_cols), tone)

    # -- storage -------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """The parameters as a JSON-ready dict."""
        cues = [[c.pattern, c.kind, c.label, c.weight] for c in self.codebook.cues]
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "meta": self.meta,
            "config": self.config.__dict__,
            "codebook": {"name": self.codebook.name, "version": self.codebook.version,
                         "labels": {k: list(v) for k, v in self.codebook.labels.items()}, "cues": cues},
            "words": _vocab_json(self.words),
            "chars": _vocab_json(self.chars),
            "labels": [list(kl) for kl in self.labels],
            "coef": _b64(self.coef, "f16"),
            "intercept": _b64(self.intercept),
            "calib_a": _b64(self.calib_a),
            "calib_b": _b64(self.calib_b),
            "thresholds": _b64(self.thresholds),
        }

    def save(self, path: str | Path) -> str:
        """Write the model as gzip-compressed JSON; returns its version string."""
        payload = self.to_json()
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        digest = hashlib.sha1(body).hexdigest()[:10]
        payload["meta"] = {**payload["meta"], "version": f"{payload['meta'].get('release', '1')}+{digest}"}
        data = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with gzip.GzipFile(filename=str(path), mode="wb", compresslevel=9, mtime=0) as handle:
            handle.write(data)
        return str(payload["meta"]["version"])

    @classmethod
    def from_json(cls, obj: dict[str, Any], source: str = "<model>") -> LinearModel:
        """Rebuild a model from :meth:`to_json` output.

        Raises:
            TaggerError: Not a scsmine model, or a newer format.
        """
        if obj.get("format") != FORMAT:
            raise TaggerError(f"{source} is not a scsmine model file", "train one with `scsmine train`")
        if int(obj.get("format_version", 0)) > FORMAT_VERSION:
            raise TaggerError(f"{source} needs a newer scsmine (format {obj['format_version']})", "upgrade scsmine")
        book = obj["codebook"]
        cues = tuple(Cue(p, k, lab, "zh" if any("\u3400" <= ch <= "\u9fff" for ch in p) else "en", float(w))
                     for p, k, lab, w in book["cues"])
        codebook = Codebook(book["name"], book["version"], {k: tuple(v) for k, v in book["labels"].items()},
                            {}, cues, source)
        return cls(
            config=FeatureConfig(**obj["config"]),
            words=_vocab_from(obj["words"]),
            chars=_vocab_from(obj["chars"]),
            codebook=codebook,
            labels=tuple((k, lab) for k, lab in obj["labels"]),
            coef=_unb64(obj["coef"]),
            intercept=_unb64(obj["intercept"]),
            calib_a=_unb64(obj["calib_a"]),
            calib_b=_unb64(obj["calib_b"]),
            thresholds=_unb64(obj["thresholds"]),
            meta=dict(obj.get("meta", {})),
        )

    @classmethod
    def load(cls, path: str | Path) -> LinearModel:
        """Read a model file written by :meth:`save`.

        Raises:
            TaggerError: Missing, unreadable or not a scsmine model.
        """
        try:
            with gzip.open(path, "rb") as handle:
                obj = json.loads(handle.read().decode("utf-8"))
        except FileNotFoundError:
            raise TaggerError(f"model file {path} does not exist", "train one with `scsmine train`") from None
        except (OSError, ValueError) as exc:
            raise TaggerError(f"model file {path} cannot be read: {exc}", "train it again") from None
        return cls.from_json(obj, str(path))
