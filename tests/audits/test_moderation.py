"""Moderation: the sample, agreeing or changing each grade with a reason, both grades kept."""

from datetime import date

from audits import moderation as moderation_service
from audits import services
from audits.dao import Filter, moderation_agreement, moderation_by_auditor
from audits.models import Moderation
from tests.audits.builders import create_audit, create_moderation, level
from tests.builders import create_user
from tests.conftest import error_summary, normalise_space
from workforce.kernel.roles import Role


def test_the_sample_is_ten_percent_plus_every_inadequate_and_outstanding_audit(db):
    for _ in range(18):
        create_audit(grade="Good")
    create_audit(grade="Inadequate")
    create_audit(grade="Outstanding")
    picked = moderation_service.select_for_moderation(date(2026, 11, 1), date(2026, 11, 30))
    reasons = sorted(moderation.selected_because for moderation in picked)
    assert reasons == ["inadequate", "outstanding"]


def test_without_the_extremes_ten_percent_is_sampled_at_random(db):
    for _ in range(20):
        create_audit(grade="Good")
    picked = moderation_service.select_for_moderation(date(2026, 11, 1), date(2026, 11, 30), include_extremes=False)
    assert [moderation.selected_because for moderation in picked] == ["sample", "sample"]
    again = moderation_service.select_for_moderation(date(2026, 11, 1), date(2026, 11, 30), include_extremes=False)
    assert again == []


def test_a_moderator_changes_a_grade_with_a_reason_and_both_grades_are_kept(client_request, db):
    audit = create_audit(grade="Good")
    moderation = moderation_service.select_for_moderation(date(2026, 11, 1), date(2026, 11, 30), percent=100)[0]
    db.session.commit()
    moderator = create_user(Role.QA_OFFICER)
    client_request.login(moderator)
    data = {"overall_grade": str(level(audit, "Requires improvement").id), "reason": ""}
    page = client_request.post("audits.moderate_audit", data, _expected_status=200, moderation_id=moderation.id)
    assert error_summary(page) == ["Enter the reason for changing the grade"]
    data["reason"] = "No plan on file"
    page = client_request.post("audits.moderate_audit", data, _expected_status=200, moderation_id=moderation.id)
    assert page.h1.get_text(strip=True) == f"Record this moderation of {audit.case_reference}?"
    assert "Requires improvement (changed from Good)" in page.select_one("[data-confirmation]").get_text(" ")
    assert db.session.get(Moderation, moderation.id).moderated_on is None
    client_request.post("audits.moderate_audit", {**data, "confirmed": "yes"}, moderation_id=moderation.id)
    moderation = db.session.get(Moderation, moderation.id)
    assert moderation.auditor_grade.label == "Good"
    assert moderation.moderated_grade.label == "Requires improvement"
    assert audit.overall_grade.label == "Good"
    assert audit.effective_grade.label == "Requires improvement"
    assert moderation.moderator_id == moderator.id


def test_a_moderator_agrees_without_a_reason(client_request, db):
    audit = create_audit(grade="Good")
    moderation = moderation_service.select_for_moderation(date(2026, 11, 1), date(2026, 11, 30), percent=100)[0]
    db.session.commit()
    client_request.login(create_user(Role.QA_OFFICER))
    client_request.post(
        "audits.moderate_audit",
        {"overall_grade": str(level(audit, "Good").id), "confirmed": "yes"},
        moderation_id=moderation.id,
    )
    assert db.session.get(Moderation, moderation.id).moderated_grade.label == "Good"


def test_an_untouched_moderation_form_records_nothing(client_request, db):
    audit = create_audit(grade="Good")
    moderation = moderation_service.select_for_moderation(date(2026, 11, 1), date(2026, 11, 30), percent=100)[0]
    db.session.commit()
    client_request.login(create_user(Role.QA_OFFICER))
    page = client_request.get("audits.moderate_audit", moderation_id=moderation.id)
    assert page.select_one("select[name=overall_grade] option[selected]")["value"] == ""
    page = client_request.post(
        "audits.moderate_audit", {"confirmed": "yes"}, _expected_status=200, moderation_id=moderation.id
    )
    assert error_summary(page) == ["Select the moderated overall grade"]
    assert db.session.get(Moderation, moderation.id).moderated_on is None
    assert audit.effective_grade.label == "Good"


