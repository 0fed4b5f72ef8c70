"""Recording supervision, sign-off by both, locking and amendments."""

from datetime import date, datetime

import pytest

from supervision.constants import SessionStatus, SignOffMethod
from supervision.models import Supervision, SupervisionAction
from tests.conftest import date_shown, error_summary
from tests.supervision.builders import create_supervision, create_supervision_team, create_worker
from workforce.kernel.models import AuditEvent
from workforce.people.constants import RegistrationStatus

FORM = {
    "status": "held",
    "supervision_type": "individual",
    "session_date": "2026-11-20",
    "duration_minutes": "95",
    "agenda": "Caseload, wellbeing, CPD",
    "agenda_set_jointly": "y",
    "topics": ["workload", "reflection"],
    "reflective_notes": "Talked through a hard home visit.",
    "wellbeing_checked": "y",
    "case_1_reference": "cr-104233",
    "case_1_decision": "y",
    "action_1_description": "Book the chronology training",
    "action_1_owner": "supervisee",
    "action_1_due": "2026-12-18",
}


@pytest.fixture
def people(db, frozen_clock):
    frozen_clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=__import__("datetime").UTC))
    return create_supervision_team()


def test_a_team_manager_records_a_held_session_on_one_page(client_request, people, db):
    team, manager_user, manager, _, worker = people
    client_request.login(manager_user)
    page = client_request.get("supervision.record_supervision")
    assert date_shown(page, "session_date") == "2026-11-24"
    assert [option.get_text() for option in page.select("#supervisee option")] == [worker.name]
    client_request.post("supervision.record_supervision", {**FORM, "supervisee": worker.id})
    supervision = db.session.query(Supervision).one()
    assert (supervision.supervisee, supervision.supervisor, supervision.team_id) == (worker, manager, team.id)
    assert (supervision.status, supervision.held_on, supervision.duration_minutes) == (
        SessionStatus.HELD,
        date(2026, 11, 20),
        95,
    )
    assert [(case.case_reference, case.decision_recorded) for case in supervision.cases] == [("CR-104233", True)]
    assert [(action.description, action.owner, action.due_on) for action in supervision.actions] == [
        ("Book the chronology training", worker, date(2026, 12, 18))
    ]
    event = db.session.query(AuditEvent).filter_by(record_type="Supervision", action="created").one()
    assert event.changes["reflective_notes"]["after"] == "[changed]"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"session_date": ""}, "Enter the date of the session"),
        ({"session_date": "20/11/2026"}, "Date of the session must be a real date"),
        ({"supervision_type": ""}, "Select the type of supervision"),
        ({"duration_minutes": ""}, "Enter how long the session lasted, in minutes"),
        ({"case_1_reference": "Jane Smith"}, "Enter a case reference, not a name (for example CR-123456)"),
        ({"action_1_due": ""}, "Enter the date the action is due"),
        ({"action_1_owner": ""}, "Select who owns the action"),
        ({"session_date": "2026-11-25"}, "The date of a session that was held must be today or in the past"),
        ({"session_date": "2027-01-04"}, "The date of a session that was held must be today or in the past"),
    ],
)
def test_a_session_with_a_problem_is_not_saved_and_keeps_what_was_typed(client_request, people, db, changes, message):
    _, manager_user, _, _, worker = people
    client_request.login(manager_user)
    page = client_request.post(
        "supervision.record_supervision", {**FORM, "supervisee": worker.id, **changes}, _expected_status=200
    )
    assert message in error_summary(page)
    assert page.select_one("#agenda").get_text() == "Caseload, wellbeing, CPD"
    assert db.session.query(Supervision).count() == 0


def test_a_supervisor_who_is_not_a_registered_social_worker_cannot_record(client_request, people, db):
    _, manager_user, manager, _, worker = people
    manager.registration_status = RegistrationStatus.LAPSED
    db.session.commit()
    client_request.login(manager_user)
    page = client_request.post(
        "supervision.record_supervision", {**FORM, "supervisee": worker.id}, _expected_status=200
    )
    assert any("not recorded as a registered social worker" in item for item in error_summary(page))
    assert db.session.query(Supervision).count() == 0


