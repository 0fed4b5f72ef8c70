"""Starts the real OpenID Connect provider (panva/oidc-provider, from npm) on a free local port for the tests."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from bs4 import BeautifulSoup

HERE = Path(__file__).resolve().parent
#: The callback WPQ's test client answers at (Flask's test client serves http://localhost).
REDIRECT_URI = "http://localhost/sign-in/council/callback"
POST_LOGOUT_REDIRECT_URI = "http://localhost/sign-in"
CLIENT_SECRET = "test-client-secret-for-wpq-sign-in-tests"


def install() -> None:
    """`npm ci` the provider the first time (a fresh clone has no node_modules)."""
    if (HERE / "node_modules" / "oidc-provider").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed for the OpenID Connect tests (apt-get install nodejs npm)")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class RunningProvider:
    issuer: str
    process: subprocess.Popen

    def app_config(self, client_id: str = "wpq") -> dict:
        return {
            "WPQ_OIDC_ISSUER": self.issuer,
            "WPQ_OIDC_CLIENT_ID": client_id,
            "WPQ_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        }


def start(accounts: dict[str, dict]) -> RunningProvider:
    install()
    port = _free_port()
    environment = {
        **os.environ,
        "PORT": str(port),
        "ACCOUNTS": json.dumps(accounts),
        "REDIRECT_URI": REDIRECT_URI,
        "POST_LOGOUT_REDIRECT_URI": POST_LOGOUT_REDIRECT_URI,
    }
    process = subprocess.Popen(
        [shutil.which("node") or "node", str(HERE / "provider.mjs")],
        cwd=HERE,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("oidc-provider stopped: " + process.stdout.read().decode(errors="replace"))
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).ok:
                return RunningProvider(issuer, process)
        except requests.ConnectionError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("oidc-provider did not start within a minute")


def stop(provider: RunningProvider) -> None:
    provider.process.terminate()
    try:
        provider.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        provider.process.kill()
    if provider.process.stdout:
        provider.process.stdout.close()


def log_in_at_provider(authorize_url: str, login: str) -> str:
    """Act as the person's browser at the provider: follow its redirects, fill in its login form, and return
    the address it sends the browser back to (WPQ's callback, with the code and state)."""
    browser = requests.Session()
    url, method, data = authorize_url, "GET", None
    for _ in range(20):
        response = browser.request(method, url, data=data, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url, method, data = urljoin(url, response.headers["Location"]), "GET", None
            if urlsplit(url).hostname == "localhost":
                return url
            continue
        form = BeautifulSoup(response.text, "html.parser").find("form")
        if form is None:
            raise AssertionError(f"The provider answered {response.status_code} without a form: {response.text[:300]}")
        data = {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}
        if "login" in data:
            data.update(login=login, password="any password")
        url, method = urljoin(url, form["action"]), form.get("method", "post").upper()
    raise AssertionError("The provider never sent the browser back to WPQ")
