"""Staff extracts in a council HR system's own layout, read through a saved mapping and its code translations;
full extracts reconciled for the people they leave out."""

from datetime import date

from sqlalchemy import select

from tests.builders import create_team
from tests.people.test_imports import as_csv, staff_row
from workforce.kernel.contract import registry
from workforce.kernel.import_mappings.services import add_translations, create_mapping
from workforce.kernel.measures import MeasureScope
from workforce.people import imports
from workforce.people.constants import LeaverDestination, ReasonForLeaving
from workforce.people.measures import headcount_by_role, headcount_in_post, leavers_fte_between
from workforce.people.models import Assignment, StaffMember

#: A fictional HR system ("Northgate People"): its own headers, dd/mm/yyyy dates, local codes, hours not FTE.
HR_HEADERS = [
    "Staff No",
    "Forename",
    "Surname",
    "Date of Birth",
    "Gender",
    "Ethnic Origin",
    "Grade",
    "Org Unit",
    "Assignment Start",
    "Joined From",
    "Leaving Date",
    "Leaving Reason",
    "Destination",
    "Weekly Hours",
    "Contract",
]
HR_COLUMNS = {
    "EmployeeNumber": "Staff No",
    "FirstName": "Forename",
    "LastName": "Surname",
    "PersonBirthDate": "Date of Birth",
    "Sex": "Gender",
    "Ethnicity": "Ethnic Origin",
    "OrgRole": "Grade",
    "Team": "Org Unit",
    "RoleStartDate": "Assignment Start",
    "StartOrigin": "Joined From",
    "RoleEndDate": "Leaving Date",
    "ReasonLeave": "Leaving Reason",
    "LeaverDestination": "Destination",
    "ContractedHours": "Weekly Hours",
    "EmploymentType": "Contract",
}
TRANSLATIONS = {
    "Sex": {"Female": "F", "Male": "M"},
    "Ethnicity": {"WB": "WBRI", "AS-IND": "AIND", "BL-AFR": "BAFR"},
    "OrgRole": {"SW-L3": "5", "ASW": "4", "TM": "3"},
    "StartOrigin": {"OTHERLA": "2", "NQSW": "1"},
    "ReasonLeave": {"RESIGN": "1", "RETIRE": "5"},
    "LeaverDestination": {"LA-ENG": "1", "UNKNOWN": "8"},
    "EmploymentType": {"PERM": "permanent", "TEMP": "fixed-term"},
}

# The same five people, each in both layouts: (own layout overrides, HR layout row).
PEOPLE = [
    (
        {"OrgRole": "5", "FTE": "1", "Sex": "F", "Ethnicity": "WBRI", "StartOrigin": "2"},
        {"Grade": "SW-L3", "Weekly Hours": "37", "Gender": "Female", "Ethnic Origin": "WB", "Joined From": "OTHERLA"},
    ),
    (
        {"OrgRole": "5", "FTE": "0.5", "Sex": "M", "Ethnicity": "AIND", "StartOrigin": "1"},
        {"Grade": "SW-L3", "Weekly Hours": "18.5", "Gender": "Male", "Ethnic Origin": "AS-IND", "Joined From": "NQSW"},
    ),
    (
        {"OrgRole": "4", "FTE": "0.8", "Sex": "F", "Ethnicity": "BAFR", "EmploymentType": "fixed-term"},
        {"Grade": "ASW", "Weekly Hours": "29.6", "Gender": "Female", "Ethnic Origin": "BL-AFR", "Contract": "TEMP"},
    ),
    (
        {"OrgRole": "3", "FTE": "1", "Sex": "M", "Ethnicity": "WBRI"},
        {"Grade": "TM", "Weekly Hours": "37", "Gender": "Male", "Ethnic Origin": "WB"},
    ),
    (
        {
            "OrgRole": "5",
            "FTE": "1",
            "Sex": "F",
            "Ethnicity": "WBRI",
            "RoleEndDate": "2025-06-30",
            "ReasonLeave": "1",
            "LeaverDestination": "1",
        },
        {
            "Grade": "SW-L3",
            "Weekly Hours": "37",
            "Gender": "Female",
            "Ethnic Origin": "WB",
            "Leaving Date": "30/06/2025",
            "Leaving Reason": "RESIGN",
            "Destination": "LA-ENG",
        },
    ),
]


