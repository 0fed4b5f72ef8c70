"""Column mappings in the kernel: header suggestions, reading through a mapping, previews and saving."""

import pytest
from sqlalchemy import select

from workforce.kernel.import_mappings import layout_for, preview, read_through, suggest_columns
from workforce.kernel.import_mappings.services import MappingError, add_translations, create_mapping, update_mapping
from workforce.kernel.imports import ImportReport
from workforce.kernel.models import AuditEvent
from workforce.kernel.spreadsheets import Table, TableRow


def staff_layout():
    layout = layout_for("staff")
    assert layout is not None
    return layout


def test_suggestions_match_exact_then_case_and_spacing_then_synonyms(app):
    headers = ["EmployeeNumber", "forename", "SURNAME", "Date of Birth", "Org Unit", "Grade", "Weekly Hours", "Notes"]
    assert suggest_columns(staff_layout(), headers) == {
        "EmployeeNumber": "EmployeeNumber",
        "FirstName": "forename",
        "LastName": "SURNAME",
        "PersonBirthDate": "Date of Birth",
        "Team": "Org Unit",
        "OrgRole": "Grade",
        "ContractedHours": "Weekly Hours",
    }


def test_an_extract_column_is_suggested_for_one_field_only(app):
    suggestions = suggest_columns(staff_layout(), ["Staff No", "Payroll Number", "Start Date", "team"])
    assert suggestions == {"EmployeeNumber": "Staff No", "RoleStartDate": "Start Date", "Team": "team"}


def _table(headers, *rows):
    return Table(list(headers), [TableRow(number, dict(zip(headers, row, strict=True))) for number, row in rows])


def test_reading_through_a_mapping_converts_dates_hours_and_codes(db):
    mapping = create_mapping(
        "staff",
        "US dates",
        columns={"EmployeeNumber": "Id", "RoleStartDate": "Began", "ContractedHours": "Hrs", "OrgRole": "Grade"},
        date_format="%m/%d/%Y",
        standard_hours=36,
        translations={"OrgRole": {"L3": 5}},
    )
    table = _table(["Id", "Began", "Hrs", "Grade", "Ignored"], (2, ["7", "09/30/2025", "27", "l3", "x"]))
    report = ImportReport()
    mapped = read_through(table, mapping, staff_layout(), report)
    assert [(p.column, p.message) for p in report.problems] == [
        ("FirstName", "The mapping US dates does not say which column holds FirstName"),
        ("LastName", "The mapping US dates does not say which column holds LastName"),
        ("Team", "The mapping US dates does not say which column holds Team"),
    ]
    assert mapped is None
    shown = preview(table, mapping, staff_layout())
    assert ("FTE", "") in shown.headers and ("RoleStartDate", "Began") in shown.headers
    row = dict(zip([wpq for wpq, _ in shown.headers], shown.rows[0], strict=True))
    assert str(row["RoleStartDate"]) == "2025-09-30"
    assert (row["FTE"], row["StandardHours"], row["OrgRole"]) == (0.75, 36, "5")


def test_without_a_mapping_the_table_is_read_as_it_is(app):
    table = _table(["EmployeeNumber"], (2, ["E1"]))
    mapped = read_through(table, None, staff_layout(), ImportReport())
    assert mapped.table is table


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"columns": {"Nonsense": "A"}}, "columns", "has no column Nonsense"),
        ({"columns": {"FirstName": "Name", "LastName": "Name"}}, "columns", "given for two fields"),
        ({"date_format": "%Q"}, "date_format", "Enter a date format"),
        ({"standard_hours": 0}, "standard_hours", "from 1 to 80"),
        ({"translations": {"Team": {"A": "B"}}}, "translations", "not a coded field"),
        ({"translations": {"OrgRole": {"SW": "9"}}}, "translations", "9 is not one of WPQ's codes"),
    ],
)
def test_a_bad_mapping_is_refused_with_the_field_at_fault(db, changes, field, message):
    values = {"columns": {"EmployeeNumber": "Staff No"}, **changes}
    with pytest.raises(MappingError) as error:
        create_mapping("staff", "Bad", **values)
    assert error.value.field == field and message in str(error.value)


def test_saving_and_changing_a_mapping_writes_the_audit_trail(db):
    mapping = create_mapping("staff", "iTrent", source="iTrent", columns={"EmployeeNumber": "Staff No"})
    with pytest.raises(MappingError):
        create_mapping("staff", " iTrent ", columns={})
    create_mapping("absences", "iTrent", columns={"EmployeeNumber": "Staff No"})
    add_translations(mapping, "ReasonLeave", {"RES": "1"})
    update_mapping(
        mapping,
        source="iTrent",
        columns={"EmployeeNumber": "Staff No"},
        date_format=None,
        standard_hours=None,
        translations=mapping.translations,
    )
    events = db.session.execute(
        select(AuditEvent).where(AuditEvent.record_type == "Import column mapping").order_by(AuditEvent.id)
    ).scalars()
    assert [event.action for event in events] == ["created", "created", "updated"]
    assert mapping.translations == {"ReasonLeave": {"RES": "1"}}
