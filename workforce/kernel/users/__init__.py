"""User accounts: administrators create them, give them a role and teams, and deactivate them."""
