"""Who sees which supervision records, and who reads the reflective notes."""

from datetime import date

import pytest

from tests.builders import create_team_manager, create_user
from tests.supervision.builders import create_supervision, create_supervision_team, create_worker
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role

NOTES = "Reflected on a difficult visit."


@pytest.fixture
def record(db):
    team, manager_user, manager, worker_user, worker = create_supervision_team()
    supervision = create_supervision(worker, manager, held_on=date(2026, 11, 2))
    return team, manager_user, manager, worker_user, worker, supervision


def notes_shown(page) -> bool:
    return NOTES in page.get_text()


def test_the_supervisee_sees_their_record_and_its_reflective_notes(client_request, record):
    *_, worker_user, _, supervision = record
    client_request.login(worker_user)
    assert notes_shown(client_request.get("supervision.show_supervision", supervision_id=supervision.id))


def test_the_supervisor_sees_the_reflective_notes(client_request, record):
    _, manager_user, *_, supervision = record
    client_request.login(manager_user)
    assert notes_shown(client_request.get("supervision.show_supervision", supervision_id=supervision.id))


def test_the_supervisors_line_manager_sees_the_reflective_notes(client_request, record, db):
    _, _, manager, _, _, supervision = record
    head_of_service = create_user(Role.SENIOR_LEADER)
    manager.line_manager_id = create_worker(user_id=head_of_service.id).id
    db.session.commit()
    client_request.login(head_of_service)
    assert notes_shown(client_request.get("supervision.show_supervision", supervision_id=supervision.id))


@pytest.mark.parametrize("role", [Role.HR, Role.SENIOR_LEADER, Role.QA_OFFICER])
def test_council_wide_roles_see_the_record_but_not_the_reflective_notes(client_request, record, role):
    *_, supervision = record
    client_request.login(create_user(role))
    page = client_request.get("supervision.show_supervision", supervision_id=supervision.id)
    assert not notes_shown(page)
    assert "Only the supervisee, the supervisor and their line managers" in page.get_text()
    listed = client_request.get("supervision.list_supervisions")
    assert supervision.supervisee.name in listed.get_text()


def test_another_manager_of_the_same_team_sees_the_record_but_not_the_notes(client_request, record):
    team, *_, supervision = record
    client_request.login(create_team_manager(team))
    page = client_request.get("supervision.show_supervision", supervision_id=supervision.id)
    assert not notes_shown(page)


def test_a_team_manager_sees_only_their_own_teams_records(client_request, record):
    *_, supervision = record
    other_team, other_manager, other_staff, _, other_worker = create_supervision_team()
    theirs = create_supervision(other_worker, other_staff, held_on=date(2026, 11, 3))
    client_request.login(other_manager)
    client_request.get("supervision.show_supervision", supervision_id=supervision.id, _expected_status=404)
    page = client_request.get("supervision.list_supervisions")
    assert {link["href"] for link in page.select("main table tbody a")} == {f"/supervision/{theirs.id}"}


def test_a_social_worker_sees_only_their_own_records(client_request, record):
    team, _, manager, worker_user, _, supervision = record
    colleague = create_worker(team=team)
    colleagues = create_supervision(colleague, manager, held_on=date(2026, 11, 4))
    client_request.login(worker_user)
    client_request.get("supervision.show_supervision", supervision_id=colleagues.id, _expected_status=404)
    page = client_request.get("supervision.list_supervisions")
    assert {link["href"] for link in page.select("main table tbody a")} == {f"/supervision/{supervision.id}"}


def test_a_practice_supervisor_sees_their_supervisees_records_only(client_request, record, db):
    team, _, _, _, worker, supervision = record
    practice_supervisor = create_user(Role.PRACTICE_SUPERVISOR, team=team)
    supervisor_staff = create_worker(team=team, user_id=practice_supervisor.id)
    supervisee = create_worker(team=team)
    supervisee.line_manager_id = supervisor_staff.id
    db.session.commit()
    own = create_supervision(supervisee, supervisor_staff, held_on=date(2026, 11, 5))
    client_request.login(practice_supervisor)
    client_request.get("supervision.show_supervision", supervision_id=supervision.id, _expected_status=404)
    page = client_request.get("supervision.show_supervision", supervision_id=own.id)
    assert notes_shown(page)


@pytest.mark.parametrize("role", [Role.COMMITTEE_VIEWER, Role.ACADEMY_LEAD, Role.ADMINISTRATOR])
def test_roles_without_supervision_access_get_403(client_request, record, role):
    team, *_, supervision = record
    client_request.login(create_user(role))
    client_request.get("supervision.list_supervisions", _expected_status=403)
    client_request.get("supervision.show_supervision", supervision_id=supervision.id, _expected_status=403)
    client_request.get("supervision.show_schedule", _expected_status=403)
    client_request.get("supervision.show_team_month", team_id=team.id, _expected_status=403)


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.HR, Role.COMMITTEE_VIEWER])
def test_only_team_managers_and_practice_supervisors_record_supervision(client_request, db, role):
    client_request.login(create_user(role))
    client_request.get("supervision.record_supervision", _expected_status=403)


def test_a_missing_record_is_404(client_request, db):
    client_request.login(create_user(Role.HR))
    client_request.get("supervision.show_supervision", supervision_id=999999, _expected_status=404)


def test_reflective_notes_never_reach_the_audit_trail(record, db):
    *_, supervision = record
    from workforce.kernel import audit_trail

    audit_trail.record_created(supervision)
    events = db.session.query(AuditEvent).filter_by(record_type="Supervision").all()
    assert events and all(NOTES not in str(event.changes) for event in events)
