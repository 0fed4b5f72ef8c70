"""Academy reminder rules: training expiring and expired (the person and their line manager), academy
notices such as a place offered from the waitlist (the person), ASYE reviews due (the worker, the assessor
and the academy lead), Social Work England renewal not yet ready (the person) and places waiting for a
manager's approval."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from academy import rules as academy_rules
from academy.constants import EnrolmentStatus
from academy.models import Completion, Course, CpdRecord, EarlyCareerRecord, EarlyCareerReview, Enrolment, Notice
from workforce.extensions import db
from workforce.kernel.notifications.rules import (
    NotificationRule,
    Reminder,
    RuleContext,
    team_managers,
    users_with_roles,
)
from workforce.kernel.roles import Role
from workforce.people.dao import current_assignments_by_staff, users_for_staff
from workforce.people.models import StaffMember


def _when(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _own_staff_id(context: RuleContext) -> int | None:
    if context.for_user is None:
        return None
    return db.session.execute(select(StaffMember.id).where(StaffMember.user_id == context.for_user.id)).scalar()


def _latest_completions(first: date, last: date, context: RuleContext):
    """(staff id, line manager id, staff name, course title, expires on) of each person's latest completion
    of a course, where it expires between the dates."""
    latest = (
        select(Completion.staff_id, Completion.course_id, func.max(Completion.completed_on).label("completed_on"))
        .where(Completion.withdrawn_at.is_(None))
        .group_by(Completion.staff_id, Completion.course_id)
    )
    own = None
    if context.for_user is not None:
        own = _own_staff_id(context)
        if own is None:
            return []
        # The person's and their direct reports' completions only, not every completion on record.
        people = select(StaffMember.id).where((StaffMember.id == own) | (StaffMember.line_manager_id == own))
        latest = latest.where(Completion.staff_id.in_(people))
    latest = latest.subquery()
    query = (
        select(
            StaffMember.id,
            StaffMember.line_manager_id,
            StaffMember.first_name,
            StaffMember.last_name,
            Course.title,
            Completion.expires_on,
        )
        .join(
            latest,
            (latest.c.staff_id == Completion.staff_id)
            & (latest.c.course_id == Completion.course_id)
            & (latest.c.completed_on == Completion.completed_on),
        )
        .join(StaffMember, StaffMember.id == Completion.staff_id)
        .join(Course, Course.id == Completion.course_id)
        .where(Completion.expires_on >= first, Completion.expires_on <= last, StaffMember.archived_at.is_(None))
        .order_by(Completion.expires_on, StaffMember.last_name)
    )
    if own is not None:
        query = query.where((StaffMember.id == own) | (StaffMember.line_manager_id == own))
    return db.session.execute(query).all()


def _training(context: RuleContext, rule: str, first: date, last: date, expired: bool) -> Iterator[Reminder]:
    rows = _latest_completions(first, last, context)
    accounts = users_for_staff({row[0] for row in rows} | {row[1] for row in rows if row[1]})
    link_own = url_for("academy.my_training")
    for staff_id, manager_id, first_name, last_name, course, expires_on in rows:
        verb = f"expired on {_when(expires_on)}" if expired else f"expires on {_when(expires_on)}"
        occasion = expires_on.isoformat()
        if staff_id in accounts:
            yield Reminder(
                rule,
                accounts[staff_id],
                f"Your {course} training {verb}",
                link_own,
                "Staff member",
                staff_id,
                f"{occasion}:{course}"[:60],
                details=("Book a session from your training page.",),
            )
        if manager_id in accounts and manager_id != staff_id:
            yield Reminder(
                rule,
                accounts[manager_id],
                f"{first_name} {last_name}'s {course} training {verb}",
                url_for("academy.training_matrix"),
                "Staff member",
                staff_id,
                f"{occasion}:{course}"[:60],
            )


def training_expiring(context: RuleContext) -> Iterator[Reminder]:
    within = int(context.settings["days_before"])
    yield from _training(
        context, "training-expiring", context.on + timedelta(days=1), context.on + timedelta(days=within), False
    )


def training_expired(context: RuleContext) -> Iterator[Reminder]:
    # `expires_on` is the first day a completion no longer counts; older expiries were told when they happened.
    since = int(context.settings["days_since_expiry"])
    yield from _training(context, "training-expired", context.on - timedelta(days=since), context.on, True)


def notices(context: RuleContext) -> Iterator[Reminder]:
    """The academy's messages to a person (a place offered from the waitlist, a place approved, a session
    cancelled), sent on by email as well as shown on their training page."""
    since = context.on - timedelta(days=int(context.settings["days_since"]))
    query = select(Notice).where(Notice.created_at >= since).order_by(Notice.id)
    own = _own_staff_id(context)
    if context.for_user is not None:
        if own is None:
            return
        query = query.where(Notice.staff_id == own)
    found = list(db.session.execute(query).scalars())
    accounts = users_for_staff(notice.staff_id for notice in found)
    for notice in found:
        if notice.staff_id in accounts:
            yield Reminder(
                "academy-notice",
                accounts[notice.staff_id],
                notice.message.rstrip("."),
                url_for("academy.my_training"),
                "Academy notice",
                notice.id,
                "sent",
            )


def asye_reviews(context: RuleContext) -> Iterator[Reminder]:
    within = context.on + timedelta(days=int(context.settings["days_before"]))
    query = (
        select(EarlyCareerReview)
        .options(joinedload(EarlyCareerReview.record).joinedload(EarlyCareerRecord.staff_member))
        .join(EarlyCareerRecord, EarlyCareerRecord.id == EarlyCareerReview.record_id)
        .where(
            EarlyCareerReview.held_on.is_(None),
            EarlyCareerReview.due_on >= context.on,
            EarlyCareerReview.due_on <= within,
            EarlyCareerRecord.outcome.is_(None),
        )
        .order_by(EarlyCareerReview.due_on)
    )
    reviews = list(db.session.execute(query).scalars())
    accounts = users_for_staff(
        {review.record.staff_id for review in reviews}
        | {review.record.assessor_id for review in reviews if review.record.assessor_id}
    )
    leads = users_with_roles(Role.ACADEMY_LEAD)
    for review in reviews:
        record = review.record
        link = url_for("academy.show_early_career_record", record_id=record.id)
        occasion = f"{review.month}:{review.due_on.isoformat()}"
        worker = accounts.get(record.staff_id)
        if worker is not None:
            yield Reminder(
                "asye-review-due",
                worker,
                f"Your {review.month}-month early-career review is due by {_when(review.due_on)}",
                url_for("academy.my_training"),
                "Early-career review",
                review.id,
                occasion,
            )
        others = [accounts.get(record.assessor_id)] + leads
        seen = {worker.id} if worker else set()
        for other in others:
            if other is None or other.id in seen:
                continue
            seen.add(other.id)
            yield Reminder(
                "asye-review-due",
                other,
                f"{record.staff_member}'s {review.month}-month early-career review is due by {_when(review.due_on)}",
                link,
                "Early-career review",
                review.id,
                occasion,
            )


def renewal(context: RuleContext) -> Iterator[Reminder]:
    """Social Work England: renewal window 1 September to 30 November; at least two CPD records in the
    registration year, at least one with peer reflection."""
    if not academy_rules.in_renewal_window(context.on):
        return
    year_end = academy_rules.registration_year_end(context.on)
    first, last = academy_rules.registration_year(year_end)
    query = select(StaffMember.id).where(
        StaffMember.archived_at.is_(None), StaffMember.swe_number.is_not(None), StaffMember.user_id.is_not(None)
    )
    if context.for_user is not None:
        query = query.where(StaffMember.user_id == context.for_user.id)
    staff_ids = list(db.session.execute(query).scalars())
    records: dict[int, list[tuple[date, bool]]] = {staff_id: [] for staff_id in staff_ids}
    for staff_id, recorded_on, peer in db.session.execute(
        select(CpdRecord.staff_id, CpdRecord.recorded_on, CpdRecord.peer_reflection).where(
            CpdRecord.staff_id.in_(staff_ids), CpdRecord.recorded_on >= first, CpdRecord.recorded_on <= last
        )
    ):
        records[staff_id].append((recorded_on, peer))
    accounts = users_for_staff(staff_ids)
    for staff_id in staff_ids:
        if staff_id not in accounts or academy_rules.renewal_ready(records[staff_id], year_end):
            continue
        count = len(records[staff_id])
        peer = any(p for _, p in records[staff_id])
        missing = (
            "no record with peer reflection"
            if count >= 2 and not peer
            else f"{count} CPD record{'s' if count != 1 else ''}"
        )
        yield Reminder(
            "registration-cpd",
            accounts[staff_id],
            f"Social Work England renewal is open and you have {missing} this year",
            url_for("academy.record_cpd"),
            "Staff member",
            staff_id,
            year_end.isoformat(),
            details=(
                f"Renew by {_when(year_end)}: Social Work England asks for at least two CPD records a year, "
                "at least one with peer reflection.",
            ),
        )


def places_to_approve(context: RuleContext) -> Iterator[Reminder]:
    enrolments = list(
        db.session.execute(
            select(Enrolment)
            .options(joinedload(Enrolment.session), joinedload(Enrolment.staff_member))
            .where(Enrolment.status == EnrolmentStatus.AWAITING_APPROVAL)
            .order_by(Enrolment.id)
        ).scalars()
    )
    assignments = current_assignments_by_staff(sorted({e.staff_id for e in enrolments}), context.on)
    managers = team_managers(a.team_id for found in assignments.values() for a in found)
    for enrolment in enrolments:
        for assignment in assignments.get(enrolment.staff_id, [])[:1]:
            for manager in managers.get(assignment.team_id, []):
                if manager.id == enrolment.staff_member.user_id:
                    continue
                yield Reminder(
                    "training-place-approval",
                    manager,
                    f"{enrolment.staff_member}'s place on {enrolment.session} is waiting for your approval",
                    url_for("academy.show_session", session_id=enrolment.session_id),
                    "Enrolment",
                    enrolment.id,
                    "awaiting",
                )


RULES = (
    NotificationRule(
        "training-expiring",
        "Training expiring",
        "The person and their line manager, when a course they hold expires within `days_before` days.",
        "academy",
        training_expiring,
        {"days_before": 30},
        page=lambda: url_for("academy.training_matrix"),
        order=30,
    ),
    NotificationRule(
        "training-expired",
        "Training expired",
        "The person and their line manager, once, when a course expired in the last `days_since_expiry` days.",
        "academy",
        training_expired,
        {"days_since_expiry": 30},
        page=lambda: url_for("academy.training_matrix"),
        order=31,
    ),
    NotificationRule(
        "academy-notice",
        "Training places and sessions",
        "The person, when the academy offers them a place from the waitlist, decides on a place or cancels a "
        "session (notices of the last `days_since` days).",
        "academy",
        notices,
        {"days_since": 2},
        page=lambda: url_for("academy.my_training"),
        order=32,
    ),
    NotificationRule(
        "asye-review-due",
        "Early-career reviews due",
        "The worker, their assessor and the academy leads, when an ASYE review is due within `days_before` days.",
        "academy",
        asye_reviews,
        {"days_before": 14},
        page=lambda: url_for("academy.early_career_cohorts"),
        order=33,
    ),
    NotificationRule(
        "registration-cpd",
        "Social Work England renewal",
        "The person, in the renewal window, while they have fewer than two CPD records this registration year "
        "or none with peer reflection.",
        "academy",
        renewal,
        {},
        page=lambda: url_for("academy.my_training"),
        order=34,
    ),
    NotificationRule(
        "training-place-approval",
        "Training places to approve",
        "The team manager, when someone in their team books a place that needs approval.",
        "academy",
        places_to_approve,
        {},
        order=35,
    ),
)
