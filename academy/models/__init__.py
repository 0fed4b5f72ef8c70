"""The academy's tables: training (catalogue, sessions, completions, requirements) and careers."""

from academy.models.careers import (
    CpdRecord,
    EarlyCareerPause,
    EarlyCareerRecord,
    EarlyCareerReview,
    PracticeEducator,
    StudentPlacement,
)
from academy.models.training import (
    Completion,
    Course,
    Enrolment,
    Feedback,
    Notice,
    Programme,
    TrainingRequirement,
    TrainingSession,
)

__all__ = [
    "Completion",
    "Course",
    "CpdRecord",
    "EarlyCareerPause",
    "EarlyCareerRecord",
    "EarlyCareerReview",
    "Enrolment",
    "Feedback",
    "Notice",
    "PracticeEducator",
    "Programme",
    "StudentPlacement",
    "TrainingRequirement",
    "TrainingSession",
]
