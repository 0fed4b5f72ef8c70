"""Supervision pages: records and sign-off, schedules and compliance, policy and agreements."""

from flask import Blueprint

blueprint = Blueprint("supervision", __name__, url_prefix="/supervision", template_folder="../templates")

from supervision.views import compliance, quality, records  # noqa: E402, F401  (routes register on the blueprint)
