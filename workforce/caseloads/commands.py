"""Caseload commands: `wpq import caseloads FILE --date YYYY-MM-DD [--mapping NAME]`."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from workforce.caseloads import dao, imports
from workforce.caseloads.constants import SourceSystem
from workforce.caseloads.mappings import source_system_of
from workforce.extensions import db
from workforce.kernel import audit_trail
from workforce.kernel.release import build_workbook
from workforce.kernel.spreadsheets import csv_safe, workbook_bytes


@click.command("caseloads", help="Import a caseload snapshot (Excel .xlsx or CSV) for a date.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--date", "snapshot_date", required=True, type=click.DateTime(["%Y-%m-%d"]), help="The snapshot date.")
@click.option("--mapping", "mapping_name", default=None, help="A saved column mapping, for other layouts.")
@click.option(
    "--source",
    type=click.Choice([system.value for system in SourceSystem]),
    default=None,
    help="The case-management system (default: the mapping's, else other).",
)
@click.option("--allow-unknown-workers", is_flag=True, help="Keep cases of workers not in the staff records.")
@click.option(
    "--problems",
    "problems_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the row-by-row problems to this .xlsx or .csv file.",
)
@with_appcontext
def import_caseloads(file: Path, snapshot_date, mapping_name, source, allow_unknown_workers, problems_file):
    mapping = None
    if mapping_name:
        mapping = dao.get_mapping_by_name(mapping_name)
        if mapping is None:
            raise click.ClickException(f"There is no saved column mapping called {mapping_name}")
    request = imports.SnapshotImport(
        data=file.read_bytes(),
        filename=file.name,
        snapshot_date=snapshot_date.date(),
        source_system=SourceSystem(source)
        if source
        else (source_system_of(mapping) if mapping else SourceSystem.OTHER),
        mapping=mapping,
        allow_unknown_workers=allow_unknown_workers,
    )
    bars: dict[str, click.progressbar] = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = click.progressbar(length=max(total, 1), label=f"{stage:<14}", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)
        if done >= total:
            bar.__exit__(None, None, None)

    with audit_trail.acting_as("Command line: wpq import caseloads", audit_trail.Origin.IMPORT):
        outcome = imports.import_snapshot(request, progress)
        for bar in bars.values():
            if not bar.finished:
                bar.__exit__(None, None, None)
        if not outcome.report.ok:
            db.session.rollback()
            _print_problems(outcome.report, problems_file)
            raise click.ClickException("Nothing was imported.")
        db.session.commit()
    snapshot = outcome.snapshot
    click.echo(
        f"Imported {snapshot.case_count:,} cases held by {snapshot.worker_count:,} workers "
        f"for {snapshot.snapshot_date.isoformat()}."
    )


def _print_problems(report, problems_file: Path | None) -> None:
    problems = report.sorted_problems()
    click.echo(f"{len(problems)} problem(s) in {report.rows_with_problems} row(s):", err=True)
    for problem in problems[:50]:
        click.echo(f"  row {problem.row}, {problem.column or '-'}: {problem.message} ({problem.value})", err=True)
    if len(problems) > 50:
        click.echo(f"  ... and {len(problems) - 50} more", err=True)
    if problems_file is not None:
        if problems_file.suffix.lower() == ".csv":
            with problems_file.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["Row", "Column", "Value", "Problem"])
                writer.writerows([p.row, p.column, csv_safe(p.value), p.message] for p in problems)
        else:
            problems_file.write_bytes(workbook_bytes(build_workbook([report.as_sheet()])))
        click.echo(f"The problems are in {problems_file}", err=True)
