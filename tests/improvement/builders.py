"""`create_<thing>(**overrides)` builders for the improvement plan."""

from __future__ import annotations

import itertools
from datetime import date

from tests.builders import create_user
from workforce.extensions import db
from workforce.improvement import services
from workforce.improvement.constants import ActionStatus, Rating
from workforce.improvement.models import Action, ActionUpdate, ImprovementPlan, PlanMeasure, Strand
from workforce.kernel.roles import Role

_sequence = itertools.count(1)


def create_plan(title: str | None = None) -> ImprovementPlan:
    plan = services.create_plan(title or f"Improvement plan {next(_sequence)}")
    db.session.commit()
    return plan


def create_strand(plan: ImprovementPlan | None = None, title: str | None = None) -> Strand:
    strand = services.create_strand(plan or create_plan(), title or f"Strand {next(_sequence)}")
    db.session.commit()
    return strand


def create_action(
    strand: Strand | None = None,
    *,
    title: str | None = None,
    owner=None,
    due_date: date = date(2026, 6, 30),
    status: ActionStatus | None = None,
) -> Action:
    action = services.create_action(
        strand or create_strand(),
        title or f"Action {next(_sequence)}",
        owner or create_user(Role.SENIOR_LEADER),
        due_date,
    )
    if status is not None:
        db.session.add(ActionUpdate(action=action, text="Set up by a test", status=status, rating=Rating.GREEN))
        action.status = status
    db.session.commit()
    return action


def create_plan_measure(
    strand: Strand | None = None, measure_id: str = "test_team_members", **overrides
) -> PlanMeasure:
    values = {
        "baseline_value": 10.0,
        "baseline_date": date(2025, 1, 31),
        "target_value": 20.0,
        "target_date": date(2026, 1, 31),
    }
    values.update(overrides)
    plan_measure = services.add_plan_measure(strand or create_strand(), measure_id, **values)
    db.session.commit()
    return plan_measure
