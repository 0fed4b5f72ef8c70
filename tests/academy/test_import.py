"""Importing past completions from a spreadsheet: all rows or none, with a report by row."""

import io
from datetime import date

from openpyxl import Workbook

from academy.constants import CompletionSource
from academy.models import Completion
from tests.academy.builders import create_course, create_person
from tests.builders import create_user
from workforce.kernel.roles import Role


def _xlsx(rows) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Employee number", "Course", "Completed on"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _upload(client_request, rows):
    return client_request.client.post(
        client_request.url("academy.import_completions"),
        data={"csrf_token": client_request._token(), "file": (_xlsx(rows), "completions.xlsx")},
        content_type="multipart/form-data",
    )


def test_a_clean_file_is_previewed_then_imported(client_request, db):
    person = create_person()
    course = create_course(title="Court skills", validity_months=24)
    client_request.login(create_user(Role.ACADEMY_LEAD))
    response = _upload(client_request, [[person.employee_number, "court skills", date(2024, 5, 1)]])
    assert response.status_code == 200
    assert "1 completions will be imported" in response.get_data(as_text=True)
    assert db.session.execute(db.select(Completion)).scalars().all() == []
    token = response.get_data(as_text=True).split("/academy/completions/import/")[1].split('"')[0]
    client_request.post("academy.confirm_import", token=token)
    completion = db.session.execute(db.select(Completion)).scalar_one()
    assert (completion.staff_id, completion.course_id) == (person.id, course.id)
    assert (completion.expires_on, completion.source) == (date(2026, 5, 1), CompletionSource.IMPORT)


def test_one_bad_row_imports_nothing_and_the_report_names_each_problem(client_request, db):
    person = create_person()
    create_course(title="Court skills")
    client_request.login(create_user(Role.ACADEMY_LEAD))
    response = _upload(
        client_request,
        [
            [person.employee_number, "Court skills", date(2024, 5, 1)],
            ["E999999", "Court skills", "2024-05-01"],
            [person.employee_number, "Knitting", "not a date"],
            [person.employee_number, "Court skills", date(2024, 5, 1)],
        ],
    )
    text = response.get_data(as_text=True)
    assert "Nothing was imported" in text
    assert "There is no staff record with this employee number" in text
    assert "Enter a real date" in text
    assert "This row repeats row 2" in text
    assert db.session.execute(db.select(Completion)).scalars().all() == []


def test_a_team_manager_cannot_import(client_request, db):
    client_request.login(create_user(Role.TEAM_MANAGER))
    client_request.get("academy.import_completions", _expected_status=403)


def test_a_learning_system_export_imports_through_a_saved_mapping(client_request, db):
    from workforce.kernel.import_mappings.services import create_mapping

    person = create_person()
    course = create_course(title="Court skills", validity_months=24)
    mapping = create_mapping(
        "training",
        "Learning Pool",
        columns={"Employee number": "Learner ID", "Course": "Learning Item", "Completed on": "Completion Date"},
        date_format="%m/%d/%Y",
    )
    db.session.commit()
    client_request.login(create_user(Role.ACADEMY_LEAD))
    csv = f"Learner ID,Learning Item,Completion Date\n{person.employee_number},Court skills,05/01/2024\n"
    data = {"csrf_token": client_request._token(), "file": (io.BytesIO(csv.encode()), "lp.csv"), "mapping": mapping.id}
    response = client_request.client.post(client_request.url("academy.import_completions"), data=data)
    assert "1 completions will be imported" in response.get_data(as_text=True)
    token = response.get_data(as_text=True).split("/academy/completions/import/")[1].split('"')[0]
    client_request.post("academy.confirm_import", {"mapping": str(mapping.id)}, token=token)
    completion = db.session.execute(db.select(Completion)).scalar_one()
    assert (completion.course_id, completion.completed_on) == (course.id, date(2024, 5, 1))

    bad = f"Learner ID,Learning Item,Completion Date\n{person.employee_number},Court skills,13/01/2024\n"
    data = {"csrf_token": client_request._token(), "file": (io.BytesIO(bad.encode()), "lp.csv"), "mapping": mapping.id}
    page = client_request.client.post(client_request.url("academy.import_completions"), data=data)
    assert "Completion Date" in page.get_data(as_text=True)
