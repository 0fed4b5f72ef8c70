"""Supervision-quality audits: versioned checklist, quarterly sample, grading, the good-or-better measure."""

import random
from datetime import UTC, date, datetime

import pytest

from supervision import quality
from supervision.constants import Answer, Grade, SampleReason
from supervision.models import QualityAudit, QualityChecklist
from tests.builders import create_team, create_team_manager, create_user
from tests.conftest import error_summary
from tests.supervision.builders import create_supervision, create_worker
from workforce.kernel.contract import registry
from workforce.kernel.measures import MeasureScope
from workforce.kernel.roles import Role


@pytest.fixture(autouse=True)
def today(frozen_clock):
    frozen_clock.set(datetime(2026, 12, 15, 12, 0, tzinfo=UTC))


def team_with_records(count: int, held_on=date(2026, 10, 14)):
    team = create_team()
    workers = [create_worker(team=team) for _ in range(count)]
    for worker in workers:
        create_supervision(worker, held_on=held_on)
    return team, workers


def test_the_sample_takes_the_number_asked_for_from_each_team_plus_named_workers(db):
    first, _ = team_with_records(4)
    second, second_workers = team_with_records(1)
    named_team, (named,) = team_with_records(1)
    audits = quality.draw_sample(
        date(2026, 10, 1), 2, [first.id, second.id], random.Random(3), [(named, "Case audit CA-77 raised drift")]
    )
    by_team = {}
    for audit in audits:
        by_team.setdefault(audit.team_id, []).append(audit)
    assert len(by_team[first.id]) == 2
    assert [audit.supervisee_id for audit in by_team[second.id]] == [second_workers[0].id]
    (named_audit,) = by_team[named_team.id]
    assert (named_audit.reason, named_audit.named_because) == (SampleReason.NAMED, "Case audit CA-77 raised drift")
    assert all(audit.checklist.version == 1 for audit in audits)


def test_nobody_is_sampled_twice_in_a_quarter(db):
    team, _ = team_with_records(2)
    quality.draw_sample(date(2026, 10, 1), 2, [team.id], random.Random(1))
    assert quality.draw_sample(date(2026, 11, 5), 2, [team.id], random.Random(2)) == []


def test_only_records_held_in_the_quarter_are_sampled(db):
    team, _ = team_with_records(2, held_on=date(2026, 9, 30))
    assert quality.draw_sample(date(2026, 10, 1), 2, [team.id], random.Random(1)) == []


def test_a_named_worker_without_a_record_in_the_quarter_is_refused(db):
    worker = create_worker()
    with pytest.raises(quality.QualityAuditError):
        quality.draw_sample(date(2026, 10, 1), 1, [], random.Random(1), [(worker, "Concern")])


def test_a_new_checklist_version_applies_to_later_samples_only(db):
    team, _ = team_with_records(2)
    (first,) = quality.draw_sample(date(2026, 10, 1), 1, [team.id], random.Random(1))
    quality.publish_checklist(["Agreement in place", "Signed by both"], None)
    (second,) = quality.draw_sample(date(2026, 10, 1), 1, [team.id], random.Random(1))
    assert (first.checklist.version, second.checklist.version) == (1, 2)
    assert db.session.query(QualityChecklist).count() == 2


def test_a_qa_officer_draws_a_sample_and_grades_an_audit(client_request, db):
    team, _ = team_with_records(1)
    client_request.login(create_user(Role.QA_OFFICER))
    client_request.post("supervision.draw_quality_sample", {"quarter": "2026-10-01", "per_team": "1"})
    audit = db.session.query(QualityAudit).filter_by(team_id=team.id).one()
    answers = {f"question_{number}": "yes" for number in range(1, len(audit.checklist.questions) + 1)}
    page = client_request.post(
        "supervision.complete_quality_audit", {**answers, "question_3": ""}, audit_id=audit.id, _expected_status=200
    )
    assert "Answer question 3: The agenda was set jointly" in error_summary(page)
    assert "Select the grade" in error_summary(page)
    client_request.post(
        "supervision.complete_quality_audit",
        {**answers, "question_3": "partly", "grade": "good", "findings": "Reflective", "actions": "Set agenda jointly"},
        audit_id=audit.id,
    )
    db.session.refresh(audit)
    assert (audit.grade, audit.answers["3"], audit.completed_on) == (Grade.GOOD, "partly", date(2026, 12, 15))


def test_a_team_manager_sees_only_their_own_teams_quality_audits(client_request, db):
    team, _ = team_with_records(1)
    other, _ = team_with_records(1)
    audits = quality.draw_sample(date(2026, 10, 1), 1, [team.id, other.id], random.Random(1))
    theirs = next(audit for audit in audits if audit.team_id == other.id)
    db.session.commit()
    client_request.login(create_team_manager(team))
    client_request.get("supervision.show_quality_audit", audit_id=theirs.id, _expected_status=404)
    page = client_request.get("supervision.list_quality_audits")
    assert len(page.select("main table tbody tr")) == 1
    client_request.get("supervision.draw_quality_sample", _expected_status=403)


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.COMMITTEE_VIEWER, Role.PRACTICE_SUPERVISOR])
def test_roles_without_quality_audit_access_get_403(client_request, db, role):
    client_request.login(create_user(role))
    client_request.get("supervision.list_quality_audits", _expected_status=403)


def test_the_good_or_better_measure_counts_completed_audits_by_scope(db):
    team, _ = team_with_records(3)
    other, _ = team_with_records(1)
    audits = quality.draw_sample(date(2026, 10, 1), 3, [team.id, other.id], random.Random(1))
    grades = {team.id: [Grade.OUTSTANDING, Grade.REQUIRES_IMPROVEMENT, None], other.id: [Grade.GOOD]}
    qa = create_user(Role.QA_OFFICER)
    for audit in audits:
        grade = grades[audit.team_id].pop()
        if grade is not None:
            answers = {str(n): Answer.YES for n in range(1, len(audit.checklist.questions) + 1)}
            quality.complete_audit(audit, answers, grade, "", "", qa)
    measures = registry().measures
    council = measures.compute("supervision-quality-good-or-better", date(2026, 12, 1), date(2026, 12, 31))
    assert (council.numerator, council.denominator) == (2, 3)
    in_team = measures.compute(
        "supervision-quality-good-or-better", date(2026, 12, 1), date(2026, 12, 31), MeasureScope.team(team.id)
    )
    assert (in_team.numerator, in_team.denominator) == (1, 2)
    earlier = measures.compute("supervision-quality-good-or-better", date(2026, 1, 1), date(2026, 11, 30))
    assert earlier.not_applicable
