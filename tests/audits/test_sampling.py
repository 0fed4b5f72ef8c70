"""Programmes: sampling skips recent audits, never allocates an auditor their own team, and escalates late work."""

from datetime import date, datetime

import pytest

from audits import sampling, services
from audits.constants import AuditStatus, CaseType, QuotaBasis, SampleSource, SamplingMethod
from audits.models import AuditProgramme, CaseAudit
from tests.audits.builders import case, create_audit, create_programme
from tests.builders import create_team, create_team_manager, create_user
from tests.conftest import error_summary
from workforce.kernel import clock
from workforce.kernel.contract import registry
from workforce.kernel.providers import LATEST_CASELOAD_CASES
from workforce.kernel.roles import Role


@pytest.fixture
def no_caseload_module(app, monkeypatch):
    """As in a council that runs WPQ without the caseloads module: nobody provides the snapshot."""
    monkeypatch.delitem(registry(app).providers, LATEST_CASELOAD_CASES.name, raising=False)


@pytest.fixture
def caseload(app, monkeypatch):
    """A fake of the caseloads module's provider: the cases it returns are set by the test."""
    cases: list[dict] = []
    monkeypatch.setitem(registry(app).providers, LATEST_CASELOAD_CASES.name, lambda on_date: list(cases))
    return cases


def test_sampling_skips_cases_audited_in_the_last_12_months(db):
    team = create_team()
    create_audit(team=team, reference="CR100001", allocated_on=date(2026, 3, 1))
    create_audit(team=team, reference="CR100002", allocated_on=date(2025, 10, 31))
    programme = create_programme(quota=5)
    auditor = create_user(Role.QA_OFFICER)
    cases = [case(team, "CR100001"), case(team, "CR100002"), case(team, "CR100003")]
    result = sampling.draw_sample(programme, cases, [auditor], SampleSource.HAND_ENTERED)
    assert result.skipped_recent == ["CR100001"]
    assert sorted(audit.case_reference for audit in result.allocated) == ["CR100002", "CR100003"]


def test_the_skip_period_is_a_setting(db):
    from workforce.kernel import settings

    settings.put("audits_skip_recent_months", 3)
    team = create_team()
    create_audit(team=team, reference="CR100001", allocated_on=date(2026, 3, 1))
    result = sampling.draw_sample(
        create_programme(), [case(team, "CR100001")], [create_user(Role.QA_OFFICER)], SampleSource.HAND_ENTERED
    )
    assert [audit.case_reference for audit in result.allocated] == ["CR100001"]


def test_sampling_never_allocates_an_auditor_a_case_from_their_own_team(db):
    first, second = create_team(), create_team()
    manager_one, manager_two = create_team_manager(first), create_team_manager(second)
    cases = [case(first) for _ in range(3)] + [case(second) for _ in range(3)]
    result = sampling.draw_sample(
        create_programme(quota=3), cases, [manager_one, manager_two], SampleSource.HAND_ENTERED
    )
    assert len(result.allocated) == 6
    for audit in result.allocated:
        assert audit.team_id not in services.teams_of_auditor(audit.auditor)
        assert audit.own_team_reason is None


def test_a_case_only_its_own_teams_auditor_could_take_is_left_unallocated(db):
    team = create_team()
    result = sampling.draw_sample(
        create_programme(), [case(team, "CR200001")], [create_team_manager(team)], SampleSource.HAND_ENTERED
    )
    assert result.allocated == []
    assert result.unallocated == ["CR200001"]


def test_allocating_to_the_cases_own_team_needs_a_reason(db):
    team = create_team()
    manager = create_team_manager(team)
    with pytest.raises(services.AuditError, match="works in this case's team"):
        services.allocate_audit(case(team), manager, date(2026, 12, 1))
    audit = services.allocate_audit(case(team), manager, date(2026, 12, 1), own_team_reason="Only auditor trained")
    assert audit.own_team_reason == "Only auditor trained"


def test_a_quota_per_auditor_allocates_that_many_to_each(db):
    team = create_team()
    auditors = [create_user(Role.QA_OFFICER) for _ in range(2)]
    cases = [case(team) for _ in range(10)]
    result = sampling.draw_sample(create_programme(quota=2), cases, auditors, SampleSource.HAND_ENTERED)
    assert sorted(audit.auditor_id for audit in result.allocated) == sorted([a.id for a in auditors] * 2)


