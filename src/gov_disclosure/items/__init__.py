"""Disclosure items: creating, revising and moving them through their lifecycle."""
