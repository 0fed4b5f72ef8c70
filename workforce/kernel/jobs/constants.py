"""Job statuses and the roles of the files a job keeps."""

from enum import StrEnum


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return JOB_STATUS_LABELS[self]

    @property
    def finished(self) -> bool:
        return self in (JobStatus.DONE, JobStatus.FAILED)


JOB_STATUS_LABELS = {
    JobStatus.QUEUED: "Waiting to start",
    JobStatus.RUNNING: "Running",
    JobStatus.DONE: "Done",
    JobStatus.FAILED: "Failed",
}


class JobFileRole(StrEnum):
    #: A file uploaded for the job to read, removed when the job ends whatever the outcome.
    UPLOAD = "upload"
    #: A file the job made (an export), kept until it is downloaded or for a day.
    RESULT = "result"
