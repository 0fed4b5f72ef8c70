"""Going live: permissions, the teams import's columns, and the set-up checklist's items."""

from enum import StrEnum


class GoLivePermission(StrEnum):
    #: Link accounts to staff records, unlink them, and create accounts for imported staff.
    MANAGE_ACCOUNTS = "accounts.manage"


TEAMS_COLUMNS = {"ServiceArea": "service_area", "Team": "team"}
TEAMS_NOTES = [
    ("ServiceArea", "Required. The service area the team belongs to; a new name creates the service area."),
    ("Team", "Required. The team's name as staff know it; the staff import's Team column must match it."),
    ("Rows", "One row per team. A team already in WPQ is moved to the service area given; none is removed."),
]


class ProvisionSkip(StrEnum):
    """Why a staff record gets no new account."""

    LINKED = "Already has an account"
    NO_EMAIL = "No work email on the staff record (add the Email column to the staff import)"
    NOT_IN_POST = "Not in post today"
    EMAIL_TAKEN = "An account with this email exists: link it instead"
