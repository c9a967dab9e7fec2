"""The bulletin channel for gov-disclosure (filled by its issue)."""
