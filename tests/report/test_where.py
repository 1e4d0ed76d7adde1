"""The --where filter language: parsing, errors and the SQL the store makes of it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from scsmine.core.errors import UsageError
from scsmine.report.where import FIELDS, Condition, describe_where, parse_where
from scsmine.store import reporting


def test_parses_conditions_in_order() -> None:
    got = parse_where("doc_type!=unrelated and lang=zh AND year>=2015")
    assert got == (
        Condition("doc_type", "!=", ("unrelated",)),
        Condition("lang", "=", ("zh",)),
        Condition("year", ">=", (2015,)),
    )


def test_in_lists_and_quoted_values() -> None:
    got = parse_where("origin in (domestic, foreign) and jurisdiction = 'Shanghai City' and jurisdiction=\"上海\"")
    assert got[0] == Condition("origin", "in", ("domestic", "foreign"))
    assert got[1].values == ("Shanghai City",) and got[2].values == ("上海",)


@pytest.mark.parametrize("text", [None, "", "   "])
def test_blank_means_everything(text: str | None) -> None:
    assert parse_where(text) == ()
    assert describe_where(()) == "all passages"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("orgin=domestic", "'orgin'"),
        ("origin=chinese", "'chinese'"),
        ("origin>domestic", "year only"),
        ("year>=20x5", "'20x5'"),
        ("origin=domestic or lang=zh", "'or'"),
        ("lang=zh and", "ends with 'and'"),
        ("year in (2015, 2016", "not closed"),
        ("doc_type", "needs an operator"),
        ("lang ~ zh", "'~'"),
        ("level=national; drop table documents", "';'"),
    ],
)
def test_bad_filters_name_the_token_and_list_fields(text: str, names: str) -> None:
    with pytest.raises(UsageError) as err:
        parse_where(text)
    assert names in err.value.message
    assert all(f in err.value.hint for f in FIELDS)


def test_describe_round_trips() -> None:
    text = "doc_type!=unrelated and origin in (domestic, foreign) and year<2020 and jurisdiction='New York'"
    assert parse_where(describe_where(parse_where(text))) == parse_where(text)


def test_scope_sql_is_parameterized() -> None:
    where, params = reporting.scope_sql(parse_where('jurisdiction="x\' OR 1=1 --" and year in (2015, 2016)'))
    assert "OR 1=1" not in where
    assert params == ["x' OR 1=1 --", 2015, 2016]
    assert where.count("?") == 3


def test_store_rejects_fields_outside_the_whitelist() -> None:
    with pytest.raises(UsageError):
        reporting.scope_sql([("d.title", "=", ("x",))])
    with pytest.raises(UsageError):
        reporting.scope_sql([("year", "LIKE", (2015,))])


def test_filter_selects_what_independent_sql_selects(synth_db: Path) -> None:
    scope = parse_where("lang=en and year>=2019 and doc_type!=analysis")
    conn = sqlite3.connect(synth_db)
    try:
        want = conn.execute(
            "SELECT COUNT(*) FROM passages p JOIN documents d ON d.rowid = p.doc_rowid WHERE d.status = 'current'"
            " AND p.lang = 'en' AND d.year >= 2019 AND (d.doc_type IS NULL OR d.doc_type <> 'analysis')"
        ).fetchone()[0]
        assert want > 0
        assert reporting.count_scope(conn, scope)[1] == want
        undated = reporting.count_scope(conn, parse_where("year<2100"))[1]
        everything = reporting.count_scope(conn, ())[1]
        assert undated < everything  # a year condition drops undated documents, as documented
    finally:
        conn.close()
