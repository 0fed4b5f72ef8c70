"""A form view saves through the one save step (`workforce.kernel.forms.save_or_show`): rollback on a
refusal, the refusal against its field, commit, flash and redirect, the same everywhere. A view function that
calls `db.session.commit()` or `db.session.rollback()` itself must be in `ALLOWED` with the reason; an entry
that no longer commits must leave the list, so it only shrinks."""

import ast
from pathlib import Path

import pytest

from tests.test_views_never_query import view_modules

ROOT = Path(__file__).resolve().parent.parent

_CONFIRM = "checks the change, rolls it back and asks to confirm it before keeping it"
_JOB = "commits the job it creates so the worker can pick it up"
_DOWNLOAD = "a download or API call that keeps the audit trail of what it sent or wrote, with no form to re-render"
_SEEDS = "a page that creates the shipped defaults on first view"
_TOKEN = "shows the new token once, on the page, instead of redirecting"
_SIGN_IN = "signing in or out keeps the session record and failed attempts whatever the outcome"
_IMPORT = "an import: every row is checked first and the report shown, then all or nothing is applied"

#: "module:function" -> why it commits or rolls back itself.
ALLOWED = {
    "academy/views/matrix.py:export_matrix": _DOWNLOAD,
    "academy/views/matrix.py:confirm_import": _IMPORT,
    "audits/views/__init__.py:moderate_audit": _CONFIRM,
    "audits/views/programmes.py:show_programme": "draws the sample and shows the allocation on the same page",
    "audits/views/programmes.py:templates": _SEEDS,
    "supervision/views/quality.py:manage_quality_checklist": _SEEDS,
    "workforce/api/token_views.py:create_own_token": _TOKEN,
    "workforce/api/token_views.py:create_token_for_user": _TOKEN,
    "workforce/api/views.py:list_records": _DOWNLOAD,
    "workforce/caseloads/views.py:upload_caseloads": _JOB,
    "workforce/census/views.py:download_xml": _DOWNLOAD,
    "workforce/census/views.py:download_workbook": _DOWNLOAD,
    "workforce/golive/views.py:confirm_import_teams": _IMPORT,
    "workforce/improvement/views/__init__.py:sign_off_action": _CONFIRM,
    "workforce/improvement/views/figures.py:_started": _JOB,
    "workforce/improvement/views/figures.py:download_pack": _DOWNLOAD,
    "workforce/kernel/auth/views.py:sign_in": _SIGN_IN,
    "workforce/kernel/auth/views.py:_start_session": _SIGN_IN,
    "workforce/kernel/auth/views.py:council_callback": _SIGN_IN,
    "workforce/kernel/auth/views.py:sign_out": _SIGN_IN,
    "workforce/kernel/auth/views.py:end_session": _SIGN_IN,
    "workforce/kernel/jobs/views.py:download_job_result": _DOWNLOAD,
    "workforce/kernel/password_reset/views.py:request_reset": _SIGN_IN,
    "workforce/kernel/password_reset/views.py:reset_password": _SIGN_IN,
    "workforce/people/views/imports.py:confirm_import": _IMPORT,
    "workforce/recruitment/views.py:show_vacancy": _SEEDS,
    "workforce/recruitment/views.py:list_stages": _SEEDS,
}


def direct_saves_in(path: Path) -> dict[str, list[str]]:
    """For each top-level function of a module (a nested function counts as its parent's), the
    `line: db.session.commit/rollback()` calls it makes."""
    tree = ast.parse((ROOT / path).read_text(), str(path))
    found: dict[str, list[tuple[int, str]]] = {}
    for function in tree.body:
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"commit", "rollback"}
                and ast.unparse(node.func.value) == "db.session"
            ):
                found.setdefault(f"{path}:{function.name}", []).append((node.lineno, node.func.attr))
    return {name: [f"{line}: db.session.{call}()" for line, call in sorted(calls)] for name, calls in found.items()}


def _all_direct_saves() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in view_modules():
        found.update(direct_saves_in(path))
    return found


@pytest.mark.parametrize("path", view_modules(), ids=str)
def test_a_view_saves_through_the_one_save_step(path):
    unexplained = {name: calls for name, calls in direct_saves_in(path).items() if name not in ALLOWED}
    assert unexplained == {}, "save through workforce.kernel.forms.save_or_show, or add the reason to ALLOWED"


def test_every_allowed_view_still_saves_itself():
    assert sorted(set(ALLOWED) - set(_all_direct_saves())) == [], "these no longer commit: take them off ALLOWED"


def test_every_exception_gives_its_reason():
    assert all(reason.strip() for reason in ALLOWED.values())


def test_the_check_sees_a_direct_commit_in_a_view(tmp_path, monkeypatch):
    module = tmp_path / "views.py"
    module.write_text(
        "def page():\n"
        "    def change():\n"
        "        db.session.rollback()\n"
        "    db.session.commit()\n"
        "\n"
        "def other():\n"
        "    return save_or_show(form, change, then='/')\n"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert direct_saves_in(Path("views.py")) == {
        "views.py:page": ["3: db.session.rollback()", "4: db.session.commit()"]
    }
