"""Catalogue pages: the academy's programmes and their courses."""

from flask import abort, render_template, url_for
from sqlalchemy import select

from academy import dao, services
from academy.constants import AcademyPermission, DeliveryMode
from academy.forms import CourseForm, ProgrammeForm
from academy.lists import sessions_list
from academy.models import Programme, TrainingSession
from academy.views import blueprint
from workforce.extensions import db
from workforce.kernel import clock, freshness
from workforce.kernel.forms import save_or_show
from workforce.kernel.lists import show_list
from workforce.kernel.permissions import permission_required


@blueprint.route("")
@permission_required(AcademyPermission.VIEW_ACADEMY)
@freshness.kept_page
def index():
    return show_list(
        sessions_list(clock.now()), select(TrainingSession), "academy/index.html", programmes=dao.list_programmes()
    )


@blueprint.route("/programmes/new", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def create_programme():
    form = ProgrammeForm()
    if form.validate_on_submit():
        if any(p.name.lower() == form.name.data.strip().lower() for p in dao.list_programmes()):
            form.name.errors.append("A programme with this name already exists")
        else:
            return save_or_show(
                form,
                lambda: services.create_programme(form.name.data, form.description.data),
                saved=lambda programme: f"{programme.name} created",
                then=lambda programme: url_for("academy.show_programme", programme_id=programme.id),
            )
    return render_template("academy/form.html", form=form, title="Create a programme", back=url_for("academy.index"))


@blueprint.route("/programmes/<int:programme_id>")
@permission_required(AcademyPermission.VIEW_ACADEMY)
def show_programme(programme_id: int):
    programme = db.session.get(Programme, programme_id) or abort(404)
    return render_template("academy/programme.html", programme=programme)


@blueprint.route("/programmes/<int:programme_id>/courses/new", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def create_course(programme_id: int):
    programme = db.session.get(Programme, programme_id) or abort(404)
    form = CourseForm()
    if form.validate_on_submit():
        return save_or_show(
            form,
            lambda: services.create_course(
                programme,
                form.title.data,
                DeliveryMode(form.delivery_mode.data),
                float(form.hours.data),
                form.validity_months.data,
                form.standards.data,
            ),
            saved=lambda course: f"{course.title} added to {programme.name}",
            then=url_for("academy.show_programme", programme_id=programme.id),
        )
    return render_template(
        "academy/form.html",
        form=form,
        title=f"Add a course to {programme.name}",
        back=url_for("academy.show_programme", programme_id=programme.id),
    )
