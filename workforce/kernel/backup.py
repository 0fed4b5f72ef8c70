"""`wpq backup` and `wpq restore` for the SQLite database (PostgreSQL: see docs/deployment.md)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from flask import Flask
from sqlalchemy.engine import make_url

from workforce.extensions import db


class BackupError(RuntimeError):
    pass


def sqlite_path() -> Path:
    url = make_url(str(db.engine.url))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(
            "wpq backup and restore work on the SQLite database. For PostgreSQL use pg_dump and pg_restore "
            "as docs/deployment.md describes."
        )
    return Path(url.database)


def _progress(status, remaining, total):
    click.echo(f"  copied {total - remaining} of {total} pages", err=True)


def backup(target: Path) -> None:
    """An online backup: consistent even while WPQ is serving requests."""
    source_path = sqlite_path()
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name")
    db.session.remove()
    with sqlite3.connect(source_path) as source, sqlite3.connect(target) as destination:
        source.backup(destination, pages=256, progress=_progress)
    destination.close()


def restore(source_file: Path) -> None:
    """Replace the database with a backup, after checking it is a WPQ backup."""
    target_path = sqlite_path()
    if not source_file.exists():
        raise BackupError(f"{source_file} does not exist")
    try:
        with sqlite3.connect(f"file:{source_file}?mode=ro", uri=True) as check:
            version = check.execute("SELECT version_num FROM alembic_version").fetchone()
            users = check.execute("SELECT count(*) FROM users").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source_file} is not a WPQ backup ({error})") from None
    if version is None or users is None:
        raise BackupError(f"{source_file} is not a WPQ backup")
    db.session.remove()
    db.engine.dispose()
    with sqlite3.connect(source_file) as source, sqlite3.connect(target_path) as destination:
        source.backup(destination, pages=256, progress=_progress)
    destination.close()


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


@click.command("backup", help="Copy the SQLite database to FILE while WPQ keeps running.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(file: Path):
    try:
        backup(file)
    except BackupError as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(f"Backed up to {file}")


@click.command("restore", help="Replace the SQLite database with the backup in FILE. Stop WPQ first.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(file: Path, yes: bool):
    if not yes:
        click.confirm("This replaces every record in the database with the backup. Continue?", abort=True)
    try:
        restore(file)
    except BackupError as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(f"Restored from {file}. Run `wpq db upgrade` if the backup is from an older version.")
