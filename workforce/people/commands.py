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
from workforce.kernel.dates import display_date, year_before
from workforce.kernel.import_mappings.services import get_mapping, list_mappings
from workforce.kernel.imports import ImportReport
from workforce.kernel.measures import MeasureScope
from workforce.kernel.models import ServiceArea, Team
from workforce.kernel.plurals import plural
from workforce.kernel.spreadsheets import workbook_bytes
from workforce.people import imports as people_imports
from workforce.people.feed import read_leavers, run_staff_import, summary_lines


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
    start = year_before(end)
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


def _run_import(kind: str, path: str, dry_run: bool, mapping_name: str | None = None) -> None:
    check, apply = IMPORTS[kind]
    run_import(kind, check, apply, path, dry_run, mapping_name)


def mapping_option(kind: str):
    return click.option(
        "--mapping",
        "mapping_name",
        default=None,
        help=f"Read the file through this saved {kind} column mapping (default: WPQ's own layout).",
    )


def find_mapping(kind: str, name: str | None):
    """The saved mapping called `name` for this import, or None for WPQ's own layout."""
    if name is None:
        return None
    mapping = get_mapping(kind, name)
    if mapping is None:
        known = ", ".join(m.name for m in list_mappings(kind)) or "none yet"
        raise click.BadParameter(f"There is no {kind} mapping called {name!r} (saved: {known})", param_hint="--mapping")
    return mapping


def run_import(kind: str, check, apply, path: str, dry_run: bool, mapping_name: str | None = None) -> None:
    """Check every row of a file, report every problem, then apply all rows or none (other modules' imports too).

    With a mapping name, the file is read through that saved mapping; `check` then takes it as a third argument."""
    mapping = find_mapping(kind, mapping_name)
    data = Path(path).read_bytes()
    click.echo(f"Checking {path}...", err=True)
    report, rows = check(data, Path(path).name, mapping) if mapping is not None else check(data, Path(path).name)
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
@mapping_option("staff")
@click.option(
    "--full",
    is_flag=True,
    help="The file is a full extract of the council's workforce: people in post in WPQ and not in it must be "
    "confirmed as leavers (--leavers) or kept (--keep) before anything is imported.",
)
@click.option(
    "--leavers",
    "leavers_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="With --full: a file of EmployeeNumber, RoleEndDate, ReasonLeave, LeaverDestination for the people "
    "missing from the extract who have left.",
)
@click.option("--keep", "keep", multiple=True, help="With --full: the employee number of a missing person who stays.")
def import_staff_command(path, dry_run, mapping_name, full, leavers_path, keep):
    mapping = find_mapping("staff", mapping_name)
    decisions = people_imports.Reconciliation(kept=set(keep))
    report = ImportReport()
    if leavers_path:
        if not full:
            raise click.BadParameter("Use --leavers with --full", param_hint="--leavers")
        decisions.leavers = read_leavers(Path(leavers_path).read_bytes(), Path(leavers_path).name, mapping, report)
        if not report.ok:
            for problem in report.sorted_problems():
                click.echo(f"{leavers_path}, row {problem.row}, {problem.column}: {problem.message}", err=True)
            raise click.ClickException("Nothing was imported: the leavers file has problems")
    elif keep and not full:
        raise click.BadParameter("Use --keep with --full", param_hint="--keep")
    click.echo(f"Checking {path}...", err=True)
    with audit_trail.acting_as("Command line: wpq import staff", audit_trail.Origin.IMPORT):
        try:
            run = run_staff_import(Path(path).read_bytes(), Path(path).name, mapping, full=full, decisions=decisions)
        except Exception:
            db.session.rollback()
            raise
        lines = summary_lines(run, Path(path).name)
        if not run.applied:
            db.session.rollback()
            for line in lines[1:]:
                click.echo(line, err=True)
            raise click.ClickException(lines[0])
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
    click.echo(("Would change: " if dry_run else "") + " ".join(lines))


@import_group.command("absences", help="Import absences from an HR system extract.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check and report what would change, without saving.")
@mapping_option("absences")
def import_absences_command(path: str, dry_run: bool, mapping_name: str | None):
    _run_import("absences", path, dry_run, mapping_name)


@import_group.command("survey", help="Import staff survey results per team and question.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check and report what would change, without saving.")
@mapping_option("survey")
def import_survey_command(path: str, dry_run: bool, mapping_name: str | None):
    _run_import("survey", path, dry_run, mapping_name)


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