def test_a_manager_without_a_staff_record_is_told_to_ask_hr(client_request, db):
    from tests.builders import create_team_manager

    client_request.login(create_team_manager())
    page = client_request.get("supervision.record_supervision", _expected_status=302)
    assert page.response.location.endswith("/supervision")


def test_the_supervisee_signs_in_their_own_account_and_both_signatures_lock_the_record(client_request, people, db):
    _, manager_user, manager, worker_user, worker = people
    supervision = create_supervision(worker, manager, held_on=date(2026, 11, 20))
    client_request.login(manager_user)
    client_request.post("supervision.sign_supervision", supervision_id=supervision.id)
    assert supervision.supervisor_signed_at is not None and not supervision.is_locked
    client_request.login(worker_user)
    page = client_request.get("supervision.show_supervision", supervision_id=supervision.id)
    assert page.find("button", string=lambda text: text and "Sign as supervisee" in text)
    client_request.post("supervision.sign_supervision", supervision_id=supervision.id)
    db.session.refresh(supervision)
    assert supervision.supervisee_sign_off_method is SignOffMethod.OWN_ACCOUNT
    assert supervision.supervisee_signed_by_id == worker_user.id
    assert supervision.is_locked
    page = client_request.get("supervision.show_supervision", supervision_id=supervision.id)
    assert "Locked" in page.select_one("main .govuk-tag").get_text()


def test_the_supervisor_can_record_that_the_supervisee_confirmed_in_person(client_request, people, db):
    _, manager_user, manager, _, worker = people
    supervision = create_supervision(worker, manager, held_on=date(2026, 11, 20))
    client_request.login(manager_user)
    client_request.post("supervision.confirm_in_person", supervision_id=supervision.id)
    client_request.post("supervision.sign_supervision", supervision_id=supervision.id)
    db.session.refresh(supervision)
    assert supervision.supervisee_sign_off_method is SignOffMethod.IN_PERSON
    assert supervision.is_locked


def test_someone_else_cannot_sign_a_record(client_request, people, db):
    from tests.builders import create_user
    from workforce.kernel.roles import Role

    _, _, manager, _, worker = people
    supervision = create_supervision(worker, manager, held_on=date(2026, 11, 20))
    client_request.login(create_user(Role.HR))
    client_request.post("supervision.sign_supervision", supervision_id=supervision.id, _expected_status=403)


def _locked(worker, manager):
    supervision = create_supervision(worker, manager, held_on=date(2026, 11, 20))
    supervision.supervisor_signed_at = supervision.supervisee_signed_at = datetime(2026, 11, 21, 9, 0)
    supervision.locked_at = datetime(2026, 11, 21, 9, 0)
    supervision.supervisee_sign_off_method = SignOffMethod.OWN_ACCOUNT
    return supervision


def test_a_signed_off_record_cannot_be_edited(client_request, people, db):
    _, manager_user, manager, _, worker = people
    supervision = _locked(worker, manager)
    db.session.commit()
    client_request.login(manager_user)
    client_request.get("supervision.edit_supervision", supervision_id=supervision.id, _expected_status=302)
    client_request.post("supervision.edit_supervision", {**FORM, "agenda": "Rewritten"}, supervision_id=supervision.id)
    db.session.refresh(supervision)
    assert supervision.agenda == "Caseload and wellbeing"
    assert db.session.query(Supervision).count() == 1


