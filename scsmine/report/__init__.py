"""Reports: domestic-versus-foreign framing and single-concept reports (imports core and store only).

* :func:`build_framing` / :class:`FramingOptions`: drivers, frames and tone
  by group, vocabulary, topics, trends, evidence and method.
* :func:`build_topic` / :class:`TopicOptions`: one term or concept: KWIC
  lines, collocates and its distribution.
* :func:`write_report`: HTML, Markdown, CSV and figures into a directory.
* :func:`parse_where`: the ``--where`` filter language.
"""

from scsmine.report.framing import FramingOptions, build_framing
from scsmine.report.glossary import Concept, find_concept, load_glossary
from scsmine.report.model import Report, WrittenReport
from scsmine.report.render import prepare_out, write_report
from scsmine.report.topic import Phrase, TopicOptions, build_topic
from scsmine.report.where import Condition, describe_where, parse_where

__all__ = [
    "Concept",
    "Condition",
    "FramingOptions",
    "Phrase",
    "Report",
    "TopicOptions",
    "WrittenReport",
    "build_framing",
    "build_topic",
    "describe_where",
    "find_concept",
    "load_glossary",
    "parse_where",
    "prepare_out",
    "write_report",
]
