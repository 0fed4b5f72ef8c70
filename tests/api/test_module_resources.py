"""Supervision sessions, case audits and moderation, academy sessions and training records through the API:
each scoped as its module's pages are (team managers, practice supervisors, workers, committee viewers)."""

from datetime import date

import pytest

from supervision.models import SupervisionCase
from tests.academy.builders import create_completion, create_course, create_enrolment, create_person, create_session
from tests.api.builders import api_client, assert_problem
from tests.audits.builders import create_audit, create_moderation
from tests.builders import create_team, create_team_manager, create_user
from tests.people.builders import create_staff_member
from tests.supervision.builders import create_supervision, create_supervision_team, create_worker
from workforce.extensions import db
from workforce.kernel.roles import Role

SCOPES = ["supervision:read", "audits:read", "academy:read"]


def ids(response) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [record["id"] for record in response.get_json()["data"]]


def total(response) -> int:
    return response.get_json()["meta"]["total"]


# Supervision


@pytest.fixture
def supervision(db):
    ours = create_supervision_team()
    theirs = create_supervision_team()
    sessions = {}
    for key, (_team, _manager_user, _manager, _worker_user, worker) in (("ours", ours), ("theirs", theirs)):
        session = create_supervision(worker)
        db.session.add(SupervisionCase(supervision=session, case_reference="CR1001", decision_recorded=True))
        db.session.commit()
        sessions[key] = session
    return {"ours": ours, "theirs": theirs, "sessions": sessions}


def test_a_team_managers_token_reads_only_their_teams_supervision(client, supervision):
    api = api_client(client, supervision["ours"][1], SCOPES)
    response = api.get("/api/v1/supervision-sessions")
    assert ids(response) == [supervision["sessions"]["ours"].id] and total(response) == 1
    assert_problem(api.get(f"/api/v1/supervision-sessions/{supervision['sessions']['theirs'].id}"), 404)
    filtered = api.get("/api/v1/supervision-sessions", team_id=supervision["theirs"][0].id)
    assert ids(filtered) == [] and total(filtered) == 0


def test_a_social_worker_reads_their_own_supervision_only(client, supervision):
    api = api_client(client, supervision["ours"][3], SCOPES)
    assert ids(api.get("/api/v1/supervision-sessions")) == [supervision["sessions"]["ours"].id]


def test_a_practice_supervisor_reads_their_supervisees_sessions(client, supervision):
    supervisor_user = create_user(Role.PRACTICE_SUPERVISOR)
    supervisor = create_worker(user_id=supervisor_user.id)
    supervisee = create_worker()
    supervisee.line_manager_id = supervisor.id
    db.session.commit()
    theirs = create_supervision(supervisee, supervisor)
    api = api_client(client, supervisor_user, SCOPES)
    assert ids(api.get("/api/v1/supervision-sessions")) == [theirs.id]


def test_a_session_gives_case_references_and_never_reflective_notes(client, supervision):
    api = api_client(client, supervision["ours"][1], SCOPES)
    record = api.get(f"/api/v1/supervision-sessions/{supervision['sessions']['ours'].id}").get_json()["data"]
    assert record["cases"] == [{"case_reference": "CR1001", "decision_recorded": True}]
    assert record["topics"] == ["workload", "wellbeing"]
    assert "reflective_notes" not in record and "Reflected" not in str(record)
    assert "agenda" not in record


@pytest.mark.parametrize("role", [Role.COMMITTEE_VIEWER, Role.ADMINISTRATOR, Role.ACADEMY_LEAD])
def test_roles_without_supervision_access_are_refused(client, supervision, role):
    api = api_client(client, create_user(role), SCOPES)
    assert_problem(api.get("/api/v1/supervision-sessions"), 403)


def test_supervision_filters_are_checked(client, supervision):
    api = api_client(client, create_user(Role.SENIOR_LEADER), SCOPES)
    assert len(ids(api.get("/api/v1/supervision-sessions", held_from="2024-01-10"))) == 2
    assert ids(api.get("/api/v1/supervision-sessions", held_from="2024-01-11")) == []
    body = assert_problem(api.get("/api/v1/supervision-sessions", status="done", sort="mood"), 422)
    assert set(body["errors"]) == {"status", "sort"}


# Case audits and moderation


@pytest.fixture
def audits(db):
    result = {}
    for key in ("ours", "theirs"):
        team = create_team()
        manager = create_team_manager(team)
        audit = create_audit(team=team, grade="Good")
        moderation = create_moderation(audit, "Requires improvement")
        result[key] = {"team": team, "manager": manager, "audit": audit, "moderation": moderation}
    return result


def test_a_team_managers_token_reads_only_their_teams_audits_and_moderations(client, audits):
    api = api_client(client, audits["ours"]["manager"], SCOPES)
    response = api.get("/api/v1/case-audits")
    assert ids(response) == [audits["ours"]["audit"].id] and total(response) == 1
    assert_problem(api.get(f"/api/v1/case-audits/{audits['theirs']['audit'].id}"), 404)
    moderations = api.get("/api/v1/audit-moderations")
    assert ids(moderations) == [audits["ours"]["moderation"].id] and total(moderations) == 1
    assert_problem(api.get(f"/api/v1/audit-moderations/{audits['theirs']['moderation'].id}"), 404)


