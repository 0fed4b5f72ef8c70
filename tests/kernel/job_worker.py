"""A real worker process for the tests: `wpq worker`, started as `python -m tests.kernel.job_worker`.

With WPQ_TEST_HOLD_FILE set, a caseload import stops part-way through saving (some rows written, nothing
committed), touches that file and waits there, so that a test can kill the worker at exactly that point. With
WPQ_TEST_HOLD_PERIOD also set ("compute" or "publish"), it is computing or publishing a reporting month that
stops there instead: the month's figures written, or the month marked published, and nothing committed.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from workforce.app import create_app
from workforce.caseloads import imports
from workforce.kernel.jobs.commands import run_worker


def hold_while_saving(held: Path):
    save_snapshot = imports.save_snapshot

    def held_save(request, outcome, progress=imports._no_progress):
        def progress_then_hold(stage, done, total):
            progress(stage, done, total)
            if stage == "Saving" and 0 < done < total:
                held.write_text(str(os.getpid()))
                while True:
                    time.sleep(1)

        return save_snapshot(request, outcome, progress_then_hold)

    imports.save_snapshot = held_save


def hold(held: Path):
    from workforce.extensions import db

    db.session.flush()
    held.write_text(str(os.getpid()))
    while True:
        time.sleep(1)


def hold_while_writing_the_month(held: Path, step: str):
    from workforce.improvement import periods

    if step == "compute":
        add_values = periods._add_values

        def held_add_values(period, figures, revision):
            add_values(period, figures, revision)
            hold(held)

        periods._add_values = held_add_values
    else:
        publish_period = periods.publish_period

        def held_publish(period):
            publish_period(period)
            hold(held)

        periods.publish_period = held_publish


def main() -> None:
    if os.environ.get("WPQ_TEST_HOLD_PERIOD"):
        hold_while_writing_the_month(Path(os.environ["WPQ_TEST_HOLD_FILE"]), os.environ["WPQ_TEST_HOLD_PERIOD"])
    elif os.environ.get("WPQ_TEST_HOLD_FILE"):
        hold_while_saving(Path(os.environ["WPQ_TEST_HOLD_FILE"]))
    run_worker(create_app())


if __name__ == "__main__":
    main()
