"""The JSON API: token-authenticated resources, measures and bulk imports at /api/v1/, with an OpenAPI description.

Modules add their records with `registry().add_api_resource(Resource(...))` and their imports with
`registry().add_api_import(BulkImport(...))` (see docs/api.md); the API serves whatever is registered.
"""

from flask import Flask

from workforce.api import dao, problems
from workforce.api.auth import ignore_session_on_api_requests
from workforce.api.constants import DEFAULT_RATE_LIMIT, ApiPermission
from workforce.api.kernel_resources import TEAMS, TEAMS_IMPORT, USERS
from workforce.api.models import ApiToken  # noqa: F401  (the api_tokens table)
from workforce.api.token_views import blueprint as tokens_blueprint
from workforce.api.views import blueprint as api_blueprint
from workforce.caseloads.api import CASELOAD_COUNTS, CASELOAD_SNAPSHOTS, CASELOADS_IMPORT
from workforce.extensions import csrf
from workforce.improvement.api import ACTIONS, PLAN_MEASURES, PLANS, STRANDS
from workforce.kernel.contract import ADMINISTRATION, HomePanel, NavigationEntry, register_module
from workforce.kernel.roles import Role
from workforce.people.api import ABSENCES_IMPORT, ASSIGNMENTS, POSTS, STAFF, STAFF_IMPORT
from workforce.recruitment.api import AGENCY_ENGAGEMENTS, APPLICATIONS, VACANCIES


def init_app(app: Flask) -> None:
    app.config.setdefault("API_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    # Token-authenticated, so no CSRF tokens (the rate limit per token is set on the blueprint in views.py).
    csrf.exempt(api_blueprint)
    modules = register_module(
        app,
        "api",
        "API",
        "JSON API for integrations: tokens, resources, measures and bulk imports",
        blueprints=(api_blueprint, tokens_blueprint),
    )
    app.before_request_funcs.setdefault(None, []).insert(0, ignore_session_on_api_requests)
    problems.init_app(app)

    modules.grant(ApiPermission.USE_API, *Role)
    modules.grant(ApiPermission.MANAGE_TOKENS, Role.ADMINISTRATOR)
    modules.grant(
        ApiPermission.READ_MEASURES,
        Role.ADMINISTRATOR,
        Role.SENIOR_LEADER,
        Role.HR,
        Role.QA_OFFICER,
        Role.ACADEMY_LEAD,
        Role.TEAM_MANAGER,
        Role.COMMITTEE_VIEWER,
    )
    modules.add_home_panel(HomePanel("api", "api/home_panel.html", frozenset(Role), api_panel, order=200))
    modules.add_navigation(
        NavigationEntry(
            "API tokens",
            "api_tokens.list_all_tokens",
            ApiPermission.MANAGE_TOKENS,
            96,
            "/admin/api-tokens",
            section=ADMINISTRATION,
            description="Tokens that let other council systems read and send records.",
        )
    )
    # The workforce features' records; supervision, audits and academy register theirs in their own init_app.
    for resource in (
        TEAMS,
        USERS,
        STAFF,
        POSTS,
        ASSIGNMENTS,
        VACANCIES,
        APPLICATIONS,
        AGENCY_ENGAGEMENTS,
        CASELOAD_SNAPSHOTS,
        CASELOAD_COUNTS,
        PLANS,
        STRANDS,
        ACTIONS,
        PLAN_MEASURES,
    ):
        modules.add_api_resource(resource)
    for bulk_import in (TEAMS_IMPORT, STAFF_IMPORT, ABSENCES_IMPORT, CASELOADS_IMPORT):
        modules.add_api_import(bulk_import)


def api_panel(user) -> dict:
    """A pointer to the user's own tokens and the documentation, at the foot of every home page."""
    return {"active_tokens": sum(1 for token in dao.list_tokens_of(user) if token.is_usable)}
