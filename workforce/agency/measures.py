"""Agency measure: engagements compliant with every DfE agency rule."""

from __future__ import annotations

from datetime import date

from workforce.agency import dao
from workforce.agency.compliance import check_engagement
from workforce.kernel.measures import Measure, MeasureScope, MeasureValue, Polarity, Source, Unit


def compliant_with_every_rule(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    """Engagements active at any time in the period that meet every rule / those engagements x 100."""
    engagements = dao.list_engagements(None, start, end, team_ids=scope.team_ids())
    region = dao.council_region()
    compliant = sum(1 for engagement in engagements if all(r.met for r in check_engagement(engagement, region)))
    return MeasureValue.ratio(compliant, len(engagements), 100)


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
    ),
]
