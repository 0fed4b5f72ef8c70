"""Case-file audits: templates, programmes and sampling, grading, moderation, actions and themes."""
