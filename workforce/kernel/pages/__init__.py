"""Pages every user has: the role home page, their account, and the public statements."""
