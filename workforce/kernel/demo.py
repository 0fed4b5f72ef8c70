"""The demo council: "Demo Borough Council" with its service areas, teams and one user per role.

Feature modules add their own demo records through demo seeders (the module contract); all of it is
deterministic for a given size, seed and as-of date.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import click
from flask import Flask
from sqlalchemy import func, select

from workforce.extensions import db
from workforce.kernel import audit_trail, clock, database, passwords, settings
from workforce.kernel.audit_trail import safety_net
from workforce.kernel.contract import registry
from workforce.kernel.models import Team, User
from workforce.kernel.roles import Role
from workforce.kernel.teams import services as teams_services
from workforce.kernel.users import services as users_services

COUNCIL_NAME = "Demo Borough Council"
#: Every demo user signs in with this password; it is printed by `make run` and `wpq demo credentials`.
DEMO_PASSWORD = "demo-borough-password"
EMAIL_DOMAIN = "demo-borough.example"

#: Service area -> (team name, number of such teams at small size, at large size).
TEAM_PLAN: dict[str, list[tuple[str, int, int]]] = {
    "Front Door and Assessment": [
        ("Multi-Agency Safeguarding Hub (MASH)", 1, 2),
        ("Assessment Team", 2, 8),
    ],
    "Safeguarding and Family Help": [
        ("Child in Need and Child Protection Team", 2, 12),
        ("Disabled Children's Team", 1, 3),
        ("Early Help Team", 1, 4),
    ],
    "Children in Care and Permanence": [
        ("Children in Care Team", 2, 8),
        ("Care Leavers Team", 1, 4),
        ("Fostering Team", 1, 3),
        ("Adoption Team", 1, 2),
    ],
}

SIZES = ("small", "large", "stress")
#: Size relative to the large council (about 1,200 staff): the stress size is ten times larger.
SCALES = {"small": 0.125, "large": 1.0, "stress": 10.0}

DEMO_USERS: list[tuple[Role, str, str]] = [
    (Role.ADMINISTRATOR, "Morgan Ellis", "administrator"),
    (Role.SENIOR_LEADER, "Priya Raman", "senior-leader"),
    (Role.HR, "Daniel Osei", "hr"),
    (Role.TEAM_MANAGER, "Helen Murray", "team-manager"),
    (Role.PRACTICE_SUPERVISOR, "Tom Brennan", "practice-supervisor"),
    (Role.QA_OFFICER, "Aisha Karim", "qa-officer"),
    (Role.ACADEMY_LEAD, "Grace Whitfield", "academy-lead"),
    (Role.COMMITTEE_VIEWER, "Cllr Jane Porter", "committee-viewer"),
    (Role.SOCIAL_WORKER, "Lewis Carter", "social-worker"),
]


@dataclass
class DemoContext:
    """What a demo seeder gets: the size, a seeded random generator, the teams and users made so far."""

    size: str
    seed: int
    as_of: date
    rng: random.Random
    teams: list[Team] = field(default_factory=list)
    users: dict[Role, User] = field(default_factory=dict)

    @property
    def large(self) -> bool:
        """True for the large council and the ten-times stress size."""
        return self.size in ("large", "stress")

    @property
    def scale(self) -> float:
        """How many times the large council this size is (small 0.125, large 1, stress 10)."""
        return SCALES[self.size]

    def progress(self, message: str) -> None:
        click.echo(f"  {message}", err=True)


class DemoRefused(RuntimeError):
    pass


def team_name(base: str, index: int, count: int) -> str:
    return base if count == 1 else f"{base} {index}"


def database_holds_records() -> bool:
    users = db.session.execute(select(func.count()).select_from(User)).scalar_one()
    teams = db.session.execute(select(func.count()).select_from(Team)).scalar_one()
    return bool(users or teams)


def demo_email(local_part: str) -> str:
    return f"{local_part}@{EMAIL_DOMAIN}"


def load_demo(
    size: str = "small",
    seed: int = 1,
    as_of: date | None = None,
    with_modules: bool = True,
    only: Iterable[str] | None = None,
) -> DemoContext:
    """Load the demo council into an empty database; refuses one that holds records.

    `with_modules=False` loads only the council's teams and users (the modules' seeders are skipped);
    `only` runs just the named seeders (tests of one module's demo data).
    """
    if size not in SIZES:
        raise DemoRefused(f"Size must be one of {', '.join(SIZES)}")
    if database_holds_records():
        raise DemoRefused(
            "The database already holds users or teams. The demo council loads only into an empty database."
        )
    context = DemoContext(size=size, seed=seed, as_of=as_of or clock.today(), rng=random.Random(seed))
    # The demo council is made up: its seeders write records in bulk and are not held to the audit safety net.
    with audit_trail.acting_as("Demo council loader"), safety_net.not_audited("the demo council"):
        settings.put("council_name", COUNCIL_NAME)
        settings.put("demo_mode", True)
        settings.put("demo_generated", {"size": size, "seed": seed, "as_of": context.as_of.isoformat()})
        context.progress("Service areas and teams")
        for area_name, kinds in TEAM_PLAN.items():
            area = teams_services.find_or_create_service_area(area_name)
            for base, small_count, large_count in kinds:
                count = small_count if context.size == "small" else round(large_count * context.scale)
                for index in range(1, count + 1):
                    context.teams.append(teams_services.create_team(team_name(base, index, count), area))
        context.progress("One user for each role")
        home_team = next(team for team in context.teams if team.name.startswith("Assessment Team"))
        # One hash for the shared demo password: hashing it nine times would only make loading slower.
        password_hash = passwords.hash_password(DEMO_PASSWORD)
        for role, name, local_part in DEMO_USERS:
            teams = [home_team] if role in (Role.TEAM_MANAGER, Role.PRACTICE_SUPERVISOR, Role.SOCIAL_WORKER) else []
            user = users_services.create_user(email=demo_email(local_part), name=name, role=role, teams=teams)
            user.password_hash = password_hash
            context.users[role] = user
        home_team.managers = [context.users[Role.TEAM_MANAGER]]
        for seeder in registry().demo_seeders if with_modules else ():
            if only is not None and seeder.name not in only:
                continue
            context.progress(seeder.name)
            seeder.seed(context)
            db.session.flush()
            if context.large:
                # Later seeders (the improvement plan's roll-ups above all) query what earlier ones loaded;
                # without statistics PostgreSQL plans those queries for empty tables.
                database.refresh_statistics(db.session)
    database.refresh_statistics(db.session)
    return context


def credentials_text(base_url: str | None = None) -> str:
    lines = []
    if base_url:
        lines.append(f"WPQ is at {base_url}")
    lines.append(f"Demo sign-in (password for every demo user: {DEMO_PASSWORD}):")
    width = max(len(role.label) for role, _, _ in DEMO_USERS)
    for role, _name, local_part in DEMO_USERS:
        lines.append(f"  {role.label:<{width}}  {demo_email(local_part)}")
    return "\n".join(lines)


def init_app(app: Flask) -> None:
    app.cli.add_command(demo)


@click.group("demo", help="The demo council.")
def demo():
    pass


@demo.command("load", help="Load Demo Borough Council into an empty database.")
@click.option("--size", type=click.Choice(SIZES), default="small", show_default=True)
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed gives the same council.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Generate up to this date.")
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when the database already holds records.")
def load(size: str, seed: int, as_of, if_empty: bool):
    if if_empty and database_holds_records():
        if settings.get("demo_mode"):
            click.echo("The demo council is already loaded.")
        else:
            click.echo("The database holds real records, so the demo council was not loaded.")
        return
    click.echo(f"Loading {COUNCIL_NAME} ({size}, seed {seed})...", err=True)
    try:
        load_demo(size, seed, as_of.date() if as_of else None)
    except DemoRefused as problem:
        db.session.rollback()
        raise click.ClickException(str(problem)) from None
    db.session.commit()
    click.echo(f"Loaded {COUNCIL_NAME}.")


@demo.command("credentials", help="Print the demo sign-in details for each role.")
@click.option("--url", default=None, help="The address WPQ is served at.")
def credentials(url: str | None):
    if not settings.get("demo_mode"):
        click.echo("This database does not hold the demo council; ask your administrator for your sign-in.")
        return
    click.echo(credentials_text(url))
