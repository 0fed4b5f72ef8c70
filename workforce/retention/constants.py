"""Exit and stay interview code lists and permissions."""

from enum import StrEnum


class RetentionPermission(StrEnum):
    #: See leavers, leaver checklists and stay interviews in scope, and the retention page.
    VIEW_RETENTION = "retention.view"
    #: Keep leaver checklists and record stay interviews (HR; team managers for their teams).
    RECORD_RETENTION = "retention.record"
    #: Read and record exit interviews, which leavers give in confidence to HR.
    MANAGE_EXIT_INTERVIEWS = "retention.exit-interviews"


class ExitTheme(StrEnum):
    WORKLOAD = "workload"
    SUPERVISION = "supervision"
    MANAGEMENT = "management"
    PAY = "pay"
    PROGRESSION = "progression"
    TRAVEL = "travel"
    WELLBEING = "wellbeing"
    CULTURE = "culture"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ExitOutcome(StrEnum):
    RETAINED = "retained"
    EXIT_CONFIRMED = "exit-confirmed"

    @property
    def label(self) -> str:
        return "Retained" if self is ExitOutcome.RETAINED else "Exit confirmed"


#: DfE and local practice: a leaver within 12 months of starting is an early leaver.
EARLY_LEAVER_MONTHS = 12