def test_a_quota_per_team_samples_that_many_from_each_team(db):
    first, second = create_team(), create_team()
    cases = [case(first) for _ in range(5)] + [case(second) for _ in range(5)]
    programme = create_programme(quota=2, quota_basis=QuotaBasis.PER_TEAM)
    result = sampling.draw_sample(programme, cases, [create_user(Role.QA_OFFICER)], SampleSource.HAND_ENTERED)
    assert sorted(audit.team_id for audit in result.allocated) == sorted([first.id, first.id, second.id, second.id])


def test_themed_sampling_takes_only_the_case_type_asked_for(db):
    team = create_team()
    cases = [case(team, case_type=CaseType.CLA) for _ in range(3)] + [
        case(team, case_type=CaseType.EH) for _ in range(3)
    ]
    programme = create_programme(quota=6, sampling_method=SamplingMethod.CASE_TYPE, sampling_value="CLA")
    result = sampling.draw_sample(programme, cases, [create_user(Role.QA_OFFICER)], SampleSource.HAND_ENTERED)
    assert {audit.case_type for audit in result.allocated} == {CaseType.CLA}
    assert len(result.allocated) == 3


def test_risk_sampling_takes_child_protection_cases_first(db):
    team = create_team()
    cases = [case(team, case_type=CaseType.EH) for _ in range(4)] + [case(team, case_type=CaseType.CP)]
    programme = create_programme(quota=1, sampling_method=SamplingMethod.RISK)
    result = sampling.draw_sample(programme, cases, [create_user(Role.QA_OFFICER)], SampleSource.HAND_ENTERED)
    assert [audit.case_type for audit in result.allocated] == [CaseType.CP]


def test_a_late_audit_appears_in_the_escalation_list(client_request, frozen_clock):
    frozen_clock.set(datetime(2026, 12, 10, 9, tzinfo=clock.UTC))
    late = create_audit(reference="CR300001", due_date=date(2026, 12, 1))
    create_audit(reference="CR300002", due_date=date(2026, 12, 20))
    create_audit(reference="CR300003", due_date=date(2026, 12, 1), grade="Good")
    client_request.login(create_user(Role.SENIOR_LEADER))
    page = client_request.get("audits.escalations")
    references = [a.get_text(strip=True) for a in page.select("table a")]
    assert references == [late.case_reference]


def test_the_programme_page_offers_the_hand_entered_sample_when_no_module_provides_the_snapshot(
    client_request, no_caseload_module
):
    client_request.login(create_user(Role.QA_OFFICER))
    page = client_request.get("audits.show_programme", programme_id=create_programme().id)
    assert "No module provides the latest caseload snapshot" in page.get_text()
    assert page.select_one("textarea[name=cases]") is not None


def test_a_qa_officer_samples_from_the_caseload_snapshot(client_request, caseload, db):
    team = create_team()
    caseload.extend(case(team) for _ in range(4))
    auditor = create_user(Role.QA_OFFICER)
    client_request.login(auditor)
    programme = create_programme(quota=3)
    page = client_request.get("audits.show_programme", programme_id=programme.id)
    assert "The latest caseload snapshot has 4 cases" in page.get_text()
    client_request.post(
        "audits.show_programme", {"auditors": [str(auditor.id)]}, _expected_status=200, programme_id=programme.id
    )
    db.session.refresh(programme)
    assert programme.sample_source is SampleSource.CASELOAD_SNAPSHOT
    assert len(programme.audits) == 3


def test_a_qa_officer_enters_the_sample_by_hand(client_request, no_caseload_module):
    team = create_team("Children in Care Team")
    auditor = create_user(Role.QA_OFFICER)
    client_request.login(auditor)
    programme = create_programme(quota=2)
    client_request.post(
        "audits.show_programme",
        {
            "auditors": [str(auditor.id)],
            "cases": "cr400001, CLA, Children in Care Team\nCR400002, cla, children in care team",
        },
        _expected_status=200,
        programme_id=programme.id,
    )
    audits = CaseAudit.query.filter_by(programme_id=programme.id).order_by(CaseAudit.case_reference).all()
    assert [(a.case_reference, a.case_type, a.team_id, a.status) for a in audits] == [
        ("CR400001", CaseType.CLA, team.id, AuditStatus.ALLOCATED),
        ("CR400002", CaseType.CLA, team.id, AuditStatus.ALLOCATED),
    ]


