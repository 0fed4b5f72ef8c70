import random
from datetime import date

from sqlalchemy import func, select

from tests.builders import create_team, create_user
from tests.people.builders import create_assignment, create_post, create_staff_member
from workforce.agency.demo import seed_agency
from workforce.agency.models import AgencyEngagement
from workforce.kernel.demo import DemoContext, load_demo
from workforce.kernel.roles import Role
from workforce.people.constants import EmploymentType, ReasonForLeaving
from workforce.recruitment import reports
from workforce.recruitment.constants import StageKind, VacancyStatus
from workforce.recruitment.demo import seed_recruitment
from workforce.recruitment.models import Application, Vacancy
from workforce.retention.demo import seed_retention
from workforce.retention.models import LeaverChecklist

AS_OF = date(2026, 11, 1)


def staff_records(count=12):
    team = create_team()
    posts = [create_post(team=team) for _ in range(count)]
    for index, post in enumerate(posts):
        create_assignment(create_staff_member(), post, start_date=date(2025, 6, 2 + index))
    leaver = create_assignment(
        post=posts[0],
        start_date=date(2020, 1, 6),
        end_date=date(2025, 1, 31),
        is_leaving=True,
        reason_for_leaving=ReasonForLeaving.RESIGNATION,
    )
    agency = create_staff_member(employment_type=EmploymentType.AGENCY)
    create_assignment(agency, posts[1], employment_type=EmploymentType.AGENCY, start_date=date(2026, 3, 2))
    return team, leaver


def context(team, seed=3):
    return DemoContext(
        size="small",
        seed=seed,
        as_of=AS_OF,
        rng=random.Random(seed),
        teams=[team],
        users={Role.HR: create_user(Role.HR), Role.TEAM_MANAGER: create_user(Role.TEAM_MANAGER)},
    )


def test_the_demo_council_loads_with_no_staff_records_and_adds_no_recruitment(db):
    load_demo("small", seed=1, as_of=AS_OF, only=["Recruitment: two years of vacancies and applicants"])
    assert db.session.execute(select(func.count()).select_from(Vacancy)).scalar_one() == 0


def test_demo_recruitment_links_each_starter_to_an_application_that_reached_start(db):
    team, _leaver = staff_records()
    seed_recruitment(context(team))
    started = db.session.execute(select(Application).where(Application.assignment_id.is_not(None))).scalars().all()
    assert len(started) == 12
    assert all(application.stage.kind is StageKind.STARTED for application in started)
    assert all(application.vacancy.status is VacancyStatus.FILLED for application in started)
    report = reports.recruitment_report()
    assert report.hires == 12
    assert report.funnel[0].reached > report.funnel[-1].reached
    assert report.offers_answered >= 12


def test_demo_recruitment_has_realistic_drop_out_with_coded_reasons(db):
    team, _leaver = staff_records()
    seed_recruitment(context(team))
    closed = db.session.execute(select(Application).where(Application.closure_reason.is_not(None))).scalars().all()
    kinds = {application.stage.kind for application in closed}
    assert {StageKind.REJECTED, StageKind.WITHDRAWN} <= kinds


def test_demo_recruitment_is_the_same_for_the_same_seed(db):
    team, _leaver = staff_records()
    hr = create_user(Role.HR)

    def fingerprint():
        savepoint = db.session.begin_nested()
        seed_recruitment(DemoContext("small", 5, AS_OF, random.Random(5), [team], {Role.HR: hr}))
        rows = db.session.execute(
            select(Application.source, Application.applied_on, Application.closure_reason).order_by(Application.id)
        ).all()
        savepoint.rollback()
        return rows

    first = fingerprint()
    assert len(first) > 12
    assert fingerprint() == first


def test_demo_agency_and_retention_build_on_the_staff_records(db):
    team, leaver = staff_records()
    seed_agency(context(team))
    seed_retention(context(team))
    engagement = db.session.execute(select(AgencyEngagement)).scalar_one()
    assert engagement.assignment.employment_type is EmploymentType.AGENCY
    checklist = db.session.execute(select(LeaverChecklist)).scalar_one()
    assert checklist.assignment_id == leaver.id


def test_every_page_renders_for_hr_on_demo_data(client_request, db):
    team, _leaver = staff_records()
    demo = context(team)
    seed_recruitment(demo)
    seed_agency(demo)
    seed_retention(demo)
    db.session.commit()
    client_request.login(demo.users[Role.HR])
    vacancy = db.session.execute(select(Vacancy).where(Vacancy.status == VacancyStatus.FILLED).limit(1)).scalar()
    application = vacancy.applications[-1]
    engagement = db.session.execute(select(AgencyEngagement)).scalar_one()
    client_request.get("recruitment.list_vacancies")
    client_request.get("recruitment.show_vacancy", vacancy_id=vacancy.id)
    page = client_request.get("recruitment.show_application", application_id=application.id)
    assert "Start confirmed" in page.get_text()
    client_request.get("recruitment.recruitment_report")
    client_request.get("agency.list_engagements")
    client_request.get("agency.compliance")
    client_request.get("agency.show_engagement", engagement_id=engagement.id)
    client_request.get("agency.price_caps")
    client_request.get("agency.download_return")
    client_request.get("retention.retention_page", _query={"start": "2024-11-01", "end": "2026-11-01"})
    client_request.get("retention.list_stay_interviews")
    client_request.get("retention.record_stay_interview")
    client_request.get("recruitment.raise_vacancy")
    client_request.get("agency.record_engagement")
