"""Stored figures: every registered measure for each completed month and the current month, at council, every
service area and every team scope, kept with its numerator, denominator and the time it was computed.

Each measure declares the tables it reads (`Measure.reads`). A commit that changes one of those tables
marks just that measure stale: one `stale_measures` row per measure, whose version each such commit raises
(`workforce.kernel.freshness` says which tables a commit changed; bookkeeping writes change none). The
recompute (`refresh_stale`, run as a job) reads each stale measure's version, recomputes its figures, and
clears the row only if the version is still the one it read: however many saves arrive, a measure is
recomputed once for them, and a save that arrives during a recompute is never lost.

Pages read figures with `figure()` / `series()`: the stored figure when there is one for the window asked
about, else the registry's computation (an empty install, a month outside the stored range, the current
month before its first recompute today). Every figure carries the time it was computed, and a page that
shows one says so ("Figures as at 10:42 UTC", `figures_as_at`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

import click
from flask import current_app, has_app_context
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from workforce.extensions import db
from workforce.kernel import clock, freshness, jobs
from workforce.kernel.contract import JobKind, Schedule, registry
from workforce.kernel.dates import display_date, month_window
from workforce.kernel.measures import Measure, MeasureScope, MeasureValue, ScopeLevel, roll_up
from workforce.kernel.models import ServiceArea, StaleMeasure, StoredFigure, Team

#: Completed months kept before the current one (local choice: the plan's and caseloads' 24-month trends).
DEFAULT_MONTHS = 24
REFRESH_JOB = "figures.refresh"
NIGHTLY_JOB = "figures.refresh-all"

freshness.ignore_tables(StoredFigure.__tablename__, StaleMeasure.__tablename__)


@dataclass(frozen=True)
class Figure:
    """A measure's figure with the time it was computed."""

    numerator: float | None
    denominator: float | None
    value: float | None
    computed_at: datetime
    #: True when read from the stored figures; False when computed in this request.
    stored: bool

    @property
    def measure_value(self) -> MeasureValue:
        return MeasureValue(self.numerator, self.denominator, self.value)


def scope_key(scope: MeasureScope) -> str:
    return "council" if scope.level is ScopeLevel.COUNCIL else f"{scope.level.value}:{scope.id}"


def stored_months(today: date | None = None) -> list[tuple[date, date]]:
    """(first day, last day covered) of each month kept: the completed months, then the current month to
    today."""
    today = today or clock.today()
    count = current_app.config.get("STORED_FIGURE_MONTHS", DEFAULT_MONTHS) if has_app_context() else DEFAULT_MONTHS
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        months.append(month_window(date(year, month, 1)))
    months.reverse()
    months.append((today.replace(day=1), today))
    return months


def all_scopes() -> list[MeasureScope]:
    """The council, every service area and every team in use."""
    areas = db.session.execute(select(ServiceArea.id).order_by(ServiceArea.id)).scalars()
    teams = db.session.execute(select(Team.id).where(Team.archived_at.is_(None)).order_by(Team.id)).scalars()
    return (
        [MeasureScope.council()]
        + [MeasureScope.service_area(area_id) for area_id in areas]
        + [MeasureScope.team(team_id) for team_id in teams]
    )


# -- staleness -------------------------------------------------------------------------------------------


def measures_reading(tables: Iterable[str]) -> list[Measure]:
    tables = frozenset(tables)
    return [measure for measure in registry().measures if measure.reads & tables]


def _insert(session: Session):
    return postgresql_insert if session.connection().dialect.name == "postgresql" else sqlite_insert


def mark_stale(session: Session, measure_ids: Iterable[str]) -> None:
    """Mark the measures' figures stale, in the session's transaction (one row per measure)."""
    now = clock.now()
    make_insert = _insert(session)
    for measure_id in sorted(set(measure_ids)):  # one order everywhere, so commits never wait in a cycle
        statement = make_insert(StaleMeasure.__table__).values(measure_id=measure_id, version=1, marked_at=now)
        session.connection().execute(
            statement.on_conflict_do_update(
                index_elements=["measure_id"],
                set_={"version": StaleMeasure.__table__.c.version + 1, "marked_at": now},
            )
        )


def _mark_stale_as_tables_change(session: Session, tables: frozenset[str]) -> None:
    if not has_app_context():
        return
    measures = measures_reading(tables)
    if measures:
        mark_stale(session, [measure.id for measure in measures])
        if current_app.config.get("FIGURES_REFRESH_ON_SAVE", True):
            start_refresh()


freshness.on_commit(_mark_stale_as_tables_change)


def stale_measure_ids() -> list[str]:
    return list(db.session.execute(select(StaleMeasure.measure_id).order_by(StaleMeasure.measure_id)).scalars())


