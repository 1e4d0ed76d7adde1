"""Tagging passages with the codebook's drivers, frames and tone (CODEBOOK.md §1-3).

Imports only :mod:`scsmine.core` and :mod:`scsmine.normalize`. See docs/tagging.md.
"""

from scsmine.tag.codebook import Codebook, Cue, Problem, check_codebook, default_codebook, load_codebook
from scsmine.tag.dataset import Example, load_all, load_labelled
from scsmine.tag.model import LinearModel
from scsmine.tag.taggers import (
    DEFAULT_TAGGER,
    TAGGERS,
    Classified,
    DictionaryTagger,
    LinearTagger,
    default_model,
    make_tagger,
)
from scsmine.tag.train import TrainConfig, fit

__all__ = [
    "DEFAULT_TAGGER",
    "TAGGERS",
    "Classified",
    "Codebook",
    "Cue",
    "DictionaryTagger",
    "Example",
    "LinearModel",
    "LinearTagger",
    "Problem",
    "TrainConfig",
    "check_codebook",
    "default_codebook",
    "default_model",
    "fit",
    "load_all",
    "load_codebook",
    "load_labelled",
    "make_tagger",
]
