"""Programme, template and report pages: sampling and allocation, scale and template versions, the report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from audits import dao, exports, sampling, services
from audits.constants import (
    QA_ROLES,
    AuditPermission,
    AuditServiceArea,
    AuditType,
    CaseType,
    ProgrammePeriod,
    QuotaBasis,
    SampleSource,
    SamplingMethod,
)
from audits.forms import ProgrammeForm, SampleForm, ScaleForm, TemplateForm, ThemeForm
from audits.models import AuditProgramme
from audits.views import _active_users, _field_error, blueprint
from workforce.extensions import db
from workforce.kernel import clock, freshness
from workforce.kernel.dates import display_date
from workforce.kernel.forms import save_or_show
from workforce.kernel.models import Team
from workforce.kernel.permissions import permission_required
from workforce.kernel.spreadsheets import send_workbook
from workforce.people.models import StaffMember


@blueprint.route("/audits/programmes")
@permission_required(AuditPermission.MANAGE_PROGRAMMES)
def list_programmes():
    return render_template("audits/programmes.html", programmes=dao.list_programmes())


def _sampling_value(form: ProgrammeForm) -> str | None:
    """The theme typed in the form as the value stored: a case type code, a team id or a staff id."""
    text = (form.sampling_value.data or "").strip()
    method = SamplingMethod(form.sampling_method.data)
    if method is SamplingMethod.CASE_TYPE:
        if text.upper() not in {code.value for code in CaseType}:
            raise services.AuditError("Enter a case type code: CP, CIN, CLA, CL, EH or OTHER", "sampling_value")
        return text.upper()
    if method is SamplingMethod.TEAM:
        team = dao.team_named(text)
        if team is None:
            raise services.AuditError("Enter the name of a team", "sampling_value")
        return str(team.id)
    if method is SamplingMethod.WORKER:
        staff = dao.staff_numbered(text)
        if staff is None:
            raise services.AuditError("Enter the employee number of a member of staff", "sampling_value")
        return str(staff.id)
    return None


@blueprint.route("/audits/programmes/new", methods=["GET", "POST"])
@permission_required(AuditPermission.MANAGE_PROGRAMMES)
def create_programme():
    form = ProgrammeForm()
    if request.method == "GET":
        start = (clock.today().replace(day=1) + timedelta(days=32)).replace(day=1)
        form.period.data = ProgrammePeriod.MONTH.value
        form.start_date.data = start
        form.end_date.data = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        form.due_date.data = form.end_date.data
        form.quota_basis.data = QuotaBasis.PER_AUDITOR.value
        form.quota.data = 2
        form.sampling_method.data = SamplingMethod.RANDOM.value
    if form.validate_on_submit():
        response = save_or_show(
            form,
            lambda: sampling.create_programme(
                name=form.name.data.strip(),
                period=ProgrammePeriod(form.period.data),
                start_date=form.start_date.data,
                end_date=form.end_date.data,
                due_date=form.due_date.data,
                audit_type=AuditType(form.audit_type.data),
                quota_basis=QuotaBasis(form.quota_basis.data),
                quota=form.quota.data,
                sampling_method=SamplingMethod(form.sampling_method.data),
                sampling_value=_sampling_value(form),
                created_by_id=current_user.id,
            ),
            refused=services.AuditError,
            saved=lambda programme: f"{programme.name} created",
            then=lambda programme: url_for("audits.show_programme", programme_id=programme.id),
        )
        if response:
            return response
    return render_template("audits/form.html", form=form, title="Create an audit programme")


#: How each field of a programme reads on the edit page when it cannot change.
_FIELD_LABELS = {
    "period": "Period",
    "start_date": "First day",
    "audit_type": "Type of audit",
    "quota_basis": "Quota",
    "quota": "Number of cases",
    "sampling_method": "Sampling",
    "sampling_value": "Theme to sample on",
}


def _sampling_text(programme: AuditProgramme) -> str:
    """The stored theme as it is typed: a case type code, a team's name or an employee number."""
    value = programme.sampling_value
    if not value:
        return ""
    if programme.sampling_method is SamplingMethod.TEAM:
        team = db.session.get(Team, int(value))
        return team.name if team else ""
    if programme.sampling_method is SamplingMethod.WORKER:
        staff = db.session.get(StaffMember, int(value))
        return staff.employee_number if staff else ""
    return value


