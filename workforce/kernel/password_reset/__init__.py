"""Password reset by email for local accounts: a single-use link that works for an hour."""

from workforce.kernel.password_reset import models  # noqa: F401  (the table)
