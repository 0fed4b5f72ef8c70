"""Recruitment pages: vacancies, the pipeline per vacancy, applications and the recruitment report."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.forms import open_at_version, save_or_show
from workforce.kernel.lists import show_list
from workforce.kernel.permissions import current_scope, permission_required, user_can
from workforce.kernel.roles import Permission
from workforce.people.constants import CensusRole
from workforce.people.dao import list_teams_for_user
from workforce.people.models import Post
from workforce.recruitment import dao, reports, services
from workforce.recruitment.constants import CheckKind, ClosureReason, RecruitmentPermission, StageKind
from workforce.recruitment.forms import (
    AdvertiseForm,
    AnswerOfferForm,
    ApplicationForm,
    CheckForm,
    ConfirmForm,
    ConfirmStartForm,
    MoveApplicationForm,
    OfferForm,
    RaiseVacancyForm,
    ReportFilterForm,
    StageForm,
    WithdrawVacancyForm,
    interview_form_class,
)
from workforce.recruitment.lists import applications_list, vacancies_list
from workforce.recruitment.models import Application, PipelineStage, Vacancy
from workforce.recruitment.services import RecruitmentError

blueprint = Blueprint("recruitment", __name__, template_folder="templates")


VIEW = RecruitmentPermission.VIEW_RECRUITMENT
MANAGE = RecruitmentPermission.MANAGE_RECRUITMENT


@blueprint.route("/recruitment")
@permission_required(VIEW)
def list_vacancies():
    definition = vacancies_list(list_teams_for_user(current_user))
    return show_list(definition, dao.list_vacancies_query(current_scope()), "recruitment/vacancies.html")


@blueprint.route("/recruitment/applications")
@permission_required(VIEW)
def list_applications():
    """Every application in the user's teams, across vacancies."""
    query = current_scope().apply(
        select(Application).join(Vacancy, Vacancy.id == Application.vacancy_id), Vacancy.team_id
    )
    definition = applications_list(list_teams_for_user(current_user))
    return show_list(definition, query, "recruitment/applications.html")


@blueprint.route("/recruitment/vacancies/new", methods=["GET", "POST"])
@permission_required(RecruitmentPermission.RAISE_VACANCY)
def raise_vacancy():
    form = RaiseVacancyForm()
    posts = dao.list_posts_in_scope(current_scope())
    form.post.choices = [(post.id, f"{post.post_number} {post.job_title}, {post.team.name}") for post in posts]
    if form.validate_on_submit():
        post = db.session.get(Post, form.post.data)
        done = save_or_show(
            form,
            lambda: services.raise_vacancy(
                post, float(form.fte.data), current_user, filled_post_reason=form.filled_post_reason.data
            ),
            refused=RecruitmentError,
            saved="Vacancy raised. It now needs approval by a head of service, then HR",
            then=lambda vacancy: url_for("recruitment.show_vacancy", vacancy_id=vacancy.id),
        )
        if done:
            return done
    return render_template("recruitment/raise_vacancy.html", form=form)


@blueprint.route("/recruitment/vacancies/<int:vacancy_id>")
@permission_required(VIEW)
def show_vacancy(vacancy_id: int):
    vacancy = dao.get_vacancy_in_scope_or_404(vacancy_id)
    stages = services.ensure_default_stages()
    db.session.commit()
    columns = [(stage, [app for app in vacancy.applications if app.stage_id == stage.id]) for stage in stages]
    return render_template(
        "recruitment/vacancy.html",
        vacancy=vacancy,
        open_columns=[column for column in columns if not column[0].kind.is_unsuccessful],
        closed_columns=[column for column in columns if column[0].kind.is_unsuccessful],
        approve_form=ConfirmForm(),
        today=clock.today(),
    )


