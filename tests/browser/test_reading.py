"""Pages people can read: no table cell breaks inside a word, at a desktop width and on a 320 px phone.

Set WPQ_SCREENSHOTS to a folder to keep a full-page screenshot of each page at each width."""

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.browser.conftest import sign_in
from workforce.extensions import db
from workforce.kernel.demo import DEMO_PASSWORD, demo_email
from workforce.kernel.models import AuditEvent, User
from workforce.kernel.roles import Role

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


def _staff_record_with_changes(live_app) -> str:
    with live_app.app_context():
        return (
            db.session.execute(
                select(AuditEvent.record_id).where(AuditEvent.record_type == "Staff").order_by(AuditEvent.id)
            )
            .scalars()
            .first()
        )


def _pages(live_app):
    return [
        ("training-matrix", "academy-lead", "/academy/matrix"),
        ("team-caseloads", "team-manager", f"/caseloads/teams/{_team_manager_team_id(live_app)}"),
        (
            "audit-trail",
            "administrator",
            f"/admin/audit-trail?record_type=Staff&record_id={_staff_record_with_changes(live_app)}",
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