def test_a_moderator_is_not_offered_their_own_audits(client_request, db):
    auditor = create_user(Role.QA_OFFICER)
    own = create_audit(grade="Good", auditor=auditor, reference="CR-OWN-1")
    other = create_audit(grade="Good", reference="CR-OTHER-1")
    picked = moderation_service.select_for_moderation(date(2026, 11, 1), date(2026, 11, 30), percent=100)
    db.session.commit()
    client_request.login(auditor)
    page = client_request.get("audits.moderation")
    waiting = page.select_one("table").get_text(" ")
    assert other.case_reference in waiting
    assert own.case_reference not in waiting
    assert "1 audit you carried out is waiting for another moderator" in normalise_space(page.get_text(" "))
    own_moderation = next(item for item in picked if item.audit_id == own.id)
    page = client_request.get("audits.moderate_audit", moderation_id=own_moderation.id)
    assert page.select_one("select[name=overall_grade]") is None
    assert "another moderator must moderate it" in page.get_text(" ")


def test_nobody_moderates_their_own_audit(db):
    auditor = create_user(Role.QA_OFFICER)
    audit = create_audit(grade="Good", auditor=auditor)
    moderation = moderation_service.select_for_moderation(date(2026, 11, 1), date(2026, 11, 30), percent=100)[0]
    try:
        moderation_service.moderate(moderation, auditor, level(audit, "Good").id, {}, None)
    except services.AuditError as problem:
        assert str(problem) == "You cannot moderate an audit you carried out"
    else:
        raise AssertionError("moderating your own audit was allowed")


def test_agreement_upgrades_and_downgrades_are_counted_by_auditor(db):
    optimist, realist = create_user(Role.QA_OFFICER, name="Optimist"), create_user(Role.QA_OFFICER, name="Realist")
    create_moderation(create_audit(grade="Good", auditor=optimist), "Inadequate")
    create_moderation(create_audit(grade="Outstanding", auditor=optimist), "Good")
    create_moderation(create_audit(grade="Good", auditor=realist), "Good")
    create_moderation(create_audit(grade="Requires improvement", auditor=realist), "Good")
    period = (date(2026, 11, 1), date(2026, 11, 30))
    assert moderation_agreement(Filter(), *period) == {"moderated": 4, "agreed": 1, "upgraded": 1, "downgraded": 2}
    assert moderation_by_auditor(Filter(), *period) == [
        {"auditor": "Optimist", "moderated": 2, "agreed": 0, "upgraded": 0, "downgraded": 2},
        {"auditor": "Realist", "moderated": 2, "agreed": 1, "upgraded": 1, "downgraded": 0},
    ]


def test_only_qa_officers_moderate(client_request):
    client_request.login(create_user(Role.TEAM_MANAGER))
    client_request.get("audits.moderation", _expected_status=403)


def test_each_domains_moderated_grade_is_in_the_audit_trail(client_request, db):
    from sqlalchemy import select

    from audits.models import DomainGrade
    from workforce.kernel.models import AuditEvent

    audit = create_audit(grade="Good")
    good = level(audit, "Good")
    for domain in audit.template.domains:
        db.session.add(DomainGrade(audit=audit, domain=domain, grade=good))
    db.session.commit()
    assert audit.domain_grades
    moderation = moderation_service.select_for_moderation(date(2026, 11, 1), date(2026, 11, 30), percent=100)[0]
    db.session.commit()
    client_request.login(create_user(Role.QA_OFFICER))
    data = {"overall_grade": str(level(audit, "Good").id), "confirmed": "yes"}
    data.update({f"domain_{grade.domain_id}": str(grade.grade_id) for grade in audit.domain_grades})
    client_request.post("audits.moderate_audit", data, moderation_id=moderation.id)
    events = db.session.execute(
        select(AuditEvent).where(AuditEvent.record_type == "DomainGrade", AuditEvent.note == "Moderated")
    ).scalars()
    assert {event.record_id for event in events} == {str(grade.id) for grade in audit.domain_grades}
