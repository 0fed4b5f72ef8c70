"""Checks that a council's data agrees with itself, contributed by each module, run by `wpq data check`
and shown to HR on the data-check page (docs/people.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import click
from flask import Flask
from flask.cli import with_appcontext

from workforce.kernel.contract import registry


@dataclass(frozen=True)
class Inconsistency:
    """One record that disagrees with another, in words an HR officer can act on."""

    record: str
    team_id: int | None
    detail: str


@dataclass(frozen=True)
class DataCheck:
    """A rule the data must keep; `find()` lists every record breaking it (an empty list when it holds)."""

    name: str
    rule: str
    find: Callable[[], list[Inconsistency]]


def run_checks() -> list[tuple[DataCheck, list[Inconsistency]]]:
    return [(check, check.find()) for check in registry().data_checks]


@click.group("data", help="Check the council's data.")
def data_group():
    pass


@data_group.command("check", help="List records that disagree with each other; exits 1 when there are any.")
@with_appcontext
def check_command():
    total = 0
    for check, found in run_checks():
        click.echo(f"{check.name}: {len(found)} {'inconsistency' if len(found) == 1 else 'inconsistencies'}")
        for item in found:
            click.echo(f"  {item.record}: {item.detail}")
        total += len(found)
    click.echo(f"{total} inconsistencies in all." if total else "No inconsistencies: the data agrees with itself.")
    if total:
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    app.cli.add_command(data_group)
