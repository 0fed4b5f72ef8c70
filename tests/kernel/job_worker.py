"""A real worker process for the tests: `wpq worker`, started as `python -m tests.kernel.job_worker`.

With WPQ_TEST_HOLD_FILE set, a caseload import stops part-way through saving (some rows written, nothing
committed), touches that file and waits there, so that a test can kill the worker at exactly that point.
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


def main() -> None:
    if os.environ.get("WPQ_TEST_HOLD_FILE"):
        hold_while_saving(Path(os.environ["WPQ_TEST_HOLD_FILE"]))
    run_worker(create_app())


if __name__ == "__main__":
    main()
