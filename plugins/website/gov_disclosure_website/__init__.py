"""The website channel for gov-disclosure (filled by its issue)."""
