"""Agency queries, restricted to the teams the user may see."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload

from workforce.agency.constants import SETTING_DEFAULTS, Region
from workforce.agency.models import AgencyEngagement, PriceCap
from workforce.extensions import db
from workforce.kernel import settings
from workforce.kernel.permissions import Scope, get_in_scope_or_404
from workforce.people.models import Post


def council_region() -> Region:
    value = settings.get("agency.council_region")
    return Region(value or SETTING_DEFAULTS["agency.council_region"])


def list_engagements(
    scope: Scope | None, start: date | None = None, end: date | None = None, team_ids=None
) -> list[AgencyEngagement]:
    """Engagements active at any time between start and end (all when no dates), newest first."""
    return list(db.session.execute(engagements_query(scope, start, end, team_ids)).scalars())


def engagements_query(scope: Scope | None, start: date | None = None, end: date | None = None, team_ids=None) -> Select:
    """The query behind `list_engagements` (the API pages and sorts it)."""
    query = select(AgencyEngagement).order_by(AgencyEngagement.start_date.desc(), AgencyEngagement.id.desc())
    if end is not None:
        query = query.where(AgencyEngagement.start_date <= end)
    if start is not None:
        query = query.where(or_(AgencyEngagement.end_date.is_(None), AgencyEngagement.end_date >= start))
    if team_ids is not None:
        query = query.where(AgencyEngagement.team_id.in_(sorted(team_ids)))
    if scope is not None:
        query = scope.apply(query, AgencyEngagement.team_id)
    return query


def get_engagement_in_scope_or_404(engagement_id: int) -> AgencyEngagement:
    return get_in_scope_or_404(AgencyEngagement, engagement_id, lambda engagement: engagement.team_id)


def list_price_caps() -> list[PriceCap]:
    return list(
        db.session.execute(
            select(PriceCap).order_by(PriceCap.region, PriceCap.job_type, PriceCap.effective_from.desc())
        ).scalars()
    )


def page_of_engagements(query: Select, limit: int, offset: int) -> list[AgencyEngagement]:
    """One page of engagements, with the worker and the team loaded in the same query."""
    options = (joinedload(AgencyEngagement.staff_member), joinedload(AgencyEngagement.team))
    return list(db.session.execute(query.options(*options).limit(limit).offset(offset)).scalars())


def list_posts_in_scope(scope: Scope) -> list[Post]:
    """The posts an engagement may fill: those in the user's teams, by post number."""
    return list(db.session.execute(scope.apply(select(Post).order_by(Post.post_number), Post.team_id)).scalars())
