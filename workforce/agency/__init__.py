"""Agency engagements: the DfE agency rules, regional price caps, compliance and the quarterly return."""

from flask import Flask

from workforce.agency import models  # noqa: F401  (registers the tables)
from workforce.agency.constants import AgencyPermission
from workforce.kernel.contract import NavigationEntry, register_module
from workforce.kernel.roles import Role


def init_app(app: Flask) -> None:
    from workforce.agency.measures import MEASURES
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
        NavigationEntry("Agency", "agency.list_engagements", AgencyPermission.VIEW_AGENCY, 35, "/agency")
    )
    modules.measures.register_all(MEASURES)
