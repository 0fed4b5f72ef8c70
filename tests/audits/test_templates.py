"""Versioned grade scales and templates: a new version never rewrites audits already done."""

import pytest

from audits import services
from audits.constants import QuestionKind
from tests.audits.builders import create_audit
from tests.builders import create_user
from tests.conftest import error_summary
from workforce.kernel.models import AuditEvent
from workforce.kernel.roles import Role


def test_the_default_scale_is_ofsteds_four_points_with_the_top_two_good_or_better(db):
    scale = services.current_scale()
    assert [level.label for level in scale.levels] == ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    assert [level.good_or_better for level in scale.levels] == [True, True, False, False]
    assert [level.inadequate for level in scale.levels] == [False, False, False, True]


def test_an_old_audit_keeps_its_old_scale_after_the_scale_changes(db):
    audit = create_audit(grade="Requires improvement")
    old_scale_id = audit.scale_id
    services.publish_scale(["Strong", "Adequate", "Weak"], good_or_better_count=1)
    db.session.commit()
    db.session.expire_all()
    assert audit.scale_id == old_scale_id
    assert audit.overall_grade.label == "Requires improvement"
    assert [level.label for level in audit.scale.levels][0] == "Outstanding"
    assert [level.label for level in services.current_scale().levels] == ["Strong", "Adequate", "Weak"]
    assert create_audit().scale.version == audit.scale.version + 1


def test_a_new_template_version_leaves_allocated_audits_on_theirs(db):
    audit = create_audit()
    services.publish_template(services.parse_template_text("Planning\n- Is there a plan?\n? What would improve it?"))
    db.session.commit()
    assert len(audit.template.domains) == 10
    new = create_audit()
    assert [domain.title for domain in new.template.domains] == ["Planning"]
    assert [question.kind for question in new.template.domains[0].questions] == [
        QuestionKind.YES_PARTLY_NO,
        QuestionKind.FREE_TEXT,
    ]


@pytest.mark.parametrize(
    "labels, good, message",
    [
        (["Only one"], 1, "Enter at least two grades, one on each line"),
        (["Good", "Good"], 1, "Each grade must have a different name"),
        (["Good", "Bad"], 2, "The grades counted as good or better must leave at least one grade out"),
    ],
)
def test_a_scale_that_makes_no_sense_is_refused(db, labels, good, message):
    with pytest.raises(services.AuditError, match=message):
        services.publish_scale(labels, good)


def test_a_template_must_start_with_a_domain(db):
    with pytest.raises(services.AuditError, match="Start with a domain"):
        services.parse_template_text("- A question with no domain")


def test_a_qa_officer_publishes_a_scale_version_from_the_page(client_request):
    client_request.login(create_user(Role.QA_OFFICER))
    client_request.get("audits.templates")
    client_request.post("audits.publish_scale", {"labels": "Good\nNot yet good", "good_or_better": "1"})
    assert services.current_scale().version == 2
    assert (
        AuditEvent.query.filter_by(record_type="Grade scale", record_id=str(services.current_scale().id)).count() == 1
    )


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.SENIOR_LEADER, Role.SOCIAL_WORKER])
def test_only_qa_officers_manage_templates(client_request, role):
    client_request.login(create_user(role))
    client_request.get("audits.templates", _expected_status=403)


def test_the_template_page_shows_the_default_domains(client_request):
    client_request.login(create_user(Role.QA_OFFICER))
    page = client_request.get("audits.templates")
    assert "Child's voice and lived experience" in page.select_one("textarea[name=text]").get_text()
    assert error_summary(page) == []
