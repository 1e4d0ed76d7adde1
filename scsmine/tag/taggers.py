"""The registered taggers: a cue dictionary and a supervised linear model.

Both implement the :class:`~scsmine.core.protocols.Tagger` protocol (pure:
passages in, tags out) and scikit-learn's conventions (``__init__`` stores
parameters, ``fit`` returns ``self``, learned attributes end in ``_``).

* ``scsmine.cue_dict.v1`` (:class:`DictionaryTagger`): CODEBOOK.md §1-2
  labels fire when their cues reach a summed weight of 1 (a strong cue, or
  two weak ones); tone (§3) compares positive and negative cue weights.
  Every tag lists the cues that fired.
* ``scsmine.linear.v1`` (:class:`LinearTagger`, the default): the model of
  :mod:`scsmine.tag.model`; evidence lists the cues of the label that fired.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from scsmine.core.models import Passage, Tag
from scsmine.core.registry import Registry
from scsmine.tag.codebook import Codebook, default_codebook
from scsmine.tag.cues import CueMatcher, match_text
from scsmine.tag.model import LinearModel

__all__ = [
    "DEFAULT_MODEL",
    "DEFAULT_TAGGER",
    "TAGGERS",
    "Classified",
    "DictionaryTagger",
    "LinearTagger",
    "default_model",
    "make_tagger",
]

TAGGERS: Registry[type[Any]] = Registry("tagger")
DEFAULT_TAGGER = "scsmine.linear.v1"
DEFAULT_MODEL = "linear-v1.json.gz"
_MAX_EVIDENCE = 8


@dataclass(frozen=True)
class Classified:
    """Labels of one passage with scores and evidence (kind → label → value)."""

    drivers: tuple[str, ...]
    frames: tuple[str, ...]
    tone: str
    scores: dict[str, dict[str, float]]
    evidence: dict[str, dict[str, tuple[str, ...]]]

    def as_row(self, ident: str) -> dict[str, Any]:
        """The ``scsmine classify`` output record for this passage."""
        return {"id": ident, "drivers": list(self.drivers), "driver_scores": self.scores["driver"],
                "frames": list(self.frames), "frame_scores": self.scores["frame"], "tone": self.tone,
                "tone_scores": self.scores["tone"]}

    def tags(self, passage_id: str, tagger: str, version: str, codebook_version: str) -> list[Tag]:
        """Tags to store: chosen drivers and frames, and the tone."""
        out = []
        for kind, chosen in (("driver", self.drivers), ("frame", self.frames), ("tone", (self.tone,))):
            for label in chosen:
                out.append(Tag(passage_id, kind, label, round(self.scores[kind][label], 4), tagger, version,
                               codebook_version, self.evidence.get(kind, {}).get(label, ())))
        return out


class _Base:
    name = ""
    version = ""
    codebook_version = ""

    def classify(self, texts: Sequence[str], langs: Sequence[str | None] | None = None, *,
                 evidence: bool = True) -> list[Classified]:
        raise NotImplementedError

    def tag(self, passages: Sequence[Passage]) -> list[list[Tag]]:
        """Tags for each passage (the Tagger protocol)."""
        results = self.classify([p.text for p in passages], [p.lang for p in passages])
        return [r.tags(p.id, self.name, self.version, self.codebook_version)
                for p, r in zip(passages, results, strict=True)]

    def predict(self, texts: Sequence[str]) -> list[Classified]:
        """scikit-learn style alias of :meth:`classify`."""
        return self.classify(texts)


@TAGGERS.register("scsmine.cue_dict.v1")
class DictionaryTagger(_Base):
    """Transparent cue-dictionary baseline (CODEBOOK.md §1-3 via the codebook's cues).

    Args:
        codebook: The codebook (default: packaged).
        min_weight: Summed cue weight at which a driver or frame fires.
    """

    name = "scsmine.cue_dict.v1"
    version = "1"

    def __init__(self, codebook: Codebook | None = None, min_weight: float = 1.0) -> None:
        self.codebook = codebook
        self.min_weight = min_weight
        self.fit()

    def fit(self, X: Any = None, y: Any = None) -> DictionaryTagger:
        """Compile the cues (there is nothing to learn); returns ``self``."""
        self.codebook_ = self.codebook or default_codebook()
        self.codebook_version = self.codebook_.version
        self.matchers_ = {k: CueMatcher(self.codebook_, k) for k in ("driver", "frame", "tone")}
        return self

    def classify(self, texts: Sequence[str], langs: Sequence[str | None] | None = None, *,
                 evidence: bool = True) -> list[Classified]:
        """Labels, cue weights as scores (``1 - 0.5**weight``) and the cues as evidence."""
        out = []
        for text in texts:
            prepared = match_text(text)
            hits = {k: m.hits(prepared, prepared=True) for k, m in self.matchers_.items()}
            scores: dict[str, dict[str, float]] = {}
            chosen: dict[str, tuple[str, ...]] = {}
            for kind in ("driver", "frame"):
                labels = self.codebook_.labels[kind]
                weights = {lab: hits[kind].scores.get(lab, 0.0) for lab in labels}
                scores[kind] = {lab: round(1 - 0.5 ** w, 4) for lab, w in weights.items()}
                chosen[kind] = tuple(lab for lab in labels if weights[lab] >= self.min_weight)
            pos, neg = hits["tone"].scores.get("positive", 0.0), hits["tone"].scores.get("negative", 0.0)
            tone = "positive" if pos - neg >= 1 else "negative" if neg - pos >= 1 else "neutral"
            total = pos + neg + 1.0
            scores["tone"] = {"positive": round(pos / total, 4), "neutral": round(1 / total, 4),
                              "negative": round(neg / total, 4)}
            quotes = {k: {lab: v[:_MAX_EVIDENCE] for lab, v in hits[k].evidence.items()} for k in hits}
            out.append(Classified(chosen["driver"], chosen["frame"], tone, scores, quotes if evidence else {}))
        return out


@lru_cache(maxsize=4)
def _load(path: str) -> LinearModel:
    return LinearModel.load(path)


def default_model_path() -> Path:
    """Path of the packaged model file."""
    return Path(str(resources.files("scsmine.tag").joinpath("data", DEFAULT_MODEL)))


def default_model() -> LinearModel:
    """The packaged, pre-trained model (loaded once)."""
    return _load(str(default_model_path()))


@TAGGERS.register("scsmine.linear.v1")
class LinearTagger(_Base):
    """Supervised multi-label tagger with calibrated probabilities (CODEBOOK.md §1-3).

    Args:
        model: A fitted :class:`LinearModel`, or a path to a model file
            (default: the packaged model).
    """

    name = "scsmine.linear.v1"

    def __init__(self, model: LinearModel | str | Path | None = None) -> None:
        self.model = model
        self.fit()

    def fit(self, X: Any = None, y: Any = None) -> LinearTagger:
        """Load the model (training is :func:`scsmine.tag.train.fit`); returns ``self``."""
        model = self.model
        self.model_ = model if isinstance(model, LinearModel) else _load(str(model or default_model_path()))
        self.version = self.model_.version
        self.codebook_version = self.model_.codebook.version
        self.matchers_ = {k: CueMatcher(self.model_.codebook, k) for k in ("driver", "frame")}
        return self

    def classify(self, texts: Sequence[str], langs: Sequence[str | None] | None = None, *,
                 evidence: bool = True) -> list[Classified]:
        """Labels above their thresholds, probabilities per label, and (optionally) cue evidence."""
        langs = list(langs) if langs is not None else [None] * len(texts)
        out: list[Classified] = []
        for start in range(0, len(texts), 2000):
            batch = list(texts[start:start + 2000])
            out.extend(self._batch(batch, langs[start:start + 2000], evidence))
        return out

    def _batch(self, texts: list[str], langs: list[str | None], with_evidence: bool) -> list[Classified]:
        sc = self.model_.scores(texts, langs)
        drivers = [j for j, (kind, _) in enumerate(sc.labels) if kind == "driver"]
        frames = [j for j, (kind, _) in enumerate(sc.labels) if kind == "frame"]
        dnames = [sc.labels[j][1] for j in drivers]
        fnames = [sc.labels[j][1] for j in frames]
        dprob = np.round(sc.proba[:, drivers], 4).tolist()
        fprob = np.round(sc.proba[:, frames], 4).tolist()
        dpick = sc.chosen[:, drivers].tolist()
        fpick = sc.chosen[:, frames].tolist()
        tprob = np.round(sc.tone_proba, 4).tolist()
        best = np.argmax(sc.tone_proba, axis=1).tolist()
        out = []
        for row, text in enumerate(texts):
            chosen = {"driver": [n for n, on in zip(dnames, dpick[row], strict=True) if on],
                      "frame": [n for n, on in zip(fnames, fpick[row], strict=True) if on]}
            scores = {"driver": dict(zip(dnames, dprob[row], strict=True)),
                      "frame": dict(zip(fnames, fprob[row], strict=True)),
                      "tone": dict(zip(sc.tones, tprob[row], strict=True))}
            fired = with_evidence and (chosen["driver"] or chosen["frame"])
            evidence = self._evidence(text, chosen) if fired else {}
            out.append(Classified(tuple(chosen["driver"]), tuple(chosen["frame"]), sc.tones[best[row]], scores,
                                  evidence))
        return out

    def _evidence(self, text: str, chosen: dict[str, list[str]]) -> dict[str, dict[str, tuple[str, ...]]]:
        prepared = match_text(text)
        out: dict[str, dict[str, tuple[str, ...]]] = {}
        for kind, labels in chosen.items():
            if labels:
                hits = self.matchers_[kind].hits(prepared, prepared=True).evidence
                out[kind] = {lab: hits.get(lab, ())[:_MAX_EVIDENCE] for lab in labels}
        return out


def make_tagger(name: str, *, codebook: Codebook | None = None, model: str | Path | None = None) -> _Base:
    """Build a registered tagger by name.

    Raises:
        NotFoundError: No tagger of that name.
    """
    cls = TAGGERS.get(name)
    if cls is DictionaryTagger:
        return DictionaryTagger(codebook)
    return cls(model)  # type: ignore[no-any-return]