def _shown(programme: AuditProgramme, name: str) -> str:
    value = getattr(programme, name)
    if name == "sampling_value":
        return _sampling_text(programme) or "None"
    if name == "start_date":
        return display_date(value)
    return value.label if hasattr(value, "label") else str(value)


@blueprint.route("/audits/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
@permission_required(AuditPermission.MANAGE_PROGRAMMES)
def edit_programme(programme_id: int):
    programme = db.session.get(AuditProgramme, programme_id) or abort(404)
    locked = sampling.locked_fields(programme)
    if request.method == "GET":
        form = ProgrammeForm(
            data={
                "name": programme.name,
                "period": programme.period.value,
                "start_date": programme.start_date,
                "end_date": programme.end_date,
                "due_date": programme.due_date,
                "audit_type": programme.audit_type.value,
                "quota_basis": programme.quota_basis.value,
                "quota": programme.quota,
                "sampling_method": programme.sampling_method.value,
                "sampling_value": _sampling_text(programme),
            }
        )
    else:
        form = ProgrammeForm()
    for name in locked:
        delattr(form, name)
    form.fixed_start_date = programme.start_date
    form.submit.label.text = "Save changes"
    if form.validate_on_submit():
        enums = {
            "period": ProgrammePeriod,
            "audit_type": AuditType,
            "quota_basis": QuotaBasis,
            "sampling_method": SamplingMethod,
        }

        def change():
            values = {"name": form.name.data.strip(), "end_date": form.end_date.data, "due_date": form.due_date.data}
            for name in ("period", "start_date", "audit_type", "quota_basis", "quota", "sampling_method"):
                if name in form:
                    data = form[name].data
                    values[name] = enums[name](data) if name in enums else data
            if "sampling_value" in form:
                values["sampling_value"] = _sampling_value(form)
            return sampling.update_programme(programme, **values)

        response = save_or_show(
            form,
            change,
            refused=services.AuditError,
            saved=lambda changed: f"{changed.name} saved",
            then=url_for("audits.show_programme", programme_id=programme.id),
        )
        if response:
            return response
    return render_template(
        "audits/programme_form.html",
        form=form,
        programme=programme,
        locked=[(_FIELD_LABELS[name], _shown(programme, name), reason) for name, reason in locked.items()],
    )


@blueprint.route("/audits/programmes/<int:programme_id>", methods=["GET", "POST"])
@permission_required(AuditPermission.MANAGE_PROGRAMMES)
def show_programme(programme_id: int):
    programme = db.session.get(AuditProgramme, programme_id) or abort(404)
    form = SampleForm()
    form.auditors.choices = [(user.id, user.name) for user in _active_users(AuditPermission.CONDUCT_AUDITS)]
    snapshot = sampling.snapshot_cases(programme.start_date) if programme.sampled_at is None else None
    result = None
    if programme.sampled_at is None and form.validate_on_submit():
        auditors = [
            user for user in _active_users(AuditPermission.CONDUCT_AUDITS) if user.id in (form.auditors.data or [])
        ]
        try:
            if (form.cases.data or "").strip():
                cases, source = sampling.parse_hand_entered(form.cases.data), SampleSource.HAND_ENTERED
            elif snapshot is not None:
                cases, source = snapshot, SampleSource.CASELOAD_SNAPSHOT
            else:
                raise services.AuditError("Enter the cases to sample from", "cases")
            result = sampling.draw_sample(programme, cases, auditors, source)
        except services.AuditError as problem:
            db.session.rollback()
            _field_error(form, problem)
        else:
            db.session.commit()
            flash(f"{len(result.allocated)} cases allocated", "success")
    return render_template(
        "audits/programme.html",
        programme=programme,
        form=form,
        snapshot=snapshot,
        result=result,
        today=clock.today(),
    )


@blueprint.route("/audits/templates")
@permission_required(AuditPermission.MANAGE_PROGRAMMES)
def templates():
    scale = services.current_scale()
    template = services.current_template()
    themes = services.ensure_themes()
    db.session.commit()
    scale_form = ScaleForm(
        labels="\n".join(level.label for level in scale.levels),
        good_or_better=sum(level.good_or_better for level in scale.levels),
    )
    template_form = TemplateForm(text=services.template_as_text(template))
    return render_template(
        "audits/templates.html",
        scale=scale,
        template=template,
        themes=themes,
        scale_form=scale_form,
        template_form=template_form,
        theme_form=ThemeForm(),
    )


@blueprint.route("/audits/templates/scale", methods=["POST"])
@permission_required(AuditPermission.MANAGE_PROGRAMMES)
def publish_scale():
    form = ScaleForm()
    if form.validate_on_submit():
        return save_or_show(
            None,
            lambda: services.publish_scale(form.labels.data.splitlines(), form.good_or_better.data),
            refused=services.AuditError,
            saved=lambda scale: f"Grade scale version {scale.version} published",
            then=url_for("audits.templates"),
        )
    flash("Enter the grades and how many count as good or better", "error")
    return redirect(url_for("audits.templates"))


@blueprint.route("/audits/templates/template", methods=["POST"])
@permission_required(AuditPermission.MANAGE_PROGRAMMES)
def publish_template():
    form = TemplateForm()
    if form.validate_on_submit():
        return save_or_show(
            None,
            lambda: services.publish_template(services.parse_template_text(form.text.data)),
            refused=services.AuditError,
            saved=lambda template: f"Audit template version {template.version} published",
            then=url_for("audits.templates"),
        )
    flash("Enter the domains and questions", "error")
    return redirect(url_for("audits.templates"))


@blueprint.route("/audits/templates/themes", methods=["POST"])
@permission_required(AuditPermission.MANAGE_PROGRAMMES)
def add_theme():
    form = ThemeForm()
    if form.validate_on_submit():
        return save_or_show(
            None,
            lambda: services.add_theme(form.name.data),
            refused=services.AuditError,
            saved=lambda theme: f"Theme {theme.name} added",
            then=url_for("audits.templates"),
        )
    flash("Enter the theme", "error")
    return redirect(url_for("audits.templates"))


def report_period() -> tuple[date, date]:
    """The report's period from ?start=&end= (YYYY-MM-DD); by default the 12 months to today."""
    today = clock.today()
    try:
        end = date.fromisoformat(request.args["end"]) if request.args.get("end") else today
        start = (
            date.fromisoformat(request.args["start"])
            if request.args.get("start")
            else sampling.months_before(end, 12) + timedelta(days=1)
        )
    except ValueError:
        abort(400)
    return start, end


def _service_area() -> AuditServiceArea | None:
    value = request.args.get("service_area")
    return AuditServiceArea(value) if value in {area.value for area in AuditServiceArea} else None


@blueprint.route("/audits/report")
@permission_required(AuditPermission.VIEW_REPORT)
@freshness.kept_page
def report():
    start, end = report_period()
    area = _service_area()
    where = dao.user_filter(area)
    today = clock.today()
    figures = freshness.kept(
        ("audits.report", where, start, end, today), lambda: _report_figures(where, start, end, today)
    )
    return render_template(
        "audits/report.html",
        start=start,
        end=end,
        area=area,
        areas=list(AuditServiceArea),
        theme_names=dao.theme_names(),
        drill_down=current_user.role in QA_ROLES,
        **figures,
    )


@dataclass(frozen=True)
class _Programme:
    name: str


def _report_figures(where: dao.Filter, start: date, end: date, today: date) -> dict:
    """The report's figures: a dozen aggregates over the period's audits, kept with the generations of the
    tables they read, so that they are computed again only after an audit, grade, moderation, action or
    theme is saved (and the page says when they were computed)."""
    return {
        "summary": dao.grade_summary(where, start, end),
        "distribution": dao.grade_distribution(where, start, end),
        "completion": dao.programme_completion(where, start, end),
        # Plain values, not the records: the figures outlive the request's database session.
        "by_programme": [
            (_Programme(programme.name), done, total)
            for programme, done, total in dao.completion_by_programme(where, start, end)[:12]
        ],
        "trend": dao.trend_by_month(where, start, end),
        "actions": dao.actions_on_time(where, start, end, today),
        "moderation": dao.moderation_agreement(where, start, end),
        "by_auditor": dao.moderation_by_auditor(where, start, end),
        "moderation_trend": dao.moderation_by_month(where, start, end),
        "themes": dao.theme_frequency(where, start, end),
    }


@blueprint.route("/audits/report/download")
@permission_required(AuditPermission.EXPORT_REPORT)
def export_report():
    start, end = report_period()
    workbook = exports.audit_report_workbook(
        dao.user_filter(_service_area()), start, end, current_user.role in QA_ROLES
    )
    return send_workbook(workbook, f"audit-report-{start.isoformat()}-to-{end.isoformat()}.xlsx")
