"""Edit pages of the plan, strands, actions and plan measures: good and bad input, stale forms, permissions,
the audit trail, and published periods that editing never changes."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.builders import create_team, create_user
from tests.conftest import error_summary
from tests.improvement.builders import create_action, create_plan, create_plan_measure, create_strand
from workforce.extensions import db
from workforce.improvement.constants import ActionStatus, Rating
from workforce.improvement.models import Action, PeriodDefinition, PeriodValue, PlanMeasure
from workforce.improvement.periods import compute_period, publish_period
from workforce.kernel.measures import Polarity
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role

MONTH = date(2026, 1, 1)


@pytest.fixture
def leader(plan_client):
    user = create_user(Role.SENIOR_LEADER)
    plan_client.login(user)
    return user


def events_for(record_type: str, record_id: int) -> list[AuditEvent]:
    return list(
        db.session.execute(
            select(AuditEvent)
            .where(AuditEvent.record_type == record_type, AuditEvent.record_id == str(record_id))
            .order_by(AuditEvent.id)
        ).scalars()
    )


def form_values(page) -> dict[str, str]:
    values = {}
    for field in page.select("form input[name], form textarea[name], form select[name]"):
        if field.name == "textarea":
            values[field["name"]] = field.get_text()
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            values[field["name"]] = chosen["value"] if chosen else ""
        elif field.get("type") == "radio":
            if field.has_attr("checked"):
                values[field["name"]] = field["value"]
        else:
            values[field["name"]] = field.get("value", "")
    values.pop("csrf_token", None)
    return values


def test_the_plan_title_is_changed_and_the_change_is_in_the_audit_trail(plan_client, leader):
    plan = create_plan("Old title")
    page = plan_client.get("improvement.edit_plan", plan_id=plan.id)
    assert form_values(page) == {"title": "Old title", "version": "1"}
    plan_client.post("improvement.edit_plan", {"title": "New title", "version": "1"}, plan_id=plan.id)
    assert (plan.title, plan.version) == ("New title", 2)
    changes = events_for("ImprovementPlan", plan.id)[-1].changes
    assert changes["title"] == {"before": "Old title", "after": "New title"}


def test_an_empty_title_re_renders_with_an_error_summary(plan_client, leader):
    strand = create_strand(title="Workforce")
    page = plan_client.post(
        "improvement.edit_strand", {"title": "", "version": "1"}, _expected_status=200, strand_id=strand.id
    )
    assert error_summary(page) == ["Enter the title of the strand"]
    db.session.refresh(strand)
    assert strand.title == "Workforce"


def test_a_stale_strand_form_is_refused_and_keeps_what_was_typed(plan_client, leader):
    strand = create_strand(title="Workforce")
    plan_client.post("improvement.edit_strand", {"title": "Workforce stability", "version": "1"}, strand_id=strand.id)
    page = plan_client.post(
        "improvement.edit_strand",
        {"title": "Workforce and recruitment", "version": "1"},
        _expected_status=200,
        strand_id=strand.id,
    )
    assert error_summary(page) == [
        "Workforce stability was changed by someone else while you were editing it. Your changes are below and "
        "have not been saved: check them against the record as it is now, then save again"
    ]
    assert form_values(page) == {"title": "Workforce and recruitment", "version": "2"}
    db.session.refresh(strand)
    assert strand.title == "Workforce stability"
    plan_client.post("improvement.edit_strand", form_values(page), strand_id=strand.id)
    db.session.refresh(strand)
    assert (strand.title, strand.version) == ("Workforce and recruitment", 3)


def test_an_action_is_changed_but_its_status_and_rating_are_not(plan_client, leader):
    action = create_action(title="Recruit", status=ActionStatus.IN_PROGRESS)
    new_owner = create_user(Role.HR, name="Harriet Owner")
    page = plan_client.get("improvement.edit_action", action_id=action.id)
    values = form_values(page)
    assert values["title"] == "Recruit" and values["owner"] == str(action.owner_id) and values["version"] == "1"
    assert "status" not in values and "rating" not in values
    plan_client.post(
        "improvement.edit_action",
        {
            "title": "Recruit experienced social workers",
            "description": "A campaign with two open days",
            "owner": str(new_owner.id),
            "due_date": "2026-09-30",
            "version": "1",
        },
        action_id=action.id,
    )
    db.session.refresh(action)
    assert (action.title, action.description, action.owner, action.due_date) == (
        "Recruit experienced social workers",
        "A campaign with two open days",
        new_owner,
        date(2026, 9, 30),
    )
    assert (action.status, action.rating) == (ActionStatus.IN_PROGRESS, Rating.GREEN)
    changes = events_for("Action", action.id)[-1].changes
    assert changes["owner"]["after"] == "Harriet Owner"
    assert changes["due_date"] == {"before": "2026-06-30", "after": "2026-09-30"}
    page = plan_client.get("improvement.show_action", action_id=action.id)
    assert "A campaign with two open days" in page.get_text()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "Enter what the action is"),
        ({"owner": "0"}, "Select the owner of the action"),
        ({"due_date": "31/09/2026"}, None),
        ({"description": "x" * 5001}, "The description must be 5,000 characters or fewer"),
    ],
)
def test_bad_action_input_is_refused_and_nothing_is_saved(plan_client, leader, change, message):
    action = create_action(title="Recruit")
    data = {"title": "Recruit", "owner": str(action.owner_id), "due_date": "2026-06-30", "version": "1", **change}
    page = plan_client.post("improvement.edit_action", data, _expected_status=200, action_id=action.id)
    errors = error_summary(page)
    assert errors if message is None else errors == [message]
    db.session.refresh(action)
    assert (action.title, action.version) == ("Recruit", 1)


def test_a_committee_viewer_cannot_own_an_action(plan_client, leader):
    action = create_action(title="Recruit")
    viewer = create_user(Role.COMMITTEE_VIEWER)
    data = {"title": "Recruit", "owner": str(viewer.id), "due_date": "2026-06-30", "version": "1"}
    page = plan_client.post("improvement.edit_action", data, _expected_status=200, action_id=action.id)
    assert error_summary(page)
    assert db.session.get(Action, action.id).owner_id != viewer.id


def test_a_signed_off_action_is_not_changed(plan_client, leader):
    action = create_action(title="Recruit", status=ActionStatus.SIGNED_OFF)
    data = {"title": "Something else", "owner": str(action.owner_id), "due_date": "2026-06-30", "version": "1"}
    page = plan_client.post("improvement.edit_action", data, _expected_status=200, action_id=action.id)
    assert error_summary(page) == ["This action is finished: it cannot be changed"]


def measure_data(**change) -> dict:
    return {
        "baseline_value": "12",
        "baseline_date": "2025-01-31",
        "target_value": "30",
        "target_date": "2026-12-31",
        "tolerance_percent": "5",
        "polarity": "lower is better",
        "trajectory": "2026-06 20",
        "comparators": "Neighbouring council: 15",
        "version": "1",
        **change,
    }


def test_a_plan_measure_is_changed_and_the_change_is_in_the_audit_trail(plan_client, leader):
    plan_measure = create_plan_measure(trajectory={"2025-06": 14.0})
    page = plan_client.get("improvement.edit_plan_measure", plan_measure_id=plan_measure.id)
    values = form_values(page)
    assert "measure_id" not in values
    assert (values["baseline_value"], values["polarity"], values["trajectory"].strip()) == (
        "10.00",
        "higher is better",
        "2025-06 14",
    )
    plan_client.post("improvement.edit_plan_measure", measure_data(), plan_measure_id=plan_measure.id)
    db.session.refresh(plan_measure)
    assert (
        plan_measure.baseline_value,
        plan_measure.target_value,
        plan_measure.target_date,
        plan_measure.tolerance_percent,
        plan_measure.polarity,
        plan_measure.trajectory,
        plan_measure.comparators,
        plan_measure.version,
    ) == (
        12.0,
        30.0,
        date(2026, 12, 31),
        5.0,
        Polarity.LOWER_IS_BETTER,
        {"2026-06": 20.0},
        {"Neighbouring council": 15.0},
        2,
    )
    changes = events_for("PlanMeasure", plan_measure.id)[-1].changes
    assert changes["tolerance_percent"] == {"before": 10.0, "after": 5.0}
    assert changes["polarity"] == {"before": "higher is better", "after": "lower is better"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"target_date": "2024-12-31"}, "The target date must be after the baseline date"),
        ({"tolerance_percent": "150"}, "Tolerance must be between 0 and 100"),
        ({"baseline_value": "ten"}, None),
        ({"trajectory": "June 20"}, "Line 1 of the trajectory must be a month and a value, like 2026-03 14.5"),
        ({"polarity": "sideways"}, None),
    ],
)
def test_bad_plan_measure_input_is_refused_and_nothing_is_saved(plan_client, leader, change, message):
    plan_measure = create_plan_measure()
    page = plan_client.post(
        "improvement.edit_plan_measure", measure_data(**change), _expected_status=200, plan_measure_id=plan_measure.id
    )
    errors = error_summary(page)
    assert errors if message is None else errors == [message]
    db.session.refresh(plan_measure)
    assert (plan_measure.baseline_value, plan_measure.version) == (10.0, 1)


def test_a_stale_plan_measure_form_is_refused_and_keeps_what_was_typed(plan_client, leader):
    plan_measure = create_plan_measure()
    plan_client.post("improvement.edit_plan_measure", measure_data(), plan_measure_id=plan_measure.id)
    page = plan_client.post(
        "improvement.edit_plan_measure",
        measure_data(target_value="44"),
        _expected_status=200,
        plan_measure_id=plan_measure.id,
    )
    assert "was changed by someone else while you were editing" in error_summary(page)[0]
    values = form_values(page)
    assert (values["target_value"], values["version"]) == ("44", "2")
    db.session.refresh(plan_measure)
    assert plan_measure.target_value == 30.0


def test_editing_a_plan_measure_never_changes_a_published_periods_values_or_definitions(plan_client, leader):
    plan_measure = create_plan_measure()
    publish_period(compute_period(MONTH))
    db.session.commit()

    def frozen():
        values = db.session.execute(
            select(PeriodValue.id, PeriodValue.numerator, PeriodValue.denominator, PeriodValue.value)
            .where(PeriodValue.measure_id == plan_measure.measure_id)
            .order_by(PeriodValue.id)
        ).all()
        definitions = db.session.execute(
            select(PeriodDefinition.title, PeriodDefinition.definition, PeriodDefinition.comparators).where(
                PeriodDefinition.measure_id == plan_measure.measure_id
            )
        ).all()
        return values, definitions

    before = frozen()
    assert before[0]
    plan_client.post(
        "improvement.edit_plan_measure",
        measure_data(baseline_value="1", target_value="2", comparators=""),
        plan_measure_id=plan_measure.id,
    )
    db.session.expire_all()
    assert frozen() == before
    assert db.session.get(PlanMeasure, plan_measure.id).target_value == 2.0


@pytest.mark.parametrize("role", [Role.HR, Role.QA_OFFICER, Role.COMMITTEE_VIEWER, Role.TEAM_MANAGER])
def test_only_roles_that_manage_the_plan_may_open_or_save_an_edit_page(plan_client, role):
    action = create_action(title="Recruit")
    plan_measure = create_plan_measure(action.strand)
    plan_client.login(create_user(role))
    pages = [
        ("improvement.edit_plan", {"plan_id": action.strand.plan_id}, {"title": "X", "version": "1"}),
        ("improvement.edit_strand", {"strand_id": action.strand_id}, {"title": "X", "version": "1"}),
        ("improvement.edit_action", {"action_id": action.id}, {"title": "X", "version": "1"}),
        ("improvement.edit_plan_measure", {"plan_measure_id": plan_measure.id}, measure_data()),
    ]
    for endpoint, ids, data in pages:
        plan_client.get(endpoint, _expected_status=403, **ids)
        plan_client.post(endpoint, data, _expected_status=403, **ids)
    db.session.expire_all()
    assert action.title == "Recruit" and action.strand.title != "X" and action.strand.plan.title != "X"
    assert plan_measure.version == 1


def test_edit_pages_of_records_that_do_not_exist_are_not_found(plan_client, leader):
    for endpoint, ids in (
        ("improvement.edit_plan", {"plan_id": 999999}),
        ("improvement.edit_strand", {"strand_id": 999999}),
        ("improvement.edit_action", {"action_id": 999999}),
        ("improvement.edit_plan_measure", {"plan_measure_id": 999999}),
    ):
        plan_client.get(endpoint, _expected_status=404, **ids)


def test_a_published_month_keeps_the_rating_rule_it_was_published_with(plan_client, leader):
    from workforce.improvement.figures import measure_figures

    create_user(team=create_team())
    plan_measure = create_plan_measure(baseline_value=0, target_value=0)
    publish_period(compute_period(MONTH))
    compute_period(date(2026, 2, 1))
    db.session.commit()
    published = measure_figures(plan_measure, MONTH, published_only=True)
    assert published.rating is Rating.GREEN and published.current.expected == 0
    plan_client.post(
        "improvement.edit_plan_measure",
        measure_data(baseline_value="500", target_value="1000", tolerance_percent="1", polarity="higher is better"),
        plan_measure_id=plan_measure.id,
    )
    db.session.expire_all()
    plan_measure = db.session.get(PlanMeasure, plan_measure.id)
    after = measure_figures(plan_measure, MONTH, published_only=True)
    assert (after.rating, after.current.expected) == (Rating.GREEN, 0)
    provisional = measure_figures(plan_measure, date(2026, 2, 1), published_only=False)
    assert provisional.rating is Rating.RED and provisional.current.expected > 500
    assert provisional.trend[-2].expected == 0  # January, as published
