"""Agency engagements: the DfE agency rules, regional price caps, compliance and the quarterly return."""

import click
from flask import Flask

from workforce.agency import models  # noqa: F401  (registers the tables)
from workforce.agency.constants import AgencyPermission
from workforce.kernel.contract import PEOPLE, DemoSeeder, ExportBuilder, NavigationEntry, register_module
from workforce.kernel.roles import Role


def init_app(app: Flask) -> None:
    from workforce.agency.data_checks import DATA_CHECKS
    from workforce.agency.demo import seed_agency
    from workforce.agency.exports import Quarter, agency_return_command, build_agency_return
    from workforce.agency.measures import DRILL_DOWNS, MEASURES
    from workforce.agency.views import blueprint

    modules = register_module(
        app,
        "agency",
        "Agency engagements",
        "Agency workers, regional price caps and compliance with the DfE agency rules",
        blueprints=(blueprint,),
    )
    modules.grant(AgencyPermission.VIEW_AGENCY, Role.HR, Role.SENIOR_LEADER, Role.TEAM_MANAGER)
    modules.grant(AgencyPermission.MANAGE_AGENCY, Role.HR)
    modules.add_navigation(
        NavigationEntry(
            "Agency",
            "agency.list_engagements",
            AgencyPermission.VIEW_AGENCY,
            35,
            "/agency",
            section=PEOPLE,
            description="Agency workers' engagements, their costs and compliance checks.",
        )
    )
    modules.measures.register_all(MEASURES, DRILL_DOWNS)
    modules.data_checks.extend(DATA_CHECKS)
    modules.add_export(
        ExportBuilder(
            "agency-return",
            "Quarterly agency return",
            AgencyPermission.MANAGE_AGENCY,
            lambda quarter, scope=None: build_agency_return(Quarter.parse(quarter), scope),
        )
    )
    export_group(app).add_command(agency_return_command)
    modules.add_demo_seeder(DemoSeeder("Agency engagements and price caps", 220, seed_agency))


def export_group(app: Flask) -> click.Group:
    """The `wpq export` group: shared with any other module that adds an export command."""
    group = app.cli.commands.get("export")
    if not isinstance(group, click.Group):
        group = click.Group("export", help="Exports to files.")
        app.cli.add_command(group)
    return group
