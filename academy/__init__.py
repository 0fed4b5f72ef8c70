"""The social work academy: programmes, sessions and attendance, the training matrix, early-career records and CPD."""

from flask import Flask

from academy import models  # noqa: F401  (the academy's tables)
from academy.constants import AcademyPermission
from workforce.kernel.contract import HomePanel, NavigationEntry, NavigationSection, register_module
from workforce.kernel.providers import EARLY_CAREER_PERIODS, EARLY_CAREER_STATUS
from workforce.kernel.roles import Role

#: Everyone who may hold a staff record and so their own training; committee viewers see no personal data.
STAFF_ROLES = (
    Role.SENIOR_LEADER,
    Role.HR,
    Role.TEAM_MANAGER,
    Role.PRACTICE_SUPERVISOR,
    Role.QA_OFFICER,
    Role.ACADEMY_LEAD,
    Role.SOCIAL_WORKER,
)


#: The academy's own section of the header.
ACADEMY_SECTION = "academy"


def init_app(app: Flask) -> None:
    from academy import api, careers, demo, drill_down, exports, jobs, measures, panels, reminders
    from academy.views import blueprint

    modules = register_module(
        app,
        "academy",
        "Academy",
        "Programmes, sessions and attendance, the training matrix, early-career records, placements and CPD",
        blueprints=(blueprint,),
    )
    modules.grant(AcademyPermission.VIEW_ACADEMY, *STAFF_ROLES)
    modules.grant(AcademyPermission.MANAGE_ACADEMY, Role.ACADEMY_LEAD)
    modules.grant(AcademyPermission.ENROL_TEAM, Role.TEAM_MANAGER)
    modules.grant(AcademyPermission.OWN_TRAINING, *STAFF_ROLES)
    modules.grant(AcademyPermission.VIEW_MATRIX, Role.ACADEMY_LEAD, Role.SENIOR_LEADER, Role.HR, Role.TEAM_MANAGER)
    modules.grant(
        AcademyPermission.VIEW_EARLY_CAREER, Role.ACADEMY_LEAD, Role.SENIOR_LEADER, Role.HR, Role.TEAM_MANAGER
    )
    modules.add_section(
        NavigationSection(ACADEMY_SECTION, "Academy", 60, "Training: programmes, sessions and who has completed what.")
    )
    modules.add_navigation(
        NavigationEntry(
            "Academy",
            "academy.index",
            AcademyPermission.VIEW_ACADEMY,
            60,
            "/academy/",
            section=ACADEMY_SECTION,
            description="Programmes and sessions: book a place, take attendance, see who has completed what.",
        )
    )
    modules.add_navigation(
        NavigationEntry(
            "Training matrix",
            "academy.training_matrix",
            AcademyPermission.VIEW_MATRIX,
            61,
            "/academy/matrix",
            section=ACADEMY_SECTION,
            description="Each person's required training and whether it is done and in date.",
        )
    )
    modules.add_navigation(
        NavigationEntry(
            "Training records",
            "academy.list_completions",
            AcademyPermission.VIEW_ACADEMY,
            62,
            "/academy/completions",
            section=ACADEMY_SECTION,
            description="Courses completed, by person: search, filter and download them.",
        )
    )
    modules.add_home_panel(
        HomePanel("your-training", "academy/home_your_training.html", frozenset(STAFF_ROLES), panels.your_training, 30)
    )
    modules.add_home_panel(
        HomePanel(
            "places-to-approve",
            "academy/home_places_to_approve.html",
            frozenset({Role.TEAM_MANAGER}),
            panels.places_to_approve,
            20,
        )
    )
    modules.measures.register_all(measures.all_measures(), drill_down.DRILL_DOWNS)
    for resource in (api.SESSIONS, api.TRAINING_RECORDS, api.TRAINING_PLACES):
        modules.add_api_resource(resource)
    modules.add_api_import(api.COMPLETIONS_IMPORT)
    modules.add_demo_seeder(demo.SEEDER)
    for rule in reminders.RULES:
        modules.add_notification_rule(rule)
    modules.add_export(exports.MATRIX_EXPORT)
    modules.add_job(jobs.MATRIX_EXPORT_JOB)
    modules.add_job(jobs.COMPLETIONS_IMPORT_JOB)
    modules.provide(EARLY_CAREER_STATUS, careers.early_career_status)
    modules.provide(EARLY_CAREER_PERIODS, careers.early_career_periods)
