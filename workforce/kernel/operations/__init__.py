"""Running WPQ in production: health and readiness, request ids and JSON logs, Prometheus metrics.

Nothing is imported at the top of this package: the gunicorn settings module beside it is loaded by
gunicorn's master process, which must not import prometheus_client before the multiprocess folder is set.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from workforce.kernel.operations import health, job_queue, logs, metrics

    logs.init_app(app)
    metrics.init_app(app)
    health.init_app(app)
    job_queue.init_app(app)
