"""The case audits list: search, filters, drill-downs kept, bad dates reported, downloads in scope."""

import csv
import io
from datetime import date

from tests.audits.builders import create_audit
from tests.builders import create_team, create_team_manager, create_user
from workforce.kernel.roles import Role


def references(page) -> list[str]:
    return [cell.get_text(strip=True) for cell in page.select("table[data-list] tbody [data-column=case]")]


def test_search_status_filter_sort_and_drill_down(client_request):
    create_audit(reference="CR100001", due_date=date(2026, 10, 1))
    create_audit(reference="CR100002", due_date=date(2026, 11, 1), grade="Good", audit_date=date(2026, 10, 20))
    client_request.login(create_user(Role.QA_OFFICER))
    assert references(client_request.get("audits.list_audits", _query={"search": "cr100002"})) == ["CR100002"]
    assert references(client_request.get("audits.list_audits", _query={"status": "allocated"})) == ["CR100001"]
    page = client_request.get("audits.list_audits", _query={"sort": "due", "order": "ascending"})
    assert references(page)[:2] == ["CR100001", "CR100002"]
    page = client_request.get("audits.list_audits", _query={"grade": "Good"})
    assert references(page) == ["CR100002"]
    assert "grade=Good" in page.select_one("a[href*='download=csv']")["href"]
    bad = client_request.get("audits.list_audits", _query={"start": "yesterday"})
    assert "Audited from must be a real date" in bad.select_one(".govuk-error-summary").get_text()


def test_a_team_manager_downloads_only_the_audits_they_may_see(client_request):
    own, other = create_team(), create_team()
    mine = create_audit(team=own)
    elsewhere = create_audit(team=other)
    client_request.login(create_team_manager(own))
    page = client_request.get("audits.list_audits")
    response = client_request.client.get(page.select_one("a[href*='download=csv']")["href"])
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][0] == "Case reference"
    assert mine.case_reference in {row[0] for row in rows[1:]}
    assert elsewhere.case_reference not in {row[0] for row in rows[1:]}
