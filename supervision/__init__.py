"""Supervision: policy-driven schedules, session records with joint sign-off, overdue tracking and quality audits."""
