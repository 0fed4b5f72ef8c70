"""Recruitment figures for the report page: funnel, time to hire, time in stage, sources, offers.

Every figure is counted from applications and the pipeline log, which erasure of applicants'
personal data leaves in place, so the figures do not change when the retention schedule runs.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, func, select

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.permissions import Scope
from workforce.people.constants import CensusRole
from workforce.people.models import Assignment, Post
from workforce.recruitment.constants import ApplicantSource
from workforce.recruitment.models import Application, Offer, PipelineStage, StageChange, Vacancy


@dataclass(frozen=True)
class ReportFilter:
    """Applications made within a period, for one census role, in the teams of a scope."""

    scope: Scope | None = None
    team_ids: frozenset[int] | None = None
    census_role: CensusRole | None = None
    applied_from: date | None = None
    applied_to: date | None = None

    def applications(self, statement: Select) -> Select:
        """Restrict a statement that already joins Application and Vacancy."""
        statement = statement.join(Post, Post.id == Vacancy.post_id)
        if self.scope is not None:
            statement = self.scope.apply(statement, Vacancy.team_id)
        if self.team_ids is not None:
            statement = statement.where(Vacancy.team_id.in_(sorted(self.team_ids)))
        if self.census_role is not None:
            statement = statement.where(Post.census_role == self.census_role)
        if self.applied_from is not None:
            statement = statement.where(Application.applied_on >= self.applied_from)
        if self.applied_to is not None:
            statement = statement.where(Application.applied_on <= self.applied_to)
        return statement


@dataclass
class FunnelStep:
    stage: PipelineStage
    reached: int
    #: Of those who reached the stage before, the % who reached this one (None for the first).
    conversion: float | None


@dataclass
class RecruitmentReport:
    funnel: list[FunnelStep] = field(default_factory=list)
    applications: int = 0
    vacancies: int = 0
    applicants_per_vacancy: float | None = None
    median_days_to_hire: float | None = None
    median_days_to_fill: float | None = None
    hires: int = 0
    time_in_stage: list[tuple[PipelineStage, float, int]] = field(default_factory=list)
    sources: list[tuple[ApplicantSource, int, int, float | None]] = field(default_factory=list)
    offers_answered: int = 0
    offers_accepted: int = 0

    @property
    def offer_acceptance(self) -> float | None:
        return self.offers_accepted / self.offers_answered * 100 if self.offers_answered else None


def _percent(numerator: int, denominator: int) -> float | None:
    return numerator / denominator * 100 if denominator else None


def count_applications_by_vacancy(vacancy_ids: Iterable[int]) -> dict[int, int]:
    ids = sorted(set(vacancy_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(Application.vacancy_id, func.count())
        .where(Application.vacancy_id.in_(ids))
        .group_by(Application.vacancy_id)
    )
    return dict(rows.all())


def reached_by_stage(report_filter: ReportFilter) -> dict[int, int]:
    """Applications that ever entered each stage, from the pipeline log."""
    statement = (
        select(StageChange.to_stage_id, func.count(func.distinct(StageChange.application_id)))
        .join(Application, Application.id == StageChange.application_id)
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .group_by(StageChange.to_stage_id)
    )
    return dict(db.session.execute(report_filter.applications(statement)).all())


def funnel(report_filter: ReportFilter) -> list[FunnelStep]:
    stages = list(db.session.execute(select(PipelineStage).order_by(PipelineStage.position)).scalars())
    reached = reached_by_stage(report_filter)
    steps, previous = [], None
    for stage in stages:
        if stage.kind.is_unsuccessful:
            continue
        count = reached.get(stage.id, 0)
        steps.append(FunnelStep(stage, count, None if previous is None else _percent(count, previous)))
        previous = count
    return steps


def hire_days(report_filter: ReportFilter) -> list[int]:
    """Days from application to first day, for every confirmed start."""
    statement = (
        select(Application.applied_on, Assignment.start_date)
        .join(Assignment, Assignment.id == Application.assignment_id)
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
    )
    return [(start - applied).days for applied, start in db.session.execute(report_filter.applications(statement))]


def fill_days(report_filter: ReportFilter) -> list[int]:
    """Days from HR approval to the starter's first day, for filled vacancies."""
    statement = select(Vacancy.approved_on, Vacancy.filled_on).where(
        Vacancy.filled_on.is_not(None), Vacancy.approved_on.is_not(None)
    )
    statement = statement.join(Post, Post.id == Vacancy.post_id)
    if report_filter.scope is not None:
        statement = report_filter.scope.apply(statement, Vacancy.team_id)
    if report_filter.team_ids is not None:
        statement = statement.where(Vacancy.team_id.in_(sorted(report_filter.team_ids)))
    if report_filter.census_role is not None:
        statement = statement.where(Post.census_role == report_filter.census_role)
    if report_filter.applied_from is not None:
        statement = statement.where(Vacancy.filled_on >= report_filter.applied_from)
    if report_filter.applied_to is not None:
        statement = statement.where(Vacancy.filled_on <= report_filter.applied_to)
    return [(filled - approved).days for approved, filled in db.session.execute(statement)]


