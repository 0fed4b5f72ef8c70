"""Edit pages for the plan, its strands, actions and plan measures, with optimistic locking: a save from a
form opened before someone else's save is refused, and the form comes back with what was typed."""

from __future__ import annotations

from flask import render_template, request, url_for

from workforce.extensions import db
from workforce.improvement import dao, services
from workforce.improvement.constants import ImprovementPermission
from workforce.improvement.forms import EditActionForm, EditPlanForm, EditPlanMeasureForm, EditStrandForm
from workforce.improvement.services import PlanError
from workforce.improvement.views import blueprint, get_or_404, owner_choices
from workforce.kernel.contract import registry
from workforce.kernel.forms import save_or_show
from workforce.kernel.measures import Polarity
from workforce.kernel.models import User
from workforce.kernel.permissions import permission_required

MANAGE = ImprovementPermission.MANAGE_PLAN


@blueprint.route("/improvement/plans/<int:plan_id>/edit", methods=["GET", "POST"])
@permission_required(MANAGE)
def edit_plan(plan_id: int):
    plan = get_or_404(dao.get_plan, plan_id)
    form = EditPlanForm(obj=plan) if request.method == "GET" else EditPlanForm()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.update_plan(plan, form.title.data, form.version.data),
            saved="Changes to the plan saved",
            then=url_for("improvement.show_plan", plan_id=plan.id),
            conflict=plan,
            conflict_field="title",
        )
        if done:
            return done
    return render_template("improvement/simple_form.html", form=form, title=f"Change {plan.title}")


@blueprint.route("/improvement/strands/<int:strand_id>/edit", methods=["GET", "POST"])
@permission_required(MANAGE)
def edit_strand(strand_id: int):
    strand = get_or_404(dao.get_strand, strand_id)
    form = EditStrandForm(obj=strand) if request.method == "GET" else EditStrandForm()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.update_strand(strand, form.title.data, form.version.data),
            saved="Changes to the strand saved",
            then=url_for("improvement.show_strand", strand_id=strand.id),
            conflict=strand,
            conflict_field="title",
        )
        if done:
            return done
    return render_template("improvement/simple_form.html", form=form, title=f"Change {strand.title}")


@blueprint.route("/improvement/actions/<int:action_id>/edit", methods=["GET", "POST"])
@permission_required(MANAGE)
def edit_action(action_id: int):
    action = get_or_404(dao.get_action, action_id)
    form = EditActionForm(obj=action) if request.method == "GET" else EditActionForm()
    owner_choices(form)
    if request.method == "GET":
        form.owner.data = action.owner_id
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.update_action(
                action,
                form.title.data,
                form.description.data,
                db.session.get(User, form.owner.data),
                form.due_date.data,
                form.version.data,
            ),
            refused=PlanError,
            saved="Changes to the action saved",
            then=url_for("improvement.show_action", action_id=action.id),
            conflict=action,
            conflict_field="title",
        )
        if done:
            return done
    return render_template("improvement/simple_form.html", form=form, title=f"Change {action.title}")


def _trajectory_text(trajectory: dict) -> str:
    return "\n".join(f"{month} {value:g}" for month, value in sorted((trajectory or {}).items()))


def _comparators_text(comparators: dict) -> str:
    return "\n".join(f"{name}: {value:g}" for name, value in (comparators or {}).items())


@blueprint.route("/improvement/plan-measures/<int:plan_measure_id>/edit", methods=["GET", "POST"])
@permission_required(MANAGE)
def edit_plan_measure(plan_measure_id: int):
    plan_measure = get_or_404(dao.get_plan_measure, plan_measure_id)
    form = EditPlanMeasureForm(obj=plan_measure) if request.method == "GET" else EditPlanMeasureForm()
    if request.method == "GET":
        form.polarity.data = plan_measure.polarity.value
        form.trajectory.data = _trajectory_text(plan_measure.trajectory)
        form.comparators.data = _comparators_text(plan_measure.comparators)
    if form.validate_on_submit():
        tolerance = form.tolerance_percent.data
        done = save_or_show(
            form,
            lambda: services.update_plan_measure(
                plan_measure,
                baseline_value=float(form.baseline_value.data),
                baseline_date=form.baseline_date.data,
                target_value=float(form.target_value.data),
                target_date=form.target_date.data,
                tolerance_percent=(
                    float(services.setting("improvement_default_tolerance_percent"))
                    if tolerance is None
                    else float(tolerance)
                ),
                polarity=Polarity(form.polarity.data),
                trajectory=getattr(form.trajectory, "parsed", {}),
                comparators=getattr(form.comparators, "parsed", {}),
                opened_at_version=form.version.data,
            ),
            refused=PlanError,
            saved="Changes to the measure saved",
            then=url_for("improvement.show_measure", plan_measure_id=plan_measure.id),
            conflict=plan_measure,
            conflict_field="baseline_value",
        )
        if done:
            return done
    measures = registry().measures
    title = measures.get(plan_measure.measure_id).title if plan_measure.measure_id in measures else plan_measure
    return render_template("improvement/simple_form.html", form=form, title=f"Change {title} in {plan_measure.strand}")
