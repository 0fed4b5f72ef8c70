"""Plan operations: updates kept as history, sign-off rules, evidence documents, overrides."""

import io
import zipfile
from datetime import date

import pytest
from sqlalchemy import select

from tests.builders import create_user
from tests.improvement.builders import create_action, create_plan_measure, create_strand
from workforce.extensions import db
from workforce.improvement import services
from workforce.improvement.constants import ActionStatus, Rating
from workforce.improvement.figures import measure_figures
from workforce.improvement.models import ActionUpdate, Evidence, EvidenceDocument
from workforce.improvement.periods import compute_period
from workforce.improvement.services import PlanError
from workforce.kernel import settings
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role


def test_progress_updates_are_kept_as_history_and_move_status_and_rating(plan_db):
    action = create_action()
    services.add_update(action, "Started", ActionStatus.IN_PROGRESS, Rating.GREEN, action.owner)
    services.add_update(action, "Slipping", ActionStatus.IN_PROGRESS, Rating.AMBER, action.owner)
    db.session.flush()
    texts = [
        update.text
        for update in db.session.execute(select(ActionUpdate).where(ActionUpdate.action_id == action.id)).scalars()
    ]
    assert sorted(texts) == ["Slipping", "Started"]
    assert (action.status, action.rating) == (ActionStatus.IN_PROGRESS, Rating.AMBER)


def test_every_change_to_an_action_is_in_the_audit_trail(plan_db):
    action = create_action()
    services.add_update(action, "Started", ActionStatus.IN_PROGRESS, Rating.AMBER, action.owner)
    db.session.flush()
    events = db.session.execute(
        select(AuditEvent.action)
        .where(AuditEvent.record_type == "Action", AuditEvent.record_id == str(action.id))
        .order_by(AuditEvent.id)
    ).scalars()
    assert list(events) == ["created", "updated"]


def sign_off(action, leader, comment="Delivered as planned"):
    """Sign off with the action's evidence (a measure linked first, when it has none)."""
    if not action.evidence:
        services.link_measure(action, "test_team_members", leader)
    return services.sign_off(action, leader, comment, action.evidence)


def test_a_senior_leader_signs_off_another_owners_action_and_it_becomes_blue(plan_db):
    action = create_action(owner=create_user(Role.HR), status=ActionStatus.AWAITING_SIGN_OFF)
    leader = create_user(Role.SENIOR_LEADER)
    update = sign_off(action, leader, "Twelve social workers recruited")
    assert (action.status, action.rating, action.signed_off_by) == (ActionStatus.SIGNED_OFF, Rating.BLUE, leader)
    assert (update.text, update.author, update.status) == (
        "Twelve social workers recruited",
        leader,
        ActionStatus.SIGNED_OFF,
    )
    assert [item.measure_id for item in update.evidence] == ["test_team_members"]


@pytest.mark.parametrize(
    ("comment", "link_evidence", "choose_evidence", "messages"),
    [
        ("", True, True, ["Enter a comment on what was delivered"]),
        ("Done", False, False, ["Add the evidence that the action was delivered before signing it off"]),
        ("Done", True, False, ["Select the evidence you checked"]),
        ("  ", True, False, ["Enter a comment on what was delivered", "Select the evidence you checked"]),
    ],
)
def test_a_sign_off_needs_a_comment_and_the_evidence_checked(
    plan_db, comment, link_evidence, choose_evidence, messages
):
    action = create_action(owner=create_user(Role.HR), status=ActionStatus.AWAITING_SIGN_OFF)
    leader = create_user(Role.SENIOR_LEADER)
    if link_evidence:
        services.link_measure(action, "test_team_members", leader)
    with pytest.raises(PlanError) as refused:
        services.sign_off(action, leader, comment, action.evidence if choose_evidence else [])
    assert [message for _field, message in refused.value.problems] == messages
    assert action.status is ActionStatus.AWAITING_SIGN_OFF


def test_evidence_of_another_action_is_refused_at_sign_off(plan_db):
    action = create_action(owner=create_user(Role.HR), status=ActionStatus.AWAITING_SIGN_OFF)
    other = create_action()
    leader = create_user(Role.SENIOR_LEADER)
    services.link_measure(action, "test_team_members", leader)
    foreign = services.link_measure(other, "test_team_members", leader)
    with pytest.raises(PlanError, match="Select evidence of this action"):
        services.sign_off(action, leader, "Done", [foreign])


