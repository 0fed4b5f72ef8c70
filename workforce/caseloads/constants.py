"""Caseload code lists, statuses, bands, settings defaults and permissions."""

from enum import StrEnum


class CaseType(StrEnum):
    """The case type codes an extract uses (docs/caseloads.md)."""

    CHILD_PROTECTION = "CP"
    CHILD_IN_NEED = "CIN"
    CHILD_LOOKED_AFTER = "CLA"
    CARE_LEAVER = "CL"
    EARLY_HELP = "EH"
    OTHER = "OTHER"

    @property
    def label(self) -> str:
        return CASE_TYPE_LABELS[self]

    @property
    def count_column(self) -> str:
        """The column of `CaseloadWorkerCount` that holds this type's count."""
        return f"{self.value.lower()}_cases"


CASE_TYPE_LABELS = {
    CaseType.CHILD_PROTECTION: "Child protection",
    CaseType.CHILD_IN_NEED: "Child in need",
    CaseType.CHILD_LOOKED_AFTER: "Child looked after",
    CaseType.CARE_LEAVER: "Care leaver",
    CaseType.EARLY_HELP: "Early help",
    CaseType.OTHER: "Other",
}


class SourceSystem(StrEnum):
    MOSAIC = "mosaic"
    LIQUIDLOGIC = "liquidlogic"
    ECLIPSE = "eclipse"
    SSD = "ssd"
    OTHER = "other"

    @property
    def label(self) -> str:
        return SOURCE_SYSTEM_LABELS[self]


SOURCE_SYSTEM_LABELS = {
    SourceSystem.MOSAIC: "Mosaic",
    SourceSystem.LIQUIDLOGIC: "Liquidlogic LCS",
    SourceSystem.ECLIPSE: "Eclipse",
    SourceSystem.SSD: "Standard Safeguarding Dataset extract",
    SourceSystem.OTHER: "Other",
}


class ExtractShape(StrEnum):
    #: One row per allocated case.
    CASES = "cases"
    #: One row per worker with a count column per case type.
    WORKER_COUNTS = "worker-counts"

    @property
    def label(self) -> str:
        return "One row per case" if self is ExtractShape.CASES else "One row per worker with counts"


class SnapshotStatus(StrEnum):
    IMPORTED = "imported"
    #: A later import for the same date replaced it; kept for the record.
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ImportJobStatus(StrEnum):
    QUEUED = "queued"
    CHECKING = "checking"
    SAVING = "saving"
    IMPORTED = "imported"
    REJECTED = "rejected"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return IMPORT_JOB_STATUS_LABELS[self]

    @property
    def finished(self) -> bool:
        return self in (ImportJobStatus.IMPORTED, ImportJobStatus.REJECTED, ImportJobStatus.FAILED)


IMPORT_JOB_STATUS_LABELS = {
    ImportJobStatus.QUEUED: "Waiting to start",
    ImportJobStatus.CHECKING: "Checking rows",
    ImportJobStatus.SAVING: "Saving",
    ImportJobStatus.IMPORTED: "Imported",
    ImportJobStatus.REJECTED: "Not imported: the file has problems",
    ImportJobStatus.FAILED: "Not imported: something went wrong",
}


class Programme(StrEnum):
    """Which threshold a worker is held to: the experienced level or the protected early-career one."""

    EXPERIENCED = "experienced"
    ASYE = "asye"

    @property
    def label(self) -> str:
        return "Experienced" if self is Programme.EXPERIENCED else "ASYE (newly qualified)"


class CaseloadStatus(StrEnum):
    WITHIN = "within"
    NEAR = "near"
    OVER = "over"

    @property
    def label(self) -> str:
        return {"within": "Within threshold", "near": "Near threshold", "over": "Over threshold"}[self.value]

    @property
    def tag_class(self) -> str:
        return {"within": "govuk-tag--green", "near": "govuk-tag--yellow", "over": "govuk-tag--red"}[self.value]


#: Caseload distribution bands (cases per FTE): label, lower bound (inclusive), upper bound (exclusive).
BANDS: tuple[tuple[str, float, float | None], ...] = (
    ("Under 5", 0, 5),
    ("5 to 10", 5, 10),
    ("10 to 15", 10, 15),
    ("15 to 20", 15, 20),
    ("20 to 25", 20, 25),
    ("25 and over", 25, None),
)


def band_of(caseload: float) -> str:
    for label, lower, upper in BANDS:
        if caseload >= lower and (upper is None or caseload < upper):
            return label
    return BANDS[0][0]


class AlertKind(StrEnum):
    OVER_THRESHOLD = "over-threshold"
    LAPSED_REGISTRATION = "lapsed-registration"
    LONG_TERM_ABSENCE = "long-term-absence"
    LEAVER_HOLDING_CASES = "leaver-holding-cases"
    UNKNOWN_WORKER = "unknown-worker"

    @property
    def label(self) -> str:
        return ALERT_LABELS[self]


ALERT_LABELS = {
    AlertKind.OVER_THRESHOLD: "Over the caseload threshold",
    AlertKind.LAPSED_REGISTRATION: "Holding cases without a current Social Work England registration",
    AlertKind.LONG_TERM_ABSENCE: "Holding cases while on long-term absence",
    AlertKind.LEAVER_HOLDING_CASES: "Left, but still holding cases",
    AlertKind.UNKNOWN_WORKER: "Holding cases, but not found in the staff records",
}

#: Local policy with its default (docs/caseloads.md); changed through `workforce.kernel.settings`.
SETTINGS_DEFAULTS = {
    #: Cases per FTE for an experienced case-holding social worker.
    "caseload_threshold": 18.0,
    #: Amber (near threshold) from this many cases per FTE.
    "caseload_amber_from": 16.0,
    #: ASYE workers are held to this percentage of the experienced level (90% workload, 10% development).
    "caseload_asye_percent": 90.0,
    #: Weight cases by type (child protection counting more, say) when comparing with the threshold.
    "caseload_weighting": False,
    #: Store case references as keyed hashes (HMAC-SHA256 with the secret salt) instead of as given.
    "caseload_hash_references": False,
    #: An absence this many days long or longer is long-term (4 weeks, the usual sickness trigger).
    "caseload_long_term_absence_days": 28,
}


class CaseloadPermission(StrEnum):
    #: Team caseloads, worker histories and alerts, within the user's teams.
    VIEW_CASELOADS = "caseloads.view"
    #: The council and service-area overview (every team).
    VIEW_OVERVIEW = "caseloads.view-overview"
    #: Import snapshots and keep column mappings.
    IMPORT_CASELOADS = "caseloads.import"
    #: Set thresholds and case-type weights.
    MANAGE_THRESHOLDS = "caseloads.manage-thresholds"
