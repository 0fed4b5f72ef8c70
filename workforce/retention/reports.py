"""The retention page: leavers by reason, destination, length of service and team; early leavers; themes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from workforce.extensions import db
from workforce.kernel.permissions import Scope
from workforce.retention import dao
from workforce.retention.constants import ExitTheme
from workforce.retention.models import ExitInterview, exit_interview_themes

#: Length-of-service bands (upper bound in years, label).
SERVICE_BANDS = [
    (1, "Under 1 year"),
    (2, "1 to 2 years"),
    (5, "2 to 5 years"),
    (10, "5 to 10 years"),
    (None, "10 years or more"),
]


def service_band(days: int) -> str:
    years = days / 365.25
    for upper, label in SERVICE_BANDS:
        if upper is None or years < upper:
            return label
    return SERVICE_BANDS[-1][1]


def quarter_of(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


@dataclass
class RetentionReport:
    leavers: list = field(default_factory=list)
    by_reason: list[tuple[str, int]] = field(default_factory=list)
    by_destination: list[tuple[str, int]] = field(default_factory=list)
    by_service: list[tuple[str, int]] = field(default_factory=list)
    by_team: list[tuple[str, int]] = field(default_factory=list)
    early_leavers: int = 0
    offered_exit_interview: int = 0
    themes_by_quarter: list[tuple[str, dict[ExitTheme, int]]] = field(default_factory=list)


def _counted(values) -> list[tuple[str, int]]:
    return sorted(Counter(values).items(), key=lambda item: (-item[1], item[0]))


def exit_themes_by_quarter(scope: Scope | None, start: date, end: date) -> list[tuple[str, dict[ExitTheme, int]]]:
    query = (
        select(ExitInterview.held_on, exit_interview_themes.c.theme)
        .join(exit_interview_themes, exit_interview_themes.c.exit_interview_id == ExitInterview.id)
        .where(ExitInterview.held_on >= start, ExitInterview.held_on <= end)
    )
    if scope is not None:
        query = scope.apply(query, ExitInterview.team_id)
    quarters: dict[str, Counter] = {}
    for held_on, theme in db.session.execute(query).all():
        quarters.setdefault(quarter_of(held_on), Counter())[theme] += 1
    return [(quarter, dict(quarters[quarter])) for quarter in sorted(quarters)]


def retention_report(scope: Scope | None, start: date, end: date) -> RetentionReport:
    leavers = dao.list_leavers(scope, start, end)
    return RetentionReport(
        leavers=leavers,
        by_reason=_counted(
            leaver.assignment.reason_for_leaving.label if leaver.assignment.reason_for_leaving else "Not recorded"
            for leaver in leavers
        ),
        by_destination=_counted(
            leaver.assignment.leaver_destination.label if leaver.assignment.leaver_destination else "Not recorded"
            for leaver in leavers
        ),
        by_service=[
            (label, sum(1 for leaver in leavers if service_band(leaver.service_days) == label))
            for _upper, label in SERVICE_BANDS
        ],
        by_team=_counted(leaver.assignment.team.name for leaver in leavers),
        early_leavers=sum(1 for leaver in leavers if leaver.early),
        offered_exit_interview=sum(
            1 for leaver in leavers if leaver.checklist and leaver.checklist.exit_interview_offered_on
        ),
        themes_by_quarter=exit_themes_by_quarter(scope, start, end),
    )
