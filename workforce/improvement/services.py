"""Changing the plan: strands, actions, progress updates, sign-off, evidence, plan measures and overrides.

Every operation flushes and writes the audit trail; the caller commits.
"""

from __future__ import annotations

import secrets
import zipfile
from collections.abc import Sequence
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from workforce.extensions import db
from workforce.improvement.constants import SETTINGS, ActionStatus, EvidenceKind, Rating
from workforce.improvement.models import (
    Action,
    ActionUpdate,
    Evidence,
    EvidenceDocument,
    ImprovementPlan,
    PlanMeasure,
    RatingOverride,
    Strand,
)
from workforce.kernel import audit_trail, clock, settings
from workforce.kernel.contract import registry
from workforce.kernel.dates import month_start
from workforce.kernel.measures import Polarity, Unit
from workforce.kernel.models import User
from workforce.kernel.providers import AUDIT_THEMES, CENSUS_COMPARATORS
from workforce.kernel.refusals import Problems
from workforce.kernel.roles import Role


class PlanError(ValueError):
    """A change the plan refuses; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str = "submit"):
        super().__init__(message)
        self.field = field


def setting(key: str) -> Any:
    value = settings.get(key)
    return SETTINGS[key] if value is None else value


def create_plan(title: str) -> ImprovementPlan:
    plan = ImprovementPlan(title=title.strip())
    db.session.add(plan)
    audit_trail.record_created(plan)
    return plan


def create_strand(plan: ImprovementPlan, title: str, position: int | None = None) -> Strand:
    strand = Strand(plan=plan, title=title.strip(), position=len(plan.strands) if position is None else position)
    db.session.add(strand)
    audit_trail.record_created(strand)
    return strand


def update_plan(plan: ImprovementPlan, title: str, opened_at_version: int | str | None) -> ImprovementPlan:
    """Rename a plan; raises EditConflict when someone else saved it since the form was opened."""
    plan.check_version(opened_at_version)
    before = audit_trail.snapshot(plan)
    plan.title = title.strip()
    plan.save_edit(opened_at_version)
    audit_trail.record_updated(plan, before)
    return plan


def update_strand(strand: Strand, title: str, opened_at_version: int | str | None) -> Strand:
    strand.check_version(opened_at_version)
    before = audit_trail.snapshot(strand)
    strand.title = title.strip()
    strand.save_edit(opened_at_version)
    audit_trail.record_updated(strand, before)
    return strand


def create_action(strand: Strand, title: str, owner: User, due_date: date, description: str | None = None) -> Action:
    action = Action(
        strand=strand,
        title=title.strip(),
        description=(description or "").strip() or None,
        owner=owner,
        due_date=due_date,
        status=ActionStatus.NOT_STARTED,
        rating=Rating.GREEN,
    )
    db.session.add(action)
    audit_trail.record_created(action)
    return action


def update_action(
    action: Action,
    title: str,
    description: str | None,
    owner: User,
    due_date: date,
    opened_at_version: int | str | None,
) -> Action:
    """Change what an action is, who owns it and when it is due. Status and rating move only through
    progress updates and sign-off, so that their history is kept; a finished action is not changed."""
    action.check_version(opened_at_version)
    if action.status in (ActionStatus.SIGNED_OFF, ActionStatus.CLOSED):
        raise PlanError("This action is finished: it cannot be changed", "title")
    if owner.deactivated_at is not None or owner.role is Role.COMMITTEE_VIEWER:
        raise PlanError("Select the owner of the action", "owner")
    before = audit_trail.snapshot(action, owner=action.owner.name)
    action.title = title.strip()
    action.description = (description or "").strip() or None
    action.owner = owner
    action.due_date = due_date
    action.save_edit(opened_at_version)
    audit_trail.record_updated(action, before, owner=owner.name)
    return action


def add_update(action: Action, text: str, status: ActionStatus, rating: Rating, author: User | None) -> ActionUpdate:
    """A progress update: kept as history, and it moves the action's status and rating."""
    if action.status in (ActionStatus.SIGNED_OFF, ActionStatus.CLOSED):
        raise PlanError("This action is finished: it cannot be updated", "text")
    if status is ActionStatus.SIGNED_OFF:
        raise PlanError("Sign the action off from its page", "status")
    if rating is Rating.BLUE:
        raise PlanError("Blue means delivered and signed off: it is given when the action is signed off", "rating")
    before = audit_trail.snapshot(action)
    update = ActionUpdate(action=action, author=author, text=text.strip(), status=status, rating=rating)
    db.session.add(update)
    action.status = status
    action.rating = rating
    audit_trail.record_created(update)
    audit_trail.record_updated(action, before)
    return update