def test_a_senior_leader_reopens_a_signed_off_action_with_a_reason_kept_in_its_history(plan_db):
    action = create_action(owner=create_user(Role.HR), status=ActionStatus.AWAITING_SIGN_OFF)
    sign_off(action, create_user(Role.SENIOR_LEADER))
    services.reopen(action, create_user(Role.SENIOR_LEADER), "The new starters left within a month", Rating.AMBER)
    db.session.flush()
    assert (action.status, action.rating, action.signed_off_at) == (ActionStatus.IN_PROGRESS, Rating.AMBER, None)
    texts = [
        update.text
        for update in db.session.scalars(
            select(ActionUpdate).where(ActionUpdate.action_id == action.id).order_by(ActionUpdate.id)
        )
    ]
    assert texts[-2:] == ["Delivered as planned", "Reopened: The new starters left within a month"]


@pytest.mark.parametrize(
    ("role", "status", "reason", "message"),
    [
        (Role.HR, ActionStatus.SIGNED_OFF, "Evidence withdrawn", "Only a senior leader can reopen"),
        (Role.SENIOR_LEADER, ActionStatus.IN_PROGRESS, "Evidence withdrawn", "Only a signed-off action"),
        (Role.SENIOR_LEADER, ActionStatus.SIGNED_OFF, " ", "Enter the reason for reopening the action"),
    ],
)
def test_reopening_needs_a_senior_leader_a_signed_off_action_and_a_reason(plan_db, role, status, reason, message):
    action = create_action(owner=create_user(Role.HR), status=ActionStatus.AWAITING_SIGN_OFF)
    if status is ActionStatus.SIGNED_OFF:
        sign_off(action, create_user(Role.SENIOR_LEADER))
    else:
        services.add_update(action, "Back to work", status, Rating.GREEN, action.owner)
    with pytest.raises(PlanError, match=message):
        services.reopen(action, create_user(role), reason, Rating.AMBER)


def test_a_senior_leader_cannot_sign_off_their_own_action_by_default(plan_db):
    leader = create_user(Role.SENIOR_LEADER)
    action = create_action(owner=leader, status=ActionStatus.AWAITING_SIGN_OFF)
    with pytest.raises(PlanError, match="another senior leader"):
        sign_off(action, leader)


def test_the_setting_lets_a_senior_leader_sign_off_their_own_action(plan_db):
    leader = create_user(Role.SENIOR_LEADER)
    action = create_action(owner=leader, status=ActionStatus.AWAITING_SIGN_OFF)
    settings.put("improvement_sign_off_own_actions", True)
    sign_off(action, leader)
    assert action.status is ActionStatus.SIGNED_OFF


@pytest.mark.parametrize("role", [Role.HR, Role.TEAM_MANAGER, Role.ADMINISTRATOR])
def test_only_senior_leaders_sign_off(plan_db, role):
    action = create_action(status=ActionStatus.AWAITING_SIGN_OFF)
    with pytest.raises(PlanError, match="Only a senior leader"):
        sign_off(action, create_user(role))


def test_an_action_must_be_awaiting_sign_off_to_be_signed_off(plan_db):
    action = create_action(owner=create_user(Role.HR), status=ActionStatus.IN_PROGRESS)
    with pytest.raises(PlanError, match="awaiting sign-off"):
        sign_off(action, create_user(Role.SENIOR_LEADER))


def _office_file(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"%PDF-1.7\n...", "application/pdf"),
        (_office_file("word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (_office_file("xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_a_document_is_recognised_by_its_bytes_and_stored_with_its_record(plan_db, data, content_type):
    action = create_action()
    evidence = services.add_document(action, "anything.bin", data, action.owner)
    assert evidence.content_type == content_type
    assert services.document_content(evidence) == data
    db.session.flush()
    stored = db.session.get(EvidenceDocument, evidence.id)
    assert stored.content == data


def test_a_document_rolled_back_leaves_nothing_behind(plan_db):
    action = create_action()
    db.session.commit()
    evidence = services.add_document(action, "draft.pdf", b"%PDF-1.4 draft", action.owner)
    db.session.flush()
    evidence_id = evidence.id
    db.session.rollback()
    assert db.session.get(EvidenceDocument, evidence_id) is None
    assert db.session.get(Evidence, evidence_id) is None


def test_a_document_is_removed_with_its_record(plan_db):
    evidence = services.add_document(create_action(), "old.pdf", b"%PDF-1.4 old", None)
    db.session.flush()
    evidence_id = evidence.id
    db.session.delete(evidence)
    db.session.flush()
    assert db.session.get(EvidenceDocument, evidence_id) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"MZ\x90\x00 an executable renamed report.pdf", "must be a PDF, Word"),
        (_office_file("ppt/presentation.xml"), "must be a PDF, Word"),
        (b"PK\x03\x04 not really a zip", "must be a PDF, Word"),
    ],
)
def test_a_document_that_is_not_pdf_word_or_excel_is_refused(plan_db, data, message):
    with pytest.raises(PlanError, match=message):
        services.add_document(create_action(), "report.pdf", data, None)


