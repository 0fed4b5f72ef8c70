"""Pages people can read: no table cell breaks inside a word, at a desktop width and on a 320 px phone.

Set WPQ_SCREENSHOTS to a folder to keep a full-page screenshot of each page at each width."""

import os
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.browser.conftest import sign_in
from workforce.extensions import db
from workforce.kernel import audit_trail
from workforce.kernel.demo import DEMO_PASSWORD, demo_email
from workforce.kernel.models import Team, User
from workforce.kernel.roles import Role
from workforce.people import services
from workforce.people.constants import CensusRole, EmploymentType, LeaverDestination, ReasonForLeaving
from workforce.people.models import StaffMember

#: Every word inside a table cell whose letters sit on more than one line. Hyphens and dashes are places a
#: line may break, so the parts either side count as words of their own.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('main table td, main table th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const pattern = /[^\\s\\-\\u2013\\u2014]+/g;
      let match;
      while ((match = pattern.exec(node.textContent))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def _team_manager_team_id(live_app) -> int:
    with live_app.app_context():
        manager = db.session.execute(select(User).where(User.role == Role.TEAM_MANAGER)).scalars().first()
        return manager.managed_teams[0].id


def _leaver_assignment(live_app) -> int:
    """A person who joined and left through the staff services, so the trail holds their changes."""
    with live_app.app_context():
        existing = db.session.execute(
            select(StaffMember).where(StaffMember.employee_number == "READ-0001")
        ).scalar_one_or_none()
        if existing is None:
            team = db.session.execute(
                select(Team).where(Team.name.like("Assessment Team%")).order_by(Team.id)
            ).scalars()
            team = list(team)[-1]
            with audit_trail.acting_as("Browser test"):
                existing = services.create_staff_member(
                    employee_number="READ-0001",
                    first_name="Rosalind",
                    last_name="Featherstonehaugh-Whitworth",
                    employment_type=EmploymentType.PERMANENT,
                )
                services.start_assignment(
                    existing, start_date=date(2025, 4, 7), team=team, census_role=CensusRole.CASE_HOLDER, fte=1.0
                )
                services.record_leaver(
                    existing,
                    last_day=date(2026, 1, 31),
                    reason=ReasonForLeaving.RESIGNATION,
                    destination=LeaverDestination.DIFFERENT_LA_IN_ENGLAND,
                )
            db.session.commit()
        assignment_id = existing.assignments[0].id
        db.session.remove()
        return assignment_id


def _pages(live_app):
    return [
        ("training-matrix", "academy-lead", "/academy/matrix"),
        ("team-caseloads", "team-manager", f"/caseloads/teams/{_team_manager_team_id(live_app)}"),
        (
            "audit-trail",
            "administrator",
            f"/admin/audit-trail?record_type=Assignment&record_id={_leaver_assignment(live_app)}",
        ),
        ("workforce-dashboard", "senior-leader", "/workforce-dashboard"),
    ]


@pytest.mark.parametrize("width", [1280, 320])
def test_no_table_cell_breaks_inside_a_word(page, live_app, width):
    page.set_viewport_size({"width": width, "height": 900})
    screenshots = os.environ.get("WPQ_SCREENSHOTS")
    signed_in_as = None
    for name, local_part, path in _pages(live_app):
        if local_part != signed_in_as:
            page.context.clear_cookies()
            sign_in(page, demo_email(local_part), DEMO_PASSWORD)
            signed_in_as = local_part
        page.goto(path)
        assert page.locator("main table").count(), f"{name} shows no table"
        if screenshots:
            page.screenshot(path=str(Path(screenshots) / f"{name}-{width}.png"), full_page=True)
        assert page.evaluate(BROKEN_WORDS) == [], f"{name} at {width} px breaks these words"
