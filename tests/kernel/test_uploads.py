"""Upload limits on pages: a file over the size limit is refused with the GOV.UK error page, not read."""

import io

from tests.builders import create_user
from workforce.kernel.roles import Role


def test_an_upload_over_the_size_limit_is_refused_with_a_page_saying_so(client_request, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2048)
    client_request.login(create_user(Role.HR))
    token = client_request._token()
    response = client_request.client.post(
        client_request.url("people.import_file", kind="staff"),
        data={"csrf_token": token, "file": (io.BytesIO(b"EmployeeNumber\n" + b"E1\n" * 2000), "staff.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "The file is too large" in response.get_data(as_text=True)
