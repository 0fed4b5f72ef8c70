"""Improvement plan code lists: action status, ratings, GSS symbols and permissions."""

from enum import StrEnum


class ImprovementPermission(StrEnum):
    #: See the plan, its measures and published figures (committee viewers see published aggregates only).
    VIEW_PLAN = "improvement.view"
    #: See unpublished (provisional) figures and the team breakdown without suppression.
    VIEW_PROVISIONAL = "improvement.view-provisional"
    #: Create and change strands, actions, plan measures and progress updates.
    MANAGE_PLAN = "improvement.manage"
    #: Sign actions off (senior leaders, and never their own actions unless the setting allows it).
    SIGN_OFF = "improvement.sign-off"
    #: Compute, publish and revise reporting periods.
    PUBLISH_PERIODS = "improvement.publish"
    #: Download the committee pack.
    DOWNLOAD_PACK = "improvement.pack"


class ActionStatus(StrEnum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    AWAITING_SIGN_OFF = "complete, awaiting sign-off"
    SIGNED_OFF = "signed off"
    CLOSED = "closed without delivery"

    @property
    def label(self) -> str:
        return self.value[:1].upper() + self.value[1:]


#: Statuses a progress update may set; signing off is its own step.
UPDATE_STATUSES = (
    ActionStatus.NOT_STARTED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.AWAITING_SIGN_OFF,
    ActionStatus.CLOSED,
)


class Rating(StrEnum):
    BLUE = "Blue"
    GREEN = "Green"
    AMBER = "Amber"
    RED = "Red"

    @property
    def meaning(self) -> str:
        return RATING_MEANINGS[self]


RATING_MEANINGS = {
    Rating.BLUE: "Blue (delivered and signed off)",
    Rating.GREEN: "Green (on track)",
    Rating.AMBER: "Amber (at risk)",
    Rating.RED: "Red (off track)",
}


class Direction(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no change"
    #: For measures where neither direction is better.
    UP = "up"
    DOWN = "down"
    NOT_AVAILABLE = "not available"


class PeriodState(StrEnum):
    COMPUTED = "provisional"
    PUBLISHED = "published"


class EvidenceKind(StrEnum):
    MEASURE = "measure"
    DOCUMENT = "document"
    AUDIT_THEME = "audit theme"


#: GSS shorthand for cells (UK Analysis Function guidance on releasing statistics in spreadsheets).
SUPPRESSED = "[c]"
NOT_AVAILABLE = "[x]"
NOT_APPLICABLE = "[z]"
LOW = "[low]"
REVISED = "[r]"
PROVISIONAL = "[p]"

SYMBOLS = {
    SUPPRESSED: "Suppressed to protect confidentiality (a count below the threshold)",
    NOT_AVAILABLE: "Not available",
    NOT_APPLICABLE: "Not applicable (for example, a rate with no one to count)",
    LOW: "Rounds to zero but is not zero",
    REVISED: "Revised since first published",
    PROVISIONAL: "Provisional: not yet published to committee",
}

#: Settings with their defaults (read through `improvement.services.setting`).
SETTINGS = {
    #: docs/improvement.md: Amber within this percentage of the trajectory, Red beyond it.
    "improvement_default_tolerance_percent": 10.0,
    #: Analysis Function guidance on disclosure control: counts below this in any breakdown below
    #: whole-council level are suppressed.
    "improvement_suppression_threshold": 5,
    #: Whether a senior leader may sign off an action they own (default: no).
    "improvement_sign_off_own_actions": False,
    #: Largest evidence document accepted, in megabytes.
    "improvement_evidence_max_megabytes": 10,
}

#: The trend in pages and the pack covers this many months.
TREND_MONTHS = 24
