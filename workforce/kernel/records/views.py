"""The records behind a figure, for a measure, a month and a scope, on a page and as a download.

Who may see them is decided by `workforce.kernel.drill_down.may_see_records`: the measure's own
permission, a scope covering every team the figure counts, and never a committee viewer. Anyone else
gets 403, so the route is deny-by-default although every signed-in user may reach it.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from workforce.extensions import db
from workforce.kernel import clock
from workforce.kernel.contract import registry
from workforce.kernel.dates import month_end
from workforce.kernel.drill_down import may_see_records
from workforce.kernel.measures import Measure, MeasureRecords, MeasureScope, MeasureValue, ScopeLevel
from workforce.kernel.models import ServiceArea, Team
from workforce.kernel.permissions import signed_in
from workforce.kernel.release import ReleaseTable, build_release, send_release
from workforce.kernel.teams.dao import team_names

blueprint = Blueprint("records", __name__, template_folder="templates")


def _month() -> date:
    """?period=YYYY-MM, or the last full month; 404 for anything else."""
    text = request.args.get("period")
    if not text:
        return (clock.today().replace(day=1) - timedelta(days=1)).replace(day=1)
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        abort(404)


def _scope() -> tuple[MeasureScope, str]:
    """The scope asked for (?level=council|service-area|team&scope_id=N) and its name; 404 when unknown."""
    try:
        level = ScopeLevel(request.args.get("level", ScopeLevel.COUNCIL.value))
    except ValueError:
        abort(404)
    if level is ScopeLevel.COUNCIL:
        return MeasureScope.council(), "The council"
    scope_id = request.args.get("scope_id", type=int)
    named = db.session.get(Team if level is ScopeLevel.TEAM else ServiceArea, scope_id) if scope_id else None
    if named is None:
        abort(404)
    return MeasureScope(level, scope_id), named.name


def _measure(measure_key: str) -> Measure:
    measures = registry().measures
    if measure_key not in measures:
        abort(404)
    return measures.get(measure_key)


def _behind(measure_key: str):
    measure = _measure(measure_key)
    scope, scope_name = _scope()
    if not may_see_records(measure, scope, current_user):
        abort(403)
    on = request.args.get("on")
    if on:
        # A figure on one day (the home panels' "today" figures): the period is that day.
        try:
            start = end = date.fromisoformat(on)
        except ValueError:
            abort(404)
        month = start.replace(day=1)
    else:
        month = _month()
        start, end = month, month_end(month)
    records = measure.drill_down.records(start, end, scope)
    value = measure.compute(start, end, scope)
    return measure, scope, scope_name, month, records, value


@blueprint.route("/figures/<measure_key>/records")
@signed_in
def show_records(measure_key: str):
    measure, scope, scope_name, month, records, value = _behind(measure_key)
    return render_template(
        "records/records.html",
        measure=measure,
        scope=scope,
        scope_name=scope_name,
        month=month,
        records=records,
        value=value,
        teams=team_names(),
        arguments=request.args.to_dict(),
    )


def release_tables(measure: Measure, records: MeasureRecords, value: MeasureValue) -> list[ReleaseTable]:
    teams = team_names()
    tables = []
    for side, listed, figure in (
        ("Numerator", records.numerator, value.numerator),
        ("Denominator", records.denominator, value.denominator),
    ):
        if listed is None:
            continue
        tables.append(
            ReleaseTable(
                sheet=side,
                title=f"{side}: {listed.title} ({listed.combine.value} of {listed.amount_label.lower()} = {figure})",
                headers=("Record", "Reference", "Team", "Why it counts", listed.amount_label),
                rows=[
                    (item.kind, item.reference, teams.get(item.team_id), item.detail, item.amount)
                    for item in listed.records
                ],
                number_formats={listed.amount_label: "#,##0.######"},
            )
        )
    return tables


@blueprint.route("/figures/<measure_key>/records/download")
@signed_in
def download_records(measure_key: str):
    measure, scope, scope_name, month, records, value = _behind(measure_key)
    workbook = build_release(
        title=f"{measure.title}: the records behind the figure",
        period=f"{month:%B %Y} ({scope_name})",
        source=f"WPQ records, read by the measure's published definition: {measure.definition}",
        tables=release_tables(measure, records, value),
        notes=[
            ("Figure", f"{measure.title} for {scope_name}, {month:%B %Y}: {value.value}"),
            (
                "How the records make it",
                "The numerator is the sum (or median) of the numerator records' amounts; "
                "the denominator the sum of the denominator records' amounts.",
            ),
            ("Personal data", "Contains names of staff: keep it within the people who may see the records."),
        ],
    )
    return send_release(workbook, f"records-{measure.id}-{month:%Y-%m}.xlsx")
