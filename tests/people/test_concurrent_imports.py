"""Two imports at once on PostgreSQL: one applies whole, then the other; never interleaved half-applied.

The imports run in two threads with their own connections and really commit, so the test uses a
PostgreSQL database of its own (made and dropped here). It is skipped when DATABASE_URL is not
PostgreSQL (CI's second stage runs the suite on PostgreSQL).
"""

from __future__ import annotations

import os
import threading
import time

import flask_migrate
import pytest
import sqlalchemy as sa

from tests.conftest import make_url_parts, reset_database
from workforce.app import create_app
from workforce.extensions import db
from workforce.people import imports

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgresql"), reason="needs PostgreSQL (DATABASE_URL)"
)

PEOPLE = 150


def staff_file(job_title: str, last_name: str) -> bytes:
    lines = ["EmployeeNumber,FirstName,LastName,Team,OrgRole,RoleStartDate,FTE,JobTitle"]
    lines += [
        f"C{number:05d},Person{number},{last_name},Concurrent Team,5,2025-04-01,1,{job_title}"
        for number in range(PEOPLE)
    ]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def own_database():
    server, _, name = make_url_parts(os.environ["DATABASE_URL"])
    database = f"{name}{os.environ.get('PYTEST_XDIST_WORKER', '')}_imports"
    admin = sa.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{database}"')
    app = create_app({"WPQ_ENV": "testing", "SQLALCHEMY_DATABASE_URI": f"{server}/{database}"})
    with app.app_context():
        reset_database(db.engine)
        flask_migrate.upgrade()
        from workforce.kernel.models import ServiceArea, Team

        db.session.add(Team(name="Concurrent Team", service_area=ServiceArea(name="Concurrent area")))
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    admin.dispose()


def waiting_for_advisory_lock(app) -> bool:
    with app.app_context(), db.engine.connect() as connection:
        return bool(
            connection.exec_driver_sql(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            ).scalar()
        )


def test_two_staff_imports_at_once_apply_one_after_the_other(own_database):
    app = own_database
    first_holds_lock, go_on = threading.Event(), threading.Event()
    committed: list[str] = []
    failures: list[BaseException] = []

    def run(name: str, job_title: str, last_name: str, hold_first: bool) -> None:
        try:
            with app.app_context():
                report, rows = imports.check_staff(staff_file(job_title, last_name), f"{name}.csv")
                assert report.ok, report.problems[:3]
                if hold_first:
                    imports.hold_import_lock("staff")
                    first_holds_lock.set()
                    assert go_on.wait(90), "the second import never reached the lock"
                imports.apply_staff(rows)
                db.session.commit()
                committed.append(name)
                db.session.remove()
        except BaseException as error:  # reported by the main thread
            failures.append(error)
            first_holds_lock.set()

    first = threading.Thread(target=run, args=("first", "Social worker", "Adams", True))
    second = threading.Thread(target=run, args=("second", "Senior social worker", "Brown", False))
    first.start()
    assert first_holds_lock.wait(30)
    second.start()
    # The second import, checked against an empty table, must now be waiting for the lock.
    deadline = time.monotonic() + 30
    while not waiting_for_advisory_lock(app) and time.monotonic() < deadline and not failures:
        time.sleep(0.05)
    waited = waiting_for_advisory_lock(app)
    go_on.set()
    first.join(60)
    second.join(60)

    assert not failures, failures
    assert waited, "the second import did not wait for the first"
    assert committed == ["first", "second"]
    with app.app_context():
        from workforce.people.models import Assignment, StaffMember

        people = db.session.execute(sa.select(StaffMember)).scalars().all()
        assert len(people) == PEOPLE
        assert {person.last_name for person in people} == {"Brown"}
        open_assignments = db.session.execute(
            sa.select(Assignment.staff_id, sa.func.count())
            .where(Assignment.end_date.is_(None))
            .group_by(Assignment.staff_id)
        ).all()
        assert len(open_assignments) == PEOPLE
        assert {count for _, count in open_assignments} == {1}
        db.session.remove()


def test_the_import_lock_is_held_until_the_transaction_ends(own_database):
    """The lock really is taken on PostgreSQL (and released at commit)."""
    app = own_database
    with app.app_context():
        imports.hold_import_lock("staff")
        held = db.session.execute(
            sa.text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()")
        ).scalar()
        db.session.commit()
        released = db.session.execute(
            sa.text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
        ).scalar()
        db.session.remove()
    assert (held, released) == (1, 0)
