from datetime import date

from sqlalchemy import select

from tests.builders import create_user
from tests.recruitment.builders import advance_to, create_applicant, create_application, create_vacancy
from workforce.kernel import settings
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role
from workforce.recruitment import reports, services
from workforce.recruitment.constants import ClosureReason, StageKind, VacancyStatus
from workforce.recruitment.erasure import due_for_erasure, run_retention
from workforce.recruitment.models import Applicant


def closed_vacancy_with_rejected_applicant(closed_on=date(2026, 3, 31)):
    vacancy = create_vacancy()
    applicant = create_applicant(first_name="Robin", last_name="Hale", email="robin@example.com", phone="07700 900123")
    application = advance_to(create_application(vacancy, applicant), StageKind.INTERVIEW)
    services.move_application(
        application,
        services.stage_of_kind(StageKind.REJECTED),
        None,
        ClosureReason.INTERVIEW_PERFORMANCE,
        note="Robin struggled with the risk scenario",
    )
    vacancy.status, vacancy.withdrawn_on = VacancyStatus.WITHDRAWN, closed_on
    return vacancy, applicant, application


def test_erasure_removes_names_and_contact_details_yet_leaves_the_funnel_figures_unchanged(db):
    vacancy, applicant, application = closed_vacancy_with_rejected_applicant()
    before = reports.recruitment_report()
    run_retention(today=date(2026, 10, 1))
    db.session.expire_all()
    erased = db.session.get(Applicant, applicant.id)
    assert (erased.first_name, erased.last_name, erased.email, erased.phone, erased.swe_number) == (None,) * 5
    assert erased.erased_at is not None
    assert all(change.note is None for change in application.moves)
    after = reports.recruitment_report()
    assert [(step.stage.name, step.reached) for step in after.funnel] == [
        (step.stage.name, step.reached) for step in before.funnel
    ]
    assert after.sources == before.sources
    assert (application.source, application.applied_on, application.stage.kind) == (
        before.sources[0][0],
        date(2026, 1, 20),
        StageKind.REJECTED,
    )


def test_erasure_writes_an_audit_trail_entry_that_holds_no_personal_data(db):
    _vacancy, applicant, _application = closed_vacancy_with_rejected_applicant()
    run_retention(today=date(2026, 10, 1))
    events = db.session.execute(
        select(AuditEvent).where(AuditEvent.record_type == "Applicant", AuditEvent.record_id == str(applicant.id))
    ).scalars()
    events = list(events)
    assert events[-1].action == "erased"
    text = " ".join(f"{event.record_label} {event.changes} {event.note}" for event in events)
    assert "Robin" not in text and "robin@example.com" not in text


def test_applicants_are_kept_until_six_months_after_the_vacancy_closes(db):
    _vacancy, applicant, _application = closed_vacancy_with_rejected_applicant(closed_on=date(2026, 3, 31))
    assert due_for_erasure(date(2026, 9, 29)) == []
    assert due_for_erasure(date(2026, 9, 30)) == [applicant]


def test_the_retention_period_is_a_setting(db):
    _vacancy, applicant, _application = closed_vacancy_with_rejected_applicant(closed_on=date(2026, 3, 31))
    settings.put("recruitment.retention_months", 12)
    assert due_for_erasure(date(2026, 10, 1)) == []
    assert due_for_erasure(date(2027, 3, 31)) == [applicant]


def test_an_applicant_still_in_another_pipeline_is_not_erased(db):
    _vacancy, applicant, _application = closed_vacancy_with_rejected_applicant()
    create_application(create_vacancy(), applicant)
    assert due_for_erasure(date(2026, 12, 1)) == []


def test_successful_applicants_and_open_vacancies_are_not_erased(db):
    open_vacancy = create_vacancy()
    rejected = create_application(open_vacancy)
    services.move_application(rejected, services.stage_of_kind(StageKind.REJECTED), None, ClosureReason.NOT_REGISTERED)
    assert due_for_erasure(date(2030, 1, 1)) == []


def test_the_command_dry_run_erases_nothing_and_the_run_erases(app, db):
    _vacancy, applicant, _application = closed_vacancy_with_rejected_applicant(closed_on=date(2020, 1, 31))
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["retention", "run", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"ids {applicant.id}" in result.output
    assert db.session.get(Applicant, applicant.id).first_name == "Robin"
    result = runner.invoke(args=["retention", "run"])
    assert "Erased the personal data of 1 applicants." in result.output
    db.session.expire_all()
    assert db.session.get(Applicant, applicant.id).first_name is None


def test_an_erased_applicant_shows_without_a_name_on_the_pipeline(client_request):
    vacancy, applicant, _application = closed_vacancy_with_rejected_applicant()
    run_retention(today=date(2026, 10, 1))
    client_request.login(create_user(Role.HR))
    page = client_request.get("recruitment.show_vacancy", vacancy_id=vacancy.id)
    assert f"Applicant {applicant.id} (personal data erased)" in page.get_text()
    assert "Robin" not in page.get_text()


def test_the_nightly_schedule_erases_as_a_job_recorded_in_the_audit_trail_as_the_schedule(app, db):
    from workforce.kernel import jobs
    from workforce.kernel.contract import registry
    from workforce.kernel.jobs import runner

    assert registry(app).schedules["recruitment.retention"].crontab == {"hour": "2", "minute": "15"}
    _vacancy, applicant, _application = closed_vacancy_with_rejected_applicant(closed_on=date(2020, 1, 31))
    db.session.commit()
    job = runner.start_scheduled("recruitment.retention")
    jobs.run_ready()
    db.session.refresh(job)
    assert job.status is jobs.JobStatus.DONE
    assert job.result == {"erased": 1}
    db.session.expire_all()
    assert db.session.get(Applicant, applicant.id).first_name is None
    event = (
        db.session.execute(
            select(AuditEvent).where(AuditEvent.record_type == "Applicant", AuditEvent.record_id == str(applicant.id))
        )
        .scalars()
        .all()[-1]
    )
    assert event.origin == "schedule"