def can_sign_off(action: Action, user: User) -> bool:
    if user.role is not Role.SENIOR_LEADER or action.status is not ActionStatus.AWAITING_SIGN_OFF:
        return False
    return action.owner_id != user.id or bool(setting("improvement_sign_off_own_actions"))


def sign_off(action: Action, user: User, comment: str, evidence: Sequence[Evidence] = ()) -> ActionUpdate:
    """Blue: delivered and signed off. The senior leader's comment and the evidence they relied on are kept
    in the action's history as a sign-off update."""
    if action.status is not ActionStatus.AWAITING_SIGN_OFF:
        raise PlanError("Only an action that is complete and awaiting sign-off can be signed off")
    if user.role is not Role.SENIOR_LEADER:
        raise PlanError("Only a senior leader can sign an action off")
    if action.owner_id == user.id and not setting("improvement_sign_off_own_actions"):
        raise PlanError("You own this action: another senior leader must sign it off")
    problems = Problems()
    comment = (comment or "").strip()
    if not comment:
        problems.add("Enter a comment on what was delivered", "comment")
    if not action.evidence:
        problems.add("Add the evidence that the action was delivered before signing it off", "evidence")
    elif not evidence:
        problems.add("Select the evidence you checked", "evidence")
    elif any(item.action_id != action.id for item in evidence):
        problems.add("Select evidence of this action", "evidence")
    problems.raise_as(PlanError)
    before = audit_trail.snapshot(action)
    update = ActionUpdate(
        action=action,
        author=user,
        text=comment,
        status=ActionStatus.SIGNED_OFF,
        rating=Rating.BLUE,
        evidence=list(evidence),
    )
    db.session.add(update)
    action.status = ActionStatus.SIGNED_OFF
    action.rating = Rating.BLUE
    action.signed_off_by = user
    action.signed_off_at = clock.now()
    audit_trail.record_created(update, evidence=[str(item) for item in evidence])
    audit_trail.record_updated(action, before, note="Signed off")
    return update


def can_reopen(action: Action, user: User) -> bool:
    return user.role is Role.SENIOR_LEADER and action.status is ActionStatus.SIGNED_OFF


def reopen(action: Action, user: User, reason: str, rating: Rating) -> ActionUpdate:
    """A senior leader reopens a signed-off action (for example when the evidence did not hold up); the
    reason is kept in its history and the sign-off stays there too."""
    if action.status is not ActionStatus.SIGNED_OFF:
        raise PlanError("Only a signed-off action can be reopened")
    if user.role is not Role.SENIOR_LEADER:
        raise PlanError("Only a senior leader can reopen an action")
    problems = Problems()
    reason = (reason or "").strip()
    if not reason:
        problems.add("Enter the reason for reopening the action", "reason")
    if rating not in (Rating.GREEN, Rating.AMBER, Rating.RED):
        problems.add("Select Green, Amber or Red", "rating")
    problems.raise_as(PlanError)
    before = audit_trail.snapshot(action)
    update = ActionUpdate(
        action=action, author=user, text=f"Reopened: {reason}", status=ActionStatus.IN_PROGRESS, rating=rating
    )
    db.session.add(update)
    action.status = ActionStatus.IN_PROGRESS
    action.rating = rating
    action.signed_off_by = None
    action.signed_off_at = None
    audit_trail.record_created(update)
    audit_trail.record_updated(action, before, note="Reopened")
    return update


def link_measure(action: Action, measure_id: str, user: User | None) -> Evidence:
    if measure_id not in registry().measures:
        raise PlanError("Select a measure", "measure_id")
    if any(item.measure_id == measure_id for item in action.evidence):
        raise PlanError("This measure is already evidence for the action", "measure_id")
    evidence = Evidence(
        action=action, kind=EvidenceKind.MEASURE, measure_id=measure_id, added_by_id=user.id if user else None
    )
    db.session.add(evidence)
    audit_trail.record_created(evidence)
    return evidence


