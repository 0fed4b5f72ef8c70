"""Census codes (DfE CSWW 2025 item list) and local code lists for staff records."""

from enum import IntEnum, StrEnum


class CensusRole(IntEnum):
    """OrgRole: the job type of a post. A lower number is the more senior role."""

    SENIOR_MANAGER = 1
    MIDDLE_MANAGER = 2
    FIRST_LINE_MANAGER = 3
    SENIOR_PRACTITIONER = 4
    CASE_HOLDER = 5
    QUALIFIED_WITHOUT_CASES = 6

    @property
    def label(self) -> str:
        return CENSUS_ROLE_LABELS[self]


CENSUS_ROLE_LABELS = {
    CensusRole.SENIOR_MANAGER: "Senior manager",
    CensusRole.MIDDLE_MANAGER: "Middle manager",
    CensusRole.FIRST_LINE_MANAGER: "First line manager",
    CensusRole.SENIOR_PRACTITIONER: "Senior practitioner",
    CensusRole.CASE_HOLDER: "Case holder",
    CensusRole.QUALIFIED_WITHOUT_CASES: "Qualified without cases",
}


class EmploymentType(StrEnum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed-term"
    AGENCY = "agency"
    SECONDMENT = "secondment"
    CASUAL = "casual"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()

    @property
    def is_agency(self) -> bool:
        """DfE: an agency worker is one not paid directly by the council."""
        return self is EmploymentType.AGENCY


class StartOrigin(IntEnum):
    NEWLY_QUALIFIED = 1
    DIFFERENT_LA_IN_ENGLAND = 2
    OUTSIDE_ENGLAND = 3
    AGENCY_IN_ENGLAND = 4
    OTHER_SOCIAL_WORK_NON_LA = 5
    OTHER_SOCIAL_CARE = 6
    NON_SOCIAL_CARE_OR_BREAK = 7
    OTHER = 8
    NOT_KNOWN = 9
    NOT_YET_COLLECTED = 10

    @property
    def label(self) -> str:
        return START_ORIGIN_LABELS[self]


START_ORIGIN_LABELS = {
    StartOrigin.NEWLY_QUALIFIED: "Newly qualified social worker",
    StartOrigin.DIFFERENT_LA_IN_ENGLAND: "Social worker role in a different local authority in England",
    StartOrigin.OUTSIDE_ENGLAND: "Social worker role outside England",
    StartOrigin.AGENCY_IN_ENGLAND: "Agency or consultancy in social work (in England)",
    StartOrigin.OTHER_SOCIAL_WORK_NON_LA: "Other social work role, non-local authority (in England)",
    StartOrigin.OTHER_SOCIAL_CARE: "Other social care role in or outside a local authority (in England)",
    StartOrigin.NON_SOCIAL_CARE_OR_BREAK: (
        "Non-social care role, any role outside England, no employment or career break"
    ),
    StartOrigin.OTHER: "Other",
    StartOrigin.NOT_KNOWN: "Not known",
    StartOrigin.NOT_YET_COLLECTED: "Not yet collected",
}


class LeaverDestination(IntEnum):
    DIFFERENT_LA_IN_ENGLAND = 1
    OUTSIDE_ENGLAND = 2
    AGENCY_IN_ENGLAND = 3
    OTHER_SOCIAL_WORK_NON_LA = 4
    OTHER_SOCIAL_CARE = 5
    NON_SOCIAL_CARE_OR_BREAK = 6
    OTHER = 7
    NOT_KNOWN = 8
    NOT_YET_COLLECTED = 9

    @property
    def label(self) -> str:
        return LEAVER_DESTINATION_LABELS[self]


LEAVER_DESTINATION_LABELS = {
    LeaverDestination.DIFFERENT_LA_IN_ENGLAND: "Social worker role in a different local authority in England",
    LeaverDestination.OUTSIDE_ENGLAND: "Social worker role outside England",
    LeaverDestination.AGENCY_IN_ENGLAND: "Agency or consultancy in social work (in England)",
    LeaverDestination.OTHER_SOCIAL_WORK_NON_LA: "Other social work role, non-local authority (in England)",
    LeaverDestination.OTHER_SOCIAL_CARE: "Other social care role in or outside a local authority (in England)",
    LeaverDestination.NON_SOCIAL_CARE_OR_BREAK: (
        "Non-social care role, any role outside England, no employment or career break"
    ),
    LeaverDestination.OTHER: "Other",
    LeaverDestination.NOT_KNOWN: "Not known",
    LeaverDestination.NOT_YET_COLLECTED: "Not yet collected",
}


class ReasonForLeaving(IntEnum):
    RESIGNATION = 1
    VOLUNTARY_REDUNDANCY = 2
    COMPULSORY_REDUNDANCY = 3
    DISMISSED = 4
    RETIRED = 5
    DECEASED = 6
    MOVED_TO_NON_CHILD_AND_FAMILY_ROLE = 7
    OTHER = 8
    NOT_KNOWN = 9
    NOT_YET_COLLECTED = 10

    @property
    def label(self) -> str:
        return REASON_FOR_LEAVING_LABELS[self]


REASON_FOR_LEAVING_LABELS = {
    ReasonForLeaving.RESIGNATION: "Resignation",
    ReasonForLeaving.VOLUNTARY_REDUNDANCY: "Voluntary redundancy",
    ReasonForLeaving.COMPULSORY_REDUNDANCY: "Compulsory redundancy",
    ReasonForLeaving.DISMISSED: "Dismissed",
    ReasonForLeaving.RETIRED: "Retired",
    ReasonForLeaving.DECEASED: "Deceased",
    ReasonForLeaving.MOVED_TO_NON_CHILD_AND_FAMILY_ROLE: (
        "Moved to a non-child and family social work role within the council"
    ),
    ReasonForLeaving.OTHER: "Other",
    ReasonForLeaving.NOT_KNOWN: "Not known",
    ReasonForLeaving.NOT_YET_COLLECTED: "Not yet collected",
}


class AbsenceReason(StrEnum):
    MATERNITY_PATERNITY = "MAT"
    OTHER_PAID = "OTH"
    PUBLIC_DUTIES = "PUB"
    SICKNESS = "SIC"
    TRAINING = "TRN"
    UNAUTHORISED = "UNA"
    UNPAID_AUTHORISED = "UNP"

    @property
    def label(self) -> str:
        return ABSENCE_REASON_LABELS[self]


ABSENCE_REASON_LABELS = {
    AbsenceReason.MATERNITY_PATERNITY: "Maternity or paternity leave",
    AbsenceReason.OTHER_PAID: "Other paid authorised absence",
    AbsenceReason.PUBLIC_DUTIES: "Paid absence for public duties",
    AbsenceReason.SICKNESS: "Sick leave",
    AbsenceReason.TRAINING: "Training",
    AbsenceReason.UNAUTHORISED: "Unauthorised absence",
    AbsenceReason.UNPAID_AUTHORISED: "Unpaid authorised absence",
}


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"

    @property
    def label(self) -> str:
        return "Male" if self is Sex.MALE else "Female"


class Ethnicity(StrEnum):
    WHITE_BRITISH = "WBRI"
    WHITE_IRISH = "WIRI"
    WHITE_OTHER = "WOTH"
    WHITE_AND_BLACK_CARIBBEAN = "MWBC"
    WHITE_AND_BLACK_AFRICAN = "MWBA"
    WHITE_AND_ASIAN = "MWAS"
    MIXED_OTHER = "MOTH"
    INDIAN = "AIND"
    PAKISTANI = "APKN"
    BANGLADESHI = "ABAN"
    ASIAN_OTHER = "AOTH"
    BLACK_CARIBBEAN = "BCRB"
    BLACK_AFRICAN = "BAFR"
    BLACK_OTHER = "BOTH"
    CHINESE = "CHNE"
    OTHER = "OOTH"
    REFUSED = "REFU"
    NOT_OBTAINED = "NOBT"

    @property
    def label(self) -> str:
        return ETHNICITY_LABELS[self]


ETHNICITY_LABELS = {
    Ethnicity.WHITE_BRITISH: "White British",
    Ethnicity.WHITE_IRISH: "White Irish",
    Ethnicity.WHITE_OTHER: "Any other White background",
    Ethnicity.WHITE_AND_BLACK_CARIBBEAN: "White and Black Caribbean",
    Ethnicity.WHITE_AND_BLACK_AFRICAN: "White and Black African",
    Ethnicity.WHITE_AND_ASIAN: "White and Asian",
    Ethnicity.MIXED_OTHER: "Any other mixed background",
    Ethnicity.INDIAN: "Indian",
    Ethnicity.PAKISTANI: "Pakistani",
    Ethnicity.BANGLADESHI: "Bangladeshi",
    Ethnicity.ASIAN_OTHER: "Any other Asian background",
    Ethnicity.BLACK_CARIBBEAN: "Black Caribbean",
    Ethnicity.BLACK_AFRICAN: "Black African",
    Ethnicity.BLACK_OTHER: "Any other Black background",
    Ethnicity.CHINESE: "Chinese",
    Ethnicity.OTHER: "Any other ethnic group",
    Ethnicity.REFUSED: "Declared not stated or refused",
    Ethnicity.NOT_OBTAINED: "Information not yet obtained",
}


class QualificationLevel(IntEnum):
    UNDERGRADUATE = 1
    POSTGRADUATE = 2
    OTHER = 3

    @property
    def label(self) -> str:
        return {1: "Undergraduate", 2: "Postgraduate", 3: "Other"}[self.value]


class PeoplePermission(StrEnum):
    #: See staff records within the user's scope (teams, supervisees or self).
    VIEW_STAFF = "staff.view"
    #: Create and change staff records, posts, assignments and absences.
    MANAGE_STAFF = "staff.manage"
    #: See the establishment (posts, filled, vacant, agency-covered) for the user's teams.
    VIEW_ESTABLISHMENT = "establishment.view"
    #: See the workforce dashboard (aggregate figures) for the user's teams.
    VIEW_WORKFORCE_DASHBOARD = "workforce-dashboard.view"
    #: Import staff, assignments, absences and survey results from files.
    IMPORT_STAFF = "staff.import"
    #: See sex, ethnicity and date of birth.
    VIEW_PROTECTED_CHARACTERISTICS = "staff.view-protected-characteristics"


class RegistrationStatus(StrEnum):
    """Social Work England registration as last checked on the public register."""

    REGISTERED = "registered"
    LAPSED = "lapsed"
    SUSPENDED = "suspended"
    REMOVED = "removed"
    #: Staff who are not social workers (and so need no registration).
    NOT_REQUIRED = "not-required"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()

    @property
    def may_practise(self) -> bool:
        return self is RegistrationStatus.REGISTERED
