"""Wires the kernel into an app: blueprints, sign-in, session timeouts, deny-by-default, layout data."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user
from sqlalchemy.exc import OperationalError

from workforce.extensions import db, login_manager
from workforce.kernel import (
    backup,
    clock,
    commands,
    data_check,
    dates,
    demo,
    errors,
    home_panels,
    notifications,
    operations,
    plurals,
    settings,
    tables,
)
from workforce.kernel.audit_trail import wording
from workforce.kernel.audit_trail.views import blueprint as audit_trail_blueprint
from workforce.kernel.auth import oidc, sessions
from workforce.kernel.auth.views import blueprint as auth_blueprint
from workforce.kernel.contract import ADMINISTRATION, NavigationEntry, registry
from workforce.kernel.data_check.views import blueprint as data_check_blueprint
from workforce.kernel.import_mappings.views import blueprint as import_mappings_blueprint
from workforce.kernel.models import User
from workforce.kernel.navigation import service_navigation
from workforce.kernel.pages.views import blueprint as pages_blueprint
from workforce.kernel.password_reset.views import blueprint as password_reset_blueprint
from workforce.kernel.permissions import PERMISSIONS_ATTRIBUTE, PUBLIC_ATTRIBUTE, user_can
from workforce.kernel.records.views import blueprint as records_blueprint
from workforce.kernel.roles import Permission
from workforce.kernel.teams.views import blueprint as teams_blueprint
from workforce.kernel.users.views import blueprint as users_blueprint

GOVUK_ASSETS = Path(__file__).resolve().parent / "static" / "govuk"

#: Endpoints Flask itself adds, open to everyone.
OPEN_ENDPOINTS = frozenset({"static", "govuk_assets.static"})


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to continue"
    login_manager.login_message_category = "information"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)

    app.register_blueprint(
        Blueprint("govuk_assets", __name__, static_folder=str(GOVUK_ASSETS / "assets"), static_url_path="/assets")
    )
    for blueprint in (
        auth_blueprint,
        pages_blueprint,
        users_blueprint,
        teams_blueprint,
        audit_trail_blueprint,
        password_reset_blueprint,
        records_blueprint,
        data_check_blueprint,
        import_mappings_blueprint,
    ):
        app.register_blueprint(blueprint)
    errors.init_app(app)
    oidc.init_app(app)
    home_panels.init_app(app)
    commands.init_app(app)
    data_check.init_app(app)
    backup.init_app(app)
    demo.init_app(app)
    notifications.init_app(app)
    operations.init_app(app)

    modules = registry(app)
    for entry in (
        NavigationEntry(
            "Teams",
            "teams.list_teams",
            Permission.VIEW_TEAMS,
            80,
            "/teams",
            section=ADMINISTRATION,
            description="Service areas, teams and who is in each.",
        ),
        NavigationEntry(
            "Users",
            "users.list_users",
            Permission.MANAGE_USERS,
            90,
            "/admin/users",
            section=ADMINISTRATION,
            description="Who can sign in to WPQ, their roles and teams.",
        ),
        NavigationEntry(
            "Data check",
            "data_check.show_data_check",
            Permission.CHECK_DATA,
            94,
            "/data-check",
            section=ADMINISTRATION,
            description="Records that disagree with each other, to put right.",
        ),
        NavigationEntry(
            "Audit trail",
            "audit_trail.browse",
            Permission.VIEW_AUDIT_TRAIL,
            95,
            "/admin/audit-trail",
            section=ADMINISTRATION,
            description="Every change to a record: who made it and when.",
        ),
        NavigationEntry(
            "Import mappings",
            "import_mappings.list_mappings",
            Permission.MANAGE_IMPORT_MAPPINGS,
            97,
            "/imports/mappings",
            section=ADMINISTRATION,
            description="How the columns and codes of the council's own extracts are read.",
        ),
    ):
        modules.add_navigation(entry)

    app.before_request(deny_unmarked_views)
    app.before_request(end_expired_sessions)
    app.after_request(security_headers)
    app.context_processor(layout_context)
    dates.init_app(app)
    tables.init_app(app)
    plurals.init_app(app)
    wording.init_app(app)


def load_user(identity: str) -> User | None:
    user_id, _, token = identity.partition(":")
    if not user_id.isdigit() or not token:
        return None
    # The cookie must also name a live server-side session: sign-out and "end session" take effect at once.
    found = sessions.user_with_session(int(user_id))
    if found is None:
        return None
    user = found[0]
    if user.session_token != token or not user.is_active:
        return None
    return user


def deny_unmarked_views():
    """Deny by default: a view that declares neither a permission nor public access answers 403."""
    if request.endpoint is None or request.endpoint in OPEN_ENDPOINTS:
        return None
    view = current_app.view_functions.get(request.endpoint)
    if view is None:
        return None
    if getattr(view, PUBLIC_ATTRIBUTE, False) or hasattr(view, PERMISSIONS_ATTRIBUTE):
        return None
    from flask import abort

    abort(403)


#: How precisely the idle timeout (minutes) measures the time since the person's last request.
LAST_SEEN_PRECISION_SECONDS = 30


def end_expired_sessions():
    """Idle and absolute session timeouts."""
    if request.endpoint in OPEN_ENDPOINTS or not current_user.is_authenticated:
        return None
    now = clock.now().timestamp()
    config = current_app.config
    last_seen = session.get("last_seen", 0)
    signed_in_at = session.get("signed_in_at", 0)
    reason = None
    if now - last_seen > config["IDLE_TIMEOUT"].total_seconds():
        minutes = int(config["IDLE_TIMEOUT"].total_seconds() // 60)
        reason = f"You were signed out because you had not done anything for {minutes} minutes"
    elif now - signed_in_at > config["ABSOLUTE_SESSION_TIMEOUT"].total_seconds():
        reason = "You were signed out because your session reached its time limit. Sign in again"
    row = sessions.current_session(current_user.id)
    if reason:
        if row is not None:
            sessions.end_session(row, sessions.EndReason.TIMED_OUT)
            db.session.commit()
        logout_user()
        session.clear()
        flash(reason, "information")
        return redirect(url_for("auth.sign_in", next=request.full_path if request.method == "GET" else None))
    if now - last_seen >= LAST_SEEN_PRECISION_SECONDS:
        # Kept to the half minute, so that most requests leave the cookie as it is and send none back.
        session["last_seen"] = now
    if row is not None and sessions.touch(row):
        # At most once a minute per session (see sessions.LAST_USED_PRECISION). Bookkeeping: when SQLite is
        # busy with another process's save, the page is served and the time is recorded on a later request.
        try:
            db.session.commit()
        except OperationalError:
            db.session.rollback()
    return None


def security_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    )
    response.headers.setdefault("X-Frame-Options", "DENY")
    if current_user and current_user.is_authenticated and request.endpoint not in OPEN_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def layout_context() -> dict:
    navigation = []
    if current_user.is_authenticated:
        section_key = (request.view_args or {}).get("key") if request.endpoint == "pages.section" else None
        navigation = service_navigation(registry(), user_can, request.path, section_key)
    return {
        "council_name": settings.get("council_name"),
        "demo_mode": settings.get("demo_mode"),
        "service_navigation": navigation,
        "can": user_can,
    }