def own_layout_rows(team: str) -> list[dict]:
    rows = []
    for number, (own, _hr) in enumerate(PEOPLE, start=1):
        blank = {"StartOrigin": "", "ContractedHours": "", "StandardHours": "", "SWENo": "", "QualLevel": ""}
        row = staff_row(number, team, RoleStartDate="2024-03-04", JobTitle="", **{**blank, **own})
        rows.append(row)
    return rows


def hr_rows(team: str, people=PEOPLE) -> list[dict]:
    rows = []
    for number, (_own, hr) in enumerate(people, start=1):
        row = dict.fromkeys(HR_HEADERS, "")
        row.update(
            {
                "Staff No": f"E{number:05d}",
                "Forename": "Alex",
                "Surname": f"Person{number}",
                "Date of Birth": "01/04/1985",
                "Org Unit": team,
                "Assignment Start": "04/03/2024",
                "Contract": "PERM",
            }
        )
        row.update(hr)
        rows.append(row)
    return rows


def hr_mapping(**overrides):
    values = {
        "source": "Northgate People",
        "columns": HR_COLUMNS,
        "date_format": "%d/%m/%Y",
        "standard_hours": 37.0,
        "translations": TRANSLATIONS,
    }
    return create_mapping("staff", "Northgate monthly", **{**values, **overrides})


def census_measures() -> dict:
    end = date(2025, 9, 30)
    start = date(2024, 10, 1)
    figures = {
        measure.id: (value.value, value.numerator, value.denominator)
        for measure in registry().measures
        for value in [measure.compute(start, end, MeasureScope.council())]
    }
    figures["headcount_by_role"] = headcount_by_role(end, MeasureScope.council())
    return figures


def test_an_extract_in_a_new_layout_gives_the_same_census_measures_as_wpqs_own_layout(db):
    create_team("Assessment Team 1")
    savepoint = db.session.begin_nested()
    report, rows = imports.check_staff(as_csv(own_layout_rows("Assessment Team 1")), "own.csv")
    assert report.ok, report.problems
    imports.apply_staff(rows)
    db.session.flush()
    own = census_measures()
    own_fte = sorted(round(a.fte, 6) for a in db.session.execute(select(Assignment)).scalars())
    savepoint.rollback()
    assert db.session.execute(select(StaffMember)).first() is None

    mapping = hr_mapping()
    report, rows = imports.check_staff(as_csv(hr_rows("Assessment Team 1"), HR_HEADERS), "northgate.csv", mapping)
    assert report.ok, report.problems
    imports.apply_staff(rows)
    db.session.flush()
    assert sorted(round(a.fte, 6) for a in db.session.execute(select(Assignment)).scalars()) == own_fte
    assert census_measures() == own
    assert own["headcount_by_role"] == {3: 1, 4: 1, 5: 2}
    assert (own["inpost_fte"][0], own["leavers_fte"][0]) == (3.3, 1.0)
    leaver = db.session.execute(select(Assignment).where(Assignment.is_leaving.is_(True))).scalar_one()
    assert (leaver.end_date, leaver.reason_for_leaving) == (date(2025, 6, 30), ReasonForLeaving.RESIGNATION)


def test_importing_the_same_mapped_extract_again_changes_nothing(db):
    create_team("Assessment Team 1")
    mapping = hr_mapping()
    data = as_csv(hr_rows("Assessment Team 1"), HR_HEADERS)
    imports.apply_staff(imports.check_staff(data, "northgate.csv", mapping)[1])
    report, rows = imports.check_staff(data, "northgate.csv", mapping)
    outcome = imports.apply_staff(rows)
    assert report.ok and not outcome.changed_anything and outcome.unchanged == len(PEOPLE)


