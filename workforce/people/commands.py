"""People commands: workforce figures from the measure registry, templates and imports."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from sqlalchemy import select

from workforce.extensions import db
from workforce.kernel import audit_trail
from workforce.kernel.contract import registry
from workforce.kernel.dates import display_date
from workforce.kernel.measures import MeasureScope
from workforce.kernel.models import ServiceArea, Team
from workforce.kernel.plurals import plural
from workforce.kernel.spreadsheets import workbook_bytes
from workforce.people import imports as people_imports
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
    click.echo(f"Measures for {display_date(start)} to {display_date(end)}, {scope_text}")
    width = max((len(row["id"]) for row in rows), default=10)
    click.echo(f"{'Measure':<{width}}  {'Value':>12}  {'Numerator':>12}  {'Denominator':>12}  Unit")
    for row in rows:
        cells = ["n/a" if row[key] is None else f"{row[key]:,.2f}" for key in ("value", "numerator", "denominator")]
        if row["denominator"] is None:
            cells[2] = ""
        click.echo(f"{row['id']:<{width}}  {cells[0]:>12}  {cells[1]:>12}  {cells[2]:>12}  {row['unit']}")


IMPORTS = {
    "staff": (people_imports.check_staff, people_imports.apply_staff),
    "absences": (people_imports.check_absences, people_imports.apply_absences),
    "survey": (people_imports.check_survey, people_imports.apply_survey),
}
TEMPLATES = {
    "staff": (people_imports.STAFF_COLUMNS, people_imports.STAFF_NOTES, "Staff"),
    "absences": (people_imports.ABSENCE_COLUMNS, people_imports.ABSENCE_NOTES, "Absences"),
    "survey": (people_imports.SURVEY_COLUMNS, people_imports.SURVEY_NOTES, "Survey"),
}


@click.group("import", help="Import records from files (Excel or CSV): all rows or none.")
def import_group():
    pass


def _run_import(kind: str, path: str, dry_run: bool) -> None:
    check, apply = IMPORTS[kind]
    run_import(kind, check, apply, path, dry_run)


def run_import(kind: str, check, apply, path: str, dry_run: bool) -> None:
    """Check every row of a file, report every problem, then apply all rows or none (other modules' imports too)."""
    data = Path(path).read_bytes()
    click.echo(f"Checking {path}...", err=True)
    report, rows = check(data, Path(path).name)
    if not report.ok:
        for problem in report.sorted_problems():
            click.echo(
                f"Row {problem.row}, {problem.column or 'file'}: {problem.message} ({problem.value!r})", err=True
            )
        raise click.ClickException(
            f"Nothing was imported: {plural(len(report.problems), 'problem')} "
            f"in {plural(report.rows_with_problems, 'row')}"
        )
    with audit_trail.acting_as(f"Command line: wpq import {kind}", audit_trail.Origin.IMPORT):
        with click.progressbar(length=len(rows), label=f"Importing {len(rows)} rows", file=sys.stderr) as bar:
            try:
                outcome = apply(rows, bar.update)
            except Exception:
                db.session.rollback()
                raise
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
    verb = "Would change" if dry_run else "Changed"
    click.echo(
        f"{verb}: {outcome.created} added, {outcome.updated} updated, {outcome.unchanged} unchanged"
        + (
            f"; assignments {outcome.assignments_created} added, {outcome.assignments_updated} updated, "
            f"{outcome.leavers} leavers"
            if kind == "staff"
            else ""
        )
    )


@import_group.command("staff", help="Import staff and their assignments from an HR system extract.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check and report what would change, without saving.")
def import_staff_command(path: str, dry_run: bool):
    _run_import("staff", path, dry_run)


@import_group.command("absences", help="Import absences from an HR system extract.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check and report what would change, without saving.")
def import_absences_command(path: str, dry_run: bool):
    _run_import("absences", path, dry_run)


@import_group.command("survey", help="Import staff survey results per team and question.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check and report what would change, without saving.")
def import_survey_command(path: str, dry_run: bool):
    _run_import("survey", path, dry_run)


@click.group("template", help="Write a blank import template (with a notes sheet).")
def template_command():
    pass


def _template_subcommand(kind: str) -> click.Command:
    columns, notes, title = TEMPLATES[kind]

    @click.command(kind, help=f"The {kind} import template.")
    @click.option(
        "--output", "output", type=click.Path(dir_okay=False), default=None, help=f"Default: {kind}-template.xlsx"
    )
    def write_template(output: str | None):
        path = Path(output or f"{kind}-template.xlsx")
        path.write_bytes(workbook_bytes(people_imports.template_workbook(columns, notes, title)))
        click.echo(f"Wrote {path}")

    return write_template


for _kind in TEMPLATES:
    template_command.add_command(_template_subcommand(_kind))
