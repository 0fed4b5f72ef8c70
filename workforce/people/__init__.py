"""People: posts and establishment, staff records and their assignments over time."""

import click
from flask import Flask

from workforce.kernel.contract import PEOPLE, DemoSeeder, HomePanel, NavigationEntry, register_module
from workforce.kernel.roles import Role
from workforce.people import dashboard, feed, jobs, models, survey
from workforce.people.commands import import_group, measures_command, template_command
from workforce.people.constants import PeoplePermission
from workforce.people.data_checks import DATA_CHECKS
from workforce.people.demo import seed_workforce
from workforce.people.drill_down import DRILL_DOWNS
from workforce.people.measures import WORKFORCE_MEASURES
from workforce.people.panels import workforce_today
from workforce.people.views import blueprint
from workforce.people.views import imports as import_views
from workforce.people.views import workforce as workforce_views

#: The tables every module refers to, and the modules whose routes are on the people blueprint.
LOADED = (models, dashboard, import_views, survey, workforce_views)


def init_app(app: Flask) -> None:
    modules = register_module(
        app,
        "people",
        "People",
        "Posts and establishment, staff records, starters and leavers, absence",
        blueprints=(blueprint,),
        commands=(measures_command,),
    )
    _share_command_group(app, import_group)
    _share_command_group(app, template_command)
    modules.grant(
        PeoplePermission.VIEW_STAFF,
        Role.ADMINISTRATOR,
        Role.SENIOR_LEADER,
        Role.HR,
        Role.TEAM_MANAGER,
        Role.PRACTICE_SUPERVISOR,
        Role.QA_OFFICER,
        Role.ACADEMY_LEAD,
        Role.SOCIAL_WORKER,
    )
    modules.grant(PeoplePermission.MANAGE_STAFF, Role.HR)
    modules.grant(PeoplePermission.IMPORT_STAFF, Role.HR)
    modules.grant(
        PeoplePermission.VIEW_ESTABLISHMENT, Role.HR, Role.ADMINISTRATOR, Role.SENIOR_LEADER, Role.TEAM_MANAGER
    )
    modules.grant(
        PeoplePermission.VIEW_WORKFORCE_DASHBOARD, Role.HR, Role.ADMINISTRATOR, Role.SENIOR_LEADER, Role.TEAM_MANAGER
    )
    modules.grant(PeoplePermission.VIEW_PROTECTED_CHARACTERISTICS, Role.HR, Role.ADMINISTRATOR)
    feed.register(modules, app)
    modules.add_job(jobs.JOB_KIND)
    modules.measures.register_all(WORKFORCE_MEASURES, DRILL_DOWNS)
    modules.data_checks.extend(DATA_CHECKS)
    modules.add_demo_seeder(DemoSeeder("Staff, posts, starters and leavers, absence", 100, seed_workforce))
    modules.add_navigation(
        NavigationEntry(
            "Staff",
            "people.list_staff",
            PeoplePermission.VIEW_STAFF,
            20,
            "/staff",
            section=PEOPLE,
            description="Staff records: posts, registration, absence, supervision and training.",
        )
    )
    modules.add_navigation(
        NavigationEntry(
            "Establishment",
            "people.establishment",
            PeoplePermission.VIEW_ESTABLISHMENT,
            21,
            "/establishment",
            section=PEOPLE,
            description="Funded posts by team: filled, vacant and covered by agency workers.",
        )
    )
    modules.add_navigation(
        NavigationEntry(
            "Workforce dashboard",
            "people.workforce_dashboard",
            PeoplePermission.VIEW_WORKFORCE_DASHBOARD,
            22,
            "/workforce-dashboard",
            section=PEOPLE,
            description="Headcount, turnover, vacancies and agency use over time.",
        )
    )
    modules.add_navigation(
        NavigationEntry(
            "Staff survey",
            "people.staff_survey",
            PeoplePermission.VIEW_WORKFORCE_DASHBOARD,
            23,
            "/staff-survey",
            section=PEOPLE,
            description="What staff said in the council's workforce survey.",
        )
    )
    modules.add_home_panel(
        HomePanel(
            "workforce-today", "people/home_panel.html", frozenset({Role.HR, Role.TEAM_MANAGER}), workforce_today, 20
        )
    )


def _share_command_group(app: Flask, command: click.Command) -> None:
    """`wpq import` and `wpq template` are shared by modules: add our subcommands to a group already there."""
    existing = app.cli.commands.get(command.name)
    if isinstance(existing, click.Group) and isinstance(command, click.Group):
        for subcommand in command.commands.values():
            existing.add_command(subcommand)
    else:
        app.cli.add_command(command)
