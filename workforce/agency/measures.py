"""Agency measure: engagements compliant with every DfE agency rule."""

from __future__ import annotations

from datetime import date

from workforce.agency import dao
from workforce.agency.compliance import check_engagement
from workforce.kernel.measures import (
    Measure,
    MeasureScope,
    MeasureValue,
    Polarity,
    Source,
    Unit,
    rolling_up,
    shared,
)


def _outcomes(start: date, end: date, team_ids) -> list[tuple[int | None, bool]]:
    """(team, meets every rule) of each engagement active at any time in the period."""
    engagements = dao.list_engagements(None, start, end, team_ids=team_ids)
    region = dao.council_region()
    return [
        (engagement.team_id, all(r.met for r in check_engagement(engagement, region))) for engagement in engagements
    ]


def compliant_with_every_rule(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Engagements active at any time in the period that meet every rule / those engagements x 100.

    In a roll-up every engagement is checked once and each scope counts its teams' engagements."""
    team_ids = scope.team_ids()
    if rolling_up():
        outcomes = shared(("agency-compliance", start, end), lambda: _outcomes(start, end, None))
        outcomes = [item for item in outcomes if team_ids is None or item[0] in team_ids]
    else:
        outcomes = _outcomes(start, end, team_ids)
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