# -- recomputing -----------------------------------------------------------------------------------------


def compute(
    measure_ids: Iterable[str], today: date | None = None, progress: Callable[[int, int], None] | None = None
) -> list[dict]:
    """Every figure of the measures for every stored month and scope, through the registry (not saved). One
    roll-up, so measures that share work (the supervision schedules of a month) do it once."""
    measures = [registry().measures.get(measure_id) for measure_id in measure_ids if measure_id in registry().measures]
    scopes = all_scopes()
    months = stored_months(today)
    rows = []
    with roll_up():
        for index, (first, last) in enumerate(months):
            for measure in measures:
                for scope in scopes:
                    result = measure.compute(first, last, scope)
                    rows.append(
                        {
                            "measure_id": measure.id,
                            "month": first,
                            "period_end": last,
                            "scope_key": scope_key(scope),
                            "numerator": result.numerator,
                            "denominator": result.denominator,
                            "value": result.value,
                        }
                    )
            if progress is not None:
                progress(index + 1, len(months))
    return rows


def store(rows: list[dict], computed_at: datetime | None = None) -> None:
    """Save computed figures over the ones kept for the same measure, month and scope (flushes)."""
    if not rows:
        return
    computed_at = computed_at or clock.now()
    make_insert = _insert(db.session)
    table = StoredFigure.__table__
    for start in range(0, len(rows), 500):
        batch = [{**row, "computed_at": computed_at} for row in rows[start : start + 500]]
        statement = make_insert(table).values(batch)
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=["measure_id", "month", "scope_key"],
                set_={
                    column: statement.excluded[column]
                    for column in ("period_end", "numerator", "denominator", "value", "computed_at")
                },
            )
        )
    months = sorted({row["month"] for row in rows})
    measure_ids = sorted({row["measure_id"] for row in rows})
    db.session.execute(  # months that have left the stored range
        delete(StoredFigure).where(StoredFigure.measure_id.in_(measure_ids), StoredFigure.month < months[0])
    )


def refresh(measure_ids: Iterable[str], today: date | None = None) -> int:
    """Recompute and store the measures' figures; the number stored."""
    started = clock.now()
    rows = compute(list(measure_ids), today)
    store(rows, started)
    return len(rows)


def refresh_stale(
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    end_reading: Callable[[], None] | None = None,
) -> list[str]:
    """Recompute every stale measure once, whatever number of saves made it stale; the measures done.

    Everything is computed before anything is written (`end_reading` then gives the writes a fresh view, as
    a job's context does), so the writes, and on SQLite the database's write lock, last only as long as
    the saving. A measure made stale again while it was being recomputed keeps its row (its version moved
    on) and is recomputed by the next run. Flushes; the job (or the command) commits."""
    stale = sorted(db.session.execute(select(StaleMeasure.measure_id, StaleMeasure.version)).all())
    started = clock.now()
    rows = compute([measure_id for measure_id, _ in stale], today, progress)
    if end_reading is not None:
        end_reading()
    store(rows, started)
    for measure_id, version in stale:
        db.session.execute(
            delete(StaleMeasure).where(StaleMeasure.measure_id == measure_id, StaleMeasure.version == version)
        )
    return [measure_id for measure_id, _ in stale]


def refresh_all(
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    end_reading: Callable[[], None] | None = None,
) -> int:
    """Recompute every registered measure (the nightly refresh: the current month moves on a day). Flushes."""
    stale = sorted(db.session.execute(select(StaleMeasure.measure_id, StaleMeasure.version)).all())
    started = clock.now()
    rows = compute([measure.id for measure in registry().measures], today, progress)
    if end_reading is not None:
        end_reading()
    store(rows, started)
    for measure_id, version in stale:
        db.session.execute(
            delete(StaleMeasure).where(StaleMeasure.measure_id == measure_id, StaleMeasure.version == version)
        )
    return len(rows)


# -- jobs ------------------------------------------------------------------------------------------------


def _refresh_stale_job(context) -> jobs.JobResult:
    done = refresh_stale(
        progress=lambda index, total: context.progress(index, total, "Recomputing months"),
        end_reading=context.end_reading,
    )
    return jobs.JobResult(f"Recomputed the stored figures of {len(done)} measures", values={"measures": done})


def _refresh_all_job(context) -> jobs.JobResult:
    count = refresh_all(
        progress=lambda index, total: context.progress(index, total, "Recomputing months"),
        end_reading=context.end_reading,
    )
    return jobs.JobResult(f"Stored {count:,} figures of {len(registry().measures)} measures")


