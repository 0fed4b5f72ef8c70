"""Recruitment code lists: vacancy statuses, applicant sources, stage kinds, coded reasons, checks."""

from enum import StrEnum


class RecruitmentPermission(StrEnum):
    #: See vacancies and pipelines within the user's scope (a team manager: their own teams).
    VIEW_RECRUITMENT = "recruitment.view"
    #: Raise a vacancy against a post in scope.
    RAISE_VACANCY = "recruitment.raise-vacancy"
    #: The first approval of a vacancy, as head of service.
    APPROVE_AS_HEAD_OF_SERVICE = "recruitment.approve-head-of-service"
    #: Run recruitment: approve as HR, advertise, record applicants, move them, offers, checks, starts.
    MANAGE_RECRUITMENT = "recruitment.manage"
    #: See applicants' contact details on any vacancy (others see them only as a panel member).
    VIEW_APPLICANT_CONTACT_DETAILS = "recruitment.view-applicant-contact-details"


class VacancyStatus(StrEnum):
    RAISED = "raised"
    HEAD_OF_SERVICE_APPROVED = "head-of-service-approved"
    APPROVED = "approved"
    ADVERTISED = "advertised"
    FILLED = "filled"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return VACANCY_STATUS_LABELS[self]

    @property
    def is_closed(self) -> bool:
        return self in (VacancyStatus.FILLED, VacancyStatus.WITHDRAWN)


VACANCY_STATUS_LABELS = {
    VacancyStatus.RAISED: "Awaiting head of service approval",
    VacancyStatus.HEAD_OF_SERVICE_APPROVED: "Awaiting HR approval",
    VacancyStatus.APPROVED: "Approved",
    VacancyStatus.ADVERTISED: "Advertised",
    VacancyStatus.FILLED: "Filled",
    VacancyStatus.WITHDRAWN: "Withdrawn",
}


class ApplicantSource(StrEnum):
    DIRECT_ADVERT = "direct-advert"
    AGENCY_CONVERSION = "agency-conversion"
    STEP_UP = "step-up"
    FRONTLINE = "frontline"
    UNIVERSITY_PARTNERSHIP = "university-partnership"
    INTERNATIONAL = "international"
    STUDENT_PLACEMENT = "student-placement"
    INTERNAL = "internal"
    OTHER = "other"

    @property
    def label(self) -> str:
        return APPLICANT_SOURCE_LABELS[self]


APPLICANT_SOURCE_LABELS = {
    ApplicantSource.DIRECT_ADVERT: "Direct advert",
    ApplicantSource.AGENCY_CONVERSION: "Agency conversion",
    ApplicantSource.STEP_UP: "Step Up to Social Work",
    ApplicantSource.FRONTLINE: "Frontline",
    ApplicantSource.UNIVERSITY_PARTNERSHIP: "University partnership",
    ApplicantSource.INTERNATIONAL: "International recruitment",
    ApplicantSource.STUDENT_PLACEMENT: "Student placement",
    ApplicantSource.INTERNAL: "Internal",
    ApplicantSource.OTHER: "Other",
}


class StageKind(StrEnum):
    """What a pipeline stage means, so that rules hold whatever the council calls its stages."""

    APPLIED = "applied"
    SCREENING = "screening"
    INTERVIEW = "interview"
    OFFER = "offer"
    CHECKS = "checks"
    STARTED = "started"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"
    OFFER_DECLINED = "offer-declined"

    @property
    def is_closed(self) -> bool:
        return self in CLOSED_KINDS

    @property
    def is_unsuccessful(self) -> bool:
        return self in UNSUCCESSFUL_KINDS


UNSUCCESSFUL_KINDS = frozenset({StageKind.WITHDRAWN, StageKind.REJECTED, StageKind.OFFER_DECLINED})
CLOSED_KINDS = UNSUCCESSFUL_KINDS | {StageKind.STARTED}

#: The default pipeline (docs/recruitment.md): (name, kind) in order; closed stages come last.
DEFAULT_STAGES: list[tuple[str, StageKind]] = [
    ("Applied", StageKind.APPLIED),
    ("Shortlisted", StageKind.SCREENING),
    ("Interview", StageKind.INTERVIEW),
    ("Offer", StageKind.OFFER),
    ("Pre-employment checks", StageKind.CHECKS),
    ("Start confirmed", StageKind.STARTED),
    ("Withdrawn", StageKind.WITHDRAWN),
    ("Rejected", StageKind.REJECTED),
    ("Offer declined", StageKind.OFFER_DECLINED),
]

