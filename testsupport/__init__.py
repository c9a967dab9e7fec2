"""Test fixtures shared by the core's and the plugins' test suites (loaded by conftest.py)."""
