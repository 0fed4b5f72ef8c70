"""Improvement-plan reminder rules: a progress update due before the next committee, overdue actions (the
owner), and actions complete and awaiting a senior leader's sign-off (the approver)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from workforce.extensions import db
from workforce.improvement.constants import ActionStatus
from workforce.improvement.models import Action, ActionUpdate
from workforce.improvement.services import can_sign_off
from workforce.kernel.notifications.rules import NotificationRule, Reminder, RuleContext, days, users_with_roles
from workforce.kernel.roles import Role

OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


def _when(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _open_actions(context: RuleContext, *conditions) -> list[Action]:
    query = select(Action).options(joinedload(Action.owner)).where(Action.status.in_(OPEN_STATUSES), *conditions)
    if context.for_user is not None:
        query = query.where(Action.owner_id == context.for_user.id)
    return list(db.session.execute(query.order_by(Action.due_date, Action.id)).scalars())


def _committee_dates(context: RuleContext) -> list[date]:
    found = []
    for value in context.settings.get("committee_dates") or []:
        try:
            found.append(date.fromisoformat(str(value)))
        except ValueError:
            continue
    return sorted(found)


def update_due(context: RuleContext) -> Iterator[Reminder]:
    """Updates are due `days_before_committee` days before the next committee; owners are told from
    `remind_days_ahead` days before that, unless they have written an update since the last committee."""
    dates = _committee_dates(context)
    before = int(context.settings["days_before_committee"])
    ahead = int(context.settings["remind_days_ahead"])
    upcoming = [day for day in dates if day - timedelta(days=before) >= context.on]
    if not upcoming:
        return
    committee = upcoming[0]
    due = committee - timedelta(days=before)
    if (due - context.on).days > ahead:
        return
    previous = [day for day in dates if day < committee]
    since = previous[-1] if previous else committee - timedelta(days=90)
    actions = _open_actions(context)
    last_update = dict(
        db.session.execute(
            select(ActionUpdate.action_id, func.max(ActionUpdate.written_at))
            .where(ActionUpdate.action_id.in_([action.id for action in actions]))
            .group_by(ActionUpdate.action_id)
        ).all()
    )
    for action in actions:
        written = last_update.get(action.id)
        if written is not None and written.date() > since:
            continue
        yield Reminder(
            "action-update-due",
            action.owner,
            f'A progress update on the action "{action.title}" is due by {_when(due)}',
            url_for("improvement.add_update", action_id=action.id),
            "Improvement action",
            action.id,
            committee.isoformat(),
            details=(f"The committee meets on {_when(committee)}.",),
        )


def overdue(context: RuleContext) -> Iterator[Reminder]:
    for action in _open_actions(context, Action.due_date < context.on):
        late = (context.on - action.due_date).days
        yield Reminder(
            "action-overdue",
            action.owner,
            f'The action "{action.title}" is {days(late)} overdue',
            url_for("improvement.show_action", action_id=action.id),
            "Improvement action",
            action.id,
            action.due_date.isoformat(),
            details=(f"It was due on {_when(action.due_date)}.",),
        )


def awaiting_sign_off(context: RuleContext) -> Iterator[Reminder]:
    actions = list(
        db.session.execute(
            select(Action).where(Action.status == ActionStatus.AWAITING_SIGN_OFF).order_by(Action.id)
        ).scalars()
    )
    if not actions:
        return
    latest = dict(
        db.session.execute(
            select(ActionUpdate.action_id, func.max(ActionUpdate.id))
            .where(ActionUpdate.action_id.in_([action.id for action in actions]))
            .group_by(ActionUpdate.action_id)
        ).all()
    )
    approvers = users_with_roles(Role.SENIOR_LEADER)
    if context.for_user is not None:
        approvers = [user for user in approvers if user.id == context.for_user.id]
    for action in actions:
        for approver in approvers:
            if not can_sign_off(action, approver):
                continue
            yield Reminder(
                "action-sign-off",
                approver,
                f'The action "{action.title}" is complete and waiting for your sign-off',
                url_for("improvement.show_action", action_id=action.id),
                "Improvement action",
                action.id,
                f"update-{latest.get(action.id, 0)}",
            )


RULES = (
    NotificationRule(
        "action-update-due",
        "Progress updates due before committee",
        "The action's owner, `remind_days_ahead` days before an update is due (`days_before_committee` days "
        "before the next of the `committee_dates`), unless they have updated since the last committee.",
        "improvement",
        update_due,
        {"committee_dates": [], "days_before_committee": 10, "remind_days_ahead": 7},
        page=lambda: url_for("improvement.list_plans"),
        order=40,
    ),
    NotificationRule(
        "action-overdue",
        "Improvement actions overdue",
        "The action's owner, once, when an action passes its due date without being completed.",
        "improvement",
        overdue,
        {},
        page=lambda: url_for("improvement.list_plans"),
        order=41,
    ),
    NotificationRule(
        "action-sign-off",
        "Improvement actions to sign off",
        "Senior leaders who may sign the action off, when it is complete and awaiting sign-off.",
        "improvement",
        awaiting_sign_off,
        {},
        page=lambda: url_for("improvement.list_plans"),
        order=42,
    ),
)
