"""Code lists and permissions for case-file audits."""

from enum import StrEnum

from workforce.kernel.roles import Role


class AuditPermission(StrEnum):
    #: See audits: a team manager sees their own team's cases and the audits they carried out.
    VIEW_AUDITS = "audits.view"
    #: Carry out audits allocated to you.
    CONDUCT_AUDITS = "audits.conduct"
    #: Run programmes, templates, grade scales, sampling and allocation.
    MANAGE_PROGRAMMES = "audits.manage"
    MODERATE_AUDITS = "audits.moderate"
    #: See the late-audit escalation list and answer immediate safeguarding concerns (head of service).
    VIEW_ESCALATIONS = "audits.escalations"
    VIEW_REPORT = "audits.report"
    EXPORT_REPORT = "audits.export"


#: Quality-assurance roles: they drill down from the report to the audits and see case references in exports.
QA_ROLES = frozenset({Role.QA_OFFICER})
#: The role WPQ treats as head of service: late audits and safeguarding concerns go to them.
HEAD_OF_SERVICE_ROLES = frozenset({Role.SENIOR_LEADER})


class LabelledEnum(StrEnum):
    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


class AuditType(LabelledEnum):
    ROUTINE = "routine"
    THEMED = "themed"
    MULTI_AGENCY = "multi-agency"
    CLOSURE = "closure"
    DEEP_DIVE = "deep-dive"
    DIP_SAMPLE = "dip-sample"


class AuditServiceArea(LabelledEnum):
    CIN_CP = "child-in-need-and-child-protection"
    CHILDREN_IN_CARE = "children-in-care"
    CARE_LEAVERS = "care-leavers"
    EARLY_HELP = "early-help"
    FRONT_DOOR = "front-door"


class CaseType(StrEnum):
    """The case types the caseloads module reports."""

    CP = "CP"
    CIN = "CIN"
    CLA = "CLA"
    CL = "CL"
    EH = "EH"
    OTHER = "OTHER"

    @property
    def label(self) -> str:
        return CASE_TYPE_LABELS[self]


CASE_TYPE_LABELS = {
    CaseType.CP: "Child protection",
    CaseType.CIN: "Child in need",
    CaseType.CLA: "Child looked after",
    CaseType.CL: "Care leaver",
    CaseType.EH: "Early help",
    CaseType.OTHER: "Other",
}

#: The service area an audit of each case type falls in.
SERVICE_AREA_OF_CASE_TYPE = {
    CaseType.CP: AuditServiceArea.CIN_CP,
    CaseType.CIN: AuditServiceArea.CIN_CP,
    CaseType.CLA: AuditServiceArea.CHILDREN_IN_CARE,
    CaseType.CL: AuditServiceArea.CARE_LEAVERS,
    CaseType.EH: AuditServiceArea.EARLY_HELP,
    CaseType.OTHER: AuditServiceArea.FRONT_DOOR,
}

#: Risk-based sampling takes the highest weight first: child protection before children in care, and so on.
RISK_WEIGHT = {CaseType.CP: 5, CaseType.CLA: 4, CaseType.CIN: 3, CaseType.CL: 2, CaseType.EH: 1, CaseType.OTHER: 0}


class QuestionKind(LabelledEnum):
    YES_PARTLY_NO = "yes-partly-no"
    FREE_TEXT = "free-text"


class Answer(LabelledEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class ProgrammePeriod(LabelledEnum):
    MONTH = "month"
    QUARTER = "quarter"


class QuotaBasis(StrEnum):
    PER_AUDITOR = "per-auditor"
    PER_TEAM = "per-team"

    @property
    def label(self) -> str:
        return {"per-auditor": "Cases per auditor", "per-team": "Cases per team"}[self.value]


class SamplingMethod(StrEnum):
    RANDOM = "random"
    CASE_TYPE = "case-type"
    TEAM = "team"
    WORKER = "worker"
    RISK = "risk"

    @property
    def label(self) -> str:
        return SAMPLING_LABELS[self]


SAMPLING_LABELS = {
    SamplingMethod.RANDOM: "At random",
    SamplingMethod.CASE_TYPE: "Themed: one case type",
    SamplingMethod.TEAM: "Themed: one team",
    SamplingMethod.WORKER: "Themed: one worker",
    SamplingMethod.RISK: "By risk (child protection first, then longest allocated)",
}


class AuditStatus(LabelledEnum):
    ALLOCATED = "allocated"
    IN_PROGRESS = "in-progress"
    SUBMITTED = "submitted"


class ActionStatus(LabelledEnum):
    OPEN = "open"
    COMPLETED = "completed"


class SampleSource(LabelledEnum):
    CASELOAD_SNAPSHOT = "caseload-snapshot"
    HAND_ENTERED = "hand-entered"


#: The default grade scale: Ofsted's four points, best first.
DEFAULT_SCALE = ("Outstanding", "Good", "Requires improvement", "Inadequate")

#: The default template: typical domains (docs/audits.md), each with yes / partly / no questions.
DEFAULT_DOMAINS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Child's voice and lived experience", ("Is the child's voice clear in the record?",)),
    ("Assessment", ("Is the assessment up to date?", "Does it analyse risk and need?")),
    ("Chronology", ("Is there an up-to-date chronology?",)),
    ("Planning", ("Is the plan SMART and reviewed on time?",)),
    ("Risk and safety", ("Are risks identified and acted on?",)),
    ("Multi-agency working", ("Are partners involved in the plan?",)),
    ("Management oversight and supervision", ("Is management oversight recorded and purposeful?",)),
    ("Timeliness", ("Were visits and reviews on time?",)),
    ("Recording", ("Is recording up to date and written to the child?",)),
    ("Impact", ("Has the child's situation improved?",)),
)

DEFAULT_THEMES = (
    "Chronology",
    "Voice of the child",
    "Management oversight",
    "Plan quality",
    "Multi-agency working",
    "Risk assessment",
    "Timeliness of visits",
    "Recording",
)

#: Settings with their defaults, read through `audits.services.setting`.
SETTING_DEFAULTS = {
    #: Cases audited within this many months are skipped by sampling.
    "audits_skip_recent_months": 12,
    #: The share of submitted audits picked for moderation.
    "audits_moderation_percent": 10,
    #: Whether every inadequate and outstanding audit is moderated as well.
    "audits_moderate_extremes": True,
}
