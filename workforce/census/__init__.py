"""The DfE children's social work workforce census return: build, check and export it for a census year."""

from flask import Flask

from workforce.census import jobs
from workforce.census.commands import census
from workforce.census.constants import CensusPermission
from workforce.census.views import blueprint
from workforce.kernel.contract import PEOPLE, NavigationEntry, register_module
from workforce.kernel.roles import Role


def init_app(app: Flask) -> None:
    modules = register_module(
        app,
        "census",
        "Census return",
        "The DfE children's social work workforce census return, its checks and files",
        blueprints=(blueprint,),
        commands=(census,),
    )
    modules.grant(CensusPermission.PRODUCE, Role.ADMINISTRATOR, Role.HR)
    modules.grant(CensusPermission.VIEW_SUMMARY, Role.ADMINISTRATOR, Role.HR, Role.SENIOR_LEADER)
    modules.add_job(jobs.JOB_KIND)
    modules.add_navigation(
        NavigationEntry(
            "Census return",
            "census.summary",
            CensusPermission.VIEW_SUMMARY,
            75,
            "/census",
            section=PEOPLE,
            description="The Department for Education's children's social work workforce census return.",
        )
    )
