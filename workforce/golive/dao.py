"""The go-live pages' queries."""

from sqlalchemy import func, select

from workforce.extensions import db
from workforce.kernel.models import User


def no_users_yet() -> bool:
    """Whether WPQ has no account at all yet (the first run, before the first administrator)."""
    return db.session.execute(select(func.count()).select_from(User)).scalar_one() == 0
