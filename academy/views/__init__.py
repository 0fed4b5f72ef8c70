"""The academy's pages, on one blueprint under /academy."""

from flask import Blueprint

blueprint = Blueprint("academy", __name__, url_prefix="/academy", template_folder="../templates")

from academy.views import careers, catalogue, matrix, own, sessions  # noqa: E402, F401  (routes on the blueprint)


@blueprint.app_template_filter("academy_standard")
def standard_label(value: str) -> str:
    from academy.constants import Standard

    try:
        return Standard(value).label
    except ValueError:
        return value
