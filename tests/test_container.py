"""The production image and compose file: compose.yaml is checked everywhere; the image is built where a
Docker engine runs, and the test says plainly that it skipped where none does."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_runs_web_worker_postgresql_and_redis():
    services = compose()["services"]
    assert set(services) == {"db", "redis", "migrate", "web", "worker"}
    assert services["web"]["command"][0] == "gunicorn"
    assert services["worker"]["command"] == ["wpq", "worker"]
    assert services["migrate"]["command"] == ["wpq", "db", "upgrade"]


def test_compose_migrates_once_before_web_and_worker_start():
    services = compose()["services"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert services["migrate"]["depends_on"]["db"] == {"condition": "service_healthy"}


def test_the_image_runs_as_a_user_without_privileges_and_without_development_dependencies():
    dockerfile = (ROOT / "Dockerfile").read_text()
    final_stage = dockerfile.rsplit("\nFROM ", 1)[1]
    assert "\nUSER wpq\n" in final_stage
    assert "[dev]" not in dockerfile
    assert dockerfile.count("\nFROM ") >= 2, "the image is built in stages"
    assert "npm ci" in dockerfile, "the GOV.UK assets are built into the image"


def docker_engine() -> str | None:
    """Why there is no Docker engine to build with, or None when there is one."""
    executable = shutil.which("docker")
    if executable is None:
        return "the docker client is not installed"
    probe = subprocess.run(
        [executable, "info", "--format", "{{.ServerVersion}}"], capture_output=True, text=True, check=False
    )
    if probe.returncode != 0:
        return "no Docker engine answers (`docker info`: " + (probe.stderr.strip().splitlines() or ["?"])[-1] + ")"
    return None


def test_the_image_builds_and_serves_healthz():
    reason = docker_engine()
    if reason:
        pytest.skip(f"The image build needs a Docker engine and {reason}; it runs where one does.")
    tag = "wpq:test-build"
    subprocess.run(["docker", "build", "--tag", tag, str(ROOT)], check=True)
    user = subprocess.run(
        ["docker", "run", "--rm", "--entrypoint", "id", tag, "-u"], capture_output=True, text=True, check=True
    )
    assert user.stdout.strip() != "0"
    listing = subprocess.run(
        ["docker", "run", "--rm", "--entrypoint", "pip", tag, "list"], capture_output=True, text=True, check=True
    )
    assert "pytest" not in listing.stdout
    health = subprocess.run(
        [
            "docker", "run", "--rm", "--env", "SECRET_KEY=image-test-secret-only", "--env",
            "DATABASE_URL=sqlite:////tmp/wpq.sqlite3", "--entrypoint", "sh", tag, "-c",
            "wpq db upgrade && python -c \"from workforce.app import create_app; "
            "c = create_app().test_client(); print(c.get('/healthz').status_code, c.get('/readyz').status_code)\"",
        ],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert health.stdout.strip().splitlines()[-1] == "200 200"
