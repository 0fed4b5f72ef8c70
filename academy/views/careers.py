"""Early-career records and the cohort view, practice educators and student placements."""

from collections import defaultdict

from flask import abort, render_template, request, url_for

from academy import careers, dao
from academy.constants import (
    AcademyPermission,
    EarlyCareerOutcome,
    EarlyCareerProgramme,
    EducatorStage,
    FinalRecommendation,
    PlacementOutcome,
    ReviewOutcome,
)
from academy.forms.careers import (
    EarlyCareerForm,
    OutcomeForm,
    PauseForm,
    PlacementForm,
    PracticeEducatorForm,
    ReviewCorrectionForm,
    ReviewForm,
)
from academy.models import EarlyCareerRecord, EarlyCareerReview, PracticeEducator
from academy.services import AcademyError
from academy.views import blueprint
from academy.views.access import covers_staff, get_staff_in_scope_or_404
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.confirm import Consequence
from workforce.kernel.dates import display_date
from workforce.kernel.forms import save_or_show
from workforce.kernel.permissions import current_scope, permission_required
from workforce.kernel.withdrawal import WithdrawalForm, withdraw_when_confirmed
from workforce.people.models import StaffMember


def _record_or_404(record_id: int) -> EarlyCareerRecord:
    record = db.session.get(EarlyCareerRecord, record_id)
    if record is None or not covers_staff(record.staff_member):
        abort(404)
    return record


@blueprint.route("/early-career")
@permission_required(AcademyPermission.VIEW_EARLY_CAREER)
def early_career_cohorts():
    today = clock.today()
    cohorts = defaultdict(list)
    for record in dao.list_early_career_in_scope(current_scope(), today):
        schedule = careers.review_schedule(record)
        overdue = [r for r in schedule if r.held_on is None and r.due_on < today and record.outcome is None]
        upcoming = next((r for r in schedule if r.held_on is None and r.due_on >= today), None)
        cohorts[record.start_date.year].append(
            {"record": record, "overdue": overdue, "next": upcoming, "deadline": careers.deadline(record)}
        )
    return render_template("academy/early_career.html", cohorts=sorted(cohorts.items(), reverse=True), today=today)


def _staff_choices(form_field, optional: bool = False) -> None:
    people = dao.list_staff_choices(current_scope(), clock.today())
    choices = [(staff.id, f"{staff.name} ({staff.employee_number})") for staff in people]
    form_field.choices = ([(0, "Not yet known")] if optional else []) + choices


@blueprint.route("/early-career/new", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def create_early_career_record():
    form = EarlyCareerForm()
    _staff_choices(form.staff_id)
    _staff_choices(form.assessor_id, optional=True)
    _staff_choices(form.supervisor_id, optional=True)
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: careers.start_early_career(
                get_staff_in_scope_or_404(form.staff_id.data),
                form.start_date.data,
                EarlyCareerProgramme(form.programme.data) if form.programme.data else None,
                db.session.get(StaffMember, form.assessor_id.data) if form.assessor_id.data else None,
                db.session.get(StaffMember, form.supervisor_id.data) if form.supervisor_id.data else None,
                form.learning_agreement_on.data,
                form.protected_time_percent.data,
            ),
            refused=AcademyError,
            saved=lambda record: f"Early-career record started for {record.staff_member.name}",
            then=lambda record: url_for("academy.show_early_career_record", record_id=record.id),
            fallback="submit",
        )
        if done:
            return done
    return render_template(
        "academy/form.html",
        form=form,
        title="Start an early-career record",
        back=url_for("academy.early_career_cohorts"),
    )


@blueprint.route("/early-career/<int:record_id>")
@permission_required(AcademyPermission.VIEW_EARLY_CAREER)
def show_early_career_record(record_id: int):
    record = _record_or_404(record_id)
    return render_template(
        "academy/early_career_record.html",
        record=record,
        schedule=careers.review_schedule(record),
        deadline=careers.deadline(record),
        today=clock.today(),
    )


@blueprint.route("/early-career/<int:record_id>/pauses/new", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def add_pause(record_id: int):
    record = _record_or_404(record_id)
    form = PauseForm()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: careers.add_pause(record, form.start_date.data, form.end_date.data, form.reason.data),
            refused=AcademyError,
            saved="Pause added; the reviews due after it have moved",
            then=url_for("academy.show_early_career_record", record_id=record.id),
            fallback="submit",
        )
        if done:
            return done
    back = url_for("academy.show_early_career_record", record_id=record.id)
    return render_template("academy/form.html", form=form, title="Add a pause", back=back)


@blueprint.route("/early-career/<int:record_id>/reviews/new", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def record_review(record_id: int):
    record = _record_or_404(record_id)
    form = ReviewForm()
    form.month.choices = [(r.month, f"{r.month}-month review") for r in record.reviews if r.held_on is None]
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: careers.record_review(
                record, form.month.data, form.held_on.data, ReviewOutcome(form.outcome.data), form.notes.data
            ),
            refused=AcademyError,
            saved="Review recorded",
            then=url_for("academy.show_early_career_record", record_id=record.id),
            fallback="submit",
        )
        if done:
            return done
    back = url_for("academy.show_early_career_record", record_id=record.id)
    return render_template("academy/form.html", form=form, title="Record a review", back=back)


