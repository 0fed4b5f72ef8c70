"""The column mapping pages: create one with suggestions from a sample file, edit its columns and codes."""

import io

from sqlalchemy import select

from tests.builders import create_user
from tests.conftest import error_summary
from workforce.kernel.import_mappings.models import ImportMapping
from workforce.kernel.import_mappings.services import create_mapping
from workforce.kernel.roles import Role


def test_a_mapping_is_created_with_columns_suggested_from_a_sample_file(client_request, db):
    client_request.login(create_user(Role.HR))
    sample = (
        b"Staff No,Forename,Surname,Org Unit,Grade,Assignment Start,Weekly Hours,Notes\nE1,A,B,T,SW,01/01/2025,37,x\n"
    )
    page = client_request.post(
        "import_mappings.create_mapping",
        {"kind": "staff", "name": "iTrent", "source": "iTrent", "sample": (io.BytesIO(sample), "sample.csv")},
        _follow_redirects=True,
        _expected_status=200,
    )
    mapping = db.session.execute(select(ImportMapping)).scalar_one()
    assert mapping.columns == {
        "EmployeeNumber": "Staff No",
        "FirstName": "Forename",
        "LastName": "Surname",
        "Team": "Org Unit",
        "OrgRole": "Grade",
        "RoleStartDate": "Assignment Start",
        "ContractedHours": "Weekly Hours",
    }
    assert "7 columns suggested" in page.get_text()
    assert page.select_one("input[name=column_OrgRole]")["value"] == "Grade"


def test_editing_saves_columns_hours_and_translations_and_reports_every_problem(client_request, db):
    mapping = create_mapping("staff", "iTrent", columns={"EmployeeNumber": "Staff No"})
    db.session.commit()
    client_request.login(create_user(Role.HR))
    page = client_request.post(
        "import_mappings.edit_mapping",
        {"standard_hours": "0", "codes_ReasonLeave": "RES 1", "codes_OrgRole": "SW = 5"},
        _expected_status=200,
        mapping_id=mapping.id,
    )
    assert error_summary(page) == [
        "Enter hours from 1 to 80",
        "Line 1: write the council's code, =, then WPQ's code, like RES = 1",
    ]
    page = client_request.post(
        "import_mappings.edit_mapping",
        {"codes_OrgRole": "SW = 9"},
        _expected_status=200,
        mapping_id=mapping.id,
    )
    assert error_summary(page) == ["Census role: 9 is not one of WPQ's codes"]
    client_request.post(
        "import_mappings.edit_mapping",
        {
            "source": "iTrent",
            "date_format": "%d/%m/%Y",
            "standard_hours": "36",
            "column_EmployeeNumber": "Staff No",
            "column_OrgRole": "Grade",
            "codes_OrgRole": "SW = 5\nTM = 3",
        },
        mapping_id=mapping.id,
    )
    db.session.refresh(mapping)
    assert mapping.columns == {"EmployeeNumber": "Staff No", "OrgRole": "Grade"}
    assert (mapping.standard_hours, mapping.date_format) == (36, "%d/%m/%Y")
    assert mapping.translations["OrgRole"] == {"SW": "5", "TM": "3"}
    page = client_request.get("import_mappings.list_mappings")
    assert "iTrent" in page.get_text()


def test_translations_go_back_only_to_a_page_inside_wpq(client_request, db):
    mapping = create_mapping("staff", "iTrent", columns={"EmployeeNumber": "Staff No"})
    db.session.commit()
    client_request.login(create_user(Role.HR))
    data = {"count": "1", "field-0": "OrgRole", "code-0": "SW", "to-0": "5", "next": "//evil.example/"}
    response = client_request.post("import_mappings.add_translations", data, mapping_id=mapping.id)
    assert response.response.location.endswith(f"/imports/mappings/{mapping.id}")
    db.session.refresh(mapping)
    assert mapping.translations == {"OrgRole": {"SW": "5"}}


def test_a_team_manager_cannot_see_or_change_mappings(client_request, db):
    client_request.login(create_user(Role.TEAM_MANAGER))
    client_request.get("import_mappings.list_mappings", _expected_status=403)
