"""Message states, digest choices and the notification settings' defaults."""

from enum import StrEnum


class MessageStatus(StrEnum):
    #: Waiting to be sent at the next round.
    PENDING = "pending"
    #: Claimed by a round that is sending it now.
    SENDING = "sending"
    #: Accepted by the SMTP relay or GOV.UK Notify.
    SENT = "sent"
    #: The last attempt failed; the next round (or the job queue) tries again.
    FAILED = "failed"
    #: Held for the recipient's daily or weekly digest.
    AWAITING_DIGEST = "awaiting digest"
    #: Carried by a digest message (see `digest_id`).
    IN_DIGEST = "in digest"
    #: No channel is configured: kept and shown in the app only.
    KEPT = "kept in the app"

    @property
    def label(self) -> str:
        return self.value[:1].upper() + self.value[1:]


class DigestFrequency(StrEnum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"

    @property
    def label(self) -> str:
        return DIGEST_LABELS[self]


DIGEST_LABELS = {
    DigestFrequency.IMMEDIATE: "Each reminder as it happens",
    DigestFrequency.DAILY: "One daily digest",
    DigestFrequency.WEEKLY: "One weekly digest",
}

#: What a person gets until they choose: a daily digest, so that nobody is flooded on day one.
DEFAULT_DIGEST = DigestFrequency.DAILY

#: Council settings of the notifications kernel (each rule keeps its own under "notifications.rule.<key>").
SETTING_DEFAULTS = {
    #: The address links in messages start with (the site as people reach it).
    "notifications.base_url": "http://localhost:5000",
    #: Weekly digests go out on this day (0 Monday ... 6 Sunday).
    "notifications.weekly_digest_day": 0,
    #: A message claimed by a round that then stopped is sent again after this many minutes.
    "notifications.stale_claim_minutes": 15,
}
