"""Supervision code lists and permissions (LGA Employer Standard 5; see docs/supervision.md)."""

from enum import StrEnum


class SupervisionPermission(StrEnum):
    #: See supervision records in the user's scope (teams, supervisees or their own).
    VIEW = "supervision.view"
    #: Plan and record sessions for supervisees in scope.
    RECORD = "supervision.record"
    #: See schedules, overdue lists and compliance for teams in scope.
    VIEW_COMPLIANCE = "supervision.view-compliance"
    #: Change the effective-dated supervision policy.
    MANAGE_POLICY = "supervision.manage-policy"


class Frequency(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    FOUR_WEEKLY = "four-weekly"
    MONTHLY = "monthly"

    @property
    def label(self) -> str:
        return {"four-weekly": "Every 4 weeks"}.get(self.value, self.value.capitalize())


class SupervisionType(StrEnum):
    INDIVIDUAL = "individual"
    GROUP_REFLECTIVE = "group-reflective"
    CASE = "case"
    ASYE = "asye"

    @property
    def label(self) -> str:
        return SUPERVISION_TYPE_LABELS[self]


SUPERVISION_TYPE_LABELS = {
    SupervisionType.INDIVIDUAL: "Individual",
    SupervisionType.GROUP_REFLECTIVE: "Group reflective",
    SupervisionType.CASE: "Case",
    SupervisionType.ASYE: "ASYE",
}


class SessionStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"
    RESCHEDULED = "rescheduled"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Topic(StrEnum):
    """Topics covered, as LGA Employer Standard 5 expects supervision to cover (docs/supervision.md)."""

    CASE_DIRECTION = "case-direction"
    REFLECTION = "reflection"
    WORKLOAD = "workload"
    WELLBEING = "wellbeing"
    LEARNING = "learning"
    REGISTRATION = "registration"

    @property
    def label(self) -> str:
        return TOPIC_LABELS[self]


TOPIC_LABELS = {
    Topic.CASE_DIRECTION: "Case direction",
    Topic.REFLECTION: "Reflection",
    Topic.WORKLOAD: "Workload",
    Topic.WELLBEING: "Wellbeing",
    Topic.LEARNING: "Learning and CPD",
    Topic.REGISTRATION: "Registration",
}


class SignOffMethod(StrEnum):
    #: The supervisee signed in their own WPQ account.
    OWN_ACCOUNT = "own-account"
    #: The supervisor recorded that the supervisee confirmed it in person.
    IN_PERSON = "in-person"

    @property
    def label(self) -> str:
        return "In their own account" if self is SignOffMethod.OWN_ACCOUNT else "Confirmed in person"


class ScheduleStatus(StrEnum):
    """Where a worker stands against the policy on a date."""

    ON_TRACK = "on-track"
    DUE_SOON = "due-soon"
    OVERDUE = "overdue"
    PAUSED = "paused"
    LEFT = "left"

    @property
    def label(self) -> str:
        return {
            "on-track": "On track",
            "due-soon": "Due within 7 days",
            "overdue": "Overdue",
            "paused": "Paused (long absence)",
            "left": "Left",
        }[self.value]


class QualityAuditPermission(StrEnum):
    #: Draw samples, complete supervision-quality audits and publish checklist versions.
    MANAGE = "supervision.quality-audits.manage"
    #: See supervision-quality audits for teams in scope.
    VIEW = "supervision.quality-audits.view"


class Grade(StrEnum):
    """Ofsted's four-point scale."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires-improvement"
    INADEQUATE = "inadequate"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()

    @property
    def good_or_better(self) -> bool:
        return self in (Grade.OUTSTANDING, Grade.GOOD)


class SampleReason(StrEnum):
    RANDOM = "random"
    #: Named by a case-file audit concern.
    NAMED = "named"

    @property
    def label(self) -> str:
        return "Random sample" if self is SampleReason.RANDOM else "Named by a case-audit concern"


class Answer(StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"

    @property
    def label(self) -> str:
        return self.value.capitalize()


#: The first checklist version (LGA Employer Standard 5; docs/supervision.md); the QA team publishes later ones.
DEFAULT_CHECKLIST = [
    "A supervision agreement is in place",
    "Supervision happened as often as policy requires",
    "The agenda was set jointly",
    "The record shows reflective content",
    "Workload was discussed",
    "Wellbeing was checked",
    "Actions are specific and timed",
    "Case decisions are recorded on the case files",
    "The record is signed by both",
]
