"""Importing a council system's extract through the web: the mapping chooser, the first rows, untranslated codes
offered for translation, and a full extract's missing people confirmed before anything is applied."""

import io
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from tests.builders import create_team, create_user
from tests.conftest import error_summary
from tests.people.test_imports import as_csv
from tests.people.test_mapped_imports import HR_HEADERS, hr_mapping, hr_rows
from workforce.kernel.roles import Role
from workforce.people.constants import ReasonForLeaving
from workforce.people.models import Assignment, StaffMember


def upload(client_request, rows, mapping, full=False):
    data = {"file": (io.BytesIO(as_csv(rows, HR_HEADERS)), "northgate.csv"), "mapping": str(mapping.id)}
    if full:
        data["full"] = "y"
    return client_request.post("people.import_file", data, _expected_status=200, kind="staff")


def _assignment(db, number):
    query = select(Assignment).join(StaffMember).where(StaffMember.employee_number == number)
    return db.session.execute(query).scalar_one()


def test_an_extract_is_read_through_the_chosen_mapping_and_its_first_rows_shown(client_request, db):
    create_team("Assessment Team 1")
    mapping = hr_mapping()
    db.session.commit()
    client_request.login(create_user(Role.HR))
    page = client_request.get("people.import_file", kind="staff")
    assert "Northgate monthly" in [option.get_text() for option in page.select("select[name=mapping] option")]
    page = upload(client_request, hr_rows("Assessment Team 1"), mapping)
    assert "Records added" in page.get_text()
    headers = [th.get_text(" ", strip=True) for th in page.select("details table thead th")]
    assert "OrgRole Grade" in headers and "FTE worked out" in headers
    assert page.select("details table tbody tr")[1].get_text(" ", strip=True).count("0.5") == 1
    client_request.post(
        "people.confirm_import",
        {"token": page.select_one("input[name=token]")["value"], "mapping": str(mapping.id)},
        kind="staff",
    )
    assert db.session.execute(select(func.count()).select_from(StaffMember)).scalar_one() == 5


def test_untranslated_codes_are_offered_for_translation_then_the_file_is_checked_again(client_request, db):
    create_team("Assessment Team 1")
    mapping = hr_mapping()
    db.session.commit()
    client_request.login(create_user(Role.HR))
    rows = hr_rows("Assessment Team 1")
    rows[0]["Grade"] = rows[3]["Grade"] = "PSW"
    page = upload(client_request, rows, mapping)
    labels = [label.get_text(" ", strip=True) for label in page.select("form label[for^=to-]")]
    assert labels == ["Census role: PSW (column Grade, rows 2, 5)"]
    form = page.select_one("form[action$='/translations']")
    data = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    data["to-0"] = "4"
    page = client_request.post_url(form["action"], data, _follow_redirects=True, _expected_status=200)
    assert "Records added" in page.get_text()
    db.session.refresh(mapping)
    assert mapping.translations["OrgRole"]["PSW"] == "4"


def test_a_full_extract_lists_the_people_it_leaves_out_and_applies_nothing_until_each_is_decided(
    client_request, db, frozen_clock
):
    frozen_clock.set(datetime(2025, 10, 1, 9, tzinfo=UTC))
    create_team("Assessment Team 1")
    mapping = hr_mapping()
    db.session.commit()
    client_request.login(create_user(Role.HR))
    page = upload(client_request, hr_rows("Assessment Team 1"), mapping, full=True)
    token = page.select_one("input[name=token]")["value"]
    client_request.post(
        "people.confirm_import", {"token": token, "mapping": str(mapping.id), "full": "1"}, kind="staff"
    )

    later = [row for row in hr_rows("Assessment Team 1") if row["Staff No"] not in ("E00002", "E00003")]
    page = upload(client_request, later, mapping, full=True)
    assert "2 people in post in WPQ are not in this full extract" in page.get_text()
    token = page.select_one("input[name=token]")["value"]
    base = {"token": token, "mapping": str(mapping.id), "full": "1"}
    base |= {"people-0-employee_number": "E00002", "people-1-employee_number": "E00003"}

    page = client_request.post(
        "people.confirm_import", {**base, "people-0-decision": "left"}, _expected_status=200, kind="staff"
    )
    assert error_summary(page) == [
        "Enter their last day",
        "Choose the reason for leaving",
        "Choose the destination",
        "Say whether this person has left or is still in post",
    ]
    assert _assignment(db, "E00002").end_date is None

    decided = {
        **base,
        "people-0-decision": "left",
        "people-0-last_day": "2025-09-12",
        "people-0-reason": "5",
        "people-0-destination": "8",
        "people-1-decision": "kept",
    }
    client_request.post("people.confirm_import", decided, kind="staff")
    left = _assignment(db, "E00002")
    assert (left.end_date, left.reason_for_leaving, left.is_leaving) == (
        date(2025, 9, 12),
        ReasonForLeaving.RETIRED,
        True,
    )
    assert _assignment(db, "E00003").end_date is None
    db.session.refresh(mapping)
    assert mapping.kept == ["E00003"]
