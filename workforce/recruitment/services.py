"""Recruitment operations: vacancies through approval, applications through the pipeline, starts.

Every operation flushes and writes the audit trail; the caller commits.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from workforce.extensions import db
from workforce.kernel import audit_trail, clock
from workforce.kernel.imports import normalise_swe_number as kernel_normalise_swe_number
from workforce.kernel.models import User
from workforce.people.constants import EmploymentType, RegistrationStatus, StartOrigin
from workforce.people.models import Assignment, Post, StaffMember
from workforce.recruitment.constants import (
    DEFAULT_MOVES,
    DEFAULT_STAGES,
    ApplicantSource,
    CheckKind,
    ClosureReason,
    StageKind,
    VacancyStatus,
)
from workforce.recruitment.models import (
    Applicant,
    Application,
    Interview,
    InterviewScore,
    Offer,
    PipelineStage,
    PreEmploymentCheck,
    StageChange,
    Vacancy,
)


class RecruitmentError(ValueError):
    """A rule the operation would break; `field` names the form field to show it against."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def normalise_swe_number(text: str | None) -> str | None:
    """Social Work England numbers, checked by the kernel's one rule and stored upper case without leading
    zeros; a refusal is shown against the form's number field."""
    try:
        return kernel_normalise_swe_number(text)
    except ValueError as error:
        raise RecruitmentError(str(error), "swe_number") from None


# Pipeline stages ------------------------------------------------------------------------------------


def ensure_default_stages() -> list[PipelineStage]:
    """The council's stages, creating the default pipeline the first time it is needed."""
    stages = list(db.session.execute(select(PipelineStage).order_by(PipelineStage.position)).scalars())
    if stages:
        return stages
    by_kind = {}
    for position, (name, kind) in enumerate(DEFAULT_STAGES, start=1):
        stage = PipelineStage(name=name, kind=kind, position=position)
        db.session.add(stage)
        by_kind[kind] = stage
    for kind, targets in DEFAULT_MOVES.items():
        by_kind[kind].moves_to = [by_kind[target] for target in targets]
    db.session.flush()
    for stage in by_kind.values():
        audit_trail.record_created(stage, moves_to=[target.name for target in stage.moves_to])
    return list(by_kind.values())


def stage_of_kind(kind: StageKind) -> PipelineStage:
    ensure_default_stages()
    stage = db.session.execute(
        select(PipelineStage).where(PipelineStage.kind == kind).order_by(PipelineStage.position).limit(1)
    ).scalar()
    if stage is None:
        raise RecruitmentError(f"The pipeline has no stage for {kind.value}; ask an administrator to add one")
    return stage


# Vacancies ------------------------------------------------------------------------------------------


def employed_fte_in_post(post: Post, on: date) -> float:
    """FTE of council-employed people in the post on the date (an agency worker covering it leaves it vacant,
    as the DfE census counts it)."""
    return db.session.execute(
        select(func.coalesce(func.sum(Assignment.fte), 0.0)).where(
            Assignment.post_id == post.id,
            Assignment.employment_type != EmploymentType.AGENCY,
            Assignment.start_date <= on,
            (Assignment.end_date.is_(None)) | (Assignment.end_date >= on),
        )
    ).scalar_one()


def raise_vacancy(
    post: Post,
    fte: float,
    raised_by: User | None,
    raised_on: date | None = None,
    filled_post_reason: str | None = None,
) -> Vacancy:
    """Raise a vacancy on a post. Recruiting to a post that is filled (more than its budgeted FTE with the
    people in it) needs a reason, such as a holder who has resigned."""
    raised_on = raised_on or clock.today()
    if not 0 < fte <= 1:
        raise RecruitmentError("FTE must be more than 0 and no more than 1", "fte")
    filled_post_reason = (filled_post_reason or "").strip() or None
    in_post = employed_fte_in_post(post, raised_on)
    if in_post + fte > post.budgeted_fte + 1e-9 and filled_post_reason is None:
        raise RecruitmentError(
            f"Post {post.post_number} is filled ({in_post:g} of {post.budgeted_fte:g} FTE in post): enter the "
            "reason for recruiting to it",
            "filled_post_reason",
        )
    open_for_post = db.session.execute(
        select(func.count())
        .select_from(Vacancy)
        .where(Vacancy.post_id == post.id, Vacancy.status.not_in([VacancyStatus.FILLED, VacancyStatus.WITHDRAWN]))
    ).scalar_one()
    if open_for_post:
        raise RecruitmentError(f"Post {post.post_number} already has an open vacancy", "post")
    vacancy = Vacancy(
        post=post,
        team_id=post.team_id,
        fte=fte,
        status=VacancyStatus.RAISED,
        raised_on=raised_on,
        raised_by_id=raised_by.id if raised_by else None,
        filled_post_reason=filled_post_reason,
    )
    db.session.add(vacancy)
    audit_trail.record_created(vacancy)
    return vacancy


