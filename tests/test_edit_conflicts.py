"""Optimistic locking: when two people edit the same record, the second is told and keeps what they typed.

Each test opens the form twice (two browsers), saves the first, then saves the second from its stale form:
the second save is refused with an error summary, the page shows what the second person typed, and the
record keeps the first person's change. Saving again from that page (now at the current version) works.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.builders import create_user
from tests.conftest import ClientRequest, error_summary
from workforce.kernel.models import EditConflict
from workforce.kernel.roles import Role

CONFLICT = "was changed by someone else while you were editing it"


def form_values(page: BeautifulSoup) -> dict[str, object]:
    """What a browser would submit from the page's posting form, as it stands."""
    posting = [form for form in page.find_all("form") if (form.get("method") or "").lower() == "post"]
    form = max(posting, key=lambda form: len(form.find_all(["input", "select", "textarea"])))
    values: dict[str, list[str]] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") == "submit":
            continue
        if field.name == "select":
            option = field.find("option", selected=True) or field.find("option")
            value = option.get("value", option.get_text()) if option else ""
        elif field.name == "textarea":
            value = field.get_text()
        elif field.get("type") in ("checkbox", "radio"):
            if not field.has_attr("checked"):
                continue
            value = field.get("value", "y")
        else:
            value = field.get("value", "")
        values.setdefault(name, []).append(value)
    return {name: found[0] if len(found) == 1 else found for name, found in values.items()}


def two_editors(app, user, other_user=None) -> tuple[ClientRequest, ClientRequest]:
    first, second = ClientRequest(app.test_client(), app), ClientRequest(app.test_client(), app)
    first.login(user)
    second.login(other_user or user)
    return first, second


def assert_second_is_told_and_keeps_input(second, endpoint, values, typed_field, typed_value, **url_values):
    page = second.post(endpoint, values, _expected_status=200, **url_values)
    messages = error_summary(page)
    assert any(CONFLICT in message for message in messages), messages
    kept = form_values(page)
    assert kept[typed_field] == typed_value, f"{typed_field} shows {kept[typed_field]!r}"
    return kept


def test_two_people_editing_a_staff_record(app, db):
    from tests.people.builders import create_assignment

    person = create_assignment().staff_member
    first, second = two_editors(app, create_user(Role.HR), create_user(Role.HR))
    first_form = form_values(first.get("people.edit_staff", staff_id=person.id))
    second_form = form_values(second.get("people.edit_staff", staff_id=person.id))

    first.post("people.edit_staff", {**first_form, "first_name": "Amara"}, staff_id=person.id)
    kept = assert_second_is_told_and_keeps_input(
        second, "people.edit_staff", {**second_form, "first_name": "Bella"}, "first_name", "Bella", staff_id=person.id
    )
    db.session.refresh(person)
    assert person.first_name == "Amara"

    second.post("people.edit_staff", kept, staff_id=person.id)
    db.session.refresh(person)
    assert person.first_name == "Bella"
    assert person.version == 3


def test_two_people_editing_a_post(app, db):
    from tests.people.builders import create_post

    post = create_post()
    first, second = two_editors(app, create_user(Role.HR), create_user(Role.HR))
    first_form = form_values(first.get("people.edit_post", post_id=post.id))
    second_form = form_values(second.get("people.edit_post", post_id=post.id))

    first.post("people.edit_post", {**first_form, "job_title": "Senior social worker"}, post_id=post.id)
    assert_second_is_told_and_keeps_input(
        second,
        "people.edit_post",
        {**second_form, "job_title": "Advanced practitioner"},
        "job_title",
        "Advanced practitioner",
        post_id=post.id,
    )
    db.session.refresh(post)
    assert post.job_title == "Senior social worker"


def test_two_people_ending_the_same_agency_engagement(app, db):
    from tests.agency.builders import create_engagement

    engagement = create_engagement()
    first, second = two_editors(app, create_user(Role.HR), create_user(Role.HR))
    first_form = form_values(first.get("agency.end_engagement", engagement_id=engagement.id))
    second_form = form_values(second.get("agency.end_engagement", engagement_id=engagement.id))

    first.post(
        "agency.end_engagement",
        {**first_form, "end_date": "2026-10-30", "end_reference": "Good"},
        engagement_id=engagement.id,
    )
    assert_second_is_told_and_keeps_input(
        second,
        "agency.end_engagement",
        {**second_form, "end_date": "2026-10-31", "end_reference": "Reliable and thorough"},
        "end_reference",
        "Reliable and thorough",
        engagement_id=engagement.id,
    )
    db.session.refresh(engagement)
    assert engagement.end_reference == "Good"


