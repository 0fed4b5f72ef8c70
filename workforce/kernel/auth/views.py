"""Sign-in and sign-out pages."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from workforce.extensions import db, limiter
from workforce.kernel import clock
from workforce.kernel.auth import oidc, services
from workforce.kernel.auth.forms import SignInForm
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
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = SignInForm()
    if form.validate_on_submit():
        outcome = services.attempt_sign_in(form.email.data, form.password.data)
        db.session.commit()
        if outcome.user is not None:
            _start_session(outcome.user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(outcome.message)
    return render_template(
        "auth/sign_in.html",
        form=form,
        council_sign_in=oidc.enabled(),
        passwords_for_everyone=current_app.config.get("WPQ_LOCAL_PASSWORDS", True),
        next=request.args.get("next"),
    )


def _start_session(user, id_token: str | None = None) -> None:
    session.clear()
    login_user(user)
    started = clock.now().timestamp()
    session["signed_in_at"] = started
    session["last_seen"] = started
    if id_token:
        session["council_id_token"] = id_token
    session.permanent = True


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
    id_token = session.get("council_id_token")
    logout_user()
    session.clear()
    if id_token and oidc.enabled():
        provider_sign_out = oidc.logout_url(id_token, url_for("auth.sign_in", _external=True))
        if provider_sign_out:
            return render_template("auth/signed_out.html", provider_sign_out=provider_sign_out)
    flash("You have signed out", "success")
    return redirect(url_for("auth.sign_in"))
