"""Prometheus metrics through prometheus_client, the Prometheus project's own Python exporter.

Counted in every process: requests by endpoint, method and status; request durations by endpoint; the time
taken by requests that import (kind of import) or send a spreadsheet or CSV (endpoint). Under gunicorn each
worker is a process of its own, so `PROMETHEUS_MULTIPROC_DIR` names a folder where the workers write their
values and `/metrics` adds them up (prometheus_client's multiprocess mode; the gunicorn settings in
`workforce.kernel.operations.gunicorn` set the folder up and clear a dead worker's files). Read when
scraped: the job queue's depth and failures, from the functions the job queue registers.

`/metrics` is served on the application's own port but only to a caller presenting `WPQ_METRICS_TOKEN`
as a bearer token; with no token configured it answers 404, as if it did not exist.
"""

from __future__ import annotations

import hmac
import logging
import os
import time
from collections.abc import Callable, Iterable

from flask import Blueprint, Flask, Response, abort, current_app, g, has_request_context, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

from workforce.kernel.permissions import public

REQUESTS = Counter(
    "wpq_http_requests", "Requests answered, by endpoint, method and status", ["endpoint", "method", "status"]
)
REQUEST_DURATION = Histogram(
    "wpq_http_request_duration_seconds",
    "Time from a request arriving to its answer, by endpoint",
    ["endpoint"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
)
#: Imports and exports take seconds at a large council (docs/performance.md), so the buckets reach minutes.
LONG_BUCKETS = (0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)
IMPORT_DURATION = Histogram(
    "wpq_import_duration_seconds",
    "Time taken by requests that check or apply an import, by kind",
    ["kind"],
    buckets=LONG_BUCKETS,
)
EXPORT_DURATION = Histogram(
    "wpq_export_duration_seconds",
    "Time taken by requests that send a spreadsheet or CSV, by endpoint",
    ["endpoint"],
    buckets=LONG_BUCKETS,
)

#: Content types of downloads counted as exports.
EXPORT_TYPES = frozenset(
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv", "application/pdf"}
)
#: name -> a function answering {label values: number} read when /metrics is scraped (the job queue).
GAUGES_EXTENSION = "wpq_metric_gauges"

blueprint = Blueprint("metrics", __name__)
logger = logging.getLogger(__name__)


def add_scraped_gauge(app: Flask, name: str, documentation: str, label: str, read: Callable[[], dict]) -> None:
    """A gauge whose values are read when /metrics is scraped, for example the job queue depth."""
    app.extensions.setdefault(GAUGES_EXTENSION, []).append((name, documentation, label, read))


class ScrapedGauges:
    def __init__(self, app: Flask):
        self.app = app

    def collect(self) -> Iterable[Metric]:
        for name, documentation, label, read in self.app.extensions.get(GAUGES_EXTENSION, []):
            family = GaugeMetricFamily(name, documentation, labels=[label])
            try:
                values = read()
            except Exception:  # an unreachable queue leaves the gauge out; /readyz reports why
                logger.warning("metric %s could not be read", name, exc_info=True)
                continue
            for value_label, value in values.items():
                family.add_metric([str(value_label)], value)
            yield family


def note_import(kind: str) -> None:
    """Called by every import (`hold_import_lock`): the request's duration is counted as this kind's."""
    if has_request_context():
        g.metrics_import_kind = kind


def observe(response: Response) -> Response:
    started = getattr(g, "request_started", None)
    if started is None:
        return response
    elapsed = time.perf_counter() - started
    endpoint = request.endpoint or "unmatched"
    REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    REQUEST_DURATION.labels(endpoint).observe(elapsed)
    kind = getattr(g, "metrics_import_kind", None)
    if kind:
        IMPORT_DURATION.labels(kind).observe(elapsed)
    if response.status_code == 200 and response.mimetype in EXPORT_TYPES:
        EXPORT_DURATION.labels(endpoint).observe(elapsed)
    return response


@blueprint.route("/metrics")
@public
def metrics():
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)
    supplied = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(supplied.encode(), token.encode()):
        return Response("A valid metrics token is required\n", status=401, headers={"WWW-Authenticate": "Bearer"})
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        counted = CollectorRegistry()
        MultiProcessCollector(counted)
    else:
        counted = REGISTRY
    scraped = CollectorRegistry()
    scraped.register(ScrapedGauges(current_app._get_current_object()))
    response = Response(generate_latest(counted) + generate_latest(scraped), mimetype=CONTENT_TYPE_LATEST)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(blueprint)
    app.after_request(observe)
