"""`create_<thing>(**overrides)` builders: a test names only what it cares about.

Builders commit, which inside a test only releases a savepoint: the test's outer transaction is still
rolled back at the end, and a view that rolls back its own work does not undo the test's set-up.
"""

from __future__ import annotations

import itertools

from workforce.extensions import db
from workforce.kernel import passwords
from workforce.kernel.auth.services import new_session_token
from workforce.kernel.models import ServiceArea, Team, User
from workforce.kernel.roles import Role

_sequence = itertools.count(1)

DEFAULT_PASSWORD = "correct horse battery staple"


def create_service_area(name: str | None = None) -> ServiceArea:
    area = ServiceArea(name=name or f"Service area {next(_sequence)}")
    db.session.add(area)
    db.session.commit()
    return area


def create_team(name: str | None = None, service_area: ServiceArea | None = None, managers=()) -> Team:
    team = Team(
        name=name or f"Team {next(_sequence)}",
        service_area=service_area or create_service_area(),
        managers=list(managers),
    )
    db.session.add(team)
    db.session.commit()
    return team


def create_user(
    role: Role = Role.SOCIAL_WORKER,
    *,
    name: str | None = None,
    email: str | None = None,
    team: Team | None = None,
    manages=(),
    password: str | None = None,
    **overrides,
) -> User:
    number = next(_sequence)
    values = {
        "name": name or f"User {number}",
        "email": email or f"user{number}@example.gov.uk",
        "role": role,
        "team": team,
        "managed_teams": list(manages),
        "password_hash": passwords.hash_password(password) if password else None,
        "session_token": new_session_token(),
        "failed_sign_ins": 0,
    }
    user = User(**{**values, **overrides})
    db.session.add(user)
    db.session.commit()
    return user


def create_team_manager(team: Team | None = None, **overrides) -> User:
    team = team or create_team()
    return create_user(Role.TEAM_MANAGER, team=team, manages=[team], **overrides)
