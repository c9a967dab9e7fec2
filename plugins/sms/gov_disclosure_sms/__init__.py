"""The sms channel for gov-disclosure (filled by its issue)."""
