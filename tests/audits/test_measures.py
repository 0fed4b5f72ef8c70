"""Audit measures in the registry, on hand-built data, by council, service area and team."""

from datetime import date, datetime

import pytest

from tests.audits.builders import create_action, create_audit, create_moderation, create_programme
from tests.builders import create_service_area, create_team, create_user
from workforce.kernel import clock
from workforce.kernel.contract import registry
from workforce.kernel.measures import MeasureScope
from workforce.kernel.roles import Role

NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


def compute(app, measure_id, scope=None, period=NOVEMBER):
    return registry(app).measures.compute(measure_id, *period, scope)


def test_good_or_better_and_inadequate_use_moderated_grades_by_scope(app, db):
    area = create_service_area()
    first, second = create_team(service_area=area), create_team()
    create_audit(team=first, grade="Good")
    create_moderation(create_audit(team=first, grade="Good"), "Inadequate")
    create_audit(team=first, grade="Outstanding")
    create_audit(team=second, grade="Inadequate")
    council = compute(app, "audits_good_or_better")
    assert (council.numerator, council.denominator, council.value) == (2, 4, 50)
    assert compute(app, "audits_inadequate").value == 50
    team = compute(app, "audits_inadequate", MeasureScope.team(first.id))
    assert (team.numerator, team.denominator) == (1, 3)
    assert compute(app, "audits_good_or_better", MeasureScope.service_area(area.id)).denominator == 3


def test_with_no_audits_the_percentages_are_not_applicable(app, db):
    assert compute(app, "audits_good_or_better").not_applicable
    assert compute(app, "audits_inadequate").not_applicable
    assert compute(app, "audits_moderation_agreement").not_applicable


def test_programme_completion_counts_programme_audits_due_in_the_period(app, db):
    team = create_team()
    programme = create_programme()
    create_audit(team=team, programme=programme, grade="Good")
    create_audit(team=team, programme=programme)
    create_audit(team=team, programme=programme, due_date=date(2026, 12, 31))
    create_audit(team=team, grade="Good")  # not in a programme
    value = compute(app, "audits_programme_completion")
    assert (value.numerator, value.denominator) == (1, 2)


def test_moderation_agreement_is_agreed_over_moderated(app, db):
    create_moderation(create_audit(grade="Good"), "Good")
    create_moderation(create_audit(grade="Good"), "Requires improvement")
    create_moderation(create_audit(grade="Good"), "Good", on=date(2026, 12, 2))
    value = compute(app, "audits_moderation_agreement")
    assert (value.numerator, value.denominator, value.value) == (1, 2, 50)


@pytest.mark.parametrize(
    "completed_on, on_time",
    [(date(2026, 11, 15), 1), (date(2026, 11, 16), 0), (None, 0)],
)
def test_an_action_counts_on_time_only_when_completed_by_its_due_date(app, db, frozen_clock, completed_on, on_time):
    frozen_clock.set(datetime(2026, 12, 10, tzinfo=clock.UTC))
    create_action(create_audit(grade="Good"), date(2026, 11, 15), completed_on)
    value = compute(app, "audits_actions_on_time")
    assert (value.numerator, value.denominator) == (on_time, 1)


def test_actions_not_yet_due_are_not_counted(app, db, frozen_clock):
    frozen_clock.set(datetime(2026, 11, 10, tzinfo=clock.UTC))
    create_action(create_audit(grade="Good"), date(2026, 11, 20))
    assert compute(app, "audits_actions_on_time").denominator == 0


def test_audit_measures_are_scoped_to_teams(app, db):
    first, second = create_team(), create_team()
    create_action(
        create_audit(team=first, grade="Good", auditor=create_user(Role.QA_OFFICER)),
        date(2026, 11, 2),
        date(2026, 11, 1),
    )
    create_action(create_audit(team=second, grade="Good"), date(2026, 11, 2))
    value = registry(app).measures.compute(
        "audits_actions_on_time", date(2026, 11, 1), date(2026, 11, 5), MeasureScope.team(first.id)
    )
    assert (value.numerator, value.denominator) == (1, 1)
