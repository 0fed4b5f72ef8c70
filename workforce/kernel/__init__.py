"""The shared kernel: users and roles, sign-in, permissions and scoping, teams, the audit trail,
the module contract and the measure registry, GOV.UK layout and error pages."""
