"""Normalisation: clean-up, script conversion, language, tokens, segmentation. Imports only core."""

from scsmine.normalize.cleanup import clean, clean_line
from scsmine.normalize.lang import detect_lang
from scsmine.normalize.script import has_han, to_simplified
from scsmine.normalize.segment import ARTICLE, Segment, segment, split_sentences
from scsmine.normalize.tokenize import index_tokens, query_tokens, segmenter, tokens, user_words

__all__ = [
    "ARTICLE",
    "Segment",
    "clean",
    "clean_line",
    "detect_lang",
    "has_han",
    "index_tokens",
    "query_tokens",
    "segment",
    "segmenter",
    "split_sentences",
    "to_simplified",
    "tokens",
    "user_words",
]