def time_in_stage(report_filter: ReportFilter) -> list[tuple[PipelineStage, float, int]]:
    """Mean days spent in each open stage, from consecutive entries of the pipeline log."""
    statement = (
        select(StageChange.application_id, StageChange.to_stage_id, StageChange.moved_at)
        .join(Application, Application.id == StageChange.application_id)
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .order_by(StageChange.application_id, StageChange.moved_at, StageChange.id)
    )
    stages = {stage.id: stage for stage in db.session.execute(select(PipelineStage)).scalars()}
    spans: dict[int, list[float]] = defaultdict(list)
    rows = db.session.execute(report_filter.applications(statement)).all()
    now = clock.now()
    for index, (application_id, stage_id, moved_at) in enumerate(rows):
        following = rows[index + 1] if index + 1 < len(rows) else None
        if following is not None and following[0] == application_id:
            left = clock.as_utc(following[2])
        elif stages[stage_id].is_closed:
            continue
        else:
            left = now
        spans[stage_id].append((left - clock.as_utc(moved_at)).total_seconds() / 86400)
    ordered = sorted(spans, key=lambda stage_id: stages[stage_id].position)
    return [(stages[stage_id], statistics.fmean(spans[stage_id]), len(spans[stage_id])) for stage_id in ordered]


def source_yield(report_filter: ReportFilter) -> list[tuple[ApplicantSource, int, int, float | None]]:
    """Per source: applications, confirmed starts and starts per 100 applications."""
    statement = (
        select(
            Application.source,
            func.count(Application.id),
            func.count(Application.assignment_id),
        )
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .group_by(Application.source)
    )
    rows = db.session.execute(report_filter.applications(statement)).all()
    return sorted(
        ((source, total, started, _percent(started, total)) for source, total, started in rows),
        key=lambda row: -row[1],
    )


def offer_answers(report_filter: ReportFilter) -> tuple[int, int]:
    """(answered, accepted) offers."""
    statement = (
        select(func.count(Offer.id), func.count(Offer.id).filter(Offer.accepted.is_(True)))
        .join(Application, Application.id == Offer.application_id)
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .where(Offer.accepted.is_not(None))
    )
    answered, accepted = db.session.execute(report_filter.applications(statement)).one()
    return answered or 0, accepted or 0


def applications_and_vacancies(report_filter: ReportFilter) -> tuple[int, int]:
    statement = select(func.count(Application.id), func.count(func.distinct(Application.vacancy_id))).join(
        Vacancy, Vacancy.id == Application.vacancy_id
    )
    applications, vacancies = db.session.execute(report_filter.applications(statement)).one()
    return applications or 0, vacancies or 0


def recruitment_report(scope: Scope | None = None, **filters) -> RecruitmentReport:
    report_filter = ReportFilter(scope=scope, **filters)
    applications, vacancies = applications_and_vacancies(report_filter)
    hires, fills = hire_days(report_filter), fill_days(report_filter)
    answered, accepted = offer_answers(report_filter)
    return RecruitmentReport(
        funnel=funnel(report_filter),
        applications=applications,
        vacancies=vacancies,
        applicants_per_vacancy=applications / vacancies if vacancies else None,
        median_days_to_hire=statistics.median(hires) if hires else None,
        median_days_to_fill=statistics.median(fills) if fills else None,
        hires=len(hires),
        time_in_stage=time_in_stage(report_filter),
        sources=source_yield(report_filter),
        offers_answered=answered,
        offers_accepted=accepted,
    )
