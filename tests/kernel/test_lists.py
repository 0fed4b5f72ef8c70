"""The list mechanism: checking the query string, stable sorting, paging at the edges, and downloads."""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tests.people.builders import create_staff_member
from tests.spreadsheets import table_rows
from workforce.kernel.lists import (
    DESCENDING,
    Column,
    Filter,
    ListDefinition,
    build_page,
    download,
    export_rows,
)
from workforce.people.constants import EmploymentType
from workforce.people.models import StaffMember


def definition(page_size: int = 3) -> ListDefinition:
    return ListDefinition(
        endpoint="people.list_staff",
        columns=[
            Column("name", "Name", lambda item, context: item.name, sort=[StaffMember.last_name, StaffMember.id]),
            Column("hours", "Hours", lambda item, context: item.contracted_hours, sort=StaffMember.contracted_hours),
            Column("number", "Number", lambda item, context: item.employee_number),
        ],
        id_column=StaffMember.id,
        default_sort="name",
        filters=[
            Filter(
                "employment",
                "Employment",
                lambda query, value: query.where(StaffMember.employment_type == EmploymentType(value)),
                choices=[("", "Any")] + [(member.value, member.label) for member in EmploymentType],
            ),
            Filter(
                "created_from", "Created from", lambda query, day: query.where(StaffMember.created_at >= day), "date"
            ),
        ],
        search_columns=[StaffMember.first_name + " " + StaffMember.last_name],
        page_size=page_size,
        filename="people",
    )


@pytest.fixture
def people(db):
    """Seven people called Same (equal sort keys), two of them agency workers."""
    made = [create_staff_member(first_name="Alex", last_name="Same", contracted_hours=37.0) for _ in range(5)]
    made += [
        create_staff_member(
            first_name="Bea", last_name="Same", employment_type=EmploymentType.AGENCY, contracted_hours=20.5
        ),
        create_staff_member(first_name="=HYPERLINK(1)", last_name="Same", employment_type=EmploymentType.AGENCY),
    ]
    return made


def scoped():
    return select(StaffMember).where(StaffMember.last_name == "Same")


def page_of(app, args: dict, page_size: int = 3):
    with app.test_request_context("/staff"):
        return build_page(definition(page_size), scoped(), MultiDict(args))


def test_equal_sort_keys_keep_one_order_across_pages(app, people):
    seen = []
    for number in (1, 2, 3):
        seen += [person.id for person in page_of(app, {"sort": "hours", "page": number}).items]
    assert sorted(seen) == sorted(person.id for person in people)
    assert len(seen) == len(set(seen)) == 7
    # Equal hours (37) come in id order; the one with 20.5 comes first.
    assert seen[0] == people[5].id and seen[1:] == sorted(seen[1:])


def test_descending_reverses_the_tie_breaker_too(app, people):
    ids = [person.id for person in page_of(app, {"sort": "hours", "order": DESCENDING}, page_size=10).items]
    assert ids[-1] == people[5].id
    assert ids[:-1] == sorted(ids[:-1], reverse=True)


@pytest.mark.parametrize(
    ("args", "note"),
    [
        ({"sort": "number"}, "cannot be sorted by \u201cnumber\u201d"),
        ({"sort": "'; drop table staff"}, "cannot be sorted by"),
        ({"order": "sideways"}, "ascending or descending"),
        ({"page": "two"}, "not a page number"),
        ({"page": "999"}, "There are only 3 pages"),
    ],
)
def test_a_bad_sort_order_or_page_is_corrected_and_explained(app, people, args, note):
    listing = page_of(app, args)
    assert any(note in text for text in listing.state.notes)
    assert listing.items
    assert not listing.state.problems


def test_a_page_beyond_the_end_shows_the_last_page(app, people):
    listing = page_of(app, {"page": "999"})
    assert (listing.page, listing.pages, listing.first, listing.last) == (3, 3, 7, 7)
    assert listing.summary == "Showing 7 to 7 of 7 records"


@pytest.mark.parametrize(
    ("args", "field", "message"),
    [
        ({"employment": "volunteer"}, "employment", "Select employment from the list"),
        ({"created_from": "31/02/2026"}, "created_from", "real date in the format YYYY-MM-DD"),
        ({"search": "x" * 101}, "search", "100 characters or fewer"),
    ],
)
def test_bad_filters_are_reported_and_ignored(app, people, args, field, message):
    listing = page_of(app, args, page_size=10)
    assert [name for name, _ in listing.state.problems] == [field]
    assert message in listing.state.problems[0][1]
    assert listing.problem_links()[0]["href"] == f"#{field}"
    if field != "search":
        assert listing.total == 7