def audit_themes() -> list[dict[str, Any]] | None:
    """The audit themes a module provides (id, name, audits, url), or None without one."""
    provided = registry().provided(AUDIT_THEMES)
    return list(provided()) if provided is not None else None


def link_audit_theme(action: Action, theme_id: int | None, user: User | None) -> Evidence:
    """Link an audit theme as evidence; its name is kept with the evidence as it was when linked."""
    themes = audit_themes()
    if themes is None:
        raise PlanError("Audit themes are not available: the case-file audit module is not installed", "theme_id")
    theme = next((item for item in themes if item["id"] == theme_id), None)
    if theme is None:
        raise PlanError("Select an audit theme", "theme_id")
    if any(item.kind is EvidenceKind.AUDIT_THEME and item.audit_theme_id == theme_id for item in action.evidence):
        raise PlanError("This audit theme is already evidence for the action", "theme_id")
    evidence = Evidence(
        action=action,
        kind=EvidenceKind.AUDIT_THEME,
        audit_theme_id=theme["id"],
        audit_theme_name=str(theme["name"])[:120],
        added_by_id=user.id if user else None,
    )
    db.session.add(evidence)
    audit_trail.record_created(evidence)
    return evidence


#: Accepted documents, recognised by their bytes: (type name, content type).
PDF = ("PDF", "application/pdf")
WORD = ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
EXCEL = ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
#: The file name extension stored documents are sent with.
EXTENSIONS = {PDF[1]: ".pdf", WORD[1]: ".docx", EXCEL[1]: ".xlsx"}


