"""The social work academy: programmes, sessions and attendance, the training matrix, early-career records and CPD."""
