"""Plan pages: the plan overview, strands and actions with their updates, evidence and sign-off."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from workforce.extensions import db
from workforce.improvement import dao, services
from workforce.improvement.constants import ActionStatus, EvidenceKind, ImprovementPermission, Rating
from workforce.improvement.figures import (
    comparator_text,
    dfe_comparators,
    display,
    measure_figures,
    plan_ratings,
)
from workforce.improvement.forms import (
    ActionForm,
    AuditThemeEvidenceForm,
    DocumentForm,
    MeasureEvidenceForm,
    PlanForm,
    ReopenForm,
    SignOffForm,
    StrandForm,
    UpdateForm,
)
from workforce.improvement.lists import actions_list
from workforce.improvement.models import Evidence
from workforce.improvement.services import EXTENSIONS, PlanError
from workforce.kernel import clock
from workforce.kernel.confirm import Consequence, ask_to_confirm, confirmed
from workforce.kernel.contract import registry
from workforce.kernel.drill_down import records_url
from workforce.kernel.forms import save_or_show, show_refusal
from workforce.kernel.freshness import kept_page
from workforce.kernel.lists import show_list
from workforce.kernel.measures import ScopeLevel
from workforce.kernel.models import User
from workforce.kernel.permissions import permission_required, user_can
from workforce.kernel.plurals import plural

blueprint = Blueprint("improvement", __name__, template_folder="../templates")

VIEW = ImprovementPermission.VIEW_PLAN
MANAGE = ImprovementPermission.MANAGE_PLAN


def staff_view() -> bool:
    """True for roles that see provisional figures, names and update text; False for committee viewers."""
    return user_can(ImprovementPermission.VIEW_PROVISIONAL)


def reference_month(published_only: bool):
    """The month a page shows: ?period=YYYY-MM when given (404 when the user may not see it), else the latest."""
    requested = request.args.get("period")
    if requested:
        period = dao.get_period(parse_month(requested))
        if period is None or (published_only and not period.published):
            abort(404)
        return period.month
    latest = dao.latest_period(published_only)
    return latest.month if latest else None


def parse_month(text: str) -> date:
    """A month given as YYYY-MM in a URL, or 404."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        abort(404)


def get_or_404(getter, record_id):
    record = getter(record_id)
    if record is None:
        abort(404)
    return record


@blueprint.route("/improvement")
@permission_required(VIEW)
def list_plans():
    plans = dao.list_plans()
    if len(plans) == 1 and not user_can(MANAGE):
        return redirect(url_for("improvement.show_plan", plan_id=plans[0].id))
    return render_template("improvement/plans.html", plans=plans)


@blueprint.route("/improvement/actions")
@permission_required(VIEW)
def list_actions():
    """Every action of the plan, as the plan's own pages show them (committee viewers see owners by role only)."""
    return show_list(
        actions_list(clock.today(), dao.list_strand_choices(), staff_view()),
        dao.actions_query(),
        "improvement/actions.html",
    )


@blueprint.route("/improvement/plans/new", methods=["GET", "POST"])
@permission_required(MANAGE)
def create_plan():
    form = PlanForm()
    if form.validate_on_submit():
        return save_or_show(
            form,
            lambda: services.create_plan(form.title.data),
            saved=lambda plan: f"{plan.title} created",
            then=lambda plan: url_for("improvement.show_plan", plan_id=plan.id),
        )
    return render_template("improvement/simple_form.html", form=form, title="Create an improvement plan")


@blueprint.route("/improvement/plans/<int:plan_id>")
@permission_required(VIEW)
@kept_page
def show_plan(plan_id: int):
    plan = get_or_404(dao.get_plan, plan_id)
    published_only = not staff_view()
    month = reference_month(published_only)
    counts = plan_ratings(plan, month, published_only)
    return render_template(
        "improvement/plan.html", plan=plan, counts=counts, month=month, ratings=[*Rating, "Not rated"]
    )


@blueprint.route("/improvement/plans/<int:plan_id>/strands/new", methods=["GET", "POST"])
@permission_required(MANAGE)
def create_strand(plan_id: int):
    plan = get_or_404(dao.get_plan, plan_id)
    form = StrandForm()
    if form.validate_on_submit():
        return save_or_show(
            form,
            lambda: services.create_strand(plan, form.title.data),
            saved=lambda strand: f"{strand.title} added",
            then=lambda strand: url_for("improvement.show_strand", strand_id=strand.id),
        )
    return render_template("improvement/simple_form.html", form=form, title=f"Add a strand to {plan.title}")


