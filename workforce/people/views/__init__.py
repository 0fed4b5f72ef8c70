"""Staff pages: the list, a person's record and timeline, add, edit, leaver, absence and registration forms."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from workforce.extensions import db
from workforce.kernel import clock, freshness
from workforce.kernel.confirm import Consequence
from workforce.kernel.dates import display_date
from workforce.kernel.forms import open_at_version, save_or_show
from workforce.kernel.lists import show_list
from workforce.kernel.permissions import permission_required, user_can
from workforce.kernel.withdrawal import WithdrawalForm, withdraw_when_confirmed
from workforce.people import dao, services, timeline
from workforce.people.constants import (
    AbsenceReason,
    LeaverDestination,
    PeoplePermission,
    ReasonForLeaving,
    RegistrationStatus,
    StartOrigin,
)
from workforce.people.forms import (
    AbsenceForm,
    LeaverForm,
    MoveForm,
    NewStaffForm,
    RegistrationCheckForm,
    StaffForm,
)
from workforce.people.lists import staff_list
from workforce.people.models import Absence, Post, StaffMember

blueprint = Blueprint("people", __name__, template_folder="../templates")


def get_visible_staff_or_404(staff_id: int) -> StaffMember:
    """One staff record the signed-in user may see; 404 for others, as if it did not exist."""
    staff_member = dao.get_staff_member(staff_id)
    if staff_member is None or not dao.can_see_staff_member(current_user, staff_member):
        abort(404)
    return staff_member


def _can_see_protected() -> bool:
    return user_can(PeoplePermission.VIEW_PROTECTED_CHARACTERISTICS)


@blueprint.route("/staff")
@permission_required(PeoplePermission.VIEW_STAFF)
@freshness.kept_page
def list_staff():
    definition = staff_list(dao.list_teams_for_user(current_user))
    return show_list(definition, dao.visible_staff_query(current_user), "people/list.html")


@blueprint.route("/staff/<int:staff_id>")
@permission_required(PeoplePermission.VIEW_STAFF)
def show_staff(staff_id: int):
    staff_member = get_visible_staff_or_404(staff_id)
    return render_template(
        "people/show.html",
        person=staff_member,
        current=dao.current_assignments(staff_member),
        absences=dao.list_absences(staff_member),
        events=timeline.timeline_of(staff_member, include_changes=user_can(PeoplePermission.MANAGE_STAFF)),
        show_protected=_can_see_protected(),
        today=clock.today(),
        working_days_lost=services.working_days_lost,
    )


def _line_manager_choices(form: StaffForm, exclude: StaffMember | None = None) -> None:
    form.line_manager.choices = [("", "None")] + [
        (str(person.id), f"{person} ({person.employee_number})")
        for person in dao.list_line_manager_choices()
        if person is not exclude
    ]


def _selected_line_manager(form: StaffForm) -> StaffMember | None:
    return dao.get_staff_member(int(form.line_manager.data)) if form.line_manager.data else None


@blueprint.route("/staff/new", methods=["GET", "POST"])
@permission_required(PeoplePermission.MANAGE_STAFF)
def create_staff():
    form = NewStaffForm()
    _line_manager_choices(form)
    form.post.choices = [("", "Select the post")] + [
        (str(post.id), f"{post.post_number} {post.job_title}, {post.team.name}")
        for post in dao.list_posts()
        if post.funded_on(clock.today())
    ]
    if form.validate_on_submit():

        def add():
            person = services.create_staff_member(**form.staff_values(_can_see_protected()))
            services.set_line_manager(person, _selected_line_manager(form))
            services.start_assignment(
                person,
                post=db.session.get(Post, int(form.post.data)),
                start_date=form.start_date.data,
                start_origin=StartOrigin(int(form.start_origin.data)),
            )
            return person

        done = save_or_show(
            form,
            add,
            refused=services.StaffError,
            saved=lambda person: f"{person} added",
            then=lambda person: url_for("people.show_staff", staff_id=person.id),
            fallback="employee_number",
        )
        if done:
            return done
    return render_template("people/form.html", form=form, title="Add a member of staff", person=None)


@blueprint.route("/staff/<int:staff_id>/edit", methods=["GET", "POST"])
@permission_required(PeoplePermission.MANAGE_STAFF)
def edit_staff(staff_id: int):
    person = get_visible_staff_or_404(staff_id)
    form = StaffForm(obj=person) if request.method == "GET" else StaffForm()
    _line_manager_choices(form, exclude=person)
    if request.method == "GET":
        for name in ("sex", "ethnicity", "qualification_level", "employment_type"):
            value = getattr(person, name)
            getattr(form, name).data = "" if value is None else str(value.value)
        form.line_manager.data = str(person.line_manager_id) if person.line_manager_id else ""
        open_at_version(form, person)
    if form.validate_on_submit():

        def update():
            person.save_edit(form.version.data)
            services.update_staff_member(person, **form.staff_values(_can_see_protected()))
            services.set_line_manager(person, _selected_line_manager(form))

        done = save_or_show(
            form,
            update,
            refused=services.StaffError,
            saved="Staff record updated",
            then=url_for("people.show_staff", staff_id=person.id),
            fallback="employee_number",
            conflict=person,
        )
        if done:
            return done
    return render_template("people/form.html", form=form, title=f"Change {person}", person=person)


@blueprint.route("/staff/<int:staff_id>/leaver", methods=["GET", "POST"])
@permission_required(PeoplePermission.MANAGE_STAFF)
def record_leaver(staff_id: int):
    person = get_visible_staff_or_404(staff_id)
    form = LeaverForm()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.record_leaver(
                person,
                last_day=form.last_day.data,
                reason=ReasonForLeaving(int(form.reason_for_leaving.data)),
                destination=LeaverDestination(int(form.leaver_destination.data)),
            ),
            refused=services.StaffError,
            saved=f"{person} recorded as a leaver",
            then=url_for("people.show_staff", staff_id=person.id),
            fallback="last_day",
        )
        if done:
            return done
    return render_template("people/leaver.html", form=form, person=person)


@blueprint.route("/staff/<int:staff_id>/absences/new", methods=["GET", "POST"])
@permission_required(PeoplePermission.MANAGE_STAFF)
def record_absence(staff_id: int):
    person = get_visible_staff_or_404(staff_id)
    form = AbsenceForm()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.record_absence(
                person,
                reason=AbsenceReason(form.reason.data),
                start_date=form.start_date.data,
                end_date=form.end_date.data,
            ),
            refused=services.StaffError,
            saved="Absence recorded",
            then=url_for("people.show_staff", staff_id=person.id),
            fallback="start_date",
        )
        if done:
            return done
    return render_template("people/absence.html", form=form, person=person)


@blueprint.route("/staff/absences/<int:absence_id>/edit", methods=["GET", "POST"])
@permission_required(PeoplePermission.MANAGE_STAFF)
def correct_absence(absence_id: int):
    absence = db.session.get(Absence, absence_id) or abort(404)
    person = get_visible_staff_or_404(absence.staff_id)
    form = AbsenceForm(obj=absence) if request.method == "GET" else AbsenceForm()
    if request.method == "GET":
        form.reason.data = absence.reason.value
    form.submit.label.text = "Save changes"
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.correct_absence(
                absence,
                reason=AbsenceReason(form.reason.data),
                start_date=form.start_date.data,
                end_date=form.end_date.data,
            ),
            refused=services.StaffError,
            saved="Absence corrected",
            then=url_for("people.show_staff", staff_id=person.id),
            fallback="start_date",
        )
        if done:
            return done
    return render_template("people/absence.html", form=form, person=person, correcting=True)


@blueprint.route("/staff/absences/<int:absence_id>/withdraw", methods=["GET", "POST"])
@permission_required(PeoplePermission.MANAGE_STAFF)
def withdraw_absence(absence_id: int):
    absence = db.session.get(Absence, absence_id) or abort(404)
    person = get_visible_staff_or_404(absence.staff_id)
    if absence.withdrawn:
        abort(404)
    back = url_for("people.show_staff", staff_id=person.id)
    form = WithdrawalForm()
    if form.validate_on_submit():
        response = withdraw_when_confirmed(
            form,
            title=f"Withdraw this absence of {person.name}?",
            caption="Staff",
            record=[
                Consequence("Absence", absence.reason.label),
                Consequence("From", display_date(absence.start_date)),
                Consequence("To", display_date(absence.end_date) if absence.end_date else "Continuing"),
            ],
            effect=Consequence("Measures", "No longer counted in sickness measures, the census or who is absent"),
            warning="A withdrawn absence is kept, marked withdrawn, and cannot be brought back.",
            button="Withdraw the absence",
            back=back,
            withdraw=lambda: services.withdraw_absence(absence, form.reason.data),
            refused=services.StaffError,
            saved="Absence withdrawn",
        )
        if response is not None:
            return response
    return render_template("people/withdraw_absence.html", form=form, person=person, absence=absence)


@blueprint.route("/staff/<int:staff_id>/registration", methods=["GET", "POST"])
@permission_required(PeoplePermission.MANAGE_STAFF)
def check_registration(staff_id: int):
    person = get_visible_staff_or_404(staff_id)
    form = RegistrationCheckForm()
    if request.method == "GET":
        form.status.data = person.registration_status.value if person.registration_status else None
        form.registered_until.data = person.registered_until
        form.checked_on.data = clock.today()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.record_registration_check(
                person,
                RegistrationStatus(form.status.data),
                form.registered_until.data,
                form.checked_on.data,
                current_user,
            ),
            refused=services.StaffError,
            saved="Registration check saved",
            then=url_for("people.show_staff", staff_id=person.id),
            fallback="checked_on",
        )
        if done:
            return done
    return render_template("people/registration_check.html", form=form, person=person)


@blueprint.route("/staff/<int:staff_id>/move", methods=["GET", "POST"])
@permission_required(PeoplePermission.MANAGE_STAFF)
def move_staff(staff_id: int):
    person = get_visible_staff_or_404(staff_id)
    form = MoveForm()
    form.post.choices = [("", "Select the post")] + [
        (str(post.id), f"{post.post_number} {post.job_title}, {post.team.name}")
        for post in dao.list_posts()
        if post.funded_on(clock.today())
    ]
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.move_to_post(person, db.session.get(Post, int(form.post.data)), form.start_date.data),
            refused=services.StaffError,
            saved=f"{person} moved",
            then=url_for("people.show_staff", staff_id=person.id),
            fallback="start_date",
        )
        if done:
            return done
    return render_template("people/move.html", form=form, person=person)
