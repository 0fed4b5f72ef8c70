"""A person's own training: notices, places, completions, feedback to give, and CPD for renewal."""

from flask import abort, flash, redirect, render_template, request, url_for

from academy import careers, dao
from academy.constants import AcademyPermission, CpdType
from academy.forms import ConfirmForm
from academy.forms.careers import CpdForm
from academy.models import CpdRecord
from academy.services import AcademyError
from academy.views import blueprint
from academy.views.access import own_staff_record
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.confirm import Consequence, ask_to_confirm, confirmed
from workforce.kernel.dates import display_date
from workforce.kernel.forms import save_or_show
from workforce.kernel.permissions import permission_required


@blueprint.route("/my-training")
@permission_required(AcademyPermission.OWN_TRAINING)
def my_training():
    staff = own_staff_record()
    if staff is None:
        return render_template("academy/my_training.html", staff=None)
    enrolments = dao.list_open_enrolments_for_staff(staff.id)
    feedback_given = {e.id for e in enrolments if dao.get_feedback_for_enrolment(e.id) is not None}
    completions = dao.list_completions_for_staff(staff.id)
    return render_template(
        "academy/my_training.html",
        staff=staff,
        notices=dao.list_notices(staff.id),
        enrolments=enrolments,
        feedback_given=feedback_given,
        completions=completions,
        readiness=careers.renewal_readiness(staff.id, clock.today()),
        confirm_form=ConfirmForm(),
    )


@blueprint.route("/my-training/cpd/new", methods=["GET", "POST"])
@permission_required(AcademyPermission.OWN_TRAINING)
def record_cpd():
    staff = own_staff_record()
    if staff is None:
        flash("Your account is not linked to a staff record yet; ask HR to link it", "error")
        return redirect(url_for("academy.my_training"))
    form = CpdForm()
    if form.validate_on_submit():
        return save_or_show(
            form,
            lambda: careers.add_cpd(
                staff,
                CpdType(form.cpd_type.data),
                form.recorded_on.data,
                form.learning.data,
                form.impact.data,
                form.peer_reflection.data,
                form.peer_reflection_notes.data,
            ),
            saved="CPD record saved",
            then=url_for("academy.my_training"),
        )
    return render_template("academy/form.html", form=form, title="Record CPD", back=url_for("academy.my_training"))


def _own_cpd_or_404(cpd_id: int) -> CpdRecord:
    staff = own_staff_record()
    record = db.session.get(CpdRecord, cpd_id)
    if staff is None or record is None or record.staff_id != staff.id or record.withdrawn_at is not None:
        abort(404)
    return record


@blueprint.route("/my-training/cpd/<int:cpd_id>/edit", methods=["GET", "POST"])
@permission_required(AcademyPermission.OWN_TRAINING)
def edit_cpd(cpd_id: int):
    record = _own_cpd_or_404(cpd_id)
    form = CpdForm(obj=record) if request.method == "GET" else CpdForm()
    if request.method == "GET":
        form.cpd_type.data = record.cpd_type.value
    form.submit.label.text = "Save changes"
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: careers.correct_cpd(
                record,
                CpdType(form.cpd_type.data),
                form.recorded_on.data,
                form.learning.data,
                form.impact.data,
                form.peer_reflection.data,
                form.peer_reflection_notes.data,
            ),
            refused=AcademyError,
            saved="CPD record corrected",
            then=url_for("academy.my_training"),
        )
        if done:
            return done
    return render_template(
        "academy/form.html", form=form, title="Correct a CPD record", back=url_for("academy.my_training")
    )


@blueprint.route("/my-training/cpd/<int:cpd_id>/withdraw", methods=["GET", "POST"])
@permission_required(AcademyPermission.OWN_TRAINING)
def withdraw_cpd(cpd_id: int):
    record = _own_cpd_or_404(cpd_id)
    if not confirmed():
        return ask_to_confirm(
            "Withdraw this CPD record?",
            caption="Your training",
            consequences=[
                Consequence("Date", f"{display_date(record.recorded_on)}"),
                Consequence("Type", record.cpd_type.label),
                Consequence("What you learnt", record.learning),
                Consequence("Renewal", "It no longer counts towards your Social Work England renewal"),
            ],
            warning="A withdrawn record is kept in the audit trail but cannot be brought back.",
            button="Withdraw the CPD record",
            cancel_url=url_for("academy.my_training"),
            action_url=url_for("academy.withdraw_cpd", cpd_id=record.id),
        )
    return save_or_show(
        None, lambda: careers.withdraw_cpd(record), saved="CPD record withdrawn", then=url_for("academy.my_training")
    )
