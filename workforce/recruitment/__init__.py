"""Recruitment: vacancies and their approval, applicants, the pipeline, interviews, offers and checks."""

from flask import Flask

from workforce.kernel.contract import ADMINISTRATION, PEOPLE, DemoSeeder, NavigationEntry, register_module
from workforce.kernel.roles import Permission, Role
from workforce.recruitment import models  # noqa: F401  (registers the tables)
from workforce.recruitment.constants import RecruitmentPermission


def init_app(app: Flask) -> None:
    from workforce.recruitment.demo import seed_recruitment
    from workforce.recruitment.erasure import RETENTION_JOB, RETENTION_SCHEDULE, retention_command
    from workforce.recruitment.measures import DRILL_DOWNS, MEASURES
    from workforce.recruitment.views import blueprint

    modules = register_module(
        app,
        "recruitment",
        "Recruitment",
        "Vacancies and approval, applicants, the recruitment pipeline, offers and pre-employment checks",
        blueprints=(blueprint,),
        commands=(retention_command,),
    )
    modules.grant(RecruitmentPermission.VIEW_RECRUITMENT, Role.HR, Role.SENIOR_LEADER, Role.TEAM_MANAGER)
    modules.grant(RecruitmentPermission.RAISE_VACANCY, Role.HR, Role.TEAM_MANAGER)
    modules.grant(RecruitmentPermission.APPROVE_AS_HEAD_OF_SERVICE, Role.SENIOR_LEADER)
    modules.grant(RecruitmentPermission.MANAGE_RECRUITMENT, Role.HR)
    modules.grant(RecruitmentPermission.VIEW_APPLICANT_CONTACT_DETAILS, Role.HR)
    modules.add_navigation(
        NavigationEntry(
            "Pipeline stages",
            "recruitment.list_stages",
            Permission.MANAGE_SETTINGS,
            92,
            "/recruitment/stages",
            section=ADMINISTRATION,
            description="The stages an application moves through.",
        )
    )
    modules.add_navigation(
        NavigationEntry(
            "Recruitment",
            "recruitment.list_vacancies",
            RecruitmentPermission.VIEW_RECRUITMENT,
            30,
            "/recruitment",
            section=PEOPLE,
            description="Vacancies and their applicants.",
        )
    )
    modules.measures.register_all(MEASURES, DRILL_DOWNS)
    modules.add_job(RETENTION_JOB)
    modules.add_schedule(RETENTION_SCHEDULE)
    modules.add_demo_seeder(DemoSeeder("Recruitment: two years of vacancies and applicants", 210, seed_recruitment))
