"""`data_table` gives the same table as GOV.UK Frontend's govukTable for the parameters it takes."""

from bs4 import BeautifulSoup
from flask import render_template_string

PARAMS = {
    "caption": "Grades <by month>",
    "captionClasses": "govuk-table__caption--s",
    "classes": "app-table--compact",
    "head": [{"text": "Month"}, {"text": "Audits", "format": "numeric", "classes": "govuk-!-width-one-quarter"}],
    "rows": [
        [{"text": "October 2026"}, {"text": 12, "format": "numeric"}],
        [{"html": '<a class="govuk-link" href="/audits?grade=Good">Good</a>'}, {"text": 0, "format": "numeric"}],
        [{"text": "<script>alert(1)</script>", "classes": "app-cell"}, {"text": None}],
    ],
}


def tables(app, params: dict) -> tuple:
    with app.test_request_context():
        ours = render_template_string(
            '{% from "macros.html" import data_table %}{{ data_table(params) }}', params=params
        )
        theirs = render_template_string(
            '{% from "govuk_frontend_jinja/components/table/macro.html" import govukTable %}{{ govukTable(params) }}',
            params=params,
        )
    return BeautifulSoup(ours, "html.parser").table, BeautifulSoup(theirs, "html.parser").table


def shape(table) -> list:
    """Every element's name, classes, scope and text (with the markup inside cells), in document order."""
    return [
        (tag.name, tag.get("class"), tag.get("scope"), "".join(str(child) for child in tag.children).strip())
        if tag.name in {"th", "td", "caption"}
        else (tag.name, tag.get("class"))
        for tag in table.find_all(True)
    ] + [(table.name, table.get("class"))]


def test_the_table_has_govuk_tables_markup_escaping_text_and_keeping_html(app, db):
    ours, theirs = tables(app, PARAMS)
    assert shape(ours) == shape(theirs)
    assert "<script>" not in str(ours)
    assert ours.select_one("td a.govuk-link")["href"] == "/audits?grade=Good"


def test_the_first_cell_of_each_row_can_be_its_header(app, db):
    ours, theirs = tables(app, {**PARAMS, "firstCellIsHeader": True})
    assert shape(ours) == shape(theirs)
    assert [th["scope"] for th in ours.tbody.find_all("th")] == ["row", "row", "row"]


def test_a_table_without_caption_or_head_has_only_its_body(app, db):
    ours, theirs = tables(app, {"rows": [[{"text": "Only"}]]})
    assert shape(ours) == shape(theirs)
    assert ours.caption is None and ours.thead is None
