"""The benchmark pages: each census measure for the council against England, its region and neighbours."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from workforce.benchmarks import dao, services
from workforce.benchmarks.constants import CENSUS_MEASURES, CENSUS_MEASURES_BY_VARIABLE, BenchmarksPermission
from workforce.benchmarks.forms import CouncilForm, YearForm
from workforce.kernel import freshness, settings
from workforce.kernel.contract import registry
from workforce.kernel.forms import save_or_show
from workforce.kernel.measures import MeasureScope
from workforce.kernel.permissions import permission_required, user_can

blueprint = Blueprint("benchmarks", __name__, url_prefix="/benchmarks", template_folder="templates")


def own_figures(year: int) -> dict[str, float | None]:
    """WPQ's own figures for the census year ending 30 September, from the measure registry (kept while no
    record changes)."""
    return dict(freshness.kept(("benchmarks.own", year), lambda: _compute_own_figures(year)))


def _compute_own_figures(year: int) -> dict[str, float | None]:
    measures = registry().measures
    start, end = date(year - 1, 10, 1), date(year, 9, 30)
    figures = {}
    for measure in CENSUS_MEASURES:
        if measure.variable in measures:
            figures[measure.variable] = measures.compute(measure.variable, start, end, MeasureScope.council()).value
    return figures


@blueprint.route("")
@permission_required(BenchmarksPermission.VIEW)
def overview():
    years = dao.list_years()
    if not years:
        return render_template("benchmarks/empty.html", can_manage=user_can(BenchmarksPermission.MANAGE))
    form = YearForm(request.args)
    form.year.choices = [(year, str(year)) for year in reversed(years)]
    year = form.year.data if form.year.data in years else years[-1]
    form.year.data = year
    council = dao.get_council(dao.council_la_code())
    release = dao.latest_release()
    variables = [measure.variable for measure in CENSUS_MEASURES]
    comparisons = freshness.kept(
        ("benchmarks.compare", release.id if release else None, year, council, tuple(variables)),
        lambda: dao.compare(year, council, variables),
    )
    return render_template(
        "benchmarks/overview.html",
        form=form,
        year=year,
        council=council,
        neighbours=dao.neighbours_of(council.la_code) if council else [],
        comparisons=comparisons,
        measures=CENSUS_MEASURES,
        own=own_figures(year),
        release=release,
        council_name=settings.get("council_name"),
    )


@blueprint.route("/measures/<variable>")
@permission_required(BenchmarksPermission.VIEW)
def measure_trend(variable: str):
    measure = CENSUS_MEASURES_BY_VARIABLE.get(variable)
    if measure is None:
        abort(404)
    council = dao.get_council(dao.council_la_code())
    return render_template(
        "benchmarks/trend.html", measure=measure, council=council, trend=dao.trend(variable, council)
    )


@blueprint.route("/council", methods=["GET", "POST"])
@permission_required(BenchmarksPermission.MANAGE)
def choose_council():
    form = CouncilForm()
    councils = dao.list_councils()
    form.la_code.choices = [("", "Select a council")] + [
        (council.la_code, f"{council.name} ({council.la_code})") for council in councils
    ]
    if request.method == "GET":
        form.la_code.data = dao.council_la_code() or ""
    if form.validate_on_submit():
        return save_or_show(
            form,
            lambda: settings.put(dao.LA_CODE_SETTING, form.la_code.data, current_user.id),
            saved=lambda _: f"WPQ now compares with {dao.get_council(form.la_code.data).name}",
            then=url_for("benchmarks.overview"),
        )
    return render_template("benchmarks/council.html", form=form)


@blueprint.route("/load", methods=["POST"])
@permission_required(BenchmarksPermission.MANAGE)
def load_shipped():
    return save_or_show(
        None,
        _load_shipped_or_refuse,
        refused=_NotLoaded,
        saved=lambda release: f"Loaded {release}",
        then=url_for("benchmarks.overview"),
    )


class _NotLoaded(ValueError):
    """The shipped DfE files did not load; nothing of them is kept."""


def _load_shipped_or_refuse():
    report, release = services.load_shipped()
    if release is None:
        raise _NotLoaded(f"The DfE files shipped with WPQ could not be loaded: {len(report.problems)} problems")
    return release
