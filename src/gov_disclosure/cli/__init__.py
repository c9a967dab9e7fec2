"""The ``gov-disclosure`` command line."""
