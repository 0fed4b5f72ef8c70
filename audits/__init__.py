"""Case-file audits: templates, programmes and sampling, grading, moderation, actions and themes."""

from flask import Flask

from audits import models  # noqa: F401  (the tables)
from audits.constants import HEAD_OF_SERVICE_ROLES, AuditPermission
from audits.drill_down import DRILL_DOWNS
from audits.measures import MEASURES
from workforce.kernel.contract import PRACTICE, DemoSeeder, ExportBuilder, HomePanel, NavigationEntry, register_module
from workforce.kernel.providers import AUDIT_THEMES
from workforce.kernel.roles import Role


def init_app(app: Flask) -> None:
    from audits import api, demo, exports, panels, providers, reminders, views
    from audits.views import programmes as views_programmes  # noqa: F401  (routes)

    modules = register_module(
        app,
        "audits",
        "Case-file audits",
        "Audit programmes, sampling, grading, moderation, actions and themes",
        blueprints=(views.blueprint,),
    )
    modules.grant(AuditPermission.VIEW_AUDITS, Role.QA_OFFICER, Role.SENIOR_LEADER, Role.TEAM_MANAGER)
    modules.grant(AuditPermission.CONDUCT_AUDITS, Role.QA_OFFICER, Role.SENIOR_LEADER, Role.TEAM_MANAGER)
    modules.grant(AuditPermission.MANAGE_PROGRAMMES, Role.QA_OFFICER)
    modules.grant(AuditPermission.MODERATE_AUDITS, Role.QA_OFFICER)
    modules.grant(AuditPermission.VIEW_ESCALATIONS, *HEAD_OF_SERVICE_ROLES, Role.QA_OFFICER)
    modules.grant(AuditPermission.VIEW_REPORT, Role.QA_OFFICER, Role.SENIOR_LEADER, Role.TEAM_MANAGER)
    modules.grant(AuditPermission.EXPORT_REPORT, Role.QA_OFFICER, Role.SENIOR_LEADER, Role.TEAM_MANAGER)
    modules.add_navigation(
        NavigationEntry(
            "Case audits",
            "audits.list_audits",
            AuditPermission.VIEW_AUDITS,
            40,
            "/audits",
            section=PRACTICE,
            description="Case file audits, their grades, moderation and the actions they raise.",
        )
    )
    modules.measures.register_all(MEASURES, DRILL_DOWNS)
    # The improvement plan links audit themes as evidence of its actions.
    modules.provide(AUDIT_THEMES, providers.audit_themes_list)
    modules.add_api_resource(api.AUDITS)
    modules.add_api_resource(api.MODERATIONS)
    modules.add_demo_seeder(DemoSeeder("Case-file audits", 350, demo.seed))
    for rule in reminders.RULES:
        modules.add_notification_rule(rule)
    modules.add_export(
        ExportBuilder("audit-report", "QA board audit report", AuditPermission.EXPORT_REPORT, exports.build_for)
    )
    modules.add_home_panel(
        HomePanel(
            "audits",
            "audits/home_panel.html",
            frozenset({Role.QA_OFFICER, Role.SENIOR_LEADER, Role.TEAM_MANAGER}),
            panels.audits_panel,
            30,
        )
    )
