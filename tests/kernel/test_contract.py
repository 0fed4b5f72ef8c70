"""The module contract, tested with a small module defined here."""

from datetime import date

import click
import pytest
from flask import Blueprint, render_template_string
from sqlalchemy import func, select

from tests.builders import create_team, create_user
from workforce.app import create_app
from workforce.extensions import db as _db
from workforce.kernel.contract import DemoSeeder, HomePanel, NavigationEntry, register_module, registry
from workforce.kernel.measures import (
    DuplicateMeasure,
    Measure,
    MeasureScope,
    MeasureValue,
    Polarity,
    Source,
    Unit,
)
from workforce.kernel.models import Team
from workforce.kernel.permissions import permission_required
from workforce.kernel.providers import CENSUS_COMPARATORS, EARLY_CAREER_STATUS, MissingProvider, Provider
from workforce.kernel.roles import Role

VOICE_PERMISSION = "voice.view"

voice = Blueprint("voice", __name__)


@voice.route("/voice-of-the-child")
@permission_required(VOICE_PERMISSION)
def overview():
    return render_template_string(
        "{% extends 'layout.html' %}{% block title %}Voice{% endblock %}"
        "{% block content %}<h1 class='govuk-heading-l'>Voice of the child</h1>{% endblock %}"
    )


def teams_in_scope(start: date, end: date, scope: MeasureScope) -> MeasureValue:
    query = select(func.count()).select_from(Team)
    team_ids = scope.team_ids()
    if team_ids is not None:
        query = query.where(Team.id.in_(team_ids))
    return MeasureValue.total(_db.session.execute(query).scalar_one())


@click.command("voice-count")
def voice_count():
    click.echo("voice records: 0")


def init_voice_module(app):
    modules = register_module(
        app,
        "voice",
        "Voice of children and families",
        "What children say",
        blueprints=(voice,),
        commands=(voice_count,),
    )
    modules.grant(VOICE_PERMISSION, Role.SENIOR_LEADER)
    modules.add_navigation(NavigationEntry("Voice", "voice.overview", VOICE_PERMISSION, 50, "/voice"))
    modules.measures.register(
        Measure(
            "teams_count",
            "Teams",
            "Number of teams",
            Source.LOCAL,
            Unit.COUNT,
            Polarity.NEUTRAL,
            teams_in_scope,
            module="voice",
        )
    )
    modules.add_demo_seeder(DemoSeeder("Voice demo", 50, lambda context: None))
    modules.add_home_panel(
        HomePanel(
            "voice",
            "home/your_role.html",
            frozenset({Role.SENIOR_LEADER}),
            lambda user: {"role": user.role},
            50,
        )
    )


@pytest.fixture(scope="module")
def voice_app(app):
    voice_app = create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    init_voice_module(voice_app)
    yield voice_app
    with voice_app.app_context():
        _db.engine.dispose()


@pytest.fixture
def voice_client(voice_app, db):
    from tests.conftest import ClientRequest

    with voice_app.app_context():
        yield ClientRequest(voice_app.test_client(), voice_app)


def test_a_new_module_adds_a_page_and_navigation_for_the_roles_it_grants(voice_client):
    leader = create_user(Role.SENIOR_LEADER)
    voice_client.login(leader)
    page = voice_client.get("voice.overview")
    assert page.h1.get_text() == "Voice of the child"
    links = [link.get_text(strip=True) for link in page.select(".govuk-service-navigation__list a")]
    assert "Voice" in links


def test_a_module_page_refuses_roles_it_does_not_grant(voice_client):
    voice_client.login(create_user(Role.HR))
    page = voice_client.get("pages.home")
    assert "Voice" not in [a.get_text(strip=True) for a in page.select(".govuk-service-navigation__list a")]
    voice_client.get("voice.overview", _expected_status=403)


def test_a_module_measure_is_computed_by_scope(voice_app, db):
    first, _second = create_team(), create_team()
    measures = registry(voice_app).measures
    council = measures.compute("teams_count", date(2026, 1, 1), date(2026, 1, 31))
    team = measures.compute("teams_count", date(2026, 1, 1), date(2026, 1, 31), MeasureScope.team(first.id))
    assert council.value >= 2
    assert team.value == 1


def test_a_measure_id_can_be_registered_once(voice_app):
    with pytest.raises(DuplicateMeasure):
        init_voice_measure_again(voice_app)


def init_voice_measure_again(app):
    registry(app).measures.register(
        Measure("teams_count", "Teams", "Again", Source.LOCAL, Unit.COUNT, Polarity.NEUTRAL, teams_in_scope)
    )


def test_a_module_registers_its_demo_seeder_and_command(voice_app):
    assert "Voice demo" in [seeder.name for seeder in registry(voice_app).demo_seeders]
    result = voice_app.test_cli_runner().invoke(args=["voice-count"])
    assert result.output == "voice records: 0\n"


def test_a_module_name_can_be_registered_once(voice_app):
    with pytest.raises(ValueError, match="already registered"):
        register_module(voice_app, "voice", "Again", "Again")


def test_a_ratio_with_a_zero_denominator_is_not_applicable():
    value = MeasureValue.ratio(3, 0, 100)
    assert value.not_applicable
    assert value.value is None
    assert MeasureValue.ratio(1, 4, 100).value == 25


def test_a_council_scope_has_no_id_and_a_team_scope_needs_one():
    with pytest.raises(ValueError):
        MeasureScope(MeasureScope.team(1).level, None)


def _app_with(monkeypatch, app, *extra_modules):
    """An app built with `extra_modules` loaded after the real ones."""
    import workforce.app as factory

    real = factory.feature_modules
    monkeypatch.setattr(factory, "feature_modules", lambda: (*real(), *extra_modules))
    return create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})


UNPROVIDED = Provider("voice-of-the-child-summary", "() -> what children said this month")


class _Module:
    def __init__(self, name, requires=(), provides=()):
        self.name, self.requires, self.provides = name, requires, provides

    def init_app(self, app):
        modules = register_module(app, self.name, self.name.title(), "A test module", requires=self.requires)
        for provider, function in self.provides:
            modules.provide(provider, function)


def test_an_app_whose_module_requires_a_provider_nobody_registers_does_not_start(monkeypatch, app):
    with pytest.raises(MissingProvider, match="voice-of-the-child-summary"):
        _app_with(monkeypatch, app, _Module("voice", requires=(UNPROVIDED,)))


def test_a_required_provider_may_come_from_a_module_loaded_later(monkeypatch, app):
    built = _app_with(
        monkeypatch,
        app,
        _Module("voice", requires=(UNPROVIDED,)),
        _Module("survey", provides=((UNPROVIDED, lambda: ["Happy at school"]),)),
    )
    with built.app_context():
        assert registry(built).required(UNPROVIDED)() == ["Happy at school"]
        _db.engine.dispose()


def test_the_real_modules_provide_what_they_require(app):
    modules = registry(app)
    assert CENSUS_COMPARATORS in modules.modules["improvement"].requires
    modules.check_requirements()
    assert modules.provided(EARLY_CAREER_STATUS) is not None


def test_providers_are_asked_for_by_their_typed_constant_not_a_string(app):
    modules = registry(app)
    with pytest.raises(TypeError):
        modules.provided("early-career-status")
    with pytest.raises(TypeError):
        modules.provide("early-career-status", lambda staff_id, on: True)
    with pytest.raises(ValueError, match="already provided"):
        modules.provide(EARLY_CAREER_STATUS, lambda staff_id, on: True)
    with pytest.raises(MissingProvider):
        modules.required(UNPROVIDED)
