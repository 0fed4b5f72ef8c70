"""Supervision-quality audit pages: the list, drawing the quarterly sample, completing an audit, the checklist."""

from __future__ import annotations

import random

from flask import render_template, request, url_for
from flask_login import current_user

from supervision import dao, quality
from supervision.constants import Answer, Grade, QualityAuditPermission
from supervision.forms import ChecklistForm, DrawSampleForm, quality_audit_form
from supervision.models import QualityAudit
from supervision.views import blueprint
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.forms import save_or_show
from workforce.kernel.permissions import current_scope, get_in_scope_or_404, permission_required
from workforce.people.models import StaffMember


@blueprint.route("/quality-audits")
@permission_required(QualityAuditPermission.VIEW, QualityAuditPermission.MANAGE)
def list_quality_audits():
    return render_template("supervision/quality_audits.html", audits=quality.list_audits(current_scope()))


@blueprint.route("/quality-audits/sample", methods=["GET", "POST"])
@permission_required(QualityAuditPermission.MANAGE)
def draw_quality_sample():
    form = DrawSampleForm()
    staff = dao.list_current_staff()
    form.named.choices = [(person.id, person.name) for person in staff]
    if request.method == "GET":
        form.quarter.data = quality.quarter_start(clock.today())
    if form.validate_on_submit():
        team_ids = dao.open_team_ids()
        named = [(db.session.get(StaffMember, staff_id), form.named_because.data) for staff_id in form.named.data]
        # A fresh random choice each time it is drawn; the draw itself is kept in the audit trail.
        rng = random.Random()
        done = save_or_show(
            form,
            lambda: quality.draw_sample(form.quarter.data, form.per_team.data, team_ids, rng, named),
            refused=quality.QualityAuditError,
            saved=lambda audits: f"{len(audits)} supervision records sampled for audit",
            then=url_for("supervision.list_quality_audits"),
            fallback="quarter",
        )
        if done:
            return done
    return render_template("supervision/quality_sample.html", form=form)


def _get_audit_or_404(audit_id: int) -> QualityAudit:
    return get_in_scope_or_404(QualityAudit, audit_id, lambda record: record.team_id)


@blueprint.route("/quality-audits/<int:audit_id>")
@permission_required(QualityAuditPermission.VIEW, QualityAuditPermission.MANAGE)
def show_quality_audit(audit_id: int):
    audit = _get_audit_or_404(audit_id)
    answers = [
        (question, Answer(audit.answers[str(number)]).label if str(number) in audit.answers else "")
        for number, question in enumerate(audit.checklist.questions, start=1)
    ]
    return render_template("supervision/quality_audit.html", audit=audit, answers=answers)


@blueprint.route("/quality-audits/<int:audit_id>/complete", methods=["GET", "POST"])
@permission_required(QualityAuditPermission.MANAGE)
def complete_quality_audit(audit_id: int):
    audit = _get_audit_or_404(audit_id)
    form = quality_audit_form(audit.checklist.questions)
    if request.method == "GET" and audit.completed_on:
        for number, field in enumerate(form.answer_fields(), start=1):
            field.data = audit.answers.get(str(number))
        form.grade.data = audit.grade.value if audit.grade else None
        form.findings.data, form.actions.data = audit.findings, audit.actions
    if form.validate_on_submit():
        answers = {str(number): Answer(field.data) for number, field in enumerate(form.answer_fields(), start=1)}
        done = save_or_show(
            form,
            lambda: quality.complete_audit(
                audit, answers, Grade(form.grade.data), form.findings.data, form.actions.data, current_user
            ),
            refused=quality.QualityAuditError,
            saved=lambda _: f"Audit graded {audit.grade.label.lower()}",
            then=url_for("supervision.show_quality_audit", audit_id=audit.id),
            fallback="grade",
        )
        if done:
            return done
    return render_template("supervision/quality_complete.html", form=form, audit=audit)


@blueprint.route("/quality-audits/checklist", methods=["GET", "POST"])
@permission_required(QualityAuditPermission.MANAGE)
def manage_quality_checklist():
    checklist = quality.current_checklist()
    form = ChecklistForm()
    if request.method == "GET":
        form.questions.data = "\n".join(checklist.questions)
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: quality.publish_checklist(form.questions.data.splitlines(), current_user),
            refused=quality.QualityAuditError,
            saved=lambda published: f"Checklist version {published.version} published",
            then=url_for("supervision.manage_quality_checklist"),
            fallback="questions",
        )
        if done:
            return done
    else:
        db.session.commit()
    return render_template("supervision/quality_checklist.html", form=form, checklist=checklist)
