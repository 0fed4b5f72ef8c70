"""Audit pages: the audit list, recording an audit, actions, safeguarding concerns, escalations, moderation."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from audits import dao, services
from audits import moderation as moderation_service
from audits.constants import Answer, AuditPermission, AuditStatus
from audits.forms import (
    ActionForm,
    CompleteActionForm,
    ConcernForm,
    ConcernResponseForm,
    ModerationSampleForm,
    ReallocateForm,
    audit_record_form,
    moderation_form,
)
from audits.lists import audits_list
from audits.models import AuditAction, CaseAudit, Moderation, SafeguardingConcern, Theme
from workforce.extensions import db
from workforce.kernel import clock, freshness
from workforce.kernel.confirm import Consequence, ask_to_confirm, confirmed
from workforce.kernel.forms import open_at_version, save_or_show
from workforce.kernel.lists import show_list
from workforce.kernel.models import User
from workforce.kernel.notifications.jobs import queue_rule_now
from workforce.kernel.permissions import permission_required, user_can
from workforce.kernel.plurals import plural
from workforce.kernel.refusals import problems_of
from workforce.people.dao import list_teams_for_user

blueprint = Blueprint("audits", __name__, template_folder="../templates")

#: Audits on one page of the list.

VIEW = (AuditPermission.VIEW_AUDITS, AuditPermission.CONDUCT_AUDITS)
ANSWERS = {answer.value for answer in Answer}


def _field_error(form, problem: services.AuditError) -> None:
    """Show every problem the service found against its field; one that names no field is flashed."""
    for name, message in problems_of(problem):
        field = getattr(form, name, None) if name else None
        if field is None:
            flash(message, "error")
        elif message not in field.errors:
            field.errors = [*field.errors, message]


def _active_users(*permissions) -> list[User]:
    users = dao.list_active_users()
    return [user for user in users if any(user_can(permission, user) for permission in permissions)]


@blueprint.route("/audits")
@permission_required(*VIEW)
@freshness.kept_page
def list_audits():
    conditions = []
    if request.args.get("late") == "yes":
        conditions += [CaseAudit.status != AuditStatus.SUBMITTED, CaseAudit.due_date < clock.today()]
    grade = request.args.get("grade") or None
    theme = None
    if request.args.get("theme"):
        try:
            theme = db.session.get(Theme, int(request.args["theme"]))
        except ValueError:
            abort(400)
        if theme is None:
            abort(404)
        conditions += [CaseAudit.status == AuditStatus.SUBMITTED, CaseAudit.themes.any(Theme.id == theme.id)]
    query = dao.list_audits_query(dao.user_filter(), *conditions, grade=grade)
    definition = audits_list(list_teams_for_user(current_user), clock.today())
    return show_list(
        definition,
        query,
        "audits/list.html",
        allocated=dao.list_allocated_to(current_user),
        grade=grade,
        theme=theme,
        late=request.args.get("late") == "yes",
        today=clock.today(),
    )


@blueprint.route("/audits/<int:audit_id>")
@permission_required(*VIEW)
def show_audit(audit_id: int):
    audit = dao.get_audit_in_scope_or_404(audit_id)
    return render_template("audits/show.html", audit=audit, today=clock.today())


@blueprint.route("/audits/<int:audit_id>/record", methods=["GET", "POST"])
@permission_required(AuditPermission.CONDUCT_AUDITS)
def record_audit(audit_id: int):
    audit = dao.get_audit_in_scope_or_404(audit_id)
    if audit.auditor_id != current_user.id:
        abort(403)
    if audit.locked:
        flash("This audit has been submitted and can no longer be changed", "error")
        return redirect(url_for("audits.show_audit", audit_id=audit.id))
    themes = services.ensure_themes()
    form = audit_record_form(audit, themes)
    if request.method == "GET":
        _fill_record_form(form, audit)
        open_at_version(form, audit)
    if form.validate_on_submit():
        grades = {domain.id: _int(getattr(form, name).data) for domain, name, _ in form.sections}
        answers = {}
        for _domain, _name, question_names in form.sections:
            for name in question_names:
                value = getattr(form, name).data
                question_id = int(name.split("_")[1])
                answers[question_id] = (Answer(value), None) if value in ANSWERS else (None, value)
        values = {key: getattr(form, key).data for key in services.RECORD_FIELDS}

        def save():
            audit.save_edit(form.version.data)
            services.save_audit(
                audit,
                values,
                _int(form.overall_grade.data),
                grades,
                answers,
                form.themes_found.data or [],
                submit=bool(form.submit.data),
            )

        response = save_or_show(
            form,
            save,
            refused=services.AuditError,
            saved=lambda _: "Audit submitted" if audit.locked else "Audit saved",
            then=url_for("audits.show_audit", audit_id=audit.id),
            conflict=audit,
            conflict_field="audit_date",
        )
        if response:
            return response
    return render_template("audits/record.html", audit=audit, form=form)


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _fill_record_form(form, audit: CaseAudit) -> None:
    for key in services.RECORD_FIELDS:
        getattr(form, key).data = getattr(audit, key)
    form.overall_grade.data = str(audit.overall_grade_id or "")
    for grade in audit.domain_grades:
        getattr(form, f"domain_{grade.domain_id}").data = str(grade.grade_id or "")
    for answer in audit.answers:
        field = getattr(form, f"question_{answer.question_id}", None)
        if field is not None:
            field.data = answer.answer.value if answer.answer else answer.text
    form.themes_found.data = [theme.id for theme in audit.themes]


@blueprint.route("/audits/<int:audit_id>/allocate", methods=["GET", "POST"])
@permission_required(AuditPermission.MANAGE_PROGRAMMES)
def reallocate_audit(audit_id: int):
    audit = dao.get_audit_in_scope_or_404(audit_id)
    form = ReallocateForm(obj=audit) if request.method == "GET" else ReallocateForm()
    form.auditor.choices = [(user.id, user.name) for user in _active_users(AuditPermission.CONDUCT_AUDITS)]
    if request.method == "GET":
        form.auditor.data = audit.auditor_id
    if form.validate_on_submit():
        response = save_or_show(
            form,
            lambda: services.reallocate_audit(
                audit, db.session.get(User, form.auditor.data), form.due_date.data, form.own_team_reason.data
            ),
            refused=services.AuditError,
            saved=lambda _: f"Audit of {audit.case_reference} allocated to {audit.auditor.name}",
            then=url_for("audits.show_audit", audit_id=audit.id),
        )
        if response:
            return response
    return render_template(
        "audits/form.html", form=form, audit=audit, title=f"Allocate the audit of {audit.case_reference}"
    )


@blueprint.route("/audits/<int:audit_id>/actions/new", methods=["GET", "POST"])
@permission_required(AuditPermission.CONDUCT_AUDITS, AuditPermission.MANAGE_PROGRAMMES)
def add_action(audit_id: int):
    audit = dao.get_audit_in_scope_or_404(audit_id)
    if audit.auditor_id != current_user.id and not user_can(AuditPermission.MANAGE_PROGRAMMES):
        abort(403)
    form = ActionForm()
    form.owner.choices = [(user.id, user.name) for user in _active_users(AuditPermission.VIEW_AUDITS)]
    if request.method == "GET":
        form.due_date.data = clock.today() + timedelta(days=28)
    if form.validate_on_submit():
        return save_or_show(
            form,
            lambda: services.add_action(
                audit, form.description.data, db.session.get(User, form.owner.data), form.due_date.data
            ),
            saved="Action added",
            then=url_for("audits.show_audit", audit_id=audit.id),
        )
    return render_template(
        "audits/form.html", form=form, audit=audit, title=f"Add an action for {audit.case_reference}"
    )


@blueprint.route("/audits/actions/<int:action_id>/complete", methods=["GET", "POST"])
@permission_required(*VIEW)
def complete_action(action_id: int):
    action = db.session.get(AuditAction, action_id) or abort(404)
    audit = dao.get_audit_in_scope_or_404(action.audit_id)
    allowed = current_user.id in (action.owner_id, audit.auditor_id) or user_can(AuditPermission.MANAGE_PROGRAMMES)
    if not allowed:
        abort(403)
    form = CompleteActionForm()
    if request.method == "GET":
        form.completed_on.data = clock.today()
    if form.validate_on_submit():
        response = save_or_show(
            form,
            lambda: services.complete_action(action, form.evidence.data, form.completed_on.data),
            refused=services.AuditError,
            saved="Action completed",
            then=url_for("audits.show_audit", audit_id=audit.id),
        )
        if response:
            return response
    return render_template("audits/form.html", form=form, audit=audit, title="Complete the action", action=action)


@blueprint.route("/audits/<int:audit_id>/safeguarding-concern", methods=["GET", "POST"])
@permission_required(AuditPermission.CONDUCT_AUDITS, AuditPermission.MANAGE_PROGRAMMES)
def raise_concern(audit_id: int):
    audit = dao.get_audit_in_scope_or_404(audit_id)
    if audit.auditor_id != current_user.id and not user_can(AuditPermission.MANAGE_PROGRAMMES):
        abort(403)
    form = ConcernForm()
    if form.validate_on_submit():

        def raise_and_alert():
            services.raise_concern(audit, form.description.data, current_user)
            db.session.flush()
            # An immediate concern is not left for the next round: its messages go to the queue now.
            queue_rule_now("audit-safeguarding-concern")

        return save_or_show(
            form,
            raise_and_alert,
            saved="The head of service has been alerted to the safeguarding concern",
            then=url_for("audits.show_audit", audit_id=audit.id),
        )
    return render_template(
        "audits/form.html",
        form=form,
        audit=audit,
        title=f"Raise an immediate safeguarding concern about {audit.case_reference}",
    )


@blueprint.route("/audits/concerns/<int:concern_id>/respond", methods=["GET", "POST"])
@permission_required(AuditPermission.VIEW_ESCALATIONS)
def respond_to_concern(concern_id: int):
    concern = db.session.get(SafeguardingConcern, concern_id) or abort(404)
    audit = dao.get_audit_in_scope_or_404(concern.audit_id)
    form = ConcernResponseForm()
    if form.validate_on_submit():
        response = save_or_show(
            form,
            lambda: services.respond_to_concern(concern, form.response.data, current_user),
            refused=services.AuditError,
            saved="Response recorded",
            then=url_for("audits.escalations"),
        )
        if response:
            return response
    return render_template(
        "audits/form.html", form=form, audit=audit, title="Respond to the safeguarding concern", concern=concern
    )


@blueprint.route("/audits/escalations")
@permission_required(AuditPermission.VIEW_ESCALATIONS)
def escalations():
    today = clock.today()
    return render_template(
        "audits/escalations.html", late=dao.list_late_audits(today), concerns=dao.list_concerns(), today=today
    )


@blueprint.route("/audits/moderation", methods=["GET", "POST"])
@permission_required(AuditPermission.MODERATE_AUDITS)
def moderation():
    form = ModerationSampleForm()
    if request.method == "GET":
        today = clock.today()
        form.start_date.data = today.replace(day=1) - timedelta(days=1)
        form.start_date.data = form.start_date.data.replace(day=1)
        form.end_date.data = today
        form.percent.data = services.setting("audits_moderation_percent")
        form.include_extremes.data = "yes" if services.setting("audits_moderate_extremes") else "no"
    if form.validate_on_submit():
        return save_or_show(
            form,
            lambda: moderation_service.select_for_moderation(
                form.start_date.data, form.end_date.data, form.percent.data, form.include_extremes.data == "yes"
            ),
            saved=lambda picked: f"{plural(len(picked), 'audit')} selected for moderation",
            then=url_for("audits.moderation"),
        )
    return render_template(
        "audits/moderation.html",
        form=form,
        pending=dao.list_moderations(pending=True, not_audited_by=current_user.id),
        own_waiting=dao.count_own_moderations_waiting(current_user.id),
        done=dao.list_moderations(pending=False)[:50],
    )


@blueprint.route("/audits/moderation/<int:moderation_id>", methods=["GET", "POST"])
@permission_required(AuditPermission.MODERATE_AUDITS)
def moderate_audit(moderation_id: int):
    record = db.session.get(Moderation, moderation_id) or abort(404)
    audit = record.audit
    own_audit = audit.auditor_id == current_user.id
    form = moderation_form(audit)
    if record.moderated_on is None and not own_audit and form.validate_on_submit():
        grades = {
            grade.domain_id: _int(getattr(form, f"domain_{grade.domain_id}").data) for grade in audit.domain_grades
        }
        try:
            moderation_service.moderate(record, current_user, _int(form.overall_grade.data), grades, form.reason.data)
        except services.AuditError as problem:
            db.session.rollback()
            _field_error(form, problem)
        else:
            if not confirmed():
                # The outcome is checked (above) but not kept until the moderator confirms it.
                consequences = _moderation_consequences(record)
                db.session.rollback()
                return ask_to_confirm(
                    f"Record this moderation of {audit.case_reference}?",
                    caption="Moderation",
                    consequences=consequences,
                    warning="Once recorded, a moderation cannot be changed: the moderated grades count in the "
                    "audit figures from now on.",
                    button="Record moderation",
                    cancel_url=url_for("audits.moderate_audit", moderation_id=moderation_id),
                )
            db.session.commit()
            flash(f"Moderation of {audit.case_reference} recorded", "success")
            return redirect(url_for("audits.moderation"))
    return render_template("audits/moderate.html", form=form, audit=audit, moderation=record, own_audit=own_audit)


def _moderation_consequences(record: Moderation) -> list[Consequence]:
    audit = record.audit

    def outcome(before, after) -> str:
        before_label = before.label if before else "none"
        if before is not None and after is not None and before.id == after.id:
            return f"{after.label} (agreed)"
        return f"{after.label if after else 'none'} (changed from {before_label})"

    rows = [Consequence("Overall grade", outcome(audit.overall_grade, record.moderated_grade))]
    for grade in audit.domain_grades:
        rows.append(Consequence(grade.domain.title, outcome(grade.grade, grade.moderated_grade)))
    rows.append(Consequence("Reason", record.reason or "None given (every grade agreed)"))
    return rows
