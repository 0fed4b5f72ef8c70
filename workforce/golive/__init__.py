"""Going live at a council: first-run set-up, the set-up checklist, teams from a file, and accounts linked to
and provisioned from the staff records (with leavers' accounts deactivated on their last day)."""

import click
from flask import Flask

from workforce.golive import checklist, demo, services
from workforce.golive.commands import (
    council_group,
    deactivate_leavers_command,
    import_teams_command,
    init_council_command,  # noqa: F401  (a subcommand of council_group)
    provision_command,
)
from workforce.golive.constants import GoLivePermission
from workforce.golive.views import blueprint
from workforce.kernel.contract import (
    ADMINISTRATION,
    DemoSeeder,
    HomePanel,
    JobKind,
    NavigationEntry,
    Schedule,
    register_module,
)
from workforce.kernel.providers import ACCOUNT_FOR_COUNCIL_SIGN_IN, LINK_STAFF_NUMBER
from workforce.kernel.roles import Role


def link_staff_number(user, staff_number: str) -> str:
    """For `wpq users create --staff-number N`: link the new account to that staff record."""
    from workforce.people import dao as people_dao

    staff_member = people_dao.find_staff_by_employee_number(staff_number.strip())
    if staff_member is None:
        raise services.AccountError(f"There is no staff record with the employee number {staff_number}")
    services.link_account(staff_member, user, note="Linked when the account was created")
    return str(staff_member)


DEACTIVATE_LEAVERS = "users.deactivate-leavers"


def deactivate_leavers_job(context):
    """The daily job: leavers' accounts end on their last day (and any missed day is caught up)."""
    from workforce.kernel.jobs import JobResult

    deactivated = services.deactivate_leavers()
    return JobResult(
        f"Deactivated {len(deactivated)} leavers' accounts",
        values={"deactivated": [user.email for user, _ in deactivated]},
    )


def init_app(app: Flask) -> None:
    modules = register_module(
        app,
        "golive",
        "Going live",
        "First-run set-up, the set-up checklist, teams from a file, accounts from staff records",
        blueprints=(blueprint,),
        commands=(council_group,),
    )
    modules.grant(GoLivePermission.MANAGE_ACCOUNTS, Role.ADMINISTRATOR, Role.HR)
    modules.add_navigation(
        NavigationEntry(
            "Accounts",
            "golive.provision_accounts",
            GoLivePermission.MANAGE_ACCOUNTS,
            91,
            "/admin/accounts",
            section=ADMINISTRATION,
            description="Create sign-in accounts for staff in bulk when the council goes live.",
        )
    )
    modules.add_home_panel(
        HomePanel(
            "set-up-checklist", "golive/home_checklist.html", frozenset({Role.ADMINISTRATOR}), checklist.home_panel, 5
        )
    )
    # After the DfE figures (order 10), so that the borrowed LA code can be checked against them.
    modules.add_demo_seeder(DemoSeeder("Council settings (borrowed LA code, census pay items)", 11, demo.seed_council))
    modules.provide(LINK_STAFF_NUMBER, link_staff_number)
    modules.provide(ACCOUNT_FOR_COUNCIL_SIGN_IN, services.account_for_council_sign_in)
    modules.add_job(JobKind(DEACTIVATE_LEAVERS, "Deactivate leavers' accounts", deactivate_leavers_job))
    # 23:30 every day: late enough that nobody is locked out during their last working day.
    modules.add_schedule(Schedule(DEACTIVATE_LEAVERS, DEACTIVATE_LEAVERS, {"minute": "30", "hour": "23"}))
    _add_subcommand(app, "import", import_teams_command)
    _add_subcommand(app, "users", provision_command)
    _add_subcommand(app, "users", deactivate_leavers_command)


def _add_subcommand(app: Flask, group: str, command: click.Command) -> None:
    existing = app.cli.commands.get(group)
    if not isinstance(existing, click.Group):
        raise RuntimeError(f"`wpq {group}` must be registered before the going-live module")
    existing.add_command(command)
