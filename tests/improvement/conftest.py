"""An app with two small measures over kernel tables, standing in for the other modules' measures."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import ClientRequest
from workforce.app import create_app
from workforce.extensions import db as _db
from workforce.kernel.contract import registry
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
)
from workforce.kernel.models import User
from workforce.kernel.roles import Permission, Role


def _members(scope: MeasureScope):
    query = select(func.count()).select_from(User).where(User.team_id.is_not(None), User.deactivated_at.is_(None))
    team_ids = scope.team_ids()
    if team_ids is not None:
        query = query.where(User.team_id.in_(team_ids))
    return query


def team_members(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    return MeasureValue.total(_db.session.execute(_members(scope)).scalar_one())


def social_worker_share(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    members = _db.session.execute(_members(scope)).scalar_one()
    social_workers = _db.session.execute(_members(scope).where(User.role == Role.SOCIAL_WORKER)).scalar_one()
    return MeasureValue.ratio(social_workers, members, 100)


def team_member_records(start: date, end: date, scope: MeasureScope) -> MeasureRecords:
    members = _db.session.execute(
        select(User).where(User.team_id.is_not(None), User.deactivated_at.is_(None)).order_by(User.id)
    ).scalars()
    team_ids = scope.team_ids()
    listed = tuple(
        BehindRecord("User", user.name, user.team_id, user.role.value, 1.0)
        for user in members
        if team_ids is None or user.team_id in team_ids
    )
    return MeasureRecords(RecordList("Users in teams", "Count", listed))


TEST_MEASURES = (
    Measure(
        "test_team_members",
        "People in teams",
        "WPQ users who belong to a team, at the end of the month.",
        Source.LOCAL,
        Unit.COUNT,
        Polarity.HIGHER_IS_BETTER,
        team_members,
        module="tests",
        drill_down=DrillDown(team_member_records, Permission.VIEW_TEAMS),
    ),
    Measure(
        "test_social_worker_share",
        "Share of team members who are social workers",
        "Social workers as a percentage of WPQ users in teams.",
        Source.LOCAL,
        Unit.PERCENT,
        Polarity.LOWER_IS_BETTER,
        social_worker_share,
        module="tests",
    ),
)


@pytest.fixture(scope="session")
def plan_app(app):
    plan_app = create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    plan_app.before_request_funcs.setdefault(None, []).extend(app.before_request_funcs.get(None, [])[:1])
    registry(plan_app).measures.register_all(TEST_MEASURES)
    yield plan_app
    with plan_app.app_context():
        _db.engine.dispose()


@pytest.fixture
def plan_db(plan_app, db, tmp_path):
    """The rolled-back test database, inside the plan app (whose registry holds the test measures)."""
    plan_app.instance_path = str(tmp_path)
    with plan_app.app_context():
        yield db


@pytest.fixture
def plan_client(plan_app, plan_db):
    return ClientRequest(plan_app.test_client(), plan_app)


@pytest.fixture(scope="session")
def dfe_once(app):
    """The shipped DfE figures and statistical neighbours, committed once for the run (reference data)."""
    from workforce.benchmarks import dao, services

    with app.app_context():
        if dao.latest_release() is None:
            report, release = services.load_shipped()
            assert report.ok and release is not None
            _db.session.commit()
        _db.session.remove()


@pytest.fixture
def dfe(dfe_once, plan_db):
    """The DfE figures, with the council's LA code set to 840 (County Durham, North East)."""
    from workforce.benchmarks.dao import LA_CODE_SETTING
    from workforce.kernel import settings

    settings.put(LA_CODE_SETTING, "840")
    return "840"
