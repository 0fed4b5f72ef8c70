"""Service areas and teams: every team belongs to a service area and has managers."""
