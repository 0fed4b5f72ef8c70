"""`wpq census export`: the return for a census year as an XML file."""

from pathlib import Path

import click

from workforce.census import files
from workforce.census.returns import build_return
from workforce.census.validation import validate


@click.group("census", help="The DfE children's social work workforce census return.")
def census():
    pass


@census.command("export", help="Write the census return for the year ending 30 September YEAR.")
@click.option("--year", type=int, required=True)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--with-errors", is_flag=True, help="Export although the return has validation errors.")
def export(year: int, out: Path, with_errors: bool):
    the_return = build_return(year)
    problems = validate(the_return)
    if problems and not with_errors:
        for problem in problems[:50]:
            who = f"{problem.name} (staff {problem.staff_id}): " if problem.staff_id else ""
            click.echo(f"{problem.kind}: {who}{problem.message}", err=True)
        raise click.ClickException(f"The return has {len(problems)} validation errors: fix them, or use --with-errors")
    out.write_bytes(files.build_xml(the_return, problems))
    click.echo(f"Wrote {len(the_return.records)} worker records to {out}")
