"""Sign-in with the council's identity provider by OpenID Connect (Microsoft Entra ID in most councils).

Authlib runs the authorisation code flow with PKCE (S256): it keeps the state, the nonce and the code
verifier in the session, and on the way back it checks the state, fetches the tokens and validates the ID
token (signature against the provider's published keys, issuer, audience, expiry, nonce). A person is matched
to their account by the token's object id (`oid` in Entra ID, else `sub`) or, the first time, by email.
"""

from __future__ import annotations

from dataclasses import dataclass

from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app
from joserfc.errors import JoseError
from sqlalchemy import func, select

from workforce.extensions import db
from workforce.kernel import audit_trail, clock
from workforce.kernel.contract import registry
from workforce.kernel.models import User
from workforce.kernel.providers import ACCOUNT_FOR_COUNCIL_SIGN_IN

CLIENT_NAME = "council"
EXTENSION = "wpq_oidc"


def init_app(app: Flask) -> None:
    """Register the provider when WPQ_OIDC_ISSUER is set; its discovery document is read on first use."""
    issuer = (app.config.get("WPQ_OIDC_ISSUER") or "").rstrip("/")
    if not issuer:
        return
    oauth = OAuth(app)
    oauth.register(
        CLIENT_NAME,
        client_id=app.config["WPQ_OIDC_CLIENT_ID"],
        client_secret=app.config["WPQ_OIDC_CLIENT_SECRET"],
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": app.config["WPQ_OIDC_SCOPES"], "code_challenge_method": "S256", "timeout": 10},
    )
    app.extensions[EXTENSION] = oauth


def enabled() -> bool:
    return EXTENSION in current_app.extensions


def client():
    return current_app.extensions[EXTENSION].create_client(CLIENT_NAME)


def local_passwords_for(user: User | None) -> bool:
    """Whether this account may sign in with a password: everyone, or only break-glass administrators."""
    if current_app.config.get("WPQ_LOCAL_PASSWORDS", True):
        return True
    return user is not None and user.break_glass


class SignInRefused(Exception):
    """The provider's answer could not be trusted, or named nobody WPQ knows; `title` and `message` say why."""

    def __init__(self, title: str, message: str, status: int = 403):
        super().__init__(message)
        self.title = title
        self.message = message
        self.status = status


@dataclass(frozen=True)
class CouncilIdentity:
    subject: str
    email: str | None
    name: str | None
    id_token: str | None


def finish_sign_in() -> CouncilIdentity:
    """Complete the flow on the callback request: check state, exchange the code, validate the ID token."""
    council = client()
    issuer = council.load_server_metadata().get("issuer")
    # Authlib checks the audience only through `azp` unless told: require our client id in `aud`, and the
    # issuer the discovery document names (OpenID Connect Core 1.0, 3.1.3.7).
    claims_options = {
        "iss": {"essential": True, "values": [issuer]},
        "aud": {"essential": True, "values": [council.client_id]},
    }
    try:
        token = council.authorize_access_token(
            claims_options=claims_options, leeway=current_app.config["WPQ_OIDC_CLOCK_LEEWAY_SECONDS"]
        )
    except (OAuthError, JoseError, ValueError) as error:
        current_app.logger.warning("Council sign-in refused: %s", error)
        raise SignInRefused(
            "Sign-in could not be completed",
            "Your council account's answer could not be checked, or this sign-in link was already used or has "
            "expired. Start again from the sign-in page.",
            400,
        ) from None
    claims = token.get("userinfo") or {}
    subject = claims.get("oid") or claims.get("sub")
    if not subject:
        raise SignInRefused("Sign-in could not be completed", "Your council account did not say who you are.", 400)
    email = claims.get("email") or claims.get("preferred_username")
    return CouncilIdentity(
        str(subject), email.strip().lower() if email else None, claims.get("name"), token.get("id_token")
    )


def account_for(identity: CouncilIdentity) -> User:
    """The active account for a council identity: by object id, else by email (then remembering the id)."""
    user = db.session.execute(select(User).where(User.oidc_subject == identity.subject)).scalar()
    if user is None and identity.email:
        user = db.session.execute(select(User).where(func.lower(User.email) == identity.email)).scalar()
        if user is not None and user.oidc_subject not in (None, identity.subject):
            user = None
    if user is None and identity.email and current_app.config.get("WPQ_OIDC_PROVISION_FROM_STAFF"):
        provision = registry().provided(ACCOUNT_FOR_COUNCIL_SIGN_IN)
        if provision is not None:
            with audit_trail.acting_as("Council sign-in", audit_trail.Origin.WEB):
                user = provision(identity.email)
    if user is None:
        raise SignInRefused(
            "You do not have a WPQ account yet",
            f"Your council account ({identity.email or 'no email given'}) signed you in, but WPQ has no account "
            "for you. Ask your WPQ administrator or HR to create your account from your staff record; then sign "
            "in again.",
        )
    if not user.is_active:
        raise SignInRefused(
            "Your WPQ account is deactivated",
            "Your WPQ account has been deactivated (for example because you have left). Ask your WPQ "
            "administrator if you need it again.",
        )
    if user.oidc_subject is None:
        before = audit_trail.snapshot(user)
        user.oidc_subject = identity.subject
        with audit_trail.acting_as(f"{user.name} ({user.role.value})", audit_trail.Origin.WEB, user.id):
            audit_trail.record_updated(user, before, note="First sign-in with the council account")
    user.failed_sign_ins = 0
    user.last_signed_in_at = clock.now()
    return user


def logout_url(id_token: str | None, post_logout_redirect_uri: str) -> str | None:
    """The provider's sign-out address (RP-initiated logout), when it publishes one."""
    metadata = client().load_server_metadata()
    if not metadata.get("end_session_endpoint"):
        return None
    return client().create_logout_url(post_logout_redirect_uri=post_logout_redirect_uri, id_token_hint=id_token)["url"]
