"""The GOV.UK Notify channel against a local HTTP server that answers as the Notify API does."""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.kernel.notifications.council import NOW, TODAY, build_council
from tests.kernel.notifications.smtp import free_port
from workforce.kernel.notifications import rounds

SERVICE_ID = str(uuid.uuid4())
API_KEY = f"wpq_test-{SERVICE_ID}-{uuid.uuid4()}"


class NotifyApi(BaseHTTPRequestHandler):
    received: list[dict] = []
    status = 201

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append({"path": self.path, "auth": self.headers["Authorization"], **body})
        answer = (
            {"id": str(uuid.uuid4()), "reference": body.get("reference")}
            if self.status == 201
            else {"status_code": self.status, "errors": [{"error": "Exception", "message": "Internal server error"}]}
        )
        payload = json.dumps(answer).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def notify(app, monkeypatch):
    NotifyApi.received = []
    NotifyApi.status = 201
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), NotifyApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setitem(app.config, "NOTIFY_API_KEY", API_KEY)
    monkeypatch.setitem(app.config, "NOTIFY_BASE_URL", f"http://127.0.0.1:{server.server_port}")
    monkeypatch.setitem(app.config, "NOTIFY_TEMPLATE_IDS", {"reminder": "t-reminder", "digest": "t-digest"})
    yield NotifyApi
    server.shutdown()
    server.server_close()


@pytest.fixture
def council(app, db, frozen_clock):
    frozen_clock.set(NOW)
    with app.test_request_context():
        yield build_council()


def test_reminders_go_to_notify_with_their_template_and_reference(council, notify):
    report = rounds.send_round(TODAY, digests=True)
    assert (report.sent, report.failed) == (8, 0)
    assert {item["path"] for item in notify.received} == {"/v2/notifications/email"}
    assert all(item["auth"].startswith("Bearer ") for item in notify.received)
    templates = sorted(item["template_id"] for item in notify.received)
    assert templates == ["t-digest"] + ["t-reminder"] * 7
    to_sam = next(item for item in notify.received if item["email_address"] == "sam@example.gov.uk")
    assert to_sam["personalisation"]["subject"].startswith("A case-file audit in Riverside Assessment")
    assert to_sam["reference"].isdigit()


def test_an_error_from_notify_leaves_the_message_to_be_tried_again(council, notify):
    notify.status = 500
    report = rounds.send_round(TODAY)
    assert (report.sent, report.failed) == (0, 7)
    notify.status = 201
    notify.received = []
    report = rounds.send_round(TODAY)
    assert (report.sent, report.failed) == (7, 0)
    assert len(notify.received) == 7
