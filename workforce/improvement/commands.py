"""Commands: `wpq export committee-pack --period YYYY-MM --out FILE.xlsx`."""

from __future__ import annotations

from datetime import date

import click

from workforce.improvement import dao
from workforce.improvement.pack import build_pack
from workforce.kernel.spreadsheets import workbook_bytes


@click.group("export", help="Write exports to files.")
def export():
    pass


def _month(text: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise click.BadParameter("Give the month as YYYY-MM, for example 2026-03") from None


@export.command("committee-pack", help="Write the committee pack for a month to an Excel file.")
@click.option("--period", "period_text", required=True, help="The month, as YYYY-MM.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="The .xlsx file to write.")
@click.option("--plan", "plan_id", type=int, default=None, help="The plan's id (default: the first plan).")
def committee_pack(period_text: str, out: str, plan_id: int | None):
    month = _month(period_text)
    plans = dao.list_plans()
    plan = next((item for item in plans if item.id == plan_id), None) if plan_id else (plans[0] if plans else None)
    if plan is None:
        raise click.ClickException("There is no improvement plan to export")
    period = dao.get_period(month)
    if period is None:
        raise click.ClickException(f"No figures have been computed for {month:%B %Y}")
    click.echo(f"Building the committee pack for {month:%B %Y}...", err=True)
    data = workbook_bytes(build_pack(plan, month, published_only=period.published))
    with open(out, "wb") as handle:
        handle.write(data)
    status = "published" if period.published else "provisional"
    click.echo(f"Wrote {out} ({status}, {len(data):,} bytes)")
