"""Retention: leaver checklists, exit interviews with coded themes, stay interviews and the retention page."""

from flask import Flask

from workforce.kernel.contract import PEOPLE, DemoSeeder, NavigationEntry, register_module
from workforce.kernel.roles import Role
from workforce.retention import models  # noqa: F401  (registers the tables)
from workforce.retention.constants import RetentionPermission


def init_app(app: Flask) -> None:
    from workforce.retention.demo import seed_retention
    from workforce.retention.measures import DRILL_DOWNS, MEASURES
    from workforce.retention.views import blueprint

    modules = register_module(
        app,
        "retention",
        "Retention",
        "Leaver checklists, exit and stay interviews, leavers by reason, destination and length of service",
        blueprints=(blueprint,),
    )
    modules.grant(RetentionPermission.VIEW_RETENTION, Role.HR, Role.SENIOR_LEADER, Role.TEAM_MANAGER)
    modules.grant(RetentionPermission.RECORD_RETENTION, Role.HR, Role.TEAM_MANAGER)
    modules.grant(RetentionPermission.MANAGE_EXIT_INTERVIEWS, Role.HR)
    modules.add_navigation(
        NavigationEntry(
            "Retention",
            "retention.retention_page",
            RetentionPermission.VIEW_RETENTION,
            32,
            "/retention",
            section=PEOPLE,
            description="Leavers, their checklists and exit interviews, and stay interviews.",
        )
    )
    modules.measures.register_all(MEASURES, DRILL_DOWNS)
    modules.add_demo_seeder(DemoSeeder("Retention: leaver checklists, exit and stay interviews", 230, seed_retention))