def _held_review_or_404(review_id: int) -> EarlyCareerReview:
    review = db.session.get(EarlyCareerReview, review_id)
    if review is None or review.held_on is None:
        abort(404)
    _record_or_404(review.record_id)
    return review


@blueprint.route("/early-career/reviews/<int:review_id>/edit", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def correct_review(review_id: int):
    review = _held_review_or_404(review_id)
    back = url_for("academy.show_early_career_record", record_id=review.record_id)
    form = ReviewCorrectionForm(obj=review) if request.method == "GET" else ReviewCorrectionForm()
    if request.method == "GET":
        form.outcome.data = review.outcome.value if review.outcome else None
    if form.validate_on_submit():
        response = save_or_show(
            form,
            lambda: careers.correct_review(
                review, form.held_on.data, ReviewOutcome(form.outcome.data), form.notes.data
            ),
            refused=AcademyError,
            saved="Review corrected",
            then=back,
        )
        if response is not None:
            return response
    return render_template("academy/form.html", form=form, title=f"Correct the {review.month}-month review", back=back)


@blueprint.route("/early-career/reviews/<int:review_id>/withdraw", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def withdraw_review(review_id: int):
    review = _held_review_or_404(review_id)
    back = url_for("academy.show_early_career_record", record_id=review.record_id)
    form = WithdrawalForm()
    if form.validate_on_submit():
        response = withdraw_when_confirmed(
            form,
            title=f"Withdraw the {review.month}-month review?",
            caption=str(review.record.staff_member.name),
            record=[
                Consequence("Held", display_date(review.held_on)),
                Consequence("Outcome", review.outcome.label if review.outcome else ""),
            ],
            effect=Consequence("The review point", "Due again, and counted as not held until it is recorded"),
            warning="The date, outcome and notes are kept only in the audit trail.",
            button="Withdraw the review",
            back=back,
            withdraw=lambda: careers.withdraw_review(review, form.reason.data),
            refused=AcademyError,
            saved="Review withdrawn",
        )
        if response is not None:
            return response
    return render_template("academy/form.html", form=form, title=f"Withdraw the {review.month}-month review", back=back)


@blueprint.route("/early-career/<int:record_id>/outcome", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def record_outcome(record_id: int):
    record = _record_or_404(record_id)
    form = OutcomeForm(obj=record) if not OutcomeForm().is_submitted() else OutcomeForm()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: careers.record_outcome(
                record,
                FinalRecommendation(form.final_recommendation.data) if form.final_recommendation.data else None,
                form.recommendation_on.data,
                EarlyCareerOutcome(form.outcome.data) if form.outcome.data else None,
                form.outcome_on.data,
            ),
            refused=AcademyError,
            saved="Recommendation and outcome saved",
            then=url_for("academy.show_early_career_record", record_id=record.id),
            fallback="submit",
        )
        if done:
            return done
    back = url_for("academy.show_early_career_record", record_id=record.id)
    return render_template("academy/form.html", form=form, title="Final recommendation and outcome", back=back)


@blueprint.route("/practice-educators")
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def list_practice_educators():
    return render_template(
        "academy/practice_educators.html", educators=dao.list_practice_educators(), placements=dao.list_placements()
    )


@blueprint.route("/practice-educators/new", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def create_practice_educator():
    form = PracticeEducatorForm()
    taken = {educator.staff_id for educator in dao.list_practice_educators()}
    _staff_choices(form.staff_id)
    form.staff_id.choices = [choice for choice in form.staff_id.choices if choice[0] not in taken]
    if form.validate_on_submit():
        staff = get_staff_in_scope_or_404(form.staff_id.data)
        return save_or_show(
            form,
            lambda: careers.add_practice_educator(staff, EducatorStage(form.stage.data), form.qualified_on.data),
            saved=lambda educator: f"{educator} added",
            then=url_for("academy.list_practice_educators"),
        )
    back = url_for("academy.list_practice_educators")
    return render_template("academy/form.html", form=form, title="Add a practice educator", back=back)


@blueprint.route("/placements/new", methods=["GET", "POST"])
@permission_required(AcademyPermission.MANAGE_ACADEMY)
def create_placement():
    form = PlacementForm()
    form.educator_id.choices = [(educator.id, str(educator)) for educator in dao.list_practice_educators()]
    if form.validate_on_submit():
        educator = db.session.get(PracticeEducator, form.educator_id.data) or abort(404)
        done = save_or_show(
            form,
            lambda: careers.add_placement(
                educator,
                form.student_name.data,
                form.university.data,
                form.start_date.data,
                form.end_date.data,
                form.days.data,
                team_id=None,
                outcome=PlacementOutcome(form.outcome.data) if form.outcome.data else None,
            ),
            refused=AcademyError,
            saved=lambda placement: f"Placement of {placement.student_name} saved",
            then=url_for("academy.list_practice_educators"),
            fallback="submit",
        )
        if done:
            return done
    back = url_for("academy.list_practice_educators")
    return render_template("academy/form.html", form=form, title="Add a student placement", back=back)
