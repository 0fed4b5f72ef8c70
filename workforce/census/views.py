"""The census page (problems, downloads and the figures DfE will derive) and the pay items form."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from workforce.census import files, jobs, services
from workforce.census import settings as census_settings
from workforce.census.constants import PAY_ITEMS, CensusPermission
from workforce.census.forms import ExportForm, PayItemsForm, WorkbookForm, YearForm
from workforce.census.returns import AGENCY, IN_POST, LEAVER, build_return
from workforce.census.validation import validate
from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.contract import registry
from workforce.kernel.dates import census_year, latest_census_year
from workforce.kernel.forms import save_or_show
from workforce.kernel.measures import MeasureScope
from workforce.kernel.permissions import permission_required, user_can

blueprint = Blueprint("census", __name__, url_prefix="/census", template_folder="templates")

#: The WPQ measures beside each derived figure (their registry ids).
HEADLINES = (
    ("Turnover rate (FTE)", "turnover_rate", "turnover_rate_fte", "%"),
    ("Agency worker rate (FTE)", "agency_rate", "agency_rate_fte", "%"),
    ("Vacancy rate (FTE)", "vacancy_rate", "vacancy_rate_fte", "%"),
    ("Average caseload (cases per FTE)", "average_caseload", "caseload_fte", "cases"),
    ("Sickness absence rate", "absence_rate", "absence_rate_fte", "%"),
)
#: The first year of the DfE series WPQ benchmarks against; the page offers every year since.
FIRST_YEAR = 2017


def _year_form() -> tuple[YearForm, int]:
    latest = latest_census_year(clock.today())
    years = list(range(latest, FIRST_YEAR - 1, -1))
    form = YearForm(request.args)
    form.year.choices = [(year, str(year)) for year in years]
    year = form.year.data if form.year.data in years else latest
    form.year.data = year
    return form, year


def _year_or_404(year: int | None) -> int:
    """The census year asked for in the query string (?year=2025), or 404."""
    latest = latest_census_year(clock.today())
    if year is None or not FIRST_YEAR <= year <= latest:
        abort(404)
    return year


def headline_rows(year: int, derived: files.DerivedFigures) -> list[dict]:
    measures = registry().measures
    start, end = census_year(year)
    rows = []
    for title, attribute, measure_id, unit in HEADLINES:
        wpq = measures.compute(measure_id, start, end, MeasureScope.council()) if measure_id in measures else None
        rows.append(
            {
                "title": title,
                "unit": unit,
                "derived": getattr(derived, attribute).value,
                "wpq": wpq.value if wpq is not None else None,
            }
        )
    return rows


@blueprint.route("")
@permission_required(CensusPermission.VIEW_SUMMARY)
def summary():
    form, year = _year_form()
    the_return = build_return(year)
    problems = validate(the_return)
    derived = files.derive_figures(files.build_xml(the_return))
    can_produce = user_can(CensusPermission.PRODUCE)
    return render_template(
        "census/summary.html",
        form=form,
        export_form=ExportForm(),
        year=year,
        census=the_return,
        problems=problems if can_produce else [],
        problem_count=len(problems),
        counts={kind: len(the_return.records_of(kind)) for kind in (IN_POST, LEAVER, AGENCY)},
        derived=derived,
        headlines=headline_rows(year, derived),
        can_produce=can_produce,
        pay_labels=PAY_ITEMS,
    )


@blueprint.route("/return-xml", methods=["POST"])
@permission_required(CensusPermission.PRODUCE)
def download_xml():
    year = _year_or_404(request.args.get("year", type=int))
    form = ExportForm()
    if not form.validate_on_submit():
        abort(400)
    # Built by a job; one with validation errors is refused there unless the user chose to export with them.
    job = jobs.start(year, jobs.XML, current_user, with_errors=bool(form.with_errors.data))
    db.session.commit()
    return redirect(url_for("jobs.show_job", job_id=job.id))


@blueprint.route("/return-excel", methods=["POST"])
@permission_required(CensusPermission.PRODUCE)
def download_workbook():
    year = _year_or_404(request.args.get("year", type=int))
    if not WorkbookForm().validate_on_submit():
        abort(400)
    job = jobs.start(year, jobs.WORKBOOK, current_user)
    db.session.commit()
    return redirect(url_for("jobs.show_job", job_id=job.id))


@blueprint.route("/pay", methods=["GET", "POST"])
@permission_required(CensusPermission.PRODUCE)
def pay_items():
    form = PayItemsForm()
    if request.method == "GET":
        for item, value in census_settings.pay_items().items():
            getattr(form, item).data = value
    if form.validate_on_submit():
        return save_or_show(
            form,
            lambda: services.save_pay_items(
                {item: getattr(form, item).data for item in census_settings.pay_items()}, current_user.id
            ),
            saved="Pay and incentive items saved",
            then=url_for("census.summary"),
        )
    return render_template("census/pay.html", form=form)