def _change(vacancy: Vacancy, **values) -> Vacancy:
    before = audit_trail.snapshot(vacancy)
    for key, value in values.items():
        setattr(vacancy, key, value)
    db.session.flush()
    audit_trail.record_updated(vacancy, before)
    return vacancy


def approve_as_head_of_service(vacancy: Vacancy, approver: User, on: date | None = None) -> Vacancy:
    if vacancy.status is not VacancyStatus.RAISED:
        raise RecruitmentError("Only a vacancy awaiting head of service approval can be approved by a head of service")
    return _change(
        vacancy,
        status=VacancyStatus.HEAD_OF_SERVICE_APPROVED,
        head_of_service_approved_on=on or clock.today(),
        head_of_service_approved_by_id=approver.id,
    )


def approve_as_hr(vacancy: Vacancy, approver: User, on: date | None = None) -> Vacancy:
    if vacancy.status is not VacancyStatus.HEAD_OF_SERVICE_APPROVED:
        raise RecruitmentError("HR approves a vacancy only after the head of service has approved it")
    return _change(vacancy, status=VacancyStatus.APPROVED, approved_on=on or clock.today(), approved_by_id=approver.id)


def advertise(vacancy: Vacancy, opens_on: date, closes_on: date) -> Vacancy:
    if vacancy.status not in (VacancyStatus.APPROVED, VacancyStatus.ADVERTISED):
        raise RecruitmentError("A vacancy can be advertised only once HR has approved it")
    if closes_on < opens_on:
        raise RecruitmentError("The closing date must be on or after the opening date", "closes_on")
    return _change(vacancy, status=VacancyStatus.ADVERTISED, advert_opens_on=opens_on, advert_closes_on=closes_on)


def withdraw_vacancy(vacancy: Vacancy, reason: str, on: date | None = None) -> Vacancy:
    if vacancy.status.is_closed:
        raise RecruitmentError("This vacancy is already closed")
    if not reason.strip():
        raise RecruitmentError("Enter why the vacancy is withdrawn", "reason")
    return _change(vacancy, status=VacancyStatus.WITHDRAWN, withdrawn_on=on or clock.today(), withdrawal_reason=reason)


# Applicants and applications ------------------------------------------------------------------------


def find_applicant(swe_number: str | None, email: str | None) -> Applicant | None:
    """The same person applying again: matched on Social Work England number, then on email."""
    if swe_number:
        found = db.session.execute(select(Applicant).where(Applicant.swe_number == swe_number)).scalar()
        if found is not None:
            return found
    if email:
        return db.session.execute(
            select(Applicant)
            .where(func.lower(Applicant.email) == email.strip().lower(), Applicant.erased_at.is_(None))
            .order_by(Applicant.id)
            .limit(1)
        ).scalar()
    return None


def record_applicant(
    *,
    first_name: str,
    last_name: str,
    email: str | None,
    phone: str | None = None,
    swe_number: str | None = None,
    qualification_date: date | None = None,
    consented_on: date | None = None,
) -> Applicant:
    """Find the applicant by number or email (updating their details) or add them."""
    swe_number = normalise_swe_number(swe_number)
    email = email.strip() if email else None
    applicant = find_applicant(swe_number, email)
    values = {
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "email": email,
        "phone": phone.strip() if phone else None,
        "swe_number": swe_number,
        "qualification_date": qualification_date,
        "consented_on": consented_on,
    }
    if applicant is None:
        applicant = Applicant(**values)
        db.session.add(applicant)
        audit_trail.record_created(applicant)
        return applicant
    before = audit_trail.snapshot(applicant)
    for key, value in values.items():
        if value is not None:
            setattr(applicant, key, value)
    db.session.flush()
    audit_trail.record_updated(applicant, before)
    return applicant


