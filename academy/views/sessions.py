"""Session pages: creating and cancelling sessions, places and the waitlist, the register, feedback."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from academy import dao, matrix, services
from academy.constants import AcademyPermission, Attendance, EnrolmentStatus
from academy.forms import (
    BulkEnrolForm,
    CancelSessionForm,
    ConfirmForm,
    EnrolForm,
    FeedbackForm,
    ImpactForm,
    SessionForm,
    attendance_form,
)
from academy.models import Course, Enrolment, Feedback, TrainingSession
from academy.views import blueprint
from academy.views.access import covers_staff, get_staff_in_scope_or_404, may_manage_place_of, own_staff_record
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.confirm import CONFIRMED, confirmed
from workforce.kernel.forms import open_at_version, save_or_show
from workforce.kernel.permissions import current_scope, permission_required, user_can
from workforce.kernel.plurals import plural
from workforce.kernel.refusals import Problems, problems_of

#: Feedback is shown to trainers only when at least this many people answered, so no one is identifiable.
FEEDBACK_MINIMUM = 5


def _session_or_404(session_id: int) -> TrainingSession:
    return db.session.get(TrainingSession, session_id) or abort(404)


def _enrolment_or_404(enrolment_id: int) -> Enrolment:
    enrolment = db.session.get(Enrolment, enrolment_id)
    if enrolment is None or not covers_staff(enrolment.staff_member):
        abort(404)
    return enrolment


@blueprint.route("/sessions/new", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def create_session():
    form = SessionForm()
    form.course_id.choices = [(course.id, f"{course.programme.name}: {course.title}") for course in dao.list_courses()]
    if form.validate_on_submit():
        starts_at, ends_at = form.moments()
        response = save_or_show(
            form,
            lambda: services.create_session(
                db.session.get(Course, form.course_id.data),
                starts_at,
                ends_at,
                form.facilitator.data,
                form.capacity.data,
                venue=form.venue.data,
                online=form.online.data,
                requires_approval=form.requires_approval.data,
            ),
            refused=services.AcademyError,
            saved=lambda session: f"Session created: {session}",
            then=lambda session: url_for("academy.show_session", session_id=session.id),
            fields={"ends_at": "end_time"},
        )
        if response:
            return response
    return render_template("academy/form.html", form=form, title="Create a session", back=url_for("academy.index"))


@blueprint.route("/sessions/<int:session_id>")
@permission_required(AcademyPermission.VIEW_ACADEMY)
def show_session(session_id: int):
    session = _session_or_404(session_id)
    visible = [enrolment for enrolment in session.enrolments if covers_staff(enrolment.staff_member)]
    waitlist = sorted(
        (e for e in visible if e.status is EnrolmentStatus.WAITLISTED), key=lambda e: (e.waitlisted_at, e.id)
    )
    enrol_form = None
    if session.cancelled_at is None and (
        user_can(AcademyPermission.MANAGE_ACADEMY) or user_can(AcademyPermission.ENROL_TEAM)
    ):
        enrol_form = EnrolForm()
        enrol_form.staff_id.choices = [
            (staff.id, f"{staff.name} ({staff.employee_number})")
            for staff in dao.list_staff_choices(current_scope(), clock.today())
        ]
    own = own_staff_record()
    own_enrolment = dao.find_enrolment(session.id, own.id) if own is not None else None
    return render_template(
        "academy/session.html",
        session=session,
        places=[e for e in visible if e.status.holds_place],
        waitlist=waitlist,
        closed=[e for e in visible if not e.status.open],
        enrol_form=enrol_form,
        confirm_form=ConfirmForm(),
        own=own,
        own_enrolment=own_enrolment,
    )


@blueprint.route("/sessions/<int:session_id>/enrol", methods=["POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY, AcademyPermission.ENROL_TEAM)
def enrol_person(session_id: int):
    session = _session_or_404(session_id)
    form = EnrolForm()
    form.staff_id.choices = [(s.id, s.name) for s in dao.list_staff_choices(current_scope(), clock.today())]
    if not form.validate_on_submit():
        flash("Select a person in your teams", "error")
        return redirect(url_for("academy.show_session", session_id=session.id))
    staff = get_staff_in_scope_or_404(form.staff_id.data)
    return save_or_show(
        None,
        lambda: services.enrol(session, staff, current_user),
        refused=services.AcademyError,
        saved=lambda enrolment: f"{staff.name}: {enrolment.status.label.lower()}",
        then=url_for("academy.show_session", session_id=session.id),
    )


def _chosen_people(form: BulkEnrolForm, session: TrainingSession):
    """The people the bulk enrolment form chooses, by name, within the signed-in user's teams."""
    scope, today = current_scope(), clock.today()
    if form.by.data == "team":
        return dao.list_people_in_teams(scope, today, form.team_ids.data)
    chosen = form.requirement_id.data
    requirement = next(r for r in dao.list_requirements_for_course(session.course_id) if r.id == chosen)
    return matrix.people_short_of(requirement, scope, today)


