"""Recording reminders in the outbox, writing their text, building digests and each person's choice.

These flush and never commit; `rounds` commits (a round is a job, like a command).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from flask import current_app

from workforce.extensions import db
from workforce.kernel import audit_trail, clock
from workforce.kernel import settings as kernel_settings
from workforce.kernel.models import User
from workforce.kernel.notifications import dao
from workforce.kernel.notifications.constants import SETTING_DEFAULTS, DigestFrequency, MessageStatus
from workforce.kernel.notifications.models import NotificationPreference, OutboxMessage
from workforce.kernel.notifications.rules import NotificationRule, Reminder


def setting(key: str):
    value = kernel_settings.get(key)
    return SETTING_DEFAULTS[key] if value is None else value


def absolute(link: str | None) -> str:
    if not link:
        return ""
    base = current_app.config.get("BASE_URL") or setting("notifications.base_url")
    return base.rstrip("/") + link


def _footer(frequency: DigestFrequency) -> list[str]:
    how = "each reminder as it happens" if frequency is DigestFrequency.IMMEDIATE else f"a {frequency.value} digest"
    return [
        "",
        f"You get {how}. Choose how often at {absolute('/account/notifications')}",
        "",
        f"WPQ, {kernel_settings.get('council_name')}",
    ]


def reminder_text(reminder: Reminder, frequency: DigestFrequency) -> tuple[str, str]:
    """Subject and body of a reminder sent on its own."""
    lines = [f"Hello {reminder.recipient.name},", "", reminder.summary + "."]
    lines.extend(reminder.details)
    lines.extend(["", f"Go to {absolute(reminder.link)}"])
    lines.extend(_footer(frequency))
    return reminder.summary[:200], "\n".join(lines)


def record_reminders(
    found: list[tuple[NotificationRule, Reminder]], now: datetime | None = None
) -> list[OutboxMessage]:
    """Add to the outbox every reminder not recorded before; urgent ones and those of people who chose
    immediate messages wait to be sent, the others wait for the person's digest."""
    now = now or clock.now()
    fresh: dict[str, Reminder] = {}
    for _, reminder in found:
        fresh.setdefault(reminder.key, reminder)
    known = dao.existing_keys(fresh)
    new = [reminder for key, reminder in fresh.items() if key not in known]
    choices = dao.preferences_of(reminder.recipient.id for reminder in new)
    messages = []
    for reminder in new:
        frequency = choices[reminder.recipient.id]
        immediate = reminder.urgent or frequency is DigestFrequency.IMMEDIATE
        subject, body = reminder_text(reminder, DigestFrequency.IMMEDIATE if immediate else frequency)
        message = OutboxMessage(
            key=reminder.key,
            rule=reminder.rule,
            recipient_id=reminder.recipient.id,
            email=reminder.recipient.email,
            subject=subject,
            body=body,
            link=reminder.link,
            record_type=reminder.record_type,
            record_id=str(reminder.record_id),
            occasion=reminder.occasion,
            status=MessageStatus.PENDING if immediate else MessageStatus.AWAITING_DIGEST,
            created_at=now,
        )
        db.session.add(message)
        messages.append(message)
    db.session.flush()
    return messages


def digest_due(frequency: DigestFrequency, on: date) -> bool:
    if frequency is DigestFrequency.WEEKLY:
        return on.weekday() == int(setting("notifications.weekly_digest_day"))
    return True


def build_digests(on: date, now: datetime | None = None) -> list[OutboxMessage]:
    """One message per person whose digest is due today, grouping every reminder held for them.

    Someone who has since chosen immediate messages gets what was held as one digest too.
    """
    now = now or clock.now()
    waiting = dao.awaiting_digest_by_user()
    choices = dao.preferences_of(waiting)
    digests = []
    for user_id, items in waiting.items():
        frequency = choices[user_id]
        if not digest_due(frequency, on):
            continue
        key = f"digest:{user_id}:{on.isoformat()}"
        if dao.existing_keys([key]):
            continue
        recipient = db.session.get(User, user_id)
        if recipient is None or not recipient.is_active:
            continue
        count = len(items)
        lines = [
            f"Hello {recipient.name},",
            "",
            f"{count} thing{'s' if count != 1 else ''} need{'s' if count == 1 else ''} you in WPQ:",
            "",
        ]
        for item in items:
            lines.append(f"- {item.subject}: {absolute(item.link)}")
        lines.extend(_footer(frequency if frequency is not DigestFrequency.IMMEDIATE else DigestFrequency.DAILY))
        digest = OutboxMessage(
            key=key,
            rule="digest",
            recipient_id=user_id,
            email=recipient.email,
            subject=f"WPQ: {count} thing{'s' if count != 1 else ''} need{'s' if count == 1 else ''} you",
            body="\n".join(lines),
            link="/",
            occasion=on.isoformat(),
            status=MessageStatus.PENDING,
            created_at=now,
        )
        db.session.add(digest)
        db.session.flush()
        for item in items:
            item.status = MessageStatus.IN_DIGEST
            item.digest_id = digest.id
        digests.append(digest)
    db.session.flush()
    return digests


def plan_round(found: list[tuple[NotificationRule, Reminder]]) -> list[tuple[NotificationRule, int, int, int]]:
    """For the dry run: per rule (every switched-on rule, none left out), reminders found, new ones, and how
    many of those would be sent now rather than held for a digest."""
    from workforce.kernel.notifications.rules import rule_settings, rules

    known = dao.existing_keys(reminder.key for _, reminder in found)
    unique: dict[str, tuple[NotificationRule, Reminder]] = {}
    for rule, reminder in found:
        unique.setdefault(reminder.key, (rule, reminder))
    choices = dao.preferences_of(reminder.recipient.id for _, reminder in unique.values())
    totals, fresh, now = Counter(), Counter(), Counter()
    for key, (rule, reminder) in unique.items():
        totals[rule.key] += 1
        if key in known:
            continue
        fresh[rule.key] += 1
        if reminder.urgent or choices[reminder.recipient.id] is DigestFrequency.IMMEDIATE:
            now[rule.key] += 1
    return [
        (rule, totals[rule.key], fresh[rule.key], now[rule.key])
        for rule in rules()
        if rule_settings(rule).get("enabled", True)
    ]


def set_preference(user: User, frequency: DigestFrequency) -> NotificationPreference:
    row = db.session.get(NotificationPreference, user.id)
    if row is None:
        row = NotificationPreference(user_id=user.id, frequency=frequency, updated_at=clock.now())
        db.session.add(row)
        db.session.flush()
        audit_trail.record_created(row)
        return row
    before = audit_trail.snapshot(row)
    row.frequency = frequency
    row.updated_at = clock.now()
    audit_trail.record_updated(row, before)
    return row
