"""A team manager signs in and records a supervision session using the keyboard only.

Nothing is clicked or filled: the journey moves with Tab (and Shift+Tab), ticks boxes with Space, follows
links and submits with Enter, and types into whichever field has focus. Every element that takes focus
on the way must show it (GOV.UK's yellow focus state: an outline, a box shadow or the yellow background).
"""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from workforce.extensions import db
from workforce.kernel.demo import DEMO_PASSWORD

AGENDA = "Keyboard-only session: caseload and wellbeing"

#: Reads the focused element: its id, name, tag, text or label, and whether its focus can be seen.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== 'none'
    || style.backgroundColor === 'rgb(255, 221, 0)';
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  return {id: el.id, name: el.name || '', tag: el.tagName.toLowerCase(), type: el.type || '',
          text: (el.innerText || el.value || '').trim().slice(0, 80), label: label.trim(), visible: visible};
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def tab_to(page, matches, *, backwards: bool = False, limit: int = 120) -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches; each stop must show its focus."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        element = focused(page)
        if element is None:
            continue
        assert element["visible"], f"focus is not visible on {element}"
        seen.append(element["id"] or element["text"])
        if matches(element):
            return element
    raise AssertionError(f"Tab never reached the element; went through {seen[-15:]}")


def by_id(identifier: str):
    return lambda element: element["id"] == identifier


def by_text(text: str):
    return lambda element: element["text"] == text


def by_label(text: str):
    return lambda element: element["label"].startswith(text)


def test_a_team_manager_records_a_supervision_session_with_the_keyboard_only(page, live_app):
    page.goto("/sign-in")
    tab_to(page, by_id("email"))
    page.keyboard.type("team-manager@demo-borough.example")
    tab_to(page, by_id("password"))
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Sign in")

    # From the home page: the service navigation's Practice section, its Supervision page, then the record page.
    tab_to(page, by_text("Practice"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Practice")
    tab_to(page, by_text("Supervision"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/supervision/?$"))
    tab_to(page, lambda element: element["text"].startswith("Record") and element["tag"] in ("a", "button"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record supervision")

    # The supervisee list has focus on arrival; typing a name picks it.
    assert focused(page)["id"] == "supervisee"
    page.keyboard.type("Lewis Carter")
    expect(page.get_by_label("Supervisee", exact=True)).to_have_value(
        page.get_by_label("Supervisee", exact=True).locator("option", has_text="Lewis Carter").get_attribute("value")
    )
    tab_to(page, by_id("agenda"))
    page.keyboard.type(AGENDA)
    tab_to(page, by_label("Workload"))
    page.keyboard.press("Space")
    tab_to(page, by_label("Case reference 1"))
    page.keyboard.type("CR-778812")
    tab_to(page, by_label("Decision on case 1 recorded on the case file"))
    page.keyboard.press("Space")
    tab_to(page, by_label("Sign as supervisor now"))
    page.keyboard.press("Space")
    # Back up one stop and forward again: Shift+Tab moves focus back through the form too.
    tab_to(page, lambda element: element["label"] != "", backwards=True)
    tab_to(page, by_label("Sign as supervisor now"))
    tab_to(page, lambda element: element["type"] == "submit" or element["tag"] == "button")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision of Lewis Carter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Supervision of Lewis Carter saved")
    expect(page.get_by_text(AGENDA)).to_be_visible()

    from supervision.models import Supervision

    with live_app.app_context():
        saved = db.session.execute(select(Supervision).where(Supervision.agenda == AGENDA)).scalar_one()
        assert saved.supervisee.name == "Lewis Carter"
        assert "workload" in [str(topic) for topic in saved.topics]
        assert [case.case_reference for case in saved.cases] == ["CR-778812"]
        assert saved.cases[0].decision_recorded
        db.session.remove()
