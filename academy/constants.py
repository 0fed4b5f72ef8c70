"""Code lists, states and permissions of the academy."""

from enum import IntEnum, StrEnum


class AcademyPermission(StrEnum):
    #: See the catalogue, sessions and their registers.
    VIEW_ACADEMY = "academy.view"
    #: Run the academy: programmes, courses, sessions, attendance, requirements, imports, early career.
    MANAGE_ACADEMY = "academy.manage"
    #: Enrol members of one's own teams and approve their places.
    ENROL_TEAM = "academy.enrol-team"
    #: One's own training, enrolments, feedback and CPD.
    OWN_TRAINING = "academy.own-training"
    #: The training matrix (scoped to the user's teams).
    VIEW_MATRIX = "academy.matrix"
    #: Early-career records and the cohort view (scoped to the user's teams).
    VIEW_EARLY_CAREER = "academy.early-career"


class DeliveryMode(StrEnum):
    CLASSROOM = "classroom"
    ONLINE = "online"
    BLENDED = "blended"
    E_LEARNING = "e-learning"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize().replace("E learning", "E-learning")


class Standard(StrEnum):
    """The professional standards a course maps to."""

    PQS_PRACTITIONER = "pqs-practitioner"
    PQS_SUPERVISOR = "pqs-supervisor"
    PQS_LEADER = "pqs-leader"
    EARLY_CAREER = "early-career"
    PCF = "pcf"

    @property
    def label(self) -> str:
        return STANDARD_LABELS[self]


STANDARD_LABELS = {
    Standard.PQS_PRACTITIONER: "Post-qualifying standards: child and family practitioner",
    Standard.PQS_SUPERVISOR: "Post-qualifying standards: practice supervisor",
    Standard.PQS_LEADER: "Post-qualifying standards: practice leader",
    Standard.EARLY_CAREER: "Early career framework standards",
    Standard.PCF: "Professional Capabilities Framework",
}


class EnrolmentStatus(StrEnum):
    AWAITING_APPROVAL = "awaiting-approval"
    ENROLLED = "enrolled"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    REFUSED = "refused"
    SESSION_CANCELLED = "session-cancelled"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()

    @property
    def holds_place(self) -> bool:
        return self in (EnrolmentStatus.ENROLLED, EnrolmentStatus.AWAITING_APPROVAL)

    @property
    def open(self) -> bool:
        return self in (EnrolmentStatus.ENROLLED, EnrolmentStatus.AWAITING_APPROVAL, EnrolmentStatus.WAITLISTED)


class Attendance(StrEnum):
    PRESENT = "present"
    LATE = "late"
    ABSENT = "absent"
    EXCUSED = "excused"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def attended(self) -> bool:
        return self in (Attendance.PRESENT, Attendance.LATE)


class CompletionSource(StrEnum):
    ATTENDANCE = "attendance"
    IMPORT = "import"
    RECORDED = "recorded"

    @property
    def label(self) -> str:
        return {"attendance": "Session register", "import": "Imported history", "recorded": "Recorded by hand"}[
            self.value
        ]


class MatrixState(StrEnum):
    """A cell of the training matrix; the text is shown as well as the colour."""

    CURRENT = "current"
    EXPIRING_90 = "expiring-90"
    EXPIRING_30 = "expiring-30"
    EXPIRED = "expired"
    NOT_DONE = "not-done"

    @property
    def label(self) -> str:
        return MATRIX_LABELS[self]

    @property
    def tag_colour(self) -> str:
        return MATRIX_COLOURS[self]

    @property
    def compliant(self) -> bool:
        return self in (MatrixState.CURRENT, MatrixState.EXPIRING_90, MatrixState.EXPIRING_30)


MATRIX_LABELS = {
    MatrixState.CURRENT: "Current",
    MatrixState.EXPIRING_90: "Expires within 90 days",
    MatrixState.EXPIRING_30: "Expires within 30 days",
    MatrixState.EXPIRED: "Expired",
    MatrixState.NOT_DONE: "Not done",
}
MATRIX_COLOURS = {
    MatrixState.CURRENT: "green",
    MatrixState.EXPIRING_90: "yellow",
    MatrixState.EXPIRING_30: "orange",
    MatrixState.EXPIRED: "red",
    MatrixState.NOT_DONE: "grey",
}


class EarlyCareerProgramme(StrEnum):
    ASYE = "asye"
    ECDP = "ecdp"

    @property
    def label(self) -> str:
        return {
            EarlyCareerProgramme.ASYE: "Assessed and Supported Year in Employment (ASYE)",
            EarlyCareerProgramme.ECDP: "Early Career Development Programme",
        }[self]

    @property
    def short_label(self) -> str:
        return "ASYE" if self is EarlyCareerProgramme.ASYE else "Early Career Development Programme"


class ReviewOutcome(StrEnum):
    ON_TRACK = "on-track"
    SOME_CONCERNS = "some-concerns"
    NOT_ON_TRACK = "not-on-track"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


class FinalRecommendation(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    EXTEND = "extend"

    @property
    def label(self) -> str:
        return {"pass": "Pass", "fail": "Fail", "extend": "Extend the programme"}[self.value]


class EarlyCareerOutcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class EducatorStage(IntEnum):
    STAGE_1 = 1
    STAGE_2 = 2

    @property
    def label(self) -> str:
        return f"Stage {self.value}"


class PlacementOutcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    ENDED_EARLY = "ended-early"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


class CpdType(StrEnum):
    COURSE = "course"
    READING = "reading"
    SUPERVISION = "supervision"
    PEER_LEARNING = "peer-learning"
    RESEARCH = "research"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()