def test_each_unmapped_code_is_listed_once_with_its_rows_and_nothing_is_applied(db):
    create_team("Assessment Team 1")
    mapping = hr_mapping()
    rows = hr_rows("Assessment Team 1")
    rows[0]["Grade"] = "SW-L4"
    rows[2]["Grade"] = "SW-L4"
    rows[3]["Grade"] = "SW-L4"
    rows[1]["Leaving Reason"], rows[1]["Destination"], rows[1]["Leaving Date"] = "CAREER", "LA-ENG", "01/05/2025"
    rows[4]["Contract"] = "Perm"  # translations match codes whatever their case
    report, loaded = imports.check_staff(as_csv(rows, HR_HEADERS), "northgate.csv", mapping)
    assert not report.ok
    assert [(code.column, code.code, code.rows) for code in report.unmapped] == [
        ("OrgRole", "SW-L4", (2, 4, 5)),
        ("ReasonLeave", "CAREER", (3,)),
    ]
    # One problem per code, in the extract's words; the cells are not reported again as bad census codes.
    assert [(p.row, p.column, p.value) for p in report.sorted_problems()] == [
        (2, "Grade", "SW-L4"),
        (3, "Leaving Reason", "CAREER"),
    ]
    assert "rows 2, 4, 5" in report.sorted_problems()[0].message
    assert db.session.execute(select(StaffMember)).first() is None

    add_translations(mapping, "OrgRole", {"SW-L4": "5"})
    add_translations(mapping, "ReasonLeave", {"CAREER": "8"})
    report, loaded = imports.check_staff(as_csv(rows, HR_HEADERS), "northgate.csv", mapping)
    assert report.ok, report.problems
    assert imports.apply_staff(loaded).created == len(PEOPLE)


def test_a_field_without_translations_accepts_census_codes_only_and_other_problems_name_the_extracts_column(db):
    create_team("Assessment Team 1")
    translations = {key: value for key, value in TRANSLATIONS.items() if key != "Ethnicity"}
    mapping = hr_mapping(translations=translations)
    rows = hr_rows("Assessment Team 1")
    rows[0]["Ethnic Origin"] = "WBRI"
    rows[1]["Ethnic Origin"] = "WB"
    rows[2]["Assignment Start"] = "31/02/2024"
    rows[3]["Org Unit"] = "Nowhere Team"
    report, _ = imports.check_staff(as_csv(rows, HR_HEADERS), "northgate.csv", mapping)
    problems = {(p.row, p.column, p.value) for p in report.problems}
    assert (2, "Ethnic Origin", "WBRI") not in problems
    assert (3, "Ethnic Origin", "WB") in problems
    assert (4, "Assignment Start", "31/02/2024") in problems
    assert (5, "Org Unit", "Nowhere Team") in problems


def test_a_mapped_column_missing_from_the_extract_is_reported_by_its_name(db):
    mapping = hr_mapping()
    headers = [header for header in HR_HEADERS if header != "Grade"]
    rows = [{k: v for k, v in row.items() if k != "Grade"} for row in hr_rows("Assessment Team 1")]
    report, loaded = imports.check_staff(as_csv(rows, headers), "northgate.csv", mapping)
    assert loaded == []
    assert [(p.row, p.column) for p in report.problems] == [(1, "Grade")]


# Full extracts


def _in_post(on: date) -> int:
    return headcount_in_post(on, MeasureScope.council())


