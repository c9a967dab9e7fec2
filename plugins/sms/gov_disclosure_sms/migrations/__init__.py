"""Alembic migrations of the SMS channel's tables (branch ``sms``)."""

from pathlib import Path

VERSIONS = Path(__file__).parent / "versions"
