"""People commands: workforce figures from the measure registry, templates and imports."""

from __future__ import annotations

import json

import click
from sqlalchemy import select

from workforce.extensions import db
from workforce.kernel.contract import registry
from workforce.kernel.measures import MeasureScope
from workforce.kernel.models import ServiceArea, Team
from workforce.people.measures import rolling_12_month_window


def parse_scope(text: str) -> MeasureScope:
    """ "council", "team:NAME" or "service-area:NAME" -> a MeasureScope."""
    if text in ("", "council"):
        return MeasureScope.council()
    kind, _, name = text.partition(":")
    if kind == "team":
        team = db.session.execute(select(Team).where(Team.name == name)).scalar()
        if team is None:
            raise click.BadParameter(f"There is no team called {name!r}", param_hint="--scope")
        return MeasureScope.team(team.id)
    if kind == "service-area":
        area = db.session.execute(select(ServiceArea).where(ServiceArea.name == name)).scalar()
        if area is None:
            raise click.BadParameter(f"There is no service area called {name!r}", param_hint="--scope")
        return MeasureScope.service_area(area.id)
    raise click.BadParameter("Use council, team:NAME or service-area:NAME", param_hint="--scope")


def _number(value):
    if value is None:
        return None
    return round(float(value), 4)


@click.command("measures", help="Print every registered measure for the 12 months to a date (stock at the date).")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), required=True, help="The end date, YYYY-MM-DD.")
@click.option(
    "--scope", "scope_text", default="council", show_default=True, help="council, team:NAME or service-area:NAME"
)
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
def measures_command(on, scope_text: str, output: str):
    end = on.date()
    start = rolling_12_month_window(end)
    scope = parse_scope(scope_text)
    rows = []
    for measure in registry().measures:
        value = measure.compute(start, end, scope)
        rows.append(
            {
                "id": measure.id,
                "title": measure.title,
                "unit": str(measure.unit),
                "source": str(measure.source),
                "value": _number(value.value),
                "numerator": _number(value.numerator),
                "denominator": _number(value.denominator),
            }
        )
    if output == "json":
        payload = {"start": start.isoformat(), "end": end.isoformat(), "scope": scope_text, "measures": rows}
        click.echo(json.dumps(payload, indent=2))
        return
    click.echo(f"Measures for {start:%d %B %Y} to {end:%d %B %Y}, {scope_text}")
    width = max((len(row["id"]) for row in rows), default=10)
    click.echo(f"{'Measure':<{width}}  {'Value':>12}  {'Numerator':>12}  {'Denominator':>12}  Unit")
    for row in rows:
        cells = ["n/a" if row[key] is None else f"{row[key]:,.2f}" for key in ("value", "numerator", "denominator")]
        if row["denominator"] is None:
            cells[2] = ""
        click.echo(f"{row['id']:<{width}}  {cells[0]:>12}  {cells[1]:>12}  {cells[2]:>12}  {row['unit']}")
