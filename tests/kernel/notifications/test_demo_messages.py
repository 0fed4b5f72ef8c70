"""Every message built on the demo council is free of case references and of children's details."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from audits.models import CaseAudit, SafeguardingConcern
from workforce.caseloads.models import CaseloadCase
from workforce.kernel import clock
from workforce.kernel.notifications import services
from workforce.kernel.notifications.models import OutboxMessage
from workforce.kernel.notifications.rules import collect
from workforce.kernel.roles import Role


def free_texts(session) -> list[str]:
    """Text written about cases and children in audits and concerns: none of it may reach a message."""
    texts = list(session.execute(select(SafeguardingConcern.description)).scalars())
    for row in session.execute(
        select(
            CaseAudit.strengths,
            CaseAudit.areas_for_development,
            CaseAudit.family_feedback,
            CaseAudit.practitioner_comments,
        )
    ):
        texts.extend(value for value in row if value)
    return [text for text in texts if len(text) >= 20]


def test_no_message_built_on_the_demo_council_names_a_case_or_a_child(demo, demo_app):
    session = demo.database.session
    with demo_app.test_request_context():
        found = collect(clock.today())
        services.record_reminders(found)
        services.build_digests(clock.today())
    messages = list(session.execute(select(OutboxMessage)).scalars())
    # Enough messages, from every kind of rule below, for the scan to mean something (how many depends on
    # the day the demo is generated for).
    assert len(messages) >= 20
    assert {message.rule for message in messages} >= {
        "supervision-overdue",
        "audit-late",
        "audit-late-escalated",
        "audit-allocated",
        "digest",
    }
    references = set(session.execute(select(CaseAudit.case_reference)).scalars())
    references |= set(session.execute(select(CaseloadCase.case_reference)).scalars())
    assert len(references) > 100
    texts = free_texts(session)
    assert texts
    for message in messages:
        content = f"{message.subject}\n{message.body}\n{message.link or ''}"
        words = set(re.findall(r"[A-Za-z0-9/-]+", content))
        assert not words & references, f"{message.rule} names a case: {words & references}"
        for text in texts:
            assert text not in content, f"{message.rule} carries text written about a case"


@pytest.mark.parametrize("role", list(Role))
def test_every_roles_home_page_lists_what_needs_them(demo, role):
    demo.client_request.login(demo.users[role])
    page = demo.client_request.get("pages.home")
    section = page.find("section", attrs={"aria-labelledby": "what-needs-you-heading"})
    assert section.h2.get_text(strip=True) == "What needs you"
    if role is Role.SENIOR_LEADER:
        titles = [item.get_text(" ", strip=True) for item in section.select("li")]
        assert any(title.startswith("Late case-file audits escalated to you: ") for title in titles)
