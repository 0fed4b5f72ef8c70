"""Staff pages: scoping by role, protected characteristics, and the forms' good and bad paths."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.builders import create_team, create_team_manager, create_user
from tests.conftest import error_summary, normalise_space
from tests.people.builders import create_absence, create_assignment, create_post, create_staff_member
from workforce.extensions import db
from workforce.kernel.roles import Role
from workforce.people.constants import Ethnicity, RegistrationStatus, Sex
from workforce.people.models import StaffMember


@pytest.fixture
def teams(db):
    own, other = create_team("Own team"), create_team("Other team")
    mine = create_assignment(
        create_staff_member(
            first_name="Mina", sex=Sex.FEMALE, ethnicity=Ethnicity.INDIAN, date_of_birth=date(1990, 5, 4)
        ),
        create_post(own),
    ).staff_member
    theirs = create_assignment(create_staff_member(first_name="Theo"), create_post(other)).staff_member
    return own, other, mine, theirs


def names_on(page):
    return {row.select_one("a").get_text(strip=True) for row in page.select("tbody tr") if row.select_one("a")}


def test_a_team_manager_sees_only_their_own_teams_staff(client_request, teams):
    own, _, mine, theirs = teams
    client_request.login(create_team_manager(own))
    page = client_request.get("people.list_staff")
    assert names_on(page) == {mine.name}
    client_request.get("people.show_staff", staff_id=theirs.id, _expected_status=404)


def test_hr_sees_everyone(client_request, teams):
    _, _, mine, theirs = teams
    client_request.login(create_user(Role.HR))
    assert {mine.name, theirs.name} <= names_on(client_request.get("people.list_staff"))


def test_protected_characteristics_are_hidden_from_team_managers(client_request, teams):
    own, _, mine, _ = teams
    client_request.login(create_team_manager(own))
    text = client_request.get("people.show_staff", staff_id=mine.id).get_text()
    assert "Indian" not in text and "Date of birth" not in text and "Female" not in text


@pytest.mark.parametrize("role", [Role.HR, Role.ADMINISTRATOR])
def test_protected_characteristics_are_shown_to_hr_and_administrators(client_request, teams, role):
    _, _, mine, _ = teams
    client_request.login(create_user(role))
    text = normalise_space(client_request.get("people.show_staff", staff_id=mine.id).get_text())
    assert "Indian" in text and "4 May 1990" in text and "Female" in text


def test_a_committee_viewer_cannot_open_staff_pages(client_request, teams):
    client_request.login(create_user(Role.COMMITTEE_VIEWER))
    client_request.get("people.list_staff", _expected_status=403)


def test_a_social_worker_sees_only_their_own_record(client_request, teams):
    _, _, mine, theirs = teams
    user = create_user(Role.SOCIAL_WORKER)
    mine.user = user
    db.session.commit()
    client_request.login(user)
    assert names_on(client_request.get("people.list_staff")) == {mine.name}
    client_request.get("people.show_staff", staff_id=theirs.id, _expected_status=404)


def test_the_list_filters_by_team_and_searches(client_request, teams):
    own, other, mine, theirs = teams
    client_request.login(create_user(Role.HR))
    assert names_on(client_request.get("people.list_staff", _query={"team": other.id})) == {theirs.name}
    assert names_on(client_request.get("people.list_staff", _query={"search": "mina"})) == {mine.name}


def test_the_list_is_paginated(client_request, db):
    team = create_team()
    for _ in range(55):
        create_assignment(post=create_post(team))
    client_request.login(create_user(Role.HR))
    page = client_request.get("people.list_staff", _query={"team": team.id})
    assert len(page.select("tbody tr")) == 50
    assert page.select_one(".govuk-pagination__next")
    assert len(client_request.get("people.list_staff", _query={"team": team.id, "page": 2}).select("tbody tr")) == 5


def test_team_managers_cannot_change_records(client_request, teams):
    own, _, mine, _ = teams
    client_request.login(create_team_manager(own))
    client_request.get("people.edit_staff", staff_id=mine.id, _expected_status=403)
    client_request.get("people.create_staff", _expected_status=403)


def date_parts(value: date) -> list[str]:
    return [str(value.day), str(value.month), str(value.year)]


def test_hr_adds_a_member_of_staff_with_their_first_post(client_request, db):
    post = create_post(create_team())
    client_request.login(create_user(Role.HR))
    client_request.post(
        "people.create_staff",
        {
            "employee_number": "E777",
            "first_name": "Nia",
            "last_name": "Jones",
            "swe_number": "sw0042",
            "employment_type": "permanent",
            "contracted_hours": "18.5",
            "standard_hours": "37",
            "post": str(post.id),
            "start_date": date_parts(date(2025, 9, 1)),
            "start_origin": "1",
        },
    )
    person = db.session.execute(select(StaffMember).where(StaffMember.employee_number == "E777")).scalar_one()
    assert person.swe_number == "SW42"
    [assignment] = person.assignments
    assert assignment.fte == 0.5 and assignment.post == post


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"employee_number": ""}, ["Enter the employee number"]),
        ({"swe_number": "123"}, ["Enter a Social Work England number: SW followed by digits, like SW123456"]),
        ({"contracted_hours": ""}, ["Enter the contracted hours"]),
        ({"start_date": ["", "", ""]}, ["Enter the start date"]),
    ],
)
def test_bad_staff_details_are_explained_and_nothing_is_saved(client_request, db, data, errors):
    post = create_post(create_team())
    client_request.login(create_user(Role.HR))
    good = {
        "employee_number": "E778",
        "first_name": "Nia",
        "last_name": "Jones",
        "swe_number": "SW43",
        "employment_type": "permanent",
        "contracted_hours": "37",
        "standard_hours": "37",
        "post": str(post.id),
        "start_date": date_parts(date(2025, 9, 1)),
        "start_origin": "1",
    }
    page = client_request.post("people.create_staff", {**good, **data}, _expected_status=200)
    assert error_summary(page) == errors
    assert page.select_one("#first_name")["value"] == "Nia"
    assert db.session.execute(select(StaffMember).where(StaffMember.first_name == "Nia")).first() is None


def test_hr_records_a_leaver_with_census_codes(client_request, teams):
    _, _, mine, _ = teams
    client_request.login(create_user(Role.HR))
    client_request.post(
        "people.record_leaver",
        {"last_day": date_parts(date(2025, 9, 30)), "reason_for_leaving": "1", "leaver_destination": "3"},
        staff_id=mine.id,
    )
    [assignment] = mine.assignments
    assert assignment.is_leaving and assignment.end_date == date(2025, 9, 30)


def test_the_leaver_form_asks_for_the_reason_and_destination(client_request, teams):
    _, _, mine, _ = teams
    client_request.login(create_user(Role.HR))
    page = client_request.post(
        "people.record_leaver", {"last_day": date_parts(date(2025, 9, 30))}, staff_id=mine.id, _expected_status=200
    )
    assert error_summary(page) == ["Select the reason for leaving", "Select where they are going"]


def test_hr_records_an_absence_and_the_timeline_shows_it(client_request, teams):
    _, _, mine, _ = teams
    client_request.login(create_user(Role.HR))
    client_request.post(
        "people.record_absence",
        {"reason": "SIC", "start_date": date_parts(date(2025, 3, 3)), "end_date": ["7", "3", "2025"]},
        staff_id=mine.id,
    )
    page = client_request.get("people.show_staff", staff_id=mine.id)
    assert "Sick leave" in page.select_one(".wpq-timeline").get_text()


def test_hr_records_a_registration_check(client_request, teams):
    _, _, mine, _ = teams
    client_request.login(create_user(Role.HR))
    client_request.post(
        "people.check_registration",
        {
            "status": "registered",
            "registered_until": date_parts(date(2026, 11, 30)),
            "checked_on": date_parts(date(2025, 10, 1)),
        },
        staff_id=mine.id,
    )
    assert mine.registration_status is RegistrationStatus.REGISTERED


def test_the_establishment_shows_only_the_team_managers_teams(client_request, teams):
    own, other, _, _ = teams
    client_request.login(create_team_manager(own))
    page = client_request.get("people.establishment")
    assert names_on(page) == {"Own team"}
    client_request.get("people.team_establishment", team_id=other.id, _expected_status=404)


def test_an_agency_covered_post_is_shown_vacant_and_covered(client_request, db):
    from workforce.people.constants import EmploymentType

    team = create_team()
    create_assignment(create_staff_member(employment_type=EmploymentType.AGENCY), create_post(team))
    client_request.login(create_user(Role.HR))
    page = client_request.get("people.team_establishment", team_id=team.id)
    assert "Vacant, covered by agency" in page.select_one("tbody").get_text()


def test_who_is_absent_on_a_date(client_request, teams):
    own, _, mine, theirs = teams
    create_absence(mine, start_date=date(2025, 3, 3), end_date=date(2025, 3, 7))
    create_absence(theirs, start_date=date(2025, 3, 3), end_date=date(2025, 3, 7))
    client_request.login(create_team_manager(own))
    page = client_request.get("people.absent_on", _query={"on": "2025-03-05"})
    assert names_on(page) == {mine.name}


def test_the_registration_view_warns_of_lapsed_and_unchecked_registrations(client_request, db):
    team = create_team()
    create_assignment(
        create_staff_member(registration_status=RegistrationStatus.LAPSED, registration_checked_on=date(2025, 1, 1)),
        create_post(team),
    )
    create_assignment(create_staff_member(registration_status=None), create_post(team))
    client_request.login(create_user(Role.HR))
    text = normalise_space(client_request.get("people.registration_renewals").get_text())
    assert "1 registrations have lapsed" in text
    assert "1 registrations have never been checked" in text


def test_the_home_page_shows_a_team_manager_their_teams_workforce(client_request, teams):
    own, _, _, _ = teams
    client_request.login(create_team_manager(own))
    panel = client_request.get("pages.home").select_one("#workforce-today-heading").find_parent("section")
    cells = [cell.get_text(strip=True) for cell in panel.select("tbody tr td, tbody tr th")]
    assert cells[:2] == ["Own team", "1"]
    assert "Other team" not in panel.get_text()


def test_the_home_page_shows_hr_the_whole_council(client_request, teams):
    client_request.login(create_user(Role.HR))
    panel = client_request.get("pages.home").select_one("#workforce-today-heading").find_parent("section")
    assert "Whole council" in panel.get_text()


def test_hr_adds_and_changes_a_post(client_request, db):
    from workforce.people.models import Post

    team = create_team()
    client_request.login(create_user(Role.HR))
    values = {
        "post_number": "CSC-900",
        "team": str(team.id),
        "census_role": "5",
        "job_title": "Social worker",
        "budgeted_fte": "1",
        "case_holding": "y",
        "funded_from": date_parts(date(2025, 4, 1)),
    }
    client_request.post("people.create_post", values, _expected_status=200, _follow_redirects=True)
    post = db.session.execute(select(Post).where(Post.post_number == "CSC-900")).scalar_one()
    client_request.post(
        "people.edit_post",
        {**values, "budgeted_fte": "0.5", "version": post.version},
        post_id=post.id,
        _expected_status=200,
        _follow_redirects=True,
    )
    assert post.budgeted_fte == 0.5
    page = client_request.post(
        "people.edit_post",
        {**values, "budgeted_fte": "2", "version": post.version},
        post_id=post.id,
        _expected_status=200,
    )
    assert error_summary(page) == ["Budgeted FTE must be from 0 to 1"]


def test_team_managers_cannot_add_posts(client_request, db):
    client_request.login(create_team_manager())
    client_request.get("people.create_post", _expected_status=403)


def test_hr_moves_a_person_to_another_post(client_request, teams):
    _, other, mine, _ = teams
    post = create_post(other)
    client_request.login(create_user(Role.HR))
    client_request.post(
        "people.move_staff", {"post": str(post.id), "start_date": date_parts(date(2025, 6, 2))}, staff_id=mine.id
    )
    assert [assignment.team for assignment in mine.assignments if assignment.end_date is None] == [other]


def test_hr_records_a_work_email_and_one_already_held_by_someone_else_is_refused(client_request, db):
    holder = create_staff_member(email="taken@council.example")
    person = create_staff_member(first_name="Nia", last_name="Jones")
    client_request.login(create_user(Role.HR))
    form = {
        "version": str(person.version),
        "employee_number": person.employee_number,
        "first_name": "Nia",
        "last_name": "Jones",
        "employment_type": "permanent",
        "contracted_hours": "37",
        "standard_hours": "37",
    }
    page = client_request.post(
        "people.edit_staff", {**form, "email": "Taken@council.example"}, _expected_status=200, staff_id=person.id
    )
    assert error_summary(page) == [f"taken@council.example is already on the record of {holder}"]
    db.session.refresh(person)
    assert person.email is None
    client_request.post("people.edit_staff", {**form, "email": "Nia.Jones@council.example"}, staff_id=person.id)
    db.session.refresh(person)
    assert person.email == "nia.jones@council.example"


def test_hr_corrects_an_absence_and_the_audit_trail_keeps_what_it_said(client_request, teams):
    from workforce.kernel.models import AuditEvent
    from workforce.people import services
    from workforce.people.constants import AbsenceReason

    _, _, mine, _ = teams
    absence = services.record_absence(
        mine, reason=AbsenceReason.SICKNESS, start_date=date(2025, 3, 3), end_date=date(2025, 3, 7)
    )
    other = services.record_absence(mine, reason=AbsenceReason.SICKNESS, start_date=date(2025, 4, 1), end_date=None)
    db.session.commit()
    client_request.login(create_user(Role.HR))
    page = client_request.get("people.show_staff", staff_id=mine.id)
    assert page.find("a", href=f"/staff/absences/{absence.id}/edit")
    page = client_request.post(
        "people.correct_absence",
        {"reason": "SIC", "start_date": date_parts(date(2025, 3, 3)), "end_date": ["2", "4", "2025"]},
        _expected_status=200,
        absence_id=absence.id,
    )
    assert error_summary(page) == [f"This overlaps an absence already recorded: {other}"]
    client_request.post(
        "people.correct_absence",
        {"reason": "SIC", "start_date": date_parts(date(2025, 3, 4)), "end_date": ["6", "3", "2025"]},
        absence_id=absence.id,
    )
    db.session.refresh(absence)
    assert (absence.start_date, absence.end_date) == (date(2025, 3, 4), date(2025, 3, 6))
    event = db.session.query(AuditEvent).filter_by(record_id=str(absence.id), note="Corrected").one()
    assert event.changes["start_date"]["before"] == "2025-03-03"


def test_a_team_manager_cannot_correct_an_absence(client_request, teams):
    from workforce.people import services
    from workforce.people.constants import AbsenceReason

    _, _, mine, _ = teams
    absence = services.record_absence(mine, reason=AbsenceReason.SICKNESS, start_date=date(2025, 3, 3), end_date=None)
    db.session.commit()
    client_request.login(create_user(Role.TEAM_MANAGER))
    client_request.get("people.correct_absence", _expected_status=403, absence_id=absence.id)