def test_a_team_manager_also_sees_the_audits_they_carried_out_in_another_team(client, audits):
    elsewhere = create_audit(team=create_team(), auditor=audits["ours"]["manager"])
    api = api_client(client, audits["ours"]["manager"], SCOPES)
    assert set(ids(api.get("/api/v1/case-audits"))) == {audits["ours"]["audit"].id, elsewhere.id}


def test_an_audit_gives_the_counted_grade_after_moderation_and_no_free_text(client, audits):
    api = api_client(client, create_user(Role.QA_OFFICER), SCOPES)
    record = api.get(f"/api/v1/case-audits/{audits['ours']['audit'].id}").get_json()["data"]
    assert record["overall_grade"] == "Good"
    assert record["counted_grade"] == "Requires improvement"
    assert record["good_or_better"] is False and record["inadequate"] is False
    assert record["moderation_id"] == audits["ours"]["moderation"].id
    assert not {"strengths", "areas_for_development", "family_feedback"} & set(record)
    moderation = api.get(f"/api/v1/audit-moderations/{audits['ours']['moderation'].id}").get_json()["data"]
    assert moderation["agreed"] is False and moderation["direction"] == "lowered"
    assert "reason" not in moderation


@pytest.mark.parametrize("role", [Role.COMMITTEE_VIEWER, Role.SOCIAL_WORKER, Role.HR])
def test_roles_without_audit_access_are_refused(client, audits, role):
    api = api_client(client, create_user(role), SCOPES)
    assert_problem(api.get("/api/v1/case-audits"), 403)
    assert_problem(api.get("/api/v1/audit-moderations"), 403)


def test_audit_filters_are_checked(client, audits):
    api = api_client(client, create_user(Role.QA_OFFICER), SCOPES)
    reference = audits["ours"]["audit"].case_reference
    assert ids(api.get("/api/v1/case-audits", case_reference=reference)) == [audits["ours"]["audit"].id]
    assert len(ids(api.get("/api/v1/case-audits", status="submitted"))) == 2
    assert_problem(api.get("/api/v1/case-audits", status="finished"), 422)
    assert_problem(api.get("/api/v1/case-audits", team_id=0), 422)


# Academy


@pytest.fixture
def academy(db):
    course = create_course(title="Child protection refresher")
    session = create_session(course)
    result = {"course": course, "session": session}
    for key in ("ours", "theirs"):
        team = create_team()
        manager = create_team_manager(team)
        person = create_person(team=team)
        completion = create_completion(person, course, date(2025, 5, 1))
        enrolment = create_enrolment(session, person)
        result[key] = {"team": team, "manager": manager, "person": person, "completion": completion}
        result[key]["enrolment"] = enrolment
    return result


@pytest.mark.parametrize(("resource", "key"), [("training-records", "completion"), ("training-places", "enrolment")])
def test_a_team_managers_token_reads_only_their_teams_training(client, academy, resource, key):
    api = api_client(client, academy["ours"]["manager"], SCOPES)
    response = api.get(f"/api/v1/{resource}")
    assert ids(response) == [academy["ours"][key].id] and total(response) == 1
    assert_problem(api.get(f"/api/v1/{resource}/{academy['theirs'][key].id}"), 404)
    filtered = api.get(f"/api/v1/{resource}", staff_id=academy["theirs"]["person"].id)
    assert ids(filtered) == [] and total(filtered) == 0


def test_a_social_worker_reads_their_own_training_only(client, academy):
    worker = create_user(Role.SOCIAL_WORKER)
    own = create_person(user=worker)
    mine = create_completion(own, academy["course"], date(2025, 6, 1))
    api = api_client(client, worker, SCOPES)
    assert ids(api.get("/api/v1/training-records")) == [mine.id]


def test_the_academy_lead_reads_everyone_and_expiry_filters(client, academy):
    api = api_client(client, create_user(Role.ACADEMY_LEAD), SCOPES)
    assert len(ids(api.get("/api/v1/training-records"))) == 2
    record = api.get(f"/api/v1/training-records/{academy['ours']['completion'].id}").get_json()["data"]
    assert record["course"] == "Child protection refresher" and record["expires_on"] == "2028-05-01"
    assert ids(api.get("/api/v1/training-records", expires_to="2028-04-30")) == []
    assert_problem(api.get("/api/v1/training-records", expires_to="soon"), 422)


def test_sessions_show_places_taken(client, academy):
    api = api_client(client, academy["ours"]["manager"], SCOPES)
    record = api.get(f"/api/v1/academy-sessions/{academy['session'].id}").get_json()["data"]
    assert record["places_taken"] == 2 and record["places_left"] == 8
    assert record["starts_at"].startswith("2026-03-17T09:30:00")


@pytest.mark.parametrize("role", [Role.COMMITTEE_VIEWER, Role.ADMINISTRATOR])
def test_roles_without_academy_access_are_refused(client, academy, role):
    api = api_client(client, create_user(role), SCOPES)
    for resource in ("academy-sessions", "training-records", "training-places"):
        assert_problem(api.get(f"/api/v1/{resource}"), 403)


def test_a_person_without_a_current_team_is_seen_only_by_council_wide_roles(client, academy):
    drifter = create_staff_member()
    record = create_completion(drifter, academy["course"], date(2025, 1, 1))
    manager = api_client(client, academy["ours"]["manager"], SCOPES)
    assert record.id not in ids(manager.get("/api/v1/training-records"))
    lead = api_client(client, create_user(Role.HR), SCOPES)
    assert record.id in ids(lead.get("/api/v1/training-records"))
