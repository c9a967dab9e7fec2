"""Fixtures for every test suite in the repository (core and plugins)."""

pytest_plugins = ["testsupport.browser", "testsupport.postgres"]