def test_an_amendment_creates_a_new_version_and_the_history_shows_both(client_request, people, db):
    _, manager_user, manager, _, worker = people
    original = _locked(worker, manager)
    db.session.commit()
    client_request.login(manager_user)
    page = client_request.get("supervision.amend_supervision", supervision_id=original.id)
    assert page.select_one("#agenda").get_text() == "Caseload and wellbeing"
    client_request.post(
        "supervision.amend_supervision",
        {
            **FORM,
            "supervisee": worker.id,
            "agenda": "Caseload, wellbeing and a missed case",
            "reason": "A case was left out",
            "version": original.edit_version,
        },
        supervision_id=original.id,
    )
    amended = db.session.query(Supervision).filter(Supervision.previous_version_id == original.id).one()
    db.session.refresh(original)
    assert (amended.version, amended.agenda, amended.is_locked) == (2, "Caseload, wellbeing and a missed case", False)
    assert original.superseded_at is not None and original.agenda == "Caseload and wellbeing"
    page = client_request.get("supervision.show_supervision", supervision_id=amended.id)
    history = [row.get_text(" ", strip=True) for row in page.select("table")[-1].select("tbody tr")]
    assert history[0].startswith("Version 2") and "A case was left out" in history[0]
    assert history[1].startswith("Version 1") and "Replaced" in history[1]
    page = client_request.get("supervision.show_supervision", supervision_id=original.id)
    assert "earlier version" in page.select_one(".govuk-warning-text").get_text()


def test_an_amendment_moves_the_actions_to_the_new_version_and_audits_each_move(client_request, people, db):
    _, manager_user, manager, _, worker = people
    original = _locked(worker, manager)
    action = SupervisionAction(
        supervision=original,
        supervisee_id=worker.id,
        owner=worker,
        description="Update the plan",
        due_on=date(2026, 12, 5),
    )
    db.session.add(action)
    db.session.commit()
    client_request.login(manager_user)
    client_request.post(
        "supervision.amend_supervision",
        {**FORM, "supervisee": worker.id, "reason": "A case was left out", "version": original.edit_version},
        supervision_id=original.id,
    )
    amended = db.session.query(Supervision).filter(Supervision.previous_version_id == original.id).one()
    db.session.refresh(action)
    assert action.supervision_id == amended.id
    moved = (
        db.session.query(AuditEvent)
        .filter(AuditEvent.record_type == "Supervision action", AuditEvent.record_id == str(action.id))
        .one()
    )
    assert moved.changes["supervision_id"] == {"before": original.id, "after": amended.id}


def test_an_amendment_needs_a_reason(client_request, people, db):
    _, manager_user, manager, _, worker = people
    original = _locked(worker, manager)
    db.session.commit()
    client_request.login(manager_user)
    page = client_request.post(
        "supervision.amend_supervision",
        {**FORM, "supervisee": worker.id, "reason": ""},
        supervision_id=original.id,
        _expected_status=200,
    )
    assert "Enter why the record is being amended" in error_summary(page)


def test_open_actions_carry_forward_and_are_ticked_off_in_the_next_session(client_request, people, db):
    _, manager_user, manager, _, worker = people
    earlier = create_supervision(worker, manager, held_on=date(2026, 10, 20))
    action = SupervisionAction(
        supervision=earlier,
        supervisee_id=worker.id,
        description="Update the plan",
        owner=worker,
        due_on=date(2026, 11, 1),
    )
    db.session.add(action)
    db.session.commit()
    client_request.login(manager_user)
    page = client_request.get("supervision.record_supervision", _query={"supervisee": worker.id})
    assert "Update the plan" in page.select_one("label[for=completed_actions]").get_text()
    client_request.post(
        "supervision.record_supervision", {**FORM, "supervisee": worker.id, "completed_actions": [action.id]}
    )
    db.session.refresh(action)
    assert action.completed_on == date(2026, 11, 20)


def test_a_planned_session_is_cancelled_with_a_reason(client_request, people, db):
    _, manager_user, manager, _, worker = people
    planned = create_supervision(worker, manager, held_on=None, planned_on=date(2026, 11, 30))
    client_request.login(manager_user)
    page = client_request.post(
        "supervision.cancel_supervision", {"reason": ""}, supervision_id=planned.id, _expected_status=200
    )
    assert "Enter why the session was cancelled" in error_summary(page)
    client_request.post("supervision.cancel_supervision", {"reason": "Court hearing"}, supervision_id=planned.id)
    db.session.refresh(planned)
    assert (planned.status, planned.cancellation_reason) == (SessionStatus.CANCELLED, "Court hearing")


