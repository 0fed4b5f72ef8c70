"""Caseloads: snapshots imported from case-management extracts, thresholds and weighting, alerts, and team,
worker and council views."""

import click
from flask import Flask
from flask.cli import AppGroup

from workforce.caseloads import commands, demo, jobs, models, panels, providers  # noqa: F401  (models: the tables)
from workforce.caseloads.constants import CaseloadPermission
from workforce.caseloads.measures import caseload_drill_downs, caseload_measures
from workforce.caseloads.views import blueprint
from workforce.kernel.contract import PRACTICE, DemoSeeder, HomePanel, NavigationEntry, register_module
from workforce.kernel.providers import LATEST_CASELOAD_CASES
from workforce.kernel.roles import Role


def init_app(app: Flask) -> None:
    modules = register_module(
        app,
        "caseloads",
        "Caseloads",
        "Caseload snapshots from the case-management system, thresholds, alerts, team and council views",
        blueprints=(blueprint,),
    )
    _add_import_command(app)
    modules.grant(
        CaseloadPermission.VIEW_CASELOADS,
        Role.ADMINISTRATOR,
        Role.SENIOR_LEADER,
        Role.HR,
        Role.TEAM_MANAGER,
        Role.QA_OFFICER,
    )
    modules.grant(CaseloadPermission.VIEW_OVERVIEW, Role.ADMINISTRATOR, Role.SENIOR_LEADER, Role.HR, Role.QA_OFFICER)
    modules.grant(CaseloadPermission.IMPORT_CASELOADS, Role.ADMINISTRATOR, Role.HR)
    modules.grant(CaseloadPermission.MANAGE_THRESHOLDS, Role.ADMINISTRATOR)
    modules.add_navigation(
        NavigationEntry(
            "Caseloads",
            "caseloads.home",
            CaseloadPermission.VIEW_CASELOADS,
            40,
            "/caseloads",
            section=PRACTICE,
            description="How many children each worker and team is working with.",
        )
    )
    modules.measures.register_all(caseload_measures(), caseload_drill_downs())
    modules.add_job(jobs.JOB_KIND)
    modules.add_home_panel(
        HomePanel(
            "caseload-alerts",
            "caseloads/home_panel.html",
            frozenset({Role.TEAM_MANAGER}),
            panels.team_caseload_alerts,
            order=20,
        )
    )
    modules.add_demo_seeder(DemoSeeder("Caseloads", 150, demo.seed))
    modules.provide(LATEST_CASELOAD_CASES, providers.latest_caseload_cases)


def _add_import_command(app: Flask) -> None:
    """`wpq import caseloads`: joins an `import` group another module made, or makes it."""
    existing = app.cli.commands.get("import")
    if isinstance(existing, click.Group):
        existing.add_command(commands.import_caseloads)
    else:
        group = AppGroup("import", help="Import records from files.")
        group.add_command(commands.import_caseloads)
        app.cli.add_command(group)