def add_application(
    vacancy: Vacancy,
    applicant: Applicant,
    source: ApplicantSource,
    start_origin: StartOrigin = StartOrigin.NOT_YET_COLLECTED,
    applied_on: date | None = None,
    moved_by: User | None = None,
) -> Application:
    if vacancy.status.is_closed:
        raise RecruitmentError("This vacancy is closed to new applications")
    if vacancy.status not in (VacancyStatus.APPROVED, VacancyStatus.ADVERTISED):
        raise RecruitmentError("Applications can be recorded only once the vacancy is approved")
    if any(existing.vacancy_id == vacancy.id for existing in applicant.applications):
        raise RecruitmentError(f"{applicant.name} has already applied for this vacancy", "email")
    first = stage_of_kind(StageKind.APPLIED)
    application = Application(
        vacancy=vacancy,
        applicant=applicant,
        stage=first,
        source=source,
        start_origin=start_origin,
        applied_on=applied_on or clock.today(),
    )
    db.session.add(application)
    db.session.flush()
    db.session.add(
        StageChange(
            application=application,
            from_stage_id=None,
            to_stage=first,
            moved_by_id=moved_by.id if moved_by else None,
            moved_at=clock.now(),
        )
    )
    audit_trail.record_created(application, stage=first.name)
    return application


def move_application(
    application: Application,
    to_stage: PipelineStage,
    moved_by: User | None,
    reason: ClosureReason | None = None,
    note: str | None = None,
) -> StageChange:
    """Move an application along an allowed path, logging who moved it, when and why."""
    current = application.stage
    if to_stage not in current.moves_to:
        raise RecruitmentError(f"An application cannot move from {current.name} to {to_stage.name}", "to_stage")
    if to_stage.kind is StageKind.STARTED:
        raise RecruitmentError("Confirm the start from the pre-employment checks, so the staff record is made")
    if to_stage.kind.is_unsuccessful:
        if reason is None:
            raise RecruitmentError(f"Select the reason for {to_stage.name.lower()}", "reason")
        if reason.kind is not to_stage.kind:
            raise RecruitmentError(f"{reason.label} is not a reason for {to_stage.name.lower()}", "reason")
    elif reason is not None:
        raise RecruitmentError("A reason is recorded only when an application closes", "reason")
    if to_stage.kind is StageKind.CHECKS and not any(offer.accepted for offer in application.offers):
        raise RecruitmentError("Record the applicant's acceptance of an offer before the checks begin", "to_stage")
    before = audit_trail.snapshot(application, stage=current.name)
    change = StageChange(
        application=application,
        from_stage=current,
        to_stage=to_stage,
        moved_by_id=moved_by.id if moved_by else None,
        moved_at=clock.now(),
        reason=reason,
        note=(note or "").strip() or None,
    )
    db.session.add(change)
    application.stage = to_stage
    application.closure_reason = reason
    db.session.flush()
    audit_trail.record_updated(application, before, stage=to_stage.name, note=change.note)
    if to_stage.kind is StageKind.CHECKS:
        _open_checks(application)
    return change


def time_in_stages(application: Application) -> list[tuple[PipelineStage, float]]:
    """Days spent in each stage, from the pipeline log; the current open stage runs to now."""
    moves = application.moves
    spans = []
    for index, change in enumerate(moves):
        entered = clock.as_utc(change.moved_at)
        if index + 1 < len(moves):
            left = clock.as_utc(moves[index + 1].moved_at)
        elif change.to_stage.is_closed:
            continue
        else:
            left = clock.now()
        spans.append((change.to_stage, (left - entered).total_seconds() / 86400))
    return spans


# Interviews and offers ------------------------------------------------------------------------------


def record_interview(application: Application, held_on: date, panel: list[User], scores: dict[str, int]) -> Interview:
    if application.stage.kind is not StageKind.INTERVIEW:
        raise RecruitmentError("Move the application to the interview stage before recording an interview")
    if not panel:
        raise RecruitmentError("Select at least one panel member", "panel")
    for criterion, score in scores.items():
        if not 1 <= score <= 4:
            raise RecruitmentError(f"Score {criterion} from 1 to 4")
    interview = Interview(application=application, held_on=held_on, panel=list(panel))
    interview.scores = [InterviewScore(criterion=criterion, score=score) for criterion, score in scores.items()]
    db.session.add(interview)
    audit_trail.record_created(
        interview, panel=[member.name for member in panel], scores=[f"{k}: {v}" for k, v in scores.items()]
    )
    return interview


