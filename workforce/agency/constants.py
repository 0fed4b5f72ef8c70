"""Agency code lists and the DfE agency rules (in force 31 October 2024; every assignment by 1 October 2025)."""

from enum import StrEnum


class AgencyPermission(StrEnum):
    #: See agency engagements and the compliance page (a team manager: their own teams).
    VIEW_AGENCY = "agency.view"
    #: Record and change engagements, sign-offs and the price-cap table.
    MANAGE_AGENCY = "agency.manage"


class ProviderType(StrEnum):
    AGENCY = "agency"
    MANAGED_SERVICE_PROVIDER = "managed-service-provider"

    @property
    def label(self) -> str:
        return "Agency" if self is ProviderType.AGENCY else "Managed service provider"


class AgencyJobType(StrEnum):
    """The job types the regional price caps are set for (DfE statutory guidance)."""

    SOCIAL_WORKER = "social-worker"
    SENIOR_SOCIAL_WORKER = "senior-social-worker"
    ADVANCED_PRACTITIONER = "advanced-practitioner"
    TEAM_MANAGER = "team-manager"
    INDEPENDENT_REVIEWING_OFFICER = "independent-reviewing-officer"

    @property
    def label(self) -> str:
        return JOB_TYPE_LABELS[self]


JOB_TYPE_LABELS = {
    AgencyJobType.SOCIAL_WORKER: "Social worker",
    AgencyJobType.SENIOR_SOCIAL_WORKER: "Senior social worker",
    AgencyJobType.ADVANCED_PRACTITIONER: "Advanced practitioner",
    AgencyJobType.TEAM_MANAGER: "Team manager",
    AgencyJobType.INDEPENDENT_REVIEWING_OFFICER: "Independent reviewing officer or conference chair",
}


class Region(StrEnum):
    NORTH_EAST = "north-east"
    NORTH_WEST = "north-west"
    YORKSHIRE_AND_THE_HUMBER = "yorkshire-and-the-humber"
    EAST_MIDLANDS = "east-midlands"
    WEST_MIDLANDS = "west-midlands"
    EAST_OF_ENGLAND = "east-of-england"
    LONDON = "london"
    SOUTH_EAST = "south-east"
    SOUTH_WEST = "south-west"

    @property
    def label(self) -> str:
        return REGION_LABELS[self]


REGION_LABELS = {
    Region.NORTH_EAST: "North East",
    Region.NORTH_WEST: "North West",
    Region.YORKSHIRE_AND_THE_HUMBER: "Yorkshire and the Humber",
    Region.EAST_MIDLANDS: "East Midlands",
    Region.WEST_MIDLANDS: "West Midlands",
    Region.EAST_OF_ENGLAND: "East of England",
    Region.LONDON: "London",
    Region.SOUTH_EAST: "South East",
    Region.SOUTH_WEST: "South West",
}


class Rule(StrEnum):
    """The DfE agency rules WPQ checks on every engagement."""

    PRICE_CAP = "price-cap"
    EXPERIENCE = "experience"
    REFERENCES = "references"
    NOTICE = "notice"
    COOLING_OFF = "cooling-off"

    @property
    def label(self) -> str:
        return RULE_LABELS[self]


RULE_LABELS = {
    Rule.PRICE_CAP: "Within the regional price cap, or a breach signed off by the DCS and chief executive",
    Rule.EXPERIENCE: "At least 3 years' post-qualification experience at the start",
    Rule.REFERENCES: "Two practice-based references before the start",
    Rule.NOTICE: "A notice period of at least 4 weeks",
    Rule.COOLING_OFF: "Not engaged within 3 months of leaving a permanent post in the same region",
}

#: DfE rules: minimum post-qualification experience, notice period and cooling-off period.
MINIMUM_EXPERIENCE_YEARS = 3
MINIMUM_NOTICE_WEEKS = 4
COOLING_OFF_MONTHS = 3

SETTING_DEFAULTS = {
    #: The region whose price caps apply to this council, and whose permanent posts the cooling-off
    #: rule looks at.
    "agency.council_region": Region.SOUTH_EAST.value,
}
