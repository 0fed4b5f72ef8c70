"""The access matrix: every route against every role, with the answer each must get.

One row per endpoint; one column per demo role and one for a visitor who is not signed in. The answers:

    200   the page (or file) is served
    403   refused: the role lacks the permission
    404   not found: the record lies outside what the role may see (or the role may see none)
    S     redirected to sign in
    R     redirected elsewhere (a POST that did its work and moved on)
    400   a POST refused for its missing form data (the role may use the route)
    401   an API route asked for its token (session cookies do not sign API requests)

Page routes are requested with GET; routes that only take POST are posted once with a CSRF token and no
form data. Identifiers come from the demo council: for records that belong to a team, from the team the
demo team manager manages. A second test sends the team manager (and the API, with a team manager's
token) identifiers of another team's records, and expects 403 or 404 on every such route.

A new route must be added to MATRIX (and, if it takes a new kind of identifier, to IDENTIFIERS):
`test_every_route_is_in_the_matrix` names the routes that are missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from flask import url_for

from workforce.kernel.roles import Role

# The columns of MATRIX, in order.
COLUMNS: tuple[Role | None, ...] = (
    None,
    Role.ADMINISTRATOR,
    Role.SENIOR_LEADER,
    Role.HR,
    Role.TEAM_MANAGER,
    Role.PRACTICE_SUPERVISOR,
    Role.QA_OFFICER,
    Role.ACADEMY_LEAD,
    Role.COMMITTEE_VIEWER,
    Role.SOCIAL_WORKER,
)

# fmt: off
MATRIX = """
endpoint                                     anon  admin lead  hr    tm    ps    qa    acad  cttee sw
# Academy
academy.add_pause                            S     403   403   403   403   403   403   200   403   403
academy.approve_place                        S     403   403   403   R     403   403   R     403   403
academy.book_place                           S     403   404   404   R     R     404   404   403   R
academy.cancel_place                         S     403   403   403   R     404   403   R     403   404
academy.cancel_session                       S     403   403   403   403   403   403   200   403   403
academy.confirm_import                       S     403   403   403   403   403   403   404   403   403
academy.create_course                        S     403   403   403   403   403   403   200   403   403
academy.create_early_career_record           S     403   403   403   403   403   403   200   403   403
academy.create_placement                     S     403   403   403   403   403   403   200   403   403
academy.create_practice_educator             S     403   403   403   403   403   403   200   403   403
academy.create_programme                     S     403   403   403   403   403   403   200   403   403
academy.create_requirement                   S     403   403   403   403   403   403   200   403   403
academy.create_session                       S     403   403   403   403   403   403   200   403   403
academy.early_career_cohorts                 S     403   200   200   200   403   403   200   403   403
academy.enrol_many                           S     403   403   403   403   403   403   200   403   403
academy.enrol_person                         S     403   403   403   R     403   403   R     403   403
academy.export_matrix                        S     403   R     R     R     403   403   R     403   403
academy.give_feedback                        S     403   404   404   404   404   404   404   403   404
academy.give_impact                          S     403   404   404   404   404   404   404   403   404
academy.import_completions                   S     403   403   403   403   403   403   200   403   403
academy.import_job                           S     403   403   403   403   403   403   404   403   403
academy.import_job_problems                  S     403   403   403   403   403   403   404   403   403
academy.index                                S     403   200   200   200   200   200   200   403   200
academy.list_completions                     S     403   200   200   200   200   200   200   403   200
academy.list_practice_educators              S     403   403   403   403   403   403   200   403   403
academy.list_requirements                    S     403   403   403   403   403   403   200   403   403
academy.my_training                          S     403   200   200   200   200   200   200   403   200
academy.record_cpd                           S     403   R     R     200   200   R     R     403   200
academy.edit_cpd                             S     403   404   404   404   404   404   404   403   200
academy.withdraw_cpd                         S     403   404   404   404   404   404   404   403   200
academy.record_outcome                       S     403   403   403   403   403   403   200   403   403
academy.record_review                        S     403   403   403   403   403   403   200   403   403
academy.correct_review                       S     403   403   403   403   403   403   200   403   403
academy.correct_completion                   S     403   403   403   403   403   403   200   403   403
academy.withdraw_completion                  S     403   403   403   403   403   403   200   403   403
academy.person_training                      S     403   200   200   200   403   403   200   403   403
academy.withdraw_review                      S     403   403   403   403   403   403   200   403   403
academy.refuse_place                         S     403   403   403   R     403   403   R     403   403
academy.session_feedback                     S     403   403   403   403   403   403   200   403   403
academy.show_early_career_record             S     403   200   200   200   403   403   200   403   403
academy.show_programme                       S     403   200   200   200   200   200   200   403   200
academy.show_session                         S     403   200   200   200   200   200   200   403   200
academy.take_register                        S     403   403   403   403   403   403   200   403   403
academy.training_matrix                      S     403   200   200   200   403   403   200   403   403
# Agency engagements
agency.add_price_cap                         S     403   403   200   403   403   403   403   403   403
agency.compliance                            S     403   200   200   200   403   403   403   403   403
agency.download_return                       S     403   403   200   403   403   403   403   403   403
agency.end_engagement                        S     403   403   200   403   403   403   403   403   403
agency.list_engagements                      S     403   200   200   200   403   403   403   403   403
agency.price_caps                            S     403   200   200   200   403   403   403   403   403
agency.record_engagement                     S     403   403   200   403   403   403   403   403   403
agency.record_sign_off                       S     403   403   200   403   403   403   403   403   403
agency.show_engagement                       S     403   200   200   200   403   403   403   403   403
# API: token only (a session cookie is not enough)
api.get_one_record                           401   401   401   401   401   401   401   401   401   401
api.import_rows                              401   401   401   401   401   401   401   401   401   401
api.index                                    401   401   401   401   401   401   401   401   401   401
api.list_measures                            401   401   401   401   401   401   401   401   401   401
api.list_records                             401   401   401   401   401   401   401   401   401   401
api.measure_values                           401   401   401   401   401   401   401   401   401   401
api.openapi_description                      401   401   401   401   401   401   401   401   401   401
# API tokens and documentation
api_tokens.api_documentation                 S     200   200   200   200   200   200   200   200   200
api_tokens.create_own_token                  S     200   200   200   200   200   200   200   200   200
api_tokens.create_token_for_user             S     200   403   403   403   403   403   403   403   403
api_tokens.list_all_tokens                   S     200   403   403   403   403   403   403   403   403
api_tokens.list_own_tokens                   S     200   200   200   200   200   200   200   200   200
api_tokens.openapi_for_download              S     200   200   200   200   200   200   200   200   200
api_tokens.revoke_any_token                  S     404   403   403   403   403   403   403   403   403
api_tokens.revoke_own_token                  S     404   404   404   404   404   404   404   404   404
# Audit trail
audit_trail.browse                           S     200   403   403   403   403   403   403   403   403
# Case-file audits
audits.add_action                            S     403   403   403   403   403   200   403   403   403
audits.add_theme                             S     403   403   403   403   403   R     403   403   403
audits.complete_action                       S     403   403   403   200   403   200   403   403   403
audits.create_programme                      S     403   403   403   403   403   200   403   403   403
audits.escalations                           S     403   200   403   403   403   200   403   403   403
audits.export_report                         S     403   200   403   200   403   200   403   403   403
audits.list_audits                           S     403   200   403   200   403   200   403   403   403
audits.list_programmes                       S     403   403   403   403   403   200   403   403   403
audits.moderate_audit                        S     403   403   403   403   403   200   403   403   403
audits.moderation                            S     403   403   403   403   403   200   403   403   403
audits.publish_scale                         S     403   403   403   403   403   R     403   403   403
audits.publish_template                      S     403   403   403   403   403   R     403   403   403
audits.raise_concern                         S     403   403   403   403   403   200   403   403   403
audits.reallocate_audit                      S     403   403   403   403   403   200   403   403   403
audits.record_audit                          S     403   403   403   403   403   R     403   403   403
audits.report                                S     403   200   403   200   403   200   403   403   403
audits.respond_to_concern                    S     403   200   403   403   403   200   403   403   403
audits.show_audit                            S     403   200   403   200   403   200   403   403   403
audits.edit_programme                        S     403   403   403   403   403   200   403   403   403
audits.show_programme                        S     403   403   403   403   403   200   403   403   403
audits.templates                             S     403   403   403   403   403   200   403   403   403
# Signing in and out
auth.end_session                             S     404   404   404   404   404   404   404   404   404
auth.list_sessions                           S     200   200   200   200   200   200   200   200   200
auth.council_callback                        404   404   404   404   404   404   404   404   404   404
auth.sign_in                                 200   R     R     R     R     R     R     R     R     R
auth.sign_in_with_council                    404   404   404   404   404   404   404   404   404   404
auth.sign_out                                S     S     S     S     S     S     S     S     S     S
password_reset.request_reset                 200   R     R     R     R     R     R     R     R     R
password_reset.reset_password                404   404   404   404   404   404   404   404   404   404
password_reset.reset_requested               200   200   200   200   200   200   200   200   200   200
# DfE benchmarks
benchmarks.choose_council                    S     200   403   403   403   403   403   403   403   403
benchmarks.load_shipped                      S     R     403   403   403   403   403   403   403   403
benchmarks.measure_trend                     S     200   200   200   200   403   200   200   200   403
benchmarks.overview                          S     200   200   200   200   403   200   200   200   403
# Caseloads
caseloads.case_type_weights                  S     200   403   403   403   403   403   403   403   403
caseloads.download_import_problems           S     404   403   404   403   403   403   403   403   403
caseloads.home                               S     200   200   200   200   403   200   403   403   403
caseloads.import_status                      S     404   403   404   403   403   403   403   403   403
caseloads.list_alerts                        S     200   200   200   200   403   200   403   403   403
caseloads.list_imports                       S     200   403   200   403   403   403   403   403   403
caseloads.new_mapping                        S     200   403   200   403   403   403   403   403   403
caseloads.service_area_caseloads             S     200   200   200   403   403   200   403   403   403
caseloads.team_caseloads                     S     200   200   200   200   403   200   403   403   403
caseloads.thresholds                         S     200   403   403   403   403   403   403   403   403
caseloads.upload_caseloads                   S     200   403   200   403   403   403   403   403   403
caseloads.worker_caseload                    S     200   200   200   200   403   200   403   403   403
# Census return
census.download_workbook                     S     R     403   R     403   403   403   403   403   403
census.download_xml                          S     R     403   R     403   403   403   403   403   403
census.pay_items                             S     200   403   200   403   403   403   403   403   403
census.summary                               S     200   200   200   403   403   403   403   403   403
# Going live: first run, council settings, teams import, accounts from staff records
golive.confirm_import_teams                  S     R     403   403   403   403   403   403   403   403
golive.council_settings                      S     200   403   403   403   403   403   403   403   403
golive.email_matches                         S     200   403   200   403   403   403   403   403   403
golive.first_run                             404   404   404   404   404   404   404   404   404   404
golive.import_teams                          S     200   403   403   403   403   403   403   403   403
golive.import_teams_problems                 S     404   403   403   403   403   403   403   403   403
golive.import_teams_template                 S     200   403   403   403   403   403   403   403   403
golive.link_account                          S     200   403   200   403   403   403   403   403   403
golive.link_match                            S     404   403   404   403   403   403   403   403   403
golive.provision_accounts                    S     200   403   200   403   403   403   403   403   403
golive.unlink_account                        S     R     403   R     403   403   403   403   403   403
# Column mappings for imports (the demo council has none: an edit answers 404 to those who may edit)
import_mappings.add_translations             S     404   403   404   403   403   403   403   403   403
import_mappings.create_mapping               S     200   403   200   403   403   403   403   403   403
import_mappings.edit_mapping                 S     404   403   404   403   403   403   403   403   403
import_mappings.list_mappings                S     200   403   200   403   403   403   403   403   403
# Improvement plan
improvement.add_plan_measure                 S     403   200   403   403   403   403   403   403   403
improvement.add_update                       S     403   200   403   403   403   403   403   403   403
improvement.create_action                    S     403   200   403   403   403   403   403   403   403
improvement.create_plan                      S     403   200   403   403   403   403   403   403   403
improvement.create_strand                    S     403   200   403   403   403   403   403   403   403
improvement.download_document                S     404   404   404   403   403   404   404   403   403
improvement.download_pack                    S     403   R     403   403   403   403   403   R     403
improvement.edit_action                      S     403   200   403   403   403   403   403   403   403
improvement.edit_plan                        S     403   200   403   403   403   403   403   403   403
improvement.edit_plan_measure                S     403   200   403   403   403   403   403   403   403
improvement.edit_strand                      S     403   200   403   403   403   403   403   403   403
improvement.link_audit_theme                 S     403   200   403   403   403   403   403   403   403
improvement.link_measure                     S     403   R     403   403   403   403   403   403   403
improvement.list_periods                     S     200   200   200   403   403   200   200   200   403
improvement.list_actions                     S     200   200   200   403   403   200   200   200   403
improvement.list_plans                       S     R     200   R     403   403   R     R     R     403
improvement.override_rating                  S     403   200   403   403   403   403   403   403   403
improvement.publish_period                   S     403   R     403   403   403   403   403   403   403
improvement.reopen_action                    S     403   R     403   403   403   403   403   403   403
improvement.revise_period                    S     403   200   403   403   403   403   403   403   403
improvement.show_action                      S     200   200   200   403   403   200   200   200   403
improvement.show_measure                     S     200   200   200   403   403   200   200   200   403
improvement.show_period_job                  S     403   404   403   403   403   403   403   403   403
improvement.show_plan                        S     200   200   200   403   403   200   200   200   403
improvement.show_strand                      S     200   200   200   403   403   200   200   200   403
improvement.sign_off_action                  S     403   R     403   403   403   403   403   403   403
improvement.upload_document                  S     403   200   403   403   403   403   403   403   403
# Kernel pages
jobs.download_job_result                     S     404   404   404   404   404   404   404   404   404
jobs.list_jobs                               S     200   403   403   403   403   403   403   403   403
jobs.show_job                                S     404   404   404   404   404   404   404   404   404
notifications.choose_digest                  S     200   200   200   200   200   200   200   200   200
notifications.list_messages                  S     200   200   200   200   200   200   200   200   200
pages.accessibility_statement                200   200   200   200   200   200   200   200   200   200
pages.account                                S     200   200   200   200   200   200   200   200   200
pages.home                                   S     200   200   200   200   200   200   200   200   200
pages.privacy_notice                         200   200   200   200   200   200   200   200   200   200
pages.section                                S     200   200   200   200   R     R     R     403   R
# Operations (no sign-in; /metrics answers 404 while no metrics token is configured)
metrics.metrics                              404   404   404   404   404   404   404   404   404   404
operations.healthz                           200   200   200   200   200   200   200   200   200   200
operations.readyz                            200   200   200   200   200   200   200   200   200   200
# People, establishment and imports
people.absent_on                             S     200   200   200   200   200   200   200   403   200
people.check_registration                    S     403   403   200   403   403   403   403   403   403
people.confirm_import                        S     403   403   R     403   403   403   403   403   403
people.create_post                           S     403   403   200   403   403   403   403   403   403
people.create_staff                          S     403   403   200   403   403   403   403   403   403
people.edit_post                             S     403   403   200   403   403   403   403   403   403
people.edit_staff                            S     403   403   200   403   403   403   403   403   403
people.establishment                         S     200   200   200   200   403   403   403   403   403
people.import_file                           S     403   403   200   403   403   403   403   403   403
people.import_job                            S     403   403   404   403   403   403   403   403   403
people.import_job_problems                   S     403   403   404   403   403   403   403   403   403
people.import_problems                       S     403   403   404   403   403   403   403   403   403
people.import_template                       S     403   403   200   403   403   403   403   403   403
people.list_staff                            S     200   200   200   200   200   200   200   403   200
people.move_staff                            S     403   403   200   403   403   403   403   403   403
people.correct_absence                       S     403   403   200   403   403   403   403   403   403
people.record_absence                        S     403   403   200   403   403   403   403   403   403
people.record_leaver                         S     403   403   200   403   403   403   403   403   403
people.withdraw_absence                      S     403   403   200   403   403   403   403   403   403
people.registration_renewals                 S     200   200   200   200   200   200   200   403   200
people.show_staff                            S     200   200   200   200   404   200   200   403   404
people.staff_survey                          S     200   200   200   200   403   403   403   403   403
people.team_establishment                    S     200   200   200   200   403   403   403   403   403
people.workforce_dashboard                   S     200   200   200   200   403   403   403   403   403
# Data check (records that disagree with each other)
data_check.show_data_check                   S     200   403   200   403   403   403   403   403   403
# Records behind a figure (a council figure: roles that see every team and hold the measure's permission)
records.download_records                     S     200   200   200   403   403   200   200   403   403
records.show_records                         S     200   200   200   403   403   200   200   403   403
# Recruitment
recruitment.add_application                  S     403   403   200   403   403   403   403   403   403
recruitment.add_stage                        S     200   403   403   403   403   403   403   403   403
recruitment.advertise_vacancy                S     403   403   200   403   403   403   403   403   403
recruitment.answer_offer                     S     403   403   200   403   403   403   403   403   403
recruitment.approve_as_head_of_service       S     403   R     403   403   403   403   403   403   403
recruitment.approve_as_hr                    S     403   403   R     403   403   403   403   403   403
recruitment.confirm_start                    S     403   403   200   403   403   403   403   403   403
recruitment.edit_stage                       S     200   403   403   403   403   403   403   403   403
recruitment.list_stages                      S     200   403   403   403   403   403   403   403   403
recruitment.list_vacancies                   S     403   200   200   200   403   403   403   403   403
recruitment.list_applications                S     403   200   200   200   403   403   403   403   403
recruitment.make_offer                       S     403   403   200   403   403   403   403   403   403
recruitment.move_application                 S     403   403   200   403   403   403   403   403   403
recruitment.raise_vacancy                    S     403   403   200   200   403   403   403   403   403
recruitment.record_check                     S     403   403   200   403   403   403   403   403   403
recruitment.record_interview                 S     403   403   200   403   403   403   403   403   403
recruitment.recruitment_report               S     403   200   200   200   403   403   403   403   403
recruitment.show_application                 S     403   200   200   200   403   403   403   403   403
recruitment.show_vacancy                     S     403   200   200   200   403   403   403   403   403
recruitment.withdraw_vacancy                 S     403   403   200   403   403   403   403   403   403
# Retention
retention.leaver_checklist                   S     403   403   200   200   403   403   403   403   403
retention.list_stay_interviews               S     403   200   200   200   403   403   403   403   403
retention.record_exit_interview              S     403   403   200   403   403   403   403   403   403
retention.record_stay_interview              S     403   403   200   200   403   403   403   403   403
retention.retention_page                     S     403   200   200   200   403   403   403   403   403
# Supervision
supervision.amend_supervision                S     403   403   403   200   404   403   403   403   403
supervision.cancel_supervision               S     403   403   403   200   404   403   403   403   403
supervision.complete_quality_audit           S     403   403   403   403   403   200   403   403   403
supervision.confirm_in_person                S     403   403   403   R     404   403   403   403   403
supervision.create_agreement                 S     403   403   403   200   200   403   403   403   403
supervision.draw_quality_sample              S     403   403   403   403   403   200   403   403   403
supervision.edit_supervision                 S     403   403   403   R     404   403   403   403   403
supervision.export_team_compliance           S     403   200   200   200   404   200   403   403   403
supervision.list_agreements                  S     403   200   200   200   200   200   403   403   200
supervision.list_quality_audits              S     403   200   200   200   403   200   403   403   403
supervision.list_supervisions                S     403   200   200   200   200   200   403   403   200
supervision.manage_policy                    S     200   403   403   403   403   403   403   403   403
supervision.manage_quality_checklist         S     403   403   403   403   403   200   403   403   403
supervision.record_supervision               S     403   403   403   200   200   403   403   403   403
supervision.reschedule_supervision           S     403   403   403   200   404   403   403   403   403
supervision.show_quality_audit               S     403   200   200   200   403   200   403   403   403
supervision.show_schedule                    S     403   200   200   200   200   200   403   403   403
supervision.show_supervision                 S     403   200   200   200   404   200   403   403   404
supervision.show_team_month                  S     403   200   200   200   404   200   403   403   403
supervision.sign_supervision                 S     403   403   403   R     404   403   403   403   404
# Teams
teams.create_team                            S     200   403   403   403   403   403   403   403   403
teams.edit_team                              S     200   403   403   403   403   403   403   403   403
teams.list_teams                             S     200   200   200   200   403   200   200   403   403
teams.show_team                              S     200   200   200   200   403   200   200   403   403
# Users (administration)
users.create_user                            S     200   403   403   403   403   403   403   403   403
users.deactivate_user                        S     R     403   403   403   403   403   403   403   403
users.edit_user                              S     200   403   403   403   403   403   403   403   403
users.list_users                             S     200   403   403   403   403   403   403   403   403
users.reactivate_user                        S     R     403   403   403   403   403   403   403   403
users.set_user_password                      S     200   403   403   403   403   403   403   403   403
users.show_user                              S     200   403   403   403   403   403   403   403   403
users.sign_out_user_everywhere               S     R     403   403   403   403   403   403   403   403
users.unlock_user                            S     R     403   403   403   403   403   403   403   403
"""
# fmt: on

#: Query strings some routes need to answer with their page or file.
QUERIES = {
    "census.download_workbook": {"year": 2025},
    "census.download_xml": {"year": 2025},
}

#: Endpoints the matrix does not request: Flask's static files.
NOT_REQUESTED = frozenset({"static", "govuk_assets.static"})


@dataclass(frozen=True)
class Row:
    endpoint: str
    answers: dict[Role | None, str]


def parse_matrix(text: str = MATRIX) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for line in text.strip().splitlines()[1:]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        endpoint, *answers = line.split()
        assert len(answers) == len(COLUMNS), f"MATRIX row {endpoint} has {len(answers)} answers, not {len(COLUMNS)}"
        assert endpoint not in rows, f"MATRIX lists {endpoint} twice"
        rows[endpoint] = Row(endpoint, dict(zip(COLUMNS, answers, strict=True)))
    return rows


# Identifiers: (endpoint prefix or "", argument) -> a function of (session, own team id, other team id)
# returning (identifier in the team manager's team, identifier in another team or None when the record
# belongs to no team). The most specific prefix wins.
Resolver = Callable[[sa.orm.Session, int, int], tuple[object, object | None]]


#: The identifier used when the demo council has no such record at all (the route then answers 404).
MISSING = 999_999


def _first(session, statement, default=MISSING):
    value = session.execute(statement.limit(1)).scalar()
    return default if value is None else value


def team_scoped(model, *joins, team_column=None) -> Resolver:
    """The first record of `model` in each team (joined through `joins` to the table holding team_id;
    a condition among `joins` filters the records)."""

    def resolve(session, own, other):
        column = team_column if team_column is not None else model.team_id
        statement = sa.select(model.id)
        for join in joins:
            if isinstance(join, sa.ColumnElement):
                statement = statement.where(join)
            else:
                statement = statement.join(*join) if isinstance(join, tuple) else statement.join(join)
        statement = statement.order_by(model.id)
        anywhere = _first(session, statement)
        own_record = _first(session, statement.where(column == own), anywhere)
        return own_record, _first(session, statement.where(column == other), None)

    return resolve


def unscoped(model, *where) -> Resolver:
    def resolve(session, own, other):
        return _first(session, sa.select(model.id).where(*where).order_by(model.id)), None

    return resolve


def constant(value) -> Resolver:
    return lambda session, own, other: (value, None)


def _staff_of_team(session, team_id):
    from workforce.people.models import Assignment

    return _first(
        session,
        sa.select(Assignment.staff_id)
        .where(Assignment.team_id == team_id, Assignment.end_date.is_(None))
        .order_by(Assignment.staff_id),
    )


def staff_in_team(session, own, other):
    return _staff_of_team(session, own), _staff_of_team(session, other)


def teams(session, own, other):
    return own, other


def social_workers_cpd(session, own, other):
    """A CPD record of the demo social worker: only its owner may correct or withdraw it."""
    from academy.models import CpdRecord
    from workforce.kernel.models import User
    from workforce.people.models import StaffMember

    worker = sa.select(User.id).where(User.email == "social-worker@demo-borough.example").scalar_subquery()
    statement = (
        sa.select(CpdRecord.id)
        .join(StaffMember, StaffMember.id == CpdRecord.staff_id)
        .where(StaffMember.user_id == worker, CpdRecord.withdrawn_at.is_(None))
        .order_by(CpdRecord.id)
    )
    return _first(session, statement), None


def _identifiers() -> dict[tuple[str, str], Resolver]:
    from academy.constants import CompletionSource
    from academy.models import (
        Completion,
        EarlyCareerRecord,
        EarlyCareerReview,
        Enrolment,
        Programme,
        TrainingSession,
    )
    from audits.models import AuditAction, AuditProgramme, CaseAudit, Moderation, SafeguardingConcern
    from supervision.models import QualityAudit, Supervision
    from workforce.agency.models import AgencyEngagement
    from workforce.api.models import ApiToken
    from workforce.caseloads.models import CaseloadImportJob, CaseloadWorkerCount
    from workforce.improvement.models import Action, Evidence, ImprovementPlan, PlanMeasure, ReportingPeriod, Strand
    from workforce.kernel.import_mappings.models import ImportMapping
    from workforce.kernel.jobs.models import Job
    from workforce.kernel.models import ServiceArea, User
    from workforce.people.models import Absence, Assignment, Post
    from workforce.recruitment.models import Application, Offer, PipelineStage, Vacancy

    def staff_scoped(model) -> Resolver:
        return team_scoped(
            model,
            (Assignment, sa.and_(Assignment.staff_id == model.staff_id, Assignment.end_date.is_(None))),
            team_column=Assignment.team_id,
        )

    def staff_scoped_through(model, parent, on, *where) -> Resolver:
        return team_scoped(
            model,
            (parent, on),
            (Assignment, sa.and_(Assignment.staff_id == parent.staff_id, Assignment.end_date.is_(None))),
            *where,
            team_column=Assignment.team_id,
        )

    manager = sa.select(User.id).where(User.email == "team-manager@demo-borough.example").scalar_subquery()
    not_allocated = CaseAudit.auditor_id != manager

    def period(session, own, other):
        month = _first(session, sa.select(ReportingPeriod.month).order_by(ReportingPeriod.month.desc()))
        return month.strftime("%Y-%m"), None

    return {
        ("", "team_id"): teams,
        ("", "staff_id"): staff_in_team,
        ("", "service_area_id"): unscoped(ServiceArea),
        ("", "user_id"): unscoped(User),
        ("", "token_id"): unscoped(ApiToken),
        # Nobody has signed in to the demo council in a browser, so there is no session to end.
        ("auth.", "session_id"): constant(MISSING),
        ("", "kind"): constant("staff"),
        # The People section: several pages for some roles, one for others (a redirect to it), none for others.
        ("pages.", "key"): constant("people"),
        ("", "token"): constant("0" * 32 + ".csv"),
        ("", "file_format"): constant("csv"),
        ("", "variable"): constant("inpost_fte"),
        ("", "period_key"): period,
        ("records.", "measure_key"): constant("inpost_fte"),
        ("academy.", "record_id"): staff_scoped(EarlyCareerRecord),
        ("academy.", "cpd_id"): social_workers_cpd,
        # Only a review already held can be corrected or withdrawn.
        ("academy.", "review_id"): staff_scoped_through(
            EarlyCareerReview,
            EarlyCareerRecord,
            EarlyCareerReview.record_id == EarlyCareerRecord.id,
            EarlyCareerReview.held_on.is_not(None),
        ),
        ("people.", "absence_id"): staff_scoped(Absence),
        # Only a completion made outside a register can be corrected or withdrawn (the register changes those).
        ("academy.", "completion_id"): team_scoped(
            Completion,
            (Assignment, sa.and_(Assignment.staff_id == Completion.staff_id, Assignment.end_date.is_(None))),
            Completion.source != CompletionSource.ATTENDANCE,
            team_column=Assignment.team_id,
        ),
        ("academy.", "enrolment_id"): staff_scoped(Enrolment),
        ("academy.", "programme_id"): unscoped(Programme),
        ("academy.", "session_id"): unscoped(TrainingSession),
        ("agency.", "engagement_id"): team_scoped(AgencyEngagement),
        # Team managers audit cases of other teams: "another team's" audit is one not allocated to them.
        ("audits.", "audit_id"): team_scoped(CaseAudit, not_allocated),
        ("audits.", "action_id"): team_scoped(AuditAction, CaseAudit, not_allocated, team_column=CaseAudit.team_id),
        ("audits.", "concern_id"): team_scoped(
            SafeguardingConcern, CaseAudit, not_allocated, team_column=CaseAudit.team_id
        ),
        ("audits.", "moderation_id"): team_scoped(Moderation, CaseAudit, not_allocated, team_column=CaseAudit.team_id),
        ("audits.", "programme_id"): unscoped(AuditProgramme),
        ("caseloads.", "job_id"): unscoped(CaseloadImportJob),
        # The demo council has no jobs; who may see a job is tested in tests/kernel/test_jobs.py.
        ("jobs.", "job_id"): unscoped(Job),
        ("improvement.", "job_id"): unscoped(Job),
        ("people.", "job_id"): unscoped(Job),
        ("academy.", "job_id"): unscoped(Job),
        ("import_mappings.", "mapping_id"): unscoped(ImportMapping),
        ("caseloads.", "staff_id"): lambda session, own, other: (
            _first(session, sa.select(CaseloadWorkerCount.staff_id).where(CaseloadWorkerCount.team_id == own)),
            _first(session, sa.select(CaseloadWorkerCount.staff_id).where(CaseloadWorkerCount.team_id == other)),
        ),
        ("people.", "post_id"): team_scoped(Post),
        ("staff.", "staff_id"): staff_in_team,
        ("improvement.", "action_id"): unscoped(Action),
        ("improvement.", "evidence_id"): unscoped(Evidence, Evidence.stored_name.is_not(None)),
        ("improvement.", "plan_measure_id"): unscoped(PlanMeasure),
        ("improvement.", "plan_id"): unscoped(ImprovementPlan),
        ("improvement.", "strand_id"): unscoped(Strand),
        ("recruitment.", "vacancy_id"): team_scoped(Vacancy),
        ("recruitment.", "application_id"): team_scoped(Application, Vacancy, team_column=Vacancy.team_id),
        ("recruitment.", "offer_id"): team_scoped(Offer, Application, Vacancy, team_column=Vacancy.team_id),
        ("recruitment.", "stage_id"): unscoped(PipelineStage),
        ("retention.", "assignment_id"): team_scoped(Assignment, team_column=Assignment.team_id),
        ("supervision.", "supervision_id"): team_scoped(Supervision),
        ("supervision.", "audit_id"): team_scoped(QualityAudit),
        ("api.", "resource_name"): constant("staff"),
        ("api.", "record_id"): lambda session, own, other: (_staff_of_team(session, own), None),
        ("api.", "import_name"): constant("staff"),
    }


def resolver_for(endpoint: str, argument: str, identifiers) -> Resolver:
    matches = [(prefix, resolve) for (prefix, name), resolve in identifiers.items() if name == argument]
    matches = [(prefix, resolve) for prefix, resolve in matches if endpoint.startswith(prefix)]
    assert matches, f"{endpoint} takes <{argument}>: add how to find one to IDENTIFIERS in {__name__}"
    return max(matches, key=lambda match: len(match[0]))[1]


def page_rules(app):
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.endpoint not in NOT_REQUESTED),
        key=lambda rule: (rule.endpoint, rule.rule),
    )


def answer_code(response) -> str:
    if 300 <= response.status_code < 400:
        return "S" if response.location.split("?")[0].endswith("/sign-in") else "R"
    return str(response.status_code)


def other_team(session, manager) -> tuple[int, int]:
    from workforce.kernel.models import Team

    own = sorted(team.id for team in manager.managed_teams)[0]
    others = session.execute(sa.select(Team.id).where(Team.id.not_in([t.id for t in manager.managed_teams]))).scalars()
    return own, sorted(others)[0]


def urls_for(app, session, manager, rule) -> tuple[str, str | None]:
    """The URL of `rule` with identifiers from the manager's team, and with another team's (or None)."""
    identifiers = _identifiers()
    own_team, other = other_team(session, manager)
    own_values, other_values, crosses = {}, {}, False
    for argument in sorted(rule.arguments):
        own_value, other_value = resolver_for(rule.endpoint, argument, identifiers)(session, own_team, other)
        own_values[argument] = own_value
        other_values[argument] = own_value if other_value is None else other_value
        crosses = crosses or other_value is not None
    with app.test_request_context():
        query = QUERIES.get(rule.endpoint, {})
        own_url = url_for(rule.endpoint, **own_values, **query)
        other_url = url_for(rule.endpoint, **other_values, **query) if crosses else None
    return own_url, other_url


def request(client, rule, url, csrf_token):
    if "GET" in rule.methods:
        return client.get(url)
    return client.post(url, data={"csrf_token": csrf_token})


def test_every_route_is_in_the_matrix(app):
    listed = parse_matrix()
    missing = [f"{rule.endpoint} ({rule.rule})" for rule in page_rules(app) if rule.endpoint not in listed]
    assert not missing, "Routes missing from the access matrix in tests/test_access_matrix.py: " + ", ".join(missing)
    gone = sorted(set(listed) - {rule.endpoint for rule in page_rules(app)})
    assert not gone, f"The access matrix lists endpoints that no longer exist: {gone}"


@pytest.mark.parametrize("role", COLUMNS, ids=lambda role: role.value if role else "anonymous")
def test_every_route_answers_each_role_as_the_matrix_says(demo, role):
    app = demo.client_request.app
    rows = parse_matrix()
    client_request = demo.client_request
    if role is not None:
        client_request.login(demo.users[role])
    csrf_token = client_request._token()
    manager = demo.users[Role.TEAM_MANAGER]
    rules = [rule for rule in page_rules(app) if rule.endpoint in rows]
    # Signing out ends the session: it goes last.
    rules.sort(key=lambda rule: (rule.endpoint == "auth.sign_out", "GET" not in rule.methods, rule.endpoint))
    wrong = []
    for rule in rules:
        url, _ = urls_for(app, demo.database.session, manager, rule)
        got = answer_code(request(client_request.client, rule, url, csrf_token))
        expected = rows[rule.endpoint].answers[role]
        if got != expected:
            wrong.append(f"{rule.endpoint} {url}: expected {expected}, got {got}")
    assert not wrong, f"{len(wrong)} routes answer {role or 'a visitor'} unlike the matrix:\n" + "\n".join(wrong)


def test_a_team_manager_is_refused_other_teams_records_on_every_route_that_takes_one(demo):
    app = demo.client_request.app
    manager = demo.users[Role.TEAM_MANAGER]
    demo.client_request.login(manager)
    csrf_token = demo.client_request._token()
    rows = parse_matrix()
    checked, wrong = [], []
    for rule in page_rules(app):
        if rule.endpoint not in rows or rule.endpoint.startswith("api."):
            continue
        _, other_url = urls_for(app, demo.database.session, manager, rule)
        if other_url is None:
            continue
        checked.append(rule.endpoint)
        got = answer_code(request(demo.client_request.client, rule, other_url, csrf_token))
        if got not in ("403", "404"):
            wrong.append(f"{rule.endpoint} {other_url}: got {got}")
    assert len(checked) >= 40, checked
    assert not wrong, "A team manager reached another team's records:\n" + "\n".join(wrong)


def test_the_api_refuses_a_team_managers_token_other_teams_records(demo):
    from tests.api.builders import ApiClient, create_api_token
    from workforce.people.models import Assignment, Post

    manager = demo.users[Role.TEAM_MANAGER]
    session = demo.database.session
    own, other = other_team(session, manager)
    _, secret = create_api_token(manager, ("staff:read", "teams:read", "users:read"))
    api = ApiClient(demo.client_request.client, secret)

    def records(team_id):
        return {
            "teams": team_id,
            "staff": _staff_of_team(session, team_id),
            "posts": _first(session, sa.select(Post.id).where(Post.team_id == team_id).order_by(Post.id)),
            "assignments": _first(session, sa.select(Assignment.id).where(Assignment.team_id == team_id)),
        }

    for resource, record_id in records(own).items():
        assert api.get(f"/api/v1/{resource}/{record_id}").status_code == 200, resource
    for resource, record_id in records(other).items():
        assert api.get(f"/api/v1/{resource}/{record_id}").status_code in (403, 404), resource