def make_offer(
    application: Application, made_by: User | None, made_on: date | None = None, proposed_start_on: date | None = None
) -> Offer:
    """Offer the post: only to an applicant still in the pipeline, at interview or offer stage."""
    kind = application.stage.kind
    if kind.is_closed:
        raise RecruitmentError(f"An offer cannot be made: the application is {application.stage.name.lower()}")
    if kind not in (StageKind.INTERVIEW, StageKind.OFFER):
        raise RecruitmentError("An offer is made after interview")
    if any(offer.accepted is None for offer in application.offers):
        raise RecruitmentError("The applicant has not yet answered the offer already made")
    made_on = made_on or clock.today()
    if proposed_start_on is not None and proposed_start_on < made_on:
        raise RecruitmentError("The proposed start date must be on or after the date of the offer", "proposed_start_on")
    if kind is StageKind.INTERVIEW:
        move_application(application, stage_of_kind(StageKind.OFFER), made_by)
    offer = Offer(
        application=application,
        made_on=made_on,
        proposed_start_on=proposed_start_on,
        made_by_id=made_by.id if made_by else None,
    )
    db.session.add(offer)
    audit_trail.record_created(offer)
    return offer


def answer_offer(
    offer: Offer, accepted: bool, answered_by: User | None, reason: ClosureReason | None = None, on: date | None = None
) -> Offer:
    if offer.accepted is not None:
        raise RecruitmentError("This offer has already been answered")
    if not accepted and (reason is None or reason.kind is not StageKind.OFFER_DECLINED):
        raise RecruitmentError("Select why the offer was declined", "reason")
    before = audit_trail.snapshot(offer)
    offer.accepted = accepted
    offer.answered_on = on or clock.today()
    db.session.flush()
    audit_trail.record_updated(offer, before)
    if accepted:
        move_application(offer.application, stage_of_kind(StageKind.CHECKS), answered_by)
    else:
        move_application(offer.application, stage_of_kind(StageKind.OFFER_DECLINED), answered_by, reason)
    return offer


# Pre-employment checks and starts -------------------------------------------------------------------


def _open_checks(application: Application) -> None:
    existing = {check.kind for check in application.checks}
    for kind in CheckKind:
        if kind not in existing:
            db.session.add(PreEmploymentCheck(application=application, kind=kind))
    db.session.flush()


def _check(application: Application, kind: CheckKind) -> PreEmploymentCheck:
    if application.stage.kind is not StageKind.CHECKS:
        raise RecruitmentError("Checks are recorded while the application is at the pre-employment checks stage")
    _open_checks(application)
    return next(check for check in application.checks if check.kind is kind)


def record_check(application: Application, kind: CheckKind, completed_on: date, recorded_by: User | None):
    check = _check(application, kind)
    if completed_on > clock.today():
        raise RecruitmentError("The date a check was completed must be today or in the past", "completed_on")
    before = audit_trail.snapshot(check)
    check.completed_on = completed_on
    check.recorded_by_id = recorded_by.id if recorded_by else None
    db.session.flush()
    audit_trail.record_updated(check, before)
    return check


def record_check_exception(application: Application, kind: CheckKind, reason: str, recorded_by: User | None):
    check = _check(application, kind)
    if not reason or not reason.strip():
        raise RecruitmentError("Enter why the start may go ahead without this check", "reason")
    before = audit_trail.snapshot(check)
    check.exception_reason = reason.strip()
    check.recorded_by_id = recorded_by.id if recorded_by else None
    db.session.flush()
    audit_trail.record_updated(check, before)
    return check


def outstanding_checks(application: Application) -> list[CheckKind]:
    done = {check.kind for check in application.checks if check.satisfied}
    return [kind for kind in CheckKind if kind not in done]


