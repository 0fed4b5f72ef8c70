"""Sign-in and sign-out pages, and the list of a person's own sessions."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from workforce.extensions import db, limiter
from workforce.kernel import clock
from workforce.kernel.auth import oidc, services, sessions
from workforce.kernel.auth.forms import SignInForm
from workforce.kernel.auth.models import SignInSession
from workforce.kernel.freshness import kept_page
from workforce.kernel.permissions import public, signed_in

blueprint = Blueprint("auth", __name__, template_folder="templates")


def _safe_next(target: str | None) -> str:
    """Only a path on this site; anything else goes to the home page."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("pages.home")


@blueprint.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"])
@kept_page
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = SignInForm()
    if form.validate_on_submit():
        outcome = services.attempt_sign_in(form.email.data, form.password.data)
        if outcome.user is not None:
            _start_session(outcome.user)
            return redirect(_safe_next(request.args.get("next")))
        db.session.commit()
        form.password.errors.append(outcome.message)
    return render_template(
        "auth/sign_in.html",
        form=form,
        council_sign_in=oidc.enabled(),
        passwords_for_everyone=current_app.config.get("WPQ_LOCAL_PASSWORDS", True),
        next=request.args.get("next"),
    )


def _start_session(user, id_token: str | None = None) -> None:
    """Sign the person in: a new cookie session and its row in the server's session registry, committed."""
    session.clear()
    login_user(user)
    sessions.start_session(user)
    started = clock.now().timestamp()
    session["signed_in_at"] = started
    session["last_seen"] = started
    if id_token:
        session["council_id_token"] = id_token
    session.permanent = True
    db.session.commit()


@blueprint.route("/sign-in/council")
@public
def sign_in_with_council():
    """Send the person to the council's identity provider (authorisation code flow with PKCE, state and nonce)."""
    if not oidc.enabled():
        abort(404)
    session["council_next"] = _safe_next(request.args.get("next"))
    return oidc.client().authorize_redirect(url_for("auth.council_callback", _external=True))


@blueprint.route("/sign-in/council/callback")
@public
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"])
def council_callback():
    if not oidc.enabled():
        abort(404)
    target = session.get("council_next") or url_for("pages.home")
    try:
        identity = oidc.finish_sign_in()
        user = oidc.account_for(identity)
    except oidc.SignInRefused as refusal:
        db.session.commit()
        return render_template("auth/council_refused.html", refusal=refusal), refusal.status
    db.session.commit()
    _start_session(user, identity.id_token)
    return redirect(_safe_next(target))


@blueprint.route("/sign-out", methods=["POST"])
@signed_in
def sign_out():
    row = sessions.current_session(current_user.id)
    if row is not None:
        sessions.end_session(row, sessions.EndReason.SIGNED_OUT)
        db.session.commit()
    id_token = session.get("council_id_token")
    logout_user()
    session.clear()
    if id_token and oidc.enabled():
        provider_sign_out = oidc.logout_url(id_token, url_for("auth.sign_in", _external=True))
        if provider_sign_out:
            return render_template("auth/signed_out.html", provider_sign_out=provider_sign_out)
    flash("You have signed out", "success")
    return redirect(url_for("auth.sign_in"))


@blueprint.route("/account/sessions")
@signed_in
def list_sessions():
    current = sessions.current_session(current_user.id)
    rows = sessions.live_sessions(current_user._get_current_object())
    return render_template("auth/sessions.html", rows=rows, current=current)


@blueprint.route("/account/sessions/<int:session_id>/end", methods=["POST"])
@signed_in
def end_session(session_id: int):
    """End one of the person's own sessions; another person's session is not found."""
    row = db.session.get(SignInSession, session_id)
    if row is None or row.user_id != current_user.id or row.ended_at is not None:
        abort(404)
    current = sessions.current_session(current_user.id)
    sessions.end_session(row, sessions.EndReason.ENDED_BY_USER)
    db.session.commit()
    if current is not None and current.id == row.id:
        logout_user()
        session.clear()
        flash("You have signed out", "success")
        return redirect(url_for("auth.sign_in"))
    flash(f"The session on {row.device} has ended", "success")
    return redirect(url_for("auth.list_sessions"))