def document_type(data: bytes) -> tuple[str, str] | None:
    """What the bytes are, whatever the file is called: a PDF, a Word (.docx) or Excel (.xlsx) file, or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return WORD
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return EXCEL
    return None


def add_document(action: Action, filename: str, data: bytes, user: User | None) -> Evidence:
    limit = int(setting("improvement_evidence_max_megabytes")) * 1024 * 1024
    if not data:
        raise PlanError("The selected file is empty", "document")
    if len(data) > limit:
        raise PlanError(f"The selected file must be smaller than {limit // (1024 * 1024)}MB", "document")
    kind = document_type(data)
    if kind is None:
        raise PlanError("The selected file must be a PDF, Word (.docx) or Excel (.xlsx) file", "document")
    evidence = Evidence(
        action=action,
        kind=EvidenceKind.DOCUMENT,
        filename=Path(filename or "document").name[:255],
        stored_name=secrets.token_hex(16),
        content_type=kind[1],
        size_bytes=len(data),
        added_by_id=user.id if user else None,
        document=EvidenceDocument(content=data),
    )
    db.session.add(evidence)
    audit_trail.record_created(evidence)
    return evidence


def document_content(evidence: Evidence) -> bytes | None:
    """The stored bytes of a document, or None when the evidence is not a document."""
    return evidence.document.content if evidence.document is not None else None


def add_plan_measure(
    strand: Strand,
    measure_id: str,
    baseline_value: float,
    baseline_date: date,
    target_value: float,
    target_date: date,
    tolerance_percent: float | None = None,
    trajectory: dict[str, float] | None = None,
    comparators: dict[str, float] | None = None,
) -> PlanMeasure:
    if measure_id not in registry().measures:
        raise PlanError("Select a measure", "measure_id")
    if any(existing.measure_id == measure_id for existing in strand.measures):
        raise PlanError("This measure is already in the strand", "measure_id")
    measure = registry().measures.get(measure_id)
    problems = Problems()
    if target_date <= baseline_date:
        problems.add("The target date must be after the baseline date", "target_date")
    _check_values(measure.unit, baseline_value, target_value, trajectory or {}, problems)
    problems.raise_as(PlanError)
    _check_local_comparators(measure_id, comparators)
    plan_measure = PlanMeasure(
        strand=strand,
        measure_id=measure_id,
        baseline_value=baseline_value,
        baseline_date=baseline_date,
        target_value=target_value,
        target_date=target_date,
        polarity=measure.polarity,
        tolerance_percent=(
            float(setting("improvement_default_tolerance_percent")) if tolerance_percent is None else tolerance_percent
        ),
        trajectory=dict(trajectory or {}),
        comparators=dict(comparators or {}),
    )
    db.session.add(plan_measure)
    audit_trail.record_created(plan_measure)
    return plan_measure


def update_plan_measure(
    plan_measure: PlanMeasure,
    *,
    baseline_value: float,
    baseline_date: date,
    target_value: float,
    target_date: date,
    tolerance_percent: float,
    polarity: Polarity,
    trajectory: dict[str, float],
    comparators: dict[str, float],
    opened_at_version: int | str | None,
) -> PlanMeasure:
    """Change a plan measure's baseline, target, trajectory and rating rule. The figures of reporting
    periods are stored apart from it, so a published period's values never change; the DfE comparators
    frozen with a published period stay as they were."""
    plan_measure.check_version(opened_at_version)
    problems = Problems()
    if target_date <= baseline_date:
        problems.add("The target date must be after the baseline date", "target_date")
    if not 0 <= tolerance_percent <= 100:
        problems.add("Tolerance must be between 0 and 100", "tolerance_percent")
    measure = registry().measures.get(plan_measure.measure_id)
    if measure is not None:
        _check_values(measure.unit, baseline_value, target_value, trajectory, problems)
    problems.raise_as(PlanError)
    _check_local_comparators(plan_measure.measure_id, comparators)
    before = audit_trail.snapshot(plan_measure)
    plan_measure.baseline_value = baseline_value
    plan_measure.baseline_date = baseline_date
    plan_measure.target_value = target_value
    plan_measure.target_date = target_date
    plan_measure.tolerance_percent = tolerance_percent
    plan_measure.polarity = polarity
    plan_measure.trajectory = dict(trajectory)
    plan_measure.comparators = dict(comparators)
    plan_measure.save_edit(opened_at_version)
    audit_trail.record_updated(plan_measure, before)
    return plan_measure


def _check_values(
    unit: Unit, baseline_value: float, target_value: float, trajectory: dict[str, float], problems: Problems
) -> None:
    """A percentage measure's baseline, target and trajectory are percentages: from 0 to 100."""
    if unit is not Unit.PERCENT:
        return
    if not 0 <= baseline_value <= 100:
        problems.add("The baseline of a percentage must be from 0 to 100", "baseline_value")
    if not 0 <= target_value <= 100:
        problems.add("The target of a percentage must be from 0 to 100", "target_value")
    outside = sorted(month for month, value in trajectory.items() if not 0 <= value <= 100)
    if outside:
        problems.add(
            f"The trajectory of a percentage must be from 0 to 100 in every month (not in {', '.join(outside)})",
            "trajectory",
        )


def dfe_covers(measure_id: str) -> bool:
    """Whether the DfE figures (through the census comparators provider) compare this measure."""
    return measure_id in registry().required(CENSUS_COMPARATORS)([measure_id])


def _check_local_comparators(measure_id: str, comparators: dict[str, float] | None) -> None:
    if comparators and dfe_covers(measure_id):
        raise PlanError(
            "This measure is compared with the DfE figures for England, the region and statistical neighbours: "
            "leave the local comparators empty",
            "comparators",
        )


def override_rating(
    plan_measure: PlanMeasure, month: date, rating: Rating, reason: str | None, user: User | None
) -> RatingOverride:
    """Replace the computed rating for a month; refused without a recorded reason (docs/improvement.md)."""
    if not reason or not reason.strip():
        raise PlanError("Enter the reason for overriding the rating", "reason")
    if rating is Rating.BLUE:
        raise PlanError("Select Green, Amber or Red", "rating")
    month = month_start(month)
    existing = next((item for item in plan_measure.overrides if item.month == month), None)
    if existing is not None:
        before = audit_trail.snapshot(existing)
        existing.rating, existing.reason = rating, reason.strip()
        existing.made_by_id, existing.made_at = (user.id if user else None), clock.now()
        audit_trail.record_updated(existing, before)
        return existing
    override = RatingOverride(
        plan_measure=plan_measure,
        month=month,
        rating=rating,
        reason=reason.strip(),
        made_by_id=user.id if user else None,
    )
    db.session.add(override)
    audit_trail.record_created(override)
    return override