def confirm_start(
    application: Application, employee_number: str, start_date: date, confirmed_by: User | None
) -> Assignment:
    """Confirm the start: creates the staff record and the assignment to the vacancy's post, fills it."""
    if application.stage.kind is not StageKind.CHECKS:
        raise RecruitmentError("A start is confirmed from the pre-employment checks stage")
    outstanding = outstanding_checks(application)
    if outstanding:
        names = ", ".join(kind.label.lower() for kind in outstanding)
        raise RecruitmentError(f"Complete these checks or record an exception first: {names}")
    employee_number = employee_number.strip()
    if not employee_number:
        raise RecruitmentError("Enter the employee number", "employee_number")
    taken = db.session.execute(select(StaffMember.id).where(StaffMember.employee_number == employee_number)).scalar()
    if taken is not None:
        raise RecruitmentError(f"Employee number {employee_number} is already in use", "employee_number")
    applicant, vacancy, post = application.applicant, application.vacancy, application.vacancy.post
    staff = None
    if applicant.swe_number:
        staff = db.session.execute(select(StaffMember).where(StaffMember.swe_number == applicant.swe_number)).scalar()
    if staff is None:
        staff = StaffMember(
            employee_number=employee_number,
            first_name=applicant.first_name,
            last_name=applicant.last_name,
            swe_number=applicant.swe_number,
            qualification_date=applicant.qualification_date,
            step_up=application.source is ApplicantSource.STEP_UP,
            frontline=application.source is ApplicantSource.FRONTLINE,
            employment_type=EmploymentType.PERMANENT,
            registration_status=RegistrationStatus.REGISTERED if applicant.swe_number else None,
        )
        staff.standard_hours = 37.0
        staff.contracted_hours = round(37.0 * vacancy.fte, 2)
        db.session.add(staff)
        audit_trail.record_created(staff, note=f"Start confirmed from recruitment (application {application.id})")
    assignment = Assignment(
        staff_member=staff,
        post=post,
        team_id=post.team_id,
        census_role=post.census_role,
        employment_type=EmploymentType.PERMANENT,
        fte=vacancy.fte,
        case_holding=post.case_holding,
        start_date=start_date,
        start_origin=application.start_origin,
    )
    db.session.add(assignment)
    audit_trail.record_created(assignment, note=f"Start confirmed from recruitment (application {application.id})")
    before = audit_trail.snapshot(application, stage=application.stage.name)
    started = stage_of_kind(StageKind.STARTED)
    db.session.add(
        StageChange(
            application=application,
            from_stage=application.stage,
            to_stage=started,
            moved_by_id=confirmed_by.id if confirmed_by else None,
            moved_at=clock.now(),
        )
    )
    application.stage = started
    application.staff_member = staff
    application.assignment = assignment
    db.session.flush()
    audit_trail.record_updated(application, before, stage=started.name)
    _change(vacancy, status=VacancyStatus.FILLED, filled_on=start_date)
    return assignment


# Pipeline configuration ------------------------------------------------------------------------------


def save_stage(
    stage: PipelineStage | None, *, name: str, kind: StageKind, position: int, moves_to: list[PipelineStage]
) -> PipelineStage:
    """Add or change a stage: its name, kind, place in the order and the stages it may move to."""
    name = name.strip()
    if not name:
        raise RecruitmentError("Enter the name of the stage", "name")
    clash = db.session.execute(select(PipelineStage).where(func.lower(PipelineStage.name) == name.lower())).scalar()
    if clash is not None and clash is not stage:
        raise RecruitmentError(f"A stage called {name} already exists", "name")
    if kind.is_closed and moves_to:
        raise RecruitmentError("A closed stage cannot move anywhere", "moves_to")
    if stage is not None and stage in moves_to:
        raise RecruitmentError("A stage cannot move to itself", "moves_to")
    if stage is None:
        stage = PipelineStage(name=name, kind=kind, position=position, moves_to=list(moves_to))
        db.session.add(stage)
        audit_trail.record_created(stage, moves_to=[target.name for target in moves_to])
        return stage
    if kind is not stage.kind:
        in_use = db.session.execute(
            select(func.count()).select_from(Application).where(Application.stage_id == stage.id)
        ).scalar_one()
        if in_use:
            raise RecruitmentError("The kind of a stage that holds applications cannot change", "kind")
    before = audit_trail.snapshot(stage, moves_to=[target.name for target in stage.moves_to])
    stage.name, stage.kind, stage.position, stage.moves_to = name, kind, position, list(moves_to)
    db.session.flush()
    audit_trail.record_updated(stage, before, moves_to=[target.name for target in stage.moves_to])
    return stage
