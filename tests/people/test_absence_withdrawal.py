"""Withdrawing an absence recorded in error: a reason, a confirmation, the audit trail, and nothing counts it."""

from datetime import date

import pytest

from tests.builders import create_team, create_team_manager, create_user
from tests.census.builders import create_census_worker
from tests.conftest import error_summary
from tests.people.builders import create_absence, create_assignment, create_post, create_staff_member
from workforce.census.returns import IN_POST, build_return
from workforce.extensions import db
from workforce.kernel.audit_trail import Action
from workforce.kernel.contract import registry
from workforce.kernel.measures import MeasureScope
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role
from workforce.people import dao, services
from workforce.people.constants import AbsenceReason

REASON = "Recorded against the wrong person"


@pytest.fixture
def person(db):
    return create_assignment(create_staff_member(), create_post(create_team("Own team"))).staff_member


@pytest.fixture
def absence(person):
    absence = create_absence(person, start_date=date(2025, 3, 3), end_date=date(2025, 3, 7))
    db.session.commit()
    return absence


def test_hr_withdraws_an_absence_after_a_confirmation_and_the_audit_trail_keeps_the_reason(client_request, absence):
    client_request.login(create_user(Role.HR))
    page = client_request.get("people.show_staff", staff_id=absence.staff_id)
    assert page.find("a", href=f"/staff/absences/{absence.id}/withdraw")

    page = client_request.post(
        "people.withdraw_absence", {"reason": f"  {REASON} "}, absence_id=absence.id, _expected_status=200
    )
    assert "Withdraw this absence" in page.h1.get_text()
    assert page.find("input", attrs={"name": "reason"})["value"] == f"  {REASON} "
    db.session.refresh(absence)
    assert absence.withdrawn_at is None

    client_request.post("people.withdraw_absence", {"reason": REASON, "confirmed": "yes"}, absence_id=absence.id)
    db.session.refresh(absence)
    assert absence.withdrawn_at is not None
    assert absence.withdrawn_reason == REASON
    event = db.session.query(AuditEvent).filter_by(record_type="Absence", record_id=str(absence.id)).one()
    assert (event.action, event.note) == (Action.ARCHIVED, "Withdrawn")
    assert event.changes["withdrawn_reason"]["after"] == REASON

    page = client_request.get("people.show_staff", staff_id=absence.staff_id)
    absences = page.find("h2", string="Absences").find_next("table").get_text()
    assert "Withdrawn" in absences and REASON in absences
    assert not page.find("a", href=f"/staff/absences/{absence.id}/withdraw")
    assert not page.find("a", href=f"/staff/absences/{absence.id}/edit")


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Enter why this is being withdrawn"),
        ("x" * 501, "The reason must be 500 characters or fewer"),
    ],
)
def test_withdrawing_needs_a_reason_of_a_sensible_length(client_request, absence, reason, message):
    client_request.login(create_user(Role.HR))
    page = client_request.post(
        "people.withdraw_absence", {"reason": reason, "confirmed": "yes"}, absence_id=absence.id, _expected_status=200
    )
    assert error_summary(page) == [message]
    db.session.refresh(absence)
    assert absence.withdrawn_at is None


def test_a_withdrawn_absence_cannot_be_withdrawn_again_or_corrected(client_request, absence):
    services.withdraw_absence(absence, REASON)
    db.session.commit()
    client_request.login(create_user(Role.HR))
    client_request.get("people.withdraw_absence", absence_id=absence.id, _expected_status=404)
    with pytest.raises(services.StaffError, match="already withdrawn"):
        services.withdraw_absence(absence, REASON)
    with pytest.raises(services.StaffError, match="withdrawn and cannot be changed"):
        services.correct_absence(
            absence, reason=AbsenceReason.SICKNESS, start_date=date(2025, 3, 3), end_date=date(2025, 3, 4)
        )


@pytest.mark.parametrize("own_team", [True, False])
def test_a_team_manager_cannot_withdraw_an_absence_in_any_team(client_request, absence, own_team):
    team = absence.staff_member.assignments[0].team if own_team else create_team("Other team")
    client_request.login(create_team_manager(team))
    client_request.post(
        "people.withdraw_absence", {"reason": REASON, "confirmed": "yes"}, absence_id=absence.id, _expected_status=403
    )
    db.session.refresh(absence)
    assert absence.withdrawn_at is None


def test_a_withdrawn_absence_no_longer_counts_in_the_sickness_measures_or_who_is_absent(person, absence):
    team_id = person.assignments[0].team_id
    scope = MeasureScope.team(team_id)

    def days_lost():
        return registry().measures.compute("working_days_lost_fte", date(2024, 10, 1), date(2025, 9, 30), scope).value

    assert days_lost() == 5
    assert [staff for staff, _ in dao.list_absent_on(date(2025, 3, 5), create_user(Role.HR))] == [person]
    services.withdraw_absence(absence, REASON)
    assert days_lost() == 0
    assert dao.list_absent_on(date(2025, 3, 5), create_user(Role.HR)) == []


def test_a_withdrawn_absence_does_not_block_recording_the_right_one(person, absence):
    services.withdraw_absence(absence, REASON)
    services.record_absence(person, reason=AbsenceReason.TRAINING, start_date=date(2025, 3, 3), end_date=None)


def test_a_withdrawn_absence_no_longer_counts_in_the_census_return(db):
    assignment = create_census_worker()
    sickness = create_absence(assignment.staff_member, start_date=date(2025, 3, 3), end_date=date(2025, 3, 7))
    at_30_september = create_absence(
        assignment.staff_member, reason=AbsenceReason.MATERNITY_PATERNITY, start_date=date(2025, 7, 1), end_date=None
    )
    (record,) = build_return(2025).records_of(IN_POST)
    assert (record.get("WorkingDaysLost"), record.get("Absat30Sept")) == ("5.00", "1")

    services.withdraw_absence(sickness, REASON)
    services.withdraw_absence(at_30_september, REASON)

    (record,) = build_return(2025).records_of(IN_POST)
    assert record.get("WorkingDaysLost") == "0.00"
    assert record.get("Absat30Sept") != "1"