@blueprint.route("/improvement/strands/<int:strand_id>")
@permission_required(VIEW)
def show_strand(strand_id: int):
    strand = get_or_404(dao.get_strand, strand_id)
    published_only = not staff_view()
    month = reference_month(published_only)
    figures = []
    if month:
        live = dfe_comparators([pm.measure_id for pm in strand.measures])
        figures = [measure_figures(pm, month, published_only, live_comparators=live) for pm in strand.measures]
    measures = registry().measures
    records = {
        pm.id: records_url(measures.get(pm.measure_id), ScopeLevel.COUNCIL, None, month, current_user)
        for pm in strand.measures
        if month and pm.measure_id in measures
    }
    return render_template(
        "improvement/strand.html",
        strand=strand,
        figures=figures,
        records=records,
        month=month,
        staff_view=staff_view(),
        display=display,
        comparator_text=comparator_text,
    )


def owner_choices(form: ActionForm) -> None:
    owners = dao.list_possible_owners()
    form.owner.choices = [(0, "Select the owner")] + [(user.id, f"{user.name} ({user.role.label})") for user in owners]


@blueprint.route("/improvement/strands/<int:strand_id>/actions/new", methods=["GET", "POST"])
@permission_required(MANAGE)
def create_action(strand_id: int):
    strand = get_or_404(dao.get_strand, strand_id)
    form = ActionForm()
    owner_choices(form)
    if form.validate_on_submit():
        owner = db.session.get(User, form.owner.data)
        return save_or_show(
            form,
            lambda: services.create_action(strand, form.title.data, owner, form.due_date.data, form.description.data),
            saved="Action added",
            then=lambda action: url_for("improvement.show_action", action_id=action.id),
        )
    return render_template("improvement/simple_form.html", form=form, title=f"Add an action to {strand.title}")


@blueprint.route("/improvement/actions/<int:action_id>")
@permission_required(VIEW)
def show_action(action_id: int):
    action = get_or_404(dao.get_action, action_id)
    measures = registry().measures
    evidence_form = MeasureEvidenceForm()
    evidence_form.measure_id.choices = measure_choices()
    themes = services.audit_themes()
    return render_template(
        "improvement/action.html",
        action=action,
        staff_view=staff_view(),
        can_manage=user_can(MANAGE),
        can_sign_off=services.can_sign_off(action, current_user),
        can_reopen=services.can_reopen(action, current_user),
        evidence_form=evidence_form,
        measure_titles={measure.id: measure.title for measure in measures},
        audit_themes=None if themes is None else {theme["id"]: theme for theme in themes},
        EvidenceKind=EvidenceKind,
    )


def measure_choices() -> list[tuple[str, str]]:
    return [("", "Select a measure")] + sorted(
        ((measure.id, measure.title) for measure in registry().measures), key=lambda choice: choice[1]
    )


@blueprint.route("/improvement/actions/<int:action_id>/updates/new", methods=["GET", "POST"])
@permission_required(MANAGE)
def add_update(action_id: int):
    action = get_or_404(dao.get_action, action_id)
    form = UpdateForm()
    if request.method == "GET":
        form.status.data = action.status.value
        form.rating.data = action.rating.value if action.rating is not Rating.BLUE else None
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.add_update(
                action, form.text.data, form.status_value, Rating(form.rating.data), current_user
            ),
            refused=PlanError,
            saved="Progress update added",
            then=url_for("improvement.show_action", action_id=action.id),
        )
        if done:
            return done
    return render_template("improvement/simple_form.html", form=form, title=f"Update: {action.title}")


def _evidence_label(item: Evidence, measure_titles: dict[str, str]) -> str:
    if item.kind is EvidenceKind.MEASURE:
        return f"Measure: {measure_titles.get(item.measure_id, item.measure_id)}"
    if item.kind is EvidenceKind.AUDIT_THEME:
        return f"Audit theme: {item.audit_theme_name}"
    return f"Document: {item.filename}"