@blueprint.route("/recruitment/vacancies/<int:vacancy_id>/approve-as-head-of-service", methods=["POST"])
@permission_required(RecruitmentPermission.APPROVE_AS_HEAD_OF_SERVICE)
def approve_as_head_of_service(vacancy_id: int):
    vacancy = dao.get_vacancy_in_scope_or_404(vacancy_id)
    back = url_for("recruitment.show_vacancy", vacancy_id=vacancy_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(back)
    return save_or_show(
        None,
        lambda: services.approve_as_head_of_service(vacancy, current_user),
        refused=RecruitmentError,
        saved="Approved as head of service. HR approve next",
        then=back,
    )


@blueprint.route("/recruitment/vacancies/<int:vacancy_id>/approve-as-hr", methods=["POST"])
@permission_required(MANAGE)
def approve_as_hr(vacancy_id: int):
    vacancy = dao.get_vacancy_in_scope_or_404(vacancy_id)
    back = url_for("recruitment.show_vacancy", vacancy_id=vacancy_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(back)
    return save_or_show(
        None,
        lambda: services.approve_as_hr(vacancy, current_user),
        refused=RecruitmentError,
        saved="Vacancy approved",
        then=back,
    )


@blueprint.route("/recruitment/vacancies/<int:vacancy_id>/advertise", methods=["GET", "POST"])
@permission_required(MANAGE)
def advertise_vacancy(vacancy_id: int):
    vacancy = dao.get_vacancy_in_scope_or_404(vacancy_id)
    form = AdvertiseForm(data={"opens_on": vacancy.advert_opens_on, "closes_on": vacancy.advert_closes_on})
    if request.method == "GET":
        open_at_version(form, vacancy)
    if form.validate_on_submit():

        def change():
            vacancy.save_edit(form.version.data)
            services.advertise(vacancy, form.opens_on.data, form.closes_on.data)

        response = save_or_show(
            form,
            change,
            refused=RecruitmentError,
            saved="Advert dates saved",
            then=url_for("recruitment.show_vacancy", vacancy_id=vacancy.id),
            conflict=vacancy,
        )
        if response:
            return response
    return render_template("recruitment/form.html", form=form, vacancy=vacancy, title="Advertise the vacancy")


@blueprint.route("/recruitment/vacancies/<int:vacancy_id>/withdraw", methods=["GET", "POST"])
@permission_required(MANAGE)
def withdraw_vacancy(vacancy_id: int):
    vacancy = dao.get_vacancy_in_scope_or_404(vacancy_id)
    form = WithdrawVacancyForm()
    if request.method == "GET":
        open_at_version(form, vacancy)
    if form.validate_on_submit():

        def change():
            vacancy.save_edit(form.version.data)
            services.withdraw_vacancy(vacancy, form.reason.data)

        response = save_or_show(
            form,
            change,
            refused=RecruitmentError,
            saved="Vacancy withdrawn",
            then=url_for("recruitment.show_vacancy", vacancy_id=vacancy.id),
            conflict=vacancy,
        )
        if response:
            return response
    return render_template("recruitment/form.html", form=form, vacancy=vacancy, title="Withdraw the vacancy")


@blueprint.route("/recruitment/vacancies/<int:vacancy_id>/applications/new", methods=["GET", "POST"])
@permission_required(MANAGE)
def add_application(vacancy_id: int):
    vacancy = dao.get_vacancy_in_scope_or_404(vacancy_id)
    form = ApplicationForm()
    if form.validate_on_submit():

        def add():
            applicant = services.record_applicant(
                first_name=form.first_name.data,
                last_name=form.last_name.data,
                email=form.email.data,
                phone=form.phone.data,
                swe_number=form.swe_number.data,
                qualification_date=form.qualification_date.data,
                consented_on=form.consented_on.data,
            )
            return services.add_application(
                vacancy,
                applicant,
                form.source.data,
                form.start_origin.data,
                form.applied_on.data,
                moved_by=current_user,
            )

        response = save_or_show(
            form,
            add,
            refused=RecruitmentError,
            saved=_applicant_added,
            then=lambda application: url_for("recruitment.show_application", application_id=application.id),
        )
        if response:
            return response
    return render_template("recruitment/form.html", form=form, vacancy=vacancy, title="Add an applicant")


def _applicant_added(application) -> str:
    applicant = application.applicant
    again = len(applicant.applications) > 1
    return f"{applicant.name} added" + (" (they have applied to the council before)" if again else "")


@blueprint.route("/recruitment/applications/<int:application_id>")
@permission_required(VIEW)
def show_application(application_id: int):
    application = dao.get_application_in_scope_or_404(application_id)
    return render_template(
        "recruitment/application.html",
        application=application,
        vacancy=application.vacancy,
        show_contact=dao.may_see_contact_details(current_user, application),
        time_in_stages=services.time_in_stages(application),
        outstanding=services.outstanding_checks(application),
        can_manage=user_can(MANAGE),
    )


@blueprint.route("/recruitment/applications/<int:application_id>/move", methods=["GET", "POST"])
@permission_required(MANAGE)
def move_application(application_id: int):
    application = dao.get_application_in_scope_or_404(application_id)
    form = MoveApplicationForm()
    form.to_stage.choices = [(stage.id, stage.name) for stage in application.stage.moves_to]
    if form.validate_on_submit():
        stage = next(stage for stage in application.stage.moves_to if stage.id == form.to_stage.data)
        reason = ClosureReason(form.reason.data.strip()) if (form.reason.data or "").strip() else None
        done = save_or_show(
            form,
            lambda: services.move_application(application, stage, current_user, reason, form.note.data),
            refused=RecruitmentError,
            saved=f"Moved to {stage.name}",
            then=url_for("recruitment.show_vacancy", vacancy_id=application.vacancy_id),
        )
        if done:
            return done
    return render_template(
        "recruitment/form.html",
        form=form,
        vacancy=application.vacancy,
        application=application,
        title=f"Move {application.applicant.name} on from {application.stage.name}",
    )


@blueprint.route("/recruitment/applications/<int:application_id>/interviews/new", methods=["GET", "POST"])
@permission_required(MANAGE)
def record_interview(application_id: int):
    application = dao.get_application_in_scope_or_404(application_id)
    criteria = list(dao.setting("recruitment.interview_criteria"))
    form = interview_form_class(criteria)()
    candidates = dao.list_panel_candidates()
    form.panel.choices = [(user.id, f"{user.name} ({user.role.label})") for user in candidates]
    if form.validate_on_submit():
        panel = [user for user in candidates if user.id in form.panel.data]
        scores = {criterion: getattr(form, f"score_{index}").data for index, criterion in enumerate(criteria)}
        done = save_or_show(
            form,
            lambda: services.record_interview(application, form.held_on.data, panel, scores),
            refused=RecruitmentError,
            saved="Interview recorded",
            then=url_for("recruitment.show_application", application_id=application.id),
        )
        if done:
            return done
    return render_template(
        "recruitment/form.html",
        form=form,
        vacancy=application.vacancy,
        application=application,
        title=f"Record an interview with {application.applicant.name}",
    )


@blueprint.route("/recruitment/applications/<int:application_id>/offers/new", methods=["GET", "POST"])
@permission_required(MANAGE)
def make_offer(application_id: int):
    application = dao.get_application_in_scope_or_404(application_id)
    form = OfferForm()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.make_offer(application, current_user, form.made_on.data, form.proposed_start_on.data),
            refused=RecruitmentError,
            saved="Offer recorded",
            then=url_for("recruitment.show_application", application_id=application.id),
        )
        if done:
            return done
    return render_template(
        "recruitment/form.html",
        form=form,
        vacancy=application.vacancy,
        application=application,
        title=f"Make an offer to {application.applicant.name}",
    )


@blueprint.route("/recruitment/offers/<int:offer_id>/answer", methods=["GET", "POST"])
@permission_required(MANAGE)
def answer_offer(offer_id: int):
    offer = dao.get_offer_in_scope_or_404(offer_id)
    application = offer.application
    form = AnswerOfferForm()
    if form.validate_on_submit():
        accepted = form.answer.data == "accepted"
        reason = ClosureReason(form.reason.data.strip()) if (form.reason.data or "").strip() else None
        done = save_or_show(
            form,
            lambda: services.answer_offer(offer, accepted, current_user, reason, form.answered_on.data),
            refused=RecruitmentError,
            saved="Offer accepted: pre-employment checks begin" if accepted else "Offer declined",
            then=url_for("recruitment.show_application", application_id=application.id),
        )
        if done:
            return done
    return render_template(
        "recruitment/form.html",
        form=form,
        vacancy=application.vacancy,
        application=application,
        title=f"Record {application.applicant.name}'s answer to the offer",
    )


@blueprint.route("/recruitment/applications/<int:application_id>/checks", methods=["GET", "POST"])
@permission_required(MANAGE)
def record_check(application_id: int):
    application = dao.get_application_in_scope_or_404(application_id)
    form = CheckForm()
    if form.validate_on_submit():
        kind = CheckKind(form.kind.data)

        def record():
            if form.completed_on.data:
                services.record_check(application, kind, form.completed_on.data, current_user)
            elif form.exception_reason.data and form.exception_reason.data.strip():
                services.record_check_exception(application, kind, form.exception_reason.data, current_user)
            else:
                raise RecruitmentError("Enter the date the check was completed, or why it is excepted", "completed_on")

        response = save_or_show(
            form,
            record,
            refused=RecruitmentError,
            saved=f"{kind.label} recorded",
            then=url_for("recruitment.show_application", application_id=application.id),
        )
        if response:
            return response
    return render_template(
        "recruitment/form.html",
        form=form,
        vacancy=application.vacancy,
        application=application,
        title=f"Record a pre-employment check for {application.applicant.name}",
    )


@blueprint.route("/recruitment/applications/<int:application_id>/confirm-start", methods=["GET", "POST"])
@permission_required(MANAGE)
def confirm_start(application_id: int):
    application = dao.get_application_in_scope_or_404(application_id)
    form = ConfirmStartForm()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.confirm_start(application, form.employee_number.data, form.start_date.data, current_user),
            refused=RecruitmentError,
            saved="Start confirmed: the staff record and assignment are made",
            then=url_for("recruitment.show_application", application_id=application.id),
        )
        if done:
            return done
    return render_template(
        "recruitment/form.html",
        form=form,
        vacancy=application.vacancy,
        application=application,
        title=f"Confirm {application.applicant.name}'s start",
    )