@blueprint.route("/sessions/<int:session_id>/enrol-many", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def enrol_many(session_id: int):
    session = _session_or_404(session_id)
    if session.cancelled_at is not None:
        abort(404)
    back = url_for("academy.show_session", session_id=session.id)
    form = BulkEnrolForm()
    form.team_ids.choices = [(team.id, team.name) for team in dao.list_teams_in_scope(current_scope())]
    requirements = dao.list_requirements_for_course(session.course_id)
    form.requirement_id.choices = [(0, "Choose a requirement")] + [(r.id, r.applies_to) for r in requirements]
    if not requirements:
        form.requirement_id.description = f"There are no training requirements for {session.course.title}"
    if form.validate_on_submit():
        people = _chosen_people(form, session)
        if not confirmed():
            try:
                plan = services.plan_enrolments(session, people)
            except services.AcademyError as problem:
                form.by.errors = [*form.by.errors, str(problem)]
            else:
                if plan.changes:
                    carried = [(name, value) for name, value in request.form.items(multi=True) if name != "csrf_token"]
                    return render_template(
                        "academy/enrol_many_confirm.html",
                        session=session,
                        plan=plan,
                        carried=carried,
                        confirmed_name=CONFIRMED,
                        back=back,
                    )
                field = form.team_ids if form.by.data == "team" else form.requirement_id
                field.errors = [
                    *field.errors,
                    "Nobody to enrol: everyone chosen already has a place or is on the waitlist"
                    if plan.already
                    else "Nobody to enrol: there is nobody in post that this choice covers",
                ]
        else:
            response = save_or_show(
                form,
                lambda: services.enrol_many(session, people, current_user),
                refused=services.AcademyError,
                saved=lambda done: (
                    f"{plural(len(done.enrolled), 'person')} enrolled"
                    + (f"; {plural(len(done.waitlisted), 'person')} on the waitlist" if done.waitlisted else "")
                ),
                then=back,
            )
            if response is not None:
                return response
    return render_template("academy/form.html", form=form, title=f"Enrol people on {session}", back=back)


@blueprint.route("/sessions/<int:session_id>/book", methods=["POST"])
@permission_required(AcademyPermission.OWN_TRAINING)
def book_place(session_id: int):
    session = _session_or_404(session_id)
    staff = own_staff_record()
    if staff is None:
        abort(404)
    back = url_for("academy.show_session", session_id=session.id)
    if not ConfirmForm().validate_on_submit():
        return redirect(back)
    return save_or_show(
        None,
        lambda: services.enrol(session, staff, current_user, self_booked=True),
        refused=services.AcademyError,
        saved=lambda enrolment: _BOOKED[enrolment.status],
        then=back,
    )


#: What a person is told after booking their own place, by where the booking left them.
_BOOKED = {
    EnrolmentStatus.ENROLLED: "You have a place on this session",
    EnrolmentStatus.AWAITING_APPROVAL: "Your place is waiting for your manager's approval",
    EnrolmentStatus.WAITLISTED: "The session is full: you are on the waitlist",
}


@blueprint.route("/enrolments/<int:enrolment_id>/cancel", methods=["POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY, AcademyPermission.ENROL_TEAM, AcademyPermission.OWN_TRAINING)
def cancel_place(enrolment_id: int):
    enrolment = _enrolment_or_404(enrolment_id)
    if not may_manage_place_of(enrolment.staff_member):
        abort(403)
    back = url_for("academy.show_session", session_id=enrolment.session_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(back)
    return save_or_show(
        None, lambda: services.cancel_enrolment(enrolment), refused=services.AcademyError, saved=_cancelled, then=back
    )


def _cancelled(promoted: Enrolment | None) -> str:
    # Whoever moved up is named only to someone whose teams cover them.
    message = "Place cancelled"
    if promoted is not None and covers_staff(promoted.staff_member):
        message += f"; {promoted.staff_member.name} moved from the waitlist into the place"
    elif promoted is not None:
        message += "; the next person on the waitlist has the place"
    return message


@blueprint.route("/enrolments/<int:enrolment_id>/approve", methods=["POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY, AcademyPermission.ENROL_TEAM)
def approve_place(enrolment_id: int):
    return _decide(enrolment_id, True)


@blueprint.route("/enrolments/<int:enrolment_id>/refuse", methods=["POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY, AcademyPermission.ENROL_TEAM)
def refuse_place(enrolment_id: int):
    return _decide(enrolment_id, False)


def _decide(enrolment_id: int, approve: bool):
    enrolment = _enrolment_or_404(enrolment_id)
    if enrolment.staff_member.user_id == current_user.id and not user_can(AcademyPermission.MANAGE_ACADEMY):
        abort(403)
    back = url_for("academy.show_session", session_id=enrolment.session_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(back)
    return save_or_show(
        None,
        lambda: services.approve_enrolment(enrolment, approve),
        refused=services.AcademyError,
        saved=f"Place {'approved' if approve else 'refused'} for {enrolment.staff_member.name}",
        then=back,
    )


@blueprint.route("/sessions/<int:session_id>/cancel", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def cancel_session(session_id: int):
    session = _session_or_404(session_id)
    if session.cancelled_at is not None:
        abort(404)
    form = CancelSessionForm()
    if request.method == "GET":
        open_at_version(form, session)
    if form.validate_on_submit():

        def cancel():
            session.save_edit(form.version.data)
            return services.cancel_session(session, form.reason.data)

        response = save_or_show(
            form,
            cancel,
            saved=lambda told: (
                f"Session cancelled; {told} {'person' if told == 1 else 'people'} told in their accounts"
            ),
            then=url_for("academy.show_session", session_id=session.id),
            conflict=session,
        )
        if response:
            return response
    back = url_for("academy.show_session", session_id=session.id)
    return render_template("academy/form.html", form=form, title=f"Cancel {session}", back=back)


@blueprint.route("/sessions/<int:session_id>/register", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def take_register(session_id: int):
    session = _session_or_404(session_id)
    enrolments = [e for e in session.enrolments if e.status is EnrolmentStatus.ENROLLED]
    form_class = attendance_form(enrolments)
    if not form_class().is_submitted():
        data = {}
        for e in enrolments:
            data.update(
                {
                    f"status_{e.id}": e.attendance.value if e.attendance else "",
                    f"hours_{e.id}": e.hours,
                    f"remarks_{e.id}": e.attendance_remarks,
                }
            )
        form = form_class(data=data)
        open_at_version(form, session)
    else:
        form = form_class()
    if form.validate_on_submit():

        def record():
            session.save_edit(form.version.data)
            # Every row is checked before anything is kept, so the summary lists each problem at once.
            problems = Problems()
            for enrolment in enrolments:
                status = form[f"status_{enrolment.id}"].data
                if not status:
                    continue
                hours = form[f"hours_{enrolment.id}"].data
                try:
                    services.record_attendance(
                        enrolment,
                        Attendance(status),
                        float(hours) if hours is not None else None,
                        form[f"remarks_{enrolment.id}"].data,
                    )
                except services.AcademyError as problem:
                    for field, message in problems_of(problem):
                        problems.add(message, field)
            problems.raise_as(services.AcademyError)

        response = save_or_show(
            form,
            record,
            refused=services.AcademyError,
            saved="Register saved",
            then=url_for("academy.show_session", session_id=session.id),
            conflict=session,
            conflict_field=next((name for name in form._fields if name.startswith("status_")), None),
        )
        if response:
            return response
    return render_template("academy/register.html", form=form, session=session, enrolments=enrolments)


@blueprint.route("/sessions/<int:session_id>/feedback")
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def session_feedback(session_id: int):
    session = _session_or_404(session_id)
    summary = dao.feedback_summary([session.id])
    return render_template("academy/feedback_summary.html", session=session, summary=summary, minimum=FEEDBACK_MINIMUM)


def _own_enrolment_or_404(enrolment_id: int) -> Enrolment:
    enrolment = db.session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.staff_member.user_id != current_user.id:
        abort(404)
    return enrolment


@blueprint.route("/enrolments/<int:enrolment_id>/feedback", methods=["GET", "POST"])
@permission_required(AcademyPermission.OWN_TRAINING)
def give_feedback(enrolment_id: int):
    enrolment = _own_enrolment_or_404(enrolment_id)
    form = FeedbackForm()
    if form.validate_on_submit():
        return save_or_show(
            None,
            lambda: services.give_feedback(
                enrolment,
                int(form.confidence_before.data),
                int(form.confidence_after.data),
                int(form.satisfaction.data),
                form.comments.data,
            ),
            refused=services.AcademyError,
            saved="Thank you: your feedback is shared with trainers only in totals, without your name",
            then=url_for("academy.my_training"),
        )
    return render_template(
        "academy/form.html", form=form, title=f"Feedback on {enrolment.session}", back=url_for("academy.my_training")
    )


@blueprint.route("/enrolments/<int:enrolment_id>/impact", methods=["GET", "POST"])
@permission_required(AcademyPermission.OWN_TRAINING)
def give_impact(enrolment_id: int):
    enrolment = _own_enrolment_or_404(enrolment_id)
    feedback: Feedback | None = dao.get_feedback_for_enrolment(enrolment.id)
    if feedback is None:
        abort(404)
    form = ImpactForm()
    if form.validate_on_submit():
        return save_or_show(
            form,
            lambda: services.give_impact(feedback, form.impact.data),
            saved="Thank you: your answer is shared with trainers only in totals, without your name",
            then=url_for("academy.my_training"),
        )
    return render_template(
        "academy/form.html", form=form, title=f"The impact of {enrolment.session}", back=url_for("academy.my_training")
    )