@blueprint.route("/improvement/actions/<int:action_id>/sign-off", methods=["GET", "POST"])
@permission_required(ImprovementPermission.SIGN_OFF)
def sign_off_action(action_id: int):
    action = get_or_404(dao.get_action, action_id)
    if not services.can_sign_off(action, current_user):
        flash("Only a senior leader who does not own an action awaiting sign-off can sign it off", "error")
        return redirect(url_for("improvement.show_action", action_id=action.id))
    measure_titles = {measure.id: measure.title for measure in registry().measures}
    form = SignOffForm()
    form.evidence.choices = [(item.id, _evidence_label(item, measure_titles)) for item in action.evidence]
    if form.validate_on_submit():
        chosen = [item for item in action.evidence if item.id in set(form.evidence.data or [])]
        try:
            services.sign_off(action, current_user, form.comment.data, chosen)
        except PlanError as problem:
            db.session.rollback()
            show_refusal(form, problem)
        else:
            if not confirmed():
                consequences = [
                    Consequence("Action", action.title),
                    Consequence("Status", f"{ActionStatus.SIGNED_OFF.label}; rated Blue (delivered and signed off)"),
                    Consequence("Comment", form.comment.data.strip()),
                    Consequence(
                        "Evidence checked", "; ".join(_evidence_label(item, measure_titles) for item in chosen)
                    ),
                ]
                db.session.rollback()
                return ask_to_confirm(
                    f"Sign off {action.title}?",
                    caption=action.strand.title,
                    consequences=consequences,
                    warning="A signed-off action can no longer be updated. Only a senior leader can reopen it, "
                    "with a reason.",
                    button="Sign the action off",
                    cancel_url=url_for("improvement.show_action", action_id=action.id),
                )
            db.session.commit()
            flash("Action signed off", "success")
            return redirect(url_for("improvement.show_action", action_id=action.id))
    return render_template(
        "improvement/sign_off.html", action=action, form=form, measure_titles=measure_titles, EvidenceKind=EvidenceKind
    )


@blueprint.route("/improvement/actions/<int:action_id>/reopen", methods=["GET", "POST"])
@permission_required(ImprovementPermission.SIGN_OFF)
def reopen_action(action_id: int):
    action = get_or_404(dao.get_action, action_id)
    if not services.can_reopen(action, current_user):
        flash("Only a senior leader can reopen an action, and only once it is signed off", "error")
        return redirect(url_for("improvement.show_action", action_id=action.id))
    form = ReopenForm()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.reopen(action, current_user, form.reason.data, Rating(form.rating.data)),
            refused=PlanError,
            saved="Action reopened",
            then=url_for("improvement.show_action", action_id=action.id),
        )
        if done:
            return done
    return render_template("improvement/simple_form.html", form=form, title=f"Reopen {action.title}")


@blueprint.route("/improvement/actions/<int:action_id>/evidence/measure", methods=["POST"])
@permission_required(MANAGE)
def link_measure(action_id: int):
    action = get_or_404(dao.get_action, action_id)
    form = MeasureEvidenceForm()
    form.measure_id.choices = measure_choices()
    back = url_for("improvement.show_action", action_id=action.id)
    if form.validate_on_submit():
        return save_or_show(
            None,
            lambda: services.link_measure(action, form.measure_id.data, current_user),
            refused=PlanError,
            saved="Measure linked as evidence",
            then=back,
        )
    flash("Select a measure", "error")
    return redirect(back)


@blueprint.route("/improvement/actions/<int:action_id>/evidence/audit-theme", methods=["GET", "POST"])
@permission_required(MANAGE)
def link_audit_theme(action_id: int):
    action = get_or_404(dao.get_action, action_id)
    themes = services.audit_themes()
    if themes is None:
        abort(404)
    form = AuditThemeEvidenceForm()
    form.theme_id.choices = [(0, "Select an audit theme")] + [
        (theme["id"], f"{theme['name']} ({plural(theme['audits'], 'audit')})") for theme in themes
    ]
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.link_audit_theme(action, form.theme_id.data, current_user),
            refused=PlanError,
            saved="Audit theme linked as evidence",
            then=url_for("improvement.show_action", action_id=action.id),
        )
        if done:
            return done
    return render_template(
        "improvement/simple_form.html", form=form, title=f"Link an audit theme to {action.title}", action=action
    )


@blueprint.route("/improvement/actions/<int:action_id>/evidence/document", methods=["GET", "POST"])
@permission_required(MANAGE)
def upload_document(action_id: int):
    action = get_or_404(dao.get_action, action_id)
    form = DocumentForm()
    if form.validate_on_submit():
        upload = form.document.data
        done = save_or_show(
            form,
            lambda: services.add_document(action, upload.filename, upload.read(), current_user),
            refused=PlanError,
            saved="Document uploaded",
            then=url_for("improvement.show_action", action_id=action.id),
            fallback="document",
        )
        if done:
            return done
    return render_template(
        "improvement/simple_form.html", form=form, title=f"Upload evidence for {action.title}", multipart=True
    )


@blueprint.route("/improvement/evidence/<int:evidence_id>/document")
@permission_required(ImprovementPermission.VIEW_PROVISIONAL)
def download_document(evidence_id: int):
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None or evidence.kind is not EvidenceKind.DOCUMENT:
        abort(404)
    content = services.document_content(evidence)
    if content is None:
        abort(404)
    stem = evidence.filename.rsplit(".", 1)[0] if evidence.filename else "evidence"
    return send_file(
        BytesIO(content),
        mimetype=evidence.content_type,
        as_attachment=True,
        download_name=stem + EXTENSIONS.get(evidence.content_type, ""),
    )
