"""The demo improvement plan: seven strands, actions with their history, plan measures from whatever the
other modules registered, and 24 published months computed from the demo data through the registry."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

from workforce.extensions import db
from workforce.improvement import dao, periods, services
from workforce.improvement.constants import ActionStatus, Rating
from workforce.kernel import clock
from workforce.kernel.contract import registry
from workforce.kernel.dates import add_months, month_end, month_start
from workforce.kernel.measures import Polarity, ScopeLevel, Unit
from workforce.kernel.roles import Role

STRANDS = [
    "Leadership and governance",
    "Workforce: recruitment, retention and stability",
    "Practice quality",
    "Performance management and quality assurance",
    "Partnerships",
    "Voice of the child",
    "Early help and the front door",
]

#: The measures each strand would like, by registry id; those no module registered are skipped.
STRAND_MEASURES = {
    "Workforce: recruitment, retention and stability": [
        "turnover_rate_fte_rolling_12_months",
        "agency_rate_fte",
        "vacancy_rate_fte",
        "absence_rate_fte",
        "inpost_fte",
    ],
    "Practice quality": ["caseload_fte"],
    "Early help and the front door": ["cases"],
}
#: Measures of these modules join the practice-quality strand (supervision, audits) or the workforce one.
MODULE_STRANDS = {
    "supervision": "Practice quality",
    "audits": "Practice quality",
    "academy": "Workforce: recruitment, retention and stability",
    "recruitment": "Workforce: recruitment, retention and stability",
}
MAX_MODULE_MEASURES = 3

ACTIONS = {
    "Leadership and governance": [
        ("Refresh the practice model and launch it with every team", Role.SENIOR_LEADER),
        ("Scrutiny committee receives the workforce dashboard every quarter", Role.SENIOR_LEADER),
    ],
    "Workforce: recruitment, retention and stability": [
        ("Run a recruitment campaign for experienced social workers", Role.HR),
        ("Reduce agency social workers by converting posts to permanent", Role.HR),
        ("Hold stay interviews with every social worker in their second year", Role.HR),
    ],
    "Practice quality": [
        ("Monthly reflective supervision for every social worker", Role.TEAM_MANAGER),
        ("Launch the social work academy's core practice programme", Role.ACADEMY_LEAD),
    ],
    "Performance management and quality assurance": [
        ("Monthly case-file audit programme with moderation", Role.QA_OFFICER),
        ("Publish the quality assurance framework", Role.QA_OFFICER),
    ],
    "Partnerships": [("Agree the multi-agency threshold document with partners", Role.SENIOR_LEADER)],
    "Voice of the child": [("Record the child's views in every assessment", Role.TEAM_MANAGER)],
    "Early help and the front door": [("Review the MASH decision-making timescales", Role.TEAM_MANAGER)],
}

#: The month whose figures the demo revises, counted back from the latest month.
REVISED_MONTHS_AGO = 6
#: Published reporting periods: two years up to the large council. Each is a roll-up of every scope, so beyond
#: the large council (the benchmarks' ten-times stress size) the history is the latest seven months, down to
#: the revised month; the records behind them still cover five years.
HISTORY_MONTHS = 24
BEYOND_LARGE_HISTORY_MONTHS = REVISED_MONTHS_AGO + 1


def seed_demo_plan(context) -> None:
    measures = registry().measures
    latest = add_months(month_start(context.as_of), -1)
    history = HISTORY_MONTHS if getattr(context, "scale", 1.0) <= 1.0 else BEYOND_LARGE_HISTORY_MONTHS
    months = [add_months(latest, offset) for offset in range(1 - history, 1)]
    strand_measures = _choose_measures(measures)
    measure_ids = sorted({measure_id for ids in strand_measures.values() for measure_id in ids})
    context.progress(f"Improvement plan: {len(measure_ids)} measures over {len(months)} months")
    # Each month computed once, at every scope, through the registry.
    figures = {month: periods.compute_figures(month, measure_ids) if measure_ids else [] for month in months}
    council = {
        (figure.measure_id, month): figure.value
        for month, month_figures in figures.items()
        for figure in month_figures
        if figure.level is ScopeLevel.COUNCIL
    }
    plan = services.create_plan("Children's services improvement plan")
    for title in STRANDS:
        strand = services.create_strand(plan, title)
        for measure_id in strand_measures.get(title, []):
            baseline = next(
                (council[(measure_id, m)] for m in months if council.get((measure_id, m)) is not None), None
            )
            if baseline is None:
                continue
            measure = measures.get(measure_id)
            target = _target(baseline, measure.polarity, measure.unit)
            # A measure already at its best (100% where higher is better, none where lower is) is not one a
            # council would put in an improvement plan: there is no target better than the baseline.
            if not _better(target, round(baseline, 2), measure.polarity):
                continue
            services.add_plan_measure(
                strand, measure_id, round(baseline, 2), month_end(months[0]), target, month_end(add_months(latest, 12))
            )
        _seed_actions(context, strand, months)
    db.session.flush()
    for month in months:
        period = periods.compute_period(month, figures[month])
        periods.publish_period(period)
        period.published_at = clock.as_utc(_publication_time(month, context.as_of))
    revised_month = months[-1 - REVISED_MONTHS_AGO]
    revisable = [
        figure.measure_id
        for figure in figures[revised_month]
        if figure.level is ScopeLevel.COUNCIL and figure.value is not None and figure.measure_id in measure_ids
    ]
    if revisable:
        _seed_revision(revised_month, figures, sorted(revisable)[0])
    db.session.flush()


def _choose_measures(measures) -> dict[str, list[str]]:
    chosen = {
        title: [measure_id for measure_id in ids if measure_id in measures] for title, ids in STRAND_MEASURES.items()
    }
    taken = {measure_id for ids in chosen.values() for measure_id in ids}
    per_module: dict[str, int] = {}
    for measure in measures:
        strand = MODULE_STRANDS.get(measure.module)
        if strand is None or measure.id in taken or measure.polarity is Polarity.NEUTRAL:
            continue
        if per_module.get(measure.module, 0) >= MAX_MODULE_MEASURES:
            continue
        per_module[measure.module] = per_module.get(measure.module, 0) + 1
        chosen.setdefault(strand, []).append(measure.id)
        taken.add(measure.id)
    return chosen


#: Of the gap between a percentage's baseline and 100%, the share a year's plan sets out to close.
PERCENT_GAP_CLOSED = 0.35
#: How much lower a "lower is better" measure's target is than its baseline: a fifth.
LOWER_BY = 0.8


def _target(baseline: float, polarity: Polarity, unit: Unit) -> float:
    """A target a council could set for a year: better than the baseline by a reachable amount.

    A percentage stays from 0 to 100: "higher is better" closes about a third of the gap to 100% (a 40%
    baseline aims for 61%, never past 100%), "lower is better" comes down by a fifth (turnover of 15% aims for
    12%). Counts and days move by a fifth."""
    if polarity is Polarity.HIGHER_IS_BETTER:
        if unit is Unit.PERCENT:
            return round(min(100.0, baseline + max(PERCENT_GAP_CLOSED * (100.0 - baseline), 1.0)), 1)
        return round(baseline * 1.2 if baseline else 1.0, 2)
    if polarity is Polarity.LOWER_IS_BETTER:
        return round(baseline * LOWER_BY, 1 if unit is Unit.PERCENT else 2)
    return round(baseline, 2)


def _better(target: float, baseline: float, polarity: Polarity) -> bool:
    if polarity is Polarity.HIGHER_IS_BETTER:
        return target > baseline
    if polarity is Polarity.LOWER_IS_BETTER:
        return target < baseline
    return False


def _publication_time(month, as_of):
    # Published at the committee meeting, about three weeks after the month ends.
    return _at_ten(min(month_end(month) + timedelta(days=21), as_of))


def _at_ten(day):
    return datetime.combine(day, time(10, 0))


def _seed_actions(context, strand, months) -> None:
    rng = context.rng
    leader = context.users.get(Role.SENIOR_LEADER)
    for index, (title, role) in enumerate(ACTIONS.get(strand.title, [])):
        owner = context.users.get(role) or leader
        if owner is None:
            continue
        due = month_end(months[min(len(months) - 1, 6 + index * 5 + rng.randrange(4))])
        action = services.create_action(strand, title, owner, due)
        history = [
            ("Work has started and a project group meets fortnightly.", ActionStatus.IN_PROGRESS, Rating.GREEN),
            (
                "Progress is slower than planned; the group has agreed a recovery plan.",
                ActionStatus.IN_PROGRESS,
                rng.choice([Rating.AMBER, Rating.GREEN]),
            ),
        ]
        finished = due < context.as_of
        if finished:
            history.append(("Delivered; evidence attached for sign-off.", ActionStatus.AWAITING_SIGN_OFF, Rating.GREEN))
        written = history if finished else history[: 1 + rng.randrange(len(history))]
        for step, (text, status, rating) in enumerate(written):
            update = services.add_update(action, text, status, rating, owner)
            # Spread the history over the months before the due date (or before today, if sooner).
            days_back = 45 * (len(written) - step) - (0 if finished else 30)
            update.written_at = clock.as_utc(_at_ten(min(due, context.as_of) - timedelta(days=days_back)))
        if finished and owner is not leader and leader is not None and rng.random() < 0.6:
            # Signed off on evidence: the strand's first measure (or any the registry holds).
            evidence = next(
                iter([pm.measure_id for pm in strand.measures] + sorted(m.id for m in registry().measures)), None
            )
            if evidence is not None:
                services.link_measure(action, evidence, owner)
                services.sign_off(action, leader, "Delivered: the linked figures show the change.", action.evidence)
                action.signed_off_at = clock.as_utc(_at_ten(min(due + timedelta(days=14), context.as_of)))


def _seed_revision(month, figures, measure_id: str) -> None:
    """A late correction: one more record notified after the month was published changes one measure."""
    period = dao.get_period(month)
    corrected = [
        _corrected(figure)
        if figure.measure_id == measure_id and figure.level is ScopeLevel.COUNCIL and figure.value is not None
        else figure
        for figure in figures[month]
    ]
    periods.revise_period(
        period,
        "Demo correction: a record notified late was added after this month was published.",
        None,
        corrected,
    )


def _corrected(figure):
    numerator = (figure.numerator or 0) + 1
    if figure.denominator is None:
        return replace(figure, numerator=numerator, value=numerator)
    multiplier = figure.value * figure.denominator / figure.numerator if figure.numerator else 100
    return replace(figure, numerator=numerator, value=numerator / figure.denominator * multiplier)
