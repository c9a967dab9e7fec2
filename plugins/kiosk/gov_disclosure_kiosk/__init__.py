"""The kiosk channel for gov-disclosure (filled by its issue)."""
