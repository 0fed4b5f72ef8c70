"""The confirmation step before an action that freezes or closes something (GOV.UK "check answers" and
"confirm" patterns): the first submit shows what will happen and changes nothing; only the second, from the
confirmation page, carries `confirmed=yes`."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, request

CONFIRMED = "confirmed"


@dataclass(frozen=True)
class Consequence:
    """One line of the summary on a confirmation page."""

    key: str
    value: str


def confirmed() -> bool:
    """Whether this POST came from a confirmation page's "Yes" button."""
    return request.method == "POST" and request.form.get(CONFIRMED) == "yes"


def ask_to_confirm(
    title: str,
    *,
    consequences: list[Consequence] | tuple[Consequence, ...] = (),
    warning: str | None = None,
    button: str,
    cancel_url: str,
    caption: str | None = None,
    action_url: str | None = None,
) -> str:
    """The confirmation page: what will happen, a warning, and a form that posts the same fields again
    (everything typed is carried in hidden fields, with a fresh CSRF token) plus `confirmed=yes`."""
    carried = [
        (name, value)
        for name, value in (request.form.items(multi=True) if request.method == "POST" else [])
        if name not in ("csrf_token", CONFIRMED)
    ]
    return render_template(
        "confirm.html",
        title=title,
        caption=caption,
        consequences=list(consequences),
        warning=warning,
        button=button,
        cancel_url=cancel_url,
        carried=carried,
        action_url=action_url or request.path,
    )
