"""`wpq benchmarks load`: the DfE indicators and statistical-neighbour files."""

from pathlib import Path

import click

from workforce.benchmarks import services
from workforce.extensions import db
from workforce.kernel import audit_trail


@click.group("benchmarks", help="DfE workforce figures for benchmarking.")
def benchmarks():
    pass


@benchmarks.command("load", help="Load a DfE indicators CSV (the shipped 2017-2025 file when none is given).")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--neighbours",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A DfE statistical neighbour model CSV (wide format).",
)
def load(file: Path | None, neighbours: Path | None):
    with audit_trail.acting_as("Command line: wpq benchmarks load"):
        if file is None:
            report, release = services.load_shipped()
        else:
            report, release = services.load(
                file.read_text(encoding="utf-8-sig"),
                file.name,
                neighbours.read_text(encoding="utf-8-sig") if neighbours else None,
                neighbours.name if neighbours else None,
            )
        if release is None:
            db.session.rollback()
            for problem in report.sorted_problems()[:50]:
                click.echo(f"row {problem.row}, {problem.column} {problem.value!r}: {problem.message}", err=True)
            raise click.ClickException(f"Nothing loaded: {len(report.problems)} problems")
        db.session.commit()
    click.echo(f"Loaded {release.figures:,} figures for {release.first_year}-{release.last_year}")
