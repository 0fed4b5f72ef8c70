"""The academy's sessions list: upcoming by default, past and all, programme and search filters, download."""

import csv
import io
from datetime import UTC, datetime

from tests.academy.builders import create_course, create_programme, create_session
from tests.builders import create_user
from workforce.kernel.roles import Role


def courses(page) -> list[str]:
    return [cell.get_text(strip=True) for cell in page.select("table[data-list] tbody [data-column=course]")]


def test_sessions_upcoming_past_search_and_download(client_request, db, frozen_clock):
    frozen_clock.set(datetime(2026, 6, 1, 9, tzinfo=UTC))
    programme = create_programme(name="Practice")
    create_session(
        create_course(programme, title="Chronologies"),
        starts_at=datetime(2026, 7, 1, 9, 30),
        ends_at=datetime(2026, 7, 1, 16, 30),
    )
    create_session(
        create_course(title="Court skills"), starts_at=datetime(2026, 3, 1, 9, 30), ends_at=datetime(2026, 3, 1, 16, 30)
    )
    client_request.login(create_user(Role.ACADEMY_LEAD))
    assert courses(client_request.get("academy.index")) == ["Chronologies"]
    assert courses(client_request.get("academy.index", _query={"when": "past"})) == ["Court skills"]
    page = client_request.get("academy.index", _query={"when": "all", "sort": "starts"})
    assert courses(page) == ["Court skills", "Chronologies"]
    assert courses(client_request.get("academy.index", _query={"when": "all", "programme": programme.id})) == [
        "Chronologies"
    ]
    assert courses(client_request.get("academy.index", _query={"when": "all", "search": "court"})) == ["Court skills"]
    response = client_request.client.get(page.select_one("a[href*='download=csv']")["href"])
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert [row[0] for row in rows] == ["Course", "Court skills", "Chronologies"]
