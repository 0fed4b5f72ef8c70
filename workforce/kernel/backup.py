"""`wpq backup` and `wpq restore`: the whole database, evidence documents included (they are stored in it).

SQLite is copied with SQLite's online backup; PostgreSQL is dumped with `pg_dump --format=custom` and restored
with `pg_restore`, the procedure docs/deployment.md describes, so the command and the manual steps agree.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import click
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from sqlalchemy.engine import URL, make_url

from workforce.extensions import db


class BackupError(RuntimeError):
    pass


def database_url() -> URL:
    return make_url(str(db.engine.url))


def sqlite_path() -> Path:
    url = database_url()
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError("This database is not a SQLite file.")
    return Path(url.database)


def _progress(status, remaining, total):
    click.echo(f"  copied {total - remaining} of {total} pages", err=True)


def known_revisions() -> set[str]:
    """The migrations this version of WPQ has: a backup from a newer version is refused."""
    migrate = current_app.extensions["migrate"]
    scripts = ScriptDirectory.from_config(migrate.migrate.get_config(migrate.directory))
    return {revision.revision for revision in scripts.walk_revisions()}


def _check_revision(source_file: Path, version: str | None) -> None:
    if version is None:
        raise BackupError(f"{source_file} is not a WPQ backup")
    if version not in known_revisions():
        raise BackupError(
            f"{source_file} is a backup of a newer version of WPQ (database version {version}); "
            "restore it with that version"
        )


def backup(target: Path) -> None:
    """An online backup: consistent even while WPQ is serving requests."""
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name")
    db.session.remove()
    if database_url().get_backend_name() == "postgresql":
        _pg("pg_dump", "--format=custom", "--no-owner", f"--file={target}")
        return
    with sqlite3.connect(sqlite_path()) as source, sqlite3.connect(target) as destination:
        source.backup(destination, pages=256, progress=_progress)
    destination.close()


def restore(source_file: Path) -> None:
    """Replace the database with a backup, after checking it is a WPQ backup this version can read."""
    if not source_file.exists():
        raise BackupError(f"{source_file} does not exist")
    if database_url().get_backend_name() == "postgresql":
        _restore_postgresql(source_file)
        return
    target_path = sqlite_path()
    try:
        with sqlite3.connect(f"file:{source_file}?mode=ro", uri=True) as check:
            version = check.execute("SELECT version_num FROM alembic_version").fetchone()
            users = check.execute("SELECT count(*) FROM users").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source_file} is not a WPQ backup ({error})") from None
    if users is None:
        raise BackupError(f"{source_file} is not a WPQ backup")
    _check_revision(source_file, version[0] if version else None)
    db.session.remove()
    db.engine.dispose()
    with sqlite3.connect(source_file) as source, sqlite3.connect(target_path) as destination:
        source.backup(destination, pages=256, progress=_progress)
    destination.close()


def _restore_postgresql(source_file: Path) -> None:
    listing = _pg("pg_restore", "--list", str(source_file), connect=False, refuse=f"{source_file} is not a WPQ backup")
    if " TABLE DATA public alembic_version " not in listing or " TABLE DATA public users " not in listing:
        raise BackupError(f"{source_file} is not a WPQ backup")
    with tempfile.TemporaryDirectory() as folder:
        # The version the backup holds, read from the dump itself without touching the database.
        script = Path(folder) / "alembic_version.sql"
        _pg("pg_restore", "--data-only", "--table=alembic_version", f"--file={script}", str(source_file), connect=False)
        lines = script.read_text().splitlines()
    start = next((index for index, line in enumerate(lines) if line.startswith("COPY public.alembic_version")), None)
    version = lines[start + 1].strip() if start is not None and lines[start + 1] != "\\." else None
    _check_revision(source_file, version)
    db.session.remove()
    db.engine.dispose()
    _pg(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        str(source_file),
    )


def _pg(program: str, *arguments: str, connect: bool = True, refuse: str | None = None) -> str:
    """Run a PostgreSQL client program, connected to WPQ's database through the libpq environment
    variables (so the password never appears in the process list)."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(f"{program} is not installed: install the PostgreSQL client programs (postgresql-client)")
    environment = dict(os.environ)
    if connect:
        url = database_url()
        settings = {
            "PGHOST": url.host,
            "PGPORT": str(url.port) if url.port else None,
            "PGUSER": url.username,
            "PGPASSWORD": url.password,
            "PGDATABASE": url.database,
        }
        environment.update({name: value for name, value in settings.items() if value})
        arguments = (*arguments, f"--dbname={url.database}") if program == "pg_restore" else arguments
    completed = subprocess.run(  # noqa: S603 - a fixed program with arguments WPQ builds
        [executable, *arguments], env=environment, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BackupError(refuse or f"{program} failed: {completed.stderr.strip()}")
    return completed.stdout


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


@click.command("backup", help="Copy the database, evidence documents included, to FILE while WPQ keeps running.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(file: Path):
    try:
        backup(file)
    except BackupError as problem:
        raise click.ClickException(str(problem)) from None
    click.echo(f"Backed up to {file}")


@click.command("restore", help="Replace the database with the backup in FILE. Stop WPQ first.")
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
