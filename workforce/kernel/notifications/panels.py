"""The "What needs you" section of every home page: the same reminders as the messages, counted and linked."""

from __future__ import annotations

from dataclasses import dataclass

from workforce.kernel import clock, freshness
from workforce.kernel.notifications.rules import collect


@dataclass(frozen=True)
class ToDo:
    title: str
    count: int
    link: str
    #: The single item's own line when there is only one.
    summary: str | None


def what_needs_you(user) -> dict:
    """Every rule asked for this person's reminders: some twenty queries, so the result is kept with the
    generations of the tables they read (a save to any of them, in any worker, makes the next request ask
    again; a sign-in elsewhere does not)."""
    today = clock.today()
    return {"items": freshness.kept(("home.what-needs-you", user.id, today), lambda: _items(user, today))}


def _items(user, today) -> list[ToDo]:
    grouped: dict[str, list] = {}
    rules = {}
    for rule, reminder in collect(today, for_user=user):
        rules[rule.key] = rule
        grouped.setdefault(rule.key, []).append(reminder)
    items = []
    for key, reminders in grouped.items():
        rule = rules[key]
        unique = {reminder.key: reminder for reminder in reminders}
        single = next(iter(unique.values())) if len(unique) == 1 else None
        if single is not None or rule.page is None:
            # A rule without a list page links each item to its own page; several link to the first.
            link = next(iter(unique.values())).link
        else:
            link = rule.page()
        items.append(ToDo(rule.title, len(unique), link, single.summary if single else None))
    return items