@pytest.mark.parametrize(
    "cases, message",
    [
        ("", "Enter the cases to sample from"),
        ("CR1, CP", "Line 1: enter the case reference, case type and team, separated by commas"),
        ("CR1, XX, Team A", "Line 1: the case type must be one of CP, CIN, CLA, CL, EH, OTHER"),
        ("CR1, CP, No such team", "Line 1: there is no team called No such team"),
    ],
)
def test_a_hand_entered_sample_with_problems_is_refused_and_kept(client_request, no_caseload_module, cases, message):
    create_team("Team A")
    auditor = create_user(Role.QA_OFFICER)
    client_request.login(auditor)
    programme = create_programme()
    page = client_request.post(
        "audits.show_programme",
        {"auditors": [str(auditor.id)], "cases": cases},
        _expected_status=200,
        programme_id=programme.id,
    )
    assert error_summary(page) == [message]
    assert page.select_one("textarea[name=cases]").get_text().strip() == cases


def test_a_qa_officer_creates_a_programme(client_request):
    client_request.login(create_user(Role.QA_OFFICER))
    client_request.post(
        "audits.create_programme",
        {
            "name": "December audits",
            "period": "month",
            "start_date": "2026-12-01",
            "end_date": "2026-12-31",
            "due_date": "2026-12-31",
            "audit_type": "themed",
            "quota_basis": "per-team",
            "quota": "2",
            "sampling_method": "case-type",
            "sampling_value": "cp",
        },
    )
    programme = AuditProgramme.query.filter_by(name="December audits").one()
    assert (programme.sampling_method, programme.sampling_value) == (SamplingMethod.CASE_TYPE, "CP")


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.SENIOR_LEADER, Role.HR])
def test_only_qa_officers_run_programmes(client_request, role):
    client_request.login(create_user(role))
    client_request.get("audits.list_programmes", _expected_status=403)
    client_request.get("audits.show_programme", programme_id=create_programme().id, _expected_status=403)


PROGRAMME = {
    "name": "Quarter 4 audits",
    "period": "quarter",
    "start_date": "2026-10-01",
    "end_date": "2026-12-31",
    "due_date": "2026-12-31",
    "audit_type": "routine",
    "quota_basis": "per-auditor",
    "quota": "2",
    "sampling_method": "random",
    "sampling_value": "",
}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"name": ""}, "Enter the programme name"),
        ({"period": ""}, "Select the period"),
        ({"start_date": "1 October"}, "First day must be a real date"),
        ({"end_date": "2026-09-30"}, "The end of the programme must be on or after its start"),
        ({"quota": "0"}, "Enter a number from 1 to 100"),
        ({"sampling_method": "team", "sampling_value": "No such team"}, "Enter the name of a team"),
        (
            {"sampling_method": "case-type", "sampling_value": "XX"},
            "Enter a case type code: CP, CIN, CLA, CL, EH or OTHER",
        ),
        ({"sampling_method": "worker", "sampling_value": "E0"}, "Enter the employee number of a member of staff"),
    ],
)
def test_a_programme_with_problems_is_refused_and_what_was_typed_is_kept(client_request, change, message):
    client_request.login(create_user(Role.QA_OFFICER))
    page = client_request.post("audits.create_programme", {**PROGRAMME, **change}, _expected_status=200)
    assert error_summary(page) == [message]
    assert page.select_one("input[name=name]")["value"] == {**PROGRAMME, **change}["name"]
    assert AuditProgramme.query.count() == 0


def test_a_quarter_programme_sampled_by_team_allocates_only_that_teams_cases(client_request, db):
    chosen, other = create_team("Children in Care Team 1"), create_team()
    client_request.login(create_user(Role.QA_OFFICER))
    client_request.post(
        "audits.create_programme", {**PROGRAMME, "sampling_method": "team", "sampling_value": "Children in Care Team 1"}
    )
    programme = AuditProgramme.query.one()
    result = sampling.draw_sample(
        programme, [case(chosen), case(other), case(chosen)], [create_user(Role.QA_OFFICER)], SampleSource.HAND_ENTERED
    )
    assert {audit.team_id for audit in result.allocated} == {chosen.id}