def test_a_person_missing_from_a_full_extract_is_listed_and_once_confirmed_counts_as_a_leaver(db):
    create_team("Assessment Team 1")
    mapping = hr_mapping()
    imports.apply_staff(imports.check_staff(as_csv(hr_rows("Assessment Team 1"), HR_HEADERS), "m1.csv", mapping)[1])
    db.session.flush()
    assert _in_post(date(2025, 10, 1)) == 4

    # Next month's full extract leaves out E00002 (the HR system dropped a leaver) and E00003.
    later = [row for row in hr_rows("Assessment Team 1") if row["Staff No"] not in ("E00002", "E00003")]
    report, rows = imports.check_staff(as_csv(later, HR_HEADERS), "m2.csv", mapping)
    assert report.ok
    missing = imports.missing_from_extract(rows, on=date(2025, 10, 1), kept=mapping.kept)
    assert [person.employee_number for person in missing] == ["E00002", "E00003"]
    assert missing[0].teams == ("Assessment Team 1",)

    # Undecided, nothing is applied.
    imports.check_reconciliation(missing, None, report)
    assert not report.ok
    assert {p.value for p in report.problems} == {"E00002", "E00003"}

    decisions = imports.Reconciliation(
        leavers={"E00002": imports.Leaving(date(2025, 8, 15), ReasonForLeaving.RETIRED, LeaverDestination.NOT_KNOWN)},
        kept={"E00003"},
    )
    report, rows = imports.check_staff(as_csv(later, HR_HEADERS), "m2.csv", mapping)
    imports.check_reconciliation(missing, decisions, report)
    assert report.ok
    outcome = imports.apply_staff(rows)
    imports.apply_reconciliation(missing, decisions, outcome, on=date(2025, 10, 1))
    db.session.flush()
    assert (outcome.confirmed_leavers, outcome.kept_in_post) == (1, 1)

    left = db.session.execute(
        select(Assignment).join(StaffMember).where(StaffMember.employee_number == "E00002")
    ).scalar_one()
    assert (left.end_date, left.is_leaving, left.reason_for_leaving) == (
        date(2025, 8, 15),
        True,
        ReasonForLeaving.RETIRED,
    )
    council = MeasureScope.council()
    assert leavers_fte_between(date(2025, 8, 15), date(2025, 8, 15), council) == 0.5
    assert leavers_fte_between(date(2025, 8, 16), date(2025, 9, 30), council) == 0
    assert _in_post(date(2025, 8, 14)) == 4
    assert _in_post(date(2025, 10, 1)) == 3  # the kept person E00003 stays in post
    kept = db.session.execute(
        select(Assignment).join(StaffMember).where(StaffMember.employee_number == "E00003")
    ).scalar_one()
    assert kept.end_date is None and not kept.is_leaving


def test_a_leaving_date_before_the_current_role_started_is_refused(db):
    create_team("Assessment Team 1")
    imports.apply_staff(
        imports.check_staff(as_csv(hr_rows("Assessment Team 1"), HR_HEADERS), "m1.csv", hr_mapping())[1]
    )
    missing = imports.missing_from_extract([], on=date(2025, 10, 1))
    person = next(p for p in missing if p.employee_number == "E00001")
    report = imports.ImportReport()
    decisions = imports.Reconciliation(
        leavers={"E00001": imports.Leaving(date(2024, 1, 1), ReasonForLeaving.RESIGNATION, LeaverDestination.OTHER)},
        kept={p.employee_number for p in missing} - {"E00001"} | {"E09999"},
    )
    imports.check_reconciliation([person, *[p for p in missing if p is not person]], decisions, report)
    messages = [p.message for p in report.problems]
    assert any("on or after 04/03/2024" in message for message in messages)
    assert any("not among those missing" in message for message in messages)


def test_someone_already_recorded_as_leaving_later_is_not_asked_about(db):
    create_team("Assessment Team 1")
    rows = hr_rows("Assessment Team 1")
    rows[0].update({"Leaving Date": "31/10/2025", "Leaving Reason": "RESIGN", "Destination": "LA-ENG"})
    imports.apply_staff(imports.check_staff(as_csv(rows, HR_HEADERS), "m1.csv", hr_mapping())[1])
    missing = imports.missing_from_extract([], on=date(2025, 10, 1))
    assert [person.employee_number for person in missing] == ["E00002", "E00003", "E00004"]
