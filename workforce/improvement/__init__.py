"""The improvement plan and its evidence roll-up: strands, actions, plan measures with targets and RAG,
frozen monthly reporting periods, drill-down, and the committee pack.

Reads every other module only through the measure registry.
"""

from flask import Flask

from workforce.improvement import jobs, models, reminders, views  # noqa: F401  (tables and routes)
from workforce.improvement.commands import export
from workforce.improvement.constants import ImprovementPermission
from workforce.improvement.demo import seed_demo_plan
from workforce.improvement.pack import build_pack
from workforce.improvement.views import edit as edit_views  # noqa: F401  (tables and routes)
from workforce.improvement.views import figures as figure_views  # noqa: F401  (tables and routes)
from workforce.kernel.contract import IMPROVEMENT, DemoSeeder, ExportBuilder, NavigationEntry, register_module
from workforce.kernel.providers import CENSUS_BENCHMARKS, CENSUS_COMPARATORS
from workforce.kernel.roles import Role


def init_app(app: Flask) -> None:
    modules = register_module(
        app,
        "improvement",
        "Improvement plan",
        "Strands, actions, plan measures with targets and ratings, reporting periods and the committee pack",
        blueprints=(views.blueprint,),
        commands=(export,),
        # The plan's figures and the committee pack compare the council with the DfE figures.
        requires=(CENSUS_COMPARATORS, CENSUS_BENCHMARKS),
    )
    modules.grant(
        ImprovementPermission.VIEW_PLAN,
        Role.ADMINISTRATOR,
        Role.SENIOR_LEADER,
        Role.HR,
        Role.QA_OFFICER,
        Role.ACADEMY_LEAD,
        Role.COMMITTEE_VIEWER,
    )
    modules.grant(
        ImprovementPermission.VIEW_PROVISIONAL,
        Role.ADMINISTRATOR,
        Role.SENIOR_LEADER,
        Role.HR,
        Role.QA_OFFICER,
        Role.ACADEMY_LEAD,
    )
    modules.grant(ImprovementPermission.MANAGE_PLAN, Role.SENIOR_LEADER)
    modules.grant(ImprovementPermission.SIGN_OFF, Role.SENIOR_LEADER)
    modules.grant(ImprovementPermission.PUBLISH_PERIODS, Role.SENIOR_LEADER)
    modules.grant(ImprovementPermission.DOWNLOAD_PACK, Role.SENIOR_LEADER, Role.COMMITTEE_VIEWER)
    modules.add_navigation(
        NavigationEntry(
            "Improvement plan",
            "improvement.list_plans",
            ImprovementPermission.VIEW_PLAN,
            80,
            "/improvement",
            section=IMPROVEMENT,
            description="The plan's strands and actions, their progress and the committee pack.",
        )
    )
    modules.add_navigation(
        NavigationEntry(
            "Improvement actions",
            "improvement.list_actions",
            ImprovementPermission.VIEW_PLAN,
            81,
            "/improvement/actions",
            section=IMPROVEMENT,
            description="Every action of the plan: find them by owner, strand, status or rating, and download them.",
        )
    )
    modules.add_export(
        ExportBuilder("committee-pack", "Committee pack", ImprovementPermission.DOWNLOAD_PACK, build_pack)
    )
    for kind in jobs.JOB_KINDS:
        modules.add_job(kind)
    # After every other module's demo records, so the periods are computed from them.
    modules.add_demo_seeder(DemoSeeder("Improvement plan", 900, seed_demo_plan))
    for rule in reminders.RULES:
        modules.add_notification_rule(rule)
