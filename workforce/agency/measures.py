"""Agency measure: engagements compliant with every DfE agency rule."""

from __future__ import annotations

from datetime import date

from workforce.agency import dao
from workforce.agency.compliance import check_engagement
from workforce.agency.constants import AgencyPermission
from workforce.agency.models import AgencyEngagement
from workforce.kernel.measures import (
    BehindRecord,
    DrillDown,
    Measure,
    MeasureRecords,
    MeasureScope,
    MeasureValue,
    Polarity,
    RecordList,
    Source,
    Unit,
    shared_by_teams,
)


def checked_engagements(start: date, end: date, team_ids) -> list[tuple[AgencyEngagement, bool]]:
    """(engagement, meets every rule) of each engagement active at any time in the period."""
    engagements = dao.list_engagements(None, start, end, team_ids=team_ids)
    region = dao.council_region()
    return [(engagement, all(r.met for r in check_engagement(engagement, region))) for engagement in engagements]


def _outcomes(start: date, end: date, team_ids) -> list[tuple[int | None, bool]]:
    """(team, meets every rule) of each engagement active at any time in the period."""
    return [(engagement.team_id, met) for engagement, met in checked_engagements(start, end, team_ids)]


def compliant_with_every_rule(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Engagements active at any time in the period that meet every rule / those engagements x 100.

    One path alone and in a roll-up (`shared_by_teams`): in a roll-up every engagement is checked once and
    each scope counts its teams' engagements."""
    outcomes = shared_by_teams(
        ("agency-compliance", start, end),
        scope.team_ids(),
        lambda teams: _outcomes(start, end, teams),
        team_of=lambda item: item[0],
    )
    return MeasureValue.ratio(sum(1 for _, met in outcomes if met), len(outcomes), 100)


MEASURES = [
    Measure(
        "agency-compliant-with-every-rule",
        "Agency engagements compliant with every DfE rule",
        "Agency engagements active at any time in the period that meet every DfE agency rule (price cap or a "
        "breach signed off by the DCS and chief executive, 3 years' post-qualification experience, two "
        "practice references, 4 weeks' notice, no engagement within 3 months of leaving a permanent post in "
        "the same region), as a percentage of those engagements.",
        Source.LOCAL,
        Unit.PERCENT,
        Polarity.HIGHER_IS_BETTER,
        compliant_with_every_rule,
        module="agency",
        reads=frozenset({"agency_engagements", "agency_price_caps", "assignments", "settings", "teams"}),
    ),
]


def engagement_records(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    """The engagements the figure checks, each with whether it meets every rule."""
    rows = [
        (
            met,
            BehindRecord(
                "Agency engagement",
                str(engagement),
                engagement.team_id,
                "meets every DfE rule" if met else "does not meet every DfE rule",
                1.0,
            ),
        )
        for engagement, met in checked_engagements(start, end, scope.team_ids())
    ]
    return MeasureRecords(
        RecordList("Engagements meeting every rule", "Count", tuple(record for met, record in rows if met)),
        RecordList("Engagements active in the period", "Count", tuple(record for _met, record in rows)),
    )


DRILL_DOWNS = {"agency-compliant-with-every-rule": DrillDown(engagement_records, AgencyPermission.VIEW_AGENCY)}
