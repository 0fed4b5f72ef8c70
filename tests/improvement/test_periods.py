"""Reporting periods: computing at every scope, publishing freezes, recomputing makes a revision."""

from dataclasses import replace
from datetime import date

import pytest

from tests.builders import create_team, create_user
from tests.improvement.builders import create_plan_measure, create_strand
from workforce.extensions import db
from workforce.improvement import dao
from workforce.improvement.figures import measure_figures
from workforce.improvement.periods import compute_period, publish_period, revise_period
from workforce.improvement.services import PlanError
from workforce.kernel.contract import registry
from workforce.kernel.measures import ScopeLevel
from workforce.kernel.roles import Role

MONTH = date(2026, 1, 1)


def council_value(month=MONTH, published_only=True):
    period = dao.get_period(month)
    return (
        next(
            value.value
            for value in dao.list_current_values(period)
            if value.scope_level is ScopeLevel.COUNCIL and value.measure_id == "test_team_members"
        )
        if period and (period.published or not published_only)
        else None
    )


def test_computing_a_period_stores_every_plan_measure_at_council_service_area_and_team_scope(plan_db):
    team = create_team()
    create_user(team=team)
    create_plan_measure()
    period = compute_period(MONTH)
    levels = {(value.scope_level, value.scope_id) for value in dao.list_current_values(period)}
    assert (ScopeLevel.COUNCIL, None) in levels
    assert (ScopeLevel.TEAM, team.id) in levels
    assert (ScopeLevel.SERVICE_AREA, team.service_area_id) in levels
    assert dao.get_definition(period, "test_team_members").definition.startswith("WPQ users who belong")


def test_the_committee_sees_nothing_of_a_period_until_it_is_published(plan_db):
    plan_measure = create_plan_measure()
    compute_period(MONTH)
    assert not measure_figures(plan_measure, MONTH, published_only=True).current.available
    assert measure_figures(plan_measure, MONTH, published_only=False).current.provisional


def test_publishing_freezes_the_figures_the_committee_sees(plan_db):
    team = create_team()
    create_user(team=team)
    plan_measure = create_plan_measure()
    publish_period(compute_period(MONTH))
    before = measure_figures(plan_measure, MONTH, published_only=True).current.value
    for _ in range(3):
        create_user(team=team)
    after = measure_figures(plan_measure, MONTH, published_only=True)
    assert after.current.value == before
    assert not after.current.revised


def test_a_published_period_cannot_be_recomputed_silently(plan_db):
    create_plan_measure()
    publish_period(compute_period(MONTH))
    with pytest.raises(PlanError, match="revision"):
        compute_period(MONTH)


def test_recomputing_a_published_period_marks_changed_values_revised_and_keeps_the_old_ones(plan_db):
    team = create_team()
    create_user(team=team)
    plan_measure = create_plan_measure()
    create_plan_measure(plan_measure.strand, "test_social_worker_share")
    period = compute_period(MONTH)
    publish_period(period)
    first = measure_figures(plan_measure, MONTH, published_only=True).current.value
    create_user(Role.HR, team=team)
    revision = revise_period(period, "Late starters added", None)
    db.session.flush()
    figures = measure_figures(plan_measure, MONTH, published_only=True)
    assert figures.current.value == first + 1
    assert figures.current.revised
    assert revision.changed_measures == ["test_social_worker_share", "test_team_members"]
    earlier = dao.list_earlier_values("test_team_members", published_only=True)
    assert [(month, value.value, value.revision) for month, value in earlier] == [(MONTH, first, 0)]
    assert period.revision == 1 and period.revisions[0].note == "Late starters added"


def test_values_that_did_not_change_are_not_marked_revised(plan_db):
    team = create_team()
    create_user(Role.SOCIAL_WORKER, team=team)
    members = create_plan_measure()
    create_plan_measure(members.strand, "test_social_worker_share")
    period = compute_period(MONTH)
    publish_period(period)
    other_team = create_team()
    create_user(Role.HR, team=other_team)
    create_user(Role.HR, team=other_team)
    revise_period(period, "Another team's records corrected", None)
    db.session.flush()
    assert measure_figures(members, MONTH, published_only=True).current.revised
    team_values = {
        value.scope_id: value for _, value in dao.list_scope_values(period, "test_social_worker_share", ScopeLevel.TEAM)
    }
    assert team_values[team.id].revision == 0


def test_a_revision_needs_a_note_and_a_change(plan_db):
    create_plan_measure()
    period = compute_period(MONTH)
    publish_period(period)
    with pytest.raises(PlanError, match="Enter a note"):
        revise_period(period, " ", None)
    with pytest.raises(PlanError, match="Nothing has changed"):
        revise_period(period, "Checked again", None)


def test_the_definition_is_frozen_with_the_period(plan_db, monkeypatch):
    plan_measure = create_plan_measure()
    publish_period(compute_period(MONTH))
    measures = registry().measures
    changed = replace(measures.get("test_team_members"), definition="A new definition")
    monkeypatch.setitem(measures._measures, "test_team_members", changed)
    assert measure_figures(plan_measure, MONTH, True).definition.startswith("WPQ users who belong")


def test_direction_compares_with_the_previous_month_and_the_same_month_last_year(plan_db):
    team = create_team()
    create_user(team=team)
    plan_measure = create_plan_measure(create_strand())
    publish_period(compute_period(date(2025, 1, 1)))
    create_user(team=team)
    publish_period(compute_period(date(2025, 12, 1)))
    publish_period(compute_period(MONTH))
    figures = measure_figures(plan_measure, MONTH, True)
    assert figures.direction_month.value == "no change"
    assert figures.direction_year.value == "improving"