def test_a_rescheduled_session_is_planned_again_for_the_new_date(client_request, people, db):
    _, manager_user, manager, _, worker = people
    planned = create_supervision(worker, manager, held_on=None, planned_on=date(2026, 11, 30))
    client_request.login(manager_user)
    client_request.post(
        "supervision.reschedule_supervision",
        {"new_date": "2026-12-03", "reason": "Sickness"},
        supervision_id=planned.id,
    )
    db.session.refresh(planned)
    assert planned.status is SessionStatus.RESCHEDULED
    again = db.session.query(Supervision).filter(Supervision.id != planned.id).one()
    assert (again.status, again.planned_on) == (SessionStatus.PLANNED, date(2026, 12, 3))


def test_a_manager_cannot_record_for_someone_outside_their_teams(client_request, people, db):
    _, manager_user, _, _, _ = people
    stranger = create_worker()
    client_request.login(manager_user)
    page = client_request.post(
        "supervision.record_supervision", {**FORM, "supervisee": stranger.id}, _expected_status=200
    )
    assert "Select one of the options" in " ".join(error_summary(page))


def test_fast_entry_lists_the_managers_supervisees_soonest_due_first(client_request, people, db):
    team, manager_user, manager, _, worker = people
    colleague = create_worker(team=team, first_name="Ada", last_name="Colleague")
    create_supervision(worker, manager, held_on=date(2026, 11, 2))
    create_supervision(colleague, manager, held_on=date(2026, 10, 5))
    client_request.login(manager_user)
    page = client_request.get("supervision.record_supervision")
    links = page.select("main details table a")
    assert [link.get_text() for link in links] == [colleague.name, worker.name]
    assert links[0]["href"].endswith(f"?supervisee={colleague.id}")


def test_the_home_page_shows_records_waiting_for_the_supervisees_signature(client_request, people):
    _, _, manager, worker_user, worker = people
    record = create_supervision(worker, manager, held_on=date(2026, 11, 20))
    client_request.login(worker_user)
    page = client_request.get("pages.home")
    section = page.select_one("#supervision-signature-heading").parent
    assert section.select_one("a")["href"] == f"/supervision/{record.id}"


def test_the_home_page_shows_a_manager_how_many_are_overdue(client_request, people):
    _, manager_user, manager, _, worker = people
    create_supervision(worker, manager, held_on=date(2026, 9, 1))
    client_request.login(manager_user)
    page = client_request.get("pages.home")
    section = page.select_one("#supervision-due-heading").parent
    assert "2 overdue" in section.get_text()


def test_a_session_planned_for_a_future_date_is_accepted(client_request, people, db):
    _, manager_user, _, _, worker = people
    client_request.login(manager_user)
    data = {**FORM, "supervisee": worker.id, "status": "planned", "session_date": "2026-12-01"}
    data.pop("duration_minutes")
    client_request.post("supervision.record_supervision", data)
    assert db.session.query(Supervision).one().planned_on == date(2026, 12, 1)


def test_editing_a_record_the_supervisor_signed_says_the_signature_will_be_removed(client_request, people, db):
    _, manager_user, manager, _, worker = people
    client_request.login(manager_user)
    client_request.post("supervision.record_supervision", {**FORM, "supervisee": worker.id, "sign_as_supervisor": "y"})
    supervision = db.session.query(Supervision).one()
    assert supervision.supervisor_signed_at is not None
    page = client_request.get("supervision.edit_supervision", supervision_id=supervision.id)
    warning = page.select_one(".govuk-warning-text").get_text(" ", strip=True)
    assert "Saving changes removes that signature" in warning
    page = client_request.post(
        "supervision.edit_supervision",
        {**FORM, "supervisee": worker.id, "agenda": "Rewritten", "version": str(supervision.edit_version)},
        supervision_id=supervision.id,
        _follow_redirects=True,
        _expected_status=200,
    )
    assert "The earlier signature was removed: the record needs signing again" in page.get_text()
    db.session.refresh(supervision)
    assert supervision.supervisor_signed_at is None