def test_two_administrators_editing_a_pipeline_stage(app, db):
    from workforce.recruitment import services

    stage = services.ensure_default_stages()[1]
    db.session.commit()
    first, second = two_editors(app, create_user(Role.ADMINISTRATOR), create_user(Role.ADMINISTRATOR))
    first_form = form_values(first.get("recruitment.edit_stage", stage_id=stage.id))
    second_form = form_values(second.get("recruitment.edit_stage", stage_id=stage.id))

    first.post("recruitment.edit_stage", {**first_form, "name": "Longlisted"}, stage_id=stage.id)
    assert_second_is_told_and_keeps_input(
        second, "recruitment.edit_stage", {**second_form, "name": "Sifted"}, "name", "Sifted", stage_id=stage.id
    )
    db.session.refresh(stage)
    assert stage.name == "Longlisted"


def test_an_audit_saved_from_two_tabs(app, db):
    from tests.audits.builders import create_audit

    auditor = create_user(Role.QA_OFFICER)
    audit = create_audit(auditor=auditor)
    first, second = two_editors(app, auditor)
    first_form = form_values(first.get("audits.record_audit", audit_id=audit.id))
    second_form = form_values(second.get("audits.record_audit", audit_id=audit.id))
    first_form.pop("submit", None)
    second_form.pop("submit", None)

    first.post("audits.record_audit", {**first_form, "strengths": "Warm relationships"}, audit_id=audit.id)
    assert_second_is_told_and_keeps_input(
        second,
        "audits.record_audit",
        {**second_form, "strengths": "Clear chronology"},
        "strengths",
        "Clear chronology",
        audit_id=audit.id,
    )
    db.session.refresh(audit)
    assert audit.strengths == "Warm relationships"


def test_a_save_from_a_stale_version_is_refused_in_sql_even_when_the_object_looks_current(db):
    """Two workers racing: the object in this session says version 1, but the row has moved on."""
    from tests.people.builders import create_post
    from workforce.people.models import Post

    post = create_post()
    db.session.execute(Post.__table__.update().where(Post.id == post.id).values(version=2))
    with pytest.raises(EditConflict):
        post.save_edit(1)


def test_two_people_changing_a_vacancys_advert(app, db):
    from tests.recruitment.builders import create_vacancy

    vacancy = create_vacancy()
    first, second = two_editors(app, create_user(Role.HR), create_user(Role.HR))
    first_form = form_values(first.get("recruitment.advertise_vacancy", vacancy_id=vacancy.id))
    second_form = form_values(second.get("recruitment.advertise_vacancy", vacancy_id=vacancy.id))

    first.post(
        "recruitment.advertise_vacancy",
        {**first_form, "opens_on": "2026-12-01", "closes_on": "2026-12-20"},
        vacancy_id=vacancy.id,
    )
    assert_second_is_told_and_keeps_input(
        second,
        "recruitment.advertise_vacancy",
        {**second_form, "opens_on": ["2", "12", "2026"], "closes_on": ["31", "12", "2026"]},
        "closes_on",
        ["31", "12", "2026"],
        vacancy_id=vacancy.id,
    )
    db.session.refresh(vacancy)
    assert str(vacancy.advert_closes_on) == "2026-12-20"


def test_two_people_taking_the_same_register(app, db):
    from academy.constants import Attendance
    from tests.academy.builders import create_enrolment, create_session

    session = create_session()
    enrolment = create_enrolment(session)
    lead = create_user(Role.ACADEMY_LEAD)
    first, second = two_editors(app, lead, create_user(Role.ACADEMY_LEAD))
    first_form = form_values(first.get("academy.take_register", session_id=session.id))
    second_form = form_values(second.get("academy.take_register", session_id=session.id))

    first.post("academy.take_register", {**first_form, f"status_{enrolment.id}": "present"}, session_id=session.id)
    assert_second_is_told_and_keeps_input(
        second,
        "academy.take_register",
        {**second_form, f"status_{enrolment.id}": "absent", f"remarks_{enrolment.id}": "Off sick"},
        f"remarks_{enrolment.id}",
        "Off sick",
        session_id=session.id,
    )
    db.session.refresh(enrolment)
    assert enrolment.attendance is Attendance.PRESENT


def test_two_tabs_changing_the_same_unsigned_supervision_record(app, db, frozen_clock):
    from datetime import UTC, date, datetime

    from tests.supervision.builders import create_supervision, create_supervision_team

    frozen_clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    _, manager_user, manager, _, worker = create_supervision_team()
    supervision = create_supervision(worker, manager, held_on=date(2026, 11, 20))
    db.session.commit()
    first, second = two_editors(app, manager_user)
    first_form = form_values(first.get("supervision.edit_supervision", supervision_id=supervision.id))
    second_form = form_values(second.get("supervision.edit_supervision", supervision_id=supervision.id))

    first.post(
        "supervision.edit_supervision", {**first_form, "agenda": "Workload first"}, supervision_id=supervision.id
    )
    assert_second_is_told_and_keeps_input(
        second,
        "supervision.edit_supervision",
        {**second_form, "agenda": "Wellbeing first"},
        "agenda",
        "Wellbeing first",
        supervision_id=supervision.id,
    )
    db.session.refresh(supervision)
    assert supervision.agenda == "Workload first"
