"""A committee viewer walks every route of the app and meets no personal data (docs/improvement.md)."""

import io
import re
import zipfile
from datetime import date

from tests.builders import create_team, create_user
from tests.improvement.builders import create_action, create_plan_measure, create_strand
from tests.people.builders import create_assignment, create_staff_member
from workforce.extensions import db
from workforce.improvement import services
from workforce.improvement.constants import ActionStatus, Rating
from workforce.improvement.periods import compute_period, publish_period
from workforce.kernel.roles import Role

CASE_REFERENCE = "CASE-778899"


def _set_up_plan_with_personal_data():
    team = create_team(name="Assessment Team 9")
    hannah = create_user(Role.HR, name="Hannah Secret", email="hannah.secret@example.gov.uk")
    priya = create_user(Role.SENIOR_LEADER, name="Priya Hidden", email="priya.hidden@example.gov.uk")
    sam = create_user(Role.SOCIAL_WORKER, name="Sam Private", email="sam.private@example.gov.uk", team=team)
    staff = create_staff_member(first_name="Olwen", last_name="Quietly", employee_number="E424242")
    create_assignment(staff, team=team)
    strand = create_strand(title="Workforce")
    create_plan_measure(strand)
    create_plan_measure(strand, "test_social_worker_share", baseline_value=50, target_value=40)
    action = create_action(strand, title="Recruit experienced social workers", owner=hannah)
    services.add_update(
        action,
        f"Discussed with Sam Private about {CASE_REFERENCE}",
        ActionStatus.AWAITING_SIGN_OFF,
        Rating.AMBER,
        hannah,
    )
    services.link_measure(action, "test_team_members", priya)
    services.sign_off(action, priya, "Delivered", action.evidence)
    services.add_document(action, f"{CASE_REFERENCE} chronology.pdf", b"%PDF-1.4 Olwen Quietly", priya)
    publish_period(compute_period(date(2026, 1, 1)))
    compute_period(date(2026, 2, 1))
    db.session.commit()
    personal = [
        "Hannah Secret",
        "hannah.secret@",
        "Priya Hidden",
        "priya.hidden@",
        "Sam Private",
        "sam.private@",
        "Olwen",
        "Quietly",
        "E424242",
        staff.swe_number,
        CASE_REFERENCE,
    ]
    ids = {
        "plan_id": strand.plan_id,
        "strand_id": strand.id,
        "action_id": action.id,
        "plan_measure_id": strand.measures[0].id,
        "evidence_id": action.evidence[-1].id,
        "team_id": team.id,
        "user_id": sam.id,
        "period_key": "2026-01",
    }
    return personal, ids


def _texts(response) -> str:
    data = response.get_data()
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return data.decode("utf-8", "replace")


def _urls(app, ids):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        arguments = {}
        for name in rule.arguments:
            arguments[name] = ids.get(name, ids["user_id"] if name.endswith("id") else "2026-01")
        path = rule.build(arguments)[1] if rule.arguments else rule.rule
        yield rule, path


def test_a_committee_viewer_finds_no_personal_data_on_any_route(plan_app, plan_client):
    personal, ids = _set_up_plan_with_personal_data()
    viewer = create_user(Role.COMMITTEE_VIEWER, name="Cllr Viewer", email="cllr.viewer@example.gov.uk")
    plan_client.login(viewer)
    token = plan_client._token()
    visited = []
    for rule, path in _urls(plan_app, ids):
        variants = [path]
        if path.startswith("/improvement"):
            variants += [f"{path}?period=2026-01", f"{path}?period=2026-02"]
        for url in variants:
            responses = []
            if "GET" in rule.methods:
                responses.append(plan_client.client.get(url))
            if "POST" in rule.methods and not url.startswith("/sign-out"):
                responses.append(plan_client.client.post(url, data={"csrf_token": token}))
            for response in responses:
                text = _texts(response)
                found = [item for item in personal if re.search(re.escape(item), text, re.IGNORECASE)]
                assert not found, f"{url} ({response.status_code}) shows {found}"
                visited.append((url, response.status_code))
    reached = {url for url, status in visited if status == 200}
    assert f"/improvement/actions/{ids['action_id']}" in reached
    # The pack is built by a job: its file, fetched from the job's page, holds no personal data either.
    pack = plan_client.job_file("improvement.download_pack", plan_id=ids["plan_id"], period="2026-01")
    found = [item for item in personal if re.search(re.escape(item), _texts(pack), re.IGNORECASE)]
    assert not found, f"the committee pack shows {found}"
    assert f"/improvement/plan-measures/{ids['plan_measure_id']}" in reached