def start_refresh() -> None:
    """Start a recompute of the stale figures unless one is already waiting to start (it will see every
    measure marked stale before it runs). Called as a commit marks measures stale."""
    waiting = db.session.execute(
        select(jobs.Job.id).where(jobs.Job.kind == REFRESH_JOB, jobs.Job.status == jobs.JobStatus.QUEUED).limit(1)
    ).scalar()
    if waiting is None:
        jobs.start(REFRESH_JOB, None)


# -- reading ---------------------------------------------------------------------------------------------


def _noted(figure: Figure) -> Figure:
    freshness.note_as_at(figure.computed_at)
    return figure


def _live(measure_id: str, start: date, end: date, scope: MeasureScope) -> Figure:
    result = registry().measures.compute(measure_id, start, end, scope)
    return Figure(result.numerator, result.denominator, result.value, clock.now(), stored=False)


def _from_row(row: StoredFigure) -> Figure:
    return Figure(row.numerator, row.denominator, row.value, clock.as_utc(row.computed_at), stored=True)


def figure(measure_id: str, start: date, end: date, scope: MeasureScope | None = None) -> Figure:
    """The measure between the dates: the stored figure when the dates are a stored month (or the current
    month to today), else computed now."""
    scope = scope or MeasureScope.council()
    whole_month = end == month_window(start)[1]
    month_to_date = end == clock.today() and start == end.replace(day=1)
    if start.day == 1 and (whole_month or month_to_date):
        row = db.session.execute(
            select(StoredFigure).where(
                StoredFigure.measure_id == measure_id,
                StoredFigure.month == start,
                StoredFigure.scope_key == scope_key(scope),
                StoredFigure.period_end == end,
            )
        ).scalar()
        if row is not None:
            return _noted(_from_row(row))
    return _noted(_live(measure_id, start, end, scope))


def series(measure_id: str, months: list[date], scope: MeasureScope | None = None) -> dict[date, Figure]:
    """The measure for each month (first days), the current month to today: stored figures read in one
    query, any missing computed now."""
    scope = scope or MeasureScope.council()
    today = clock.today()
    windows = {month: (month, min(month_window(month)[1], today)) for month in months}
    rows = db.session.execute(
        select(StoredFigure).where(
            StoredFigure.measure_id == measure_id,
            StoredFigure.month.in_(months),
            StoredFigure.scope_key == scope_key(scope),
        )
    ).scalars()
    found = {row.month: row for row in rows if row.period_end == windows[row.month][1]}
    result = {}
    for month in months:
        row = found.get(month)
        result[month] = _noted(_from_row(row) if row else _live(measure_id, *windows[month], scope))
    return result


# -- the application -------------------------------------------------------------------------------------


def as_at_text(moment: datetime | None) -> str | None:
    """ "Figures as at 10:42 UTC", with the date when it is not today."""
    if moment is None:
        return None
    moment = clock.as_utc(moment)
    if moment.date() == clock.today():
        return f"Figures as at {moment:%H:%M} UTC"
    return f"Figures as at {moment:%H:%M} UTC on {display_date(moment)}"


figures_group = click.Group("figures", help="Stored figures: recompute the stale ones, or all of them.")


@figures_group.command("refresh", help="Recompute the stored figures that saves have made stale.")
@click.option("--all", "everything", is_flag=True, help="Recompute every measure (the nightly refresh).")
def refresh_command(everything: bool):
    progress = lambda index, total: click.echo(f"  month {index} of {total}")  # noqa: E731
    if everything:
        count = refresh_all(progress=progress)
        db.session.commit()
        click.echo(f"Stored {count:,} figures of {len(registry().measures)} measures")
        return
    done = refresh_stale(progress=progress)
    db.session.commit()
    click.echo(f"Recomputed {len(done)} stale measures" + (f": {', '.join(done)}" if done else ""))


def init_app(app) -> None:
    """Called by the app factory once the registry exists (before the modules add their measures)."""
    app.config.setdefault("STORED_FIGURE_MONTHS", DEFAULT_MONTHS)
    app.config.setdefault("FIGURES_REFRESH_ON_SAVE", True)
    app.cli.add_command(figures_group)
    app.context_processor(lambda: {"figures_as_at": lambda: as_at_text(freshness.figures_as_at())})
    modules = registry(app)
    modules.add_job(JobKind(REFRESH_JOB, "Recompute stale figures", _refresh_stale_job, max_attempts=3))
    modules.add_job(JobKind(NIGHTLY_JOB, "Recompute every stored figure", _refresh_all_job, max_attempts=2))
    # Nightly, after midnight: the current month's figures move on a day even when nothing was saved.
    modules.add_schedule(Schedule("figures-nightly", NIGHTLY_JOB, {"minute": "20", "hour": "0"}))
