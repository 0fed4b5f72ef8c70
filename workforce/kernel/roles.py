"""Roles (docs/architecture.md) and the named permissions each role holds."""

from enum import StrEnum


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    SENIOR_LEADER = "senior-leader"
    HR = "hr"
    TEAM_MANAGER = "team-manager"
    PRACTICE_SUPERVISOR = "practice-supervisor"
    QA_OFFICER = "qa-officer"
    ACADEMY_LEAD = "academy-lead"
    COMMITTEE_VIEWER = "committee-viewer"
    SOCIAL_WORKER = "social-worker"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def description(self) -> str:
        return ROLE_DESCRIPTIONS[self]


ROLE_LABELS = {
    Role.ADMINISTRATOR: "Administrator",
    Role.SENIOR_LEADER: "Senior leader",
    Role.HR: "HR and workforce",
    Role.TEAM_MANAGER: "Team manager",
    Role.PRACTICE_SUPERVISOR: "Practice supervisor",
    Role.QA_OFFICER: "Quality assurance officer",
    Role.ACADEMY_LEAD: "Academy lead",
    Role.COMMITTEE_VIEWER: "Committee viewer",
    Role.SOCIAL_WORKER: "Social worker",
}

ROLE_DESCRIPTIONS = {
    Role.ADMINISTRATOR: "Manages users, roles, teams, reference data and settings, and reviews the audit trail.",
    Role.SENIOR_LEADER: "Sees every dashboard, owns the improvement plan and signs actions off.",
    Role.HR: "Runs the establishment, staff records, starters and leavers, absence, registration, "
    "recruitment and agency engagements.",
    Role.TEAM_MANAGER: "Logs supervision, completes allocated case audits and follows their own teams' "
    "caseloads and actions.",
    Role.PRACTICE_SUPERVISOR: "Records supervision for their supervisees.",
    Role.QA_OFFICER: "Runs audit programmes, sampling, allocation, moderation, actions and themes.",
    Role.ACADEMY_LEAD: "Runs programmes, sessions, attendance, the training matrix and early-career records.",
    Role.COMMITTEE_VIEWER: "Sees aggregate evidence and the committee pack, with no personal data.",
    Role.SOCIAL_WORKER: "Sees their own supervision records and actions, training and CPD.",
}

#: Roles that see every team's records within what their permissions allow.
ALL_TEAM_ROLES = frozenset({Role.ADMINISTRATOR, Role.SENIOR_LEADER, Role.HR, Role.QA_OFFICER, Role.ACADEMY_LEAD})


class Permission(StrEnum):
    """Permissions the kernel checks; feature modules grant their own through the module contract."""

    MANAGE_USERS = "users.manage"
    MANAGE_TEAMS = "teams.manage"
    VIEW_TEAMS = "teams.view"
    VIEW_AUDIT_TRAIL = "audit-trail.view"
    MANAGE_SETTINGS = "settings.manage"
    VIEW_JOBS = "jobs.view"
    #: See the records that disagree with each other across the council's data (the data check).
    CHECK_DATA = "data.check"
    #: Save the column mappings and code translations that read the council's own extracts.
    MANAGE_IMPORT_MAPPINGS = "imports.mappings"


PERMISSION_LABELS = {
    Permission.MANAGE_USERS: "Manage users and their roles",
    Permission.MANAGE_TEAMS: "Manage service areas and teams",
    Permission.VIEW_TEAMS: "View teams and their members",
    Permission.VIEW_AUDIT_TRAIL: "Browse the audit trail",
    Permission.MANAGE_SETTINGS: "Change settings",
    Permission.VIEW_JOBS: "See every background job and how it ended",
    Permission.CHECK_DATA: "See records that disagree with each other (the data check)",
    Permission.MANAGE_IMPORT_MAPPINGS: "Save column mappings and code translations for imports",
}

KERNEL_GRANTS: dict[str, frozenset[Role]] = {
    Permission.MANAGE_USERS: frozenset({Role.ADMINISTRATOR}),
    Permission.MANAGE_TEAMS: frozenset({Role.ADMINISTRATOR}),
    Permission.VIEW_AUDIT_TRAIL: frozenset({Role.ADMINISTRATOR}),
    Permission.MANAGE_SETTINGS: frozenset({Role.ADMINISTRATOR}),
    Permission.VIEW_JOBS: frozenset({Role.ADMINISTRATOR}),
    Permission.CHECK_DATA: frozenset({Role.HR, Role.ADMINISTRATOR}),
    Permission.MANAGE_IMPORT_MAPPINGS: frozenset({Role.HR, Role.ADMINISTRATOR}),
    Permission.VIEW_TEAMS: frozenset(
        {
            Role.ADMINISTRATOR,
            Role.SENIOR_LEADER,
            Role.HR,
            Role.QA_OFFICER,
            Role.ACADEMY_LEAD,
            Role.TEAM_MANAGER,
        }
    ),
}
