"""Recording, signing, amending, cancelling and rescheduling supervision, written to the audit trail."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from supervision import dao
from supervision.constants import Frequency, SessionStatus, SignOffMethod, SupervisionType
from supervision.models import Supervision, SupervisionAction, SupervisionAgreement, SupervisionCase, SupervisionPolicy
from supervision.policy import policy_on
from workforce.extensions import db
from workforce.kernel import audit_trail, clock
from workforce.kernel.dates import display_date
from workforce.people.constants import RegistrationStatus
from workforce.people.models import StaffMember

#: Case references only, never children's names: letters, digits, "-" and "/", with at least one digit.
CASE_REFERENCE = re.compile(r"^(?=.*\d)[A-Za-z0-9/-]{2,30}$")


class SupervisionError(ValueError):
    """A rule the change broke, with the form field to show it against."""

    def __init__(self, message: str, field: str = "supervisee"):
        super().__init__(message)
        self.field = field


@dataclass
class CaseDiscussed:
    case_reference: str
    decision_recorded: bool


@dataclass
class NewAction:
    description: str
    owner: StaffMember
    due_on: date


@dataclass
class SessionDetails:
    """What a session record says; the same shape for recording, editing and amending."""

    supervisee: StaffMember
    supervisor: StaffMember
    status: SessionStatus
    supervision_type: SupervisionType
    session_date: date
    duration_minutes: int | None = None
    agenda: str | None = None
    agenda_set_jointly: bool = False
    topics: list[str] = field(default_factory=list)
    reflective_notes: str | None = None
    wellbeing_checked: bool = False
    cases: list[CaseDiscussed] = field(default_factory=list)
    actions: list[NewAction] = field(default_factory=list)
    completed_actions: list[SupervisionAction] = field(default_factory=list)


def _extra(supervision: Supervision) -> dict:
    return {
        "cases": [
            f"{case.case_reference}{' (decision recorded)' if case.decision_recorded else ''}"
            for case in supervision.cases
        ],
    }


def check_supervisor(supervisor: StaffMember, on: date) -> None:
    if (
        policy_on(on).supervisor_must_be_registered
        and supervisor.registration_status is not RegistrationStatus.REGISTERED
    ):
        raise SupervisionError(
            f"{supervisor.name} is not recorded as a registered social worker, so cannot supervise", "supervisee"
        )


def check_case_reference(reference: str) -> str:
    reference = reference.strip().upper()
    if not CASE_REFERENCE.match(reference):
        raise SupervisionError("Enter a case reference, not a name (for example CR-123456)", "cases")
    return reference


def _apply(supervision: Supervision, details: SessionDetails) -> None:
    held = details.status is SessionStatus.HELD
    if held and details.session_date > clock.today():
        raise SupervisionError("The date of a session that was held must be today or in the past", "session_date")
    supervision.supervisee = details.supervisee
    supervision.supervisor = details.supervisor
    supervision.status = details.status
    supervision.supervision_type = details.supervision_type
    supervision.planned_on = supervision.planned_on or details.session_date
    if not held:
        supervision.planned_on = details.session_date
    supervision.held_on = details.session_date if held else None
    supervision.duration_minutes = details.duration_minutes if held else None
    supervision.agenda = (details.agenda or "").strip() or None
    supervision.agenda_set_jointly = details.agenda_set_jointly
    supervision.topics = list(details.topics)
    supervision.reflective_notes = (details.reflective_notes or "").strip() or None
    supervision.wellbeing_checked = details.wellbeing_checked
    supervision.cases = [
        SupervisionCase(
            case_reference=check_case_reference(case.case_reference), decision_recorded=case.decision_recorded
        )
        for case in details.cases
    ]


def _add_actions(supervision: Supervision, details: SessionDetails) -> None:
    for action in details.actions:
        row = SupervisionAction(
            supervision=supervision,
            supervisee_id=details.supervisee.id,
            description=action.description.strip(),
            owner=action.owner,
            due_on=action.due_on,
        )
        db.session.add(row)
        db.session.flush()
        audit_trail.record_created(row)
    if details.status is SessionStatus.HELD:
        for action in details.completed_actions:
            before = audit_trail.snapshot(action)
            action.completed_on = details.session_date
            action.completed_in_id = supervision.id
            audit_trail.record_updated(action, before)


def record_supervision(details: SessionDetails, team_id: int, recorded_by) -> Supervision:
    """A new session record (planned or held)."""
    if team_id is None:
        raise SupervisionError(f"{details.supervisee.name} has no post on record; ask HR to add it first")
    check_supervisor(details.supervisor, details.session_date)
    supervision = Supervision(team_id=team_id, version=1, created_by_id=getattr(recorded_by, "id", None))
    _apply(supervision, details)
    db.session.add(supervision)
    db.session.flush()
    _add_actions(supervision, details)
    audit_trail.record_created(supervision, **_extra(supervision))
    return supervision


def update_supervision(supervision: Supervision, details: SessionDetails) -> Supervision:
    """Change a record not yet signed by both; any signature already given is withdrawn, as the record changed."""
    if supervision.is_locked or not supervision.is_current:
        raise SupervisionError("This record is signed by both and locked; amend it to make a new version", "agenda")
    check_supervisor(details.supervisor, details.session_date)
    before = audit_trail.snapshot(supervision, **_extra(supervision))
    _apply(supervision, details)
    supervision.supervisor_signed_at = supervision.supervisor_signed_by_id = None
    supervision.supervisee_signed_at = supervision.supervisee_signed_by_id = None
    supervision.supervisee_sign_off_method = None
    db.session.flush()
    _add_actions(supervision, details)
    audit_trail.record_updated(supervision, before, **_extra(supervision))
    return supervision


def amend_supervision(supervision: Supervision, details: SessionDetails, reason: str, amended_by) -> Supervision:
    """A locked record changes only by a new version that replaces it; the old one stays, superseded."""
    if not supervision.is_locked or not supervision.is_current:
        raise SupervisionError("Only a current record signed by both is amended; change this one instead", "reason")
    reason = reason.strip()
    if not reason:
        raise SupervisionError("Enter why the record is being amended", "reason")
    before = audit_trail.snapshot(supervision, **_extra(supervision))
    supervision.superseded_at = clock.now()
    db.session.flush()
    audit_trail.record_updated(supervision, before, note="Replaced by an amended version")
    amended = Supervision(
        team_id=supervision.team_id,
        version=supervision.version + 1,
        previous_version_id=supervision.id,
        amendment_reason=reason,
        created_by_id=getattr(amended_by, "id", None),
        planned_on=supervision.planned_on,
    )
    _apply(amended, details)
    db.session.add(amended)
    db.session.flush()
    # The agreed actions carry over to the version that replaces the record; the move is a change to each.
    for action in list(supervision.actions):
        before = audit_trail.snapshot(action)
        action.supervision = amended
        db.session.flush()
        audit_trail.record_updated(action, before, note=f"Moved to version {amended.version} of the record")
    _add_actions(amended, details)
    audit_trail.record_created(amended, note=f"Amendment of version {supervision.version}: {reason}", **_extra(amended))
    return amended


def _lock_when_both_signed(supervision: Supervision) -> None:
    if supervision.supervisor_signed_at and supervision.supervisee_signed_at:
        supervision.locked_at = clock.now()


def _check_signable(supervision: Supervision) -> None:
    if supervision.status is not SessionStatus.HELD:
        raise SupervisionError("Only a held session is signed off", "sign")
    if not supervision.is_current or supervision.is_locked:
        raise SupervisionError("This record is already signed by both and locked", "sign")


def sign_as_supervisor(supervision: Supervision, user) -> None:
    _check_signable(supervision)
    before = audit_trail.snapshot(supervision)
    supervision.supervisor_signed_at = clock.now()
    supervision.supervisor_signed_by_id = user.id
    _lock_when_both_signed(supervision)
    audit_trail.record_updated(supervision, before, note="Signed by the supervisor")


def sign_as_supervisee(supervision: Supervision, user, method: SignOffMethod) -> None:
    """The supervisee signs in their own account, or the supervisor records they confirmed it in person."""
    _check_signable(supervision)
    before = audit_trail.snapshot(supervision)
    supervision.supervisee_signed_at = clock.now()
    supervision.supervisee_signed_by_id = user.id
    supervision.supervisee_sign_off_method = method
    _lock_when_both_signed(supervision)
    note = "Signed by the supervisee" if method is SignOffMethod.OWN_ACCOUNT else "Supervisee confirmed in person"
    audit_trail.record_updated(supervision, before, note=note)


def cancel_supervision(supervision: Supervision, reason: str) -> None:
    if supervision.status is not SessionStatus.PLANNED:
        raise SupervisionError("Only a planned session can be cancelled", "reason")
    reason = reason.strip()
    if not reason:
        raise SupervisionError("Enter why the session was cancelled", "reason")
    before = audit_trail.snapshot(supervision)
    supervision.status = SessionStatus.CANCELLED
    supervision.cancellation_reason = reason[:500]
    audit_trail.record_updated(supervision, before)


def reschedule_supervision(supervision: Supervision, new_date: date, reason: str, recorded_by) -> Supervision:
    """The planned session is marked rescheduled and a new one is planned for the new date."""
    if supervision.status is not SessionStatus.PLANNED:
        raise SupervisionError("Only a planned session can be rescheduled", "new_date")
    before = audit_trail.snapshot(supervision)
    supervision.status = SessionStatus.RESCHEDULED
    supervision.cancellation_reason = (reason or "").strip()[:500] or None
    audit_trail.record_updated(supervision, before, note=f"Rescheduled to {display_date(new_date)}")
    planned = Supervision(
        supervisee=supervision.supervisee,
        supervisor=supervision.supervisor,
        team_id=supervision.team_id,
        status=SessionStatus.PLANNED,
        supervision_type=supervision.supervision_type,
        planned_on=new_date,
        agenda=supervision.agenda,
        topics=list(supervision.topics or []),
        version=1,
        created_by_id=getattr(recorded_by, "id", None),
    )
    db.session.add(planned)
    db.session.flush()
    audit_trail.record_created(planned, note=f"Rescheduled from {display_date(supervision.planned_on)}")
    return planned


def add_policy(values: dict, user) -> SupervisionPolicy:
    if dao_policy_exists(values["effective_from"]):
        raise SupervisionError("A policy already starts on that date; choose another date", "effective_from")
    policy = SupervisionPolicy(**values, created_by_id=getattr(user, "id", None))
    db.session.add(policy)
    db.session.flush()
    audit_trail.record_created(policy)
    return policy


def dao_policy_exists(effective_from: date) -> bool:
    return any(policy.effective_from == effective_from for policy in dao.list_policies())


def create_agreement(
    supervisee: StaffMember,
    supervisor: StaffMember,
    team_id: int,
    frequency: Frequency,
    supervision_type: SupervisionType,
    starts_on: date,
    review_on: date,
    supervisor_signed_on: date | None = None,
    supervisee_signed_on: date | None = None,
) -> SupervisionAgreement:
    if review_on <= starts_on:
        raise SupervisionError("The review date must be after the start date", "review_on")
    if team_id is None:
        raise SupervisionError(f"{supervisee.name} has no post on record; ask HR to add it first")
    check_supervisor(supervisor, starts_on)
    for current in dao.list_current_agreements_for(supervisee.id):
        before = audit_trail.snapshot(current)
        current.ended_on = starts_on
        audit_trail.record_updated(current, before, note="Replaced by a new agreement")
    agreement = SupervisionAgreement(
        supervisee=supervisee,
        supervisor=supervisor,
        team_id=team_id,
        frequency=frequency,
        supervision_type=supervision_type,
        starts_on=starts_on,
        review_on=review_on,
        supervisor_signed_on=supervisor_signed_on,
        supervisee_signed_on=supervisee_signed_on,
    )
    db.session.add(agreement)
    db.session.flush()
    audit_trail.record_created(agreement)
    return agreement
