"""People: posts and establishment, staff records and their assignments over time."""

from flask import Flask

from workforce.kernel.contract import DemoSeeder, register_module
from workforce.kernel.roles import Role
from workforce.people import models  # noqa: F401  (the tables every module refers to)
from workforce.people.commands import measures_command
from workforce.people.constants import PeoplePermission
from workforce.people.demo import seed_workforce
from workforce.people.measures import WORKFORCE_MEASURES


def init_app(app: Flask) -> None:
    modules = register_module(
        app,
        "people",
        "People",
        "Posts and establishment, staff records, starters and leavers, absence",
        commands=(measures_command,),
    )
    modules.grant(
        PeoplePermission.VIEW_STAFF,
        Role.ADMINISTRATOR,
        Role.SENIOR_LEADER,
        Role.HR,
        Role.TEAM_MANAGER,
        Role.PRACTICE_SUPERVISOR,
        Role.QA_OFFICER,
        Role.ACADEMY_LEAD,
    )
    modules.grant(PeoplePermission.MANAGE_STAFF, Role.HR)
    modules.grant(PeoplePermission.VIEW_PROTECTED_CHARACTERISTICS, Role.HR, Role.ADMINISTRATOR)
    modules.measures.register_all(WORKFORCE_MEASURES)
    modules.add_demo_seeder(DemoSeeder("Staff, posts, starters and leavers, absence", 100, seed_workforce))
