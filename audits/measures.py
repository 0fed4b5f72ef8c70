"""Audit measures for the registry, computed in SQL by council, service area and team."""

from __future__ import annotations

from datetime import date

from audits.dao import Filter, actions_on_time, grade_summary, moderation_agreement, programme_completion
from workforce.kernel import clock
from workforce.kernel.measures import Measure, MeasureScope, MeasureValue, Polarity, Source, Unit


def _filter(scope: MeasureScope) -> Filter:
    return Filter(team_ids=scope.team_ids())


def good_or_better(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    summary = grade_summary(_filter(scope), start, end)
    return MeasureValue.ratio(summary.good_or_better, summary.audits, 100)


def inadequate(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    summary = grade_summary(_filter(scope), start, end)
    return MeasureValue.ratio(summary.inadequate, summary.audits, 100)


def completion(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    done, allocated = programme_completion(_filter(scope), start, end)
    return MeasureValue.ratio(done, allocated, 100)


def agreement(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    counts = moderation_agreement(_filter(scope), start, end)
    return MeasureValue.ratio(counts["agreed"], counts["moderated"], 100)


def actions_completed_on_time(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    on_time, due = actions_on_time(_filter(scope), start, end, clock.today())
    return MeasureValue.ratio(on_time, due, 100)


MEASURES = (
    Measure(
        "audits_good_or_better",
        "Case audits graded good or better",
        "Submitted case audits dated in the period whose overall grade (the moderated grade where the audit "
        "was moderated) counts as good or better, as a percentage of submitted audits dated in the period.",
        Source.LOCAL,
        Unit.PERCENT,
        Polarity.HIGHER_IS_BETTER,
        good_or_better,
        module="audits",
        reads=frozenset({"audit_case_audits", "audit_grade_levels", "audit_moderations", "teams"}),
    ),
    Measure(
        "audits_inadequate",
        "Case audits graded inadequate",
        "Submitted case audits dated in the period whose overall grade (moderated where moderated) is the "
        "lowest on its scale, as a percentage of submitted audits dated in the period.",
        Source.LOCAL,
        Unit.PERCENT,
        Polarity.LOWER_IS_BETTER,
        inadequate,
        module="audits",
        reads=frozenset({"audit_case_audits", "audit_grade_levels", "audit_moderations", "teams"}),
    ),
    Measure(
        "audits_programme_completion",
        "Audit programme completion",
        "Programme audits due in the period that were submitted, as a percentage of programme audits due in "
        "the period.",
        Source.LOCAL,
        Unit.PERCENT,
        Polarity.HIGHER_IS_BETTER,
        completion,
        module="audits",
        reads=frozenset({"audit_case_audits", "teams"}),
    ),
    Measure(
        "audits_moderation_agreement",
        "Moderation agreement",
        "Audits moderated in the period where the moderator agreed the auditor's overall grade, as a "
        "percentage of audits moderated in the period.",
        Source.LOCAL,
        Unit.PERCENT,
        Polarity.HIGHER_IS_BETTER,
        agreement,
        module="audits",
        reads=frozenset({"audit_case_audits", "audit_grade_levels", "audit_moderations", "teams"}),
    ),
    Measure(
        "audits_actions_on_time",
        "Audit actions completed on time",
        "Audit actions due in the period (up to today) completed on or before their due date, as a "
        "percentage of audit actions due in the period (up to today).",
        Source.LOCAL,
        Unit.PERCENT,
        Polarity.HIGHER_IS_BETTER,
        actions_completed_on_time,
        module="audits",
        reads=frozenset({"audit_actions", "audit_case_audits", "teams"}),
    ),
)
