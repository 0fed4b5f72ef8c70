"""Recording, reading, signing, amending, cancelling and rescheduling supervision sessions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from supervision import dao, services
from supervision.constants import SessionStatus, SignOffMethod, SupervisionPermission, SupervisionType, Topic
from supervision.forms import (
    AmendSupervisionForm,
    CancelSupervisionForm,
    RescheduleSupervisionForm,
    SignOffForm,
    SupervisionForm,
)
from supervision.lists import supervision_list
from supervision.models import Supervision
from supervision.schedule import schedule_rows
from supervision.views import blueprint
from workforce.extensions import db
from workforce.kernel import clock, freshness
from workforce.kernel.dates import display_date
from workforce.kernel.forms import open_at_version, save_or_show
from workforce.kernel.lists import show_list
from workforce.kernel.permissions import permission_required, user_can
from workforce.people.dao import list_teams_for_user
from workforce.people.models import StaffMember


def _get_visible_or_404(supervision_id: int) -> Supervision:
    supervision = db.session.get(Supervision, supervision_id)
    if supervision is None or not dao.may_see(current_user, supervision):
        abort(404)
    return supervision


def _own_staff_or_refuse() -> StaffMember | None:
    staff = dao.get_staff_for_user(current_user)
    if staff is None:
        flash("Your WPQ account is not linked to a staff record. Ask HR to link it before recording supervision.")
    return staff


def _may_record_for(supervisee: StaffMember) -> bool:
    return supervisee.id in {person.id for person in dao.list_recordable_supervisees(current_user, clock.today())}


def _get_recordable_or_404(supervision_id: int) -> Supervision:
    supervision = _get_visible_or_404(supervision_id)
    staff = dao.get_staff_for_user(current_user)
    is_supervisor = staff is not None and staff.id == supervision.supervisor_id
    if not (is_supervisor or _may_record_for(supervision.supervisee)):
        abort(403)
    return supervision


def _prepare(form: SupervisionForm, supervisees: list[StaffMember], supervisee_id: int | None) -> list:
    form.supervisee.choices = [(person.id, person.name) for person in supervisees]
    open_actions = dao.list_open_actions(supervisee_id) if supervisee_id else []
    form.completed_actions.choices = [
        (action.id, f"{action.description} (due {display_date(action.due_on)}, {action.owner.name})")
        for action in open_actions
    ]
    return open_actions


def _details(form: SupervisionForm, supervisee: StaffMember, supervisor: StaffMember, open_actions):
    cases = [
        services.CaseDiscussed(reference.data, bool(decision.data))
        for reference, decision in form.case_rows()
        if reference.data and reference.data.strip()
    ]
    owners = {"supervisee": supervisee, "supervisor": supervisor}
    actions = [
        services.NewAction(description.data, owners[owner.data], due.data)
        for description, owner, due in form.action_rows()
        if description.data and description.data.strip()
    ]
    done = set(form.completed_actions.data or [])
    return services.SessionDetails(
        supervisee=supervisee,
        supervisor=supervisor,
        status=SessionStatus(form.status.data),
        supervision_type=SupervisionType(form.supervision_type.data),
        session_date=form.session_date.data,
        duration_minutes=form.duration_minutes.data,
        agenda=form.agenda.data,
        agenda_set_jointly=form.agenda_set_jointly.data,
        topics=[Topic(value).value for value in form.topics.data or []],
        reflective_notes=form.reflective_notes.data,
        wellbeing_checked=form.wellbeing_checked.data,
        cases=cases,
        actions=actions,
        completed_actions=[action for action in open_actions if action.id in done],
    )


#: Where a refusal of the supervision form shows: the cases discussed against the first case's box, a
#: problem with no field of its own against the supervisee.
_PROBLEM_FIELDS = {"fields": {"cases": "case_1_reference"}, "fallback": "supervisee"}


def _shown(supervision: Supervision) -> str:
    return url_for("supervision.show_supervision", supervision_id=supervision.id)


def _sign_after_saving(form: SupervisionForm, supervision: Supervision) -> None:
    if supervision.status is not SessionStatus.HELD:
        return
    if form.sign_as_supervisor.data:
        services.sign_as_supervisor(supervision, current_user)
    if form.supervisee_confirmed.data:
        services.sign_as_supervisee(supervision, current_user, SignOffMethod.IN_PERSON)


@blueprint.route("/record", methods=["GET", "POST"])
@permission_required(SupervisionPermission.RECORD)
def record_supervision():
    """Fast entry: one page, defaults to the manager's supervisees, today's date and open actions."""
    supervisor = _own_staff_or_refuse()
    if supervisor is None:
        return redirect(url_for("supervision.list_supervisions"))
    supervisees = dao.list_recordable_supervisees(current_user, clock.today())
    form = SupervisionForm()
    if request.method == "GET":
        form.session_date.data = clock.today()
        form.duration_minutes.data = 90
        asked = request.args.get("supervisee", type=int)
        form.supervisee.data = asked if asked in {person.id for person in supervisees} else None
    chosen = form.supervisee.data if form.supervisee.data in {p.id for p in supervisees} else None
    open_actions = _prepare(form, supervisees, chosen)
    if form.validate_on_submit():
        supervisee = db.session.get(StaffMember, form.supervisee.data)
        team_id = dao.team_on(supervisee.id, form.session_date.data)

        def record():
            supervision = services.record_supervision(
                _details(form, supervisee, supervisor, open_actions), team_id, current_user
            )
            _sign_after_saving(form, supervision)
            return supervision

        done = save_or_show(
            form,
            record,
            refused=services.SupervisionError,
            saved=f"Supervision of {supervisee.name} saved",
            then=_shown,
            **_PROBLEM_FIELDS,
        )
        if done:
            return done
    # Fast entry starts from the manager's supervisees, soonest due first; choosing one brings their open actions.
    due = schedule_rows(clock.today(), None, {person.id for person in supervisees}) if supervisees else []
    return render_template(
        "supervision/record.html",
        form=form,
        title="Record supervision",
        open_actions=open_actions,
        supervision=None,
        due=due if not chosen else [],
    )


@blueprint.route("")
@permission_required(SupervisionPermission.VIEW)
@freshness.kept_page
def list_supervisions():
    staff = dao.get_staff_for_user(current_user)
    return show_list(
        supervision_list(list_teams_for_user(current_user)),
        dao.visible_supervisions_query(current_user),
        "supervision/list.html",
        awaiting=dao.list_awaiting_signature(staff),
        staff=staff,
    )


@blueprint.route("/<int:supervision_id>")
@permission_required(SupervisionPermission.VIEW)
def show_supervision(supervision_id: int):
    supervision = _get_visible_or_404(supervision_id)
    staff = dao.get_staff_for_user(current_user)
    return render_template(
        "supervision/show.html",
        supervision=supervision,
        versions=dao.list_versions(supervision),
        show_notes=dao.may_see_reflective_notes(current_user, supervision),
        topic_labels=[Topic(value).label for value in supervision.topics or []],
        is_supervisee=staff is not None and staff.id == supervision.supervisee_id,
        is_supervisor=staff is not None and staff.id == supervision.supervisor_id,
        can_record=user_can(SupervisionPermission.RECORD),
    )


def _fill_from(form: SupervisionForm, supervision: Supervision) -> None:
    form.supervisee.data = supervision.supervisee_id
    form.status.data = supervision.status.value
    form.supervision_type.data = supervision.supervision_type.value
    form.session_date.data = supervision.date
    form.duration_minutes.data = supervision.duration_minutes
    form.agenda.data = supervision.agenda
    form.agenda_set_jointly.data = supervision.agenda_set_jointly
    form.topics.data = list(supervision.topics or [])
    form.reflective_notes.data = supervision.reflective_notes
    form.wellbeing_checked.data = supervision.wellbeing_checked
    for (reference, decision), case in zip(form.case_rows(), supervision.cases, strict=False):
        reference.data, decision.data = case.case_reference, case.decision_recorded


def _change(supervision_id: int, amending: bool):
    supervision = _get_recordable_or_404(supervision_id)
    if supervision.status in (SessionStatus.CANCELLED, SessionStatus.RESCHEDULED) or not supervision.is_current:
        flash("A cancelled, rescheduled or replaced record cannot be changed")
        return redirect(url_for("supervision.show_supervision", supervision_id=supervision.id))
    if supervision.is_locked != amending:
        if amending:
            flash("This record is not yet signed by both, so change it rather than amend it")
        else:
            flash("This record is signed by both and locked. Amend it to make a new version")
        return redirect(url_for("supervision.show_supervision", supervision_id=supervision.id))
    form = AmendSupervisionForm() if amending else SupervisionForm()
    if request.method == "GET":
        _fill_from(form, supervision)
        open_at_version(form, supervision)
    supervisee = supervision.supervisee
    open_actions = _prepare(form, [supervisee], supervisee.id)
    if form.validate_on_submit():
        details = _details(form, supervisee, supervision.supervisor, open_actions)
        was_signed = bool(supervision.supervisor_signed_at or supervision.supervisee_signed_at)

        def change():
            supervision.save_edit(form.version.data)
            if amending:
                result = services.amend_supervision(supervision, details, form.reason.data, current_user)
            else:
                result = services.update_supervision(supervision, details)
            _sign_after_saving(form, result)
            return result

        def saved(result: Supervision) -> str:
            if amending:
                return f"Version {result.version} saved"
            if was_signed and not (result.supervisor_signed_at or result.supervisee_signed_at):
                return "Changes saved. The earlier signature was removed: the record needs signing again"
            return "Changes saved"

        done = save_or_show(
            form,
            change,
            refused=services.SupervisionError,
            saved=saved,
            then=_shown,
            conflict=supervision,
            conflict_field="agenda",
            **_PROBLEM_FIELDS,
        )
        if done:
            return done
    title = f"Amend supervision of {supervisee.name}" if amending else f"Change supervision of {supervisee.name}"
    return render_template(
        "supervision/record.html", form=form, title=title, open_actions=open_actions, supervision=supervision
    )


@blueprint.route("/<int:supervision_id>/edit", methods=["GET", "POST"])
@permission_required(SupervisionPermission.RECORD)
def edit_supervision(supervision_id: int):
    return _change(supervision_id, amending=False)


@blueprint.route("/<int:supervision_id>/amend", methods=["GET", "POST"])
@permission_required(SupervisionPermission.RECORD)
def amend_supervision(supervision_id: int):
    return _change(supervision_id, amending=True)


@blueprint.route("/<int:supervision_id>/sign", methods=["POST"])
@permission_required(SupervisionPermission.VIEW)
def sign_supervision(supervision_id: int):
    """The supervisee signs in their own account; the supervisor signs as supervisor."""
    supervision = _get_visible_or_404(supervision_id)
    staff = dao.get_staff_for_user(current_user)
    form = SignOffForm()
    if not form.validate_on_submit():
        abort(400)
    if staff is not None and staff.id == supervision.supervisee_id:

        def sign():
            return services.sign_as_supervisee(supervision, current_user, SignOffMethod.OWN_ACCOUNT)
    elif staff is not None and staff.id == supervision.supervisor_id:

        def sign():
            return services.sign_as_supervisor(supervision, current_user)
    else:
        abort(403)
    return save_or_show(
        None,
        sign,
        refused=services.SupervisionError,
        saved=lambda _: "Signed. The record is now locked" if supervision.is_locked else "Signed",
        then=_shown(supervision),
    )


@blueprint.route("/<int:supervision_id>/confirm-in-person", methods=["POST"])
@permission_required(SupervisionPermission.RECORD)
def confirm_in_person(supervision_id: int):
    """The supervisor records that the supervisee confirmed the record in person."""
    supervision = _get_visible_or_404(supervision_id)
    staff = dao.get_staff_for_user(current_user)
    if staff is None or staff.id != supervision.supervisor_id:
        abort(403)
    if not SignOffForm().validate_on_submit():
        abort(400)
    return save_or_show(
        None,
        lambda: services.sign_as_supervisee(supervision, current_user, SignOffMethod.IN_PERSON),
        refused=services.SupervisionError,
        saved="Recorded that the supervisee confirmed the record in person",
        then=_shown(supervision),
    )


@blueprint.route("/<int:supervision_id>/cancel", methods=["GET", "POST"])
@permission_required(SupervisionPermission.RECORD)
def cancel_supervision(supervision_id: int):
    supervision = _get_recordable_or_404(supervision_id)
    form = CancelSupervisionForm()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.cancel_supervision(supervision, form.reason.data),
            refused=services.SupervisionError,
            saved="Session cancelled",
            then=_shown(supervision),
            fallback="reason",
        )
        if done:
            return done
    return render_template("supervision/cancel.html", form=form, supervision=supervision)


@blueprint.route("/<int:supervision_id>/reschedule", methods=["GET", "POST"])
@permission_required(SupervisionPermission.RECORD)
def reschedule_supervision(supervision_id: int):
    supervision = _get_recordable_or_404(supervision_id)
    form = RescheduleSupervisionForm()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.reschedule_supervision(supervision, form.new_date.data, form.reason.data, current_user),
            refused=services.SupervisionError,
            saved=lambda planned: f"Session rescheduled to {display_date(planned.planned_on)}",
            then=_shown,
            fallback="new_date",
        )
        if done:
            return done
    return render_template("supervision/reschedule.html", form=form, supervision=supervision)