def test_a_document_over_the_size_limit_is_refused(plan_db):
    settings.put("improvement_evidence_max_megabytes", 1)
    with pytest.raises(PlanError, match="smaller than 1MB"):
        services.add_document(create_action(), "big.pdf", b"%PDF-" + b"0" * (1024 * 1024), None)


def test_an_override_needs_a_reason(plan_db):
    plan_measure = create_plan_measure()
    for reason in (None, "", "   "):
        with pytest.raises(PlanError, match="Enter the reason"):
            services.override_rating(plan_measure, date(2026, 1, 1), Rating.RED, reason, None)


def test_an_override_with_a_reason_replaces_the_computed_rating(plan_db):
    plan_measure = create_plan_measure(baseline_value=0, target_value=0)
    compute_period(date(2026, 1, 1))
    computed = measure_figures(plan_measure, date(2026, 1, 1), published_only=False)
    assert computed.rating is Rating.GREEN
    services.override_rating(plan_measure, date(2026, 1, 1), Rating.AMBER, "Data known to be incomplete", None)
    db.session.flush()
    db.session.expire(plan_measure)
    figures = measure_figures(plan_measure, date(2026, 1, 1), published_only=False)
    assert (figures.rating, figures.computed_rating) == (Rating.AMBER, Rating.GREEN)
    assert figures.override_reason == "Data known to be incomplete"


def test_a_plan_measure_takes_its_polarity_from_the_registry_and_the_default_tolerance(plan_db):
    plan_measure = create_plan_measure(create_strand(), "test_social_worker_share")
    assert plan_measure.polarity.value == "lower is better"
    assert plan_measure.tolerance_percent == 10.0


def test_a_plan_measure_must_be_a_registered_measure(plan_db):
    with pytest.raises(PlanError, match="Select a measure"):
        create_plan_measure(measure_id="no_such_measure")


@pytest.mark.parametrize(
    ("values", "messages"),
    [
        ({"baseline_value": 120.0}, ["The baseline of a percentage must be from 0 to 100"]),
        ({"target_value": 101.1}, ["The target of a percentage must be from 0 to 100"]),
        ({"target_value": -1.0}, ["The target of a percentage must be from 0 to 100"]),
        (
            {"trajectory": {"2025-06": 50.0, "2025-09": 106.67}},
            ["The trajectory of a percentage must be from 0 to 100 in every month (not in 2025-09)"],
        ),
        (
            {"baseline_value": 120.0, "target_value": 106.67, "target_date": date(2024, 1, 1)},
            [
                "The target date must be after the baseline date",
                "The baseline of a percentage must be from 0 to 100",
                "The target of a percentage must be from 0 to 100",
            ],
        ),
    ],
)
def test_a_percentage_measure_takes_baselines_targets_and_trajectories_from_0_to_100(plan_db, values, messages):
    with pytest.raises(PlanError) as refused:
        create_plan_measure(
            measure_id="test_social_worker_share", **{"baseline_value": 50.0, "target_value": 40.0, **values}
        )
    assert [message for _field, message in refused.value.problems] == messages


def test_a_count_measure_may_go_above_100(plan_db):
    assert create_plan_measure(baseline_value=120.0, target_value=150.0).target_value == 150.0


def test_changing_a_percentage_measure_checks_its_range_too(plan_db):
    plan_measure = create_plan_measure(measure_id="test_social_worker_share", baseline_value=50.0, target_value=40.0)
    with pytest.raises(PlanError, match="target of a percentage"):
        services.update_plan_measure(
            plan_measure,
            baseline_value=50.0,
            baseline_date=plan_measure.baseline_date,
            target_value=120.0,
            target_date=plan_measure.target_date,
            tolerance_percent=10.0,
            polarity=plan_measure.polarity,
            trajectory={},
            comparators={},
            opened_at_version=plan_measure.version,
        )
