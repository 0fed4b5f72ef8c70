"""Supervision: policy-driven schedules, session records with joint sign-off, overdue tracking and quality audits."""

from flask import Flask

from supervision import models  # noqa: F401  (the tables)
from supervision.constants import QualityAuditPermission, SupervisionPermission
from workforce.kernel.contract import (
    ADMINISTRATION,
    PRACTICE,
    ExportBuilder,
    HomePanel,
    NavigationEntry,
    register_module,
)
from workforce.kernel.dates import display_date
from workforce.kernel.providers import SUPERVISION_POLICY_SUMMARY
from workforce.kernel.roles import Role


def policy_summary() -> list[tuple[str, str]]:
    """The supervision policy in force today, as (question, answer) lines for the council set-up page."""
    from supervision.policy import policy_on
    from workforce.kernel import clock

    terms = policy_on(clock.today())
    source = (
        f"Recorded policy from {display_date(terms.effective_from)}"
        if terms.effective_from
        else "Default (LGA Standard 5)"
    )
    return [
        ("Policy", source),
        ("Everyone not newly qualified", terms.standard_frequency.label),
        (
            "Newly qualified",
            f"Weekly for {terms.newly_qualified_weekly_weeks} weeks, fortnightly to "
            f"{terms.newly_qualified_fortnightly_months} months, then monthly",
        ),
        ("Shortest session", f"{terms.minimum_minutes} minutes"),
    ]


def init_app(app: Flask) -> None:
    from supervision import api, demo, drill_down, exports, measures, panels, reminders
    from supervision.views import blueprint

    modules = register_module(
        app,
        "supervision",
        "Supervision",
        "Supervision policy, agreements, schedules, session records, sign-off and actions",
        blueprints=(blueprint,),
    )
    modules.grant(
        SupervisionPermission.VIEW,
        Role.SENIOR_LEADER,
        Role.HR,
        Role.QA_OFFICER,
        Role.TEAM_MANAGER,
        Role.PRACTICE_SUPERVISOR,
        Role.SOCIAL_WORKER,
    )
    modules.grant(SupervisionPermission.RECORD, Role.TEAM_MANAGER, Role.PRACTICE_SUPERVISOR)
    modules.grant(
        SupervisionPermission.VIEW_COMPLIANCE,
        Role.SENIOR_LEADER,
        Role.HR,
        Role.QA_OFFICER,
        Role.TEAM_MANAGER,
        Role.PRACTICE_SUPERVISOR,
    )
    modules.grant(SupervisionPermission.MANAGE_POLICY, Role.ADMINISTRATOR)
    modules.add_navigation(
        NavigationEntry(
            "Supervision",
            "supervision.list_supervisions",
            SupervisionPermission.VIEW,
            30,
            "/supervision",
            section=PRACTICE,
            description="Supervision sessions: plan them, record them and sign them off.",
        )
    )
    modules.grant(QualityAuditPermission.MANAGE, Role.QA_OFFICER)
    modules.grant(QualityAuditPermission.VIEW, Role.QA_OFFICER, Role.SENIOR_LEADER, Role.HR, Role.TEAM_MANAGER)
    modules.add_navigation(
        NavigationEntry(
            "Supervision audits",
            "supervision.list_quality_audits",
            QualityAuditPermission.VIEW,
            32,
            "/supervision/quality-audits",
            section=PRACTICE,
            description="Audits of the quality of supervision records.",
        )
    )
    modules.add_navigation(
        NavigationEntry(
            "Supervision policy",
            "supervision.manage_policy",
            SupervisionPermission.MANAGE_POLICY,
            92,
            "/supervision/policy",
            section=ADMINISTRATION,
            description="How often each group of staff is supervised.",
        )
    )
    modules.measures.register_all(measures.MEASURES, drill_down.DRILL_DOWNS)
    # The council set-up page shows the policy in force (the LGA Standard 5 defaults until one is recorded).
    modules.provide(SUPERVISION_POLICY_SUMMARY, policy_summary)
    modules.add_api_resource(api.SESSIONS)
    modules.add_demo_seeder(demo.SEEDER)
    for rule in reminders.RULES:
        modules.add_notification_rule(rule)
    modules.add_home_panel(
        HomePanel(
            "supervision-signature",
            "supervision/home_signature.html",
            frozenset({Role.SOCIAL_WORKER, Role.PRACTICE_SUPERVISOR, Role.TEAM_MANAGER}),
            panels.awaiting_signature,
            20,
        )
    )
    modules.add_home_panel(
        HomePanel(
            "supervision-due",
            "supervision/home_due.html",
            frozenset({Role.PRACTICE_SUPERVISOR, Role.TEAM_MANAGER}),
            panels.supervision_due,
            21,
        )
    )
    modules.add_export(
        ExportBuilder(
            "supervision-team-compliance",
            "A team's supervision compliance",
            SupervisionPermission.VIEW_COMPLIANCE,
            exports.team_compliance_workbook,
        )
    )
