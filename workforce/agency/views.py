"""Agency pages: engagements, one engagement with its rules, the compliance page and the price caps."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from workforce.agency import dao, services
from workforce.agency.compliance import check_engagement
from workforce.agency.constants import AgencyJobType, AgencyPermission, ProviderType, Region, Rule
from workforce.agency.exports import Quarter, build_agency_return
from workforce.agency.forms import EndEngagementForm, EngagementForm, PriceCapForm, ReturnForm, SignOffForm
from workforce.agency.lists import engagements_list
from workforce.agency.services import AgencyError
from workforce.extensions import db
from workforce.kernel import clock, freshness
from workforce.kernel.forms import open_at_version, save_or_show
from workforce.kernel.lists import show_list
from workforce.kernel.permissions import current_scope, permission_required
from workforce.kernel.spreadsheets import send_workbook
from workforce.people.dao import list_teams_for_user
from workforce.people.models import Post
from workforce.recruitment.services import RecruitmentError, normalise_swe_number

blueprint = Blueprint("agency", __name__, template_folder="templates")

VIEW = AgencyPermission.VIEW_AGENCY
MANAGE = AgencyPermission.MANAGE_AGENCY


def _shown(engagement) -> str:
    return url_for("agency.show_engagement", engagement_id=engagement.id)


def compliance_rows(engagements, region):
    return [(engagement, check_engagement(engagement, region)) for engagement in engagements]


@blueprint.route("/agency")
@permission_required(VIEW)
@freshness.kept_page
def list_engagements():
    region = dao.council_region()
    definition = engagements_list(list_teams_for_user(current_user), region, clock.today())
    return show_list(definition, dao.engagements_query(current_scope()), "agency/engagements.html", region=region)


@blueprint.route("/agency/compliance")
@permission_required(VIEW)
def compliance():
    region = dao.council_region()
    rows = compliance_rows(dao.list_engagements(current_scope()), region)
    summary = []
    for rule in Rule:
        met = sum(1 for _engagement, results in rows if next(r for r in results if r.rule is rule).met)
        summary.append((rule, met, len(rows)))
    every = sum(1 for _engagement, results in rows if all(result.met for result in results))
    breaches = [(engagement, result) for engagement, results in rows for result in results if not result.met]
    return render_template(
        "agency/compliance.html", summary=summary, every=every, total=len(rows), breaches=breaches, region=region
    )


@blueprint.route("/agency/engagements/new", methods=["GET", "POST"])
@permission_required(MANAGE)
def record_engagement():
    form = EngagementForm()
    posts = dao.list_posts_in_scope(current_scope())
    form.post.choices = [(post.id, f"{post.post_number} {post.job_title}, {post.team.name}") for post in posts]
    if form.validate_on_submit():

        def record():
            swe_number = normalise_swe_number(form.swe_number.data)
            staff = services.find_or_add_agency_worker(
                worker_reference=form.worker_reference.data,
                first_name=form.first_name.data,
                last_name=form.last_name.data,
                swe_number=swe_number,
                qualification_date=form.qualification_date.data,
            )
            return services.record_engagement(
                staff,
                db.session.get(Post, form.post.data),
                agency_name=form.agency_name.data,
                provider_type=ProviderType(form.provider_type.data),
                job_type=AgencyJobType(form.job_type.data),
                start_date=form.start_date.data,
                end_date=form.end_date.data,
                fte=float(form.fte.data),
                hours_per_week=float(form.hours_per_week.data),
                notice_period_weeks=form.notice_period_weeks.data,
                pay_rate=Decimal(form.pay_rate.data),
                employer_costs=Decimal(form.employer_costs.data),
                holiday_pay=Decimal(form.holiday_pay.data),
                agency_fee=Decimal(form.agency_fee.data),
                first_reference_on=form.first_reference_on.data,
                second_reference_on=form.second_reference_on.data,
                previous_permanent_left_on=form.previous_permanent_left_on.data,
                previous_permanent_region=Region(form.previous_permanent_region.data)
                if form.previous_permanent_region.data
                else None,
                project_team=form.project_team.data,
            )

        done = save_or_show(
            form, record, refused=(AgencyError, RecruitmentError), saved="Engagement recorded", then=_shown
        )
        if done:
            return done
    return render_template("agency/form.html", form=form, title="Record an agency engagement")


@blueprint.route("/agency/engagements/<int:engagement_id>")
@permission_required(VIEW)
def show_engagement(engagement_id: int):
    engagement = dao.get_engagement_in_scope_or_404(engagement_id)
    results = check_engagement(engagement, dao.council_region())
    return render_template("agency/engagement.html", engagement=engagement, results=results)


@blueprint.route("/agency/engagements/<int:engagement_id>/sign-off", methods=["GET", "POST"])
@permission_required(MANAGE)
def record_sign_off(engagement_id: int):
    engagement = dao.get_engagement_in_scope_or_404(engagement_id)
    form = SignOffForm(obj=engagement)
    if request.method == "GET":
        open_at_version(form, engagement)
    if form.validate_on_submit():

        def sign_off():
            engagement.save_edit(form.version.data)
            services.record_sign_offs(engagement, form.dcs_signed_off_on.data, form.chief_executive_signed_off_on.data)

        done = save_or_show(form, sign_off, saved="Sign-off saved", then=_shown(engagement), conflict=engagement)
        if done:
            return done
    return render_template(
        "agency/form.html", form=form, engagement=engagement, title="Record sign-off of a price-cap breach"
    )


@blueprint.route("/agency/engagements/<int:engagement_id>/end", methods=["GET", "POST"])
@permission_required(MANAGE)
def end_engagement(engagement_id: int):
    engagement = dao.get_engagement_in_scope_or_404(engagement_id)
    form = EndEngagementForm(obj=engagement)
    if request.method == "GET":
        open_at_version(form, engagement)
    if form.validate_on_submit():

        def end():
            engagement.save_edit(form.version.data)
            services.end_engagement(engagement, form.end_date.data, form.end_reference.data)

        done = save_or_show(
            form, end, refused=AgencyError, saved="Engagement ended", then=_shown(engagement), conflict=engagement
        )
        if done:
            return done
    return render_template("agency/form.html", form=form, engagement=engagement, title="End the engagement")


@blueprint.route("/agency/price-caps")
@permission_required(VIEW)
def price_caps():
    return render_template(
        "agency/price_caps.html", caps=dao.list_price_caps(), form=PriceCapForm(), region=dao.council_region()
    )


@blueprint.route("/agency/price-caps", methods=["POST"])
@permission_required(MANAGE)
def add_price_cap():
    form = PriceCapForm()
    if form.validate_on_submit():
        done = save_or_show(
            form,
            lambda: services.add_price_cap(
                Region(form.region.data),
                AgencyJobType(form.job_type.data),
                Decimal(form.hourly_cap.data),
                form.effective_from.data,
            ),
            refused=AgencyError,
            saved="Price cap added",
            then=url_for("agency.price_caps"),
        )
        if done:
            return done
    return render_template("agency/price_caps.html", caps=dao.list_price_caps(), form=form, region=dao.council_region())


@blueprint.route("/agency/return")
@permission_required(MANAGE)
def download_return():
    form = ReturnForm(request.args)
    if request.args and form.validate():
        quarter = Quarter.parse(form.quarter.data)
        workbook = build_agency_return(quarter, current_scope())
        return send_workbook(workbook, f"agency-return-{quarter}.xlsx")
    return render_template("agency/return.html", form=form)
