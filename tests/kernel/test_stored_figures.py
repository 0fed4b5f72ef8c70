"""Stored figures: equal to the registry's computation, made stale precisely, recomputed once per measure."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, select

from tests.builders import create_team, create_user
from tests.people.builders import create_assignment, create_post, create_staff_member
from workforce.extensions import db as database
from workforce.kernel import clock, freshness, passwords, stored_figures
from workforce.kernel.contract import registry
from workforce.kernel.measures import MeasureScope
from workforce.kernel.models import StaleMeasure, StoredFigure
from workforce.kernel.roles import Role

NOW = datetime(2026, 11, 24, 10, 42, tzinfo=UTC)


@pytest.fixture
def council(app, db, frozen_clock, monkeypatch):
    """Two teams with people in post, a leaver, and no stale measures to begin with."""
    frozen_clock.set(NOW)
    monkeypatch.setitem(app.config, "STORED_FIGURE_MONTHS", 2)
    first, second = create_team(name="Assessment 1"), create_team(name="Fostering")
    posts = [create_post(team=first), create_post(team=second)]
    create_assignment(create_staff_member(), posts[0], start_date=date(2024, 1, 1))
    create_assignment(create_staff_member(), posts[1], start_date=date(2024, 1, 1), fte=0.5)
    create_assignment(create_staff_member(), posts[0], start_date=date(2024, 1, 1), end_date=date(2026, 10, 15))
    database.session.execute(delete(StaleMeasure))
    database.session.commit()
    return {"teams": (first, second), "posts": posts}


def stale() -> dict[str, int]:
    return dict(database.session.execute(select(StaleMeasure.measure_id, StaleMeasure.version)).all())


def test_each_stored_figure_equals_the_registrys_computation(council):
    measure_ids = ["inpost_fte", "leavers_fte", "turnover_rate_fte"]
    stored = stored_figures.refresh(measure_ids)
    months = stored_figures.stored_months()
    scopes = stored_figures.all_scopes()
    assert months == [(date(2026, 9, 1), date(2026, 9, 30)), (date(2026, 10, 1), date(2026, 10, 31))] + [
        (date(2026, 11, 1), date(2026, 11, 24))
    ]
    assert stored == len(measure_ids) * len(months) * len(scopes)
    for measure_id in measure_ids:
        for first, last in months:
            for scope in scopes:
                row = database.session.execute(
                    select(StoredFigure).where(
                        StoredFigure.measure_id == measure_id,
                        StoredFigure.month == first,
                        StoredFigure.scope_key == stored_figures.scope_key(scope),
                    )
                ).scalar_one()
                expected = registry().measures.compute(measure_id, first, last, scope)
                assert (row.numerator, row.denominator, row.value) == (
                    expected.numerator,
                    expected.denominator,
                    expected.value,
                )
                assert row.period_end == last
                assert clock.as_utc(row.computed_at) == NOW
    october = stored_figures.figure("inpost_fte", date(2026, 10, 1), date(2026, 10, 31))
    assert october.stored and october.value == 1.5


def test_a_change_to_a_table_a_measure_reads_marks_just_that_measure_stale(council):
    create_assignment(create_staff_member(), council["posts"][1], start_date=date(2026, 11, 2))
    marked = stale()
    reading_assignments = {m.id for m in registry().measures if "assignments" in m.reads}
    assert "inpost_fte" in marked
    assert set(marked) == reading_assignments | {m.id for m in registry().measures if "staff" in m.reads}
    assert "audits_good_or_better" not in marked
    assert "supervision-signed-within-5-working-days" not in marked


def test_a_sign_in_and_an_audit_trail_entry_make_nothing_stale(council, client):
    user = create_user(Role.HR, email="signing.in@example.gov.uk")
    user.password_hash = passwords.hash_password("a long enough password 1")
    database.session.execute(delete(StaleMeasure))
    database.session.commit()
    page = client.get("/sign-in")
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/sign-in",
        data={"csrf_token": token, "email": "signing.in@example.gov.uk", "password": "a long enough password 1"},
    )
    assert response.status_code == 302
    database.session.expire_all()
    assert database.session.get(type(user), user.id).last_signed_in_at is not None
    assert stale() == {}


def test_many_saves_make_a_measure_stale_once_and_it_is_recomputed_once(council, monkeypatch):
    assignment = create_assignment(create_staff_member(), council["posts"][0], start_date=date(2026, 11, 2))
    for fte in (0.6, 0.7, 0.8):
        assignment.fte = fte
        database.session.commit()
    assert stale()["inpost_fte"] == 4  # one row, raised by each of the four commits
    recomputed = []
    original = stored_figures.compute

    def compute(ids, today=None, progress=None):
        recomputed.extend(ids)
        return original(ids, today, progress)

    monkeypatch.setattr(stored_figures, "compute", compute)
    done = stored_figures.refresh_stale()
    database.session.commit()
    assert sorted(recomputed) == sorted(done)
    assert recomputed.count("inpost_fte") == 1
    assert stale() == {}
    assert stored_figures.figure("inpost_fte", date(2026, 11, 1), date(2026, 11, 24)).value == pytest.approx(
        1 + 0.5 + 0.8
    )


def test_a_save_during_a_recompute_leaves_the_measure_stale(council, monkeypatch):
    create_assignment(create_staff_member(), council["posts"][0], start_date=date(2026, 11, 2))
    original = stored_figures.compute

    def compute_while_someone_saves(ids, today=None, progress=None):
        rows = original(ids, today, progress)
        create_assignment(create_staff_member(), council["posts"][1], start_date=date(2026, 11, 3))
        return rows

    monkeypatch.setattr(stored_figures, "compute", compute_while_someone_saves)
    stored_figures.refresh_stale()
    database.session.commit()
    assert "inpost_fte" in stale()


def test_a_save_starts_one_recompute_job_however_many_saves_follow(council, app, monkeypatch):
    from workforce.kernel import jobs

    monkeypatch.setitem(app.config, "FIGURES_REFRESH_ON_SAVE", True)
    assignment = create_assignment(create_staff_member(), council["posts"][0], start_date=date(2026, 11, 2))
    for fte in (0.6, 0.7):
        assignment.fte = fte
        database.session.commit()
    waiting = database.session.execute(
        select(jobs.Job).where(jobs.Job.kind == stored_figures.REFRESH_JOB, jobs.Job.status == jobs.JobStatus.QUEUED)
    ).scalars()
    assert len(list(waiting)) == 1
    jobs.run_ready()
    database.session.expire_all()
    assert stale() == {}
    job = database.session.execute(select(jobs.Job).where(jobs.Job.kind == stored_figures.REFRESH_JOB)).scalar_one()
    assert job.status is jobs.JobStatus.DONE
    assert stored_figures.figure("inpost_fte", date(2026, 11, 1), date(2026, 11, 24)).stored


def test_a_page_with_figures_says_when_they_were_computed(council, client_request):
    freshness.clear()
    client_request.login(create_user(Role.SENIOR_LEADER))
    page = client_request.get("caseloads.home")
    assert page.select_one(".wpq-figures-as-at").get_text(strip=True) == "Figures as at 10:42 UTC"


def test_the_api_gives_the_stored_figure_with_the_time_it_was_computed(council, app, frozen_clock):
    stored_figures.refresh(["inpost_fte"])
    database.session.commit()
    frozen_clock.set(datetime(2026, 11, 24, 11, 5, tzinfo=UTC))
    figure = stored_figures.figure("inpost_fte", date(2026, 10, 1), date(2026, 10, 31), MeasureScope.council())
    assert figure.stored and clock.as_utc(figure.computed_at) == NOW
    live = stored_figures.figure("inpost_fte", date(2026, 10, 2), date(2026, 10, 31), MeasureScope.council())
    assert not live.stored and live.value == figure.value


def test_every_measure_declares_the_tables_its_sql_reads(council):
    team = council["teams"][0]
    for measure in registry().measures:
        read: set[str] = set()
        for scope in (
            MeasureScope.council(),
            MeasureScope.team(team.id),
            MeasureScope.service_area(team.service_area_id),
        ):
            for first, last in stored_figures.stored_months():
                freshness.clear()
                _, tables = freshness.tables_read(
                    lambda first=first, last=last, scope=scope, measure=measure: measure.compute(first, last, scope)
                )
                read |= tables
        assert measure.reads, f"{measure.id} declares no tables"
        assert read <= measure.reads, f"{measure.id} reads {sorted(read - measure.reads)} it does not declare"