def test_every_problem_is_reported_at_once(app, people):
    listing = page_of(app, {"employment": "volunteer", "created_from": "soon"})
    assert [name for name, _ in listing.state.problems] == ["employment", "created_from"]


def test_paging_edges(app, people):
    assert page_of(app, {}, page_size=7).pages == 1
    assert page_of(app, {}, page_size=7).summary == "Showing 7 records"
    listing = page_of(app, {"page": "2"}, page_size=6)
    assert (listing.pages, len(listing.items), listing.summary) == (2, 1, "Showing 7 to 7 of 7 records")
    empty = page_of(app, {"search": "nobody"})
    assert (empty.total, empty.pages, empty.page, empty.items, empty.first) == (0, 1, 1, [], 0)
    assert empty.summary == "No records match"


def test_search_is_case_insensitive_and_treats_wildcards_as_text(app, people):
    assert page_of(app, {"search": "bea same"}).total == 1
    assert page_of(app, {"search": "%"}).total == 0
    assert page_of(app, {"search": "_"}).total == 0


def test_links_keep_the_filters_and_drop_unknown_parameters(app, people):
    with app.test_request_context("/staff"):
        listing = build_page(definition(), scoped(), MultiDict({"employment": "agency", "junk": "x", "page": "1"}))
        assert listing.page_href(2) == "/staff?employment=agency&page=2"
        assert listing.download_href("csv") == "/staff?employment=agency&download=csv"
        name, hours, number = listing.headers()
        assert (name["aria_sort"], name["next_order"]) == ("ascending", "descending")
        assert hours["aria_sort"] == "none" and "sort=hours&order=ascending" in hours["href"]
        assert number["href"] is None


def test_the_pagination_component_numbers_pages_around_the_current_one(app, people):
    with app.test_request_context("/staff"):
        listing = build_page(definition(1), scoped(), MultiDict({"page": "4"}))
        items = listing.pagination()["items"]
    numbers = [item.get("number", "...") for item in items]
    assert numbers == [1, "...", 3, 4, 5, "...", 7]
    assert [item["number"] for item in items if item.get("current")] == [4]


def test_the_download_holds_exactly_the_filtered_rows_of_every_page(app, people):
    args = MultiDict({"employment": "agency", "page": "2"})
    with app.test_request_context("/staff"):
        rows = list(export_rows(definition(1), scoped(), args))
        pages = [build_page(definition(1), scoped(), MultiDict({"employment": "agency", "page": n})) for n in "12"]
    assert [row[0] for row in rows] == [item.name for listing in pages for item in listing.items]
    assert len(rows) == 2


def test_csv_download_neutralises_formula_like_text(app, people):
    with app.test_request_context("/staff"):
        response = download(definition(), scoped(), "csv", MultiDict({"employment": "agency"}))
    assert response.headers["Content-Disposition"].startswith('attachment; filename="people-')
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Hours", "Number"]
    assert sorted(row[0] for row in rows[1:]) == ["'=HYPERLINK(1) Same", "Bea Same"]


def test_excel_download_has_a_header_numbers_as_numbers_and_text_never_formulas(app, people):
    with app.test_request_context("/staff"):
        response = download(definition(), scoped(), "xlsx", MultiDict({"employment": "agency"}))
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[-1]
    rows = table_rows(sheet)
    assert rows[0] == ["Name", "Hours", "Number"]
    assert {row[1] for row in rows[1:]} == {20.5, 37.0}
    formula = next(row for row in sheet.iter_rows(min_row=3) if str(row[0].value).startswith("=HYPERLINK"))
    assert formula[0].data_type == "s"


def test_definitions_refuse_mistakes():
    with pytest.raises(ValueError, match="cannot be called"):
        Filter("page", "Page", lambda query, value: query)
    with pytest.raises(ValueError, match="not a sortable column"):
        ListDefinition(
            endpoint="people.list_staff",
            columns=[Column("name", "Name", lambda item, context: item.name)],
            id_column=StaffMember.id,
            default_sort="name",
        )
