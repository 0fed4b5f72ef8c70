"""The academy lead creates a session, a worker joins its waitlist, a cancellation promotes them, and
attendance is taken, in a real browser."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import fill_date, sign_in
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.demo import DEMO_PASSWORD, demo_email
from workforce.kernel.models import Team, User
from workforce.kernel.roles import Role
from workforce.people.constants import CensusRole, EmploymentType
from workforce.people.models import Assignment, StaffMember


def _staff_in_team(team: Team, first: str, last: str, number: str, user: User | None = None) -> StaffMember:
    staff = StaffMember(
        employee_number=number,
        first_name=first,
        last_name=last,
        employment_type=EmploymentType.PERMANENT,
        user_id=user.id if user else None,
    )
    db.session.add(staff)
    db.session.add(
        Assignment(
            staff_member=staff,
            team=team,
            census_role=CensusRole.CASE_HOLDER,
            employment_type=EmploymentType.PERMANENT,
            fte=1.0,
            start_date=date(2024, 1, 8),
        )
    )
    return staff


@pytest.fixture
def people(live_app):
    """The demo social worker with a staff record (made here if the demo has none) and a colleague."""
    with live_app.app_context():
        worker = db.session.execute(select(User).where(User.email == demo_email(Role.SOCIAL_WORKER.value))).scalar_one()
        team = worker.team
        staff = db.session.execute(select(StaffMember).where(StaffMember.user_id == worker.id)).scalar()
        if staff is None:
            staff = _staff_in_team(team, "Lewis", "Carter", "ACAD-JOURNEY-1", worker)
        colleague = _staff_in_team(team, "Fiona", "Filler", "ACAD-JOURNEY-2")
        db.session.commit()
        names = (staff.name, colleague.name)
        db.session.remove()
    return names


def _move_session_to_yesterday(live_app, session_url: str) -> None:
    """The day of the session passes: a register is taken from the session's day, not before."""
    from academy.models import TrainingSession

    with live_app.app_context():
        session = db.session.get(TrainingSession, int(session_url.rstrip("/").split("/")[-1]))
        shift = clock.as_utc(session.starts_at).date() - (clock.today() - timedelta(days=1))
        session.starts_at = clock.as_utc(session.starts_at) - shift
        session.ends_at = clock.as_utc(session.ends_at) - shift
        db.session.commit()
        db.session.remove()


def test_a_cancellation_promotes_the_worker_from_the_waitlist_and_attendance_is_taken(page, people, live_app):
    worker_name, colleague_name = people
    session_day = (clock.today() + timedelta(days=14)).isoformat()

    sign_in(page, demo_email("academy-lead"), DEMO_PASSWORD)
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Academy").click()
    page.get_by_role("main").get_by_role("link", name="Academy", exact=True).click()
    page.get_by_role("link", name="Create a session").click()
    page.get_by_label("Course").select_option(label="Mandatory training: Court skills")
    fill_date(page, "Date", session_day)
    page.get_by_label("Start time").fill("09:30")
    page.get_by_label("Finish time").fill("16:30")
    page.get_by_label("Venue").fill("Civic Centre, Room 2")
    page.get_by_label("Facilitator").fill("Ruth Ahmed")
    page.get_by_label("Places", exact=True).fill("1")
    page.get_by_role("button", name="Create session").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Court skills")
    session_url = page.url
    page.get_by_label("Person").select_option(label=f"{colleague_name} (ACAD-JOURNEY-2)")
    page.get_by_role("button", name="Book a place").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{colleague_name}: enrolled")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, demo_email("social-worker"), DEMO_PASSWORD)
    page.goto(session_url)
    page.get_by_role("button", name="Join the waitlist").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("you are on the waitlist")
    expect(page.locator("#your-place-status")).to_contain_text("Waitlisted")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, demo_email("academy-lead"), DEMO_PASSWORD)
    page.goto(session_url)
    page.get_by_role("button", name=f"Cancel place of {colleague_name}").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"{worker_name} moved from the waitlist into the place"
    )
    _move_session_to_yesterday(live_app, session_url)
    page.get_by_role("button", name="Take the register").click()
    page.get_by_label(f"Attendance of {worker_name}").select_option("present")
    page.get_by_label(f"Remarks about {worker_name}").fill("Stayed for the whole day")
    page.get_by_role("button", name="Save the register").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Register saved")
    places = page.get_by_role("table").filter(has_text=worker_name)
    expect(places).to_contain_text("Present")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, demo_email("social-worker"), DEMO_PASSWORD)
    page.goto("/academy/my-training")
    expect(page.locator("#academy-notices")).to_contain_text("became free and is now yours")
    expect(page.get_by_role("link", name="Give feedback")).to_be_visible()
