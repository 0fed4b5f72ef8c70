"""Reminder rules: each module registers what it tells whom, and the kernel asks every rule in a round.

A rule is a function of a `RuleContext` (the day, the rule's settings, optionally one person) that
returns `Reminder`s. The kernel records each reminder once in the outbox (its key is rule, record,
recipient and occasion), sends or holds it for a digest, and lists the same reminders as "What needs
you" on the recipient's home page (docs/notifications.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workforce.extensions import db
from workforce.kernel import settings as kernel_settings
from workforce.kernel.contract import registry
from workforce.kernel.models import Team, User
from workforce.kernel.roles import Role

SETTING_PREFIX = "notifications.rule."


@dataclass(frozen=True)
class Reminder:
    """One thing one person should be told. Text carries no child's details and no case reference."""

    rule: str
    recipient: User
    #: One line, for the subject and for a digest ("Supervision for Lewis Worker is 16 days overdue").
    summary: str
    #: The path of the page where the thing is done.
    link: str
    record_type: str
    record_id: int | str
    #: What makes this occurrence distinct: a new due date is a new reminder.
    occasion: str
    #: More lines for a message of its own (none of them about a child).
    details: tuple[str, ...] = ()
    #: Sent at once whatever the person chose (an immediate safeguarding concern).
    urgent: bool = False

    @property
    def key(self) -> str:
        return f"{self.rule}:{self.record_type}:{self.record_id}:{self.recipient.id}:{self.occasion}"[:200]


@dataclass(frozen=True)
class RuleContext:
    on: date
    settings: dict[str, Any]
    #: When set, only reminders for this person are wanted (the home page); rules may narrow their queries.
    for_user: User | None = None

    def wants(self, user: User | None) -> bool:
        return user is not None and user.is_active and (self.for_user is None or user.id == self.for_user.id)


@dataclass(frozen=True)
class NotificationRule:
    key: str
    #: As listed on the home page and in the dry run ("Supervision overdue").
    title: str
    #: Who is told what, when (shown by `wpq notifications rules`).
    description: str
    module: str
    find: Callable[[RuleContext], Iterable[Reminder]]
    #: The rule's settings and their defaults; a council changes them with `wpq notifications set`.
    defaults: dict[str, Any] = field(default_factory=dict)
    #: The list page for the home page's count (None: the single reminder's own link).
    page: Callable[[], str] | None = None
    order: int = 100


def rules() -> list[NotificationRule]:
    return sorted(registry().notification_rules.values(), key=lambda rule: (rule.order, rule.key))


def rule_settings(rule: NotificationRule) -> dict[str, Any]:
    """The rule's defaults with the council's changes over them; `enabled` is True unless switched off."""
    stored = kernel_settings.get(SETTING_PREFIX + rule.key) or {}
    return {"enabled": True, **rule.defaults, **dict(stored.items())}


def put_rule_setting(rule: NotificationRule, name: str, value: Any, user_id: int | None = None) -> None:
    if name != "enabled" and name not in rule.defaults:
        raise KeyError(f"The rule {rule.key!r} has no setting {name!r}.")
    stored = dict(kernel_settings.get(SETTING_PREFIX + rule.key) or {})
    stored[name] = value
    kernel_settings.put(SETTING_PREFIX + rule.key, stored, user_id)


def collect(
    on: date, for_user: User | None = None, only: Iterable[str] | None = None
) -> list[tuple[NotificationRule, Reminder]]:
    """Every reminder of every switched-on rule (or of the `only` rules) on the day, for one person or all."""
    found = []
    wanted = None if only is None else set(only)
    for rule in rules():
        if wanted is not None and rule.key not in wanted:
            continue
        values = rule_settings(rule)
        if not values.get("enabled", True):
            continue
        context = RuleContext(on=on, settings=values, for_user=for_user)
        for reminder in rule.find(context):
            if context.wants(reminder.recipient):
                found.append((rule, reminder))
    return found


# Recipients the modules share ------------------------------------------------------------------------


def team_managers(team_ids: Iterable[int | None]) -> dict[int, list[User]]:
    """The active managers of each team, by team id."""
    ids = sorted({team_id for team_id in team_ids if team_id is not None})
    if not ids:
        return {}
    teams = (
        db.session.execute(select(Team).options(selectinload(Team.managers)).where(Team.id.in_(ids))).scalars().all()
    )
    return {team.id: [user for user in team.managers if user.is_active] for team in teams}


def users_with_roles(*roles: Role) -> list[User]:
    return list(
        db.session.execute(
            select(User).where(User.role.in_(roles), User.deactivated_at.is_(None)).order_by(User.id)
        ).scalars()
    )


def days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"
