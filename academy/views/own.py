"""A person's own training: notices, places, completions, feedback to give, and CPD for renewal."""

from flask import flash, redirect, render_template, url_for

from academy import careers, dao
from academy.career_forms import CpdForm
from academy.constants import AcademyPermission, CpdType
from academy.forms import ConfirmForm
from academy.models import Completion
from academy.views import blueprint
from academy.views.access import own_staff_record
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.permissions import permission_required


@blueprint.route("/my-training")
@permission_required(AcademyPermission.OWN_TRAINING)
def my_training():
    staff = own_staff_record()
    if staff is None:
        return render_template("academy/my_training.html", staff=None)
    enrolments = dao.list_open_enrolments_for_staff(staff.id)
    feedback_given = {e.id for e in enrolments if dao.get_feedback_for_enrolment(e.id) is not None}
    completions = list(
        db.session.execute(
            db.select(Completion).where(Completion.staff_id == staff.id).order_by(Completion.completed_on.desc())
        ).scalars()
    )
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
        careers.add_cpd(
            staff,
            CpdType(form.cpd_type.data),
            form.recorded_on.data,
            form.learning.data,
            form.impact.data,
            form.peer_reflection.data,
            form.peer_reflection_notes.data,
        )
        db.session.commit()
        flash("CPD record saved", "success")
        return redirect(url_for("academy.my_training"))
    return render_template("academy/form.html", form=form, title="Record CPD", back=url_for("academy.my_training"))
