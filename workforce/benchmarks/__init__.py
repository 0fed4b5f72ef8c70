"""Benchmarks: the council's workforce figures beside England, its region and its statistical neighbours,
from the DfE children's social work workforce statistics (Open Government Licence v3.0)."""

from flask import Flask

from workforce.benchmarks import models, providers  # noqa: F401  (models: the tables)
from workforce.benchmarks.commands import benchmarks
from workforce.benchmarks.constants import BenchmarksPermission
from workforce.benchmarks.views import blueprint
from workforce.kernel.contract import IMPROVEMENT, DemoSeeder, NavigationEntry, register_module
from workforce.kernel.providers import CENSUS_BENCHMARKS, CENSUS_COMPARATORS
from workforce.kernel.roles import Role


def seed_demo(context) -> None:
    """The shipped DfE figures, unless a release is already loaded."""
    from workforce.benchmarks import dao, services

    if dao.latest_release() is None:
        services.load_shipped()


def init_app(app: Flask) -> None:
    modules = register_module(
        app,
        "benchmarks",
        "Benchmarks",
        "DfE workforce figures for England, regions and councils, and statistical neighbours",
        blueprints=(blueprint,),
        commands=(benchmarks,),
    )
    modules.grant(
        BenchmarksPermission.VIEW,
        Role.ADMINISTRATOR,
        Role.SENIOR_LEADER,
        Role.HR,
        Role.QA_OFFICER,
        Role.ACADEMY_LEAD,
        Role.COMMITTEE_VIEWER,
        Role.TEAM_MANAGER,
    )
    modules.grant(BenchmarksPermission.MANAGE, Role.ADMINISTRATOR)
    modules.add_navigation(
        NavigationEntry(
            "Benchmarks",
            "benchmarks.overview",
            BenchmarksPermission.VIEW,
            70,
            "/benchmarks",
            section=IMPROVEMENT,
            description="The council's figures beside England, its region and statistical neighbours.",
        )
    )
    modules.add_demo_seeder(DemoSeeder("DfE benchmark figures", 10, seed_demo))
    # The improvement plan's comparators and the committee pack's Benchmarks sheet.
    modules.provide(CENSUS_COMPARATORS, providers.census_comparators)
    modules.provide(CENSUS_BENCHMARKS, providers.census_benchmarks)
