"""`wpq import staff --mapping NAME --full` and the monthly staff feed from the drop folder."""

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from tests.builders import create_team, create_user
from tests.people.test_imports import as_csv
from tests.people.test_mapped_imports import HR_HEADERS, hr_mapping, hr_rows
from workforce.extensions import db as _db
from workforce.kernel import jobs
from workforce.kernel.contract import registry
from workforce.kernel.models import AuditEvent
from workforce.kernel.notifications.models import OutboxMessage
from workforce.kernel.roles import Role
from workforce.people import feed
from workforce.people.constants import ReasonForLeaving
from workforce.people.models import Assignment, StaffMember


def _extract(tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(as_csv(rows, HR_HEADERS))
    return str(path)


def _assignment(number: str) -> Assignment:
    query = select(Assignment).join(StaffMember).where(StaffMember.employee_number == number)
    return _db.session.execute(query).scalar_one()


def test_the_command_reads_through_a_mapping_and_a_full_extract_waits_for_hr(app, db, tmp_path, frozen_clock):
    frozen_clock.set(datetime(2025, 10, 1, 9, tzinfo=UTC))
    create_team("Assessment Team 1")
    hr_mapping()
    db.session.commit()
    cli = app.test_cli_runner()
    first = _extract(tmp_path, "m1.csv", hr_rows("Assessment Team 1"))
    result = cli.invoke(args=["import", "staff", first, "--mapping", "Northgate monthly", "--full"])
    assert result.exit_code == 0, result.output
    assert "people 5 added" in result.output

    result = cli.invoke(args=["import", "staff", first, "--mapping", "Nowhere"])
    assert result.exit_code != 0 and "no staff mapping called 'Nowhere'" in result.output

    later = _extract(tmp_path, "m2.csv", [row for row in hr_rows("Assessment Team 1") if row["Staff No"] != "E00002"])
    before = db.session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    result = cli.invoke(args=["import", "staff", later, "--mapping", "Northgate monthly", "--full"])
    assert result.exit_code != 0
    assert "E00002" in result.output and "not in this full extract" in result.output
    assert db.session.execute(select(func.count()).select_from(AuditEvent)).scalar_one() == before

    leavers = tmp_path / "leavers.csv"
    leavers.write_text("EmployeeNumber,RoleEndDate,ReasonLeave,LeaverDestination\nE00002,12/09/2025,RETIRE,UNKNOWN\n")
    args = ["import", "staff", later, "--mapping", "Northgate monthly", "--full", "--leavers", str(leavers)]
    result = cli.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "1 confirmed as leavers" in result.output
    left = _assignment("E00002")
    assert (left.end_date, left.reason_for_leaving) == (date(2025, 9, 12), ReasonForLeaving.RETIRED)


def test_a_person_kept_on_the_command_line_is_not_asked_about_again(app, db, tmp_path, frozen_clock):
    frozen_clock.set(datetime(2025, 10, 1, 9, tzinfo=UTC))
    create_team("Assessment Team 1")
    mapping = hr_mapping()
    db.session.commit()
    cli = app.test_cli_runner()
    first = _extract(tmp_path, "m1.csv", hr_rows("Assessment Team 1"))
    assert cli.invoke(args=["import", "staff", first, "--mapping", "Northgate monthly"]).exit_code == 0
    later = _extract(tmp_path, "m2.csv", [row for row in hr_rows("Assessment Team 1") if row["Staff No"] != "E00003"])
    args = ["import", "staff", later, "--mapping", "Northgate monthly", "--full", "--keep", "E00003"]
    result = cli.invoke(args=args)
    assert result.exit_code == 0, result.output
    db.session.refresh(mapping)
    assert mapping.kept == ["E00003"]
    result = cli.invoke(args=["import", "staff", later, "--mapping", "Northgate monthly", "--full"])
    assert result.exit_code == 0, result.output
    assert _assignment("E00003").end_date is None


def _run_feed():
    job = jobs.start(feed.FEED_JOB)
    _db.session.commit()
    jobs.run_ready()
    return job


def test_the_feed_is_scheduled_monthly_only_with_a_drop_folder(app):
    assert feed.FEED_JOB in registry(app).job_kinds
    assert "staff-feed-monthly" not in registry(app).schedules


def test_the_monthly_feed_imports_the_newest_extract_emails_hr_and_again_changes_nothing(
    app, db, tmp_path, frozen_clock, monkeypatch
):
    frozen_clock.set(datetime(2025, 10, 1, 6, tzinfo=UTC))
    create_team("Assessment Team 1")
    hr_mapping()
    hr = create_user(Role.HR)
    create_user(Role.TEAM_MANAGER)
    db.session.commit()
    monkeypatch.setitem(app.config, "STAFF_FEED_FOLDER", str(tmp_path))
    monkeypatch.setitem(app.config, "STAFF_FEED_MAPPING", "Northgate monthly")
    monkeypatch.setattr(feed, "configured_channel", lambda: object())
    _extract(tmp_path, "northgate-2025-10.csv", hr_rows("Assessment Team 1"))

    job = _run_feed()
    db.session.refresh(job)
    assert job.status == jobs.JobStatus.DONE, job.failure_reason
    assert job.result["applied"] is True and job.result["emailed"] == 1
    assert db.session.execute(select(func.count()).select_from(StaffMember)).scalar_one() == 5
    message = db.session.execute(select(OutboxMessage).where(OutboxMessage.rule == "staff-feed")).scalar_one()
    assert message.recipient_id == hr.id and "people 5 added" in message.body

    events = db.session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    job = _run_feed()
    db.session.refresh(job)
    assert job.result["applied"] is True and job.result["emailed"] == 0
    assert "Nothing had changed since the last import" in job.result_summary
    assert db.session.execute(select(func.count()).select_from(AuditEvent)).scalar_one() == events


def test_a_feed_extract_that_leaves_people_out_applies_nothing_and_emails_the_list(
    app, db, tmp_path, frozen_clock, monkeypatch
):
    frozen_clock.set(datetime(2025, 10, 1, 6, tzinfo=UTC))
    create_team("Assessment Team 1")
    hr_mapping()
    create_user(Role.HR)
    db.session.commit()
    monkeypatch.setitem(app.config, "STAFF_FEED_FOLDER", str(tmp_path))
    monkeypatch.setitem(app.config, "STAFF_FEED_MAPPING", "Northgate monthly")
    monkeypatch.setattr(feed, "configured_channel", lambda: object())
    _extract(tmp_path, "m1.csv", hr_rows("Assessment Team 1"))
    _run_feed()
    later = tmp_path / "m2.csv"
    later.write_bytes(as_csv([row for row in hr_rows("Assessment Team 1") if row["Staff No"] != "E00004"], HR_HEADERS))
    later.touch()
    rows = [dict(row) for row in hr_rows("Assessment Team 1") if row["Staff No"] != "E00004"]
    rows[0]["Forename"] = "Changed"
    later.write_bytes(as_csv(rows, HR_HEADERS))

    job = _run_feed()
    db.session.refresh(job)
    assert job.result["applied"] is False
    body = (
        db.session.execute(
            select(OutboxMessage.body).where(OutboxMessage.rule == "staff-feed").order_by(OutboxMessage.id.desc())
        )
        .scalars()
        .first()
    )
    assert "Person4 (E00004)" in body
    assert (
        db.session.execute(select(StaffMember.first_name).where(StaffMember.employee_number == "E00001")).scalar_one()
        == "Alex"
    )


def test_with_a_drop_folder_the_feed_runs_on_the_configured_day_and_time():
    class Modules:
        def __init__(self):
            self.kinds, self.schedules = [], []

        def add_job(self, kind):
            self.kinds.append(kind.name)

        def add_schedule(self, schedule):
            self.schedules.append(schedule)

    class App:
        config = {"STAFF_FEED_FOLDER": "/srv/hr-drop", "STAFF_FEED_DAY": 2, "STAFF_FEED_AT": "05:30"}

    modules = Modules()
    feed.register(modules, App())
    assert modules.kinds == [feed.FEED_JOB]
    assert [(s.kind, s.crontab) for s in modules.schedules] == [
        (feed.FEED_JOB, {"day": "2", "hour": "5", "minute": "30"})
    ]
