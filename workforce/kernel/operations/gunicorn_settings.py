"""gunicorn settings for WPQ in production: `gunicorn -c python:workforce.kernel.operations.gunicorn_settings
"workforce.app:create_app()"` (docs/deployment.md). Each value can be changed by the environment.

Loaded by gunicorn's master process before any worker starts: it imports neither Flask nor prometheus_client
at the top, because prometheus_client decides at import whether it runs in multiprocess mode, and it must
see `PROMETHEUS_MULTIPROC_DIR` set first.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

bind = os.environ.get("WPQ_BIND", "0.0.0.0:8000")
worker_class = "gthread"
#: docs/deployment.md, production profile: 2 x CPU cores, 4 threads. Long work runs as jobs in `wpq worker`,
#: so a request stuck for 60 s is a fault, and workers can be recycled now and then (as `wpq serve` does).
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
threads = int(os.environ.get("WPQ_THREADS", "4"))
timeout = int(os.environ.get("WPQ_TIMEOUT", "60"))
max_requests = 2000
max_requests_jitter = 200
#: A listening socket per worker that the kernel shares connections between (SO_REUSEPORT, Linux), so that a
#: reverse proxy's few long-lived connections spread over every worker instead of all going to whichever
#: wakes first (docs/performance.md, the working-day run).
reuse_port = sys.platform.startswith("linux")
#: WPQ writes its own request line (JSON, with the request id and user id, without the query string).
accesslog = None
errorlog = "-"
#: Reload and stop with signals (HUP, TERM) as systemd and Docker send them; no control socket in $HOME,
#: which two WPQ services on one host (a regional alliance) would otherwise share.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

#: Where the workers keep their metric values for /metrics to add up: the folder the environment names (the
#: image's /srv/wpq/metrics, a systemd RuntimeDirectory), or else one of this master's own, removed at exit.
_OWN_FOLDER = "PROMETHEUS_MULTIPROC_DIR" not in os.environ
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(Path(tempfile.gettempdir()) / f"wpq-metrics-{os.getpid()}"))

if os.environ.get("WPQ_LOG_FORMAT", "json" if os.environ.get("WPQ_ENV") == "production" else "text") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level"},
            }
        },
        "handlers": {"json": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "root": {"level": "INFO", "handlers": []},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["json"], "propagate": False},
            # WPQ's own request line is the access log: gunicorn's would add the caller's address.
            "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
        },
    }


def _empty_metrics_folder() -> Path:
    """Empty the folder (keeping it: its parent may not be writable by the service's user)."""
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    for entry in folder.iterdir():
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    return folder


def on_starting(server):
    """Start with an empty metrics folder: values left by an earlier run would be added to this one's."""
    _empty_metrics_folder()


def on_exit(server):
    folder = _empty_metrics_folder()
    if _OWN_FOLDER:
        folder.rmdir()


def child_exit(server, worker):
    """A worker that ended leaves its counters (they still count) but not its live gauges."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
