"""Actions that freeze or close something ask first: the confirmation page says what will happen and nothing
changes until it is confirmed. Also: the case-file audit form lists every problem in one submit."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select

from audits.constants import AuditStatus
from audits.models import CaseAudit, Moderation
from tests.browser.conftest import sign_in
from workforce.extensions import db
from workforce.improvement import dao as plan_dao
from workforce.improvement import periods
from workforce.improvement import services as plan_services
from workforce.improvement.constants import ActionStatus, Rating
from workforce.improvement.models import Action, ActionUpdate
from workforce.kernel import clock
from workforce.kernel.dates import add_months, month_start
from workforce.kernel.demo import DEMO_PASSWORD, demo_email
from workforce.kernel.models import User
from workforce.kernel.roles import Role


def _user(role: Role) -> User:
    return db.session.execute(select(User).where(User.email == demo_email(role.value))).scalar_one()


def test_publishing_a_month_asks_first_and_changes_nothing_until_confirmed(page, live_app):
    with live_app.app_context():
        month = add_months(month_start(clock.today()), -30)
        periods.compute_period(month)
        db.session.commit()
        db.session.remove()
    label = f"{month:%B %Y}"
    sign_in(page, demo_email(Role.SENIOR_LEADER.value), DEMO_PASSWORD)
    page.goto("/improvement/periods")
    page.get_by_role("button", name=f"Publish {label} to committee").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Publish {label} to committee?")
    expect(page.locator("[data-confirmation]")).to_contain_text("Committee viewers")
    with live_app.app_context():
        assert not plan_dao.get_period(month).published
        db.session.remove()
    page.get_by_role("link", name="Cancel: change nothing").click()
    page.get_by_role("button", name=f"Publish {label} to committee").click()
    page.get_by_role("button", name=f"Publish {label} to committee").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{label} published to committee")
    with live_app.app_context():
        assert plan_dao.get_period(month).published
        db.session.remove()


def test_signing_off_an_action_asks_for_a_comment_and_evidence_then_confirmation(page, live_app):
    with live_app.app_context():
        owner = _user(Role.HR)
        strand = plan_dao.list_plans()[0].strands[0]
        action = plan_services.create_action(strand, "Publish the caseload policy", owner, date(2026, 1, 31))
        db.session.add(
            ActionUpdate(action=action, text="Done", status=ActionStatus.AWAITING_SIGN_OFF, rating=Rating.GREEN)
        )
        action.status = ActionStatus.AWAITING_SIGN_OFF
        plan_services.add_document(action, "caseload-policy.pdf", b"%PDF-1.4 policy", owner)
        db.session.commit()
        action_id = action.id
        db.session.remove()
    sign_in(page, demo_email(Role.SENIOR_LEADER.value), DEMO_PASSWORD)
    page.goto(f"/improvement/actions/{action_id}")
    page.get_by_role("button", name="Sign the action off").click()
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a comment on what was delivered")
    expect(summary).to_contain_text("Select the evidence you checked")
    page.get_by_label("Comment on what was delivered").fill("Policy agreed by the leadership team.")
    page.get_by_label("Document: caseload-policy.pdf").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign off Publish the caseload policy?")
    expect(page.locator("[data-confirmation]")).to_contain_text("Document: caseload-policy.pdf")
    with live_app.app_context():
        assert db.session.get(Action, action_id).status is ActionStatus.AWAITING_SIGN_OFF
        db.session.remove()
    page.get_by_role("button", name="Sign the action off").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Action signed off")
    with live_app.app_context():
        assert db.session.get(Action, action_id).status is ActionStatus.SIGNED_OFF
        db.session.remove()
    page.get_by_role("button", name="Reopen the action").click()
    page.get_by_label("Why is the action being reopened?").fill("The policy was withdrawn for redrafting.")
    page.get_by_label("Amber").check()
    page.get_by_role("button", name="Reopen the action").click()
    expect(page.locator("main")).to_contain_text("Reopened: The policy was withdrawn for redrafting.")


def test_a_moderation_outcome_asks_first_and_offers_no_grade_in_advance(page, live_app):
    with live_app.app_context():
        moderator = _user(Role.QA_OFFICER)
        audit = (
            db.session.execute(
                select(CaseAudit)
                .where(CaseAudit.status == AuditStatus.SUBMITTED, CaseAudit.auditor_id != moderator.id)
                .where(~CaseAudit.id.in_(select(Moderation.audit_id)))
                .order_by(CaseAudit.id)
            )
            .scalars()
            .first()
        )
        moderation = Moderation(audit=audit, selected_because="sample", auditor_grade=audit.overall_grade)
        db.session.add(moderation)
        db.session.commit()
        moderation_id, reference, grade = moderation.id, audit.case_reference, audit.overall_grade.label
        db.session.remove()
    sign_in(page, demo_email(Role.QA_OFFICER.value), DEMO_PASSWORD)
    page.goto(f"/audits/moderation/{moderation_id}")
    page.get_by_role("button", name="Record moderation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the moderated overall grade")
    page.get_by_label("Moderated overall grade").select_option(label=grade)
    domains = page.locator("select[name^=domain_]")
    for index in range(domains.count()):
        auditor_grade = domains.nth(index).locator("xpath=..").inner_text()
        domains.nth(index).select_option(label=auditor_grade.split("Auditor's grade: ")[1].split("\n")[0].strip())
    page.get_by_role("button", name="Record moderation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Record this moderation of {reference}?")
    expect(page.locator("[data-confirmation]")).to_contain_text(f"{grade} (agreed)")
    with live_app.app_context():
        assert db.session.get(Moderation, moderation_id).moderated_on is None
        db.session.remove()
    page.get_by_role("button", name="Record moderation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Moderation of {reference} recorded")
    with live_app.app_context():
        assert db.session.get(Moderation, moderation_id).moderated_on is not None
        db.session.remove()


def test_deactivating_a_user_asks_first(page, live_app):
    with live_app.app_context():
        person = _user(Role.PRACTICE_SUPERVISOR)
        person_id, name = person.id, person.name
        db.session.remove()
    sign_in(page, demo_email(Role.ADMINISTRATOR.value), DEMO_PASSWORD)
    page.goto(f"/admin/users/{person_id}")
    page.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Deactivate {name}?")
    with live_app.app_context():
        assert db.session.get(User, person_id).is_active
        db.session.remove()
    page.get_by_role("button", name=f"Deactivate {name}").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{name} has been deactivated")
    with live_app.app_context():
        user = db.session.get(User, person_id)
        assert not user.is_active
        user.deactivated_at = None
        db.session.commit()
        db.session.remove()


def test_the_audit_form_reports_every_missing_answer_in_one_submit(page, live_app):
    sign_in(page, demo_email(Role.TEAM_MANAGER.value), DEMO_PASSWORD)
    page.goto("/audits")
    page.get_by_role("table", name="Audits allocated to you").get_by_role("link").first.click()
    page.get_by_role("button", name="Record the audit").click()
    # count() does not wait: let the audit form load before counting its domains.
    expect(page.get_by_role("button", name="Submit audit")).to_be_visible()
    domains = page.locator("select[name^=domain_]").count()
    assert domains > 0
    date_group = page.get_by_role("group", name="Date of the audit", exact=True)
    for part in ("Day", "Month", "Year"):
        date_group.get_by_label(part).fill("")
    page.get_by_role("button", name="Submit audit").click()
    items = page.locator(".govuk-error-summary__list li")
    expect(items.first).to_be_visible()
    texts = items.all_inner_texts()
    assert "Enter the date of the audit" in texts
    assert "Select the overall grade" in texts
    assert "Enter a summary of the conversation with the practitioner" in texts
    assert sum(text.startswith("Select a grade for ") for text in texts) == domains
    assert len(texts) == domains + 3