@blueprint.route("/recruitment/report")
@permission_required(VIEW)
def recruitment_report():
    form = ReportFilterForm(request.args)
    scope = current_scope()
    teams = dao.list_teams_in_scope(scope)
    form.team.choices = [(0, "All teams you can see")] + [(team.id, team.name) for team in teams]
    filters = {}
    if form.validate():
        if form.team.data:
            filters["team_ids"] = frozenset({form.team.data})
        if form.census_role.data:
            filters["census_role"] = CensusRole(form.census_role.data)
        filters["applied_from"] = form.applied_from.data
        filters["applied_to"] = form.applied_to.data
    report = reports.recruitment_report(scope, **filters)
    return render_template("recruitment/report.html", report=report, form=form)


@blueprint.route("/recruitment/stages")
@permission_required(Permission.MANAGE_SETTINGS)
def list_stages():
    stages = services.ensure_default_stages()
    db.session.commit()
    return render_template("recruitment/stages.html", stages=stages)


@blueprint.route("/recruitment/stages/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_SETTINGS)
def add_stage():
    return _stage_form(None)


@blueprint.route("/recruitment/stages/<int:stage_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_SETTINGS)
def edit_stage(stage_id: int):
    stage = db.session.get(PipelineStage, stage_id) or abort(404)
    return _stage_form(stage)


def _stage_form(stage: PipelineStage | None):
    stages = services.ensure_default_stages()
    form = StageForm(obj=stage) if request.method == "GET" and stage else StageForm()
    form.moves_to.choices = [(other.id, other.name) for other in stages if other is not stage]
    if request.method == "GET":
        form.kind.data = stage.kind.value if stage else StageKind.SCREENING.value
        form.position.data = stage.position if stage else len(stages) + 1
        form.moves_to.data = [target.id for target in stage.moves_to] if stage else []
        if stage:
            open_at_version(form, stage)
    if form.validate_on_submit():
        targets = [other for other in stages if other.id in (form.moves_to.data or [])]

        def save():
            if stage:
                stage.save_edit(form.version.data)
            return services.save_stage(
                stage,
                name=form.name.data,
                kind=StageKind(form.kind.data),
                position=form.position.data,
                moves_to=targets,
            )

        response = save_or_show(
            form,
            save,
            refused=RecruitmentError,
            saved=lambda saved: f"Stage {saved.name} saved",
            then=url_for("recruitment.list_stages"),
            conflict=stage,
        )
        if response:
            return response
    title = f"Change the stage {stage.name}" if stage else "Add a pipeline stage"
    return render_template("recruitment/stage_form.html", form=form, title=title)
