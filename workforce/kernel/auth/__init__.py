"""Sign-in and sign-out, with a growing delay and then a lock after repeated wrong passwords."""
