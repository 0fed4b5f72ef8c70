"""The two ways WPQ sends a message: the council's SMTP relay and GOV.UK Notify.

SMTP goes through the standard library's `smtplib` and `email.message` (maintained with Python itself,
see docs/architecture.md); GOV.UK Notify through GOV.UK's own `notifications-python-client`. With
neither configured there is no channel and messages are kept and shown in the app only.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from flask import current_app


class ChannelError(RuntimeError):
    """The relay or Notify did not accept the message; the outbox row is retried later."""


@dataclass(frozen=True)
class OutgoingMessage:
    to: str
    subject: str
    body: str
    #: The message's kind for choosing a Notify template: a rule key, "digest" or "password-reset".
    kind: str
    #: Our outbox id, sent as Notify's reference and in the SMTP Message-ID, to trace a message.
    reference: str


class SmtpChannel:
    """`smtp://user:password@host:port` (add `?starttls=true` for STARTTLS) or `smtps://` for TLS from the start."""

    name = "smtp"

    def __init__(self, url: str, sender: str, timeout: float = 30):
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("WPQ_SMTP_URL must look like smtp://host:25 or smtps://user:password@host:465")
        self.implicit_tls = parts.scheme == "smtps"
        self.host = parts.hostname
        self.port = parts.port or (465 if self.implicit_tls else 25)
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        query = parse_qs(parts.query)
        self.starttls = query.get("starttls", ["false"])[0].lower() in ("1", "true", "yes")
        self.sender = sender
        self.timeout = timeout

    def send(self, message: OutgoingMessage) -> None:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.to
        email["Subject"] = message.subject
        email["Message-ID"] = make_msgid(idstring=f"wpq-{message.reference}")
        email["X-WPQ-Reference"] = message.reference
        email.set_content(message.body)
        try:
            if self.implicit_tls:
                client = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with client:
                if self.starttls:
                    client.starttls(context=ssl.create_default_context())
                if self.username:
                    client.login(self.username, self.password or "")
                client.send_message(email)
        except (OSError, smtplib.SMTPException) as error:
            raise ChannelError(f"SMTP relay {self.host}:{self.port}: {error}") from error


class NotifyChannel:
    """GOV.UK Notify: every kind of message has a template id (a rule key, "reminder", "digest" or
    "password-reset"); each template shows the ((subject)) and ((body)) personalisation."""

    name = "notify"

    def __init__(self, api_key: str, template_ids: dict[str, str], base_url: str | None = None):
        from notifications_python_client.notifications import NotificationsAPIClient

        options = {"base_url": base_url} if base_url else {}
        self.client = NotificationsAPIClient(api_key, **options)
        self.template_ids = template_ids

    def template_for(self, kind: str) -> str:
        fallback = "reminder" if kind not in ("digest", "password-reset") else kind
        template_id = self.template_ids.get(kind) or self.template_ids.get(fallback)
        if not template_id:
            raise ChannelError(f"No GOV.UK Notify template id is set for {kind!r} messages (WPQ_NOTIFY_TEMPLATE_IDS)")
        return template_id

    def send(self, message: OutgoingMessage) -> None:
        from notifications_python_client.errors import APIError, TokenError

        try:
            self.client.send_email_notification(
                email_address=message.to,
                template_id=self.template_for(message.kind),
                personalisation={"subject": message.subject, "body": message.body},
                reference=message.reference,
            )
        except (APIError, TokenError, OSError) as error:
            raise ChannelError(f"GOV.UK Notify: {error}") from error


def configured_channel():
    """The channel the app is configured for (Notify first when both are set), or None."""
    config = current_app.config
    if config.get("NOTIFY_API_KEY"):
        return NotifyChannel(
            config["NOTIFY_API_KEY"], config.get("NOTIFY_TEMPLATE_IDS") or {}, config.get("NOTIFY_BASE_URL")
        )
    if config.get("SMTP_URL"):
        return SmtpChannel(
            config["SMTP_URL"], config.get("MAIL_FROM") or "wpq@localhost", config.get("SMTP_TIMEOUT", 30)
        )
    return None
