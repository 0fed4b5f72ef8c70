"""Kept pages: a read-only page is shown again to the same person, unchanged, only while nothing it shows can
have changed; the first view after a save that matters is rendered afresh, for everyone."""

from datetime import timedelta

import pytest

from tests.builders import create_team, create_team_manager, create_user
from tests.query_count import counting_queries
from tests.supervision.builders import create_worker
from workforce.extensions import db
from workforce.kernel import clock, freshness
from workforce.kernel.roles import Role


@pytest.fixture
def hr(db, client_request):
    user = create_user(Role.HR)
    client_request.login(user)
    return user


def names_on(page) -> list[str]:
    return [row.select("td, th")[0].get_text(" ", strip=True) for row in page.select("table tbody tr")]


def staff_list_statements(client_request) -> tuple[object, int]:
    with counting_queries() as counter:
        page = client_request.get("people.list_staff")
    return page, counter.count


def test_a_page_shown_again_while_nothing_changed_runs_none_of_its_queries(hr, client_request):
    create_worker(create_team("Harbour"), first_name="Ada", last_name="Okafor")
    first, first_statements = staff_list_statements(client_request)
    again, again_statements = staff_list_statements(client_request)
    assert str(again.select_one("main")) == str(first.select_one("main"))
    assert again_statements < first_statements
    assert again_statements <= 3  # who is signed in, the tables' tokens, nothing of the page's own


def test_a_save_to_a_table_the_page_read_shows_at_once(hr, client_request):
    team = create_team("Harbour")
    create_worker(team, first_name="Ada", last_name="Okafor")
    assert any("Okafor" in name for name in names_on(client_request.get("people.list_staff")))
    create_worker(team, first_name="Bea", last_name="Mensah")
    names = names_on(client_request.get("people.list_staff"))
    assert any("Mensah" in name for name in names) and any("Okafor" in name for name in names)


def test_a_sign_in_elsewhere_keeps_the_page(hr, client_request, client):
    create_worker(create_team("Harbour"), first_name="Ada", last_name="Okafor")
    other = create_user(Role.SENIOR_LEADER)
    staff_list_statements(client_request)
    other.last_signed_in_at = clock.now()
    other.failed_sign_ins = 1
    db.session.commit()
    _, statements = staff_list_statements(client_request)
    assert statements <= 3


def test_each_person_gets_their_own_page(app, db, client_request):
    harbour, quay = create_team("Harbour"), create_team("Quay")
    create_worker(harbour, first_name="Ada", last_name="Okafor")
    create_worker(quay, first_name="Bea", last_name="Mensah")
    client_request.login(create_team_manager(harbour))
    first = " ".join(names_on(client_request.get("people.list_staff")))
    assert "Okafor" in first and "Mensah" not in first
    client_request.login(create_team_manager(quay))
    second = " ".join(names_on(client_request.get("people.list_staff")))
    assert "Mensah" in second and "Okafor" not in second


def test_a_change_to_a_managers_teams_is_shown_at_once(db, client_request):
    harbour, quay = create_team("Harbour"), create_team("Quay")
    create_worker(quay, first_name="Bea", last_name="Mensah")
    manager = create_team_manager(harbour)
    client_request.login(manager)
    assert "Mensah" not in " ".join(names_on(client_request.get("people.list_staff")))
    manager.managed_teams.append(quay)
    db.session.commit()
    assert "Mensah" in " ".join(names_on(client_request.get("people.list_staff")))


def test_a_person_who_may_no_longer_see_the_page_is_refused_it(db, client_request, hr):
    create_worker(create_team("Harbour"), first_name="Ada", last_name="Okafor")
    client_request.get("people.list_staff")
    hr.role = Role.COMMITTEE_VIEWER
    db.session.commit()
    client_request.get("people.list_staff", _expected_status=403)


def test_a_change_of_role_renders_the_page_afresh_for_the_new_role(db, client_request, hr):
    create_worker(create_team("Harbour"), first_name="Ada", last_name="Okafor")
    assert "Okafor" in " ".join(names_on(client_request.get("people.list_staff")))
    hr.role = Role.SOCIAL_WORKER  # who sees only their own record
    db.session.commit()
    assert "Okafor" not in " ".join(names_on(client_request.get("people.list_staff")))


def test_a_message_to_show_once_is_shown_once(db, client_request, hr, app):
    create_worker(create_team("Harbour"), first_name="Ada", last_name="Okafor")
    client_request.get("people.list_staff")
    with client_request.client.session_transaction() as session:
        session["_flashes"] = [("success", "Staff record saved")]
    assert "Staff record saved" in client_request.get("people.list_staff").get_text()
    assert "Staff record saved" not in client_request.get("people.list_staff").get_text()


def test_a_kept_page_is_rendered_afresh_after_a_minute(hr, client_request, frozen_clock):
    create_worker(create_team("Harbour"), first_name="Ada", last_name="Okafor")
    staff_list_statements(client_request)
    _, kept = staff_list_statements(client_request)
    frozen_clock.advance(timedelta(seconds=freshness.PAGE_SECONDS))
    _, afresh = staff_list_statements(client_request)
    assert afresh > kept


def test_a_download_is_never_kept(hr, client_request):
    create_worker(create_team("Harbour"), first_name="Ada", last_name="Okafor")
    response = client_request.client.get("/staff?download=csv")
    assert response.status_code == 200 and response.mimetype != "text/html"
    assert not freshness._pages


def test_kept_pages_stay_within_their_memory(hr, client_request, monkeypatch):
    monkeypatch.setattr(freshness, "PAGE_BYTES", 1)
    create_worker(create_team("Harbour"), first_name="Ada", last_name="Okafor")
    client_request.get("people.list_staff")
    assert freshness._page_bytes <= 1


def test_while_one_request_renders_a_minute_old_page_afresh_the_others_are_shown_the_old_one(
    hr, client_request, frozen_clock
):
    create_worker(create_team("Harbour"), first_name="Ada", last_name="Okafor")
    staff_list_statements(client_request)
    frozen_clock.advance(timedelta(seconds=freshness.PAGE_SECONDS))
    (key,) = freshness._pages
    freshness._refreshing.add(key)  # another request of the same person is rendering it now
    try:
        _, statements = staff_list_statements(client_request)
    finally:
        freshness._refreshing.discard(key)
    assert statements <= 4  # as a kept page, plus the minute's note of the sign-in session's last use
    _, afresh = staff_list_statements(client_request)
    assert afresh > statements


def test_the_sign_in_page_is_kept_once_for_everyone_with_each_visitors_own_form_token(app, db):
    from tests.conftest import ClientRequest

    first, second = app.test_client(), app.test_client()
    tokens = []
    for client in (first, second, first):
        with counting_queries() as counter:
            page = ClientRequest(client, app).get("auth.sign_in")
        tokens.append(page.find("input", attrs={"name": "csrf_token"})["value"])
        assert freshness.FORM_TOKEN.decode() not in str(page)
    assert counter.count <= 1  # the third view: kept, only the tables' tokens read
    assert tokens[0] != tokens[1]  # each visitor's own token, not the first visitor's
    user = create_user(Role.HR, password="a long enough passphrase")
    response = second.post(
        "/sign-in", data={"csrf_token": tokens[1], "email": user.email, "password": "a long enough passphrase"}
    )
    assert response.status_code == 302 and "/sign-in" not in response.location
