"""Tables people can read: numbers right-aligned, dates on one line, wide tables in a scrolling region."""

from flask import render_template_string

from workforce.kernel.tables import NOWRAP, NUMERIC, readable_table, table_label


def _table():
    return {
        "caption": "Caseloads",
        "head": [{"text": "Worker"}, {"text": "Cases"}, {"text": "Cases per FTE"}, {"text": "Since"}],
        "rows": [
            [{"text": "Holly Ahmed"}, {"text": 12}, {"text": "1.0/0"}, {"text": "2 December 2026"}],
            [{"text": "Sam Lee"}, {"text": "3"}, {"text": "—"}, {"text": "1 May 2025, 10:42"}],
        ],
    }


def test_a_column_of_numbers_is_right_aligned_with_its_header():
    table = readable_table(_table())
    assert [cell.get("format") for cell in table["head"]] == [None, NUMERIC, NUMERIC, None]
    assert table["rows"][0][1]["format"] == NUMERIC
    assert table["rows"][0][2]["format"] == NUMERIC
    assert "format" not in table["rows"][1][2]


def test_a_column_of_words_stays_left_aligned():
    table = readable_table(_table())
    assert "format" not in table["rows"][0][0]


def test_dates_are_kept_on_one_line():
    table = readable_table(_table())
    assert NOWRAP in table["rows"][0][3]["classes"]
    assert NOWRAP in table["rows"][1][3]["classes"]


def test_a_column_with_a_word_among_numbers_is_not_numeric():
    params = {"head": [{"text": "Count"}], "rows": [[{"text": "3"}], [{"text": "Not known"}]]}
    table = readable_table(params)
    assert "format" not in table["head"][0]
    assert "format" not in table["rows"][0][0]


def test_the_table_given_is_left_as_it_was():
    params = _table()
    readable_table(params)
    assert params == _table()


def test_the_scrolling_region_is_named_by_the_caption():
    assert table_label(_table()) == "Caseloads"
    assert table_label({"rows": []}) == "Table"


def test_every_table_on_a_page_scrolls_in_a_focusable_named_region(app):
    with app.test_request_context():
        html = render_template_string(
            '{% extends "layout.html" %}{% block content %}<h1>T</h1>{{ govukTable(table) }}{% endblock %}',
            table=_table(),
        )
    assert '<div class="wpq-table-scroll" role="region" aria-label="Caseloads">' in html
    assert "govuk-table__cell--numeric" in html
