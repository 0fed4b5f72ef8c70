"""The report: headline figures use moderated grades and are scoped to what the user may see."""

from datetime import date, datetime

import pytest

from audits.dao import Filter, grade_summary, theme_frequency
from audits.models import Theme
from tests.audits.builders import create_audit, create_moderation
from tests.builders import create_team, create_team_manager, create_user
from tests.conftest import normalise_space
from workforce.extensions import db as _db
from workforce.kernel import clock
from workforce.kernel.roles import Role

NOVEMBER = {"start": "2026-11-01", "end": "2026-11-30"}


def test_headline_figures_use_the_moderated_grade_where_there_is_one(client_request):
    good = create_audit(grade="Good")
    create_audit(grade="Good")
    create_audit(grade="Requires improvement")
    inadequate_first = create_audit(grade="Inadequate")
    create_moderation(good, "Inadequate")
    create_moderation(inadequate_first, "Requires improvement")
    client_request.login(create_user(Role.QA_OFFICER))
    page = client_request.get("audits.report", _query=NOVEMBER)
    assert normalise_space(page.select_one("#good-or-better").get_text()) == "25.0% (1 of 4 audits)"
    assert normalise_space(page.select_one("#inadequate").get_text()) == "25.0% (1 of 4 audits)"
    assert "moderated grade where an audit was moderated (2 of 4 audits)" in page.select_one("#grades-note").get_text()


def test_a_period_without_audits_says_not_applicable(client_request):
    client_request.login(create_user(Role.QA_OFFICER))
    page = client_request.get("audits.report", _query=NOVEMBER)
    assert normalise_space(page.select_one("#good-or-better").get_text()) == "Not applicable (0 of 0 audits)"


def test_a_team_managers_report_counts_only_their_teams_cases_and_their_own_audits(client_request):
    own, other = create_team(), create_team()
    manager = create_team_manager(own)
    create_audit(team=own, grade="Good")
    create_audit(team=other, grade="Inadequate", auditor=manager)
    create_audit(team=other, grade="Inadequate")
    create_audit(team=other, grade="Inadequate")
    client_request.login(manager)
    page = client_request.get("audits.report", _query=NOVEMBER)
    assert normalise_space(page.select_one("#inadequate").get_text()) == "50.0% (1 of 2 audits)"
    assert not page.select("table a")


def test_qa_roles_drill_down_from_the_grade_distribution_to_the_audits(client_request):
    audit = create_audit(grade="Inadequate")
    moderated_down = create_audit(grade="Good")
    create_moderation(moderated_down, "Inadequate")
    create_audit(grade="Good")
    create_audit(grade="Inadequate", audit_date=date(2026, 10, 1))
    client_request.login(create_user(Role.QA_OFFICER))
    page = client_request.get("audits.report", _query=NOVEMBER)
    link = page.find("a", string="Inadequate")
    listing = client_request.get_url(link["href"])
    references = {a.get_text(strip=True) for a in listing.select("table tbody a")}
    assert references == {audit.case_reference, moderated_down.case_reference}


def test_senior_leaders_see_the_figures_without_drilling_down(client_request):
    create_audit(grade="Inadequate")
    client_request.login(create_user(Role.SENIOR_LEADER))
    page = client_request.get("audits.report", _query=NOVEMBER)
    assert page.find("a", string="Inadequate") is None


def test_theme_frequency_is_counted_by_month(db):
    chronology = Theme(name="Chronology")
    _db.session.add(chronology)
    for audit_date in (date(2026, 10, 3), date(2026, 11, 4), date(2026, 11, 20)):
        audit = create_audit(grade="Good", audit_date=audit_date)
        audit.themes.append(chronology)
    _db.session.commit()
    assert theme_frequency(Filter(), date(2026, 10, 1), date(2026, 11, 30)) == [
        {"theme": "Chronology", "month": date(2026, 10, 1), "audits": 1},
        {"theme": "Chronology", "month": date(2026, 11, 1), "audits": 2},
    ]


def test_the_report_defaults_to_the_last_12_months(client_request, frozen_clock):
    frozen_clock.set(datetime(2026, 11, 24, 9, tzinfo=clock.UTC))
    create_audit(grade="Good", audit_date=date(2025, 11, 24))
    create_audit(grade="Good", audit_date=date(2025, 11, 25))
    client_request.login(create_user(Role.QA_OFFICER))
    page = client_request.get("audits.report")
    assert normalise_space(page.select_one("#good-or-better").get_text()) == "100.0% (1 of 1 audit)"


@pytest.mark.parametrize("query", [{"start": "yesterday"}, {"end": "2026-13-01"}])
def test_a_report_period_that_is_not_a_date_is_a_bad_request(client_request, query):
    client_request.login(create_user(Role.QA_OFFICER))
    client_request.get("audits.report", _expected_status=400, _query=query)


def test_grade_summary_counts_only_submitted_audits_in_the_period(db):
    create_audit(grade="Good")
    create_audit()
    create_audit(grade="Good", audit_date=date(2026, 12, 1))
    assert grade_summary(Filter(), date(2026, 11, 1), date(2026, 11, 30)).audits == 1