#: Default allowed moves between stage kinds: forward one step, or out to a closed stage.
DEFAULT_MOVES: dict[StageKind, tuple[StageKind, ...]] = {
    StageKind.APPLIED: (StageKind.SCREENING, StageKind.WITHDRAWN, StageKind.REJECTED),
    StageKind.SCREENING: (StageKind.INTERVIEW, StageKind.WITHDRAWN, StageKind.REJECTED),
    StageKind.INTERVIEW: (StageKind.OFFER, StageKind.WITHDRAWN, StageKind.REJECTED),
    StageKind.OFFER: (StageKind.CHECKS, StageKind.OFFER_DECLINED, StageKind.WITHDRAWN),
    StageKind.CHECKS: (StageKind.STARTED, StageKind.WITHDRAWN, StageKind.REJECTED),
    StageKind.STARTED: (),
    StageKind.WITHDRAWN: (),
    StageKind.REJECTED: (),
    StageKind.OFFER_DECLINED: (),
}


class ClosureReason(StrEnum):
    """Coded reasons for leaving the pipeline without starting; each belongs to one closed stage kind."""

    # Withdrawn by the applicant
    ACCEPTED_ANOTHER_JOB = "accepted-another-job"
    PERSONAL_CIRCUMSTANCES = "personal-circumstances"
    NO_RESPONSE = "no-response"
    PROCESS_TOO_SLOW = "process-too-slow"
    WITHDREW_OTHER = "withdrew-other"
    # Rejected by the council
    DOES_NOT_MEET_CRITERIA = "does-not-meet-criteria"
    NOT_REGISTERED = "not-registered"
    INSUFFICIENT_EXPERIENCE = "insufficient-experience"
    INTERVIEW_PERFORMANCE = "interview-performance"
    UNSATISFACTORY_CHECKS = "unsatisfactory-checks"
    REJECTED_OTHER = "rejected-other"
    # Offer declined
    PAY = "pay"
    LOCATION_OR_TRAVEL = "location-or-travel"
    COUNTER_OFFER = "counter-offer"
    WORKLOAD_CONCERNS = "workload-concerns"
    DECLINED_OTHER = "declined-other"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()

    @property
    def kind(self) -> StageKind:
        return CLOSURE_REASON_KIND[self]


CLOSURE_REASON_KIND = {
    **dict.fromkeys(
        [
            ClosureReason.ACCEPTED_ANOTHER_JOB,
            ClosureReason.PERSONAL_CIRCUMSTANCES,
            ClosureReason.NO_RESPONSE,
            ClosureReason.PROCESS_TOO_SLOW,
            ClosureReason.WITHDREW_OTHER,
        ],
        StageKind.WITHDRAWN,
    ),
    **dict.fromkeys(
        [
            ClosureReason.DOES_NOT_MEET_CRITERIA,
            ClosureReason.NOT_REGISTERED,
            ClosureReason.INSUFFICIENT_EXPERIENCE,
            ClosureReason.INTERVIEW_PERFORMANCE,
            ClosureReason.UNSATISFACTORY_CHECKS,
            ClosureReason.REJECTED_OTHER,
        ],
        StageKind.REJECTED,
    ),
    **dict.fromkeys(
        [
            ClosureReason.PAY,
            ClosureReason.LOCATION_OR_TRAVEL,
            ClosureReason.COUNTER_OFFER,
            ClosureReason.WORKLOAD_CONCERNS,
            ClosureReason.DECLINED_OTHER,
        ],
        StageKind.OFFER_DECLINED,
    ),
}


class CheckKind(StrEnum):
    """Pre-employment checks (safer recruitment; docs/recruitment.md), each needed before a start is confirmed."""

    DBS = "dbs"
    FIRST_REFERENCE = "first-reference"
    SECOND_REFERENCE = "second-reference"
    REGISTRATION = "registration"
    RIGHT_TO_WORK = "right-to-work"
    OCCUPATIONAL_HEALTH = "occupational-health"

    @property
    def label(self) -> str:
        return CHECK_LABELS[self]


CHECK_LABELS = {
    CheckKind.DBS: "Enhanced DBS check",
    CheckKind.FIRST_REFERENCE: "First reference",
    CheckKind.SECOND_REFERENCE: "Second reference",
    CheckKind.REGISTRATION: "Social Work England registration",
    CheckKind.RIGHT_TO_WORK: "Right to work",
    CheckKind.OCCUPATIONAL_HEALTH: "Occupational health clearance",
}

#: Settings this module reads, with their defaults.
SETTING_DEFAULTS = {
    #: Months after a vacancy closes before unsuccessful applicants' personal data are erased.
    "recruitment.retention_months": 6,
    #: Interview criteria scored by the panel, each from 1 to 4.
    "recruitment.interview_criteria": [
        "Analysis and decision making",
        "Direct work with children and families",
        "Risk and safeguarding",
        "Values and reflection",
    ],
}
