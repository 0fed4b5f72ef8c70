"""What the audits module provides to others through the registry: its themes for plan evidence."""

from audits.models import Theme
from tests.audits.builders import create_audit
from tests.builders import create_user
from tests.conftest import ClientRequest
from workforce.extensions import db as _db
from workforce.kernel.contract import registry
from workforce.kernel.providers import AUDIT_THEMES
from workforce.kernel.roles import Role


def test_the_audit_themes_provider_counts_submitted_audits_and_links_to_them(app, db, client):
    chronology, voice = Theme(name="Chronology"), Theme(name="Voice of the child")
    _db.session.add_all([chronology, voice])
    submitted = [create_audit(grade="Good"), create_audit(grade="Inadequate")]
    for audit in submitted:
        audit.themes.append(chronology)
    draft = create_audit()
    draft.themes.append(voice)
    other = create_audit(grade="Good")
    _db.session.commit()
    with app.test_request_context():
        themes = {theme["name"]: theme for theme in registry().provided(AUDIT_THEMES)()}
    assert themes["Chronology"]["id"] == chronology.id
    assert themes["Chronology"]["audits"] == 2
    assert themes["Voice of the child"]["audits"] == 0  # only submitted audits count
    assert themes["Chronology"]["url"] == f"/audits?theme={chronology.id}"
    requests = ClientRequest(client, app)
    requests.login(create_user(Role.QA_OFFICER))
    listing = requests.get_url(themes["Chronology"]["url"])
    references = {link.get_text(strip=True) for link in listing.select("table tbody a")}
    assert references == {audit.case_reference for audit in submitted}
    assert other.case_reference not in references
    assert "that found the theme Chronology" in listing.get_text()


def test_an_unknown_or_malformed_theme_is_refused(client_request, db):
    client_request.login(create_user(Role.QA_OFFICER))
    client_request.get_url("/audits?theme=999999", _expected_status=404)
    client_request.get_url("/audits?theme=chronology", _expected_status=400)
