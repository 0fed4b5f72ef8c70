import pytest

from tests.builders import create_user
from tests.conftest import error_summary
from tests.recruitment.builders import create_application
from workforce.kernel.roles import Role
from workforce.recruitment import services
from workforce.recruitment.constants import StageKind
from workforce.recruitment.services import RecruitmentError


def test_the_default_pipeline_has_the_stages_of_the_issue_in_order(db):
    names = [stage.name for stage in services.ensure_default_stages()]
    assert names == [
        "Applied",
        "Shortlisted",
        "Interview",
        "Offer",
        "Pre-employment checks",
        "Start confirmed",
        "Withdrawn",
        "Rejected",
        "Offer declined",
    ]


def test_an_administrator_adds_a_second_interview_stage_and_applications_follow_the_new_moves(db):
    services.ensure_default_stages()
    interview = services.stage_of_kind(StageKind.INTERVIEW)
    offer = services.stage_of_kind(StageKind.OFFER)
    second = services.save_stage(None, name="Second interview", kind=StageKind.INTERVIEW, position=4, moves_to=[offer])
    services.save_stage(interview, name="Interview", kind=StageKind.INTERVIEW, position=3, moves_to=[second])
    application = create_application()
    services.move_application(application, services.stage_of_kind(StageKind.SCREENING), None)
    services.move_application(application, interview, None)
    with pytest.raises(RecruitmentError, match="cannot move from Interview to Offer"):
        services.move_application(application, offer, None)
    services.move_application(application, second, None)
    assert application.stage.name == "Second interview"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": "Applied"}, "A stage called Applied already exists"),
        ({"kind": StageKind.REJECTED, "moves": True}, "A closed stage cannot move anywhere"),
    ],
)
def test_stage_changes_that_break_the_pipeline_are_refused(db, values, message):
    services.ensure_default_stages()
    offer = services.stage_of_kind(StageKind.OFFER)
    with pytest.raises(RecruitmentError, match=message):
        services.save_stage(
            None,
            name=values.get("name", "Talent pool"),
            kind=values.get("kind", StageKind.SCREENING),
            position=10,
            moves_to=[offer] if values.get("moves") else [],
        )


def test_an_administrator_changes_a_stage_on_the_page(client_request):
    stages = services.ensure_default_stages()
    client_request.login(create_user(Role.ADMINISTRATOR))
    client_request.get("recruitment.list_stages")
    client_request.post(
        "recruitment.edit_stage",
        {
            "name": "Longlisted",
            "kind": "screening",
            "position": "2",
            "moves_to": [stages[2].id, stages[7].id],
            "version": stages[1].version,
        },
        stage_id=stages[1].id,
    )
    assert stages[1].name == "Longlisted"
    assert [stage.name for stage in stages[1].moves_to] == ["Interview", "Rejected"]
    page = client_request.post(
        "recruitment.add_stage", {"name": "", "kind": "screening", "position": "3"}, _expected_status=200
    )
    assert error_summary(page) == ["Enter the name of the stage"]


@pytest.mark.parametrize("role", [Role.HR, Role.TEAM_MANAGER, Role.SENIOR_LEADER])
def test_only_administrators_configure_the_stages(client_request, role):
    client_request.login(create_user(role))
    client_request.get("recruitment.list_stages", _expected_status=403)
