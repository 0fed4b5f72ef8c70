"""A web process for the tests that is killed (SIGKILL) the moment its transaction starting a caseload import
has committed, before it can hand the job to the queue: the worst moment for a web process to die.

`python -m tests.kernel.web_process <extract file> <snapshot date>`
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

from workforce.app import create_app
from workforce.caseloads import imports, jobs
from workforce.extensions import db


def die(session) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    path, on = Path(sys.argv[1]), date.fromisoformat(sys.argv[2])
    app = create_app()
    with app.app_context():
        jobs.create_job(imports.SnapshotImport(path.read_bytes(), path.name, on))
        # Runs before the listener that hands committed jobs to the queue.
        event.listen(Session, "after_commit", die, insert=True)
        db.session.commit()


if __name__ == "__main__":
    main()
